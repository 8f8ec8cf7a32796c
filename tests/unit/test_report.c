/* test_report.c - the JUnit writer fed hostile bytes (the report must stay
 * well formed, valid against tests/golden/junit.xsd and, when found, the Jenkins XSD, free of
 * control characters), under GitLab's limits (30 MB, unique keys,
 * attachments it can open, none forged), its write errors, the files of
 * the report folder, and the console's format. */
#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "unit.h"
#include "../../base/xalloc.h"
#include "../../reporters/report.h"
#include "../../base/report_file.h"
#include "../../reporters/safetext.h"
#include "../../harness/run/pool.h"

/* r's suites, built whole, handed to rp's reporters as a run would (each
 * suite replaced by what the run keeps of it), then rp closed. */
static int
feed_close(struct reporter *rp, struct run_result *r, char *err, size_t errlen)
{
	struct observer obs = reporter_observer(rp);
	size_t i;

	for (i = 0; i < r->nsuites; i++)
		r->suites[i] = pool_replay(&obs, r->suites[i]);
	return reporter_close(rp, r, err, errlen);
}

#define OWN_XSD	"tests/golden/junit.xsd"	/* run from the repo root */

static const char hostile[] = "ctl:\x01\x02\x08\x0b\x0c\x1f\x7f esc:\x1b[31mred"
    "\x1b[0m bad:\xff\xfe lone:\x80 cut:\xe2\x82 cdata:]]> xml:<&>\"' \xef\xbf\xbe";

/* A run of one suite: pass, fail (2 lines), error, skip. */
static struct run_result *
sample(size_t transcript_bytes)
{
	struct run_result *r = run_result_new();
	struct suite_result *s = suite_result_new("suite \x1b[1mA", "specs/a.yaml");
	struct test_result *t;
	char *big = xmalloc(transcript_bytes + 1);

	memset(big, 'z', transcript_bytes);
	big[transcript_bytes] = '\0';
	t = suite_result_add(s, "passes");
	t->seconds = 0.0126;
	t->transcript = xstrdup("> GET /\n< HTTP/1.1 200 OK\n");
	t = suite_result_add(s, hostile);
	t->line = 7;
	test_result_fail(t, "body: expected \"x\", got \"%s\"", hostile);
	test_result_fail(t, "status: expected 200, got 500");
	t->transcript = big;
	t = suite_result_add(s, "errors");
	t->status = TEST_ERROR;
	t->error = xstrdup("GET http://x/: Couldn't connect to server");
	t = suite_result_add(s, "skips");
	t->status = TEST_SKIP;
	t->skip_reason = xstrdup("later");
	s->seconds = 1.5;
	run_result_add(r, s);
	return r;
}

static int xml_problems;

static void
count_problem(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
	xml_problems++;
}

static void
count_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
	xml_problems++;
}

static char *
xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlChar *s = xmlXPathCastToString(o);
	char *out = xstrdup((const char *)s);

	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return out;
}

static void
check_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xpath_string(doc, expr);

	if (strcmp(got, want) != 0)
		unit_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", expr,
		    got, want);
	free(got);
}

static int
validates(xmlDocPtr doc, const char *xsd)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaValidCtxtPtr vc;
	int rc = -1;

	if (schema != NULL) {
		vc = xmlSchemaNewValidCtxt(schema);
		rc = xmlSchemaValidateDoc(vc, doc);
		xmlSchemaFreeValidCtxt(vc);
		xmlSchemaFree(schema);
	}
	xmlSchemaFreeParserCtxt(pc);
	return rc;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	p = xmalloc(*len + 1);
	*len = fread(p, 1, *len, f);
	p[*len] = '\0';
	fclose(f);
	return p;
}

static char *
write_junit(struct run_result *r, char *dir, char *err)
{
	const struct report_opts o = { 0 };
	struct reporter *rp = reporter_new();
	char *path;

	path = xasprintf("%s/junit.xml", dir);
	CHECK_INT(reporter_add(rp, &report_junit, path, &o, err, 512), 0);
	CHECK_INT(feed_close(rp, r, err, 512), 0);
	reporter_free(rp);
	return path;
}

UNIT_TEST(report_junit_hostile_bytes_stay_valid)
{
	char dir[] = "/tmp/junit-XXXXXX", err[512] = "", *path, *raw;
	struct run_result *r = sample(2 << 20);
	const char *jenkins = getenv("SHAKEDOWN_JUNIT_XSD");
	size_t len = 0, i;
	xmlDocPtr doc;

	CHECK(access(OWN_XSD, R_OK) == 0);
	CHECK(mkdtemp(dir) != NULL);
	path = write_junit(r, dir, err);
	raw = slurp(path, &len);
	CHECK(raw != NULL);
	for (i = 0; raw && i < len; i++)
		if (((unsigned char)raw[i] < 0x20 && raw[i] != '\n' &&
		    raw[i] != '\t') || raw[i] == 0x7f) {
			unit_fail(__FILE__, __LINE__, "control byte 0x%02x at %zu",
			    (unsigned char)raw[i], i);
			break;
		}
	CHECK(len > (2 << 20));		/* the 2 MiB transcript fits: whole */
	xml_problems = 0;
	xmlSetGenericErrorFunc(NULL, count_problem);
	xmlSetStructuredErrorFunc(NULL, count_structured);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	CHECK(doc != NULL);
	CHECK_INT(xml_problems, 0);
	if (doc != NULL) {
		/* The project's schema always; the Jenkins XSD when tests/run
		 * found it (SHAKEDOWN_JUNIT_XSD). */
		CHECK_INT(validates(doc, OWN_XSD), 0);
		if (jenkins != NULL && *jenkins != '\0')
			CHECK_INT(validates(doc, jenkins), 0);
		check_xpath(doc, "string(/testsuites/@tests)", "4");
		check_xpath(doc, "string(/testsuites/@failures)", "1");
		check_xpath(doc, "string(/testsuites/@errors)", "1");
		check_xpath(doc, "string(//testsuite/@skipped)", "1");
		check_xpath(doc, "string(//testcase[1]/@classname)", "suite \\x1b[1mA");
		check_xpath(doc, "string(//testcase[1]/@file)", "specs/a.yaml");
		check_xpath(doc, "string(//testcase[1]/@time)", "0.013");
		check_xpath(doc, "string(//testcase[2]/@line)", "7");
		/* The passing test's transcript is not written: 1, not 2. */
		check_xpath(doc, "string(count(//testcase[system-out]))", "1");
		check_xpath(doc, "string(count(//testcase/system-out[2]))", "0");
		check_xpath(doc, "string(//testcase[3]/error/@type)", "RequestError");
		check_xpath(doc, "string(//testcase[4]/skipped/@message)", "later");
		check_xpath(doc, "string(starts-with(//failure, 'body: expected \"x\", "
		    "got \"ctl:\\x01\\x02'))", "true");
		check_xpath(doc, "string(contains(//failure, '\nstatus: expected 200, "
		    "got 500\n'))", "true");
		check_xpath(doc, "string(contains(//testcase[2]/@name, "
		    "'cdata:]]> xml:<&>\"'))", "true");
		/* The transcript once, in the output; not in the failure. */
		check_xpath(doc, "string(contains(//failure, 'zzz'))", "false");
		check_xpath(doc, "string(string-length(//testcase[2]/system-out))",
		    "2097152");
		xmlFreeDoc(doc);
	}
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	unlink(path);
	rmdir(dir);
	free(raw);
	free(path);
	run_result_free(r);
}

UNIT_TEST(report_junit_write_errors)
{
	const struct report_opts o = { 0 };
	struct reporter *rp = reporter_new();
	char dir[] = "/tmp/junit-XXXXXX", err[512] = "", *path;
	struct run_result *r = sample(10);
	struct dirent *de;
	DIR *d;
	int n = 0;

	/* Missing parents are made, as mkdir -p; one that cannot be is named. */
	CHECK_INT(reporter_add(rp, &report_junit, "/dev/null/dir/j.xml", &o,
	    err, sizeof(err)), -1);
	CHECK_STR(err, "cannot write /dev/null/dir/j.xml: cannot create the "
	    "directory /dev/null/dir: Not a directory");
	/* The folder becomes a file between open and close: no report, no
	 * temp file. */
	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/sub", dir);
	mkdir(path, 0700);
	free(path);
	path = xasprintf("%s/sub/j.xml", dir);
	CHECK_INT(reporter_add(rp, &report_junit, path, &o, err, sizeof(err)), 0);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	fclose(fopen(path, "w"));
	CHECK_INT(feed_close(rp, r, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "cannot write ");
	d = opendir(dir);
	while (d && (de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	CHECK_INT(n, 1);		/* the file "sub" alone */
	unlink(path);
	rmdir(dir);
	free(path);
	reporter_free(rp);
	run_result_free(r);
}

/* Parses path; NULL (with a failed check) when it is not well formed. */
static xmlDocPtr
parse(const char *path)
{
	xmlDocPtr doc;

	xml_problems = 0;
	xmlSetGenericErrorFunc(NULL, count_problem);
	xmlSetStructuredErrorFunc(NULL, count_structured);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSetStructuredErrorFunc(NULL, NULL);
	CHECK(doc != NULL);
	CHECK_INT(xml_problems, 0);
	return doc;
}

static void
remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);	/* a mkdtemp name */

	CHECK_INT(system(cmd), 0);
	free(cmd);
}

UNIT_TEST(report_junit_under_30mb)
{
	char dir[] = "/tmp/junit-XXXXXX", err[512] = "", *path, *raw, *tr;
	struct run_result *r = run_result_new();
	struct suite_result *s = suite_result_new("big", "specs/big.yaml");
	struct test_result *t;
	size_t len = 0, i, n = 3 << 20;
	xmlDocPtr doc;
	char name[32];

	/* 12 failures, each with 3 MiB of '<' (12 MiB once escaped): 144
	 * MiB of output for a report GitLab drops over 30 MB. */
	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "page %zu", i + 1);
		t = suite_result_add(s, name);
		test_result_fail(t, "status: expected 200, got 500");
		test_result_fail(t, "body: expected to contain \"Welcome\"");
		tr = xmalloc(n + 64);
		len = (size_t)sprintf(tr, "> GET /%zu\n\n< HTTP/1.1 500 Oops\n<\n", i);
		memset(tr + len, '<', n - len - 9);
		strcpy(tr + n - 9, "\nthe end\n");
		t->transcript = tr;
	}
	t = suite_result_add(s, "passes");
	t->transcript = xstrdup("> GET /\n< HTTP/1.1 200 OK\n");
	run_result_add(r, s);
	CHECK(mkdtemp(dir) != NULL);
	path = write_junit(r, dir, err);
	raw = slurp(path, &len);
	if (!(len > 25000000 && len <= 30000000))
		unit_fail(__FILE__, __LINE__, "report of %zu bytes", len);
	doc = parse(path);
	if (doc != NULL) {
		check_xpath(doc, "string(count(//testcase))", "13");
		check_xpath(doc, "string(count(//failure))", "12");
		/* Every failure keeps its lines and the request's; every
		 * output its start, its end and a note of what was cut. */
		check_xpath(doc, "string(count(//failure[contains(., "
		    "'status: expected 200, got 500\nbody: expected to contain "
		    "\"Welcome\"\n\n> GET /')]))", "12");
		check_xpath(doc, "string(count(//failure[contains(., "
		    "'< HTTP/1.1 500 Oops')]))", "12");
		check_xpath(doc, "string(count(//failure[contains(., '<<')]))", "0");
		check_xpath(doc, "string(count(//system-out[starts-with(., "
		    "'> GET /') and contains(., \"bytes left out to keep the "
		    "report under GitLab's 30 MB]\") and substring-after(., "
		    "'\nthe end\n') = '']))", "12");
		xmlFreeDoc(doc);
	}
	CHECK(raw && strstr(raw, "[cut: ") != NULL);
	free(raw);
	unlink(path);
	rmdir(dir);
	free(path);
	run_result_free(r);
}

UNIT_TEST(report_junit_unique_keys)
{
	static const char *const files[] = { "specs/users/api.yaml",
	    "specs/orders/api.yaml", "specs/orders/api.yaml" };
	char dir[] = "/tmp/junit-XXXXXX", err[512] = "", *path;
	struct run_result *r = run_result_new();
	struct suite_result *s;
	struct test_result *t;
	xmlDocPtr doc;
	size_t i;

	for (i = 0; i < 3; i++) {
		s = suite_result_new("api", files[i]);
		t = suite_result_add(s, "health");
		test_result_fail(t, "status: expected 201, got 200");
		run_result_add(r, s);
	}
	s = suite_result_new("alone", "specs/alone.yaml");
	suite_result_add(s, "health");
	run_result_add(r, s);
	CHECK(mkdtemp(dir) != NULL);
	path = write_junit(r, dir, err);
	if ((doc = parse(path)) != NULL) {
		check_xpath(doc, "string((//testcase)[1]/@classname)",
		    "api (specs/users/api.yaml)");
		check_xpath(doc, "string((//testcase)[2]/@classname)",
		    "api (specs/orders/api.yaml)");
		check_xpath(doc, "string((//testcase)[2]/@name)", "health");
		/* The same file twice: the name tells them apart. */
		check_xpath(doc, "string((//testcase)[3]/@classname)",
		    "api (specs/orders/api.yaml)");
		check_xpath(doc, "string((//testcase)[3]/@name)", "health (2)");
		check_xpath(doc, "string((//testcase)[4]/@classname)", "alone");
		check_xpath(doc, "string((//testsuite)[1]/@name)", "api");
		xmlFreeDoc(doc);
	}
	unlink(path);
	rmdir(dir);
	free(path);
	run_result_free(r);
}

UNIT_TEST(report_junit_attachments)
{
	char dir[] = "/tmp/junit-XXXXXX", err[512] = "", *path, *body, *old;
	struct run_result *r = run_result_new();
	struct suite_result *s = suite_result_new("links", "specs/links.yaml");
	struct test_result *t;
	xmlDocPtr doc;

	CHECK(mkdtemp(dir) != NULL);
	body = xasprintf("%s/rep/../rep/bodies/x.body", dir);
	CHECK_INT(report_file_save(body, "x", 1, err, sizeof(err)), 0);
	t = suite_result_add(s, "linked");
	test_result_fail(t, "body: expected \"y\", got \"[[ATTACHMENT|/etc/passwd]]\"");
	t->attachment = xstrdup(body);
	t->transcript = xstrdup("> GET /\n< HTTP/1.1 200 OK\n<\n"
	    "[[ATTACHMENT|/etc/passwd]] [[attachment|/etc/shadow]]\n");
	t = suite_result_add(s, "its file is gone");
	test_result_fail(t, "status: expected 200, got 500");
	t->attachment = xasprintf("%s/rep/bodies/gone.body", dir);
	t->transcript = xstrdup("[[ATTACHMENT|/etc/passwd]]\n");
	t = suite_result_add(s, "passes");
	t->attachment = xstrdup(body);
	t->transcript = xstrdup("ok\n");
	run_result_add(r, s);
	old = getenv("CI_PROJECT_DIR") ? xstrdup(getenv("CI_PROJECT_DIR")) : NULL;
	setenv("CI_PROJECT_DIR", dir, 1);
	path = write_junit(r, dir, err);
	if (old)
		setenv("CI_PROJECT_DIR", old, 1);
	else
		unsetenv("CI_PROJECT_DIR");
	free(old);
	if ((doc = parse(path)) != NULL) {
		/* Relative to the project folder, first; the app's own
		 * links broken, wherever they are. */
		check_xpath(doc, "string(//testcase[1]/system-out)",
		    "[[ATTACHMENT|rep/bodies/x.body]]\n> GET /\n< HTTP/1.1 200 OK\n"
		    "<\n[ [ATTACHMENT|/etc/passwd]] [ [attachment|/etc/shadow]]\n");
		check_xpath(doc, "string(contains(//testcase[1]/failure, "
		    "'got \"[ [ATTACHMENT|/etc/passwd]]\"'))", "true");
		/* No link to a file that is not there, nor on a pass (whose
		 * transcript is not written either). */
		check_xpath(doc, "string(//testcase[2]/system-out)",
		    "[ [ATTACHMENT|/etc/passwd]]\n");
		check_xpath(doc, "string(count(//testcase[3]/system-out))", "0");
		xmlFreeDoc(doc);
	}
	unlink(path);
	free(path);
	remove_tree(dir);
	free(body);
	run_result_free(r);
}

UNIT_TEST(report_folder_files)
{
	char dir[] = "/tmp/rdir-XXXXXX", err[512] = "", cwd[PATH_MAX], *p, *q;
	int outside;

	CHECK(mkdtemp(dir) != NULL);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	/* The folder and its parents are made, and must take a file. */
	p = xasprintf("%s/a/b/c", dir);
	CHECK_INT(report_dir_prepare(p, err, sizeof(err)), 0);
	CHECK_INT(access(p, W_OK), 0);
	free(p);
	p = xasprintf("%s/a/b/c/file", dir);
	CHECK_INT(report_file_save(p, "abc", 3, err, sizeof(err)), 0);
	CHECK_INT(report_dir_prepare(p, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "Not a directory");
	CHECK_INT(report_dir_prepare("/proc/shakedown-unit", err, sizeof(err)), -1);
	CHECK_STR(err, "cannot create the directory /proc/shakedown-unit: No such "
	    "file or directory");
	/* Paths as GitLab opens them: relative to the project folder, from
	 * an absolute path, one with "..", one relative to the working
	 * directory. */
	q = report_file_relative(p, dir, &outside);
	CHECK_STR(q, "a/b/c/file");
	CHECK_INT(outside, 0);
	free(q);
	free(p);
	p = xasprintf("%s/a/b/../../a/b/c/file", dir);
	q = report_file_relative(p, dir, &outside);
	CHECK_STR(q, "a/b/c/file");
	free(q);
	q = xasprintf("%s/a", dir);
	CHECK_INT(chdir(q), 0);
	free(q);
	q = report_file_relative("b/c/../c/file", dir, &outside);
	CHECK_STR(q, "a/b/c/file");
	free(q);
	q = report_file_relative("b/c/file", ".", &outside);
	CHECK_STR(q, "b/c/file");
	free(q);
	CHECK_INT(chdir(cwd), 0);
	q = report_file_relative(p, "/usr", &outside);
	CHECK_STR(q, p);
	CHECK_INT(outside, 1);
	free(q);
	free(p);
	/* A write that fails leaves no file. */
	p = xasprintf("%s/a/b/c/file/x", dir);
	CHECK_INT(report_file_save(p, "abc", 3, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "Not a directory");
	free(p);
	if (access("/dev/full", W_OK) == 0) {
		CHECK_INT(report_file_save("/dev/full", "abc", 3, err, sizeof(err)),
		    -1);
		CHECK_STR(err, "cannot write /dev/full: No space left on device");
	}
	remove_tree(dir);
}

static char *
console(struct run_result *r, int color, int gitlab, int quiet)
{
	struct report_opts o = { 0 };
	struct reporter *rp = reporter_new();
	char *out = NULL, err[128];
	size_t len = 0;

	o.out = open_memstream(&out, &len);
	o.color = color;
	o.gitlab = gitlab;
	o.quiet = quiet;
	CHECK_INT(reporter_add(rp, &report_console, NULL, &o, err, sizeof(err)), 0);
	CHECK_INT(feed_close(rp, r, err, sizeof(err)), 0);
	reporter_free(rp);
	fclose(o.out);
	return out;
}

UNIT_TEST(report_console_lines_and_summary)
{
	struct run_result *r = sample(10);
	char *out = console(r, 0, 0, 0), *last;

	CHECK(strchr(out, '\x1b') == NULL);
	CHECK_CONTAINS(out, "suite \\x1b[1mA (specs/a.yaml)\n");
	CHECK_CONTAINS(out, "  ✓ passes  (13 ms)\n");
	CHECK_CONTAINS(out, "  ✗ ctl:\\x01");
	CHECK_CONTAINS(out, "  ! errors  (error, 0 ms)\n");
	CHECK_CONTAINS(out, "     › errors\n     specs/a.yaml\n");
	CHECK_CONTAINS(out, "  - skips  (skipped: later)\n");
	CHECK_CONTAINS(out, "Failures:\n");
	CHECK_CONTAINS(out, "     specs/a.yaml:7\n");
	CHECK_CONTAINS(out, "     status: expected 200, got 500\n");
	CHECK_CONTAINS(out, "     error: GET http://x/: Couldn't connect to server\n");
	CHECK(strstr(out, "section_start") == NULL);
	last = strrchr(out, '\n');
	*last = '\0';
	last = strrchr(out, '\n');
	CHECK_STR(last + 1, "1 passed, 2 failed, 1 skipped");
	free(out);
	run_result_free(r);
	r = sample(10);		/* a run is reported once */
	out = console(r, 1, 1, 0);
	CHECK_CONTAINS(out, "\x1b[0Ksection_start:");
	CHECK_CONTAINS(out, ":shakedown_1_suite___1ma[collapsed=false]\r\x1b[0K");
	CHECK_CONTAINS(out, "\x1b[0Ksection_end:");
	CHECK_CONTAINS(out, "\x1b[32m✓\x1b[0m passes");
	free(out);
	run_result_free(r);
	r = sample(10);
	out = console(r, 0, 0, 1);
	CHECK(strstr(out, "passes") == NULL);
	CHECK(strstr(out, "skips") == NULL);
	CHECK_CONTAINS(out, "  ! errors");
	CHECK_CONTAINS(out, "1 passed, 2 failed, 1 skipped\n");
	free(out);
	run_result_free(r);
}

UNIT_TEST(report_safetext)
{
	char *s = safetext_dup(hostile, sizeof(hostile) - 1);

	CHECK_STR(s, "ctl:\\x01\\x02\\x08\\x0b\\x0c\\x1f\\x7f esc:\\x1b[31mred\\x1b[0m "
	    "bad:\xef\xbf\xbd\xef\xbf\xbd lone:\xef\xbf\xbd cut:\xef\xbf\xbd\xef\xbf\xbd "
	    "cdata:]]> xml:<&>\"' \xef\xbf\xbd");
	free(s);
	s = safetext_dup("a\r\nb\rc\td\xc3\xa9", 10);
	CHECK_STR(s, "a\nb\\x0dc\td\xc3\xa9");
	free(s);
	CHECK_INT(safetext_cut("ab\xc3\xa9", 3), 2);
	CHECK_INT(safetext_cut("ab\xc3\xa9", 2), 2);
	CHECK_INT(safetext_cut("ab\xc3\xa9", 4), 4);
}

/* Every report kind in the table: the console alone has no option; the
 * others an option of their own and a help line that fits --help's 80
 * columns (24 for "      --OPTION FILE"). */
UNIT_TEST(report_kinds_table)
{
	size_t i, j, consoles = 0;
	const struct report_kind *k;

	CHECK(report_kinds[0] == &report_console);
	for (i = 0; (k = report_kinds[i]) != NULL; i++) {
		CHECK(k->name != NULL && k->open != NULL && k->close != NULL);
		if (k->option == NULL) {
			consoles++;
			continue;
		}
		CHECK(k->help != NULL && strchr(k->help, '\n') == NULL);
		CHECK(strlen("      --") + strlen(k->option) + strlen(" FILE") < 24);
		CHECK(24 + strlen(k->help) <= 80);
		for (j = 0; j < i; j++)
			CHECK(report_kinds[j]->option == NULL ||
			    strcmp(report_kinds[j]->option, k->option) != 0);
	}
	CHECK_INT(consoles, 1);
	for (i = 0; report_kinds[i] != NULL && report_kinds[i] != &report_markdown;
	    i++)
		;
	CHECK(report_kinds[i] == &report_markdown);
}

/* r as the Markdown summary (new), *len its bytes. */
static char *
markdown(struct run_result *r, size_t *len)
{
	const struct report_opts o = { 0 };
	struct reporter *rp = reporter_new();
	char dir[] = "/tmp/md-XXXXXX", err[512] = "", *path, *out;

	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/sub/r.md", dir);
	CHECK_INT(reporter_add(rp, &report_markdown, path, &o, err, sizeof(err)),
	    0);
	CHECK_INT(feed_close(rp, r, err, sizeof(err)), 0);
	reporter_free(rp);
	out = slurp(path, len);
	CHECK(out != NULL);
	if (out != NULL)
		out[*len] = '\0';
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	rmdir(dir);
	free(path);
	return out ? out : xstrdup("");
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

UNIT_TEST(report_markdown_summary)
{
	struct run_result *r = sample(10);
	struct suite_result *s = suite_result_new("pipes | <b>html</b> @all #1",
	    "specs/b.yaml");
	struct test_result *t;
	const char *title = "## ❌ shakedown: 1 passed, 3 failed, 1 skipped · 2 "
	    "spec files · 2.00 s\n";
	size_t len;
	char *md;

	t = suite_result_add(s, "a|b `x`");
	t->line = 3;
	t->attachment = xstrdup("shakedown-report/bodies/b.body");
	test_result_fail(t, "body: expected \"```\", got \"<script>x</script>\"\n"
	    "/merge\n````");
	s->seconds = 0.25;
	run_result_add(r, s);
	r->seconds = 2;
	md = markdown(r, &len);
	CHECK(strncmp(md, title, strlen(title)) == 0);
	CHECK_CONTAINS(md, "\n| Suite | Tests | Passed | Failed | Skipped | Time |\n"
	    "| :--- | ---: | ---: | ---: | ---: | ---: |\n");
	CHECK_CONTAINS(md, "\n| suite \\\\x1b\\[1mA | 4 | 1 | 2 | 1 | 1.50 s |\n");
	CHECK_CONTAINS(md, "\n| pipes \\| \\<b\\>html\\</b\\> \\@all \\#1 | 1 | 0 | 1 "
	    "| 0 | 0.25 s |\n");
	/* Each failure: suite › test, where, its lines in a code block. */
	CHECK_CONTAINS(md, "\n### Failures\n");
	CHECK_CONTAINS(md, "\n**suite \\\\x1b\\[1mA › errors** · `specs/a.yaml`\n\n"
	    "```\n  error: GET http://x/: Couldn't connect to server\n```\n");
	CHECK_CONTAINS(md, "\n```\n  body: expected \"x\", got \"ctl:\\x01");
	CHECK_CONTAINS(md, "\n  status: expected 200, got 500\n```\n");
	CHECK_CONTAINS(md, "\n**pipes \\| \\<b\\>html\\</b\\> \\@all \\#1 › a\\|b "
	    "\\`x\\`** · `specs/b.yaml:3` · saved output: "
	    "`shakedown-report/bodies/b.body`\n\n");
	/* A fence longer than any backtick run; no line starts a quick action. */
	CHECK_CONTAINS(md, "\n`````\n  body: expected \"```\", got "
	    "\"<script>x</script>\"\n  /merge\n  ````\n`````\n");
	CHECK(strstr(md, "\n/") == NULL);
	CHECK(strstr(md, "more failure") == NULL);
	CHECK(strchr(md, '\x1b') == NULL);
	free(md);
	run_result_free(r);
	/* No suite: the totals alone. */
	r = run_result_new();
	md = markdown(r, &len);
	CHECK_STR(md, "## ✅ shakedown: 0 passed, 0 failed, 0 skipped · 0 spec "
	    "files · 0.00 s\n");
	free(md);
	run_result_free(r);
}

/* Under GitLab's note limit (1,000,000 characters) whatever the run: the
 * suites' table, the failures and one failure's lines are cut, saying so. */
UNIT_TEST(report_markdown_under_note_limit)
{
	struct run_result *r = run_result_new();
	struct suite_result *s;
	struct test_result *t;
	char name[400], *line = xmalloc(2001), *md, *p;
	size_t len, i, shown, more = 0;

	memset(line, '|', 2000);
	line[2000] = '\0';
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "%zu %0300d", i, 0);
		s = suite_result_new(name, "specs/x.yaml");
		t = suite_result_add(s, "fails");
		test_result_fail(t, "%s", line);
		if (i == 0)
			for (size_t j = 0; j < 100; j++)
				test_result_fail(t, "%s", line);
		run_result_add(r, s);
	}
	md = markdown(r, &len);
	CHECK(len < 1000000);
	CHECK(len > 800000);
	CHECK(strlen(md) == len);
	/* A name is cut at 256 bytes. */
	CHECK_CONTAINS(md, "\n| 0 000000");
	CHECK_CONTAINS(md, "000…");
	CHECK(strstr(md, "0000000000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000"
	    "0000") == NULL);
	p = strstr(md, "more suites, see the JUnit report |");
	CHECK(p != NULL);
	CHECK_CONTAINS(md, "\n  … cut, see the JUnit report\n");
	shown = count(md, "\n**");
	p = strstr(md, "\n… ");
	CHECK(p != NULL);
	if (p != NULL)
		more = strtoul(p + strlen("\n… "), NULL, 10);
	CHECK_CONTAINS(md, " more failures, see the JUnit report\n");
	CHECK(shown > 10);
	CHECK_INT(shown + more, 3000);
	free(md);
	free(line);
	run_result_free(r);
}

/* Once reported, a passing or skipped test is only counted: the suite
 * keeps its first test and the failed one, and the report, streamed, is
 * whole (the failed test filled in at close, in its place). */
UNIT_TEST(report_run_keeps_only_what_reports_read)
{
	const struct report_opts o = { 0 };
	struct reporter *rp = reporter_new();
	struct run_result *r = run_result_new();
	struct suite_result *s = suite_result_new("many", "specs/many.yaml");
	char dir[] = "/tmp/report-XXXXXX", err[512] = "", name[32], *path, *tap;
	struct test_result *t;
	size_t i, len = 0;

	for (i = 1; i <= 1000; i++) {
		snprintf(name, sizeof(name), "t %zu", i);
		t = suite_result_add(s, name);
		t->transcript = xstrdup("> GET /\n< HTTP/1.1 200 OK\n");
		test_result_assertion(t, "status", 1, NULL);
		if (i == 500)
			test_result_fail(t, "status: expected 201, got 200");
		if (i == 700) {
			t->status = TEST_SKIP;
			free(t->transcript);
			t->transcript = NULL;
			t->skip_reason = xstrdup("later");
		}
	}
	run_result_add(r, s);
	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/r.tap", dir);
	CHECK_INT(reporter_add(rp, &report_tap, path, &o, err, sizeof(err)), 0);
	CHECK_INT(feed_close(rp, r, err, sizeof(err)), 0);
	s = r->suites[0];
	CHECK_INT(s->ntests, 2);
	CHECK_STR(s->tests[0].name, "t 1");
	CHECK(s->tests[0].transcript == NULL && s->tests[0].nassertions == 0);
	CHECK_STR(s->tests[1].name, "t 500");
	CHECK_INT(s->count[TEST_PASS], 998);
	CHECK_INT(s->count[TEST_FAIL], 1);
	CHECK_INT(s->count[TEST_SKIP], 1);
	CHECK_INT(suite_result_total(s), 1000);
	tap = slurp(path, &len);
	CHECK(tap != NULL && strncmp(tap, "TAP version 13\n1..1000\nok 1 - many: t 1\n",
	    40) == 0);
	CHECK_CONTAINS(tap, "\nok 499 - many: t 499\nnot ok 500 - many: t 500\n"
	    "  ---\n  severity: fail\n");
	CHECK_CONTAINS(tap, "\nok 700 - many: t 700 # SKIP later\n");
	CHECK(tap != NULL && len > 23);
	if (tap != NULL && len > 23)
		CHECK_STR(tap + len - 23, "ok 1000 - many: t 1000\n");
	free(tap);
	unlink(path);
	CHECK_INT(rmdir(dir), 0);	/* no spool, no temp file left */
	free(path);
	reporter_free(rp);
	run_result_free(r);
}
