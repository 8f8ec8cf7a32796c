/* report_markdown.c - a Markdown summary for a merge request comment or a
 * job's summary page: the totals, a table of the suites, then each failure
 * (suite › test, file:line, its expectation lines in a code block), cut to
 * stay under GitLab's note limit.  Written at close from the run: its
 * suites' counts and the failed tests it keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

/* Bytes, so characters too: a GitLab note holds 1,000,000 characters;
 * room is left for what a job writes around the summary. */
#define MD_MAX		900000
#define MD_TABLE_MAX	(MD_MAX / 2)	/* the suites' table, the rest for
					 * the failures */
#define MD_TEXT_MAX	256		/* bytes of a name or a path */
#define MD_LINES_MAX	16384		/* bytes of one failure's lines */

/* What Markdown or GitLab would read as markup in running text: emphasis,
 * code, links, HTML and entities, table cells, references (@user, #1, !1,
 * ~label, %milestone, $1), emoji (:x:), diffs ({+ +}), math. */
static const char md_special[] = "\\`*_{}[]()<>#+!|~@$%&:^";

static void *
md_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	return report_file_open(path, err, errlen);
}

/* s as running text: safe, on one line, cut to MD_TEXT_MAX bytes ("…"),
 * each special character escaped with a backslash. */
static void
text(struct buf *b, const char *s)
{
	size_t n = strlen(s), cut = n > MD_TEXT_MAX ?
	    safetext_cut(s, MD_TEXT_MAX) : n;
	char *t = safetext_dup(s, cut);
	const char *p;

	for (p = t; *p; p++) {
		if (*p == '\n' || *p == '\t') {
			buf_adds(b, " ");
			continue;
		}
		if (strchr(md_special, *p) != NULL)
			buf_adds(b, "\\");
		buf_add(b, p, 1);
	}
	if (cut < n)
		buf_adds(b, "…");
	free(t);
}

/* s (":LINE" after it when line > 0) as inline code: safe, on one line,
 * cut to MD_TEXT_MAX bytes; delimited by more backticks than any run in
 * it, with a space inside them when it starts or ends with one. */
static void
code_span(struct buf *b, const char *s, int line)
{
	struct buf c = BUF_INIT;
	size_t n = strlen(s), i, run = 0, longest = 0;
	char *p;

	safetext_add(&c, s, n > MD_TEXT_MAX ? safetext_cut(s, MD_TEXT_MAX) : n);
	if (n > MD_TEXT_MAX)
		buf_adds(&c, "…");
	if (line > 0)
		buf_addf(&c, ":%d", line);
	for (p = c.data; p && *p; p++) {
		if (*p == '\n' || *p == '\t')
			*p = ' ';
		if ((run = *p == '`' ? run + 1 : 0) > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		buf_adds(b, "`");
	if (c.len > 0 && (c.data[0] == '`' || c.data[c.len - 1] == '`'))
		buf_adds(b, " ");
	buf_add(b, buf_str(&c), c.len);
	if (c.len > 0 && (c.data[0] == '`' || c.data[c.len - 1] == '`'))
		buf_adds(b, " ");
	for (i = 0; i <= longest; i++)
		buf_adds(b, "`");
	buf_release(&c);
}

/* Appends s's lines (safe text) to c, each indented by two spaces: no line
 * of a code block then starts a GitLab quick action (/merge). */
static void
lines(struct buf *c, const char *prefix, const char *s)
{
	char *t = safetext_dup(s, strlen(s));
	const char *p, *nl;

	for (p = t; ; p = nl + 1) {
		nl = strchr(p, '\n');
		buf_adds(c, "  ");
		buf_adds(c, prefix);
		prefix = "";
		buf_add(c, p, nl ? (size_t)(nl - p) : strlen(p));
		buf_adds(c, "\n");
		if (nl == NULL || nl[1] == '\0')
			break;
	}
	free(t);
}

/* A fenced code block of a failed test's error and failure lines: the
 * fence is longer than any run of backticks in them, so none closes it. */
static void
code_block(struct buf *b, const struct test_result *t)
{
	struct buf c = BUF_INIT;
	size_t i, run = 0, longest = 2;
	const char *p;

	if (t->error)
		lines(&c, "error: ", t->error);
	for (i = 0; i < t->nfailures; i++)
		lines(&c, "", t->failures[i]);
	if (c.len == 0)
		return;
	if (c.len > MD_LINES_MAX) {
		c.len = safetext_cut(c.data, MD_LINES_MAX);
		c.data[c.len] = '\0';
		buf_adds(&c, "\n  … cut, see the JUnit report\n");
	}
	for (p = buf_str(&c); *p; p++)
		if ((run = *p == '`' ? run + 1 : 0) > longest)
			longest = run;
	buf_adds(b, "\n");
	for (i = 0; i <= longest; i++)
		buf_adds(b, "`");
	buf_adds(b, "\n");
	buf_add(b, c.data, c.len);
	for (i = 0; i <= longest; i++)
		buf_adds(b, "`");
	buf_adds(b, "\n");
	buf_release(&c);
}

static int
bad(const struct test_result *t)
{
	return t->status == TEST_FAIL || t->status == TEST_ERROR;
}

static void
failure(struct buf *b, const struct suite_result *s,
    const struct test_result *t)
{
	buf_adds(b, "\n**");
	text(b, s->name);
	buf_adds(b, " › ");
	text(b, t->name);
	buf_adds(b, "** · ");
	code_span(b, t->file ? t->file : s->file, t->line);
	if (t->attachment) {
		buf_adds(b, " · saved output: ");
		code_span(b, t->attachment, 0);
	}
	buf_adds(b, "\n");
	code_block(b, t);
}

static void
table(struct buf *b, const struct run_result *r)
{
	const struct suite_result *s;
	size_t i;

	buf_adds(b, "\n| Suite | Tests | Passed | Failed | Skipped | Time |\n"
	    "| :--- | ---: | ---: | ---: | ---: | ---: |\n");
	for (i = 0; i < r->nsuites; i++) {
		if (b->len > MD_TABLE_MAX) {
			buf_addf(b, "| … %zu more suite%s, see the JUnit report "
			    "| | | | | |\n", r->nsuites - i,
			    r->nsuites - i == 1 ? "" : "s");
			break;
		}
		s = r->suites[i];
		buf_adds(b, "| ");
		text(b, s->name);
		buf_addf(b, " | %zu | %zu | %zu | %zu | %.2f s |\n",
		    suite_result_total(s), s->count[TEST_PASS],
		    s->count[TEST_FAIL] + s->count[TEST_ERROR],
		    s->count[TEST_SKIP], s->seconds);
	}
}

static void
render(struct buf *b, const struct run_result *r)
{
	struct buf f = BUF_INIT;
	size_t passed, failed, errors, skipped, i, j, shown = 0;
	const struct suite_result *s;

	run_result_count(r, &passed, &failed, &errors, &skipped);
	buf_addf(b, "## %s shakedown: %zu passed, %zu failed, %zu skipped · "
	    "%zu spec file%s · %.2f s\n", failed + errors ? "❌" : "✅", passed,
	    failed + errors, skipped, r->nsuites, r->nsuites == 1 ? "" : "s",
	    r->seconds);
	if (r->nsuites > 0)
		table(b, r);
	if (failed + errors > 0)
		buf_adds(b, "\n### Failures\n");
	for (i = 0; i < r->nsuites; i++) {
		s = r->suites[i];
		for (j = 0; j < s->ntests; j++) {
			if (!bad(&s->tests[j]))
				continue;
			buf_reset(&f);
			failure(&f, s, &s->tests[j]);
			if (b->len + f.len + 128 > MD_MAX)
				goto cut;
			buf_add(b, f.data, f.len);
			shown++;
		}
	}
cut:
	if (shown < failed + errors)
		buf_addf(b, "\n… %zu more failure%s, see the JUnit report\n",
		    failed + errors - shown, failed + errors - shown == 1 ? "" :
		    "s");
	buf_release(&f);
}

static int
md_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	return report_render_close(arg, r, render, err, errlen);
}

const struct report_kind report_markdown = {
	.name = "markdown",
	.option = "markdown",
	.help = "write a Markdown summary (a merge request comment)",
	.open = md_open,
	.close = md_close,
};
