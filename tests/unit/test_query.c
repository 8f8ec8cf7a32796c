/* test_query.c - each query kind of expect: (json, xml, html, cookies,
 * size, sha256, url, redirect, version, schema, vars, headers) compiled
 * from YAML with checklist_compile and run with checklist_eval against a
 * response built by hand: what passes, the exact failure lines, and the
 * spec errors of bad JSONPath and XPath at the right column. */
#include <stdlib.h>

#include "fixture.h"
#include "unit.h"
#include "../../base/sha256.h"
#include "../../assertions/assert.h"
#include "../../assertions/body_docs.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"

static const char atom_feed[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"\n"
    "      xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
    "  <title>Example Feed</title>\n"
    "  <updated>2003-12-13T18:30:02Z</updated>\n"
    "  <entry>\n"
    "    <title>First</title>\n"
    "    <link href=\"http://example.org/1\"/>\n"
    "    <id>urn:uuid:1</id>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <title>Second &amp; last</title>\n"
    "    <id>urn:uuid:2</id>\n"
    "    <media:thumbnail url=\"t.png\" width=\"75\"/>\n"
    "  </entry>\n"
    "</feed>\n";

/* Unclosed tags, unquoted attributes, no </body>: what browsers accept. */
static const char messy_html[] =
    "<!DOCTYPE html>\n"
    "<html><head><title>Shop</title>\n"
    "<body>\n"
    "<h1>Welcome <b>back</b></h1>\n"
    "<ul class=\"nav\"><li><a href=\"/\">Home</a>\n"
    "<li><a href=/cart data-n=3>Cart</a>\n"
    "<li>About\n"
    "</ul>\n"
    "<ul class=\"other\"><li>x</ul>\n"
    "<p>unclosed <div id=main>text</div>\n"
    "<img src=logo.png alt=\"Logo\">\n";

static const char json_body[] =
    "{\"id\": 7, \"name\": \"Ada\", \"tags\": [\"a\", \"b\"], "
    "\"items\": [{\"id\": 1, \"price\": 9.5}, {\"id\": 2, \"price\": 20}], "
    "\"none\": null, \"ok\": true}";

/* Compiles `yaml`, an expect: mapping of an HTTP test. */
static void
qcompile(struct fixture *f, const char *yaml)
{
	fixture_compile(f, yaml, json_pack("{s:s, s:i, s:s}", "greeting",
	    "Hello", "n", 42, "sid", "abc123"), ASSERT_HTTP);
}


static void
add_header(struct http_response *r, const char *name, const char *value)
{
	http_response_add_header(r, name, value);
}

static void
qresponse(struct http_response *r, const char *ctype, const char *body)
{
	http_response_init(r);
	r->status = 200;
	r->reason = xstrdup("OK");
	r->version = xstrdup("HTTP/1.1");
	r->url = xstrdup("http://app:8080/final");
	add_header(r, "Content-Type", ctype);
	buf_adds(&r->body, body);
}

/* Evaluates every check, the body parsed once for all; returns the
 * failure lines (new).  The full values of cut lines go to detail. */
static char *
qeval(struct fixture *f, const struct http_response *r, int *nfail,
    struct buf *detail)
{
	struct assert_env env = { .resp = r, .vars = f->vars, .detail = detail };
	struct http_response *w = (struct http_response *)r;
	struct buf msg = BUF_INIT;
	struct sha256 h;

	/* What the client counts and hashes as the body streams in. */
	w->size = r->body.len;
	sha256_init(&h);
	sha256_update(&h, buf_str(&r->body), r->body.len);
	sha256_hex(&h, w->sha256);
	env.docs = body_docs_new(r);
	*nfail = checklist_eval(f->checks, &env, &msg);
	body_docs_free(env.docs);
	return buf_detach(&msg);
}

/* Compiles yaml (which must compile), runs it on r; two checks on the
 * number of failures and the lines. */
#define QRUN(r, yaml, nf, lines) do { struct fixture f_; int n_; char *m_; \
	qcompile(&f_, yaml); CHECK_INT(f_.rc, 0); \
	CHECK_STR(buf_str(&f_.errs), ""); \
	m_ = qeval(&f_, r, &n_, NULL); CHECK_INT(n_, nf); CHECK_STR(m_, lines); \
	free(m_); fixture_free(&f_); } while (0)
/* The spec errors of yaml. */
#define QERR(yaml, lines) do { struct fixture f_; qcompile(&f_, yaml); \
	CHECK_INT(f_.rc, -1); CHECK_STR(buf_str(&f_.errs), lines); \
	fixture_free(&f_); } while (0)

UNIT_TEST(query_json_pass)
{
	struct http_response r;

	qresponse(&r, "application/json", json_body);
	QRUN(&r, "json:\n"
	    "  $.id: 7\n"
	    "  $.name: { startsWith: A, type: string }\n"
	    "  $.tags: [a, b]\n"
	    "  $.tags[1]: b\n"
	    "  $.tags[-1]: b\n"
	    "  '$.items[*].id': [1, 2]\n"
	    "  '$.items[?@.price > 10].id': 2\n"
	    "  '$.items[?@.price > 100]': { absent: true }\n"
	    "  $..id: { count: 3 }\n"
	    "  '$.items[*].price': { contains: 9.5 }\n"
	    "  $.missing: { absent: true }\n"
	    "  $.none: { exists: true, type: 'null' }\n"
	    "  $.ok: true\n"
	    "  $: { contains: items, count: 6 }\n"
	    "  \"$['name']\": Ada\n"
	    "  $.items[0]: { equals: { id: 1, price: 9.5 } }\n",
	    0, "");
	http_response_clear(&r);
}

UNIT_TEST(query_json_failures)
{
	struct http_response r;

	qresponse(&r, "application/json", json_body);
	QRUN(&r, "json:\n"
	    "  $.id: 8\n"
	    "  $.name: { matches: '^B' }\n"
	    "  $.missing: 1\n"
	    "  '$.items[*].id': { count: 3 }\n"
	    "  '$.items[*].price': { contains: 10 }\n"
	    "  '$.items[?@.id == 9]': { exists: true }\n"
	    "  $.items[1]: { equals: { id: 2, price: 21 } }\n"
	    "  \"$['id']\": { type: string }\n",
	    8,
	    "json $.id: expected 8, got 7\n"
	    "json $.name: expected to match /^B/, got \"Ada\"\n"
	    "json $.missing: expected 1, but it is absent\n"
	    "json $.items[*].id: expected a count of 3, got 2\n"
	    "json $.items[*].price: expected to contain 10, got [9.5,20]\n"
	    "json $.items[?@.id == 9]: expected to be present\n"
	    "json $.items[1]: expected {\"id\":2,\"price\":21}, got {\"id\":2,\"price\":20}\n"
	    "json $.items[1]: first difference at $.price: expected 21, got 20\n"
	    "json $['id']: expected to be of type string, got 7 (an integer)\n");
	http_response_clear(&r);
}

UNIT_TEST(query_json_not_json)
{
	struct http_response r;

	qresponse(&r, "text/html", "<html>");
	QRUN(&r, "json: { $.id: 7, $.name: Ada }\n", 2,
	    "json $.id: the body is not JSON: invalid token near '<' at line 1, "
	    "column 1\n"
	    "json $.name: the body is not JSON: invalid token near '<' at line 1, "
	    "column 1\n");
	http_response_clear(&r);
	qresponse(&r, "application/json", "");
	QRUN(&r, "json: { $.id: 7 }\n", 1,
	    "json $.id: the body is empty, not JSON\n");
	http_response_clear(&r);
}

UNIT_TEST(query_json_long_value_to_detail)
{
	struct http_response r;
	struct buf body = BUF_INIT, detail = BUF_INIT;
	struct fixture f;
	char *msg;
	int i, n;

	buf_adds(&body, "{\"s\": \"");
	for (i = 0; i < 300; i++)
		buf_adds(&body, "x");
	buf_adds(&body, "\"}");
	qresponse(&r, "application/json", buf_str(&body));
	qcompile(&f, "json: { $.s: short }\n");
	CHECK_INT(f.rc, 0);
	msg = qeval(&f, &r, &n, &detail);
	CHECK_INT(n, 1);
	CHECK_CONTAINS(msg, "json $.s: expected \"short\", got \"xxxx");
	CHECK_CONTAINS(msg, "xxx… [300 bytes]\"\n");
	CHECK_CONTAINS(buf_str(&detail), "--- json $.s, the full value:\n\"xxx");
	CHECK_CONTAINS(buf_str(&detail), "xxx\"\n");
	CHECK_INT(strlen(buf_str(&detail)), strlen("--- json $.s, the full "
	    "value:\n") + 300 + 3);
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
	buf_release(&body);
	buf_release(&detail);
}

UNIT_TEST(query_xml_atom_default_namespace)
{
	struct http_response r;

	qresponse(&r, "application/atom+xml", atom_feed);
	QRUN(&r, "xml:\n"
	    "  //_:entry/_:title: [First, Second & last]\n"
	    "  count(//_:entry): 2\n"
	    "  count(/_:feed/_:entry): { above: 1, below: 3 }\n"
	    "  string(/_:feed/_:title): Example Feed\n"
	    "  boolean(//_:entry): true\n"
	    "  boolean(//_:author): false\n"
	    "  //_:entry[1]/_:link/@href: http://example.org/1\n"
	    "  //media:thumbnail/@url: t.png\n"
	    "  //media:thumbnail/@width: { between: [50, 100] }\n"
	    "  //_:entry/_:id: { count: 2, contains: 'urn:uuid:2' }\n"
	    "  //_:author: { absent: true }\n"
	    "  //title: { count: 0 }\n"
	    "  /_:feed/_:updated: { startsWith: '2003-' }\n"
	    "  count(//_:entry) * 1.5: 3\n",
	    0, "");
	QRUN(&r, "xml:\n"
	    "  count(//_:entry): 3\n"
	    "  //_:entry/_:title: { contains: Third }\n"
	    "  string(/_:feed/_:title): { endsWith: Atom }\n"
	    "  boolean(//_:entry): false\n"
	    "  //_:author: { exists: true }\n"
	    "  count(/_:feed/_:entry): { above: 5 }\n"
	    "  //_:entry[2]/_:title: First\n",
	    7,
	    "xml count(//_:entry): expected 3, got 2\n"
	    "xml //_:entry/_:title: expected to contain \"Third\", got "
	    "[\"First\",\"Second & last\"]\n"
	    "xml string(/_:feed/_:title): expected to end with \"Atom\", got "
	    "\"Example Feed\"\n"
	    "xml boolean(//_:entry): expected false, got true\n"
	    "xml //_:author: expected to be present\n"
	    "xml count(/_:feed/_:entry): expected to be above 5, got 2\n"
	    "xml //_:entry[2]/_:title: expected \"First\", got \"Second & last\"\n");
	http_response_clear(&r);
}

UNIT_TEST(query_xml_errors_at_run_time)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	qresponse(&r, "application/xml", "<a><b>unclosed</a>");
	qcompile(&f, "xml: { //b: x }\n");
	msg = qeval(&f, &r, &n, NULL);
	CHECK_INT(n, 1);
	CHECK_CONTAINS(msg, "xml //b: the body is not XML: ");
	CHECK_CONTAINS(msg, " at line 1\n");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);

	/* A prefix the document does not declare. */
	qresponse(&r, "application/xml", atom_feed);
	qcompile(&f, "xml: { //nope:entry: x }\n");
	CHECK_INT(f.rc, 0);
	msg = qeval(&f, &r, &n, NULL);
	CHECK_INT(n, 1);
	CHECK_CONTAINS(msg, "xml //nope:entry: cannot evaluate: ");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
}

UNIT_TEST(query_html_messy_page)
{
	struct http_response r;

	qresponse(&r, "text/html; charset=utf-8", messy_html);
	QRUN(&r, "html:\n"
	    "  //h1: Welcome back\n"
	    "  count(//ul[@class='nav']/li): 3\n"
	    "  \"//ul[@class='nav']/li\": { count: 3, contains: Cart }\n"
	    "  \"/html/body/ul[1]/li\": [Home, Cart, About]\n"
	    "  //a/@href: ['/', /cart]\n"
	    "  //a[@data-n]/@data-n: { above: 2 }\n"
	    "  //img/@alt: Logo\n"
	    "  //img/@src: logo.png\n"
	    "  string(//title): Shop\n"
	    "  //div[@id='main']: text\n"
	    "  //h1/b: { equals: back, type: string }\n"
	    "  //table: { absent: true }\n"
	    "  count(//li): 4\n",
	    0, "");
	QRUN(&r, "html:\n"
	    "  //h1: Welcome\n"
	    "  count(//ul[@class='nav']/li): 4\n"
	    "  //a/@href: { contains: /about }\n"
	    "  //img/@alt: { absent: true }\n",
	    4,
	    "html //h1: expected \"Welcome\", got \"Welcome back\"\n"
	    "html count(//ul[@class='nav']/li): expected 4, got 3\n"
	    "html //a/@href: expected to contain \"/about\", got [\"/\",\"/cart\"]\n"
	    "html //img/@alt: expected to be absent, got \"Logo\"\n");
	http_response_clear(&r);
}

UNIT_TEST(query_cookies)
{
	struct http_response r;

	qresponse(&r, "text/plain", "");
	add_header(&r, "Set-Cookie", "sid=abc123; Path=/; HttpOnly; Secure; "
	    "SameSite=Lax; Max-Age=3600");
	add_header(&r, "set-cookie", "theme=dark");
	add_header(&r, "Set-Cookie", "token=a=b==; Domain=example.org");
	QRUN(&r, "cookies:\n"
	    "  sid: abc123\n"
	    "  theme: { startsWith: d, notContains: light }\n"
	    "  token: a=b==\n"
	    "  missing: { absent: true }\n", 0, "");
	QRUN(&r, "cookies:\n"
	    "  sid: { value: '{{sid}}', path: /, httpOnly: true, secure: true,\n"
	    "         sameSite: Lax, maxAge: 3600 }\n"
	    "  token: { domain: example.org }\n"
	    "  theme: { maxAge: { absent: true }, secure: false }\n", 0, "");
	QRUN(&r, "cookies:\n"
	    "  sid: { maxAge: { above: 60, below: 86400 } }\n", 0, "");
	QRUN(&r, "cookies:\n"
	    "  theme: light\n"
	    "  missing: x\n"
	    "  sid: { maxAge: { below: 60 }, sameSite: Strict }\n"
	    "  token: { value: a=b==, path: /, secure: true, httpOnly: true }\n",
	    7,
	    "cookie 'theme': expected \"light\", got \"dark\"\n"
	    "cookie 'missing': expected \"x\", but it is absent\n"
	    "cookie 'sid' maxAge: expected to be below 60, got 3600\n"
	    "cookie 'sid' sameSite: expected \"Strict\", got \"Lax\"\n"
	    "cookie 'token' path: expected \"/\", but it is absent\n"
	    "cookie 'token' secure: expected true, got false\n"
	    "cookie 'token' httpOnly: expected true, got false\n");
	QERR("cookies:\n  sid: { value: a, pth: / }\n",
	    "t.yaml:2:20: unknown key 'pth' in a cookie's attributes (did you "
	    "mean 'path'?)\n");
	QERR("cookies: [sid]\n",
	    "t.yaml:1:10: cookies must be a mapping of cookie names to expected "
	    "values, got a list\n");
	http_response_clear(&r);
}

/* The last cookie of a name wins, as a browser keeps the latest. */
UNIT_TEST(query_cookies_last_one_wins)
{
	struct http_response r;

	qresponse(&r, "text/plain", "");
	add_header(&r, "Set-Cookie", "sid=old; Path=/");
	add_header(&r, "Set-Cookie", "other=1");
	add_header(&r, "Set-Cookie", "sid=new");
	QRUN(&r, "cookies: { sid: { value: new, path: { absent: true } } }\n", 0,
	    "");
	http_response_clear(&r);
}

UNIT_TEST(query_size_and_sha256)
{
	struct http_response r;

	qresponse(&r, "text/plain", "abc");
	QRUN(&r, "size: 3\n"
	    "sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
	    0, "");
	QRUN(&r, "size: { between: [1, 3] }\n"
	    "sha256: { startsWith: ba7816bf, type: string }\n", 0, "");
	QRUN(&r, "size: { above: 10 }\n"
	    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
	    2,
	    "body size: expected to be above 10, got 3\n"
	    "body sha256: expected \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
	    "934ca495991b7852b855\", got \"ba7816bf8f01cfea414140de5dae2223b00361"
	    "a396177a9cb410ff61f20015ad\"\n");
	http_response_clear(&r);

	qresponse(&r, "text/plain", "");
	QRUN(&r, "size: 0\n"
	    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
	    0, "");
	http_response_clear(&r);

	/* Bytes, NULs included. */
	qresponse(&r, "application/octet-stream", "");
	buf_add(&r.body, "\0\xff", 2);
	QRUN(&r, "size: 2\n"
	    "sha256: 06eb7d6a69ee19e5fbdf749018d3d2abfa04bcbd1365db312eb86dc7169389b8\n",
	    0, "");
	http_response_clear(&r);
}

UNIT_TEST(query_url_redirect_version)
{
	struct http_response r;

	qresponse(&r, "text/plain", "");
	QRUN(&r, "url: http://app:8080/final\n"
	    "redirect: { absent: true }\n"
	    "version: { oneOf: [HTTP/1.1, HTTP/2] }\n", 0, "");
	QRUN(&r, "url: { endsWith: /x }\n"
	    "redirect: http://app:8080/login\n"
	    "version: HTTP/2\n", 3,
	    "url: expected to end with \"/x\", got \"http://app:8080/final\"\n"
	    "redirect: expected \"http://app:8080/login\", but it is absent\n"
	    "version: expected \"HTTP/2\", got \"HTTP/1.1\"\n");
	r.redirect = xstrdup("http://app:8080/login?next=%2F");
	QRUN(&r, "redirect: { startsWith: http://app:8080/login, "
	    "contains: 'next=' }\n", 0, "");
	QRUN(&r, "redirect: { absent: true }\n", 1,
	    "redirect: expected to be absent, got "
	    "\"http://app:8080/login?next=%2F\"\n");
	http_response_clear(&r);
}

UNIT_TEST(query_schema_inline)
{
	static const char schema[] =
	    "schema:\n"
	    "  type: object\n"
	    "  required: [id, name]\n"
	    "  properties:\n"
	    "    id: { type: integer, minimum: 1 }\n"
	    "    name: { type: string }\n"
	    "    tags: { type: array, items: { type: string } }\n";
	struct http_response r;

	qresponse(&r, "application/json", "{\"id\": 7, \"name\": \"Ada\", "
	    "\"tags\": [\"x\"]}");
	QRUN(&r, schema, 0, "");
	http_response_clear(&r);

	qresponse(&r, "application/json", "{\"id\": \"7\", \"tags\": [\"x\", 2]}");
	QRUN(&r, schema, 1,
	    "schema: $: missing required property 'name'\n"
	    "schema: $.id: expected type integer, got string \"7\"\n"
	    "schema: $.tags[1]: expected type string, got integer 2\n");
	http_response_clear(&r);

	qresponse(&r, "text/plain", "hello");
	QRUN(&r, schema, 1,
	    "schema: the body is not JSON: invalid token near 'hello' at line 1, "
	    "column 5\n");
	http_response_clear(&r);

	QERR("schema: 3\n", "t.yaml:1:9: schema must be a JSON Schema (a "
	    "mapping) or the path of a schema file, got an integer\n");
	QERR("schema: { type: object, minimum: x }\n",
	    "t.yaml:1:9: bad schema at '/minimum': minimum must be a number\n");
}

UNIT_TEST(query_vars)
{
	struct http_response r;

	qresponse(&r, "text/plain", "");
	QRUN(&r, "vars:\n"
	    "  greeting: Hello\n"
	    "  n: { above: 40, type: integer }\n"
	    "  sid: '{{sid}}'\n"
	    "  undefined: { absent: true }\n", 0, "");
	QRUN(&r, "vars:\n"
	    "  greeting: Bye\n"
	    "  n: '42'\n"
	    "  undefined: { exists: true }\n", 3,
	    "variable 'greeting': expected \"Bye\", got \"Hello\"\n"
	    "variable 'n': expected \"42\", got 42\n"
	    "variable 'undefined': expected to be present\n");
	QERR("vars: [greeting]\n", "t.yaml:1:7: vars must be a mapping of "
	    "variable names to expected values, got a list\n");
	http_response_clear(&r);
}

UNIT_TEST(query_headers)
{
	struct http_response r;

	qresponse(&r, "application/json; charset=utf-8", "");
	add_header(&r, "X-Count", "5");
	add_header(&r, "ETag", "\"v1\"");
	add_header(&r, "X-Count", "6");
	QRUN(&r, "headers:\n"
	    "  content-type: { startsWith: application/json, contains: utf-8 }\n"
	    "  x-count: { between: [1, 10], type: string }\n"
	    "  X-COUNT: 5\n"
	    "  etag: '\"v1\"'\n"
	    "  x-none: { absent: true }\n", 0, "");
	QRUN(&r, "headers:\n"
	    "  x-count: { above: 10 }\n"
	    "  etag: { matches: '^W/' }\n"
	    "  x-none: present\n"
	    "  content-type: { oneOf: [text/html, text/plain] }\n", 4,
	    "header 'x-count': expected to be above 10, got \"5\"\n"
	    "header 'etag': expected to match /^W//, got \"\\\"v1\\\"\"\n"
	    "header 'x-none': expected \"present\", but it is absent\n"
	    "header 'content-type': expected one of [\"text/html\",\"text/plain\"], "
	    "got \"application/json; charset=utf-8\"\n");
	http_response_clear(&r);
}

UNIT_TEST(query_bad_paths_at_their_column)
{
	QERR("json:\n  '$.a[': 1\n",
	    "t.yaml:2:8: bad JSONPath '$.a[': expected selector\n");
	QERR("json:\n  $.a: 1\n  '$.b..': 2\n",
	    "t.yaml:3:9: bad JSONPath '$.b..': expected member name, '*' or "
	    "'[' after '..'\n");
	QERR("xml:\n  '//[': 1\n",
	    "t.yaml:2:6: bad XPath '//[': Invalid expression\n");
	QERR("html: { 'count(//a': 1 }\n",
	    "t.yaml:1:19: bad XPath 'count(//a': Invalid expression\n");
	QERR("json: { $.a: { contans: x } }\n",
	    "t.yaml:1:16: unknown key 'contans' in json $.a (did you mean "
	    "'contains'?)\n");
	QERR("json: {}\n", "t.yaml:1:7: json must be a mapping of JSONPath "
	    "queries to expected values, got an empty mapping\n");
	QERR("xml: 3\n", "t.yaml:1:6: xml must be a mapping of XPath "
	    "expressions to expected values, got an integer\n");
	QERR("json: { $.a: { type: nope } }\n",
	    "t.yaml:1:22: unknown type 'nope': string, integer, number, "
	    "boolean, null, array or object\n");
}
