/* fuzz_junit.c - libFuzzer target: the file reporters fed hostile results.
 *
 * The input is read as a little program that builds a struct run_result:
 * shape bytes (how many suites and tests, each test's status, which
 * fields it has, its line and time) interleaved with length-prefixed
 * strings (any bytes: invalid UTF-8, control characters, "]]>", ANSI
 * escapes; each copied and NUL-terminated, so a NUL cuts it).  The result
 * is written by the JUnit, HTML, JSON and TAP reporters, each to a file of
 * a private temporary folder, which is then read back:
 *   - JUnit: well-formed XML (libxml2, no network), and no byte below 0x20
 *     but \t \n \r anywhere (GitLab drops a report holding one);
 *   - JSON: parses (jansson);
 *   - all: close() succeeded and the file exists.
 * Any failure is an abort(), which libFuzzer records as a crash. */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "../../harness/run/result.h"
#include "../../reporters/report.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) do {							\
	fprintf(stderr, "fuzz_junit: " __VA_ARGS__);			\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

static char	 dir[4096];
static char	 xml_path[4200], html_path[4200], json_path[4200],
		 tap_path[4200];

static void
cleanup(void)
{
	unlink(xml_path);
	unlink(html_path);
	unlink(json_path);
	unlink(tap_path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	/* The reporters fsync each file: on tmpfs that costs nothing. */
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	snprintf(dir, sizeof(dir), "%s/fuzz-junit.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("fuzz_junit: mkdtemp");
		abort();
	}
	snprintf(xml_path, sizeof(xml_path), "%s/report.xml", dir);
	snprintf(html_path, sizeof(html_path), "%s/report.html", dir);
	snprintf(json_path, sizeof(json_path), "%s/report.json", dir);
	snprintf(tap_path, sizeof(tap_path), "%s/report.tap", dir);
	atexit(cleanup);
	xmlInitParser();
	return 0;
}

/* The input, consumed from the front; past its end every byte is 0. */
struct src {
	const uint8_t	*p;
	size_t		 n;
};

static unsigned
byte(struct src *s)
{
	unsigned b;

	if (s->n == 0)
		return 0;
	b = *s->p++;
	s->n--;
	return b;
}

/* A length byte (255: two more bytes give it), then that many bytes. */
static char *
str(struct src *s)
{
	size_t len = byte(s);
	char *v;

	if (len == 255) {
		len = byte(s);
		len = len << 8 | byte(s);
	}
	if (len > s->n)
		len = s->n;
	if ((v = malloc(len + 1)) == NULL)
		abort();
	memcpy(v, s->p, len);
	v[len] = '\0';
	s->p += len;
	s->n -= len;
	return v;
}

static struct run_result *
build(struct src *in)
{
	struct run_result *r = run_result_new();
	struct suite_result *s;
	struct test_result *t;
	unsigned nsuites = 1 + byte(in) % 3, ntests, flags, i, j, k, n;
	char *name, *file, *a, *b;

	for (i = 0; i < nsuites; i++) {
		name = str(in);
		file = str(in);
		s = suite_result_new(name, file);
		free(name);
		free(file);
		s->seconds = byte(in) / 8.0;
		ntests = byte(in) % 6;
		for (j = 0; j < ntests; j++) {
			flags = byte(in);
			name = str(in);
			t = suite_result_add(s, name);
			free(name);
			t->line = (int)byte(in) - 8;
			t->seconds = byte(in) * 0.0371;
			if (flags & 0x10) {
				n = 1 + byte(in) % 3;
				for (k = 0; k < n; k++) {
					a = str(in);
					b = (flags & 0x40) ? str(in) : NULL;
					test_result_assertion(t, a, k & 1, b);
					free(a);
					free(b);
				}
			}
			switch (flags & 3) {
			case TEST_PASS:
				break;
			case TEST_FAIL:
				n = 1 + byte(in) % 3;
				for (k = 0; k < n; k++) {
					a = str(in);
					test_result_fail(t, "%s", a);
					free(a);
				}
				break;
			case TEST_ERROR:
				t->status = TEST_ERROR;
				t->error = str(in);
				break;
			case TEST_SKIP:
				t->status = TEST_SKIP;
				t->skip_reason = str(in);
				break;
			}
			if (flags & 0x04)
				t->transcript = str(in);
			if (flags & 0x08)
				t->attachment = str(in);
			if (flags & 0x20)
				t->file = str(in);
		}
		run_result_add(r, s);
	}
	return r;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *b;

	if (f == NULL || fstat(fileno(f), &st) == -1)
		FAIL("%s: not written", path);
	if ((b = malloc((size_t)st.st_size + 1)) == NULL)
		abort();
	*len = fread(b, 1, (size_t)st.st_size, f);
	if (*len != (size_t)st.st_size)
		FAIL("%s: short read", path);
	b[*len] = '\0';
	fclose(f);
	return b;
}

/* Writes r with kind k to path, the way the runner drives a reporter. */
static void
report(const struct report_kind *k, const char *path,
    const struct run_result *r)
{
	struct report_opts o = { .out = stderr, .color = 0, .gitlab = 1 };
	char err[1024];
	size_t i, j;
	void *st;

	unlink(path);
	if ((st = k->open(path, &o, err, sizeof(err))) == NULL)
		FAIL("%s: open: %s", k->name, err);
	for (i = 0; i < r->nsuites; i++) {
		if (k->suite_begin)
			k->suite_begin(st, r->suites[i]);
		for (j = 0; j < r->suites[i]->ntests; j++)
			if (k->test_done)
				k->test_done(st, r->suites[i],
				    &r->suites[i]->tests[j]);
		if (k->suite_end)
			k->suite_end(st, r->suites[i]);
	}
	if (k->close(st, r, err, sizeof(err)) == -1)
		FAIL("%s: close: %s", k->name, err);
}

static void
check_junit(void)
{
	xmlDocPtr doc;
	size_t len, i;
	char *text;

	if ((doc = xmlReadFile(xml_path, NULL, XML_PARSE_NONET)) == NULL)
		FAIL("the JUnit report is not well-formed XML");
	xmlFreeDoc(doc);
	text = slurp(xml_path, &len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			FAIL("the JUnit report holds byte 0x%02x at offset %zu",
			    c, i);
	}
	free(text);
}

static void
check_json(void)
{
	json_error_t e;
	json_t *j;

	if ((j = json_load_file(json_path, 0, &e)) == NULL)
		FAIL("the JSON report does not parse: %s at line %d", e.text,
		    e.line);
	json_decref(j);
}

static void
check_written(const char *path)
{
	char *text;
	size_t len;

	text = slurp(path, &len);
	if (len == 0)
		FAIL("%s: empty", path);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src in = { data, size };
	struct run_result *r = build(&in);

	report(&report_junit, xml_path, r);
	check_junit();
	report(&report_json, json_path, r);
	check_json();
	report(&report_html, html_path, r);
	check_written(html_path);
	report(&report_tap, tap_path, r);
	check_written(tap_path);
	run_result_free(r);
	return 0;
}
