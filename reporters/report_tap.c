/* report_tap.c - TAP version 13 for `prove` and other TAP consumers: a
 * line per test, "not ok" ones with a YAML block of what failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

static void *
tap_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	return report_file_open(path, err, errlen);
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

static void
render(struct buf *b, const struct run_result *r)
{
	const struct suite_result *s;
	const struct test_result *t;
	size_t i, j, n = 0, total = 0;

	for (i = 0; i < r->nsuites; i++)
		total += r->suites[i]->ntests;
	buf_addf(b, "TAP version 13\n1..%zu\n", total);
	for (i = 0; i < r->nsuites; i++) {
		s = r->suites[i];
		for (j = 0; j < s->ntests; j++) {
			t = &s->tests[j];
			buf_addf(b, "%sok %zu - ", t->status == TEST_FAIL ||
			    t->status == TEST_ERROR ? "not " : "", ++n);
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
	}
}

static int
tap_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	return report_render_close(arg, r, render, err, errlen);
}

const struct report_kind report_tap = {
	.name = "tap",
	.option = "tap",
	.help = "write TAP version 13 (for prove)",
	.open = tap_open,
	.close = tap_close,
};
