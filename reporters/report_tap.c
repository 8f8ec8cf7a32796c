/* report_tap.c - TAP version 13 for `prove` and other TAP consumers: a
 * line per test, "not ok" ones with a YAML block of what failed; streamed
 * as the tests end (the plan and the failed tests filled in at close). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

enum { HOLE_PLAN, HOLE_FAILED };

struct tap {
	struct report_stream *rs;
	struct buf	 b;
	size_t		 n;		/* tests so far */
	const struct run_result *r;	/* at close */
};

static void *
tap_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	struct report_stream *rs = report_stream_open(path, err, errlen);
	struct tap *st;

	if (rs == NULL)
		return NULL;
	st = xcalloc(1, sizeof(*st));
	st->rs = rs;
	report_stream_hole(rs, HOLE_PLAN, NULL, 0, 0);
	return st;
}

/* Text on one line of TAP: safe, '#' escaped (it starts a directive). */
static void
line_text(struct buf *b, const char *s)
{
	char *t = safetext_dup(s, strlen(s));
	const char *p;

	for (p = t; *p; p++) {
		if (*p == '#' || *p == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, *p == '\n' ? " " : p, 1);
	}
	free(t);
}

/* A YAML single-quoted scalar on one line (what prove's YAMLish reader
 * takes): ' doubled, line breaks as spaces. */
static void
yaml_string(struct buf *b, const char *s)
{
	char *t = safetext_dup(s, strlen(s));
	const char *p;

	buf_adds(b, "'");
	for (p = t; *p; p++) {
		if (*p == '\'')
			buf_adds(b, "''");
		else if (*p == '\n' || *p == '\t')
			buf_adds(b, " ");
		else
			buf_add(b, p, 1);
	}
	buf_adds(b, "'");
	free(t);
}

static void
diagnostics(struct buf *b, const struct suite_result *s,
    const struct test_result *t)
{
	size_t i;

	buf_adds(b, "  ---\n  severity: ");
	buf_adds(b, t->status == TEST_ERROR ? "error\n" : "fail\n");
	buf_adds(b, "  file: ");
	yaml_string(b, t->file ? t->file : s->file);
	if (t->line > 0)
		buf_addf(b, "\n  line: %d", t->line);
	if (t->error) {
		buf_adds(b, "\n  message: ");
		yaml_string(b, t->error);
	}
	if (t->nfailures > 0) {
		buf_adds(b, "\n  message: ");
		yaml_string(b, t->failures[0]);
		buf_adds(b, "\n  failures: |");	/* a block: prove reads no
						 * quoted list items */
		for (i = 0; i < t->nfailures; i++) {
			buf_adds(b, "\n    ");
			line_text(b, t->failures[i]);
		}
	}
	if (t->attachment) {
		buf_adds(b, "\n  attachment: ");
		yaml_string(b, t->attachment);
	}
	buf_adds(b, "\n  ...\n");
}

/* The line of the n-th test, and what failed when it did. */
static void
test_tap(struct buf *b, const struct suite_result *s,
    const struct test_result *t, size_t n)
{
	buf_addf(b, "%sok %zu - ", t->status == TEST_FAIL ||
	    t->status == TEST_ERROR ? "not " : "", n);
	line_text(b, s->name);
	buf_adds(b, ": ");
	line_text(b, t->name);
	if (t->status == TEST_SKIP) {
		buf_adds(b, " # SKIP ");
		line_text(b, t->skip_reason ? t->skip_reason : "");
	}
	buf_addf(b, "\n");
	if (t->status == TEST_FAIL || t->status == TEST_ERROR)
		diagnostics(b, s, t);
}

static void
tap_test_done(void *arg, const struct suite_result *s,
    const struct test_result *t)
{
	struct tap *st = arg;

	st->n++;
	if (t->status == TEST_FAIL || t->status == TEST_ERROR) {
		/* Final when its suite ends (its attachment). */
		report_stream_hole(st->rs, HOLE_FAILED, s, s->ntests - 1, st->n);
		return;
	}
	test_tap(&st->b, s, t, st->n);
	report_stream_buf(st->rs, &st->b);
}

static void
fill(void *arg, struct buf *b, const struct report_hole *h)
{
	struct tap *st = arg;
	size_t i, total = 0;

	if (h->kind == HOLE_FAILED) {
		test_tap(b, h->s, &h->s->tests[h->index], h->n);
		return;
	}
	for (i = 0; i < st->r->nsuites; i++)
		total += suite_result_total(st->r->suites[i]);
	buf_addf(b, "TAP version 13\n1..%zu\n", total);
}

static int
tap_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	struct tap *st = arg;
	int rc;

	st->r = r;
	rc = report_stream_close(st->rs, r != NULL, fill, NULL, st, err, errlen);
	buf_release(&st->b);
	free(st);
	return rc;
}

const struct report_kind report_tap = {
	.name = "tap",
	.option = "tap",
	.help = "write TAP version 13 (for prove)",
	.open = tap_open,
	.test_done = tap_test_done,
	.close = tap_close,
};
