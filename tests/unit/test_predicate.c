/* test_predicate.c - every predicate of predicate.c, compiled from YAML and
 * checked against JSON values, text and query results built by hand:
 * what passes, the exact failure lines a reviewer reads, the cut of long
 * values with the full value in the detail buffer, and the spec errors
 * (file:line:col) of bad operands. */
#include <stdint.h>
#include <stdlib.h>

#include "unit.h"
#include "../../assertions/predicate.h"
#include "../../base/jsonvalue.h"
#include "../../base/srcdoc.h"
#include "../../base/utf8.h"
#include "../../base/xalloc.h"

#define LABEL	"json $.v"

/* Subject flags: v is a query's node list; v's strings are text. */
#define S_MULTI	0x1
#define S_TEXT	0x2

static json_t *
test_vars(void)
{
	return json_pack("{s:s, s:i, s:{s:i}, s:s, s:s, s:i}", "greeting",
	    "Hello", "n", 42, "obj", "a", 1, "pat", "^He", "bad", "a(b",
	    "lim", 10);
}

/*
 * Compiles `pred` (the YAML written after "v: ") and checks it on sj.
 * Returns the failure lines (new), *bad the failures; when compiling
 * fails, returns the spec errors and *bad is -1.  The full values of cut
 * messages go to detail (may be NULL).
 */
static char *
run(const char *pred, const struct subject *sj, int *bad, struct buf *detail)
{
	struct spec_ctx c = { 0 };
	struct buf errs = BUF_INIT, msg = BUF_INIT;
	struct predlist *l;
	struct srcdoc *doc;
	json_t *vars = test_vars(), *root;
	char err[512], *yaml = xasprintf("v: %s\n", pred);

	*bad = -1;
	doc = srcdoc_parse("t.yaml", yaml, strlen(yaml), err, sizeof(err));
	CHECK(doc != NULL);
	if (doc == NULL) {
		buf_adds(&msg, err);
		goto out;
	}
	root = srcdoc_root(doc);
	c.doc = doc;
	c.path = "t.yaml";
	c.text = yaml;
	c.textlen = strlen(yaml);
	c.errs = &errs;
	c.vars = vars;
	l = predlist_compile(&c, json_object_get(root, "v"),
	    spec_valpos(&c, root, "v"), LABEL);
	if (l == NULL) {
		buf_adds(&msg, buf_str(&errs));
		goto out;
	}
	CHECK_STR(buf_str(&errs), "");
	*bad = predlist_eval(l, LABEL, sj, vars, &msg, detail);
	predlist_free(l);
out:
	srcdoc_free(doc);
	buf_release(&errs);
	json_decref(vars);
	free(yaml);
	return buf_detach(&msg);
}

/* run() on the JSON value `json` (NULL: absent). */
static char *
on_json(const char *pred, const char *json, int flags, int *bad)
{
	struct subject sj = { 0 };
	json_t *v = NULL;
	char *out;

	if (json != NULL) {
		v = jsonvalue_loadb(json, strlen(json), JSON_DECODE_ANY, NULL);
		CHECK(v != NULL);
	}
	sj.v = v;
	sj.multi = (flags & S_MULTI) != 0;
	sj.text = (flags & S_TEXT) != 0;
	out = run(pred, &sj, bad, NULL);
	json_decref(v);
	return out;
}

/* run() on text (NULL: absent), as headers and the body are. */
static char *
on_text(const char *pred, const char *s, int *bad)
{
	struct subject sj = { .s = s, .len = s ? strlen(s) : 0 };

	return run(pred, &sj, bad, NULL);
}

/* The spec errors of compiling pred. */
static char *
compile_errors(const char *pred)
{
	struct subject sj = { 0 };
	char *out;
	int bad;

	out = run(pred, &sj, &bad, NULL);
	CHECK_INT(bad, -1);
	return out;
}

/* Non-zero if s is valid UTF-8 throughout. */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t cp;

	while (n > 0) {
		if ((k = utf8_decode(p, n, &cp)) == 0)
			return 0;
		p += k;
		n -= k;
	}
	return 1;
}

/* Each of these is two checks: the number of failures and the lines. */
#define PASS_JSON(pred, json, flags) do { int nbad_; \
	char *m_ = on_json(pred, json, flags, &nbad_); \
	CHECK_INT(nbad_, 0); CHECK_STR(m_, ""); free(m_); } while (0)
#define FAIL_JSON(pred, json, flags, nfail, lines) do { int nbad_; \
	char *m_ = on_json(pred, json, flags, &nbad_); \
	CHECK_INT(nbad_, nfail); CHECK_STR(m_, lines); free(m_); } while (0)
#define PASS_TEXT(pred, text) do { int nbad_; \
	char *m_ = on_text(pred, text, &nbad_); \
	CHECK_INT(nbad_, 0); CHECK_STR(m_, ""); free(m_); } while (0)
#define FAIL_TEXT(pred, text, nfail, lines) do { int nbad_; \
	char *m_ = on_text(pred, text, &nbad_); \
	CHECK_INT(nbad_, nfail); CHECK_STR(m_, lines); free(m_); } while (0)
#define SPEC_ERRORS(pred, lines) do { \
	char *m_ = compile_errors(pred); \
	CHECK_STR(m_, lines); free(m_); } while (0)

UNIT_TEST(predicate_equals_text)
{
	PASS_TEXT("hello", "hello");
	PASS_TEXT("{ equals: hello }", "hello");
	FAIL_TEXT("hello", "help", 1, LABEL ": expected \"hello\", got \"help\"\n");
	FAIL_TEXT("hello", "hello ", 1,
	    LABEL ": expected \"hello\", got \"hello \"\n");
	/* A number compares with text as a number. */
	PASS_TEXT("42", "42");
	PASS_TEXT("1", "1.0");
	PASS_TEXT("true", "true");
	FAIL_TEXT("42", "43", 1, LABEL ": expected 42, got \"43\"\n");
	FAIL_TEXT("hello", NULL, 1,
	    LABEL ": expected \"hello\", but it is absent\n");
	/* Control bytes are escaped in the line. */
	FAIL_TEXT("x", "a\tb\n\x01", 1,
	    LABEL ": expected \"x\", got \"a\\tb\\n\\x01\"\n");
}

UNIT_TEST(predicate_equals_json_typed)
{
	PASS_JSON("1", "1", 0);
	PASS_JSON("1", "1.0", 0);
	PASS_JSON("1.0", "1", 0);
	PASS_JSON("{ equals: 2.5 }", "2.5", 0);
	PASS_JSON("true", "true", 0);
	PASS_JSON("null", "null", 0);
	PASS_JSON("Ada", "\"Ada\"", 0);
	FAIL_JSON("1", "\"1\"", 0, 1, LABEL ": expected 1, got \"1\"\n");
	FAIL_JSON("'1'", "1", 0, 1, LABEL ": expected \"1\", got 1\n");
	FAIL_JSON("true", "\"true\"", 0, 1,
	    LABEL ": expected true, got \"true\"\n");
	FAIL_JSON("null", "false", 0, 1, LABEL ": expected null, got false\n");
	FAIL_JSON("1", NULL, 0, 1, LABEL ": expected 1, but it is absent\n");
	/* Text from XPath compares with a number as a number. */
	PASS_JSON("3", "\"3\"", S_TEXT);
	PASS_JSON("3", "\" 3.0 \"", S_TEXT);
}

UNIT_TEST(predicate_equals_whole_variable_keeps_type)
{
	PASS_JSON("'{{n}}'", "42", 0);
	PASS_JSON("'{{n}}'", "42.0", 0);
	FAIL_JSON("'{{n}}'", "\"42\"", 0, 1,
	    LABEL ": expected 42, got \"42\"\n");
	PASS_JSON("'{{obj}}'", "{\"a\":1}", 0);
	PASS_JSON("'{{greeting}}'", "\"Hello\"", 0);
	/* Inside a longer string a variable is text. */
	PASS_JSON("'n={{n}}'", "\"n=42\"", 0);
	FAIL_JSON("'{{greeting}}, World'", "\"Hi\"", 0, 1,
	    LABEL ": expected \"Hello, World\", got \"Hi\"\n");
	/* In a list or mapping operand too. */
	PASS_JSON("['{{n}}', '{{greeting}}']", "[42, \"Hello\"]", 0);
	PASS_JSON("{ equals: { k: '{{n}}' } }", "{\"k\":42}", 0);
}

UNIT_TEST(predicate_equals_containers_first_difference)
{
	PASS_JSON("[1, 2, 3]", "[1, 2.0, 3]", 0);
	PASS_JSON("{ equals: { a: 1, b: [x] } }", "{\"b\":[\"x\"],\"a\":1}", 0);
	FAIL_JSON("{ equals: { a: [1, { b: 2 }] } }", "{\"a\":[1,{\"b\":3}]}", 0,
	    1,
	    LABEL ": expected {\"a\":[1,{\"b\":2}]}, got {\"a\":[1,{\"b\":3}]}\n"
	    LABEL ": first difference at $.a[1].b: expected 2, got 3\n");
	FAIL_JSON("{ equals: { a: 1, b: 2 } }", "{\"a\":1}", 0, 1,
	    LABEL ": expected {\"a\":1,\"b\":2}, got {\"a\":1}\n"
	    LABEL ": first difference at $.b: expected 2, but it is absent\n");
	FAIL_JSON("{ equals: { a: 1 } }", "{\"a\":1,\"c\":[3]}", 0, 1,
	    LABEL ": expected {\"a\":1}, got {\"a\":1,\"c\":[3]}\n"
	    LABEL ": first difference at $.c: unexpected member, [3]\n");
	FAIL_JSON("[1, 2, 3]", "[1, 2]", 0, 1,
	    LABEL ": expected [1,2,3], got [1,2]\n"
	    LABEL ": first difference at $: expected 3 items, got 2\n");
	FAIL_JSON("{ equals: { a: { b: [1, 2] } } }", "{\"a\":{\"b\":[1]}}", 0, 1,
	    LABEL ": expected {\"a\":{\"b\":[1,2]}}, got {\"a\":{\"b\":[1]}}\n"
	    LABEL ": first difference at $.a.b: expected 2 items, got 1\n");
	FAIL_JSON("{ equals: [{ id: 1 }, { id: 2 }] }",
	    "[{\"id\":1},{\"id\":\"2\"}]", 0, 1,
	    LABEL ": expected [{\"id\":1},{\"id\":2}], got [{\"id\":1},{\"id\":\"2\"}]\n"
	    LABEL ": first difference at $[1].id: expected 2, got \"2\"\n");
	/* A scalar against a container: no difference line. */
	FAIL_JSON("[1]", "1", 0, 1, LABEL ": expected [1], got 1\n");
}

UNIT_TEST(predicate_not_equals)
{
	PASS_JSON("{ notEquals: 2 }", "1", 0);
	PASS_JSON("{ notEquals: '1' }", "1", 0);
	PASS_TEXT("{ notEquals: abc }", "abd");
	FAIL_JSON("{ notEquals: 1 }", "1.0", 0, 1,
	    LABEL ": expected not 1, got 1.0\n");
	FAIL_TEXT("{ notEquals: abc }", "abc", 1,
	    LABEL ": expected not \"abc\", got \"abc\"\n");
	FAIL_JSON("{ notEquals: 1 }", NULL, 0, 1,
	    LABEL ": expected not 1, but it is absent\n");
}

UNIT_TEST(predicate_contains)
{
	/* A substring of text. */
	PASS_TEXT("{ contains: ell }", "hello");
	PASS_TEXT("{ contains: '{{greeting}}' }", "Hello World");
	FAIL_TEXT("{ contains: xyz }", "hello", 1,
	    LABEL ": expected to contain \"xyz\", got \"hello\"\n");
	/* An item of a list, typed. */
	PASS_JSON("{ contains: 2 }", "[1, 2.0, 3]", 0);
	PASS_JSON("{ contains: b }", "[\"a\", \"b\"]", 0);
	FAIL_JSON("{ contains: b }", "[\"a\", \"c\"]", 0, 1,
	    LABEL ": expected to contain \"b\", got [\"a\",\"c\"]\n");
	FAIL_JSON("{ contains: '2' }", "[1, 2, 3]", 0, 1,
	    LABEL ": expected to contain \"2\", got [1,2,3]\n");
	/* Items of an XPath node list are text. */
	PASS_JSON("{ contains: 2 }", "[\"1\", \"2\"]", S_MULTI | S_TEXT);
	/* A key of a mapping. */
	PASS_JSON("{ contains: id }", "{\"id\": 1}", 0);
	FAIL_JSON("{ contains: name }", "{\"id\": 1}", 0, 1,
	    LABEL ": expected to contain \"name\", got {\"id\":1}\n");
	/* A list operand: every one of them. */
	PASS_TEXT("{ contains: [he, lo] }", "hello");
	FAIL_TEXT("{ contains: [he, xx] }", "hello", 1,
	    LABEL ": expected to contain [\"he\",\"xx\"], got \"hello\"\n");
	PASS_JSON("{ contains: [id, name] }", "{\"id\":1,\"name\":\"x\"}", 0);
	FAIL_TEXT("{ contains: x }", NULL, 1,
	    LABEL ": expected to contain \"x\", but it is absent\n");
}

/* A list operand means "every one of them" for a list subject as well
 * as for text and mappings: [a, b] is not looked for as one item. */
UNIT_TEST(predicate_contains_list_operand_on_list)
{
	PASS_JSON("{ contains: [a, b] }", "[\"a\", \"b\", \"c\"]", 0);
	FAIL_JSON("{ contains: [a, z] }", "[\"a\", \"b\"]", 0, 1,
	    LABEL ": expected to contain [\"a\",\"z\"], got [\"a\",\"b\"]\n");
	FAIL_JSON("{ notContains: [z, b] }", "[\"a\", \"b\"]", 0, 1,
	    LABEL ": expected not to contain [\"z\",\"b\"], got [\"a\",\"b\"]\n");
}

UNIT_TEST(predicate_not_contains)
{
	PASS_TEXT("{ notContains: secret }", "all clear");
	FAIL_TEXT("{ notContains: secret }", "a secret", 1,
	    LABEL ": expected not to contain \"secret\", got \"a secret\"\n");
	PASS_TEXT("{ notContains: [x, y] }", "abc");
	FAIL_TEXT("{ notContains: [x, y] }", "ay", 1,
	    LABEL ": expected not to contain [\"x\",\"y\"], got \"ay\"\n");
	PASS_JSON("{ notContains: c }", "[\"a\", \"b\"]", 0);
	FAIL_JSON("{ notContains: 1 }", "[1]", 0, 1,
	    LABEL ": expected not to contain 1, got [1]\n");
	PASS_JSON("{ notContains: x }", "{\"y\": 1}", 0);
	/* A missing value contains nothing (the README: a missing header
	 * passes). */
	PASS_TEXT("{ notContains: x }", NULL);
}

UNIT_TEST(predicate_starts_and_ends_with)
{
	PASS_TEXT("{ startsWith: he }", "hello");
	PASS_TEXT("{ endsWith: llo }", "hello");
	PASS_TEXT("{ startsWith: '', endsWith: '' }", "x");
	PASS_JSON("{ startsWith: 12, endsWith: 3 }", "123", 0);
	PASS_JSON("{ startsWith: '{{greeting}}' }", "\"Hello you\"", 0);
	FAIL_TEXT("{ startsWith: he }", "oh", 1,
	    LABEL ": expected to start with \"he\", got \"oh\"\n");
	FAIL_TEXT("{ endsWith: lo }", "hello!", 1,
	    LABEL ": expected to end with \"lo\", got \"hello!\"\n");
	FAIL_TEXT("{ endsWith: hello }", "lo", 1,
	    LABEL ": expected to end with \"hello\", got \"lo\"\n");
	FAIL_TEXT("{ startsWith: a, endsWith: z }", "bcd", 2,
	    LABEL ": expected to start with \"a\", got \"bcd\"\n"
	    LABEL ": expected to end with \"z\", got \"bcd\"\n");
	FAIL_JSON("{ startsWith: a }", "[\"a\"]", 0, 1,
	    LABEL ": expected to start with \"a\", got [\"a\"]\n");
	FAIL_TEXT("{ startsWith: a }", NULL, 1,
	    LABEL ": expected to start with \"a\", but it is absent\n");
}

UNIT_TEST(predicate_matches)
{
	PASS_TEXT("{ matches: '^h.l+o$' }", "hello");
	PASS_TEXT("{ matches: [^h, o$] }", "hello");
	PASS_JSON("{ matches: '^4\\d$' }", "42", 0);
	PASS_TEXT("{ matches: 'é' }", "café");
	FAIL_TEXT("{ matches: ^x }", "hello", 1,
	    LABEL ": expected to match /^x/, got \"hello\"\n");
	/* The pattern is shown as written, backslashes and quotes alone. */
	FAIL_TEXT("{ matches: '^\\d+\"$' }", "abc", 1,
	    LABEL ": expected to match /^\\d+\"$/, got \"abc\"\n");
	FAIL_TEXT("{ matches: [^h, x$] }", "hello", 1,
	    LABEL ": expected to match /x$/, got \"hello\"\n");
	FAIL_TEXT("{ matches: a }", NULL, 1,
	    LABEL ": expected to match /a/, but it is absent\n");
	/* {{var}} in a pattern is expanded when the test runs. */
	PASS_TEXT("{ matches: '{{pat}}llo' }", "Hello");
	FAIL_TEXT("{ matches: '{{pat}}llo' }", "hello", 1,
	    LABEL ": expected to match /^Hello/, got \"hello\"\n");
	FAIL_TEXT("{ matches: '{{bad}}' }", "x", 1,
	    LABEL ": expected to match /a(b/, but bad regex once variables "
	    "were expanded: missing closing parenthesis\n");
}

UNIT_TEST(predicate_above_below_between)
{
	PASS_JSON("{ above: 1 }", "2", 0);
	PASS_JSON("{ below: 2.5 }", "2", 0);
	PASS_JSON("{ above: 1, below: 3 }", "2.5", 0);
	PASS_JSON("{ between: [1, 3] }", "1", 0);
	PASS_JSON("{ between: [1, 3] }", "3", 0);
	PASS_JSON("{ below: '{{n}}' }", "41", 0);
	PASS_JSON("{ between: ['{{lim}}', '{{n}}'] }", "10", 0);
	FAIL_JSON("{ above: 5 }", "2", 0, 1,
	    LABEL ": expected to be above 5, got 2\n");
	FAIL_JSON("{ above: 2 }", "2", 0, 1,
	    LABEL ": expected to be above 2, got 2\n");
	FAIL_JSON("{ below: 1.5 }", "2", 0, 1,
	    LABEL ": expected to be below 1.5, got 2\n");
	FAIL_JSON("{ between: [1, 3] }", "3.5", 0, 1,
	    LABEL ": expected to be between 1 and 3, got 3.5\n");
	FAIL_JSON("{ above: '{{n}}' }", "42", 0, 1,
	    LABEL ": expected to be above 42, got 42\n");
	FAIL_JSON("{ above: 1 }", NULL, 0, 1,
	    LABEL ": expected to be above 1, but it is absent\n");
	/* A JSON string is not a number... */
	FAIL_JSON("{ above: 10 }", "\"42\"", 0, 1,
	    LABEL ": expected to be above 10, got \"42\"\n");
	FAIL_JSON("{ below: 10 }", "true", 0, 1,
	    LABEL ": expected to be below 10, got true\n");
	/* ...but text from XPath and headers is. */
	PASS_JSON("{ above: 10 }", "\"42\"", S_TEXT);
	PASS_JSON("{ between: [100, 200] }", "[\"150\"]", S_MULTI | S_TEXT);
	PASS_TEXT("{ between: [100, 200] }", "150");
	PASS_TEXT("{ below: 1 }", " 0.5 ");
	FAIL_TEXT("{ between: [100, 200] }", "1e3", 1,
	    LABEL ": expected to be between 100 and 200, got \"1e3\"\n");
	FAIL_TEXT("{ above: 1 }", "abc", 1,
	    LABEL ": expected to be above 1, got \"abc\"\n");
	FAIL_TEXT("{ above: 1 }", "", 1,
	    LABEL ": expected to be above 1, got \"\"\n");
}

/* Numbers compare exactly: 2^53 + 1 is not 2^53, integers past 64 bits
 * (from the body or the spec) keep every digit, in messages too. */
UNIT_TEST(predicate_exact_numbers)
{
	FAIL_JSON("9007199254740993", "9007199254740992", 0, 1,
	    LABEL ": expected 9007199254740993, got 9007199254740992\n");
	FAIL_JSON("9007199254740992", "9007199254740993", 0, 1,
	    LABEL ": expected 9007199254740992, got 9007199254740993\n");
	PASS_JSON("9007199254740993", "9007199254740993", 0);
	PASS_JSON("{ notEquals: 9007199254740993 }", "9007199254740992", 0);
	PASS_JSON("18446744073709551615", "18446744073709551615", 0);
	FAIL_JSON("18446744073709551615", "18446744073709551614", 0, 1,
	    LABEL ": expected 18446744073709551615, got "
	    "18446744073709551614\n");
	FAIL_JSON("18446744073709551615", "1.8446744073709552e19", 0, 1,
	    LABEL ": expected 18446744073709551615, got "
	    "1.8446744073709552e19\n");
	PASS_JSON("{ type: integer, above: 0 }", "18446744073709551615", 0);
	PASS_JSON("{ type: integer, below: -9223372036854775808 }",
	    "-9223372036854775809", 0);
	FAIL_JSON("{ type: string }", "18446744073709551615", 0, 1,
	    LABEL ": expected to be of type string, got 18446744073709551615 "
	    "(an integer)\n");
	FAIL_JSON("{ type: integer }", "1e400", 0, 1,
	    LABEL ": expected to be of type integer, got 1e400 (a number)\n");
	PASS_JSON("{ above: 18446744073709551614 }", "18446744073709551615", 0);
	FAIL_JSON("{ above: 18446744073709551615 }", "18446744073709551615", 0,
	    1, LABEL ": expected to be above 18446744073709551615, got "
	    "18446744073709551615\n");
	PASS_JSON("{ between: [18446744073709551615, 18446744073709551616] }",
	    "18446744073709551615", 0);
	FAIL_JSON("{ between: [0, 18446744073709551614] }",
	    "18446744073709551615", 0, 1, LABEL ": expected to be between 0 "
	    "and 18446744073709551614, got 18446744073709551615\n");
	PASS_JSON("{ below: 1e400 }", "18446744073709551615", 0);
	PASS_JSON("{ above: 1.7976931348623157e308 }", "1e400", 0);
	PASS_JSON("{ oneOf: [1, 18446744073709551615] }",
	    "18446744073709551615", 0);
	PASS_JSON("{ contains: 18446744073709551615 }",
	    "[1, 18446744073709551615]", 0);
	PASS_JSON("{ matches: '^1844674407370955161[5]$' }",
	    "18446744073709551615", 0);
	PASS_JSON("{ startsWith: '18446744073709551' }", "18446744073709551615",
	    0);
	FAIL_JSON("{ equals: { id: [18446744073709551615] } }",
	    "{\"id\":[18446744073709551614]}", 0, 1,
	    LABEL ": expected {\"id\":[18446744073709551615]}, got "
	    "{\"id\":[18446744073709551614]}\n"
	    LABEL ": first difference at $.id[0]: expected "
	    "18446744073709551615, got 18446744073709551614\n");
	/* Text (headers, XPath) that is a number compares exactly too. */
	PASS_TEXT("18446744073709551615", "18446744073709551615");
	FAIL_TEXT("18446744073709551615", " 18446744073709551616", 1,
	    LABEL ": expected 18446744073709551615, got "
	    "\" 18446744073709551616\"\n");
	FAIL_TEXT("9007199254740993", "9007199254740992", 1,
	    LABEL ": expected 9007199254740993, got \"9007199254740992\"\n");
	PASS_TEXT("{ above: 18446744073709551615 }", "18446744073709551616");
	PASS_TEXT("{ above: 1 }", "+5");
}

UNIT_TEST(predicate_type_each_name)
{
	PASS_JSON("{ type: string }", "\"s\"", 0);
	PASS_JSON("{ type: integer }", "3", 0);
	PASS_JSON("{ type: number }", "3.5", 0);
	PASS_JSON("{ type: number }", "3", 0);
	PASS_JSON("{ type: boolean }", "false", 0);
	PASS_JSON("{ type: null }", "null", 0);
	PASS_JSON("{ type: array }", "[]", 0);
	PASS_JSON("{ type: object }", "{}", 0);
	PASS_JSON("{ type: [string, null] }", "null", 0);
	/* 2.0 is an integer, as in JSON Schema. */
	PASS_JSON("{ type: integer }", "2.0", 0);
	PASS_TEXT("{ type: string }", "42");
	FAIL_JSON("{ type: integer }", "2.5", 0, 1,
	    LABEL ": expected to be of type integer, got 2.5 (a number)\n");
	FAIL_JSON("{ type: string }", "3", 0, 1,
	    LABEL ": expected to be of type string, got 3 (an integer)\n");
	FAIL_JSON("{ type: number }", "\"3\"", 0, 1,
	    LABEL ": expected to be of type number, got \"3\" (a string)\n");
	FAIL_JSON("{ type: boolean }", "null", 0, 1,
	    LABEL ": expected to be of type boolean, got null (null)\n");
	FAIL_JSON("{ type: null }", "0", 0, 1,
	    LABEL ": expected to be of type null, got 0 (an integer)\n");
	FAIL_JSON("{ type: array }", "{\"a\":[]}", 0, 1,
	    LABEL ": expected to be of type array, got {\"a\":[]} (a mapping)\n");
	FAIL_JSON("{ type: object }", "[1]", 0, 1,
	    LABEL ": expected to be of type object, got [1] (a list)\n");
	FAIL_JSON("{ type: [string, null] }", "true", 0, 1,
	    LABEL ": expected to be of type string or null, got true (a boolean)\n");
	FAIL_TEXT("{ type: integer }", "42", 1,
	    LABEL ": expected to be of type integer, got \"42\" (text)\n");
	FAIL_JSON("{ type: string }", NULL, 0, 1,
	    LABEL ": expected to be of type string, but it is absent\n");
}

UNIT_TEST(predicate_count)
{
	PASS_JSON("{ count: 3 }", "[1, 2, 3]", 0);
	PASS_JSON("{ count: 1 }", "{\"a\": 1}", 0);
	PASS_JSON("{ count: 0 }", "[]", S_MULTI);
	/* A query that selected one node still counts it. */
	PASS_JSON("{ count: 1 }", "[[5, 6]]", S_MULTI);
	PASS_JSON("{ count: { above: 1 } }", "[1, 2]", 0);
	PASS_JSON("{ count: { above: 1, below: 5 } }", "[1, 2, 3]", 0);
	PASS_JSON("{ count: { between: [2, 2] } }", "[\"a\", \"b\"]",
	    S_MULTI | S_TEXT);
	FAIL_JSON("{ count: 2 }", "[1, 2, 3]", 0, 1,
	    LABEL ": expected a count of 2, got 3\n");
	FAIL_JSON("{ count: 2 }", "[]", S_MULTI, 1,
	    LABEL ": expected a count of 2, got 0\n");
	FAIL_JSON("{ count: { above: 1 } }", "[1]", 0, 1,
	    LABEL ": expected a count to be above 1, got 1\n");
	FAIL_JSON("{ count: { above: 1, below: 3 } }", "[1, 2, 3]", 0, 1,
	    LABEL ": expected a count to be above 1 and to be below 3, got 3\n");
	FAIL_JSON("{ count: 1 }", "\"abc\"", 0, 1,
	    LABEL ": expected a count of 1, but it is a string, not a list\n");
	FAIL_TEXT("{ count: 1 }", "abc", 1,
	    LABEL ": expected a count of 1, but it is text, not a list\n");
	FAIL_JSON("{ count: 1 }", NULL, 0, 1,
	    LABEL ": expected a count of 1, but it is absent\n");
}

UNIT_TEST(predicate_exists_absent)
{
	PASS_JSON("{ exists: true }", "null", 0);
	PASS_JSON("{ exists: true }", "[\"x\"]", S_MULTI);
	PASS_JSON("{ absent: true }", NULL, 0);
	PASS_JSON("{ absent: true }", "[]", S_MULTI);
	PASS_JSON("{ exists: false }", NULL, 0);
	PASS_JSON("{ absent: false }", "0", 0);
	PASS_TEXT("{ exists: true }", "");
	FAIL_JSON("{ exists: true }", NULL, 0, 1,
	    LABEL ": expected to be present\n");
	FAIL_JSON("{ exists: true }", "[]", S_MULTI, 1,
	    LABEL ": expected to be present\n");
	FAIL_JSON("{ absent: true }", "1", 0, 1,
	    LABEL ": expected to be absent, got 1\n");
	FAIL_JSON("{ exists: false }", "[1, 2]", S_MULTI, 1,
	    LABEL ": expected to be absent, got [1,2]\n");
	FAIL_TEXT("{ absent: true }", "v", 1,
	    LABEL ": expected to be absent, got \"v\"\n");
}

UNIT_TEST(predicate_one_of)
{
	PASS_JSON("{ oneOf: [a, b] }", "\"b\"", 0);
	PASS_JSON("{ oneOf: [1, 2] }", "2.0", 0);
	PASS_JSON("{ oneOf: ['{{n}}', 0] }", "42", 0);
	PASS_TEXT("{ oneOf: [200, 204] }", "204");
	FAIL_JSON("{ oneOf: [a, b] }", "\"c\"", 0, 1,
	    LABEL ": expected one of [\"a\",\"b\"], got \"c\"\n");
	FAIL_JSON("{ oneOf: [1, 2] }", "\"1\"", 0, 1,
	    LABEL ": expected one of [1,2], got \"1\"\n");
	FAIL_JSON("{ oneOf: [1] }", NULL, 0, 1,
	    LABEL ": expected one of [1], but it is absent\n");
}

UNIT_TEST(predicate_not_single)
{
	PASS_JSON("{ not: 5 }", "4", 0);
	PASS_TEXT("{ not: { contains: err } }", "fine");
	PASS_JSON("{ not: { type: null } }", "0", 0);
	FAIL_JSON("{ not: 5 }", "5", 0, 1, LABEL ": expected not 5, got 5\n");
	FAIL_JSON("{ not: { equals: { a: 1 } } }", "{\"a\":1}", 0, 1,
	    LABEL ": expected not {\"a\":1}, got {\"a\":1}\n");
	FAIL_TEXT("{ not: { contains: err } }", "no error", 1,
	    LABEL ": expected not to contain \"err\", got \"no error\"\n");
	FAIL_TEXT("{ not: { matches: '^{{greeting}}' } }", "Hello", 1,
	    LABEL ": expected not to match /^Hello/, got \"Hello\"\n");
	FAIL_JSON("{ not: { between: [1, 5] } }", "3", 0, 1,
	    LABEL ": expected not to be between 1 and 5, got 3\n");
	FAIL_JSON("{ not: { type: null } }", "null", 0, 1,
	    LABEL ": expected not to be of type null, got null\n");
	FAIL_JSON("{ not: { count: 2 } }", "[1, 2]", 0, 1,
	    LABEL ": expected not a count of 2, got [1,2]\n");
}

/* Several predicates under not: none of them may hold. */
UNIT_TEST(predicate_not_several)
{
	PASS_TEXT("{ not: { contains: a, startsWith: b } }", "xyz");
	FAIL_TEXT("{ not: { contains: a, startsWith: b } }", "bab", 1,
	    LABEL ": expected not to contain \"a\" and to start with \"b\", "
	    "got \"bab\"\n");
	/* Together with other predicates, each is reported on its own. */
	FAIL_TEXT("{ startsWith: q, not: { contains: a, endsWith: b } }",
	    "bab", 2,
	    LABEL ": expected to start with \"q\", got \"bab\"\n"
	    LABEL ": expected not to contain \"a\" and to end with \"b\", "
	    "got \"bab\"\n");
}

UNIT_TEST(predicate_several_failures_each_a_line)
{
	FAIL_JSON("{ type: string, contains: z, count: 1, not: 7 }", "7", 0, 4,
	    LABEL ": expected to contain \"z\", got 7\n"
	    LABEL ": expected to be of type string, got 7 (an integer)\n"
	    LABEL ": expected a count of 1, but it is an integer, not a list\n"
	    LABEL ": expected not 7, got 7\n");
}

UNIT_TEST(predicate_long_values_are_cut)
{
	struct subject sj = { 0 };
	struct buf detail = BUF_INIT, want = BUF_INIT;
	char big[1001], *msg;
	json_t *v;
	int bad, i;

	memset(big, 'a', 1000);
	big[1000] = '\0';

	/* Text: 200 bytes, then "… [N bytes]"; the whole to detail. */
	sj.s = big;
	sj.len = 1000;
	msg = run("short", &sj, &bad, &detail);
	CHECK_INT(bad, 1);
	buf_addf(&want, LABEL ": expected \"short\", got \"%.200s… [1000 bytes]\"\n",
	    big);
	CHECK_STR(msg, buf_str(&want));
	buf_reset(&want);
	buf_addf(&want, "--- " LABEL ", the full value:\n%s\n", big);
	CHECK_STR(buf_str(&detail), buf_str(&want));
	free(msg);

	/* A JSON string: quoted, the cut inside the quotes. */
	buf_reset(&detail);
	memset(&sj, 0, sizeof(sj));
	sj.v = v = json_string(big);
	msg = run("{ startsWith: b }", &sj, &bad, &detail);
	CHECK_INT(bad, 1);
	buf_reset(&want);
	buf_addf(&want, LABEL ": expected to start with \"b\", got \"%.200s… "
	    "[1000 bytes]\"\n", big);
	CHECK_STR(msg, buf_str(&want));
	buf_reset(&want);
	buf_addf(&want, "--- " LABEL ", the full value:\n\"%s\"\n", big);
	CHECK_STR(buf_str(&detail), buf_str(&want));
	free(msg);
	json_decref(v);

	/* A JSON list: compact JSON cut at 200 bytes. */
	buf_reset(&detail);
	v = json_array();
	for (i = 0; i < 100; i++)
		json_array_append_new(v, json_integer(1000 + i));
	sj.v = v;
	msg = run("{ count: 3 }", &sj, &bad, &detail);
	CHECK_INT(bad, 1);
	CHECK_STR(msg, LABEL ": expected a count of 3, got 100\n");
	CHECK_STR(buf_str(&detail), "");
	free(msg);
	msg = run("{ contains: 7 }", &sj, &bad, &detail);
	CHECK_INT(bad, 1);
	CHECK_CONTAINS(msg, LABEL ": expected to contain 7, got [1000,1001,");
	/* 40 numbers of 5 bytes fill 200 bytes: "[1000,…,1039," is 201. */
	CHECK_CONTAINS(msg, ",1038,1039… [501 bytes]\n");
	CHECK_CONTAINS(buf_str(&detail), "--- " LABEL ", the full value:\n[1000,");
	CHECK_CONTAINS(buf_str(&detail), ",1098,1099]\n");
	free(msg);
	json_decref(v);

	/* Nothing cut: nothing in detail; and no detail buffer is fine. */
	buf_reset(&detail);
	memset(&sj, 0, sizeof(sj));
	sj.s = "short";
	sj.len = 5;
	msg = run("long", &sj, &bad, &detail);
	CHECK_STR(msg, LABEL ": expected \"long\", got \"short\"\n");
	CHECK_STR(buf_str(&detail), "");
	free(msg);
	sj.s = big;
	sj.len = 1000;
	msg = run("short", &sj, &bad, NULL);
	CHECK_CONTAINS(msg, "… [1000 bytes]\"\n");
	free(msg);

	/* The operand is cut too. */
	buf_reset(&want);
	buf_addf(&want, "{ contains: %s }", big);
	sj.s = "x";
	sj.len = 1;
	msg = run(buf_str(&want), &sj, &bad, NULL);
	CHECK_CONTAINS(msg, "expected to contain \"aaaa");
	CHECK_CONTAINS(msg, "a… [1000 bytes]\", got \"x\"\n");
	free(msg);
	buf_release(&want);
	buf_release(&detail);
}

/* A cut never splits a UTF-8 character: the line stays valid UTF-8. */
UNIT_TEST(predicate_cut_keeps_utf8_whole)
{
	struct subject sj = { 0 };
	struct buf text = BUF_INIT;
	char *msg;
	json_t *v;
	int bad, i;

	buf_adds(&text, "a");
	for (i = 0; i < 150; i++)
		buf_adds(&text, "é");
	sj.s = buf_str(&text);
	sj.len = text.len;
	msg = run("x", &sj, &bad, NULL);
	CHECK_INT(bad, 1);
	CHECK_CONTAINS(msg, "… [301 bytes]\"\n");
	CHECK(valid_utf8(msg));
	free(msg);

	memset(&sj, 0, sizeof(sj));
	sj.v = v = json_pack("[s]", buf_str(&text));
	msg = run("{ contains: x }", &sj, &bad, NULL);
	CHECK_INT(bad, 1);
	CHECK_CONTAINS(msg, "… [305 bytes]\n");
	CHECK(valid_utf8(msg));
	free(msg);
	json_decref(v);
	buf_release(&text);
}

UNIT_TEST(predicate_text_helper)
{
	struct spec_ctx c = { 0 };
	struct buf errs = BUF_INIT, msg = BUF_INIT;
	const char *yaml = "v: { contains: b, absent: false }\n";
	struct predlist *l;
	struct srcdoc *doc;
	char err[256];

	doc = srcdoc_parse("t.yaml", yaml, strlen(yaml), err, sizeof(err));
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	c.doc = doc;
	c.path = "t.yaml";
	c.text = yaml;
	c.textlen = strlen(yaml);
	c.errs = &errs;
	l = predlist_compile(&c, json_object_get(srcdoc_root(doc), "v"),
	    spec_valpos(&c, srcdoc_root(doc), "v"), "header 'x'");
	CHECK(l != NULL);
	CHECK_INT(predlist_eval_text(l, "header 'x'", "abc", 3, NULL, &msg), 0);
	CHECK_INT(predlist_eval_text(l, "header 'x'", "abc", 1, NULL, &msg), 1);
	CHECK_INT(predlist_eval_text(l, "header 'x'", NULL, 0, NULL, &msg), 2);
	CHECK_STR(buf_str(&msg),
	    "header 'x': expected to contain \"b\", got \"a\"\n"
	    "header 'x': expected to contain \"b\", but it is absent\n"
	    "header 'x': expected to be present\n");
	predlist_free(l);
	srcdoc_free(doc);
	buf_release(&errs);
	buf_release(&msg);
}

UNIT_TEST(predicate_describe_json)
{
	struct buf b = BUF_INIT;
	json_t *v = json_pack("{s:s, s:[i, b, n]}", "a", "x\"y\n", "b", 1, 1);

	CHECK_INT(describe_json(&b, v, 100), 0);
	CHECK_STR(buf_str(&b), "{\"a\":\"x\\\"y\\n\",\"b\":[1,true,null]}");
	buf_reset(&b);
	CHECK_INT(describe_json(&b, v, 5), 1);
	CHECK_STR(buf_str(&b), "{\"a\":… [32 bytes]");
	buf_reset(&b);
	CHECK_INT(describe_json(&b, json_object_get(v, "a"), 100), 0);
	CHECK_STR(buf_str(&b), "\"x\\\"y\\n\"");
	buf_reset(&b);
	CHECK_INT(describe_json(&b, json_object_get(v, "a"), 2), 1);
	CHECK_STR(buf_str(&b), "\"x\\\"… [4 bytes]\"");
	json_decref(v);
	buf_release(&b);
}

UNIT_TEST(predicate_compile_errors)
{
	SPEC_ERRORS("{ type: nope }",
	    "t.yaml:1:12: unknown type 'nope': string, integer, number, "
	    "boolean, null, array or object\n");
	SPEC_ERRORS("{ type: [string, 3] }",
	    "t.yaml:1:12: a type is one of string, integer, number, boolean, "
	    "null, array or object, got an integer\n");
	SPEC_ERRORS("{ type: [] }",
	    "t.yaml:1:12: type must be a type name or a list of them (string, "
	    "integer, number, boolean, null, array, object)\n");
	SPEC_ERRORS("{ between: [1] }",
	    "t.yaml:1:15: 'between' of " LABEL " must be a list of two numbers "
	    "[low, high]\n");
	SPEC_ERRORS("{ between: [1, x] }",
	    "t.yaml:1:15: 'between' of " LABEL " must be a list of two numbers "
	    "[low, high]\n");
	SPEC_ERRORS("{ above: abc }",
	    "t.yaml:1:13: 'above' of " LABEL " must be a number, got a string\n");
	SPEC_ERRORS("{ below: [1] }",
	    "t.yaml:1:13: 'below' of " LABEL " must be a number, got a list\n");
	SPEC_ERRORS("{ contans: x }",
	    "t.yaml:1:6: unknown key 'contans' in " LABEL " (did you mean "
	    "'contains'?)\n");
	SPEC_ERRORS("{ frobnicate: x }",
	    "t.yaml:1:6: unknown key 'frobnicate' in " LABEL "\n");
	SPEC_ERRORS("{}",
	    "t.yaml:1:4: " LABEL " needs a predicate: equals, contains, matches, "
	    "above, type, count, exists…\n");
	SPEC_ERRORS("{ count: abc }",
	    "t.yaml:1:13: 'count' of " LABEL " must be a number or predicates "
	    "on it, got a string\n");
	SPEC_ERRORS("{ count: {} }",
	    "t.yaml:1:13: 'count' of " LABEL " needs a predicate: equals, "
	    "contains, matches, above, type, count, exists…\n");
	SPEC_ERRORS("{ exists: 3 }",
	    "t.yaml:1:14: 'exists' of " LABEL " must be true or false, got an "
	    "integer\n");
	SPEC_ERRORS("{ oneOf: [] }",
	    "t.yaml:1:13: 'oneOf' of " LABEL " must be a non-empty list of "
	    "values\n");
	SPEC_ERRORS("{ startsWith: [a] }",
	    "t.yaml:1:18: 'startsWith' of " LABEL " must be a string, got a "
	    "list\n");
	SPEC_ERRORS("{ matches: 3 }",
	    "t.yaml:1:15: 'matches' of " LABEL " must be a regex string, got an "
	    "integer\n");
	SPEC_ERRORS("{ matches: [] }",
	    "t.yaml:1:15: 'matches' of " LABEL " must not be an empty list\n");
	SPEC_ERRORS("{ matches: 'a(b' }",
	    "t.yaml:1:19: bad regex in 'matches' of " LABEL ": missing closing "
	    "parenthesis\n");
	SPEC_ERRORS("{ contains: '{{nope}}' }",
	    "t.yaml:1:17: undefined variable 'nope'\n");
	SPEC_ERRORS("{ not: { contans: x } }",
	    "t.yaml:1:13: unknown key 'contans' in 'not' of " LABEL " (did you "
	    "mean 'contains'?)\n");
	/* Every error is reported, not just the first. */
	SPEC_ERRORS("{ above: x, type: nope, absent: 1 }",
	    "t.yaml:1:13: 'above' of " LABEL " must be a number, got a string\n"
	    "t.yaml:1:22: unknown type 'nope': string, integer, number, "
	    "boolean, null, array or object\n"
	    "t.yaml:1:36: 'absent' of " LABEL " must be true or false, got an "
	    "integer\n");
}
