/* runner.c - runs a suite's tests in order: build the request from its
 * templates, send it, check every expectation, record the transcript. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "../../assertions/assert.h"
#include "../../assertions/body_docs.h"
#include "../../assertions/capture.h"
#include "../../browser/browser.h"
#include "../../base/report_file.h"
#include "../../base/clock.h"
#include "../lifecycle/container.h"
#include "../lifecycle/engine.h"
#include "../../base/interrupt.h"
#include "../../base/jsonvalue.h"
#include "../../base/mask.h"
#include "../lifecycle/ready.h"
#include "request_build.h"
#include "runner.h"
#include "../lifecycle/stack.h"
#include "transcript.h"
#include "../../base/units.h"
#include "../../base/xalloc.h"

/* Each line of msg becomes a failure of t. */
static void
add_failures(struct test_result *t, const struct buf *msg)
{
	const char *line, *nl;

	for (line = buf_str(msg); *line; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		test_result_fail(t, "%.*s", (int)(nl - line), line);
		if (*nl == '\0')
			break;
	}
}

/* What the tests of a suite share while they run. */
struct suite_run {
	const struct spec	*spec;
	const struct run_opts	*o;
	struct http_client	*hc;
	json_t			*vars;		/* the spec's, and captures */
	json_t			*failed;	/* capture → why it failed */
	json_t			*captured_by;	/* capture → its test's name */
	size_t			 index;		/* of the test running, in the suite */
	int			 seq;		/* the suite's number in the run */
	int			 unsaved;	/* a file of the report folder
						 * could not be written */
	int			 passing_transcripts;	/* an observer reads
						 * those of passing tests */
	struct browser		*browser;	/* the spec's, started at its
						 * first browser test; or NULL */
	char			*browser_gone;	/* why its browser tests cannot
						 * run (it could not start, or
						 * was lost), or NULL */
};

/* "<dir>/<folder>/<run>-<seq>-<suite>-<n>.<ext>": a file a failed test
 * leaves for the reviewer (and GitLab's attachment link): its response's
 * whole body, a browser test's screenshot and HTML; unique in the run and
 * across runs, so no two failures share a file, whatever their suites are
 * called.  data (borrowed) is written as it is: mask it first.  A new
 * path, or NULL when it could not be written (said on stderr, and the run
 * ends in exit 3) or there is no report folder. */
static char *
save_file(struct suite_run *r, const char *folder, const char *ext,
    const void *data, size_t len)
{
	const char *dir = r->o->report_dir;
	char *path, *name, err[1024];
	size_t i;

	if (dir == NULL)
		return NULL;
	name = xstrndup(r->spec->name, strnlen(r->spec->name, 40));
	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			name[i] = '_';
	path = xasprintf("%s/%s/%s-%d-%s-%zu.%s", dir, folder, r->o->run_id ?
	    r->o->run_id : "run", r->seq, name, r->index + 1, ext);
	free(name);
	if (report_file_save(path, data, len, err, sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: %s: the %s of '%s' is not saved: "
		    "%s\n", r->spec->path, strcmp(ext, "body") == 0 ? "body" :
		    strcmp(ext, "png") == 0 ? "screenshot" : "page",
		    r->spec->tests[r->index].name, err);
		r->unsaved = 1;
		free(path);
		path = NULL;
	}
	return path;
}

/* A failed test's whole response body, secrets masked: save_file. */
static char *
save_body(struct suite_run *r, const struct http_response *resp)
{
	char *masked, *path;
	size_t len;

	masked = mask_apply(mask_global(), buf_str(&resp->body), resp->body.len,
	    &len);
	path = save_file(r, "bodies", "body", masked, len);
	free(masked);
	return path;
}

/* Captured values named in secrets: are masked from now on. */
static void
mask_captures(const struct suite_run *r)
{
	const json_t *n, *v;
	size_t i;

	json_array_foreach(r->spec->secrets, i, n) {
		v = json_object_get(r->vars, json_string_value(n));
		if (json_is_string(v))
			mask_add(mask_global(), json_string_value(v));
	}
}

/* Captures, then expectations, of one attempt; failures go to t, the
 * full values of cut messages to detail (for the transcript). */
static void
check(struct suite_run *r, const struct test *test, struct assert_env *env,
    struct buf *msg, struct test_result *t, struct buf *detail)
{
	struct buf one = BUF_INIT;
	const struct check *c;
	size_t i, mark;

	env->vars = r->vars;
	env->detail = detail;
	env->checks = test->checks;
	capture_list_run(test->captures, env, r->vars, msg, r->failed);
	mask_captures(r);
	for (i = 0; i < test->checks->n; i++) {	/* each on its own, for
							 * the JSON report */
		c = &test->checks->v[i];
		mark = msg->len;
		c->kind->eval(c, env, msg);
		buf_reset(&one);
		buf_add(&one, msg->data ? msg->data + mark : "", msg->len - mark);
		test_result_assertion(t, check_label(c), msg->len == mark,
		    buf_str(&one));
	}
	buf_release(&one);
	add_failures(t, msg);
}

/* The scheme, host and port of url (RFC 6454 origin, default ports
 * filled in, host lowercased by libcurl); a new string, or NULL when url
 * does not parse. */
static char *
origin(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *o = NULL;

	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK)
		o = xasprintf("%s://%s:%s", scheme, host, port);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return o;
}

/* Whether url is on the app's own address (base_url's origin): only the
 * app being unreachable stops the suite; a refused foreign URL is that
 * test's error alone. */
static int
on_app(const char *url, const char *base_url)
{
	char *a, *b;
	int same;

	if (base_url == NULL || *base_url == '\0')
		return 0;
	a = origin(url);
	b = origin(base_url);
	same = a != NULL && b != NULL && strcasecmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* The transcript of an HTTP attempt: the request, the response (or the
 * redirects before an error), the full values of cut messages, why the
 * jar left a cookie out (when it may be why it failed). */
static char *
http_transcript(const struct built *b, const struct http_response *resp,
    enum http_err rc, const struct buf *detail, const struct test_result *t)
{
	struct buf tr = BUF_INIT;

	transcript_request(&tr, b);
	if (rc != HTTP_OK)
		transcript_hops(&tr, resp);
	else
		transcript_response(&tr, resp);
	if (detail->len > 0) {
		buf_adds(&tr, "\n");
		buf_add(&tr, detail->data, detail->len);
	}
	if (resp->cookie_notes && (t->nfailures > 0 ||
	    t->status == TEST_ERROR)) {
		buf_adds(&tr, "\n--- cookies\n");
		buf_adds(&tr, resp->cookie_notes);
	}
	return buf_detach(&tr);
}

/* One HTTP attempt: returns 1 if the app could not be reached, 2 if
 * another attempt cannot do better (the request cannot be built, its URL
 * is malformed).  The transcript is written for a test that did not
 * pass, or when an observer reads passing ones. */
static int
http_attempt(struct suite_run *r, const struct test *test,
    const char *base_url, struct test_result *t)
{
	const struct run_opts *o = r->o;
	struct build_opts bo = { base_url, o->timeout_ms, o->insecure,
	    o->cacert, o->cert, o->key };
	struct http_response resp;
	struct assert_env env = { .resp = &resp };
	struct buf err = BUF_INIT, msg = BUF_INIT, detail = BUF_INIT;
	struct built b;
	char why[1024], cap[32];
	enum http_err rc = HTTP_OK;
	int lost, body;

	http_response_init(&resp);
	if (request_build(&test->req, r->vars, &bo, &b, &err) == -1) {
		t->status = TEST_ERROR;
		t->error = buf_detach(&err);
		t->transcript = xstrdup("");
		rc = HTTP_EURL;
	} else {
		body = checklist_needs_body(test->checks) ||
		    capture_list_needs_body(test->captures);
		/* Nothing reads the content: keep what the transcript shows,
		 * memory stays flat however large the body. */
		if (!body)
			b.req.keep = TRANSCRIPT_BODY;
		/* The digest only for a check that reads it. */
		b.req.hash = checklist_needs_hash(test->checks) ||
		    capture_list_needs_hash(test->captures);
		rc = http_do(r->hc, &b.req, &resp, why, sizeof(why));
		if (rc != HTTP_OK) {
			t->status = TEST_ERROR;
			t->error = interrupted() ? xasprintf("interrupted by signal "
			    "%d", interrupted()) : xstrdup(why);
		} else {
			if (resp.truncated && body) {
				size_format(o->max_body, cap, sizeof(cap));
				buf_addf(&msg, "body: larger than the %s cap "
				    "(--max-body): %llu bytes, the first %zu kept\n",
				    cap, resp.size, resp.body.len);
			}
			env.docs = body_docs_new(&resp);
			check(r, test, &env, &msg, t, &detail);
			body_docs_free(env.docs);
			if (t->nfailures > 0 && resp.body.len > 0)
				t->attachment = save_body(r, &resp);
		}
		if (t->status != TEST_PASS || t->nfailures > 0 ||
		    r->passing_transcripts)
			t->transcript = http_transcript(&b, &resp, rc, &detail, t);
	}
	lost = rc == HTTP_ECONNECT && on_app(b.req.url, base_url);
	built_clear(&b);
	http_response_clear(&resp);
	buf_release(&err);
	buf_release(&msg);
	buf_release(&detail);
	return rc == HTTP_EURL ? 2 : lost;
}

/* One attempt of an exec test: the argv in the app's container. */
static void
exec_attempt(struct suite_run *r, const struct stack *st,
    const struct test *test, struct test_result *t)
{
	struct exec_result ex = { .exit_code = -1 };
	struct assert_env env = { .exec = &ex };
	struct buf tr = BUF_INIT, msg = BUF_INIT, detail = BUF_INIT;
	const char *id = stack_container(st, test->service);
	char err[512];
	const json_t *w;
	size_t i;

	buf_adds(&tr, "$");
	json_array_foreach(test->exec, i, w)
		buf_addf(&tr, " %s", json_string_value(w));
	buf_addf(&tr, "   [in %s%s%s]\n", st->name, test->service ? ", service " :
	    "", test->service ? test->service : "");
	if (id == NULL) {
		t->status = TEST_ERROR;
		t->error = xasprintf("no container for service '%s'", test->service);
	} else if (container_exec(st->engine, id, test->exec, &ex.out, &ex.err,
	    &ex.exit_code, r->o->timeout_ms, err, sizeof(err)) == -1) {
		t->status = TEST_ERROR;
		t->error = interrupted() ? xasprintf("interrupted by signal %d",
		    interrupted()) : engine_lost(st->engine) ?
		    xasprintf("the Docker Engine went away: %s", err) : xstrdup(err);
	} else {
		buf_addf(&tr, "[exit %d]\n--- stdout\n", ex.exit_code);
		transcript_excerpt(&tr, buf_str(&ex.out), ex.out.len,
		    TRANSCRIPT_BODY);
		buf_adds(&tr, "--- stderr\n");
		transcript_excerpt(&tr, buf_str(&ex.err), ex.err.len,
		    TRANSCRIPT_BODY);
		check(r, test, &env, &msg, t, &detail);
		if (detail.len > 0) {
			buf_adds(&tr, "\n");
			buf_add(&tr, detail.data, detail.len);
		}
	}
	t->transcript = buf_detach(&tr);
	buf_release(&msg);
	buf_release(&detail);
	buf_release(&ex.out);
	buf_release(&ex.err);
}

/* What a browser test's expectations ask of its page: page_elements,
 * each selector asked once per attempt. */
struct page_query {
	struct page	*page;
	json_t		*seen;		/* selector → its elements */
};

static json_t *
page_query_elements(void *arg, const char *selector, struct buf *why)
{
	struct page_query *q = arg;
	json_t *v;

	if ((v = json_object_get(q->seen, selector)) != NULL)
		return json_incref(v);
	if ((v = page_elements(q->page, selector, why)) != NULL)
		json_object_set(q->seen, selector, v);
	return v;
}

/* The spec's browser: started at its first browser test, t (the start
 * counts in its time).  Borrowed, or NULL with r->browser_gone set and t
 * in error: an environment error. */
static struct browser *
spec_browser(struct suite_run *r, struct test_result *t)
{
	char err[2048];

	if (r->browser == NULL && r->browser_gone == NULL &&
	    (r->browser = browser_new(r->o->workdir, BROWSER_START_TIMEOUT, err,
	    sizeof(err))) == NULL) {
		t->status = TEST_ERROR;
		t->error = xasprintf("the browser could not be started: %s", err);
		r->browser_gone = xasprintf("the browser could not be started "
		    "(see '%s')", t->name);
	}
	return r->browser;
}

/* The page's facts in a browser test's transcript: where it ended, and
 * what went wrong in it. */
static void
page_facts(struct buf *tr, const json_t *snap)
{
	static const char *const lists[] = { "errors", "console",
	    "failedRequests" };
	const json_t *v, *item;
	size_t i, j;

	buf_addf(tr, "--- page\nurl: %s\ntitle: %s\n",
	    json_string_value(json_object_get(snap, "url")) ?
	    json_string_value(json_object_get(snap, "url")) : "?",
	    json_string_value(json_object_get(snap, "title")) ?
	    json_string_value(json_object_get(snap, "title")) : "");
	if (json_is_integer(v = json_object_get(snap, "status")))
		buf_addf(tr, "status: %lld\n", (long long)json_integer_value(v));
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		v = json_object_get(snap, lists[i]);
		json_array_foreach(v, j, item)
			buf_addf(tr, "%s: %s\n", lists[i], json_string_value(item) ?
			    json_string_value(item) : "?");
	}
}

/* What a failed browser test leaves: a full-page screenshot (its
 * attachment) and the page's HTML, secrets masked, named in tr. */
static void
save_page(struct suite_run *r, struct page *p, struct test_result *t,
    struct buf *tr)
{
	struct buf png = BUF_INIT, html = BUF_INIT, why = BUF_INIT;
	json_t *secrets;
	char *masked, *path;
	size_t len;

	if (r->o->report_dir == NULL)
		return;
	secrets = mask_values(mask_global());
	if (page_screenshot(p, secrets, &png, &why) == 0) {
		if ((path = save_file(r, "screenshots", "png", png.data,
		    png.len)) != NULL) {
			buf_addf(tr, "screenshot: %s\n", path);
			free(t->attachment);
			t->attachment = path;
		}
	} else
		buf_addf(tr, "screenshot: not taken: %s\n", buf_str(&why));
	buf_reset(&why);
	if (page_html(p, &html, &why) == 0) {
		masked = mask_apply(mask_global(), buf_str(&html), html.len, &len);
		if ((path = save_file(r, "screenshots", "html", masked, len)) !=
		    NULL)
			buf_addf(tr, "html: %s\n", path);
		free(path);
		free(masked);
	} else
		buf_addf(tr, "html: not saved: %s\n", buf_str(&why));
	json_decref(secrets);
	buf_release(&png);
	buf_release(&html);
	buf_release(&why);
}

/* The captures of a test whose steps failed did not happen: later tests
 * that need them say why. */
static void
captures_missed(struct suite_run *r, const struct test *test, const char *why)
{
	json_t *names = capture_list_names(test->captures), *n;
	size_t i;

	json_array_foreach(names, i, n)
		json_object_set_new(r->failed, json_string_value(n),
		    json_string(why));
	json_decref(names);
}

/* One attempt of a browser test: a new page of the spec's browser, its
 * steps, then its captures and expectations on what the page shows.  A
 * failed step fails the test (the rest are not done); a browser that
 * cannot start or is lost is an error of the environment.  Returns 1 then,
 * else 0. */
static int
browser_attempt(struct suite_run *r, const struct test *test,
    const char *base_url, struct test_result *t)
{
	const struct browser_test *bt = test->browser;
	struct assert_env env = { 0 };
	struct buf tr = BUF_INIT, why = BUF_INIT, msg = BUF_INIT,
	    detail = BUF_INIT;
	struct page_query q = { 0 };
	struct browser *b;
	const char *tail;
	char err[1024];
	json_t *snap = NULL;
	int rc, failed;

	if ((b = spec_browser(r, t)) == NULL)
		return 1;
	buf_addf(&tr, "%s\n", browser_version(b));
	if ((q.page = page_new(b, bt->width, bt->height, err,
	    sizeof(err))) == NULL)
		buf_addf(&why, "the browser could not open a page: %s", err);
	else {
		rc = page_run(q.page, bt, base_url, r->vars, &tr, &why);
		if (rc == 0) {
			snap = page_snapshot(q.page);
			q.seen = json_object();
			env.page = snap;
			env.elements = page_query_elements;
			env.elements_arg = &q;
			check(r, test, &env, &msg, t, &detail);
		} else if (interrupted()) {
			t->status = TEST_ERROR;
			t->error = xasprintf("interrupted by signal %d",
			    interrupted());
		} else if (!browser_lost(b, NULL)) {
			test_result_fail(t, "%s", buf_str(&why));
			captures_missed(r, test, buf_str(&why));
			snap = page_snapshot(q.page);
		}
	}
	if (t->error != NULL)
		;	/* interrupted */
	else if (browser_lost(b, &tail)) {
		t->status = TEST_ERROR;
		/* page_run's why names the call and quotes Chromium's
		 * stderr; page_new's does not. */
		t->error = q.page != NULL && why.len > 0 ? xstrdup(buf_str(&why)) :
		    xasprintf("the browser was lost: %s%s%s", why.len ?
		    buf_str(&why) : "it stopped answering", tail && *tail ?
		    "; its last words: " : "", tail ? tail : "");
		free(r->browser_gone);
		r->browser_gone = xasprintf("the browser was lost (see '%s')",
		    test->name);
		captures_missed(r, test, r->browser_gone);
	} else if (q.page == NULL) {
		t->status = TEST_ERROR;
		t->error = buf_detach(&why);
	}
	failed = t->status != TEST_PASS || t->nfailures > 0;
	if (snap != NULL && (failed || r->passing_transcripts))
		page_facts(&tr, snap);
	if (detail.len > 0) {
		buf_adds(&tr, "\n");
		buf_add(&tr, detail.data, detail.len);
	}
	/* No screenshot after Ctrl-C: the run must go down at once. */
	if (failed && q.page != NULL && !browser_lost(b, NULL) && !interrupted())
		save_page(r, q.page, t, &tr);
	if (failed || r->passing_transcripts)
		t->transcript = buf_detach(&tr);
	page_free(q.page);
	json_decref(q.seen);
	json_decref(snap);
	buf_release(&tr);
	buf_release(&why);
	buf_release(&msg);
	buf_release(&detail);
	return browser_lost(b, NULL) && !interrupted();
}

/* What the tests of a suite run against. */
struct target {
	struct stack	*stack;		/* NULL when nothing was started */
	const char	*base_url;
	const char	*blocked;	/* why the tests cannot run, or NULL */
	char		 why[512];	/* storage for blocked */
	char		*setup_failed;	/* why the tests (not teardown) cannot */
	enum runner_status status;
};

/* Fills a readiness target from a URL (host and port for tcp probes). */
static void
url_target(const char *url, struct ready_target *rt, char **host)
{
	CURLU *u = curl_url();
	char *h = NULL, *p = NULL;

	rt->base_url = url;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_HOST, &h, 0);
		curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT);
	}
	/* getaddrinfo wants an IPv6 literal without its brackets. */
	if (h != NULL && h[0] == '[' && strlen(h) > 1)
		*host = xstrndup(h + 1, strlen(h) - 2);
	else
		*host = xstrdup(h ? h : "");
	rt->host = *host;
	rt->port = p ? atoi(p) : 0;
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
}

/* Waits for readiness; the deadline counts from `began`, the start of the
 * start testcase, so creating the container is inside ready.timeout. */
static void
wait_ready(const struct spec *s, const struct run_opts *o, struct target *tg,
    double began, struct test_result *t)
{
	struct ready_spec rs_left = *s->ready;
	struct ready_target rt = { 0 };
	struct buf why = BUF_INIT, tr = BUF_INIT;
	enum ready_status rs;
	char *host, msg[512];
	int attempts = 0;
	double t0 = clock_now();

	url_target(tg->base_url ? tg->base_url : "", &rt, &host);
	rt.insecure = o->insecure;
	if (tg->stack) {
		rt.engine = tg->stack->engine;
		rt.container = tg->stack->container;
		rt.stack = tg->stack;
		buf_addf(&tr, "image %s, container %s\n", tg->stack->image,
		    tg->stack->name);
	}
	if (tg->base_url)
		buf_addf(&tr, "app at %s\n", tg->base_url);
	rs_left.timeout_ms -= (long)((t0 - began) * 1000);
	if (rs_left.timeout_ms < 1)
		rs_left.timeout_ms = 1;
	/* A malformed address stops the wait at once: no retry can mend it. */
	if (tg->base_url && (s->ready->http || s->ready->tcp) &&
	    http_url_check(tg->base_url, msg, sizeof(msg)) == -1) {
		buf_addf(&why, "the app's URL %s is malformed: %s", tg->base_url,
		    msg);
		rs = READY_BADURL;
		attempts = 0;
	} else
		rs = ready_wait(&rs_left, &rt, &why, &attempts);
	buf_addf(&tr, "%s after %.0f ms, %d attempt%s\n", rs == READY_OK ?
	    "ready" : "not ready", (clock_now() - began) * 1000, attempts,
	    attempts == 1 ? "" : "s");
	if (rs != READY_OK) {
		test_result_fail(t, "not ready: %s", buf_str(&why));
		if (rs == READY_TIMEOUT)
			test_result_fail(t, "not ready within the %ld ms deadline "
			    "(ready.timeout), after %.0f ms, %d attempt%s",
			    s->ready->timeout_ms, (clock_now() - began) * 1000,
			    attempts, attempts == 1 ? "" : "s");
		tg->blocked = "the app did not become ready";
		tg->status = RUNNER_UNREACHABLE;	/* exit 3: it never came up */
		if (rs == READY_BADURL) {	/* the spec's fault, not the app's */
			tg->blocked = "the readiness probe's URL is malformed";
			tg->status = RUNNER_OK;
		}
		if (rs == READY_INTERRUPTED) {
			tg->status = RUNNER_INTERRUPTED;
			tg->blocked = "interrupted";
		}
		if (tg->stack) {
			buf_adds(&tr, "--- app logs (last 50 lines)\n");
			stack_logs(tg->stack, 50, &tr);
		}
	}
	t->transcript = buf_detach(&tr);
	buf_release(&why);
	free(host);
}

/* The "<suite>: start" testcase: start the app (if any) and wait. */
static void
start(const struct spec *s, const struct run_opts *o, int seq,
    struct target *tg, struct test_result *t)
{
	struct stack_opts so = { o->image, o->host, o->run_id, o->labels, seq,
	    o->workdir };
	char err[1024];
	double began = clock_now();
	int env;

	if ((s->app || s->compose) && !o->base_url) {
		if (o->engine == NULL) {
			t->status = TEST_ERROR;
			t->error = xstrdup(o->engine_error ? o->engine_error :
			    "no Docker Engine");
			tg->blocked = "no Docker Engine";
			tg->status = RUNNER_UNREACHABLE;
			return;
		}
		if ((tg->stack = stack_up(o->engine, s, &so, &env, err,
		    sizeof(err))) == NULL) {
			t->status = TEST_ERROR;
			t->error = xstrdup(err);
			tg->blocked = "the app could not be started";
			if (env)
				tg->status = RUNNER_UNREACHABLE;
			return;
		}
		tg->base_url = tg->stack->base_url;
	}
	wait_ready(s, o, tg, began, t);
}

/* b with secrets masked, in place. */
static void
mask_buf(struct buf *b)
{
	size_t len;
	char *m;

	if (mask_count(mask_global()) == 0)
		return;
	m = mask_apply(mask_global(), buf_str(b), b->len, &len);
	buf_reset(b);
	buf_add(b, m, len);
	free(m);
}

/* Adds the app's last log lines to every failed test of the suite. */
static void
attach_logs(struct suite_result *sr, const struct stack *st)
{
	struct buf logs = BUF_INIT, tr = BUF_INIT;
	struct test_result *t;
	size_t i;

	for (i = 1; i < sr->ntests; i++) {
		t = &sr->tests[i];
		if (t->status != TEST_FAIL && t->status != TEST_ERROR)
			continue;
		if (logs.len == 0) {
			stack_logs(st, 50, &logs);
			mask_buf(&logs);	/* once, not per test */
		}
		buf_reset(&tr);
		if (t->transcript && *t->transcript)
			buf_addf(&tr, "%s\n", t->transcript);
		buf_addf(&tr, "--- app logs (last 50 lines)\n%s", buf_str(&logs));
		free(t->transcript);
		t->transcript = buf_detach(&tr);
	}
	buf_release(&logs);
	buf_release(&tr);
}

static int
passed(const struct test_result *t)
{
	return t->status == TEST_PASS && t->nfailures == 0;
}

/* Runs the test's attempts until it passes or `retry:` gives up; returns
 * 1 if the app could not be reached on the last attempt. */
static int
attempts(struct suite_run *r, const struct test *test, struct target *tg,
    struct test_result *t)
{
	long wait = test->retry.interval_ms;
	int n, unreachable = 0, hopeless = 0;
	char *tr;

	for (n = 1;; n++) {
		if (n > 1)
			test_result_reset(t);
		if (test->exec) {
			exec_attempt(r, tg->stack, test, t);
			unreachable = engine_lost(tg->stack->engine);
		} else if (test->browser) {
			/* A lost browser fails its tests, not the app's. */
			if (browser_attempt(r, test, tg->base_url, t)) {
				tg->status = RUNNER_UNREACHABLE;
				break;
			}
		} else {
			unreachable = http_attempt(r, test, tg->base_url, t);
			hopeless = unreachable == 2;
			unreachable = unreachable == 1;
		}
		if (passed(t) || n >= test->retry.attempts || interrupted() ||
		    hopeless)
			break;
		clock_pause_ms((double)wait);
		wait = (long)(wait * test->retry.backoff);
		if (wait > 60000)
			wait = 60000;
	}
	if (test->retry.attempts > 1) {
		tr = xasprintf("%s[attempt %d of %d]\n", t->transcript ?
		    t->transcript : "", n, test->retry.attempts);
		free(t->transcript);
		t->transcript = tr;
	}
	if (n > 1 && !passed(t))
		test_result_fail(t, "still failing after %d attempts (retry)", n);
	return unreachable;
}

/* A test that needs a capture which did not happen cannot run. */
static int
missing_capture(const struct suite_run *r, const struct test *test,
    struct test_result *t)
{
	const char *name, *by;
	json_t *v, *why;

	json_object_foreach(test->uses, name, v) {
		if (json_object_get(r->vars, name) != NULL)
			continue;
		by = json_string_value(json_object_get(r->captured_by, name));
		why = json_object_get(r->failed, name);
		t->status = TEST_ERROR;
		if (why != NULL)
			t->error = xasprintf("not run: it needs {{%s}}, which test "
			    "'%s' failed to capture: %s", name, by ? by : "?",
			    json_string_value(why));
		else
			t->error = xasprintf("not run: it needs {{%s}}, and test "
			    "'%s', which captures it, did not run", name,
			    by ? by : "?");
		return 1;
	}
	return 0;
}

/* A test that cannot run, because the app did not start or went away,
 * the engine, a failed setup or an interrupt: skipped, saying why (the
 * problem itself is the failure of the test that met it). */
static void
not_run(struct test_result *t, const char *why)
{
	t->status = TEST_SKIP;
	t->skip_reason = xasprintf("not run: %s", why);
}

static void
run_one(struct suite_run *r, const struct test *test, struct target *tg,
    struct test_result *t)
{
	if (test->skip) {
		t->status = TEST_SKIP;
		t->skip_reason = xstrdup(test->skip);
	} else if (interrupted()) {
		not_run(t, "interrupted");
		tg->status = RUNNER_INTERRUPTED;
	} else if (tg->blocked)
		not_run(t, tg->blocked);
	else if (test->phase == PHASE_TEST && tg->setup_failed)
		not_run(t, tg->setup_failed);
	else if (test->browser && r->browser_gone) {
		not_run(t, r->browser_gone);
		tg->status = RUNNER_UNREACHABLE;
	} else if (test->exec && tg->stack == NULL) {
		t->status = TEST_SKIP;
		t->skip_reason = xstrdup("exec runs in the app's container, and "
		    "--base-url started none");
	} else if (missing_capture(r, test, t))
		;
	else if (attempts(r, test, tg, t)) {
		snprintf(tg->why, sizeof(tg->why), test->exec ? "the Docker "
		    "Engine cannot be reached (see '%s')" : "the app could not be "
		    "reached (see '%s')", test->name);
		tg->blocked = tg->why;
		tg->status = RUNNER_UNREACHABLE;
	}
	if (test->phase == PHASE_SETUP && !tg->setup_failed &&
	    (t->status == TEST_FAIL || t->status == TEST_ERROR))
		tg->setup_failed = xasprintf("setup '%s' failed", test->name);
}

/* A test whose model could not be built again at its turn (the spec
 * file changed or went away since it loaded): an error. */
static void
not_built(struct test_result *t, const struct spec_test *st,
    struct target *tg, const char *why)
{
	size_t n = strlen(why);

	t->status = TEST_ERROR;
	t->error = xasprintf("cannot build the test again: %.*s", (int)(n > 0 &&
	    why[n - 1] == '\n' ? n - 1 : n), why);
	if (st->phase == PHASE_SETUP && !tg->setup_failed)
		tg->setup_failed = xasprintf("setup '%s' failed", st->name);
}

static int
has_tag(const json_t *list, const char *tag)
{
	const json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (strcmp(json_string_value(v), tag) == 0)
			return 1;
	return 0;
}

/* --tag and --skip-tag choose among the tests; setup and teardown always
 * run. */
static int
selected(const struct spec_test *test, const struct run_opts *o)
{
	const json_t *tag;
	size_t i;
	int want = o->tags == NULL || json_array_size(o->tags) == 0;

	if (test->phase != PHASE_TEST)
		return 1;
	json_array_foreach(test->tags, i, tag) {
		if (o->skip_tags && has_tag(o->skip_tags,
		    json_string_value(tag)))
			return 0;
		if (o->tags && has_tag(o->tags, json_string_value(tag)))
			want = 1;
	}
	return want;
}

/* Every string of a result, secrets masked. */
static void
mask_result(struct test_result *t)
{
	const struct mask *m = mask_global();
	size_t i;

	if (mask_count(m) == 0)
		return;
	for (i = 0; i < t->nfailures; i++)
		mask_string(m, &t->failures[i]);
	mask_string(m, &t->error);
	mask_string(m, &t->transcript);
	mask_string(m, &t->skip_reason);
	for (i = 0; i < t->nassertions; i++)
		mask_string(m, &t->assertions[i].message);
}

static void
suite_run_init(struct suite_run *r, const struct spec *s,
    const struct run_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->spec = s;
	r->o = o;
	r->hc = http_client_new(o->max_body);
	r->vars = jsonvalue_copy(s->vars);
	r->failed = json_object();
	r->captured_by = json_incref(s->captured_by);
}

static void
suite_run_clear(struct suite_run *r)
{
	browser_free(r->browser);
	free(r->browser_gone);
	http_client_free(r->hc);
	json_decref(r->vars);
	json_decref(r->failed);
	json_decref(r->captured_by);
}

/* The app's logs: in every failed test's transcript (the last lines),
 * saved whole in the report folder, attached to a failed start; then the
 * app taken down. */
static void
finish(struct suite_result *sr, struct suite_run *r, struct target *tg)
{
	const struct run_opts *o = r->o;
	struct test_result *t;
	char *name, *path = NULL, err[1024];

	if (tg->stack == NULL)
		return;
	/* Part of teardown: after Ctrl-C or SIGTERM the failed tests still
	 * get the app's last lines (a signal would abort the engine calls). */
	engine_cleaning(tg->stack->engine, 1);
	attach_logs(sr, tg->stack);
	t = &sr->tests[0];
	if (o->report_dir && tg->stack->container &&
	    stack_save_logs(tg->stack, o->report_dir, &path, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: %s: the app's log is not saved: %s\n",
		    r->spec->path, err);
		r->unsaved = 1;
	}
	engine_cleaning(tg->stack->engine, 0);
	if (path && t->attachment == NULL && (t->status == TEST_FAIL ||
	    t->status == TEST_ERROR))
		t->attachment = path;
	else
		free(path);
	if (o->keep) {
		fprintf(stderr, "shakedown: kept %s (%s) at %s\n", tg->stack->name,
		    tg->stack->image, tg->stack->base_url ? tg->stack->base_url :
		    "(no port)");
		if (tg->stack->compose)
			fprintf(stderr, "  remove it with: docker rm -f $(docker ps "
			    "-aq --filter label=com.docker.compose.project=%s) && "
			    "docker network prune -f --filter label=%s=%s\n",
			    tg->stack->project, LABEL_RUN, o->run_id);
		else
			fprintf(stderr, "  remove it with: docker rm -f %s\n",
			    tg->stack->name);
	}
	name = xstrdup(tg->stack->name);
	if (stack_down(tg->stack, o->keep, err, sizeof(err)) == -1)
		fprintf(stderr, "shakedown: teardown could not remove %s: %s\n"
		    "  remove it with: docker rm -f %s\n", name, err, name);
	free(name);
	tg->stack = NULL;
}

/* "<suite>: start", unless a test of the suite is called so: GitLab keys
 * results by name, and the two must not share one. */
static char *
start_name(const struct spec *s)
{
	char *name = xasprintf("%s: start", s->name);
	size_t i;
	int n = 1;

	for (i = 0; i < s->ntests; i++) {
		if (strcmp(s->tests[i].name, name) != 0)
			continue;
		free(name);
		name = ++n == 2 ? xasprintf("%s: start (app)", s->name) :
		    xasprintf("%s: start (app %d)", s->name, n);
		i = (size_t)-1;		/* again, against the new name */
	}
	return name;
}

enum runner_status
runner_run(const struct spec *s, const struct run_opts *o, int seq,
    const struct observer *obs, struct suite_result **out)
{
	struct suite_result *sr = suite_result_new(s->name, s->path);
	struct target tg = { .base_url = o->base_url ? o->base_url : s->base_url };
	struct buf built = BUF_INIT;
	struct test_result *t;
	struct test *test;
	struct suite_run r;
	double begin = clock_now(), t0;
	char *name;
	size_t i;

	suite_run_init(&r, s, o);
	r.seq = seq;
	r.passing_transcripts = obs != NULL && obs->show_passing;
	observe_suite_begin(obs, sr);
	if (((s->app || s->compose) && !o->base_url) || s->ready->http ||
	    s->ready->tcp) {
		name = start_name(s);
		t = suite_result_add(sr, name);
		free(name);
		t0 = clock_now();
		start(s, o, seq, &tg, t);
		t->seconds = clock_now() - t0;
		mask_result(t);
		observe_test_done(obs, sr, t);
	}
	for (i = 0; i < s->ntests; i++) {
		if (!selected(&s->tests[i], o))
			continue;
		t = suite_result_add(sr, s->tests[i].name);
		t->line = s->tests[i].line;
		if (strcmp(s->tests[i].file, s->path) != 0)
			t->file = xstrdup(s->tests[i].file);
		r.index = i;
		t0 = clock_now();
		/* The model is built again from the file at its turn, and
		 * dropped after it: memory stays flat in the number of tests. */
		buf_reset(&built);
		if ((test = spec_test_open(s, i, &built)) != NULL)
			run_one(&r, test, &tg, t);
		else
			not_built(t, &s->tests[i], &tg, buf_str(&built));
		spec_test_close(s, i, test);
		t->seconds = clock_now() - t0;
		mask_result(t);
		observe_test_done(obs, sr, t);
	}
	/* The browser first: its pages may hold connections to the app. */
	browser_free(r.browser);
	r.browser = NULL;
	finish(sr, &r, &tg);
	if (r.unsaved && tg.status == RUNNER_OK)
		tg.status = RUNNER_UNREACHABLE;		/* exit 3: the report folder */
	sr->seconds = clock_now() - begin;
	observe_suite_end(obs, sr);
	suite_run_clear(&r);
	buf_release(&built);
	free(tg.setup_failed);
	*out = sr;
	return interrupted() ? RUNNER_INTERRUPTED : tg.status;
}
