/* test_capture.c - captures compiled from YAML with capture_list_compile
 * and taken with capture_list_run from a response or an exec result built
 * by hand: every source, the regex filter, the values' JSON types, the
 * "capture 'x': …" lines and the `failed` object, and the spec errors. */
#include <stdlib.h>

#include "fixture.h"
#include "unit.h"
#include "../../assertions/body_docs.h"
#include "../../assertions/capture.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"

static const char cap_json[] =
    "{\"id\": 7, \"name\": \"Ada\", \"note\": \"order 42 shipped\", "
    "\"items\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}], \"price\": 9.5, "
    "\"flag\": false, \"obj\": {\"k\": [1]}}";

static const char cap_atom[] =
    "<?xml version=\"1.0\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
    "  <title>Example Feed</title>\n"
    "  <entry><title>First</title></entry>\n"
    "  <entry><title>Second</title></entry>\n"
    "</feed>\n";

static const char cap_html[] =
    "<html><body><h1>Welcome <b>back</b></h1>\n"
    "<ul class=nav><li><a href=\"/\">Home</a><li><a href=/cart>Cart</a>\n"
    "<li>About</ul>\n";

/* Compiles the `capture:` mapping of yaml for a test of target; returns
 * the list (NULL after reporting into f->errs). */
static struct capture_list *
ccompile(struct fixture *f, const char *yaml, int target)
{
	fixture_compile(f, yaml, json_pack("{s:s}", "greeting", "Hello"),
	    target);
	return f->caps;
}


static void
cadd_header(struct http_response *r, const char *name, const char *value)
{
	http_response_add_header(r, name, value);
}

static void
cresponse(struct http_response *r, const char *ctype, const char *body)
{
	http_response_init(r);
	r->status = 200;
	r->reason = xstrdup("OK");
	r->version = xstrdup("HTTP/1.1");
	r->url = xstrdup("http://app:8080/final");
	cadd_header(r, "Content-Type", ctype);
	cadd_header(r, "ETag", "\"v1\"");
	cadd_header(r, "Set-Cookie", "sid=abc123; Path=/; HttpOnly");
	buf_adds(&r->body, body);
}

/* Runs f's captures on r into f->vars; returns the failure lines (new). */
static char *
crun(struct fixture *f, const struct http_response *r, json_t *failed, int *nbad)
{
	struct assert_env env = { .resp = r, .vars = f->vars };
	struct buf msg = BUF_INIT;

	env.docs = body_docs_new(r);
	*nbad = capture_list_run(f->caps, &env, f->vars, &msg, failed);
	body_docs_free(env.docs);
	return buf_detach(&msg);
}

/* The variable as compact JSON (new); "(unset)" when there is none. */
static char *
var_json(const json_t *vars, const char *name)
{
	const json_t *v = json_object_get(vars, name);

	if (v == NULL)
		return xstrdup("(unset)");
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

#define CHECK_VAR(vars, name, want) do { char *s_ = var_json(vars, name); \
	CHECK_STR(s_, want); free(s_); } while (0)
/* The spec errors of compiling yaml for target. */
#define CAPTURE_ERR(yaml, target, lines) do { struct fixture f_; \
	CHECK(ccompile(&f_, yaml, target) == NULL); \
	CHECK_STR(buf_str(&f_.errs), lines); fixture_free(&f_); } while (0)

UNIT_TEST(capture_json_keeps_types)
{
	struct http_response r;
	struct fixture f;
	json_t *failed = json_object();
	char *msg;
	int n;

	cresponse(&r, "application/json", cap_json);
	CHECK(ccompile(&f, "capture:\n"
	    "  id: $.id\n"
	    "  name: { json: $.name }\n"
	    "  price: $.price\n"
	    "  flag: $.flag\n"
	    "  obj: $.obj\n"
	    "  ids: { json: '$.items[*].id' }\n"
	    "  deep: { json: '$..k[0]' }\n"
	    "  second: { json: '$.items[1].id' }\n", ASSERT_HTTP) != NULL);
	CHECK_STR(buf_str(&f.errs), "");
	/* Every name is known to later tests from the start. */
	CHECK(json_is_null(json_object_get(f.vars, "ids")));
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 0);
	CHECK_STR(msg, "");
	CHECK_VAR(f.vars, "id", "7");
	CHECK(json_is_integer(json_object_get(f.vars, "id")));
	CHECK_VAR(f.vars, "name", "\"Ada\"");
	CHECK_VAR(f.vars, "price", "9.5");
	CHECK_VAR(f.vars, "flag", "false");
	CHECK_VAR(f.vars, "obj", "{\"k\":[1]}");
	CHECK_VAR(f.vars, "ids", "[1,2,3]");
	CHECK_VAR(f.vars, "deep", "1");
	CHECK_VAR(f.vars, "second", "2");
	CHECK_VAR(f.vars, "greeting", "\"Hello\"");
	CHECK_INT(json_object_size(failed), 0);
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	json_decref(failed);
}

UNIT_TEST(capture_http_sources)
{
	struct http_response r;
	struct fixture f;
	json_t *failed = json_object(), *names;
	char *msg, *s;
	int n;

	cresponse(&r, "application/json; charset=utf-8", cap_json);
	r.redirect = xstrdup("http://app:8080/login");
	CHECK(ccompile(&f, "capture:\n"
	    "  etag: { header: etag }\n"
	    "  cs: { header: Content-Type, regex: 'charset=([\\w-]+)' }\n"
	    "  sid: { cookie: sid }\n"
	    "  order: { regex: 'order (\\d+)' }\n"
	    "  whole: { regex: '\\d+ shipped' }\n"
	    "  code: { status: true }\n"
	    "  where: { url: true }\n"
	    "  to: { redirect: true }\n"
	    "  host: { redirect: true, regex: '//([^/:]+)' }\n"
	    "  all: { body: true }\n"
	    "  idtext: { json: $.id, regex: '\\d' }\n"
	    "  first: { json: '$.items[*].id', regex: '^\\[(\\d)' }\n",
	    ASSERT_HTTP) != NULL);
	CHECK_STR(buf_str(&f.errs), "");
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 0);
	CHECK_STR(msg, "");
	CHECK_VAR(f.vars, "etag", "\"\\\"v1\\\"\"");
	CHECK_VAR(f.vars, "cs", "\"utf-8\"");
	CHECK_VAR(f.vars, "sid", "\"abc123\"");
	CHECK_VAR(f.vars, "order", "\"42\"");
	CHECK_VAR(f.vars, "whole", "\"42 shipped\"");
	CHECK_VAR(f.vars, "code", "200");
	CHECK_VAR(f.vars, "where", "\"http://app:8080/final\"");
	CHECK_VAR(f.vars, "to", "\"http://app:8080/login\"");
	CHECK_VAR(f.vars, "host", "\"app\"");
	CHECK_STR(json_string_value(json_object_get(f.vars, "all")), cap_json);
	CHECK_VAR(f.vars, "idtext", "\"7\"");
	CHECK_VAR(f.vars, "first", "\"1\"");
	names = capture_list_names(f.caps);
	s = json_dumps(names, JSON_COMPACT);
	CHECK_STR(s, "[\"etag\",\"cs\",\"sid\",\"order\",\"whole\",\"code\","
	    "\"where\",\"to\",\"host\",\"all\",\"idtext\",\"first\"]");
	free(s);
	json_decref(names);
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	json_decref(failed);
}

UNIT_TEST(capture_xml_and_html)
{
	struct http_response r;
	struct fixture f;
	json_t *failed = json_object();
	char *msg;
	int n;

	cresponse(&r, "application/atom+xml", cap_atom);
	CHECK(ccompile(&f, "capture:\n"
	    "  title: { xml: 'string(/_:feed/_:title)' }\n"
	    "  titles: { xml: //_:entry/_:title }\n"
	    "  first: { xml: '//_:entry[1]/_:title' }\n"
	    "  n: { xml: 'count(//_:entry)' }\n"
	    "  any: { xml: 'boolean(//_:entry)' }\n", ASSERT_HTTP) != NULL);
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 0);
	CHECK_STR(msg, "");
	CHECK_VAR(f.vars, "title", "\"Example Feed\"");
	CHECK_VAR(f.vars, "titles", "[\"First\",\"Second\"]");
	CHECK_VAR(f.vars, "first", "\"First\"");
	CHECK_VAR(f.vars, "n", "2");
	CHECK_VAR(f.vars, "any", "true");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);

	cresponse(&r, "text/html", cap_html);
	CHECK(ccompile(&f, "capture:\n"
	    "  h1: { html: //h1 }\n"
	    "  cart: { html: '(//a)[2]/@href' }\n"
	    "  items: { html: \"count(//ul[@class='nav']/li)\" }\n"
	    "  word: { html: //h1, regex: '(\\w+)$' }\n", ASSERT_HTTP) != NULL);
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 0);
	CHECK_STR(msg, "");
	CHECK_VAR(f.vars, "h1", "\"Welcome back\"");
	CHECK_VAR(f.vars, "cart", "\"/cart\"");
	CHECK_VAR(f.vars, "items", "3");
	CHECK_VAR(f.vars, "word", "\"back\"");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	json_decref(failed);
}

UNIT_TEST(capture_failures_fill_failed)
{
	struct http_response r;
	struct fixture f;
	json_t *failed = json_pack("{s:s, s:s}", "id", "stale", "other", "kept");
	char *msg, *s;
	int n;

	cresponse(&r, "application/json", cap_json);
	CHECK(ccompile(&f, "capture:\n"
	    "  id: $.id\n"
	    "  miss: { json: $.missing }\n"
	    "  none: { json: '$.items[?@.id > 5]' }\n"
	    "  h: { header: X-None }\n"
	    "  c: { cookie: nope }\n"
	    "  r: { regex: 'zzz(\\d)' }\n"
	    "  to: { redirect: true }\n"
	    "  hr: { header: ETag, regex: '^W/' }\n", ASSERT_HTTP) != NULL);
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 7);
	CHECK_STR(msg,
	    "capture 'miss': json $.missing selected nothing\n"
	    "capture 'none': json $.items[?@.id > 5] selected nothing\n"
	    "capture 'h': no header 'X-None' in the response\n"
	    "capture 'c': the response sets no cookie 'nope'\n"
	    "capture 'r': the regex did not match\n"
	    "capture 'to': no redirect in the response\n"
	    "capture 'hr': the regex did not match\n");
	s = json_dumps(failed, JSON_COMPACT);
	CHECK_STR(s, "{\"other\":\"kept\","
	    "\"miss\":\"json $.missing selected nothing\","
	    "\"none\":\"json $.items[?@.id > 5] selected nothing\","
	    "\"h\":\"no header 'X-None' in the response\","
	    "\"c\":\"the response sets no cookie 'nope'\","
	    "\"r\":\"the regex did not match\","
	    "\"to\":\"no redirect in the response\","
	    "\"hr\":\"the regex did not match\"}");
	free(s);
	/* What succeeded is set and no longer failed; the rest stay null. */
	CHECK_VAR(f.vars, "id", "7");
	CHECK(json_is_null(json_object_get(f.vars, "miss")));
	CHECK(json_is_null(json_object_get(f.vars, "hr")));
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	json_decref(failed);
}

UNIT_TEST(capture_body_not_parsable)
{
	struct http_response r;
	struct fixture f;
	json_t *failed = json_object();
	char *msg;
	int n;

	cresponse(&r, "text/plain", "plain words");
	CHECK(ccompile(&f, "capture:\n"
	    "  id: $.id\n"
	    "  t: { xml: //title }\n"
	    "  w: { regex: '(\\w+)$' }\n", ASSERT_HTTP) != NULL);
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 2);
	CHECK_CONTAINS(msg, "capture 'id': the body is not JSON: ");
	CHECK_CONTAINS(msg, "\ncapture 't': the body is not XML");
	CHECK_VAR(f.vars, "w", "\"words\"");
	CHECK_CONTAINS(json_string_value(json_object_get(failed, "id")),
	    "the body is not JSON");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	json_decref(failed);
}

/* regex: the first group when the pattern has one, even when an optional
 * group took no part: then the capture fails rather than keep the whole
 * match. */
UNIT_TEST(capture_regex_unset_group)
{
	struct http_response r;
	struct fixture f;
	json_t *failed = json_object();
	char *msg;
	int n;

	cresponse(&r, "text/plain", "id=y");
	CHECK(ccompile(&f, "capture:\n"
	    "  both: { regex: '(x)?(y)' }\n"
	    "  opt: { regex: '(x)?y' }\n", ASSERT_HTTP) != NULL);
	msg = crun(&f, &r, failed, &n);
	CHECK_INT(n, 2);
	CHECK_STR(msg,
	    "capture 'both': the regex's group 1 did not take part in the "
	    "match\n"
	    "capture 'opt': the regex's group 1 did not take part in the "
	    "match\n");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	json_decref(failed);
}

UNIT_TEST(capture_exec_sources)
{
	struct exec_result x = { .exit_code = 3 };
	struct assert_env env = { 0 };
	struct buf msg = BUF_INIT;
	struct fixture f;
	json_t *failed = json_object();

	buf_adds(&x.out, "tool v1.25\nready\n");
	buf_adds(&x.err, "warning: old config\n");
	CHECK(ccompile(&f, "capture:\n"
	    "  out: { stdout: true }\n"
	    "  err: { stderr: true }\n"
	    "  code: { exit: true }\n"
	    "  ver: { stdout: true, regex: 'v(\\d+\\.\\d+)' }\n"
	    "  major: { regex: 'v(\\d+)' }\n"
	    "  what: { stderr: true, regex: '^(\\w+):' }\n"
	    "  odd: { exit: true, regex: '[13579]$' }\n"
	    "  nope: { stdout: true, regex: error }\n", ASSERT_EXEC) != NULL);
	CHECK_STR(buf_str(&f.errs), "");
	env.exec = &x;
	env.vars = f.vars;
	CHECK_INT(capture_list_run(f.caps, &env, f.vars, &msg, failed), 1);
	CHECK_STR(buf_str(&msg), "capture 'nope': the regex did not match\n");
	CHECK_VAR(f.vars, "out", "\"tool v1.25\\nready\\n\"");
	CHECK_VAR(f.vars, "err", "\"warning: old config\\n\"");
	CHECK_VAR(f.vars, "code", "3");
	CHECK(json_is_integer(json_object_get(f.vars, "code")));
	CHECK_VAR(f.vars, "ver", "\"1.25\"");
	CHECK_VAR(f.vars, "major", "\"1\"");
	CHECK_VAR(f.vars, "what", "\"warning\"");
	CHECK_VAR(f.vars, "odd", "\"3\"");
	CHECK_VAR(f.vars, "nope", "null");
	fixture_free(&f);
	buf_release(&msg);
	buf_release(&x.out);
	buf_release(&x.err);
	json_decref(failed);
}

UNIT_TEST(capture_nothing_to_run)
{
	struct assert_env env = { 0 };
	struct buf msg = BUF_INIT;
	json_t *vars = json_object(), *failed = json_object(), *names;

	CHECK_INT(capture_list_run(NULL, &env, vars, &msg, failed), 0);
	CHECK_STR(buf_str(&msg), "");
	names = capture_list_names(NULL);
	CHECK_INT(json_array_size(names), 0);
	json_decref(names);
	json_decref(vars);
	json_decref(failed);
	buf_release(&msg);
}

UNIT_TEST(capture_spec_errors)
{
	CAPTURE_ERR("capture:\n  x: {}\n", ASSERT_HTTP,
	    "t.yaml:2:6: capture 'x' needs one source: json, xml, html, "
	    "elements, header, cookie, certificate, regex, status, url, "
	    "redirect, body, stdout, stderr, exit, title, errors, console, "
	    "failedRequests or result\n");
	CAPTURE_ERR("capture:\n  x: { json: $.a, header: ETag }\n", ASSERT_HTTP,
	    "t.yaml:2:6: capture 'x' needs one source: json, xml, html, "
	    "elements, header, cookie, certificate, regex, status, url, "
	    "redirect, body, stdout, stderr, exit, title, errors, console, "
	    "failedRequests or result\n");
	CAPTURE_ERR("capture:\n  x: { stdout: true }\n", ASSERT_HTTP,
	    "t.yaml:2:8: capture 'x': 'stdout' is not a source of HTTP tests\n");
	CAPTURE_ERR("capture:\n  x: { exit: true, regex: a }\n", ASSERT_HTTP,
	    "t.yaml:2:8: capture 'x': 'exit' is not a source of HTTP tests\n");
	CAPTURE_ERR("capture:\n  x: { json: $.a }\n", ASSERT_EXEC,
	    "t.yaml:2:8: capture 'x': 'json' is not a source of exec tests\n");
	CAPTURE_ERR("capture:\n  x: 5\n", ASSERT_HTTP,
	    "t.yaml:2:6: capture 'x' must be a mapping like { json: $.id } or "
	    "{ header: ETag }, got an integer\n");
	CAPTURE_ERR("capture:\n  x: { jsn: $.a }\n", ASSERT_HTTP,
	    "t.yaml:2:8: unknown key 'jsn' in capture (did you mean 'json'?)\n");
	CAPTURE_ERR("capture:\n  x: { header: [a] }\n", ASSERT_HTTP,
	    "t.yaml:2:16: capture 'x' must be a string, got a list\n");
	CAPTURE_ERR("capture: [a]\n", ASSERT_HTTP,
	    "t.yaml:1:10: capture must be a mapping of names to sources, e.g. "
	    "{ id: { json: $.id } }, got a list\n");
	CAPTURE_ERR("capture:\n  x: { json: '$.a[' }\n", ASSERT_HTTP,
	    "t.yaml:2:19: bad JSONPath '$.a[' in capture 'x': expected "
	    "selector\n");
	CAPTURE_ERR("capture:\n  x: { xml: '//[' }\n", ASSERT_HTTP,
	    "t.yaml:2:16: bad XPath '//[' in capture 'x': Invalid expression\n");
	CAPTURE_ERR("capture:\n  x: { header: A, regex: 'a(' }\n", ASSERT_HTTP,
	    "t.yaml:2:29: bad regex in capture 'x': missing closing "
	    "parenthesis\n");
	CAPTURE_ERR("capture:\n  x: { regex: '{{nope}}' }\n", ASSERT_HTTP,
	    "t.yaml:2:16: undefined variable 'nope'\n");
	/* Every capture is checked, not just the first bad one. */
	CAPTURE_ERR("capture:\n  a: {}\n  b: { stdout: 1 }\n", ASSERT_HTTP,
	    "t.yaml:2:6: capture 'a' needs one source: json, xml, html, "
	    "elements, header, cookie, certificate, regex, status, url, "
	    "redirect, body, stdout, stderr, exit, title, errors, console, "
	    "failedRequests or result\n"
	    "t.yaml:3:8: capture 'b': 'stdout' is not a source of HTTP tests\n");
}

/* The shorthand `x: $.path` reports a bad path where it is written. */
UNIT_TEST(capture_shorthand_bad_path_position)
{
	CAPTURE_ERR("capture:\n  x: '$.a['\n", ASSERT_HTTP,
	    "t.yaml:2:11: bad JSONPath '$.a[' in capture 'x': expected "
	    "selector\n");
}
