/* step_wait.c - `wait:` until the page is in a state: a selector's
 * element visible (or attached, hidden, detached), a text shown, the
 * network idle for a while, a JavaScript expression truthy.  Polls every
 * 50 ms (one evaluation each), reading the page's events between. */
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "browser_impl.h"
#include "browser_steps.h"

enum wait_what { WAIT_SELECTOR, WAIT_TEXT, WAIT_IDLE, WAIT_JS };
enum wait_state { ST_VISIBLE, ST_ATTACHED, ST_HIDDEN, ST_DETACHED };

static const char *const state_names[] = { "visible", "attached", "hidden",
    "detached" };

struct wait {
	enum wait_what	 what;
	enum wait_state	 state;
	char		*arg;		/* selector, text or code: template */
	long		 idle_ms;
};

static const char count_js[] =
"(sel) => {"
" const f = sdFind(sel);"
" if (f.error) return {error: f.error};"
" if (!f.nodes) return {error: 'the XPath gives a value, not elements'};"
" return {count: f.nodes.length, visible: f.nodes.filter(sdVisible).length};"
"}";

static const char text_js[] =
"(t) => document.body !== null && document.body.innerText.includes(t)";

static const char truthy_js[] =
"async (code, ms) => !!(await Promise.race([(0, eval)(code),"
" new Promise((_, no) => setTimeout(() => no(new Error("
"'no value within ' + ms + ' ms')), ms))]))";

static void
wait_free(void *arg)
{
	struct wait *w = arg;

	if (w == NULL)
		return;
	free(w->arg);
	free(w);
}

static int
wait_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	static const char *const allowed[] = { "selector", "state", "text",
	    "networkIdle", "js" };
	struct wait *w = xcalloc(1, sizeof(*w));
	const char *found = NULL, *st, *near;
	json_t *x;
	size_t i;
	int b;

	if (json_is_string(v)) {
		w->arg = step_selector(ctx, v, spec_valpos(ctx, step, "wait"),
		    "a selector");
		goto done;
	}
	if (!json_is_object(v)) {
		spec_error(ctx, spec_valpos(ctx, step, "wait"), "wait takes a "
		    "selector or a mapping (selector, state, text, networkIdle, "
		    "js), got %s", spec_typename(v));
		goto fail;
	}
	if (spec_keys(ctx, v, "wait", allowed, 5) > 0)
		goto fail;
	for (i = 0; i < 5; i++) {
		if (i == 1 || json_object_get(v, allowed[i]) == NULL)
			continue;
		if (found != NULL) {
			spec_error(ctx, spec_keypos(ctx, v, allowed[i]), "wait "
			    "takes one of selector, text, networkIdle, js, not "
			    "both '%s' and '%s'", found, allowed[i]);
			goto fail;
		}
		found = allowed[i];
	}
	if (found == NULL) {
		spec_error(ctx, spec_valpos(ctx, step, "wait"), "wait needs one "
		    "of selector, text, networkIdle, js");
		goto fail;
	}
	if ((x = json_object_get(v, "state")) != NULL) {
		if (strcmp(found, "selector") != 0) {
			spec_error(ctx, spec_keypos(ctx, v, "state"), "state "
			    "goes with selector");
			goto fail;
		}
		st = json_string_value(x);
		for (i = 0; st != NULL && i < 4; i++)
			if (strcmp(st, state_names[i]) == 0)
				break;
		if (st == NULL || i == 4) {
			near = st ? suggest(st, state_names, 4) : NULL;
			spec_error(ctx, spec_valpos(ctx, v, "state"), "state is "
			    "one of visible, attached, hidden, detached%s%s%s",
			    near ? " (did you mean '" : "", near ? near : "",
			    near ? "'?)" : "");
			goto fail;
		}
		w->state = (enum wait_state)i;
	}
	x = json_object_get(v, found);
	if (strcmp(found, "selector") == 0) {
		w->what = WAIT_SELECTOR;
		w->arg = step_selector(ctx, x, spec_valpos(ctx, v, found),
		    "selector");
	} else if (strcmp(found, "text") == 0) {
		w->what = WAIT_TEXT;
		w->arg = spec_string(ctx, x, spec_valpos(ctx, v, found), "text",
		    1);
	} else if (strcmp(found, "js") == 0) {
		w->what = WAIT_JS;
		w->arg = spec_string(ctx, x, spec_valpos(ctx, v, found), "js", 0);
	} else {
		w->what = WAIT_IDLE;
		w->arg = xstrdup("");
		if (json_is_boolean(x)) {
			if ((b = spec_bool(ctx, x, spec_valpos(ctx, v, found),
			    "networkIdle")) != 1) {
				if (b == 0)
					spec_error(ctx, spec_valpos(ctx, v, found),
					    "networkIdle: false waits for "
					    "nothing; write a duration or true");
				goto fail;
			}
			w->idle_ms = 500;
		} else if (spec_duration(ctx, x, spec_valpos(ctx, v, found),
		    "networkIdle", &w->idle_ms) == -1)
			goto fail;
	}
done:
	if (w->arg == NULL)
		goto fail;
	*arg = w;
	return 0;
fail:
	wait_free(w);
	return -1;
}

/* 1: the state holds; 0: not yet; -1: a failure that waiting cannot fix
 * (why set); -3: lost.  *state_seen for the message. */
static int
wait_poll(struct page *p, const struct wait *w, const char *arg,
    double deadline, long *seen, struct buf *last)
{
	json_t *v = NULL;
	long count, vis;
	double now;
	int r = 0, ok = 0;

	if (w->what != WAIT_IDLE)
		buf_reset(last);
	switch (w->what) {
	case WAIT_IDLE:
		now = clock_now();
		*seen = (long)json_object_size(p->inflight);
		return *seen == 0 && (now - p->net_changed) * 1000 >= w->idle_ms;
	case WAIT_SELECTOR:
		r = page_js(p, count_js, json_pack("[s]", arg), deadline, &v, last);
		break;
	case WAIT_TEXT:
		r = page_js(p, text_js, json_pack("[s]", arg), deadline, &v, last);
		break;
	case WAIT_JS:
		now = clock_now();
		r = page_js(p, truthy_js, json_pack("[s, I]", arg, (json_int_t)
		    (deadline > now ? (deadline - now) * 1000 : 0)), deadline,
		    &v, last);
		break;
	}
	if (r == -3)
		return -3;
	if (r != 0) {
		/* An exception of the spec's code, or the page between two
		 * documents: the next poll may do. */
		json_decref(v);
		return 0;
	}
	buf_reset(last);
	if (w->what == WAIT_SELECTOR) {
		if (json_object_get(v, "error") != NULL) {
			buf_addf(last, "'%s': %s", arg, json_string_value(
			    json_object_get(v, "error")));
			json_decref(v);
			return -1;
		}
		count = (long)json_integer_value(json_object_get(v, "count"));
		vis = (long)json_integer_value(json_object_get(v, "visible"));
		*seen = count;
		switch (w->state) {
		case ST_VISIBLE:	ok = vis > 0; break;
		case ST_ATTACHED:	ok = count > 0; break;
		case ST_HIDDEN:		ok = vis == 0; break;
		case ST_DETACHED:	ok = count == 0; break;
		}
	} else
		ok = json_is_true(v);
	json_decref(v);
	return ok;
}

static int
wait_run(struct page *p, const void *varg, const json_t *vars,
    double deadline, long timeout_ms, struct buf *why)
{
	const struct wait *w = varg;
	struct buf last = BUF_INIT;
	const char *k;
	char *arg, dur[32], idle[32];
	json_t *r;
	long seen = 0;
	int n, ok;

	if ((arg = step_expand(w->arg, vars, why)) == NULL)
		return -1;
	for (;;) {
		if ((ok = wait_poll(p, w, arg, deadline, &seen, &last)) != 0)
			break;
		if (p->crashed) {
			buf_adds(&last, "the page crashed");
			ok = -1;
			break;
		}
		if (clock_now() >= deadline)
			break;
		if (page_pump(p, clock_now() + 0.05, why) == -1) {
			ok = browser_lost(p->b, NULL) ? -3 : -1;
			break;
		}
	}
	if (ok == 1)
		ok = 0;
	else if (ok == -1 || ok == -3)
		buf_adds(why, buf_str(&last));
	else {
		ok = -1;
		browser_duration(timeout_ms, dur, sizeof(dur));
		switch (w->what) {
		case WAIT_SELECTOR:
			if (w->state == ST_VISIBLE && seen > 0)
				buf_addf(why, "'%s' is not visible within %s",
				    arg, dur);
			else if (w->state == ST_VISIBLE || w->state == ST_ATTACHED)
				buf_addf(why, "no element matches '%s' within %s",
				    arg, dur);
			else if (w->state == ST_HIDDEN)
				buf_addf(why, "'%s' is still visible after %s",
				    arg, dur);
			else
				buf_addf(why, "'%s' is still attached after %s",
				    arg, dur);
			break;
		case WAIT_TEXT:
			buf_addf(why, "the page does not show '%s' within %s",
			    arg, dur);
			break;
		case WAIT_JS:
			buf_addf(why, "'%s' is not truthy within %s", arg, dur);
			if (last.len > 0)
				buf_addf(why, " (last error: %s)", buf_str(&last));
			break;
		case WAIT_IDLE:
			browser_duration(w->idle_ms, idle, sizeof(idle));
			buf_addf(why, "the network is not idle for %s within %s",
			    idle, dur);
			n = 0;
			json_object_foreach(p->inflight, k, r) {
				buf_addf(why, "%s%s %s", n ? ", " : " (in flight: ",
				    json_string_value(json_object_get(r,
				    "method")), json_string_value(
				    json_object_get(r, "url")));
				if (++n == 3)
					break;
			}
			if (n > 0)
				buf_adds(why, ")");
			break;
		}
	}
	buf_release(&last);
	free(arg);
	return ok;
}

static void
wait_describe(const void *varg, const json_t *vars, struct buf *out)
{
	const struct wait *w = varg;
	char *s = step_expand_quiet(w->arg, vars), d[32];

	switch (w->what) {
	case WAIT_SELECTOR:
		buf_adds(out, "wait ");
		step_quote(out, s);
		if (w->state != ST_VISIBLE)
			buf_addf(out, " %s", state_names[w->state]);
		break;
	case WAIT_TEXT:
		buf_adds(out, "wait text ");
		step_quote(out, s);
		break;
	case WAIT_JS:
		buf_adds(out, "wait js ");
		step_quote(out, s);
		break;
	case WAIT_IDLE:
		browser_duration(w->idle_ms, d, sizeof(d));
		buf_addf(out, "wait networkIdle %s", d);
		break;
	}
	free(s);
}

const struct browser_step_kind step_wait = {
	.key = "wait",
	.compile = wait_compile,
	.run = wait_run,
	.free = wait_free,
	.describe = wait_describe,
};
