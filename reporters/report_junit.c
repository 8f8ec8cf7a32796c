/* report_junit.c - JUnit XML for GitLab's test report: a <testsuite> per
 * spec file, a <testcase> per test, each under a key (classname + name)
 * no other testcase of the report has.  A failure's text is its
 * expectation lines and the request it made; the transcript is in
 * <system-out> once, after GitLab's attachment link (relative to the
 * project folder), cut as needed so the whole file stays under GitLab's
 * 30 MB.  Every string passes through safetext, so the file is well
 * formed whatever the app sent, and no text of the app can pass for an
 * attachment link; written whole or not at all (report_file).
 *
 * Streamed: a passing or skipped testcase is written to the spool as its
 * test ends, its classname (known once every suite is: two suites of one
 * name are told apart by their files) and its name (made unique then) as
 * marks; the rest is filled in at close (report.h's holes): the totals,
 * each <testsuite> with its counts, and the failed testcases, whose
 * outputs share what GitLab's 30 MB leave once the rest is measured. */
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


/* Marks in the spool, bytes safetext never lets through: the classname,
 * and around a name. */
#define MARK_CLASS	'\x01'
#define MARK_NAME	'\x02'
#define MARK_END	'\x03'

enum { HOLE_HEAD, HOLE_SUITE, HOLE_SUITE_END, HOLE_CASE, HOLE_FOOT };

/* One <testcase> as it will be written. */
struct tcase {
	const struct suite_result *s;
	const struct test_result *t;
	const char	*classname;	/* the mark */
	char		*name;		/* clean, between marks */
	char		*problem;	/* <failure>/<error> text, or NULL */
	char		*link;		/* "[[ATTACHMENT|path]]\n", or NULL */
	char		*out;		/* the transcript, clean, or NULL */
	size_t		 out_xml;	/* its size once escaped */
	size_t		 keep;		/* of it, the escaped bytes written */
	int		 failed;	/* failure or error: GitLab shows its output */
	size_t		 index;		/* of t in s->tests */
};

/* What the report keeps of a suite while the run goes. */
struct jsuite {
	const struct suite_result *s;
	size_t		 altered;	/* names that cleaning changed */
};

struct junit {
	struct report_stream *rs;
	xmlBufferPtr	 cb;		/* the testcase writer's buffer */
	xmlTextWriterPtr cw;		/* at a testcase's depth */
	struct jsuite	*suites;	/* in the order they ran */
	size_t		 nsuites;
	size_t		 salloc;
	size_t		 ncases;	/* testcases in all */
	/* At close. */
	const struct run_result *r;
	char		**cls;		/* by suite: the classname, escaped */
	int		*dedupe;	/* by suite: names checked for twins */
	char		**head;		/* by suite: <testsuite …> */
	char		**foot;		/* by suite: </testsuite> or "" */
	char		*doc_head;
	char		*doc_foot;
	struct tcase	*cases;		/* the holes' testcases, in order */
	size_t		 nholes;
	size_t		 calloc_;
	size_t		 ihole;		/* the walk's next */
	size_t		 cur;		/* the walk's suite */
	json_t		*keys;		/* the walk's names (deduped suites) */
	struct buf	 name;		/* a name between marks */
	int		 in_name;
	size_t		 size;		/* bytes the walk gave */
	int		 counting;	/* only measure */
};

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

/* A writer into b that writes what follows at a testcase's depth; the
 * bytes before are emptied. */
static xmlTextWriterPtr
case_writer(xmlBufferPtr b)
{
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);

	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xmlTextWriterEndElement(w);
	xmlTextWriterFlush(w);
	xmlBufferEmpty(b);
	return w;
}

static void *
junit_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	struct report_stream *rs = report_stream_open(path, err, errlen);
	struct junit *j;

	if (rs == NULL)
		return NULL;
	j = xcalloc(1, sizeof(*j));
	j->rs = rs;
	j->cb = xmlBufferCreate();
	j->cw = case_writer(j->cb);
	report_stream_hole(rs, HOLE_HEAD, NULL, 0, 0);
	return j;
}

static void
junit_suite_begin(void *arg, const struct suite_result *s)
{
	struct junit *j = arg;

	j->suites = xgrow(j->suites, &j->salloc, j->nsuites + 1,
	    sizeof(*j->suites));
	j->suites[j->nsuites].s = s;
	j->suites[j->nsuites].altered = 0;
	report_stream_hole(j->rs, HOLE_SUITE, s, 0, j->nsuites++);
}

/* The testcase c as the case writer renders it, into the spool or b. */
static void
render_case(struct junit *j, const struct tcase *c, struct buf *b)
{
	testcase(j->cw, c);
	xmlTextWriterFlush(j->cw);
	if (b != NULL)
		buf_add(b, (const char *)xmlBufferContent(j->cb),
		    (size_t)xmlBufferLength(j->cb));
	else
		report_stream_add(j->rs, (const char *)xmlBufferContent(j->cb),
		    (size_t)xmlBufferLength(j->cb));
	xmlBufferEmpty(j->cb);
}

/* The name (clean: steals it) between its marks. */
static char *
marked(char *n)
{
	char *m = xasprintf("%c%s%c", MARK_NAME, n, MARK_END);

	free(n);
	return m;
}

static void
junit_test_done(void *arg, const struct suite_result *s,
    const struct test_result *t)
{
	static const char cls[] = { MARK_CLASS, '\0' };
	struct junit *j = arg;
	struct tcase c = { .s = s, .t = t, .classname = cls };
	char *n = clean(t->name, TEXT_MAX);

	j->ncases++;
	if (strcmp(n, t->name) != 0)	/* may now be another's twin */
		j->suites[j->nsuites - 1].altered++;
	/* A failure is final when its suite ends (the app's logs); an
	 * output shares the 30 MB with the others. */
	if (t->status == TEST_FAIL || t->status == TEST_ERROR ||
	    (t->transcript && *t->transcript && t->status != TEST_PASS)) {
		report_stream_hole(j->rs, HOLE_CASE, s, s->ntests - 1, 0);
		free(n);
		return;
	}
	c.name = marked(n);
	render_case(j, &c, NULL);
	free(c.name);
}

static void
junit_suite_end(void *arg, const struct suite_result *s)
{
	struct junit *j = arg;

	report_stream_hole(j->rs, HOLE_SUITE_END, s, 0, j->nsuites - 1);
}

/* "name", or "name (file)" when another suite of the report is called
 * the same: GitLab keys results by classname + name. */
static char *
classname(const struct junit *j, size_t i)
{
	const struct suite_result *s = j->suites[i].s;
	size_t k;

	for (k = 0; k < j->nsuites; k++)
		if (k != i && strcmp(j->suites[k].s->name, s->name) == 0)
			return xasprintf("%s (%s)", s->name, s->file);
	return xstrdup(s->name);
}

/* The bytes of value once the writer has escaped it as an attribute. */
static char *
escaped(const char *value)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);
	const char *p, *q;
	char *out;

	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "x");
	xmlTextWriterWriteAttribute(w, BAD_CAST "a", BAD_CAST value);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	p = strstr((const char *)xmlBufferContent(b), "<x a=\"") + 6;
	q = strchr(p, '"');
	out = xstrndup(p, (size_t)(q - p));
	xmlBufferFree(b);
	return out;
}

/* tests, failures, errors and, on a <testsuite> (the XSD allows it only
 * there), skipped. */
static void
counts(xmlTextWriterPtr w, const struct suite_result *const *v, size_t n,
    int skipped)
{
	size_t i, k[4] = { 0, 0, 0, 0 }, tests = 0;

	for (i = 0; i < n; i++) {
		tests += suite_result_total(v[i]);
		k[TEST_FAIL] += v[i]->count[TEST_FAIL];
		k[TEST_ERROR] += v[i]->count[TEST_ERROR];
		k[TEST_SKIP] += v[i]->count[TEST_SKIP];
	}
	attrf(w, "tests", "%.0f", (double)tests);
	attrf(w, "failures", "%.0f", (double)k[TEST_FAIL]);
	attrf(w, "errors", "%.0f", (double)k[TEST_ERROR]);
	if (skipped)
		attrf(w, "skipped", "%.0f", (double)k[TEST_SKIP]);
}

/* Bytes [from, to) of b, new. */
static char *
piece(xmlBufferPtr b, size_t from, size_t to)
{
	return xstrndup((const char *)xmlBufferContent(b) + from, to - from);
}

static size_t
flushed(xmlTextWriterPtr w, xmlBufferPtr b)
{
	xmlTextWriterFlush(w);
	return (size_t)xmlBufferLength(b);
}

/* Everything but the testcases, in pieces: the document's start and end,
 * each <testsuite>'s start tag and end tag, as the writer lays them out
 * around testcases (a stand-in one marks where they go). */
static void
skeleton(struct junit *j)
{
	const struct run_result *r = j->r;
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	char host[256] = "localhost", stamp[32];
	const struct suite_result *s;
	struct tm tm;
	time_t ts;
	size_t i, start, a, b;

	gethostname(host, sizeof(host) - 1);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "shakedown");
	counts(w, (const struct suite_result *const *)r->suites, r->nsuites,
	    0);
	attrf(w, "time", "%.3f", r->seconds);
	start = 0;
	for (i = 0; i < j->nsuites; i++) {
		s = j->suites[i].s;
		ts = (time_t)s->timestamp;
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ",
		    gmtime_r(&ts, &tm));
		xmlTextWriterStartElement(w, BAD_CAST "testsuite");
		b = flushed(w, xb) - strlen("  <testsuite");
		if (i == 0)
			j->doc_head = piece(xb, 0, b);
		start = b;
		attr(w, "name", s->name, TEXT_MAX);
		counts(w, &s, 1, 1);
		attrf(w, "time", "%.3f", s->seconds);
		xmlTextWriterWriteAttribute(w, BAD_CAST "timestamp",
		    BAD_CAST stamp);
		attr(w, "hostname", host, 255);
		attr(w, "file", s->file, TEXT_MAX);
		if (suite_result_total(s) == 0) {
			xmlTextWriterEndElement(w);
			a = flushed(w, xb);
			j->head[i] = piece(xb, start, a);
			j->foot[i] = xstrdup("");
			start = a;
			continue;
		}
		xmlTextWriterStartElement(w, BAD_CAST "testcase");
		a = flushed(w, xb) - strlen("    <testcase");
		j->head[i] = piece(xb, start, a);
		xmlTextWriterEndElement(w);
		a = flushed(w, xb);
		xmlTextWriterEndElement(w);
		b = flushed(w, xb);
		j->foot[i] = piece(xb, a, b);
		start = b;
	}
	xmlTextWriterEndDocument(w);
	b = flushed(w, xb);
	if (j->nsuites == 0)
		j->doc_head = piece(xb, 0, b), start = b;
	j->doc_foot = piece(xb, start, b);
	xmlFreeTextWriter(w);
	xmlBufferFree(xb);
}

/* The holes' testcases, from the tests the run kept. */
static void
prepare(struct junit *j)
{
	struct buf b = BUF_INIT;
	struct tcase *c;
	int warned = 0;
	size_t i;
	char *cls, *n;

	j->cls = xcalloc(j->nsuites + 1, sizeof(char *));
	j->dedupe = xcalloc(j->nsuites + 1, sizeof(int));
	j->head = xcalloc(j->nsuites + 1, sizeof(char *));
	j->foot = xcalloc(j->nsuites + 1, sizeof(char *));
	for (i = 0; i < j->nsuites; i++) {
		cls = classname(j, i);
		j->dedupe[i] = j->suites[i].altered > 0 || strcmp(cls,
		    j->suites[i].s->name) != 0;
		n = clean(cls, TEXT_MAX);
		j->cls[i] = escaped(n);
		free(n);
		free(cls);
	}
	skeleton(j);
	for (i = 0; i < j->nholes; i++) {
		c = &j->cases[i];
		c->t = &c->s->tests[c->index];
		c->name = marked(clean(c->t->name, TEXT_MAX));
		c->failed = c->t->status == TEST_FAIL ||
		    c->t->status == TEST_ERROR;
		if (c->failed) {
			c->problem = problem_text(c->t);
			c->link = link_to(c->t->attachment, &warned);
		}
		/* A passing test's transcript is noise in the merge request
		 * (and the runner drops it): failures, errors and skips keep
		 * theirs. */
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
	buf_release(&b);
}

static void
fill_hole(void *arg, struct buf *b, const struct report_hole *h)
{
	struct junit *j = arg;

	switch (h->kind) {
	case HOLE_HEAD:
		buf_adds(b, j->doc_head);
		break;
	case HOLE_SUITE:
		j->cur = h->n;
		buf_adds(b, j->head[h->n]);
		break;
	case HOLE_SUITE_END:
		buf_adds(b, j->foot[h->n]);
		break;
	case HOLE_CASE:
		render_case(j, &j->cases[j->ihole++], b);
		break;
	case HOLE_FOOT:
		buf_adds(b, j->doc_foot);
		break;
	}
}

/* Where the walk's bytes end: the report, or a count. */
static void
emit(struct junit *j, const char *p, size_t n)
{
	j->size += n;
	if (!j->counting)
		report_stream_write(j->rs, p, n);
}

/* The name between marks, made unique among its classname's when the
 * suite may have twins: "name", else "name (2)", "name (3)"… */
static void
emit_name(struct junit *j)
{
	const char *n = buf_str(&j->name);
	char *k, *u = NULL;
	int i = 1;

	if (!j->dedupe[j->cur]) {
		emit(j, n, j->name.len);
		return;
	}
	for (;;) {
		k = xasprintf("%s\x01%s", j->cls[j->cur], u ? u : n);
		if (json_object_get(j->keys, k) == NULL)
			break;
		free(k);
		free(u);
		u = xasprintf("%s (%d)", n, ++i);
	}
	json_object_set_new(j->keys, k, json_true());
	free(k);
	emit(j, u ? u : n, strlen(u ? u : n));
	free(u);
}

/* The sink of the walk: the marks replaced. */
static void
unmark(void *arg, const char *p, size_t n)
{
	struct junit *j = arg;
	const char *end = p + n, *q;

	while (p < end) {
		if (j->in_name) {
			if ((q = memchr(p, MARK_END, (size_t)(end - p))) == NULL) {
				buf_add(&j->name, p, (size_t)(end - p));
				return;
			}
			buf_add(&j->name, p, (size_t)(q - p));
			emit_name(j);
			buf_reset(&j->name);
			j->in_name = 0;
			p = q + 1;
			continue;
		}
		for (q = p; q < end && *q != MARK_CLASS && *q != MARK_NAME; q++)
			;
		emit(j, p, (size_t)(q - p));
		if (q == end)
			return;
		if (*q == MARK_CLASS)
			emit(j, j->cls[j->cur], strlen(j->cls[j->cur]));
		else
			j->in_name = 1;
		p = q + 1;
	}
}

/* The report's size as it stands (counting), or the report written. */
static size_t
walk(struct junit *j, int counting)
{
	j->size = 0;
	j->ihole = 0;
	j->cur = 0;
	j->counting = counting;
	json_decref(j->keys);
	j->keys = json_object();
	if (counting)
		report_stream_walk(j->rs, fill_hole, j, unmark, j);
	return j->size;
}

/* The largest cap such that the outputs of the cases that `failed` (or
 * not), each cut to cap escaped bytes, fit in budget; sets their keep.
 * Returns the bytes they take. */
static size_t
fill(struct junit *j, int failed, size_t budget)
{
	struct tcase *v = j->cases;
	size_t lo = 0, hi = REPORT_MAX, mid, used, i, n = j->nholes;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		for (used = 0, i = 0; i < n && used <= budget; i++)
			if (v[i].failed == failed)
				used += v[i].out_xml < mid ? v[i].out_xml : mid;
		if (used <= budget)
			lo = mid;
		else
			hi = mid - 1;
	}
	for (used = 0, i = 0; i < n; i++)
		if (v[i].failed == failed) {
			v[i].keep = v[i].out_xml < lo ? v[i].out_xml : lo;
			used += v[i].keep;
		}
	return used;
}

/* The keeps that hold the report under REPORT_MAX whatever the tests
 * sent: what must stay (every testcase, every failure's text and
 * attachment link) is measured with every output cut to its note; what is
 * left goes to the outputs of failed tests first (GitLab shows no other),
 * evenly, then to the rest. */
static void
within(struct junit *j)
{
	size_t base, used, i, size;

	for (i = 0; i < j->nholes; i++)
		j->cases[i].keep = 0;
	base = walk(j, 1);
	base += j->ncases;	/* a newline after a cut start, at most */
	used = base < REPORT_MAX ? fill(j, 1, REPORT_MAX - base) : 0;
	if (base + used < REPORT_MAX)
		fill(j, 0, REPORT_MAX - base - used);
	for (;;) {
		size = walk(j, 1);
		if (size <= REPORT_MAX)
			return;
		for (used = 0, i = 0; i < j->nholes; i++)
			used += j->cases[i].keep;
		if (used == 0) {
			fprintf(stderr, "shakedown: JUnit: the report is %zu bytes "
			    "with every test's output cut, over GitLab's 30 MB: "
			    "GitLab will not read it (split the run with --shard)\n",
			    size);
			return;
		}
		for (i = 0; i < j->nholes; i++)
			j->cases[i].keep /= 2;
	}
}

static void
count_hole(void *arg, const struct report_hole *h)
{
	struct junit *j = arg;
	struct tcase *c;

	if (h->kind != HOLE_CASE)
		return;
	j->cases = xgrow(j->cases, &j->calloc_, j->nholes + 1,
	    sizeof(*j->cases));
	c = &j->cases[j->nholes++];
	memset(c, 0, sizeof(*c));
	c->s = h->s;
	c->index = h->index;
}

static int
junit_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	static const char cls[] = { MARK_CLASS, '\0' };
	struct junit *j = arg;
	size_t i;
	int rc;

	if (r != NULL) {
		j->r = r;
		/* The holes' tests, in the order they are written. */
		report_stream_hole(j->rs, HOLE_FOOT, NULL, 0, 0);
		report_stream_each_hole(j->rs, count_hole, j);
		prepare(j);
		for (i = 0; i < j->nholes; i++)
			j->cases[i].classname = cls;
		within(j);
		walk(j, 0);
	}
	rc = report_stream_close(j->rs, r != NULL, fill_hole, unmark, j, err,
	    errlen);
	for (i = 0; i < j->nholes; i++) {
		free(j->cases[i].name);
		free(j->cases[i].problem);
		free(j->cases[i].link);
		free(j->cases[i].out);
	}
	for (i = 0; r != NULL && i < j->nsuites; i++) {
		free(j->cls[i]);
		free(j->head[i]);
		free(j->foot[i]);
	}
	free(j->cls);
	free(j->dedupe);
	free(j->head);
	free(j->foot);
	free(j->doc_head);
	free(j->doc_foot);
	free(j->cases);
	free(j->suites);
	json_decref(j->keys);
	buf_release(&j->name);
	xmlFreeTextWriter(j->cw);
	xmlBufferFree(j->cb);
	free(j);
	return rc;
}

const struct report_kind report_junit = {
	.name = "junit",
	.option = "junit",
	.help = "write a JUnit XML report (GitLab's test report)",
	.open = junit_open,
	.suite_begin = junit_suite_begin,
	.test_done = junit_test_done,
	.suite_end = junit_suite_end,
	.close = junit_close,
};
