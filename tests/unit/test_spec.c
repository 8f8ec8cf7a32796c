/* test_spec.c - a spec streamed: each test dropped after its load and
 * built again from its bytes at its turn, the same as the one loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "../../assertions/assert.h"
#include "../../browser/browser.h"
#include "../../harness/spec/spec.h"

static void
write_spec(char *path, const char *text)
{
	int fd = mkstemps(path, 5);
	FILE *f;

	CHECK(fd != -1);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

static const char spec_text[] =
    "# caf\xc3\xa9\n"
    "name: streamed\n"
    "vars: { who: me }\n"
    "defaults: { headers: { x-d: d } }\n"
    "setup:\n"
    "  - name: login\n"
    "    post: /login\n"
    "    capture: { token: { json: $.t } }\n"
    "tests:\n"
    "  - name: \"\xe2\x98\x95 one\"\n"
    "    get: /a/{{who}}\n"
    "    tags: [fast]\n"
    "    expect:\n"
    "      status: 200\n"
    "      body: { matches: 'x{{token}}' }\n"
    "  - { get: /b, expect: { status: [200, 204] } }\n"
    "  - &c\n"
    "    name: three\n"
    "    get: /c\n"
    "  - <<: *c\n"
    "    name: four\n";

UNIT_TEST(spec_tests_built_again_at_their_turn)
{
	char path[] = "/tmp/spec-XXXXXX.yaml";
	struct buf errs = BUF_INIT;
	struct spec *s;
	struct test *t;
	size_t i;

	write_spec(path, spec_text);
	spec_model_budget(0);		/* no model kept: each built again */
	s = spec_load(path, NULL, &errs);
	spec_model_budget(SPEC_MODEL_BUDGET);
	CHECK_STR(buf_str(&errs), "");
	CHECK(s != NULL);
	if (s == NULL)
		goto out;
	CHECK_INT(s->ntests, 5);
	CHECK_STR(s->tests[1].name, "\xe2\x98\x95 one");
	CHECK_STR(s->tests[2].name, "GET /b");
	CHECK_INT(s->tests[1].line, 10);
	CHECK_INT(s->tests[1].col, 5);
	CHECK_INT(s->tests[0].phase, PHASE_SETUP);
	CHECK_INT(json_array_size(s->tests[1].tags), 1);
	CHECK(s->tests[0].tags == NULL);
	CHECK_STR(json_string_value(json_object_get(s->captured_by, "token")),
	    "login");
	/* Dropped after the load, but the one whose alias crosses items. */
	for (i = 0; i < 4; i++)
		CHECK(s->tests[i].model == NULL);
	CHECK(s->tests[4].model != NULL);
	for (i = 0; i < s->ntests; i++) {
		buf_reset(&errs);
		t = spec_test_open(s, i, &errs);
		CHECK_STR(buf_str(&errs), "");
		CHECK(t != NULL);
		if (t == NULL)
			continue;
		CHECK_STR(t->name, s->tests[i].name);
		CHECK_INT(t->line, s->tests[i].line);
		CHECK_INT(t->phase, s->tests[i].phase);
		if (i == 1) {
			CHECK_STR(t->req.url, "/a/{{who}}");
			CHECK_INT(t->checks->n, 2);
			CHECK_INT(t->req.nheaders, 1);	/* the defaults' */
			CHECK(json_object_get(t->uses, "token") != NULL);
		}
		if (i == 4)
			CHECK_STR(t->req.url, "/c");
		spec_test_close(s, i, t);
	}
	/* The file changed since: the test says so, it is not run. */
	CHECK(truncate(path, 0) == 0);
	buf_reset(&errs);
	CHECK(spec_test_open(s, 1, &errs) == NULL);
	CHECK_CONTAINS(buf_str(&errs), "cannot read test");
	spec_free(s);
out:
	buf_release(&errs);
	unlink(path);
}

UNIT_TEST(spec_streamed_errors_as_whole)
{
	char path[] = "/tmp/spec-XXXXXX.yaml";
	struct buf errs = BUF_INIT;
	char want[512];

	/* vars: after tests: the spec is loaded whole, names resolve. */
	write_spec(path, "tests:\n  - get: /{{x}}\n    expect: { nope: 1 }\n"
	    "vars: { x: 1 }\n");
	CHECK(spec_load(path, NULL, &errs) == NULL);
	snprintf(want, sizeof(want), "%s:3:15: unknown key 'nope' in expect", path);
	CHECK_CONTAINS(buf_str(&errs), want);
	CHECK(strstr(buf_str(&errs), "undefined") == NULL);
	unlink(path);
	buf_reset(&errs);

	/* A syntax error after a bad test: only the syntax error. */
	memcpy(path + strlen(path) - 11, "XXXXXX", 6);
	write_spec(path, "tests:\n  - get: /a\n    expect: { nope: 1 }\n"
	    "  - get: [\n");
	CHECK(spec_load(path, NULL, &errs) == NULL);
	CHECK(strstr(buf_str(&errs), "nope") == NULL);
	CHECK_CONTAINS(buf_str(&errs), ":5:1: did not find expected node content");
	unlink(path);
	buf_reset(&errs);

	/* The same expect: twice, clean then not (an undefined name): each
	 * test checked on its own. */
	memcpy(path + strlen(path) - 11, "XXXXXX", 6);
	write_spec(path, "tests:\n  - get: /a\n    expect: { status: 200 }\n"
	    "  - get: /b\n    expect: { status: 200 }\n"
	    "  - get: /c\n    expect: { body: { contains: '{{x}}' } }\n"
	    "  - get: /d\n    expect: { body: { contains: '{{x}}' } }\n");
	CHECK(spec_load(path, NULL, &errs) == NULL);
	snprintf(want, sizeof(want), "%s:7:34: undefined variable 'x'\n"
	    "%s:9:34: undefined variable 'x'\n", path, path);
	CHECK_STR(buf_str(&errs), want);
	buf_release(&errs);
	unlink(path);
}

UNIT_TEST(spec_json_tests_built_again)
{
	char path[] = "/tmp/spec-XXXXXX.json";
	struct buf errs = BUF_INIT;
	struct spec *s;
	struct test *t;
	size_t i;
	int fd = mkstemps(path, 5);
	FILE *f;

	CHECK(fd != -1);
	f = fdopen(fd, "w");
	fputs("{\n  \"name\": \"j\",\n  \"tests\": [\n    {\"name\": \"caf\xc3\xa9\","
	    " \"get\": \"/a\",\n     \"expect\": {\"status\": 200}},\n"
	    "    {\"get\": \"/b\"}\n  ]\n}\n", f);
	fclose(f);
	spec_model_budget(0);
	s = spec_load(path, NULL, &errs);
	spec_model_budget(SPEC_MODEL_BUDGET);
	CHECK_STR(buf_str(&errs), "");
	CHECK(s != NULL && s->ntests == 2);
	for (i = 0; s != NULL && i < s->ntests; i++) {
		CHECK(s->tests[i].model == NULL);
		t = spec_test_open(s, i, &errs);
		CHECK_STR(buf_str(&errs), "");
		CHECK(t != NULL);
		if (t != NULL) {
			CHECK_STR(t->name, s->tests[i].name);
			CHECK_INT(t->line, i == 0 ? 4 : 6);
			CHECK_INT(t->col, 5);
			CHECK_INT(t->checks->n, i == 0 ? 1 : 0);
		}
		spec_test_close(s, i, t);
	}
	spec_free(s);
	buf_release(&errs);
	unlink(path);
}

/* Within the budget a test keeps its model; past it, none is kept.  (Under
 * a sanitizer's allocator the budget counts 8 KiB a test.) */
UNIT_TEST(spec_models_kept_within_the_budget)
{
	char path[] = "/tmp/spec-XXXXXX.yaml";
	struct buf errs = BUF_INIT, text = BUF_INIT;
	struct spec *s;
	struct test *t;
	size_t i, kept = 0;

	buf_addf(&text, "name: budget\nbase_url: http://127.0.0.1:1\ntests:\n");
	for (i = 0; i < 400; i++)
		buf_addf(&text, "  - name: t%zu\n    get: /x/%zu\n    expect:\n"
		    "      status: 200\n      body: { matches: 'a{%zu}' }\n", i, i, i);
	write_spec(path, buf_str(&text));
	spec_model_budget(64 << 20);
	s = spec_load(path, NULL, &errs);
	CHECK_STR(buf_str(&errs), "");
	CHECK(s != NULL && s->ntests == 400);
	for (i = 0; s != NULL && i < s->ntests; i++) {
		CHECK(s->tests[i].model != NULL);
		t = spec_test_open(s, i, &errs);
		CHECK(t == s->tests[i].model);	/* no parse at its turn */
		spec_test_close(s, i, t);
	}
	spec_free(s);
	/* 64 KiB: the first tests keep theirs, the rest are built again. */
	spec_model_budget(64 << 10);
	s = spec_load(path, NULL, &errs);
	CHECK_STR(buf_str(&errs), "");
	CHECK(s != NULL && s->ntests == 400);
	for (i = 0; s != NULL && i < s->ntests; i++)
		kept += s->tests[i].model != NULL;
	CHECK(kept > 0 && kept < 400);
	CHECK(s == NULL || s->tests[399].model == NULL);
	if (s != NULL) {
		t = spec_test_open(s, 399, &errs);
		CHECK_STR(buf_str(&errs), "");
		CHECK(t != NULL && t != s->tests[399].model);
		if (t != NULL)
			CHECK_STR(t->req.url, "/x/399");
		spec_test_close(s, 399, t);
	}
	spec_free(s);
	spec_model_budget(SPEC_MODEL_BUDGET);
	buf_release(&text);
	buf_release(&errs);
	unlink(path);
}

/* Browser tests: known from the load (spec_has_browser) though every test
 * is built again at its turn; their default names; their expect: compiled
 * for a browser, the memo telling one from the same expect: of an HTTP
 * test. */
UNIT_TEST(spec_browser_tests)
{
	char path[] = "/tmp/spec-XXXXXX.yaml";
	struct buf errs = BUF_INIT;
	struct spec *s;
	struct test *t;
	char want[512];

	write_spec(path, "tests:\n"
	    "  - get: /a\n    expect: { status: 200 }\n"
	    "  - browser: /\n    expect: { status: 200 }\n"
	    "  - browser: { open: /todos }\n"
	    "    expect: { title: Todos }\n"
	    "    capture: { t: { title: true } }\n"
	    "  - browser: { steps: [ { open: /b } ] }\n"
	    "    expect: { elements: { '#a': { count: 1 } } }\n");
	spec_model_budget(0);
	s = spec_load(path, NULL, &errs);
	spec_model_budget(SPEC_MODEL_BUDGET);
	CHECK_STR(buf_str(&errs), "");
	CHECK(s != NULL);
	if (s == NULL)
		goto out;
	CHECK(spec_has_browser(s));
	CHECK(s->tests[1].model == NULL);
	CHECK_STR(s->tests[0].name, "GET /a");
	CHECK_STR(s->tests[1].name, "browser /");
	CHECK_STR(s->tests[2].name, "browser /todos");
	CHECK_STR(s->tests[3].name, "browser");
	t = spec_test_open(s, 2, &errs);
	CHECK(t != NULL && t->browser != NULL);
	if (t != NULL) {
		CHECK_STR(t->browser->open, "/todos");
		CHECK_INT(t->checks->n, 1);
		CHECK_STR(t->checks->v[0].kind->key, "title");
		spec_test_close(s, 2, t);
	}
	t = spec_test_open(s, 0, &errs);
	CHECK(t != NULL && t->browser == NULL);
	if (t != NULL)
		spec_test_close(s, 0, t);
	spec_free(s);
	unlink(path);

	/* No browser test: none. */
	memcpy(path + strlen(path) - 11, "XXXXXX", 6);
	write_spec(path, "tests:\n  - get: /a\n");
	s = spec_load(path, NULL, &errs);
	CHECK(s != NULL && !spec_has_browser(s));
	spec_free(s);
	unlink(path);

	/* The same expect: in a browser test, then an HTTP test: the
	 * second does not apply. */
	memcpy(path + strlen(path) - 11, "XXXXXX", 6);
	write_spec(path, "tests:\n"
	    "  - browser: /\n    expect: { title: T }\n"
	    "  - get: /\n    expect: { title: T }\n");
	CHECK(spec_load(path, NULL, &errs) == NULL);
	snprintf(want, sizeof(want), "%s:5:15: 'title' applies to browser "
	    "tests, not to HTTP tests\n", path);
	CHECK_STR(buf_str(&errs), want);
out:
	buf_release(&errs);
	unlink(path);
}
