/* report_json.c - the run as one JSON document for machines: a summary,
 * then per suite the tests, each with its status, time, every expectation
 * and its outcome, the error, the transcript and the attachment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

#define SHAKEDOWN_JSON_FORMAT	1	/* bumped when a field changes meaning */

static void *
json_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	return report_file_open(path, err, errlen);
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

static json_t *
test_json(const struct suite_result *s, const struct test_result *t)
{
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
	    text(t->transcript), "attachment", text(t->attachment));
	if (t->line > 0)
		json_object_set_new(o, "line", json_integer(t->line));
	return o;
}

static json_t *
render(const struct run_result *r)
{
	size_t passed, failed, errors, skipped, i, j;
	const struct suite_result *s;
	json_t *suites = json_array(), *tests;

	for (i = 0; i < r->nsuites; i++) {
		s = r->suites[i];
		tests = json_array();
		for (j = 0; j < s->ntests; j++)
			json_array_append_new(tests, test_json(s, &s->tests[j]));
		json_array_append_new(suites, json_pack("{s:o, s:o, s:f, s:I, "
		    "s:o}", "name", text(s->name), "file", text(s->file),
		    "seconds", s->seconds, "timestamp", (json_int_t)s->timestamp,
		    "tests", tests));
	}
	run_result_count(r, &passed, &failed, &errors, &skipped);
	return json_pack("{s:s, s:i, s:{s:I, s:I, s:I, s:I, s:f}, s:o}",
	    "tool", "shakedown", "format", SHAKEDOWN_JSON_FORMAT, "summary",
	    "passed", (json_int_t)passed, "failed", (json_int_t)failed,
	    "errors", (json_int_t)errors, "skipped", (json_int_t)skipped,
	    "seconds", r->seconds, "suites", suites);
}

static int
json_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	json_t *doc = r ? render(r) : NULL;
	char *s = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) :
	    NULL;
	int rc;

	if (r != NULL && s == NULL) {
		report_file_close(arg, NULL, 0, err, errlen);
		snprintf(err, errlen, "cannot encode the JSON report");
		json_decref(doc);
		return -1;
	}
	rc = report_file_close(arg, s, s ? strlen(s) : 0, err, errlen);
	free(s);
	json_decref(doc);
	return rc;
}

const struct report_kind report_json = {
	.wants_passing_transcripts = 1,
	.name = "json",
	.option = "json",
	.help = "write every test and expectation as JSON",
	.open = json_open,
	.close = json_close,
};
