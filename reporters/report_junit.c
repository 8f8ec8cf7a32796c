/* report_junit.c - JUnit XML for GitLab's test report: a <testsuite> per
 * spec file, a <testcase> per test, each under a key (classname + name)
 * no other testcase of the report has.  A failure's text is its
 * expectation lines and the request it made; the transcript is in
 * <system-out> once, after GitLab's attachment link (relative to the
 * project folder), cut as needed so the whole file stays under GitLab's
 * 30 MB.  Every string passes through safetext, so the file is well
 * formed whatever the app sent, and no text of the app can pass for an
 * attachment link; written whole or not at all (report_file). */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "report.h"
#include "../base/report_file.h"
#include "safetext.h"
#include "../base/xalloc.h"

/* GitLab drops a report over 30 MiB whole (Gitlab::XmlConverter); 30 MB
 * read as 10^6 bytes keeps it under either reading. */
#define REPORT_MAX	30000000u
#define TEXT_MAX	(1u << 20)	/* an attribute, a failure's text */
#define MESSAGE_MAX	200
#define KEEP_MIN	512		/* less is not worth keeping */
#define MARKER		"[[ATTACHMENT|"	/* GitLab's attachment link */

/* One <testcase> as it will be written. */
struct tcase {
	const struct suite_result *s;
	const struct test_result *t;
	const char	*classname;	/* borrowed from struct prepared */
	char		*name;		/* unique with classname in the report */
	char		*problem;	/* <failure>/<error> text, or NULL */
	char		*link;		/* "[[ATTACHMENT|path]]\n", or NULL */
	char		*out;		/* the transcript, clean, or NULL */
	size_t		 out_xml;	/* its size once escaped */
	size_t		 keep;		/* of it, the escaped bytes written */
	int		 failed;	/* failure or error: GitLab shows its output */
};

struct prepared {
	char		**classnames;	/* by suite */
	struct tcase	*v;
	size_t		 n;
};

static void *
junit_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	return report_file_open(path, err, errlen);
}

/* Breaks every "[[ATTACHMENT|" in s (any case) in place of the app's
 * text: GitLab links the first it finds, and only shakedown may write
 * one.  "[[ATTACHMENT|x]]" becomes "[ [ATTACHMENT|x]]". */
static void
defuse(struct buf *b)
{
	struct buf o = BUF_INIT;
	const char *p = buf_str(b), *q;
	size_t n = strlen(MARKER);

	if (b->len < n)
		return;
	while ((q = strcasestr(p, MARKER)) != NULL) {
		buf_add(&o, p, (size_t)(q - p));
		buf_adds(&o, "[ ");
		buf_add(&o, q + 1, n - 1);
		p = q + n;
	}
	if (o.len == 0)
		return;
	buf_adds(&o, p);
	buf_release(b);
	*b = o;
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
	defuse(&b);
	return buf_detach(&b);
}

/* The size of s once the text writer has escaped it. */
static size_t
xml_size(const char *s, size_t len)
{
	size_t i, n = len;

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case '<': case '>':	n += 3; break;
		case '&':		n += 4; break;
		case '"':		n += 5; break;
		case '\r':		n += 4; break;
		}
	return n;
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

/* The line of tr that starts with one of the prefixes, before the
 * details and the app's logs ("--- " lines); the first line only when
 * `first`.  NULL if there is none. */
static const char *
line_of(const char *tr, const char *a, const char *b, int first, size_t *len)
{
	const char *p;

	for (p = tr; p && *p && strncmp(p, "--- ", 4) != 0; p = first ? NULL :
	    strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, a, strlen(a)) == 0 || strncmp(p, b, strlen(b)) == 0) {
			*len = strcspn(p, "\n");
			return p;
		}
	return NULL;
}

/* <failure>/<error> text: the readable summary first (GitLab shows the
 * text, not the message), then the request made and the answer's status
 * line; the transcript itself is in <system-out>. */
static char *
problem_text(const struct test_result *t)
{
	struct buf b = BUF_INIT;
	const char *req, *resp;
	size_t i, rl = 0, sl = 0;
	char *s;

	if (t->status == TEST_ERROR)
		buf_addf(&b, "%s\n", t->error ? t->error : "error");
	else
		for (i = 0; i < t->nfailures; i++)
			buf_addf(&b, "%s\n", t->failures[i]);
	if (t->transcript) {
		req = line_of(t->transcript, "> ", "$ ", 1, &rl);
		resp = req ? line_of(t->transcript, "< HTTP", "[exit ", 0, &sl) :
		    NULL;
		if (req)
			buf_addf(&b, "\n%.*s\n", (int)rl, req);
		if (resp)
			buf_addf(&b, "%.*s\n", (int)sl, resp);
	}
	s = clean(buf_str(&b), TEXT_MAX);
	buf_release(&b);
	return s;
}

/* "[[ATTACHMENT|path]]\n" for a file that exists, path relative to the
 * project folder (CI_PROJECT_DIR, else the working directory): GitLab
 * opens it among the job's artifacts.  A file outside it is linked as
 * given, and said once (*warned). */
static char *
link_to(const char *file, int *warned)
{
	const char *base = getenv("CI_PROJECT_DIR");
	struct stat st;
	char *rel, *s;
	int outside;

	if (file == NULL || stat(file, &st) == -1 || !S_ISREG(st.st_mode))
		return NULL;
	rel = report_file_relative(file, base && *base ? base : ".", &outside);
	if (outside && !*warned) {
		fprintf(stderr, "shakedown: JUnit: %s is outside %s, where GitLab "
		    "looks for attachments: it cannot open it (put --report-dir "
		    "inside the project folder)\n", file, base && *base ?
		    "CI_PROJECT_DIR" : "the working directory");
		*warned = 1;
	}
	s = strpbrk(rel, "|[]\n") ? NULL : clean(rel, TEXT_MAX);
	if (s != NULL) {
		free(rel);
		rel = xasprintf("[[ATTACHMENT|%s]]\n", s);
		free(s);
		return rel;
	}
	free(rel);
	return NULL;
}

/* "name", or "name (file)" when another suite of the report is called
 * the same: GitLab keys results by classname + name. */
static char *
classname(const struct run_result *r, size_t i)
{
	const struct suite_result *s = r->suites[i];
	size_t j;

	for (j = 0; j < r->nsuites; j++)
		if (j != i && strcmp(r->suites[j]->name, s->name) == 0)
			return xasprintf("%s (%s)", s->name, s->file);
	return xstrdup(s->name);
}

/* A name that no testcase of the same classname has yet: the name, or
 * "name (2)", "name (3)"… (a spec named twice on the command line). */
static char *
unique_name(json_t *keys, const char *cls, const char *name)
{
	char *n = clean(name, TEXT_MAX), *k;
	int i = 1;

	for (;;) {
		k = xasprintf("%s\x01%s", cls, n);
		if (json_object_get(keys, k) == NULL)
			break;
		free(k);
		free(n);
		n = clean(name, TEXT_MAX);
		k = xasprintf("%s (%d)", n, ++i);
		free(n);
		n = k;
	}
	json_object_set_new(keys, k, json_true());
	free(k);
	return n;
}

static void
prepare(const struct run_result *r, struct prepared *p)
{
	json_t *keys = json_object();
	struct tcase *c;
	struct buf b = BUF_INIT;
	size_t i, j, n = 0;
	int warned = 0;
	char *cls;

	for (i = 0; i < r->nsuites; i++)
		n += r->suites[i]->ntests;
	p->v = xcalloc(n ? n : 1, sizeof(*p->v));
	p->classnames = xcalloc(r->nsuites ? r->nsuites : 1, sizeof(char *));
	p->n = 0;
	for (i = 0; i < r->nsuites; i++) {
		cls = classname(r, i);
		p->classnames[i] = clean(cls, TEXT_MAX);
		free(cls);
		for (j = 0; j < r->suites[i]->ntests; j++) {
			c = &p->v[p->n++];
			c->s = r->suites[i];
			c->t = &r->suites[i]->tests[j];
			c->classname = p->classnames[i];
			c->name = unique_name(keys, c->classname, c->t->name);
			c->failed = c->t->status == TEST_FAIL ||
			    c->t->status == TEST_ERROR;
			if (c->failed) {
				c->problem = problem_text(c->t);
				c->link = link_to(c->t->attachment, &warned);
			}
			/* A passing test's transcript is noise in the merge
			 * request (and the runner drops it): failures, errors
			 * and skips keep theirs. */
			if (c->t->transcript && *c->t->transcript &&
			    c->t->status != TEST_PASS) {
				buf_reset(&b);
				safetext_add(&b, c->t->transcript,
				    strlen(c->t->transcript));
				defuse(&b);
				c->out = buf_detach(&b);
				c->out_xml = xml_size(c->out, strlen(c->out));
			}
			c->keep = c->out_xml;
		}
	}
	buf_release(&b);
	json_decref(keys);
}

static void
prepared_clear(struct prepared *p, size_t nsuites)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].problem);
		free(p->v[i].link);
		free(p->v[i].out);
	}
	for (i = 0; i < nsuites; i++)
		free(p->classnames[i]);
	free(p->classnames);
	free(p->v);
}

/* The largest n <= len whose first n bytes of s escape to at most max
 * bytes, on a character boundary. */
static size_t
head_fit(const char *s, size_t len, size_t max)
{
	size_t n = 0, x = 0, k;

	for (; n < len; n++) {
		k = xml_size(s + n, 1);
		if (x + k > max)
			break;
		x += k;
	}
	return safetext_cut(s, n);
}

/* The smallest start whose bytes s[start..len) escape to at most max. */
static size_t
tail_fit(const char *s, size_t len, size_t max)
{
	size_t n = len, x = 0, k;

	for (; n > 0; n--) {
		k = xml_size(s + n - 1, 1);
		if (x + k > max)
			break;
		x += k;
	}
	while (n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* The output of c as written: the attachment link, then the transcript,
 * whole or its start and end around a note of what was left out. */
static char *
output(const struct tcase *c)
{
	struct buf b = BUF_INIT;
	size_t len = c->out ? strlen(c->out) : 0, h = 0, t = len;
	const char *nl;

	if (c->link)
		buf_adds(&b, c->link);
	if (c->out == NULL)
		return buf_detach(&b);
	if (c->keep >= c->out_xml) {
		buf_adds(&b, c->out);
		return buf_detach(&b);
	}
	if (c->keep >= KEEP_MIN) {
		/* Two thirds from the start (the request and the answer),
		 * one from the end (the app's last log lines), cut at lines. */
		h = head_fit(c->out, len, c->keep / 3 * 2);
		nl = h > 0 ? memrchr(c->out, '\n', h) : NULL;
		if (nl != NULL && (size_t)(nl - c->out) + 1 >= h / 2)
			h = (size_t)(nl - c->out) + 1;
		t = tail_fit(c->out, len, c->keep / 3);
		if (t < h)
			t = h;
		nl = memchr(c->out + t, '\n', len - t);
		if (t > h && c->out[t - 1] != '\n' && nl != NULL &&
		    (size_t)(nl - c->out) + 1 - t <= (len - t) / 2)
			t = (size_t)(nl - c->out) + 1;
	}
	buf_add(&b, c->out, h);
	if (h > 0 && c->out[h - 1] != '\n')
		buf_adds(&b, "\n");
	buf_addf(&b, "[cut: %zu bytes left out to keep the report under "
	    "GitLab's 30 MB]\n", t - h);
	buf_add(&b, c->out + t, len - t);
	return buf_detach(&b);
}

static void
testcase(xmlTextWriterPtr w, const struct tcase *c)
{
	const struct test_result *t = c->t;
	char *o;

	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xmlTextWriterWriteAttribute(w, BAD_CAST "classname",
	    BAD_CAST c->classname);
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST c->name);
	attr(w, "file", t->file ? t->file : c->s->file, TEXT_MAX);
	if (t->line > 0)
		attrf(w, "line", "%.0f", t->line);
	attrf(w, "time", "%.3f", t->seconds);
	if (c->failed) {
		xmlTextWriterStartElement(w, BAD_CAST (t->status == TEST_ERROR ?
		    "error" : "failure"));
		attr(w, "type", t->status == TEST_ERROR ? "RequestError" :
		    "AssertionError", MESSAGE_MAX);
		attr(w, "message", t->status == TEST_ERROR ? t->error :
		    t->nfailures ? t->failures[0] : "", MESSAGE_MAX);
		xmlTextWriterWriteString(w, BAD_CAST c->problem);
		xmlTextWriterEndElement(w);
	} else if (t->status == TEST_SKIP) {
		xmlTextWriterStartElement(w, BAD_CAST "skipped");
		attr(w, "message", t->skip_reason, MESSAGE_MAX);
		o = clean(t->skip_reason, TEXT_MAX);
		xmlTextWriterWriteString(w, BAD_CAST o);
		free(o);
		xmlTextWriterEndElement(w);
	}
	o = output(c);
	if (*o != '\0') {
		xmlTextWriterStartElement(w, BAD_CAST "system-out");
		xmlTextWriterWriteString(w, BAD_CAST o);
		xmlTextWriterEndElement(w);
	}
	free(o);
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

static xmlBufferPtr
render(const struct run_result *r, const struct prepared *p)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	char host[256] = "localhost", stamp[32];
	const struct suite_result *s;
	struct tm tm;
	time_t ts;
	size_t i, k = 0;

	gethostname(host, sizeof(host) - 1);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "shakedown");
	counts(w, (const struct suite_result *const *)r->suites, r->nsuites,
	    0);
	attrf(w, "time", "%.3f", r->seconds);
	for (i = 0; i < r->nsuites; i++) {
		s = r->suites[i];
		ts = (time_t)s->timestamp;
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ",
		    gmtime_r(&ts, &tm));
		xmlTextWriterStartElement(w, BAD_CAST "testsuite");
		attr(w, "name", s->name, TEXT_MAX);
		counts(w, &s, 1, 1);
		attrf(w, "time", "%.3f", s->seconds);
		xmlTextWriterWriteAttribute(w, BAD_CAST "timestamp",
		    BAD_CAST stamp);
		attr(w, "hostname", host, 255);
		attr(w, "file", s->file, TEXT_MAX);
		for (; k < p->n && p->v[k].s == s; k++)
			testcase(w, &p->v[k]);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return xb;
}

/* The largest cap such that the outputs of the cases that `failed` (or
 * not), each cut to cap escaped bytes, fit in budget; sets their keep.
 * Returns the bytes they take. */
static size_t
fill(struct prepared *p, int failed, size_t budget)
{
	size_t lo = 0, hi = REPORT_MAX, mid, used, i;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		for (used = 0, i = 0; i < p->n && used <= budget; i++)
			if (p->v[i].failed == failed)
				used += p->v[i].out_xml < mid ? p->v[i].out_xml : mid;
		if (used <= budget)
			lo = mid;
		else
			hi = mid - 1;
	}
	for (used = 0, i = 0; i < p->n; i++)
		if (p->v[i].failed == failed) {
			p->v[i].keep = p->v[i].out_xml < lo ? p->v[i].out_xml : lo;
			used += p->v[i].keep;
		}
	return used;
}

/* The report, under REPORT_MAX whatever the tests sent: what must stay
 * (every testcase, every failure's text and attachment link) is measured
 * with every output cut to its note; what is left goes to the outputs of
 * failed tests first (GitLab shows no other), evenly, then to the rest. */
static xmlBufferPtr
render_within(const struct run_result *r, struct prepared *p)
{
	xmlBufferPtr xb;
	size_t base, used, i, size;

	for (i = 0; i < p->n; i++)
		p->v[i].keep = 0;
	xb = render(r, p);
	base = (size_t)xmlBufferLength(xb);
	xmlBufferFree(xb);
	base += p->n;		/* a newline after a cut start, at most */
	used = base < REPORT_MAX ? fill(p, 1, REPORT_MAX - base) : 0;
	if (base + used < REPORT_MAX)
		fill(p, 0, REPORT_MAX - base - used);
	for (;;) {
		xb = render(r, p);
		size = (size_t)xmlBufferLength(xb);
		if (size <= REPORT_MAX)
			return xb;
		for (used = 0, i = 0; i < p->n; i++)
			used += p->v[i].keep;
		if (used == 0) {
			fprintf(stderr, "shakedown: JUnit: the report is %zu bytes "
			    "with every test's output cut, over GitLab's 30 MB: "
			    "GitLab will not read it (split the run with --shard)\n",
			    size);
			return xb;
		}
		for (i = 0; i < p->n; i++)
			p->v[i].keep /= 2;
		xmlBufferFree(xb);
	}
}

static int
junit_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	struct prepared p = { 0 };
	xmlBufferPtr xb = NULL;
	int rc;

	if (r != NULL) {
		prepare(r, &p);
		xb = render_within(r, &p);
		prepared_clear(&p, r->nsuites);
	}
	rc = report_file_close(arg, xb ? xmlBufferContent(xb) : NULL,
	    xb ? (size_t)xmlBufferLength(xb) : 0, err, errlen);
	xmlBufferFree(xb);
	return rc;
}

const struct report_kind report_junit = {
	.name = "junit",
	.option = "junit",
	.help = "write a JUnit XML report (GitLab's test report)",
	.open = junit_open,
	.close = junit_close,
};
