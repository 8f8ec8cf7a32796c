/* test_page_assert.c - the expectations and captures of browser tests
 * (title, url, status, errors, console, failedRequests, result,
 * elements), compiled from YAML for ASSERT_BROWSER and evaluated against
 * a page snapshot built by hand and a fake elements query giving canned
 * arrays: passing and failing cases, the exact failure lines, and the
 * spec errors of keys that do not apply. */
#include <stdlib.h>

#include "fixture.h"
#include "unit.h"
#include "../../assertions/assert.h"
#include "../../assertions/capture.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"

/* Compiles yaml for a test of target: its capture: when it has one, else
 * the mapping as an expect:. */
static void
pcompile(struct fixture *f, const char *yaml, int target)
{
	fixture_compile(f, yaml, json_pack("{s:s}", "item", "buy milk"), target);
}


/* The page once the steps are done, as page_snapshot gives it. */
static json_t *
snapshot(void)
{
	return json_pack("{s:s, s:s, s:i, s:[s], s:[], s:[s, s], s:{s:i, s:[b]}}",
	    "url", "http://127.0.0.1:8080/todos?x=1",
	    "title", "Todos",
	    "status", 200,
	    "errors", "TypeError: x is undefined (http://127.0.0.1:8080/app.js:3:7)",
	    "console",
	    "failedRequests", "404 GET http://127.0.0.1:8080/favicon.ico",
	    "net::ERR_CONNECTION_REFUSED GET http://127.0.0.1:9/x.js",
	    "result", "n", 2, "ok", 1);
}

/* What page_elements would give, by selector: "bad[" is malformed;
 * anything not listed selects nothing. */
static json_t *
fake_elements(void *arg, const char *selector, struct buf *why)
{
	json_t *canned = arg, *v;

	if (strcmp(selector, "bad[") == 0) {
		buf_adds(why, "bad selector 'bad[': SyntaxError: not a valid "
		    "selector");
		return NULL;
	}
	if ((v = json_object_get(canned, selector)) != NULL)
		return json_incref(v);
	return json_array();
}

static json_t *
canned(void)
{
	json_t *c;
	json_error_t e;

	c = json_loads("{"
	    "\"#todos li\": ["
	    "  {\"text\": \"buy milk\", \"visible\": true,"
	    "   \"attributes\": {\"data-id\": \"1\", \"class\": \"todo\"}},"
	    "  {\"text\": \"walk dog\", \"visible\": true,"
	    "   \"attributes\": {\"data-id\": \"2\"}}],"
	    "\"#todos li:first-child\": ["
	    "  {\"text\": \"buy milk\", \"visible\": true,"
	    "   \"attributes\": {\"data-id\": \"1\", \"class\": \"todo\"}}],"
	    "\"#title\": [{\"text\": \"\", \"visible\": true, \"value\": \"buy milk\","
	    "   \"attributes\": {\"id\": \"title\"}}],"
	    "\"#spinner\": [{\"text\": \"Loading\", \"visible\": false,"
	    "   \"attributes\": {}}],"
	    "\".mixed\": [{\"text\": \"a\", \"visible\": true, \"attributes\": {}},"
	    "  {\"text\": \"b\", \"visible\": false, \"attributes\": {}}],"
	    "\"//ul[@id='todos']/li[1]/@data-id\": [{\"text\": \"1\"}],"
	    "\"count(//li)\": [2]"
	    "}", 0, &e);
	CHECK(c != NULL);
	return c;
}

/* Evaluates every check on the page; returns the failure lines. */
static char *
peval(struct fixture *f, const json_t *page, json_t *elems, int *nfail)
{
	struct assert_env env = { .page = page, .vars = f->vars,
	    .elements = fake_elements, .elements_arg = elems };
	struct buf msg = BUF_INIT;

	*nfail = checklist_eval(f->checks, &env, &msg);
	return buf_detach(&msg);
}

UNIT_TEST(page_assert_all_kinds_pass)
{
	json_t *page = snapshot(), *el = canned();
	struct fixture f;
	char *msg;
	int n;

	pcompile(&f, "title: Todos\n"
	    "url: { endsWith: '?x=1', startsWith: 'http://127.0.0.1' }\n"
	    "status: 2xx\n"
	    "errors: { count: 1, contains: 'TypeError: x is undefined "
	    "(http://127.0.0.1:8080/app.js:3:7)' }\n"
	    "console: []\n"
	    "failedRequests: { count: 2, notContains: 'x' }\n"
	    "result: { equals: { n: 2, ok: [true] } }\n"
	    "elements:\n"
	    "  '#todos li': { count: 2, contains: '{{item}}' }\n"
	    "  '#todos li:first-child':\n"
	    "    text: { contains: milk }\n"
	    "    visible: true\n"
	    "    attributes: { data-id: { matches: '^[0-9]+$' }, class: todo }\n"
	    "    exists: true\n"
	    "  '#title': { value: '{{item}}', text: '' }\n"
	    "  '#spinner': { visible: false }\n"
	    "  '#none': { absent: true, visible: false }\n"
	    "  \"//ul[@id='todos']/li[1]/@data-id\": 1\n"
	    "  'count(//li)': { above: 1 }\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, 0);
	CHECK_STR(buf_str(&f.errs), "");
	msg = peval(&f, page, el, &n);
	CHECK_STR(msg, "");
	CHECK_INT(n, 0);
	free(msg);
	fixture_free(&f);
	json_decref(page);
	json_decref(el);
}

UNIT_TEST(page_assert_failures_say_expected_and_got)
{
	json_t *page = snapshot(), *el = canned();
	struct fixture f;
	char *msg;
	int n;

	pcompile(&f, "title: { contains: Done }\n"
	    "url: { endsWith: / }\n"
	    "status: 201\n"
	    "errors: { count: 0 }\n"
	    "console: { count: { above: 0 } }\n"
	    "failedRequests: []\n"
	    "result: 3\n"
	    "elements:\n"
	    "  '#todos li': { count: 1 }\n"
	    "  '#todos li:first-child':\n"
	    "    text: walk dog\n"
	    "    visible: false\n"
	    "    attributes: { data-id: 2, title: { exists: true } }\n"
	    "  '#title': { value: { startsWith: sell } }\n"
	    "  '#spinner': { visible: true }\n"
	    "  '.mixed': { visible: true }\n"
	    "  '#none': { exists: true, visible: true }\n"
	    "  'bad[': { count: 0 }\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, 0);
	CHECK_STR(buf_str(&f.errs), "");
	msg = peval(&f, page, el, &n);
	CHECK_STR(msg,
	    "title: expected to contain \"Done\", got \"Todos\"\n"
	    "url: expected to end with \"/\", got "
	    "\"http://127.0.0.1:8080/todos?x=1\"\n"
	    "status: expected 201, got 200\n"
	    "errors: expected a count of 0, got 1\n"
	    "console: expected a count to be above 0, got 0\n"
	    "failedRequests: expected [], got "
	    "[\"404 GET http://127.0.0.1:8080/favicon.ico\","
	    "\"net::ERR_CONNECTION_REFUSED GET http://127.0.0.1:9/x.js\"]\n"
	    "failedRequests: first difference at $: expected 0 items, got 2\n"
	    "result: expected 3, got {\"n\":2,\"ok\":[true]}\n"
	    "elements '#todos li': expected a count of 1, got 2\n"
	    "elements '#todos li:first-child' text: expected \"walk dog\", "
	    "got \"buy milk\"\n"
	    "elements '#todos li:first-child' visible: expected false, got 1 "
	    "of 1 visible\n"
	    "elements '#todos li:first-child' attribute 'data-id': expected 2, "
	    "got \"1\"\n"
	    "elements '#todos li:first-child' attribute 'title': expected to "
	    "be present\n"
	    "elements '#title' value: expected to start with \"sell\", got "
	    "\"buy milk\"\n"
	    "elements '#spinner' visible: expected true, got 1 of 1 hidden\n"
	    "elements '.mixed' visible: expected true, got 1 of 2 hidden\n"
	    "elements '#none': expected to be present\n"
	    "elements '#none' visible: expected true, got no element\n"
	    "elements 'bad[': bad selector 'bad[': SyntaxError: not a valid "
	    "selector\n");
	CHECK_INT(n, 18);
	free(msg);
	fixture_free(&f);
	json_decref(page);
	json_decref(el);
}

/* A page that did not come over HTTP has no status. */
UNIT_TEST(page_assert_status_none)
{
	json_t *page = snapshot(), *el = canned();
	struct fixture f;
	char *msg;
	int n;

	json_object_set_new(page, "status", json_null());
	pcompile(&f, "status: 200\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, 0);
	msg = peval(&f, page, el, &n);
	CHECK_STR(msg, "status: expected 200, got none (the page did not come "
	    "over HTTP)\n");
	CHECK_INT(n, 1);
	free(msg);
	fixture_free(&f);
	json_decref(page);
	json_decref(el);
}

/* A selector with {{vars}} is compiled for each run. */
UNIT_TEST(page_assert_selector_with_vars)
{
	json_t *page = snapshot(), *el = canned();
	struct fixture f;
	char *msg;
	int n;

	pcompile(&f, "elements:\n  '#{{sel}}': { count: 1 }\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, -1);
	CHECK_STR(buf_str(&f.errs), "t.yaml:2:5: undefined variable 'sel'\n");
	fixture_free(&f);
	pcompile(&f, "elements:\n  '#{{item}}': { count: 0 }\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, 0);
	msg = peval(&f, page, el, &n);
	CHECK_STR(msg, "");
	CHECK_INT(n, 0);
	free(msg);
	fixture_free(&f);
	json_decref(page);
	json_decref(el);
}

#define PAGE_ERR(yaml, target, want) do {				\
	struct fixture f_;							\
	pcompile(&f_, (yaml), (target));				\
	CHECK_INT(f_.rc, -1);						\
	CHECK_STR(buf_str(&f_.errs), (want));				\
	fixture_free(&f_);							\
} while (0)

UNIT_TEST(page_assert_spec_errors)
{
	PAGE_ERR("stdout: ok\n", ASSERT_BROWSER,
	    "t.yaml:1:1: 'stdout' applies to exec tests, not to browser "
	    "tests\n");
	PAGE_ERR("headers: { a: b }\n", ASSERT_BROWSER,
	    "t.yaml:1:1: 'headers' applies to HTTP tests, not to browser "
	    "tests\n");
	PAGE_ERR("title: Todos\n", ASSERT_HTTP,
	    "t.yaml:1:1: 'title' applies to browser tests, not to HTTP "
	    "tests\n");
	PAGE_ERR("url: /\n", ASSERT_EXEC,
	    "t.yaml:1:1: 'url' applies to HTTP and browser tests, not to "
	    "exec tests\n");
	PAGE_ERR("elements: { '#a': 1 }\n", ASSERT_EXEC,
	    "t.yaml:1:1: 'elements' applies to browser tests, not to exec "
	    "tests\n");
	PAGE_ERR("elements: '#a'\n", ASSERT_BROWSER,
	    "t.yaml:1:11: elements must be a mapping of selectors to expected "
	    "values, got a string\n");
	PAGE_ERR("elements: {}\n", ASSERT_BROWSER,
	    "t.yaml:1:11: elements must be a mapping of selectors to expected "
	    "values, got an empty mapping\n");
	PAGE_ERR("elements:\n  '//li[': { count: 1 }\n", ASSERT_BROWSER,
	    "t.yaml:2:9: bad selector '//li[': Invalid expression\n");
	PAGE_ERR("elements:\n  'xpath=//li[': { count: 1 }\n", ASSERT_BROWSER,
	    "t.yaml:2:15: bad selector 'xpath=//li[': Invalid expression\n");
	PAGE_ERR("elements:\n  '#a': { visble: true }\n", ASSERT_BROWSER,
	    "t.yaml:2:11: unknown key 'visble' in elements '#a' (did you mean "
	    "'visible'?)\n");
	PAGE_ERR("elements:\n  '#a': { visible: yes please }\n", ASSERT_BROWSER,
	    "t.yaml:2:20: visible must be true or false, got a string\n");
	PAGE_ERR("elements:\n  '#a': { attributes: [id] }\n", ASSERT_BROWSER,
	    "t.yaml:2:23: elements '#a' attributes must be a mapping of "
	    "attribute names to expected values, got a list\n");
	PAGE_ERR("elements:\n  '#a': { text: { contain: x } }\n", ASSERT_BROWSER,
	    "t.yaml:2:19: unknown key 'contain' in elements '#a' text (did you "
	    "mean 'contains'?)\n");
	PAGE_ERR("errors: { count: many }\n", ASSERT_BROWSER,
	    "t.yaml:1:18: 'count' of errors must be a number or predicates on "
	    "it, got a string\n");
	PAGE_ERR("capture:\n  t: { title: true }\n", ASSERT_HTTP,
	    "t.yaml:2:8: capture 't': 'title' is not a source of HTTP tests\n");
	PAGE_ERR("capture:\n  t: { stdout: true }\n", ASSERT_BROWSER,
	    "t.yaml:2:8: capture 't': 'stdout' is not a source of browser "
	    "tests\n");
	PAGE_ERR("capture:\n  t: { regex: '(x)' }\n", ASSERT_BROWSER,
	    "t.yaml:2:6: capture 't': regex alone reads the body, and a "
	    "browser test has none: give it a source, e.g. { elements: h1, "
	    "regex: \u2026 }\n");
	PAGE_ERR("capture:\n  t: { elements: '(//a' }\n", ASSERT_BROWSER,
	    "t.yaml:2:23: bad selector '(//a' in capture 't': Invalid "
	    "expression\n");
}

/* Captures from every source of a browser test, their JSON types kept. */
UNIT_TEST(page_capture_every_source)
{
	json_t *page = snapshot(), *el = canned(), *failed = json_object();
	struct assert_env env = { .page = page, .elements = fake_elements,
	    .elements_arg = el };
	struct buf msg = BUF_INIT;
	struct fixture f;
	char *s;

	pcompile(&f, "capture:\n"
	    "  t: { title: true }\n"
	    "  u: { url: true, regex: '\\?(.*)$' }\n"
	    "  st: { status: true }\n"
	    "  r: { result: true }\n"
	    "  e: { errors: true }\n"
	    "  c: { console: true }\n"
	    "  fr: { failedRequests: true }\n"
	    "  first: { elements: '#todos li:first-child' }\n"
	    "  all: { elements: '#todos li' }\n"
	    "  id: { elements: \"//ul[@id='todos']/li[1]/@data-id\" }\n"
	    "  n: { elements: 'count(//li)' }\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, 0);
	CHECK_STR(buf_str(&f.errs), "");
	env.vars = f.vars;
	CHECK_INT(capture_list_run(f.caps, &env, f.vars, &msg, failed), 0);
	CHECK_STR(buf_str(&msg), "");
	s = json_dumps(f.vars, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK_STR(s, "{\"all\":[\"buy milk\",\"walk dog\"],\"c\":[],"
	    "\"e\":[\"TypeError: x is undefined "
	    "(http://127.0.0.1:8080/app.js:3:7)\"],"
	    "\"first\":\"buy milk\","
	    "\"fr\":[\"404 GET http://127.0.0.1:8080/favicon.ico\","
	    "\"net::ERR_CONNECTION_REFUSED GET http://127.0.0.1:9/x.js\"],"
	    "\"id\":\"1\",\"item\":\"buy milk\",\"n\":2,"
	    "\"r\":{\"n\":2,\"ok\":[true]},\"st\":200,\"t\":\"Todos\","
	    "\"u\":\"x=1\"}");
	free(s);
	buf_release(&msg);
	fixture_free(&f);
	json_decref(failed);
	json_decref(page);
	json_decref(el);
}

/* What a capture that finds nothing says. */
UNIT_TEST(page_capture_failures)
{
	json_t *page = snapshot(), *el = canned(), *failed = json_object();
	struct assert_env env = { .page = page, .elements = fake_elements,
	    .elements_arg = el };
	struct buf msg = BUF_INIT;
	struct fixture f;

	json_object_set_new(page, "status", json_null());
	pcompile(&f, "capture:\n"
	    "  none: { elements: '#nothing' }\n"
	    "  bad: { elements: 'bad[' }\n"
	    "  st: { status: true }\n", ASSERT_BROWSER);
	CHECK_INT(f.rc, 0);
	env.vars = f.vars;
	CHECK_INT(capture_list_run(f.caps, &env, f.vars, &msg, failed), 3);
	CHECK_STR(buf_str(&msg),
	    "capture 'none': no element matches '#nothing'\n"
	    "capture 'bad': bad selector 'bad[': SyntaxError: not a valid "
	    "selector\n"
	    "capture 'st': no status: the page did not come over HTTP\n");
	buf_release(&msg);
	fixture_free(&f);
	json_decref(failed);
	json_decref(page);
	json_decref(el);
}
