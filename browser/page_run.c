/* page_run.c - a browser test run in a page: its headers
 * (Network.setExtraHTTPHeaders) and cookies (Network.setCookie) set, its
 * URL opened, then each step in turn with its deadline; one log line per
 * step, secrets masked. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/mask.h"
#include "../base/xalloc.h"
#include "browser.h"
#include "browser_impl.h"
#include "browser_steps.h"

/* Non-zero when url begins with a scheme ("http:", "data:"). */
static int
has_scheme(const char *url)
{
	const char *p = url;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

char *
page_resolve(const struct page *p, const char *url, struct buf *why)
{
	const char *base = p->base_url;
	size_t n;

	if (has_scheme(url))
		return xstrdup(url);
	if (strncmp(url, "//", 2) == 0)
		return xasprintf("http:%s", url);
	if (base == NULL || *base == '\0') {
		buf_addf(why, "'%s' is a path, and there is no base URL to join it "
		    "to", url);
		return NULL;
	}
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s%s", (int)n, base, *url == '/' ? "" : "/", url);
}

/* The line of a step (masked), to log; why prefixed the same way. */
static void
log_line(struct buf *log, const char *label, const char *desc, double t0,
    int failed)
{
	struct buf line = BUF_INIT;
	char *masked;

	buf_addf(&line, "  %s%s%s   %ld ms%s\n", label, *label ? " " : "", desc,
	    (long)((clock_now() - t0) * 1000), failed ? "  (failed)" : "");
	masked = mask_apply(mask_global(), line.data, line.len, NULL);
	if (log != NULL)
		buf_adds(log, masked);
	free(masked);
	buf_release(&line);
}

static void
set_why(struct buf *why, const char *fmt_prefix, const char *reason)
{
	struct buf all = BUF_INIT;
	char *masked;

	buf_addf(&all, "%s%s", fmt_prefix, reason);
	masked = mask_apply(mask_global(), all.data ? all.data : "", all.len,
	    NULL);
	buf_reset(why);
	buf_adds(why, masked);
	free(masked);
	buf_release(&all);
}

/* Headers and cookies, expanded; url the page to open (for cookies). */
static int
prepare(struct page *p, const struct browser_test *bt, const char *url,
    const json_t *vars, double deadline, struct buf *why)
{
	json_t *h;
	char *v;
	size_t i;
	int r;

	if (bt->nheaders > 0) {
		h = json_object();
		for (i = 0; i < bt->nheaders; i++) {
			if ((v = step_expand(bt->headers[i].value, vars, why)) ==
			    NULL) {
				json_decref(h);
				return -1;
			}
			json_object_set_new(h, bt->headers[i].name, json_string(v));
			free(v);
		}
		if ((r = page_call(p, "Network.setExtraHTTPHeaders",
		    json_pack("{s:o}", "headers", h), deadline, NULL, why)) != 0)
			return r == -2 ? -3 : -1;
	}
	for (i = 0; i < bt->ncookies; i++) {
		if (url == NULL) {
			buf_adds(why, "cookies need a page to open (open:)");
			return -1;
		}
		if ((v = step_expand(bt->cookies[i].value, vars, why)) == NULL)
			return -1;
		r = page_call(p, "Network.setCookie", json_pack("{s:s, s:s, s:s}",
		    "name", bt->cookies[i].name, "value", v, "url", url),
		    deadline, NULL, why);
		free(v);
		if (r != 0)
			return r == -2 ? -3 : -1;
	}
	return 0;
}

int
page_run(struct page *p, const struct browser_test *bt, const char *base_url,
    const json_t *vars, struct buf *log, struct buf *why)
{
	const struct browser_step *st;
	struct buf reason = BUF_INIT, desc = BUF_INIT;
	char *path = NULL, *url = NULL, label[32], prefix[512], dur[32];
	long ms, test_ms = bt->timeout_ms >= 0 ? bt->timeout_ms :
	    BROWSER_STEP_TIMEOUT;
	double t0 = clock_now();
	size_t i;
	int r = 0;

	free(p->base_url);
	p->base_url = base_url ? xstrdup(base_url) : NULL;
	if (bt->open != NULL) {
		if ((path = step_expand(bt->open, vars, &reason)) == NULL ||
		    (url = page_resolve(p, path, &reason)) == NULL) {
			r = -1;
			snprintf(prefix, sizeof(prefix), "open '%s': ", bt->open);
			goto out;
		}
	} else if (base_url != NULL)
		url = xstrdup(base_url);
	if ((r = prepare(p, bt, url, vars, t0 + test_ms / 1000.0, &reason)) != 0) {
		snprintf(prefix, sizeof(prefix), "before opening: ");
		goto out;
	}
	if (bt->open != NULL) {
		buf_adds(&desc, "open ");
		step_quote(&desc, path);
		r = page_open(p, url, t0 + test_ms / 1000.0, &reason);
		if (r != 0 && reason.len > 0 && strstr(reason.data,
		    "did not finish loading") != NULL) {
			browser_duration(test_ms, dur, sizeof(dur));
			buf_reset(&reason);
			buf_addf(&reason, "'%s' did not load within %s", url, dur);
		}
		log_line(log, "", buf_str(&desc), t0, r != 0);
		if (r != 0) {
			snprintf(prefix, sizeof(prefix), "%s: ", buf_str(&desc));
			goto out;
		}
	}
	for (i = 0; i < bt->nsteps; i++) {
		st = &bt->steps[i];
		ms = st->timeout_ms >= 0 ? st->timeout_ms : test_ms;
		buf_reset(&desc);
		st->kind->describe(st->arg, vars, &desc);
		t0 = clock_now();
		r = st->kind->run(p, st->arg, vars, t0 + ms / 1000.0, ms, &reason);
		snprintf(label, sizeof(label), "%zu.", i + 1);
		log_line(log, label, buf_str(&desc), t0, r != 0);
		if (r != 0) {
			snprintf(prefix, sizeof(prefix), "step %zu, %s (spec line "
			    "%d): ", i + 1, buf_str(&desc), st->line);
			break;
		}
	}
out:
	if (r != 0) {
		if (browser_lost(p->b, NULL) || r == -3) {
			const char *tail;

			browser_lost(p->b, &tail);
			buf_addf(&reason, "%s%s", *tail ? "\n" : "", tail);
			set_why(why, prefix, buf_str(&reason));
			buf_reset(&reason);
			buf_addf(&reason, "the browser is gone: %s", buf_str(why));
			set_why(why, "", buf_str(&reason));
		} else
			set_why(why, prefix, reason.len ? buf_str(&reason) :
			    "failed");
		r = -1;
	}
	free(path);
	free(url);
	buf_release(&reason);
	buf_release(&desc);
	return r;
}
