/* report_html.c - one self-contained HTML page (no external asset, no
 * script) a reviewer opens from the job's artifacts: the summary, each
 * suite with its tests, a failure's expectations, error and transcript.
 * Streamed as the tests end (the summary, each suite's heading and the
 * failed tests filled in at close). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

static const char style[] =
"body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;"
"color:#1f2328;padding:0 1em}"
"h1{font-size:1.5em;margin:0 0 .3em}"
".sum{margin:0 0 1.5em;color:#57606a}"
".sum b{font-size:1.1em}.sum .f{color:#cf222e}.sum .p{color:#1a7f37}"
"section{border:1px solid #d0d7de;border-radius:6px;margin:0 0 1.2em}"
"section>h2{font-size:1.05em;margin:0;padding:.6em .9em;background:#f6f8fa;"
"border-bottom:1px solid #d0d7de}"
"section>h2 small{font-weight:normal;color:#57606a;margin-left:.6em}"
".t{padding:.45em .9em;border-top:1px solid #eaeef2}"
".t:first-of-type{border-top:0}"
".b{display:inline-block;min-width:4.5em;text-align:center;border-radius:2em;"
"font-size:.8em;font-weight:600;padding:.05em .6em;margin-right:.6em}"
".passed .b{background:#dafbe1;color:#1a7f37}"
".failed .b,.error .b{background:#ffebe9;color:#cf222e}"
".skipped .b{background:#fff8c5;color:#9a6700}"
".ms{color:#57606a;font-size:.85em;margin-left:.5em}"
"ul.why{margin:.4em 0 .2em 5.6em;padding:0;color:#cf222e}"
"ul.why li{font-family:ui-monospace,monospace;font-size:.88em;"
"white-space:pre-wrap;word-break:break-word;list-style:none}"
"details{margin:.3em 0 .2em 5.6em}summary{cursor:pointer;color:#0969da}"
"pre{background:#f6f8fa;padding:.7em;border-radius:6px;overflow:auto;"
"font-size:.82em;max-height:40em;white-space:pre-wrap;word-break:break-all}"
".where{color:#57606a;font-size:.85em;margin-left:5.6em}"
"a{color:#0969da}"
"img.shot{display:block;margin:.4em 0 .2em 5.6em;max-width:min(100% - 6em,"
"60em);border:1px solid #d0d7de;border-radius:6px}";

enum { HOLE_HEAD, HOLE_SUITE, HOLE_FAILED };

struct html {
	struct report_stream *rs;
	struct buf	 b;
	char		*dir;		/* the page's folder, "" for the cwd */
	const struct run_result *r;	/* at close */
};

static void *
html_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	struct report_stream *rs = report_stream_open(path, err, errlen);
	const char *slash = strrchr(path, '/');
	struct html *h;

	if (rs == NULL)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	h->rs = rs;
	h->dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
	report_stream_hole(rs, HOLE_HEAD, NULL, 0, 0);
	return h;
}

/* Safe text, HTML-escaped. */
static void
esc(struct buf *b, const char *s)
{
	char *t = safetext_dup(s ? s : "", s ? strlen(s) : 0);
	const char *p;

	for (p = t; *p; p++) {
		switch (*p) {
		case '&':	buf_adds(b, "&amp;"); break;
		case '<':	buf_adds(b, "&lt;"); break;
		case '>':	buf_adds(b, "&gt;"); break;
		case '"':	buf_adds(b, "&quot;"); break;
		case '\'':	buf_adds(b, "&#39;"); break;
		default:	buf_add(b, p, 1);
		}
	}
	free(t);
}

static const char *
status_name(enum test_status st)
{
	static const char *const names[] = { "passed", "failed", "error",
	    "skipped" };

	return names[st];
}

/* path (borrowed) relative to the page's folder when it is inside it. */
static const char *
relative(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	return n > 0 && strncmp(path, dir, n) == 0 ? path + n : path;
}

static int
is_png(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && strcmp(path + n - 4, ".png") == 0;
}

/* A link to a file of the report folder, relative to the page. */
static void
link(struct buf *b, const char *dir, const char *path)
{
	buf_adds(b, " · <a href=\"");
	esc(b, relative(dir, path));
	buf_addf(b, "\">%s</a>", is_png(path) ? "screenshot" : "saved output");
}

/* A failed browser test's screenshot (a PNG attachment), shown inline,
 * linked to itself at full size. */
static void
screenshot(struct buf *b, const char *dir, const char *path)
{
	if (!is_png(path))
		return;
	buf_adds(b, "<a href=\"");
	esc(b, relative(dir, path));
	buf_adds(b, "\"><img class=\"shot\" src=\"");
	esc(b, relative(dir, path));
	buf_adds(b, "\" alt=\"the page when the test failed\"></a>");
}

static void
problems(struct buf *b, const char *dir, const struct suite_result *s,
    const struct test_result *t)
{
	size_t i;

	buf_adds(b, "<ul class=\"why\">");
	if (t->error) {
		buf_adds(b, "<li>error: ");
		esc(b, t->error);
		buf_adds(b, "</li>");
	}
	for (i = 0; i < t->nfailures; i++) {
		buf_adds(b, "<li>");
		esc(b, t->failures[i]);
		buf_adds(b, "</li>");
	}
	buf_adds(b, "</ul><div class=\"where\">");
	esc(b, t->file ? t->file : s->file);
	if (t->line > 0)
		buf_addf(b, ":%d", t->line);
	if (t->attachment)
		link(b, dir, t->attachment);
	buf_adds(b, "</div>");
	if (t->attachment)
		screenshot(b, dir, t->attachment);
}

static void
test_html(struct buf *b, const char *dir, const struct suite_result *s,
    const struct test_result *t)
{
	int bad = t->status == TEST_FAIL || t->status == TEST_ERROR;

	buf_addf(b, "<div class=\"t %s\"><span class=\"b\">%s</span>",
	    status_name(t->status), status_name(t->status));
	esc(b, t->name);
	if (t->status == TEST_SKIP) {
		buf_adds(b, "<span class=\"ms\">");
		esc(b, t->skip_reason);
		buf_adds(b, "</span>");
	} else
		buf_addf(b, "<span class=\"ms\">%.0f ms</span>", t->seconds * 1e3);
	if (bad)
		problems(b, dir, s, t);
	/* A passing test's transcript is dropped once observed (it never
	 * was in the report). */
	if (t->transcript && *t->transcript && t->status != TEST_PASS) {
		buf_addf(b, "<details%s><summary>transcript</summary><pre>",
		    bad ? " open" : "");
		esc(b, t->transcript);
		buf_adds(b, "</pre></details>");
	}
	buf_adds(b, "</div>\n");
}

/* A suite's heading, its tests after it. */
static void
suite_html(struct buf *b, const struct suite_result *s)
{
	buf_adds(b, "<section><h2>");
	esc(b, s->name);
	buf_adds(b, "<small>");
	esc(b, s->file);
	buf_addf(b, " · %zu tests, %zu failed · %.2f s</small></h2>\n",
	    suite_result_total(s), s->count[TEST_FAIL] + s->count[TEST_ERROR],
	    s->seconds);
}

static void
head(struct buf *b, const struct run_result *r)
{
	size_t passed, failed, errors, skipped;
	char stamp[32] = "";
	time_t now = time(NULL);
	struct tm tm;

	run_result_count(r, &passed, &failed, &errors, &skipped);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M UTC",
	    gmtime_r(&now, &tm));
	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>shakedown: %zu passed, %zu failed</title><style>%s</style>"
	    "</head><body>\n<h1>shakedown report</h1>\n<p class=\"sum\">"
	    "<b class=\"p\">%zu passed</b>, <b class=\"f\">%zu failed</b>",
	    passed, failed + errors, style, passed, failed + errors);
	if (skipped)
		buf_addf(b, ", %zu skipped", skipped);
	buf_addf(b, " · %zu spec file%s · %.2f s · %s</p>\n", r->nsuites,
	    r->nsuites == 1 ? "" : "s", r->seconds, stamp);
}

static void
html_suite_begin(void *arg, const struct suite_result *s)
{
	struct html *h = arg;

	report_stream_hole(h->rs, HOLE_SUITE, s, 0, 0);
}

static void
html_test_done(void *arg, const struct suite_result *s,
    const struct test_result *t)
{
	struct html *h = arg;

	if (t->status == TEST_FAIL || t->status == TEST_ERROR) {
		/* Final when its suite ends (the app's logs). */
		report_stream_hole(h->rs, HOLE_FAILED, s, s->ntests - 1, 0);
		return;
	}
	test_html(&h->b, h->dir, s, t);
	report_stream_buf(h->rs, &h->b);
}

static void
html_suite_end(void *arg, const struct suite_result *s)
{
	struct html *h = arg;

	report_stream_add(h->rs, "</section>\n", 11);
}

static void
fill(void *arg, struct buf *b, const struct report_hole *hole)
{
	struct html *h = arg;

	switch (hole->kind) {
	case HOLE_FAILED:
		test_html(b, h->dir, hole->s, &hole->s->tests[hole->index]);
		break;
	case HOLE_SUITE:
		suite_html(b, hole->s);
		break;
	default:
		head(b, h->r);
	}
}

static int
html_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	struct html *h = arg;
	int rc;

	h->r = r;
	report_stream_add(h->rs, "</body></html>\n", 15);
	rc = report_stream_close(h->rs, r != NULL, fill, NULL, h, err, errlen);
	buf_release(&h->b);
	free(h->dir);
	free(h);
	return rc;
}

const struct report_kind report_html = {
	.name = "html",
	.option = "html",
	.help = "write a self-contained HTML report",
	.open = html_open,
	.suite_begin = html_suite_begin,
	.test_done = html_test_done,
	.suite_end = html_suite_end,
	.close = html_close,
};
