/* test_jsonvalue.c - exact JSON numbers: loading a body that holds
 * numbers past 64 bits or past a double, comparing every kind of number
 * with every other exactly, deep equality, multipleOf, printing the way
 * jansson does with big numbers written out, and copies. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "../../base/jsonvalue.h"

static json_t *
load(const char *text)
{
	json_error_t je;
	json_t *v = jsonvalue_loadb(text, strlen(text), JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &je);

	if (v == NULL)
		unit_fail(__FILE__, __LINE__, "%s: %s", text, je.text);
	return v;
}

static json_t *
num(const char *text)
{
	json_t *v = jsonvalue_number(text, strlen(text));

	if (v == NULL)
		unit_fail(__FILE__, __LINE__, "not a number: %s", text);
	return v;
}

/* The order of two numbers given as JSON texts. */
static int
cmp(const char *a, const char *b)
{
	json_t *x = num(a), *y = num(b);
	int r = jsonvalue_numcmp(x, y);

	json_decref(x);
	json_decref(y);
	return r;
}

static int
eq(const char *a, const char *b)
{
	json_t *x = load(a), *y = load(b);
	int r = jsonvalue_equal(x, y);

	json_decref(x);
	json_decref(y);
	return r;
}

static char *
dumps(const json_t *v, size_t flags)
{
	char *s = jsonvalue_dumps(v, flags);

	return s ? s : calloc(1, 1);
}

/* A body with integers past 64 bits is JSON; each keeps its digits. */
UNIT_TEST(jsonvalue_load_big)
{
	json_t *v = load("{\"id\": 438544484291054295, \"max\": "
	    "18446744073709551615, \"snow\": 1234567890123456789012, "
	    "\"neg\": -9223372036854775809, \"min\": -9223372036854775808, "
	    "\"huge\": 1e400, \"list\": [18446744073709551616, \"x\"], "
	    "\"s\": \"18446744073709551615 in a string\"}");
	json_t *x;
	char *s;

	CHECK(json_is_integer(json_object_get(v, "id")));
	CHECK_INT(json_integer_value(json_object_get(v, "id")),
	    438544484291054295LL);
	CHECK_STR(jsonvalue_big(json_object_get(v, "max")),
	    "18446744073709551615");
	CHECK_STR(jsonvalue_big(json_object_get(v, "snow")),
	    "1234567890123456789012");
	CHECK_STR(jsonvalue_big(json_object_get(v, "neg")),
	    "-9223372036854775809");
	CHECK(json_is_integer(json_object_get(v, "min")));
	CHECK_STR(jsonvalue_big(json_object_get(v, "huge")), "1e400");
	x = json_array_get(json_object_get(v, "list"), 0);
	CHECK_STR(jsonvalue_big(x), "18446744073709551616");
	CHECK(jsonvalue_is_integer(json_object_get(v, "max")));
	CHECK(!jsonvalue_is_integer(json_object_get(v, "huge")));
	CHECK(json_is_number(json_object_get(v, "max")));
	CHECK(json_real_value(json_object_get(v, "max")) > 1.8e19);
	CHECK(json_real_value(json_object_get(v, "neg")) < -9.2e18);
	CHECK_STR(json_string_value(json_object_get(v, "s")),
	    "18446744073709551615 in a string");
	s = dumps(v, JSON_COMPACT);
	CHECK_STR(s, "{\"id\":438544484291054295,\"max\":18446744073709551615,"
	    "\"snow\":1234567890123456789012,\"neg\":-9223372036854775809,"
	    "\"min\":-9223372036854775808,\"huge\":1e400,"
	    "\"list\":[18446744073709551616,\"x\"],"
	    "\"s\":\"18446744073709551615 in a string\"}");
	free(s);
	json_decref(v);

	/* The whole document, and numbers beside strings that hold quotes. */
	v = load(" 99999999999999999999 ");
	CHECK_STR(jsonvalue_big(v), "99999999999999999999");
	json_decref(v);
	v = load("[\"a\\\"b\", 123456789012345678901234567890, \"\\\\\"]");
	CHECK_STR(jsonvalue_big(json_array_get(v, 1)),
	    "123456789012345678901234567890");
	CHECK_STR(json_string_value(json_array_get(v, 2)), "\\");
	json_decref(v);
	/* Stand-ins never clash with the document's own small integers. */
	v = load("[1, 2, 3, 1e999, 4, 5, 18446744073709551615, 6]");
	CHECK_INT(json_integer_value(json_array_get(v, 0)), 1);
	CHECK_INT(json_integer_value(json_array_get(v, 4)), 4);
	CHECK_INT(json_integer_value(json_array_get(v, 7)), 6);
	CHECK_STR(jsonvalue_big(json_array_get(v, 3)), "1e999");
	CHECK_STR(jsonvalue_big(json_array_get(v, 6)), "18446744073709551615");
	json_decref(v);
	/* A later duplicate key wins, as in jansson. */
	v = load("{\"a\": 18446744073709551615, \"a\": 7}");
	CHECK_INT(json_integer_value(json_object_get(v, "a")), 7);
	json_decref(v);
}

/* Not JSON stays not JSON, with jansson's message and position. */
UNIT_TEST(jsonvalue_load_errors)
{
	json_error_t je;
	json_t *v;

	v = jsonvalue_loadb("{\"a\": 18446744073709551615, \"b\": tru}", 37,
	    0, &je);
	CHECK(v == NULL);
	CHECK_CONTAINS(je.text, "invalid token");
	CHECK_INT(je.line, 1);
	CHECK_INT(je.column, 36);
	v = jsonvalue_loadb("{\"a\" 18446744073709551615}", 26, 0, &je);
	CHECK(v == NULL);
	CHECK_STR(je.text, "':' expected near '18446744073709551615'");
	v = jsonvalue_loadb("[1e99999999999]", 15, 0, &je);
	CHECK(v == NULL);
	CHECK_CONTAINS(je.text, "real number overflow");
	v = jsonvalue_loadb("[018446744073709551615]", 23, 0, &je);
	CHECK(v == NULL);
	v = jsonvalue_loadb("18446744073709551615", 20, 0, &je);
	CHECK(v == NULL);	/* a bare scalar wants JSON_DECODE_ANY */
	v = jsonvalue_loadb("\"18446744073709551615", 21, JSON_DECODE_ANY, &je);
	CHECK(v == NULL);
	CHECK(jsonvalue_number("", 0) == NULL);
	CHECK(jsonvalue_number("1.", 2) == NULL);
	CHECK(jsonvalue_number("+1", 2) == NULL);
	CHECK(jsonvalue_number("01", 2) == NULL);
	CHECK(jsonvalue_number("1 ", 2) == NULL);
	CHECK(jsonvalue_number("1e9999999999", 12) == NULL);
}

/* Every kind of number against every other, exactly. */
UNIT_TEST(jsonvalue_numcmp_exact)
{
	/* 2^53 + 1 is not 2^53, as integers or against the double 2^53. */
	CHECK_INT(cmp("9007199254740993", "9007199254740992"), 1);
	CHECK_INT(cmp("9007199254740993", "9007199254740992.0"), 1);
	CHECK_INT(cmp("9007199254740992", "9007199254740992.0"), 0);
	CHECK_INT(cmp("1", "1.0"), 0);
	CHECK_INT(cmp("1", "1.5"), -1);
	CHECK_INT(cmp("-0", "0.0"), 0);
	CHECK_INT(cmp("-0.0", "0"), 0);
	/* 2^64 - 1 and its neighbours. */
	CHECK_INT(cmp("18446744073709551615", "18446744073709551615"), 0);
	CHECK_INT(cmp("18446744073709551615", "18446744073709551614"), 1);
	CHECK_INT(cmp("18446744073709551615", "18446744073709551616"), -1);
	CHECK_INT(cmp("18446744073709551615", "9223372036854775807"), 1);
	CHECK_INT(cmp("18446744073709551616", "1.8446744073709552e19"), 0);
	CHECK_INT(cmp("18446744073709551615", "1.8446744073709552e19"), -1);
	CHECK_INT(cmp("18446744073709551617", "1.8446744073709552e19"), 1);
	CHECK_INT(cmp("18446744073709551615", "1e300"), -1);
	CHECK_INT(cmp("18446744073709551615", "-1e300"), 1);
	CHECK_INT(cmp("18446744073709551615", "0.5"), 1);
	/* -2^63 - 1 below every 64-bit integer. */
	CHECK_INT(cmp("-9223372036854775809", "-9223372036854775808"), -1);
	CHECK_INT(cmp("-9223372036854775809", "-9223372036854775810"), 1);
	CHECK_INT(cmp("-9223372036854775809", "0"), -1);
	CHECK_INT(cmp("-9223372036854775809", "-9.3e18"), 1);
	CHECK_INT(cmp("-18446744073709551615", "18446744073709551615"), -1);
	/* Past a double's range. */
	CHECK_INT(cmp("1e400", "1e400"), 0);
	CHECK_INT(cmp("1e400", "10e399"), 0);
	CHECK_INT(cmp("1e400", "1.0000000000000000000001e400"), -1);
	CHECK_INT(cmp("1e400", "1e401"), -1);
	CHECK_INT(cmp("-1e400", "-1e401"), 1);
	CHECK_INT(cmp("1e400", "1.7976931348623157e308"), 1);
	CHECK_INT(cmp("-1e400", "-1.7976931348623157e308"), -1);
	CHECK_INT(cmp("1e400", "99999999999999999999999999999"), 1);
	CHECK_INT(cmp("-1e400", "-9223372036854775809"), -1);
	/* A 400-digit integer and 1e399. */
	{
		char big[402];

		memset(big, '0', 401);
		big[0] = '1';
		big[401] = '\0';
		CHECK_INT(cmp(big, "1e400"), 0);
		CHECK_INT(cmp(big, "1e399"), 1);
		big[400] = '1';
		CHECK_INT(cmp(big, "1e400"), 1);
	}
}

/* Deep equality: nested arrays and objects, 1 == 1.0, exact integers. */
UNIT_TEST(jsonvalue_equal_deep)
{
	json_t *a, *b;
	int c = 7;

	CHECK(eq("[1, {\"a\": [2.0, \"x\"]}]", "[1.0, {\"a\": [2, \"x\"]}]"));
	CHECK(!eq("[1, {\"a\": [2.5]}]", "[1, {\"a\": [2]}]"));
	CHECK(eq("{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1}"));
	CHECK(!eq("{\"a\": 1}", "{\"a\": 1, \"b\": 2}"));
	CHECK(!eq("{\"a\": 1}", "{\"b\": 1}"));
	CHECK(!eq("[1, 2]", "[2, 1]"));
	CHECK(!eq("[9007199254740993]", "[9007199254740992]"));
	CHECK(eq("{\"id\": [18446744073709551615]}",
	    "{\"id\": [18446744073709551615]}"));
	CHECK(!eq("{\"id\": [18446744073709551615]}",
	    "{\"id\": [18446744073709551614]}"));
	CHECK(!eq("{\"id\": [18446744073709551615]}",
	    "{\"id\": [1.8446744073709552e19]}"));
	CHECK(eq("{\"id\": 18446744073709551616}",
	    "{\"id\": 1.8446744073709552e19}"));
	CHECK(!eq("\"1\"", "1"));
	CHECK(!eq("null", "false"));
	CHECK(eq("null", "null"));
	CHECK(eq("\"a\\u0000b\"", "\"a\\u0000b\""));
	CHECK(!eq("\"a\\u0000b\"", "\"a\\u0000c\""));
	CHECK(jsonvalue_equal(NULL, NULL));
	a = load("[1]");
	CHECK(!jsonvalue_equal(a, NULL));
	b = load("[\"b\"]");
	CHECK_INT(jsonvalue_order(a, b, &c), -1);
	CHECK_INT(jsonvalue_order(json_array_get(a, 0), json_array_get(b, 0),
	    &c), -1);
	CHECK_INT(jsonvalue_order(json_array_get(b, 0), json_array_get(b, 0),
	    &c), 0);
	CHECK_INT(c, 0);
	json_decref(a);
	json_decref(b);
	a = json_string("ab");
	b = json_string("b");
	CHECK_INT(jsonvalue_order(a, b, &c), 0);
	CHECK_INT(c, -1);
	json_decref(a);
	json_decref(b);
}

static int
multiple(const char *v, const char *m)
{
	json_t *x = num(v), *y = num(m);
	int r = jsonvalue_multiple(x, y);

	json_decref(x);
	json_decref(y);
	return r;
}

UNIT_TEST(jsonvalue_multiple_of)
{
	CHECK(multiple("10", "5"));
	CHECK(!multiple("10", "3"));
	CHECK(multiple("0.3", "0.1"));
	CHECK(multiple("18446744073709551615", "5"));
	CHECK(multiple("18446744073709551615", "3"));
	CHECK(!multiple("18446744073709551615", "2"));
	CHECK(multiple("18446744073709551616", "18446744073709551616"));
	CHECK(!multiple("18446744073709551617", "18446744073709551616"));
	CHECK(multiple("36893488147419103232", "18446744073709551616"));
	CHECK(!multiple("5", "18446744073709551616"));
	CHECK(multiple("0", "18446744073709551616"));
	CHECK(multiple("-18446744073709551615", "5"));
	CHECK(multiple("18446744073709551616", "0.5"));
	CHECK(multiple("18446744073709551616", "1.8446744073709552e19"));
	CHECK(!multiple("18446744073709551616", "7"));
}

/* Printing matches json_dumps for every layout, big numbers as written. */
UNIT_TEST(jsonvalue_dumps_like_jansson)
{
	static const char *const docs[] = {
		"[]", "{}", "[1, 2.5, \"x\", null, true, false]",
		"{\"a\": {\"b\": [1, {}], \"c\": []}, \"d/e\": \"\\u00e9\\n\"}",
		"[[[]], [{\"k\": [0.1, 1e-7, 123456789.125]}]]",
		"\"just a string\"", "-12",
	};
	static const size_t flags[] = {
		0, JSON_COMPACT, JSON_INDENT(2), JSON_INDENT(3) | JSON_COMPACT,
		JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH, JSON_REAL_PRECISION(3),
	};
	json_t *keep = num("18446744073709551615"), *v, *c;
	char *want, *got;
	size_t i, j;

	/* With a big number alive anywhere, every print is our own. */
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		v = load(docs[i]);
		for (j = 0; j < sizeof(flags) / sizeof(flags[0]); j++) {
			want = json_dumps(v, flags[j] | JSON_ENCODE_ANY);
			got = dumps(v, flags[j] | JSON_ENCODE_ANY);
			CHECK_STR(got, want);
			free(want);
			free(got);
		}
		/* A bare scalar wants JSON_ENCODE_ANY, as in jansson. */
		got = jsonvalue_dumps(v, 0);
		CHECK((got != NULL) == (json_is_array(v) || json_is_object(v)));
		free(got);
		json_decref(v);
	}
	/* Past 4096 levels, jansson prints it. */
	v = json_array();
	for (i = 0, c = v; i < 5000; i++) {
		json_array_append_new(c, json_array());
		c = json_array_get(c, 0);
	}
	want = json_dumps(v, JSON_COMPACT);
	got = dumps(v, JSON_COMPACT);
	CHECK_STR(got, want);
	free(want);
	free(got);
	json_decref(v);
	CHECK(jsonvalue_dumps(keep, 0) == NULL);
	got = dumps(keep, JSON_ENCODE_ANY);
	CHECK_STR(got, "18446744073709551615");
	free(got);

	v = load("{\"a\": [18446744073709551615, -1e400]}");
	got = dumps(v, JSON_INDENT(2));
	CHECK_STR(got, "{\n  \"a\": [\n    18446744073709551615,\n"
	    "    -1e400\n  ]\n}");
	free(got);
	/* A copy shares the big numbers, so it keeps them exact. */
	c = jsonvalue_copy(v);
	CHECK(c != v && json_object_get(c, "a") != json_object_get(v, "a"));
	CHECK(jsonvalue_equal(c, v));
	got = dumps(c, JSON_COMPACT);
	CHECK_STR(got, "{\"a\":[18446744073709551615,-1e400]}");
	free(got);
	json_decref(v);
	json_decref(c);
	json_decref(keep);
	/* Numbers a person writes in other ways read the same. */
	v = num("1.5E+400");
	CHECK_STR(jsonvalue_big(v), "1.5e400");
	json_decref(v);
	v = num("-0.000000000000000000000000000000000000000001e450");
	CHECK_STR(jsonvalue_big(v), "-1e408");
	json_decref(v);
	v = num("1e-400");
	CHECK(v != NULL && jsonvalue_big(v) == NULL);
	json_decref(v);
}

/* Integers in base 8, 10 and 16 (YAML's), big or not. */
UNIT_TEST(jsonvalue_integer_bases)
{
	json_t *v;

	v = jsonvalue_integer("ffffffffffffffff", 16, 16, 0);
	CHECK_STR(jsonvalue_big(v), "18446744073709551615");
	json_decref(v);
	v = jsonvalue_integer("FF", 2, 16, 1);
	CHECK_INT(json_integer_value(v), -255);
	json_decref(v);
	v = jsonvalue_integer("777", 3, 8, 0);
	CHECK_INT(json_integer_value(v), 511);
	json_decref(v);
	v = jsonvalue_integer("0009223372036854775808", 22, 10, 1);
	CHECK(json_is_integer(v));
	CHECK_INT(json_integer_value(v), (-9223372036854775807LL - 1));
	json_decref(v);
	v = jsonvalue_integer("0", 1, 10, 1);
	CHECK(json_is_integer(v) && json_integer_value(v) == 0);
	json_decref(v);
	CHECK(jsonvalue_integer("19", 2, 8, 0) == NULL);
	CHECK(jsonvalue_integer("1g", 2, 16, 0) == NULL);
}

/* Big numbers that nothing holds any more are freed as more are made;
 * those still held stay exact. */
UNIT_TEST(jsonvalue_registry_sweeps)
{
	json_t *kept = num("18446744073709551615"), *v;
	char text[64];
	int i;

	for (i = 0; i < 5000; i++) {
		snprintf(text, sizeof(text), "1844674407370955161%d", i);
		v = num(text);
		CHECK(jsonvalue_big(v) != NULL);
		json_decref(v);
	}
	CHECK_STR(jsonvalue_big(kept), "18446744073709551615");
	json_decref(kept);
}

/* Threads (parallel tests) load, compare, print and drop big numbers at
 * once: each keeps its own exact. */
static void *
churn(void *arg)
{
	long id = (long)(intptr_t)arg, i, bad = 0;
	char text[160], want[64], *got;
	json_t *v, *w;

	for (i = 0; i < 2000; i++) {
		snprintf(want, sizeof(want), "1844674407370955%ld%04ld", id, i);
		snprintf(text, sizeof(text), "{\"n\": %s, \"m\": [%s]}", want,
		    want);
		v = jsonvalue_loadb(text, strlen(text), 0, NULL);
		w = jsonvalue_copy(v);
		got = jsonvalue_dumps(json_object_get(w, "n"), JSON_ENCODE_ANY);
		if (got == NULL || strcmp(got, want) != 0 ||
		    !jsonvalue_equal(json_object_get(v, "n"),
		    json_array_get(json_object_get(w, "m"), 0)))
			bad++;
		free(got);
		json_decref(v);
		json_decref(w);
	}
	return (void *)(intptr_t)bad;
}

UNIT_TEST(jsonvalue_threads)
{
	pthread_t t[4];
	void *bad;
	long i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, churn, (void *)(intptr_t)i);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &bad);
		CHECK_INT((intptr_t)bad, 0);
	}
}
