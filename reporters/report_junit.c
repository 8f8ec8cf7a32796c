/* report_junit.c - JUnit XML for GitLab's test report: a <testsuite> per
 * spec file, a <testcase> per test, failure text first then the
 * transcript.  Every string passes through safetext, so the file is well
 * formed whatever the app sent; written whole or not at all
 * (report_file). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "report.h"
#include "report_file.h"
#include "safetext.h"
#include "../harness/xalloc.h"

#define TEXT_MAX	(1u << 20)	/* one text node; GitLab reads 30 MiB a file */
#define MESSAGE_MAX	200
#define EXCERPT_MAX	4096	/* of the transcript in a failure's text; the
				 * whole of it is in <system-out> */
#define OUTPUT_BUDGET	(24u << 20)	/* <system-out> bytes in all: GitLab
				 * drops a report over 30 MiB whole */

static void *
junit_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	return report_file_open(path, err, errlen);
}

/* Safe text, cut at max bytes (on a character boundary) with a note. */
static char *
clean(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t n;

	safetext_add(&b, s ? s : "", s ? strlen(s) : 0);
	if (b.len > max) {
		n = safetext_cut(b.data, max);
		b.len = n;
		b.data[n] = '\0';
		buf_addf(&b, "[… truncated, %zu bytes in all]", strlen(s));
	}
	return buf_detach(&b);
}

static void
attr(xmlTextWriterPtr w, const char *name, const char *value, size_t max)
{
	char *v = clean(value, max);

	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
	free(v);
}

static void
attrf(xmlTextWriterPtr w, const char *name, const char *fmt, double v)
{
	char s[64];

	snprintf(s, sizeof(s), fmt, v);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST s);
}

static void
text(xmlTextWriterPtr w, const char *s)
{
	char *v = clean(s, TEXT_MAX);

	xmlTextWriterWriteString(w, BAD_CAST v);
	free(v);
}

/* <failure> or <error>: the summary lines first, then the start of the
 * transcript (request, status, headers, the body's first bytes). */
static void
problem(xmlTextWriterPtr w, const struct test_result *t)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (t->status == TEST_ERROR) {
		xmlTextWriterStartElement(w, BAD_CAST "error");
		attr(w, "type", "RequestError", MESSAGE_MAX);
		attr(w, "message", t->error, MESSAGE_MAX);
		buf_addf(&b, "%s\n", t->error);
	} else {
		xmlTextWriterStartElement(w, BAD_CAST "failure");
		attr(w, "type", "AssertionError", MESSAGE_MAX);
		attr(w, "message", t->failures[0], MESSAGE_MAX);
		for (i = 0; i < t->nfailures; i++)
			buf_addf(&b, "%s\n", t->failures[i]);
	}
	if (t->transcript && *t->transcript) {
		buf_adds(&b, "\n");
		buf_add(&b, t->transcript, safetext_cut(t->transcript,
		    strnlen(t->transcript, EXCERPT_MAX)));
		if (strlen(t->transcript) > EXCERPT_MAX)
			buf_adds(&b, "\n[… the whole transcript is in the "
			    "test's output]");
	}
	text(w, buf_str(&b));
	xmlTextWriterEndElement(w);
	buf_release(&b);
}

/* One <system-out>: GitLab's attachment link first (it reads the first
 * only), then the transcript, within what is left of the budget. */
static void
output(xmlTextWriterPtr w, const struct test_result *t, size_t *budget)
{
	struct buf b = BUF_INIT;
	size_t n;

	if (t->attachment && (t->status == TEST_FAIL || t->status == TEST_ERROR)
	    && strpbrk(t->attachment, "|[]") == NULL)
		buf_addf(&b, "[[ATTACHMENT|%s]]\n", t->attachment);
	if (t->transcript && *t->transcript) {
		n = strlen(t->transcript);
		if (n <= *budget) {
			buf_adds(&b, t->transcript);
			*budget -= n;
		} else
			buf_addf(&b, "[%zu bytes of output left out: the report "
			    "stays under GitLab's 30 MiB limit]\n", n);
	}
	if (b.len > 0) {
		xmlTextWriterStartElement(w, BAD_CAST "system-out");
		text(w, buf_str(&b));
		xmlTextWriterEndElement(w);
	}
	buf_release(&b);
}

static void
testcase(xmlTextWriterPtr w, const struct suite_result *s,
    const struct test_result *t, size_t *budget)
{
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	attr(w, "classname", s->name, TEXT_MAX);
	attr(w, "name", t->name, TEXT_MAX);
	attr(w, "file", t->file ? t->file : s->file, TEXT_MAX);
	if (t->line > 0)
		attrf(w, "line", "%.0f", t->line);
	attrf(w, "time", "%.3f", t->seconds);
	if (t->status == TEST_FAIL || t->status == TEST_ERROR)
		problem(w, t);
	else if (t->status == TEST_SKIP) {
		xmlTextWriterStartElement(w, BAD_CAST "skipped");
		attr(w, "message", t->skip_reason, MESSAGE_MAX);
		text(w, t->skip_reason);
		xmlTextWriterEndElement(w);
	}
	output(w, t, budget);
	xmlTextWriterEndElement(w);
}

/* tests, failures, errors and, on a <testsuite> (the XSD allows it only
 * there), skipped. */
static void
counts(xmlTextWriterPtr w, const struct suite_result *const *v, size_t n,
    int skipped)
{
	size_t i, j, k[4] = { 0, 0, 0, 0 }, tests = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < v[i]->ntests; j++, tests++)
			k[v[i]->tests[j].status]++;
	attrf(w, "tests", "%.0f", (double)tests);
	attrf(w, "failures", "%.0f", (double)k[TEST_FAIL]);
	attrf(w, "errors", "%.0f", (double)k[TEST_ERROR]);
	if (skipped)
		attrf(w, "skipped", "%.0f", (double)k[TEST_SKIP]);
}

static void
testsuite(xmlTextWriterPtr w, const struct suite_result *s, const char *host,
    size_t *budget)
{
	char stamp[32];
	time_t ts = (time_t)s->timestamp;
	struct tm tm;
	size_t i;

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&ts, &tm));
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	attr(w, "name", s->name, TEXT_MAX);
	counts(w, (const struct suite_result *const *)&s, 1, 1);
	attrf(w, "time", "%.3f", s->seconds);
	xmlTextWriterWriteAttribute(w, BAD_CAST "timestamp", BAD_CAST stamp);
	attr(w, "hostname", host, 255);
	attr(w, "file", s->file, TEXT_MAX);
	for (i = 0; i < s->ntests; i++)
		testcase(w, s, &s->tests[i], budget);
	xmlTextWriterEndElement(w);
}

static xmlBufferPtr
render(const struct run_result *r)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	char host[256] = "localhost";
	size_t i, budget = OUTPUT_BUDGET;

	gethostname(host, sizeof(host) - 1);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "shakedown");
	counts(w, (const struct suite_result *const *)r->suites, r->nsuites,
	    0);
	attrf(w, "time", "%.3f", r->seconds);
	for (i = 0; i < r->nsuites; i++)
		testsuite(w, r->suites[i], host, &budget);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return xb;
}

static int
junit_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	xmlBufferPtr xb = r ? render(r) : NULL;
	int rc;

	rc = report_file_close(arg, xb ? xmlBufferContent(xb) : NULL,
	    xb ? (size_t)xmlBufferLength(xb) : 0, err, errlen);
	xmlBufferFree(xb);
	return rc;
}

const struct report_kind report_junit = {
	.name = "junit",
	.open = junit_open,
	.close = junit_close,
};
