/* runner.c - runs a suite's tests in order: build the request from its
 * templates, send it, check every expectation, record the transcript. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "../assertions/assert.h"
#include "../reporters/report.h"
#include "container.h"
#include "expand.h"
#include "interrupt.h"
#include "ready.h"
#include "runner.h"
#include "stack.h"
#include "units.h"
#include "xalloc.h"

#define EXCERPT_REQ	2048	/* request body bytes kept in a transcript */
#define EXCERPT_RESP	4096	/* response body bytes kept in a transcript */

/* A request with every template expanded, ready for http_do. */
struct built {
	struct http_request	 req;
	char			*url;
	struct http_header	*headers;
	size_t			 nheaders;
	struct http_header	*form;
	size_t			 nform;
	char			*body;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
built_clear(struct built *b)
{
	size_t i;

	for (i = 0; i < b->nheaders; i++) {
		free(b->headers[i].name);
		free(b->headers[i].value);
	}
	for (i = 0; i < b->nform; i++) {
		free(b->form[i].name);
		free(b->form[i].value);
	}
	free(b->headers);
	free(b->form);
	free(b->url);
	free(b->body);
}

static char *
expand(const char *tmpl, const json_t *vars, struct buf *err)
{
	char msg[256], *s;
	size_t off;

	if ((s = expand_vars(tmpl, vars, &off, msg, sizeof(msg))) == NULL)
		buf_addf(err, "%s", msg);
	return s;
}

/* Expands a list of name/value templates. */
static int
expand_pairs(const struct http_header *in, size_t n, const json_t *vars,
    struct http_header **out, size_t *nout, struct buf *err)
{
	size_t i;

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		(*out)[i].name = xstrdup(in[i].name);
		(*out)[i].value = expand(in[i].value, vars, err);
		*nout = i + 1;
		if ((*out)[i].value == NULL)
			return -1;
	}
	return 0;
}

/* Expands each string of a JSON tree in place. */
static int
expand_json(json_t *v, const json_t *vars, struct buf *err)
{
	const char *k;
	json_t *item;
	size_t i;
	char *s;

	if (json_is_string(v)) {
		if ((s = expand(json_string_value(v), vars, err)) == NULL)
			return -1;
		json_string_set(v, s);
		free(s);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, item)
			if (expand_json(item, vars, err) == -1)
				return -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (expand_json(item, vars, err) == -1)
				return -1;
	}
	return 0;
}

/* base + path + ?query, every query value percent-encoded. */
static char *
build_url(const struct spec *s, const struct request *r,
    const struct run_opts *o, const json_t *vars, struct buf *err)
{
	const char *base = o->base_url ? o->base_url : s->base_url;
	struct buf url = BUF_INIT;
	char *path, *v, *e;
	size_t i, blen;

	if ((path = expand(r->url, vars, err)) == NULL)
		return NULL;
	if (strncasecmp(path, "http://", 7) != 0 &&
	    strncasecmp(path, "https://", 8) != 0) {
		if (base == NULL) {
			buf_addf(err, "no base URL for '%s': pass --base-url or "
			    "set base_url in the spec", path);
			free(path);
			return NULL;
		}
		blen = strlen(base);
		while (blen > 0 && base[blen - 1] == '/')
			blen--;
		buf_add(&url, base, blen);
		if (path[0] != '/')
			buf_adds(&url, "/");
	}
	buf_adds(&url, path);
	free(path);
	for (i = 0; i < r->nquery; i++) {
		if ((v = expand(r->query[i].value, vars, err)) == NULL) {
			buf_release(&url);
			return NULL;
		}
		buf_adds(&url, i == 0 && !strchr(buf_str(&url), '?') ? "?" : "&");
		e = curl_easy_escape(NULL, r->query[i].name, 0);
		buf_adds(&url, e);
		curl_free(e);
		e = curl_easy_escape(NULL, v, 0);
		buf_addf(&url, "=%s", e);
		curl_free(e);
		free(v);
	}
	return buf_detach(&url);
}

static int
has_header(const struct built *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nheaders; i++)
		if (strcasecmp(b->headers[i].name, name) == 0)
			return 1;
	return 0;
}

static int
build_body(const struct request *r, const json_t *vars, struct built *b,
    struct buf *err)
{
	json_t *copy;

	switch (r->body_kind) {
	case BODY_JSON:
		copy = json_deep_copy(r->json);
		if (expand_json(copy, vars, err) == -1) {
			json_decref(copy);
			return -1;
		}
		b->body = json_dumps(copy, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(copy);
		if (!has_header(b, "Content-Type")) {
			b->headers = xrealloc(b->headers, (b->nheaders + 1) *
			    sizeof(*b->headers));
			b->headers[b->nheaders].name = xstrdup("Content-Type");
			b->headers[b->nheaders++].value =
			    xstrdup("application/json");
		}
		break;
	case BODY_RAW:
		if ((b->body = expand(r->body, vars, err)) == NULL)
			return -1;
		break;
	case BODY_FORM:
		if (expand_pairs(r->form, r->nform, vars, &b->form, &b->nform,
		    err) == -1)
			return -1;
		b->req.form = b->form;
		b->req.nform = b->nform;
		break;
	case BODY_FILE:
		b->req.body_file = r->file;
		break;
	case BODY_NONE:
		break;
	}
	if (b->body != NULL) {
		b->req.body = b->body;
		b->req.body_len = strlen(b->body);
	}
	return 0;
}

static int
build(const struct spec *s, const struct test *t, const struct run_opts *o,
    struct built *b, struct buf *err)
{
	const struct request *r = &t->req;

	memset(b, 0, sizeof(*b));
	if ((b->url = build_url(s, r, o, s->vars, err)) == NULL ||
	    expand_pairs(r->headers, r->nheaders, s->vars, &b->headers,
	    &b->nheaders, err) == -1 || build_body(r, s->vars, b, err) == -1)
		return -1;
	b->req.method = r->method;
	b->req.url = b->url;
	b->req.headers = b->headers;
	b->req.nheaders = b->nheaders;
	b->req.timeout_ms = r->timeout_ms >= 0 ? r->timeout_ms : o->timeout_ms;
	b->req.follow = r->follow == 1;
	b->req.insecure = r->insecure == 1 || o->insecure;
	b->req.cacert = r->cacert ? r->cacert : o->cacert;
	return 0;
}

/* Appends up to max bytes of a body; a NUL byte is written as the text
 * "\x00" so the transcript stays one C string. */
static void
excerpt(struct buf *tr, const char *p, size_t len, size_t max, int cut)
{
	size_t n = len < max ? len : max, i, run;

	for (i = 0; i < n; i += run) {
		run = strnlen(p + i, n - i);
		buf_add(tr, p + i, run);
		if (i + run < n) {
			buf_adds(tr, "\\x00");
			run++;
		}
	}
	if (n > 0 && p[n - 1] != '\n')
		buf_adds(tr, "\n");
	if (n < len || cut)
		buf_addf(tr, "[… %zu more bytes%s]\n", len - n,
		    cut ? ", and more past the body cap" : "");
}

static void
transcript_request(struct buf *tr, const struct built *b)
{
	size_t i;

	buf_addf(tr, "> %s %s\n", b->req.method, b->req.url);
	for (i = 0; i < b->nheaders; i++)
		buf_addf(tr, "> %s: %s\n", b->headers[i].name,
		    b->headers[i].value);
	for (i = 0; i < b->nform; i++)
		buf_addf(tr, "> [form] %s=%s\n", b->form[i].name,
		    b->form[i].value);
	if (b->req.body_file)
		buf_addf(tr, "> [body from file %s]\n", b->req.body_file);
	if (b->req.body && b->req.body_len) {
		buf_adds(tr, ">\n");
		excerpt(tr, b->req.body, b->req.body_len, EXCERPT_REQ, 0);
	}
}

static void
transcript_response(struct buf *tr, const struct http_response *r)
{
	size_t i;

	buf_addf(tr, "\n< %s %ld%s%s\n", r->version ? r->version : "HTTP",
	    r->status, r->reason && *r->reason ? " " : "",
	    r->reason ? r->reason : "");
	for (i = 0; i < r->nheaders; i++)
		buf_addf(tr, "< %s: %s\n", r->headers[i].name, r->headers[i].value);
	buf_addf(tr, "<\n");
	excerpt(tr, buf_str(&r->body), r->body.len, EXCERPT_RESP, r->truncated);
	buf_addf(tr, "[%.0f ms]\n", r->seconds * 1000.0);
}

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

/* Runs every check; each failure line becomes one entry of t. */
static void
check_response(const struct test *test, const struct http_response *resp,
    const struct spec *s, size_t max_body, struct test_result *t)
{
	struct assert_env env = { .resp = resp, .vars = s->vars };
	struct buf msg = BUF_INIT;
	char cap[32];

	if (resp->truncated) {
		size_format(max_body, cap, sizeof(cap));
		buf_addf(&msg, "body: larger than the %s cap (--max-body); "
		    "read stopped at %zu bytes\n", cap, resp->body.len);
	}
	checklist_eval(test->checks, &env, &msg);
	add_failures(t, &msg);
	buf_release(&msg);
}

/* One test: returns 1 if the app could not be reached. */
static int
run_test(struct http_client *hc, const struct spec *s, const struct test *test,
    const struct run_opts *o, struct test_result *t)
{
	struct http_response resp;
	struct buf err = BUF_INIT, tr = BUF_INIT;
	struct built b;
	char msg[1024];
	enum http_err rc = HTTP_OK;

	http_response_init(&resp);
	if (build(s, test, o, &b, &err) == -1) {
		t->status = TEST_ERROR;
		t->error = buf_detach(&err);
	} else {
		transcript_request(&tr, &b);
		rc = http_do(hc, &b.req, &resp, msg, sizeof(msg));
		if (rc != HTTP_OK) {
			t->status = TEST_ERROR;
			t->error = interrupted() ? xasprintf("interrupted by signal "
			    "%d", interrupted()) : xstrdup(msg);
		} else {
			transcript_response(&tr, &resp);
			check_response(test, &resp, s, o->max_body, t);
		}
	}
	t->transcript = buf_detach(&tr);
	built_clear(&b);
	http_response_clear(&resp);
	buf_release(&err);
	return rc == HTTP_ECONNECT;
}

/* An exec test: the argv in the app's container, then its checks. */
static void
run_exec(const struct stack *st, const struct spec *s, const struct test *test,
    const struct run_opts *o, struct test_result *t)
{
	struct exec_result ex = { .exit_code = -1 };
	struct assert_env env = { .exec = &ex, .vars = s->vars };
	struct buf tr = BUF_INIT, msg = BUF_INIT;
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
	    &ex.exit_code, o->timeout_ms, err, sizeof(err)) == -1) {
		t->status = TEST_ERROR;
		t->error = interrupted() ? xasprintf("interrupted by signal %d",
		    interrupted()) : xstrdup(err);
	} else {
		buf_addf(&tr, "[exit %d]\n--- stdout\n", ex.exit_code);
		excerpt(&tr, buf_str(&ex.out), ex.out.len, EXCERPT_RESP, 0);
		buf_adds(&tr, "--- stderr\n");
		excerpt(&tr, buf_str(&ex.err), ex.err.len, EXCERPT_RESP, 0);
		checklist_eval(test->checks, &env, &msg);
		add_failures(t, &msg);
	}
	t->transcript = buf_detach(&tr);
	buf_release(&msg);
	buf_release(&ex.out);
	buf_release(&ex.err);
}

/* What the tests of a suite run against. */
struct target {
	struct stack	*stack;		/* NULL when nothing was started */
	const char	*base_url;
	const char	*blocked;	/* why the tests cannot run, or NULL */
	char		 why[512];	/* storage for blocked */
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
	char *host;
	int attempts = 0;
	double t0 = now();

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
	rs = ready_wait(&rs_left, &rt, &why, &attempts);
	buf_addf(&tr, "%s after %.0f ms, %d attempt%s\n", rs == READY_OK ?
	    "ready" : "not ready", (now() - began) * 1000, attempts,
	    attempts == 1 ? "" : "s");
	if (rs != READY_OK) {
		test_result_fail(t, "not ready: %s", buf_str(&why));
		if (rs == READY_TIMEOUT)
			test_result_fail(t, "not ready within the %ld ms deadline "
			    "(ready.timeout)", s->ready->timeout_ms);
		tg->blocked = "the app did not become ready";
		if (rs == READY_INTERRUPTED) {
			tg->status = RUNNER_INTERRUPTED;
			tg->blocked = "interrupted";
		} else if (rs == READY_ENGINE)
			tg->status = RUNNER_UNREACHABLE;
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
	struct stack_opts so = { o->image, o->host, o->run_id, seq };
	char err[1024];
	double began = now();
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
		if (logs.len == 0)
			stack_logs(st, 50, &logs);
		buf_reset(&tr);
		buf_addf(&tr, "%s\n--- app logs (last 50 lines)\n%s",
		    t->transcript ? t->transcript : "", buf_str(&logs));
		free(t->transcript);
		t->transcript = buf_detach(&tr);
	}
	buf_release(&logs);
	buf_release(&tr);
}

static void
run_one(struct http_client *hc, const struct spec *s, const struct test *test,
    const struct run_opts *o, struct target *tg, struct test_result *t)
{
	struct run_opts local = *o;

	if (test->skip) {
		t->status = TEST_SKIP;
		t->skip_reason = xstrdup(test->skip);
	} else if (interrupted()) {
		t->status = TEST_ERROR;
		t->error = xstrdup("not run: interrupted");
		tg->status = RUNNER_INTERRUPTED;
	} else if (tg->blocked) {
		t->status = TEST_ERROR;
		t->error = xasprintf("not run: %s", tg->blocked);
	} else if (test->exec && tg->stack == NULL) {
		t->status = TEST_SKIP;
		t->skip_reason = xstrdup("exec runs in the app's container, and "
		    "--base-url started none");
	} else if (test->exec)
		run_exec(tg->stack, s, test, o, t);
	else {
		local.base_url = tg->base_url;
		if (run_test(hc, s, test, &local, t)) {
			snprintf(tg->why, sizeof(tg->why), "the app could not be "
			    "reached (see '%s')", test->name);
			tg->blocked = tg->why;
			tg->status = RUNNER_UNREACHABLE;
		}
	}
}

static void
finish(struct suite_result *sr, const struct run_opts *o, struct target *tg)
{
	char *dir;

	if (tg->stack == NULL)
		return;
	attach_logs(sr, tg->stack);
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
	dir = o->report_dir ? xstrdup(o->report_dir) : NULL;
	stack_down(tg->stack, dir, o->keep);
	free(dir);
	tg->stack = NULL;
}

enum runner_status
runner_run(const struct spec *s, const struct run_opts *o, int seq,
    struct reporter *rp, struct suite_result **out)
{
	struct suite_result *sr = suite_result_new(s->name, s->path);
	struct http_client *hc = http_client_new(o->max_body);
	struct target tg = { .base_url = o->base_url ? o->base_url : s->base_url };
	struct test_result *t;
	double begin = now(), t0;
	char *name;
	size_t i;

	reporter_suite_begin(rp, sr);
	if (((s->app || s->compose) && !o->base_url) || s->ready->http ||
	    s->ready->tcp) {
		name = xasprintf("%s: start", s->name);
		t = suite_result_add(sr, name);
		free(name);
		t0 = now();
		start(s, o, seq, &tg, t);
		t->seconds = now() - t0;
		reporter_test_done(rp, sr, t);
	}
	for (i = 0; i < s->ntests; i++) {
		t = suite_result_add(sr, s->tests[i].name);
		t->line = s->tests[i].line;
		t0 = now();
		run_one(hc, s, &s->tests[i], o, &tg, t);
		t->seconds = now() - t0;
		reporter_test_done(rp, sr, t);
	}
	finish(sr, o, &tg);
	sr->seconds = now() - begin;
	reporter_suite_end(rp, sr);
	http_client_free(hc);
	*out = sr;
	return interrupted() ? RUNNER_INTERRUPTED : tg.status;
}
