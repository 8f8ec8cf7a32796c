/* test_assert.c - every assertion kind of expect:, compiled from YAML and
 * evaluated against a response built by hand: passing and failing cases,
 * and the exact failure lines. */
#include <stdlib.h>

#include "fixture.h"
#include "unit.h"
#include "../../assertions/assert.h"
#include "../../base/xalloc.h"

/* Compiles `yaml`, a mapping of expectations of an HTTP test. */
static void
compile(struct fixture *f, const char *yaml)
{
	fixture_compile(f, yaml, json_pack("{s:s}", "greeting", "Hello"),
	    ASSERT_HTTP);
}


static void
response(struct http_response *r, long status, const char *ctype,
    const char *body)
{
	http_response_init(r);
	r->status = status;
	r->reason = xstrdup(status == 200 ? "OK" : "Not Found");
	r->version = xstrdup("HTTP/1.1");
	http_response_add_header(r, "Content-Type", ctype);
	http_response_add_header(r, "Server", "testsrv");
	buf_adds(&r->body, body);
	r->seconds = 0.120;
}

/* Evaluates every check; returns the failure lines. */
static char *
eval(struct fixture *f, const struct http_response *r, int *nfail)
{
	struct assert_env env = { .resp = r, .vars = f->vars };
	struct buf msg = BUF_INIT;
	size_t i;

	*nfail = 0;
	for (i = 0; i < f->checks->n; i++)
		*nfail += f->checks->v[i].kind->eval(&f->checks->v[i], &env, &msg);
	return buf_detach(&msg);
}

UNIT_TEST(assert_all_kinds_pass)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	compile(&f, "status: [200, 201]\n"
	    "headers:\n"
	    "  content-type: { matches: '^text/html', contains: utf-8 }\n"
	    "  server: testsrv\n"
	    "  x-none: { absent: true }\n"
	    "  SERVER: { exists: true }\n"
	    "body: { contains: ['{{greeting}}', World], notContains: Bye, "
	    "matches: '<h1>\\w+ \\w+</h1>' }\n"
	    "time: { below: 1s, above: 100ms }\n");
	CHECK_INT(f.rc, 0);
	CHECK_STR(buf_str(&f.errs), "");
	response(&r, 200, "text/html; charset=utf-8", "<h1>Hello World</h1>");
	msg = eval(&f, &r, &n);
	CHECK_INT(n, 0);
	CHECK_STR(msg, "");
	free(msg);
	http_response_clear(&r);
	fixture_free(&f);
}

UNIT_TEST(assert_failures_say_expected_and_got)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	compile(&f, "status: [200, 201]\n"
	    "headers:\n"
	    "  content-type: { matches: '^application/json' }\n"
	    "  x-request-id: { exists: true }\n"
	    "  server: { absent: true }\n"
	    "  x-equal: abc\n"
	    "body: { contains: '{{greeting}}', notContains: found, equals: exact }\n"
	    "time: 100ms\n");
	CHECK_INT(f.rc, 0);
	response(&r, 404, "text/plain", "not found\n\x1b[31m");
	msg = eval(&f, &r, &n);
	CHECK_INT(n, 9);
	CHECK_STR(msg,
	    "status: expected one of 200, 201, got 404 Not Found\n"
	    "header 'content-type': expected to match /^application/json/, got \"text/plain\"\n"
	    "header 'x-request-id': expected to be present\n"
	    "header 'server': expected to be absent, got \"testsrv\"\n"
	    "header 'x-equal': expected \"abc\", but it is absent\n"
	    "body: expected \"exact\", got \"not found\\n\\x1b[31m\"\n"
	    "body: expected to contain \"Hello\", got \"not found\\n\\x1b[31m\"\n"
	    "body: expected not to contain \"found\", got \"not found\\n\\x1b[31m\"\n"
	    "time: expected below 100 ms, took 120 ms\n");
	free(msg);
	http_response_clear(&r);
	fixture_free(&f);
}

UNIT_TEST(assert_notContains_and_classes)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	compile(&f, "status: 4xx\nbody: { notContains: secret }\n");
	CHECK_INT(f.rc, 0);
	response(&r, 200, "text/plain", "a secret here");
	msg = eval(&f, &r, &n);
	CHECK_INT(n, 2);
	CHECK_STR(msg, "status: expected 4xx, got 200 OK\n"
	    "body: expected not to contain \"secret\", got \"a secret here\"\n");
	free(msg);
	http_response_clear(&r);
	fixture_free(&f);
}

UNIT_TEST(assert_long_values_are_cut)
{
	struct http_response r;
	struct fixture f;
	char big[1001], *msg;
	int n;

	memset(big, 'a', 1000);
	big[1000] = '\0';
	compile(&f, "body: short\n");
	response(&r, 200, "text/plain", big);
	msg = eval(&f, &r, &n);
	CHECK_INT(n, 1);
	CHECK_CONTAINS(msg, "aaaa… [1000 bytes]\"\n");
	CHECK(strlen(msg) < 300);
	free(msg);
	http_response_clear(&r);
	fixture_free(&f);
}

UNIT_TEST(assert_binary_body_with_nul)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	compile(&f, "body: { contains: tail, matches: 'tail$' }\n");
	response(&r, 200, "application/octet-stream", "");
	buf_add(&r.body, "head\0\xff\xfe tail", 12);
	msg = eval(&f, &r, &n);
	CHECK_INT(n, 0);
	free(msg);
	http_response_clear(&r);
	fixture_free(&f);
}

UNIT_TEST(assert_compile_errors)
{
	struct fixture f;

	compile(&f, "stauts: 200\n");
	CHECK_INT(f.rc, -1);
	CHECK_STR(buf_str(&f.errs), "t.yaml:1:1: unknown key 'stauts' in expect "
	    "(did you mean 'status'?)\n");
	fixture_free(&f);

	compile(&f, "status: [200, 600, 2xy]\n");
	CHECK_STR(buf_str(&f.errs),
	    "t.yaml:1:15: status must be between 100 and 599, got 600\n"
	    "t.yaml:1:20: status must be a code like 200, a class like 2xx, "
	    "or a list of them, got a string\n");
	fixture_free(&f);

	compile(&f, "headers:\n  x-a: { match: a }\n");
	CHECK_STR(buf_str(&f.errs), "t.yaml:2:10: unknown key 'match' in header "
	    "'x-a' (did you mean 'matches'?)\n");
	fixture_free(&f);

	compile(&f, "body: { matches: 'a(b' }\n");
	CHECK_STR(buf_str(&f.errs), "t.yaml:1:22: bad regex in 'matches' of body: "
	    "missing closing parenthesis\n");
	fixture_free(&f);

	compile(&f, "body: { contains: '{{nope}}' }\n");
	CHECK_STR(buf_str(&f.errs), "t.yaml:1:20: undefined variable 'nope'\n");
	fixture_free(&f);

	compile(&f, "time: { bellow: 1s }\n");
	CHECK_STR(buf_str(&f.errs), "t.yaml:1:9: unknown key 'bellow' in time "
	    "(did you mean 'below'?)\n");
	fixture_free(&f);

	compile(&f, "time: soon\n");
	CHECK_STR(buf_str(&f.errs), "t.yaml:1:7: time must be a duration like "
	    "500ms, 2s or 1m, got 'soon'\n");
	fixture_free(&f);

	compile(&f, "body: {}\n");
	CHECK_CONTAINS(buf_str(&f.errs), "t.yaml:1:7: body needs a predicate");
	fixture_free(&f);

	compile(&f, "headers: [a]\nbody: { exists: 3 }\n");
	CHECK_STR(buf_str(&f.errs), "t.yaml:1:10: headers must be a mapping of "
	    "header names to expected values, got a list\n"
	    "t.yaml:2:17: 'exists' of body must be true or false, got an integer\n");
	fixture_free(&f);
}
