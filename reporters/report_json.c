/* report_json.c - the run as one JSON document for machines: a summary,
 * then per suite the tests, each with its status, time, every expectation
 * and its outcome, the error, the transcript and the attachment.  Streamed
 * as the tests end, laid out as jansson's JSON_INDENT(2) would the whole
 * document (the summary, each suite's fields and the failed tests filled
 * in at close). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

#define SHAKEDOWN_JSON_FORMAT	1	/* bumped when a field changes meaning */

enum { HOLE_HEAD, HOLE_SUITE, HOLE_FAILED };

struct json_report {
	struct report_stream *rs;
	struct buf	 b;
	size_t		 nsuites;	/* begun so far */
	size_t		 ntests;	/* of the suite so far */
	const struct run_result *r;	/* at close */
};

static void *
json_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	struct report_stream *rs = report_stream_open(path, err, errlen);
	struct json_report *st;

	if (rs == NULL)
		return NULL;
	st = xcalloc(1, sizeof(*st));
	st->rs = rs;
	report_stream_hole(rs, HOLE_HEAD, NULL, 0, 0);
	return st;
}

/* v as JSON_INDENT(2) lays it out `depth` levels down, without the last
 * `drop` bytes (a closing "\n}"); steals v. */
static void
dump(struct buf *b, json_t *v, int depth, size_t drop)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER), *p, *nl;
	size_t len;

	json_decref(v);
	if (s == NULL) {
		buf_adds(b, "null");
		return;
	}
	len = strlen(s);
	len = drop < len ? len - drop : 0;
	for (p = s; (nl = memchr(p, '\n', len - (size_t)(p - s))) != NULL;
	    p = nl + 1) {
		buf_add(b, p, (size_t)(nl - p) + 1);
		buf_add(b, "        ", (size_t)depth * 2);	/* depth <= 4 */
	}
	buf_add(b, p, len - (size_t)(p - s));
	free(s);
}

/* A JSON string of safe text (valid UTF-8, no control bytes), or null. */
static json_t *
text(const char *s)
{
	char *t;
	json_t *v;

	if (s == NULL)
		return json_null();
	t = safetext_dup(s, strlen(s));
	v = json_string(t);
	free(t);
	return v ? v : json_null();
}

static const char *
status_name(enum test_status st)
{
	static const char *const names[] = { "passed", "failed", "error",
	    "skipped" };

	return names[st];
}

/* A passing test's transcript is dropped once observed (it never was in
 * the report). */
static json_t *
test_json(const struct suite_result *s, const struct test_result *t)
{
	const char *tr = t->status == TEST_PASS ? NULL : t->transcript;
	json_t *o, *a = json_array(), *f = json_array();
	size_t i;

	for (i = 0; i < t->nassertions; i++)
		json_array_append_new(a, json_pack("{s:o, s:b, s:o}", "what",
		    text(t->assertions[i].what), "ok", t->assertions[i].ok,
		    "message", text(t->assertions[i].message)));
	for (i = 0; i < t->nfailures; i++)
		json_array_append_new(f, text(t->failures[i]));
	o = json_pack("{s:o, s:s, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "name", text(t->name), "status", status_name(t->status),
	    "seconds", t->seconds, "file", text(t->file ? t->file : s->file),
	    "assertions", a, "failures", f, "error", text(t->error),
	    "skip_reason", text(t->skip_reason), "transcript",
	    text(tr), "attachment", text(t->attachment));
	if (t->line > 0)
		json_object_set_new(o, "line", json_integer(t->line));
	return o;
}

static void
json_suite_begin(void *arg, const struct suite_result *s)
{
	struct json_report *st = arg;

	buf_adds(&st->b, st->nsuites++ ? ",\n    " : "\n    ");
	report_stream_buf(st->rs, &st->b);
	report_stream_hole(st->rs, HOLE_SUITE, s, 0, 0);
	st->ntests = 0;
}

static void
json_test_done(void *arg, const struct suite_result *s,
    const struct test_result *t)
{
	struct json_report *st = arg;

	buf_adds(&st->b, st->ntests++ ? ",\n        " : "\n        ");
	report_stream_buf(st->rs, &st->b);
	if (t->status == TEST_FAIL || t->status == TEST_ERROR) {
		/* Final when its suite ends (the app's logs). */
		report_stream_hole(st->rs, HOLE_FAILED, s, s->ntests - 1, 0);
		return;
	}
	dump(&st->b, test_json(s, t), 4, 0);
	report_stream_buf(st->rs, &st->b);
}

static void
json_suite_end(void *arg, const struct suite_result *s)
{
	struct json_report *st = arg;

	buf_adds(&st->b, st->ntests ? "\n      ]\n    }" : "]\n    }");
	report_stream_buf(st->rs, &st->b);
}

static void
fill(void *arg, struct buf *b, const struct report_hole *h)
{
	struct json_report *st = arg;
	size_t passed, failed, errors, skipped;
	const struct suite_result *s = h->s;

	switch (h->kind) {
	case HOLE_FAILED:
		dump(b, test_json(s, &s->tests[h->index]), 4, 0);
		break;
	case HOLE_SUITE:
		dump(b, json_pack("{s:o, s:o, s:f, s:I}", "name", text(s->name),
		    "file", text(s->file), "seconds", s->seconds, "timestamp",
		    (json_int_t)s->timestamp), 2, 2);
		buf_adds(b, ",\n      \"tests\": [");
		break;
	default:
		run_result_count(st->r, &passed, &failed, &errors, &skipped);
		dump(b, json_pack("{s:s, s:i, s:{s:I, s:I, s:I, s:I, s:f}}",
		    "tool", "shakedown", "format", SHAKEDOWN_JSON_FORMAT,
		    "summary", "passed", (json_int_t)passed, "failed",
		    (json_int_t)failed, "errors", (json_int_t)errors, "skipped",
		    (json_int_t)skipped, "seconds", st->r->seconds), 0, 2);
		buf_adds(b, ",\n  \"suites\": [");
	}
}

static int
json_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	struct json_report *st = arg;
	int rc;

	st->r = r;
	report_stream_add(st->rs, st->nsuites ? "\n  ]\n}" : "]\n}",
	    st->nsuites ? 6 : 3);
	rc = report_stream_close(st->rs, r != NULL, fill, NULL, st, err,
	    errlen);
	buf_release(&st->b);
	free(st);
	return rc;
}

const struct report_kind report_json = {
	.name = "json",
	.option = "json",
	.help = "write every test and expectation as JSON",
	.open = json_open,
	.suite_begin = json_suite_begin,
	.test_done = json_test_done,
	.suite_end = json_suite_end,
	.close = json_close,
};
