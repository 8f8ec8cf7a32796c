/* test_jsonschema.c - the JSON Schema validator: every keyword passing and
 * failing with its exact message, schema errors with their pointer. */
#include <stdlib.h>

#include "unit.h"
#include "../../assertions/jsonschema.h"
#include "../../base/jsonvalue.h"
#include "../../base/xalloc.h"

/* The lines of validating the JSON text doc against the schema text (""
 * when valid), or "schema error at WHERE: REASON"; new. */
static char *
validate(const char *schema, const char *doc, int max)
{
	json_t *sj, *dj;
	struct jsonschema *s;
	struct buf msg = BUF_INIT;
	char *where = NULL, err[256], *out;
	int n;

	sj = jsonvalue_loadb(schema, strlen(schema), JSON_DECODE_ANY, NULL);
	dj = jsonvalue_loadb(doc, strlen(doc), JSON_DECODE_ANY, NULL);
	if (sj == NULL || dj == NULL)
		out = xstrdup("bad test JSON");
	else if ((s = jsonschema_new(sj, &where, err, sizeof(err))) == NULL)
		out = xasprintf("schema error at %s: %s", where ? where : "(null)",
		    err);
	else {
		n = jsonschema_validate(s, dj, &msg, max);
		if (n == 0 && msg.len > 0)
			buf_adds(&msg, "(valid, yet lines were written)");
		if (n > 0 && msg.len == 0 && max > 0)
			buf_addf(&msg, "(%d violations, no lines)", n);
		out = buf_detach(&msg);
		jsonschema_free(s);
	}
	free(where);
	json_decref(sj);
	json_decref(dj);
	return out;
}

/* Checks that doc gives exactly the lines want ("" when valid). */
#define EXPECT(schema, doc, want) do {					\
	char *got_ = validate(schema, doc, 10);				\
	CHECK_STR(got_, want);						\
	free(got_);							\
} while (0)

#define VALID(schema, doc)	EXPECT(schema, doc, "")

UNIT_TEST(jsonschema_type)
{
	VALID("{\"type\":\"integer\"}", "7");
	VALID("{\"type\":\"integer\"}", "1.0");
	VALID("{\"type\":\"number\"}", "7");
	VALID("{\"type\":[\"string\",\"null\"]}", "null");
	EXPECT("{\"type\":\"integer\"}", "\"7\"",
	    "$: expected type integer, got string \"7\"\n");
	EXPECT("{\"type\":\"integer\"}", "1.5",
	    "$: expected type integer, got number 1.5\n");
	EXPECT("{\"type\":[\"string\",\"integer\",\"null\"]}", "true",
	    "$: expected type string, integer or null, got boolean true\n");
	EXPECT("{\"type\":\"object\"}", "null",
	    "$: expected type object, got null\n");
	EXPECT("{\"type\":\"string\"}", "[1,2]",
	    "$: expected type string, got array [1,2]\n");
}

UNIT_TEST(jsonschema_path)
{
	const char *schema = "{\"properties\":{\"items\":{\"items\":"
	    "{\"properties\":{\"id\":{\"type\":\"integer\"}}}},"
	    "\"a b\":{\"type\":\"string\"}}}";

	EXPECT(schema, "{\"items\":[{\"id\":1},{\"id\":2},{\"id\":\"7\"}]}",
	    "$.items[2].id: expected type integer, got string \"7\"\n");
	EXPECT(schema, "{\"a b\":1}",
	    "$['a b']: expected type string, got integer 1\n");
}

UNIT_TEST(jsonschema_quote_cut)
{
	char *got = validate("{\"type\":\"integer\"}",
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa\"", 10);

	CHECK_STR(got, "$: expected type integer, got string \"aaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\n");
	free(got);
	/* never cut inside a character: é is 2 bytes, the cut at 60 lands
	 * after the quote and 29 of them plus one byte */
	got = validate("{\"type\":\"integer\"}", "\"ééééééééééééééééééééééééé"
	    "ééééééééééé\"", 10);
	CHECK_STR(got, "$: expected type integer, got string \"ééééééééééééé"
	    "éééééééééééééééé…\n");
	free(got);
}

UNIT_TEST(jsonschema_enum_const)
{
	VALID("{\"enum\":[\"a\",\"b\"]}", "\"b\"");
	VALID("{\"enum\":[1,[1,2]]}", "[1.0,2]");
	EXPECT("{\"enum\":[\"a\",\"b\"]}", "\"c\"",
	    "$: not one of the enum values [\"a\",\"b\"], got \"c\"\n");
	VALID("{\"const\":1}", "1.0");
	VALID("{\"const\":{\"a\":[1,{\"b\":null}]}}", "{\"a\":[1,{\"b\":null}]}");
	EXPECT("{\"const\":\"a\"}", "\"b\"",
	    "$: expected const \"a\", got \"b\"\n");
	EXPECT("{\"const\":{\"a\":1}}", "{\"a\":1,\"b\":2}",
	    "$: expected const {\"a\":1}, got {\"a\":1,\"b\":2}\n");
	EXPECT("{\"const\":false}", "0", "$: expected const false, got 0\n");
}

UNIT_TEST(jsonschema_numbers)
{
	VALID("{\"minimum\":1,\"maximum\":10}", "10");
	VALID("{\"minimum\":1,\"maximum\":10}", "\"not a number\"");
	EXPECT("{\"maximum\":10}", "12", "$: expected ≤ 10, got 12\n");
	EXPECT("{\"minimum\":1}", "0.5", "$: expected ≥ 1, got 0.5\n");
	EXPECT("{\"exclusiveMinimum\":0}", "0", "$: expected > 0, got 0\n");
	EXPECT("{\"exclusiveMaximum\":2.5}", "2.5",
	    "$: expected < 2.5, got 2.5\n");
	VALID("{\"exclusiveMaximum\":2.5}", "2");
	VALID("{\"minimum\":9007199254740993}", "9007199254740993");
	EXPECT("{\"minimum\":9007199254740993}", "9007199254740992",
	    "$: expected ≥ 9007199254740993, got 9007199254740992\n");
	VALID("{\"multipleOf\":3}", "9");
	VALID("{\"multipleOf\":0.1}", "0.3");
	EXPECT("{\"multipleOf\":3}", "7", "$: expected a multiple of 3, got 7\n");
	EXPECT("{\"multipleOf\":0.01}", "1.005",
	    "$: expected a multiple of 0.01, got 1.005\n");
}

/* Integers past 64 bits: const, enum, bounds, multipleOf, uniqueItems and
 * type exactly, and messages that print them as written. */
UNIT_TEST(jsonschema_big_numbers)
{
	VALID("{\"const\":18446744073709551615}", "18446744073709551615");
	EXPECT("{\"const\":18446744073709551615}", "18446744073709551614",
	    "$: expected const 18446744073709551615, got "
	    "18446744073709551614\n");
	EXPECT("{\"const\":18446744073709551616}", "1.8446744073709552e19",
	    "");
	VALID("{\"enum\":[1,18446744073709551615]}", "18446744073709551615");
	EXPECT("{\"enum\":[1,18446744073709551615]}", "18446744073709551616",
	    "$: not one of the enum values [1,18446744073709551615], got "
	    "18446744073709551616\n");
	VALID("{\"enum\":[{\"id\":[18446744073709551615]}]}",
	    "{\"id\":[18446744073709551615]}");
	VALID("{\"maximum\":18446744073709551615}", "18446744073709551615");
	EXPECT("{\"maximum\":18446744073709551615}", "18446744073709551616",
	    "$: expected ≤ 18446744073709551615, got 18446744073709551616\n");
	EXPECT("{\"maximum\":9223372036854775807}", "9223372036854775808",
	    "$: expected ≤ 9223372036854775807, got 9223372036854775808\n");
	EXPECT("{\"exclusiveMinimum\":-9223372036854775808}",
	    "-9223372036854775809",
	    "$: expected > -9223372036854775808, got -9223372036854775809\n");
	VALID("{\"minimum\":-1e400}", "-9223372036854775809");
	EXPECT("{\"maximum\":1e300}", "1e400",
	    "$: expected ≤ 1e+300, got 1e400\n");
	VALID("{\"multipleOf\":5}", "18446744073709551615");
	EXPECT("{\"multipleOf\":2}", "18446744073709551615",
	    "$: expected a multiple of 2, got 18446744073709551615\n");
	VALID("{\"type\":\"integer\"}", "18446744073709551615");
	EXPECT("{\"type\":\"string\"}", "18446744073709551615",
	    "$: expected type string, got integer 18446744073709551615\n");
	VALID("{\"uniqueItems\":true}",
	    "[18446744073709551615,18446744073709551614]");
	EXPECT("{\"uniqueItems\":true}",
	    "[18446744073709551615,18446744073709551615]",
	    "$: expected unique items, but [0] and [1] are both "
	    "18446744073709551615\n");
}

UNIT_TEST(jsonschema_strings)
{
	VALID("{\"minLength\":1,\"maxLength\":3}", "\"ééé\"");
	EXPECT("{\"minLength\":1}", "\"\"",
	    "$: expected at least 1 characters, got 0\n");
	EXPECT("{\"maxLength\":2}", "\"ééé\"",
	    "$: expected at most 2 characters, got 3\n");
	VALID("{\"pattern\":\"^[a-z]+-\\\\d+$\"}", "\"abc-12\"");
	VALID("{\"pattern\":\"\\\\d\"}", "\"unanchored 1 search\"");
	VALID("{\"pattern\":\"^.$\"}", "\"é\"");
	VALID("{\"pattern\":\"^\\\\u00e9$\"}", "\"é\"");
	EXPECT("{\"pattern\":\"^[a-z]+$\"}", "\"ABC\"",
	    "$: expected to match /^[a-z]+$/, got \"ABC\"\n");
	EXPECT("{\"pattern\":\"^a$\"}", "\"a\\n\"",
	    "$: expected to match /^a$/, got \"a\\n\"\n");
}

UNIT_TEST(jsonschema_arrays)
{
	VALID("{\"items\":{\"type\":\"integer\"},\"minItems\":1}", "[1,2]");
	EXPECT("{\"items\":{\"type\":\"integer\"}}", "[1,\"x\",3,null]",
	    "$[1]: expected type integer, got string \"x\"\n"
	    "$[3]: expected type integer, got null\n");
	EXPECT("{\"minItems\":2}", "[1]", "$: expected at least 2 items, got 1\n");
	EXPECT("{\"maxItems\":1}", "[1,2]", "$: expected at most 1 items, got 2\n");
	VALID("{\"uniqueItems\":true}", "[1,\"1\",[1],{\"a\":1},{\"a\":2}]");
	VALID("{\"uniqueItems\":false}", "[1,1]");
	EXPECT("{\"uniqueItems\":true}", "[\"a\",\"b\",\"a\"]",
	    "$: expected unique items, but [0] and [2] are both \"a\"\n");
	EXPECT("{\"uniqueItems\":true}", "[1,1.0]",
	    "$: expected unique items, but [0] and [1] are both 1\n");
	VALID("{\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
	    "[\"a\",1,null]");
	EXPECT("{\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}",
	    "[\"a\",1]", "$[1]: no value is allowed here (schema false)\n");
	EXPECT("{\"items\":[{\"type\":\"string\"}]}", "[1,1]",
	    "$[0]: expected type string, got integer 1\n");
}

UNIT_TEST(jsonschema_objects)
{
	const char *closed = "{\"properties\":{\"id\":{}},"
	    "\"additionalProperties\":false}";

	VALID("{\"required\":[\"id\"]}", "{\"id\":null}");
	EXPECT("{\"required\":[\"id\",\"name\"]}", "{\"name\":1}",
	    "$: missing required property 'id'\n");
	VALID(closed, "{\"id\":1}");
	EXPECT(closed, "{\"id\":1,\"x\":2}",
	    "$: property 'x' is not allowed (additionalProperties: false)\n");
	EXPECT("{\"additionalProperties\":{\"type\":\"string\"},"
	    "\"properties\":{\"n\":{\"type\":\"integer\"}}}",
	    "{\"n\":1,\"s\":\"ok\",\"t\":2}",
	    "$.t: expected type string, got integer 2\n");
	EXPECT("{\"patternProperties\":{\"^x-\":{\"type\":\"string\"}},"
	    "\"additionalProperties\":false}",
	    "{\"x-a\":\"ok\",\"x-b\":1,\"y\":0}",
	    "$['x-b']: expected type string, got integer 1\n"
	    "$: property 'y' is not allowed (additionalProperties: false)\n");
	VALID("{\"minProperties\":1,\"maxProperties\":2}", "{\"a\":1}");
	EXPECT("{\"minProperties\":1}", "{}",
	    "$: expected at least 1 properties, got 0\n");
	EXPECT("{\"maxProperties\":1}", "{\"a\":1,\"b\":2}",
	    "$: expected at most 1 properties, got 2\n");
}

UNIT_TEST(jsonschema_logic)
{
	const char *any = "{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":10}]}";
	const char *one = "{\"oneOf\":[{\"type\":\"integer\"},{\"type\":"
	    "\"number\",\"minimum\":0},{\"type\":\"string\"},{\"type\":"
	    "\"array\"}]}";

	VALID("{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":1}]}", "3");
	EXPECT("{\"allOf\":[{\"type\":\"integer\"},{\"minimum\":1}]}", "0.5",
	    "$: expected type integer, got number 0.5\n"
	    "$: expected ≥ 1, got 0.5\n");
	VALID(any, "\"x\"");
	VALID(any, "11");
	EXPECT(any, "5", "$: matches none of the anyOf schemas (#0: expected "
	    "type string, got integer 5; #1: expected ≥ 10, got 5)\n");
	VALID(one, "\"s\"");
	VALID(one, "-1");
	EXPECT(one, "1", "$: matches 2 of the oneOf schemas (#0, #1), expected "
	    "exactly one\n");
	EXPECT(one, "null", "$: matches none of the oneOf schemas (#0: "
	    "expected type integer, got null; #1: expected type number, got null; "
	    "#2: expected type string, got null; …)\n");
	VALID("{\"not\":{\"type\":\"null\"}}", "0");
	EXPECT("{\"not\":{\"type\":\"null\"}}", "null",
	    "$: expected not to match the 'not' schema, got null\n");
	EXPECT("{\"anyOf\":[{\"required\":[\"a\"]},{\"properties\":{\"b\":"
	    "{\"type\":\"string\"}}}]}", "{\"b\":1}",
	    "$: matches none of the anyOf schemas (#0: missing required "
	    "property 'a'; #1: $.b: expected type string, got integer 1)\n");
}

UNIT_TEST(jsonschema_boolean_schemas)
{
	VALID("true", "{\"anything\":[1]}");
	EXPECT("false", "1", "$: no value is allowed here (schema false)\n");
	EXPECT("{\"properties\":{\"gone\":false}}", "{\"gone\":1}",
	    "$.gone: no value is allowed here (schema false)\n");
}

UNIT_TEST(jsonschema_refs)
{
	const char *tree = "{\"$defs\":{\"node\":{\"type\":\"object\","
	    "\"properties\":{\"v\":{\"type\":\"integer\"},\"kids\":{\"items\":"
	    "{\"$ref\":\"#/$defs/node\"}}}}},\"$ref\":\"#/$defs/node\"}";
	const char *old = "{\"definitions\":{\"id\":{\"type\":\"integer\","
	    "\"minimum\":1}},\"properties\":{\"id\":{\"$ref\":"
	    "\"#/definitions/id\"}}}";

	VALID(tree, "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[]},{\"v\":3}]}");
	EXPECT(tree, "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[{\"v\":\"x\"}]}]}",
	    "$.kids[0].kids[0].v: expected type integer, got string \"x\"\n");
	VALID(old, "{\"id\":5}");
	EXPECT(old, "{\"id\":0}", "$.id: expected ≥ 1, got 0\n");
	/* "#" is the whole schema */
	EXPECT("{\"properties\":{\"next\":{\"$ref\":\"#\"}},\"required\":"
	    "[\"v\"]}", "{\"v\":1,\"next\":{\"v\":2,\"next\":{}}}",
	    "$.next.next: missing required property 'v'\n");
	/* $ref next to other keywords: both apply */
	EXPECT("{\"$defs\":{\"s\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/s\","
	    "\"maxLength\":1}", "\"ab\"",
	    "$: expected at most 1 characters, got 2\n");
}

UNIT_TEST(jsonschema_annotations_ignored)
{
	VALID("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
	    "\"$id\":\"x\",\"title\":5,\"description\":[],\"default\":1,"
	    "\"examples\":{},\"format\":\"email\",\"x-vendor\":1}",
	    "\"not an email\"");
}

UNIT_TEST(jsonschema_max_lines)
{
	char *got = validate("{\"items\":{\"type\":\"string\"}}", "[1,2,3]", 2);
	struct jsonschema *s;
	json_t *sj = json_loads("{\"items\":{\"type\":\"string\"}}", 0, NULL);
	json_t *dj = json_loads("[1,2,3]", 0, NULL);

	CHECK_STR(got, "$[0]: expected type string, got integer 1\n"
	    "$[1]: expected type string, got integer 2\n");
	free(got);
	s = jsonschema_new(sj, NULL, NULL, 0);
	json_decref(sj);	/* the schema keeps its own reference */
	CHECK(s != NULL);
	if (s != NULL)
		CHECK_INT(jsonschema_validate(s, dj, NULL, 0), 3);
	jsonschema_free(s);
	jsonschema_free(NULL);
	json_decref(dj);
}

UNIT_TEST(jsonschema_schema_errors)
{
	EXPECT("{\"properties\":{\"id\":{\"minimum\":\"x\"}}}", "1",
	    "schema error at /properties/id/minimum: minimum must be a number");
	EXPECT("{\"pattern\":\"a(\"}", "1", "schema error at /pattern: pattern "
	    "is not a valid regex: missing closing parenthesis at offset 2");
	EXPECT("{\"items\":{\"$ref\":\"#/$defs/nope\"}}", "1",
	    "schema error at /items/$ref: $ref '#/$defs/nope' not found in the "
	    "schema");
	EXPECT("{\"$ref\":\"other.json#/a\"}", "1", "schema error at /$ref: "
	    "$ref 'other.json#/a' is not supported: only local refs like "
	    "'#/$defs/name'");
	EXPECT("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"allOf\":"
	    "[{\"$ref\":\"#/$defs/a\"}]}},\"$ref\":\"#/$defs/a\"}", "1",
	    "schema error at /$defs/b/allOf/0/$ref: $ref '#/$defs/a' loops back "
	    "without descending into the value");
	EXPECT("{\"type\":\"int\"}", "1", "schema error at /type: type must be "
	    "one of string, integer, number, boolean, null, array, object");
	EXPECT("{\"type\":[\"string\",7]}", "1", "schema error at /type/1: type "
	    "must be one of string, integer, number, boolean, null, array, "
	    "object");
	EXPECT("{\"minLength\":-1}", "1", "schema error at /minLength: "
	    "minLength must be a non-negative integer");
	EXPECT("{\"multipleOf\":0}", "1", "schema error at /multipleOf: "
	    "multipleOf must be a number greater than 0");
	EXPECT("{\"required\":[\"a\",1]}", "1", "schema error at /required/1: "
	    "required must be an array of strings");
	EXPECT("{\"enum\":\"a\"}", "1", "schema error at /enum: enum must be an "
	    "array");
	EXPECT("{\"anyOf\":[]}", "1", "schema error at /anyOf: anyOf must be a "
	    "non-empty array of schemas");
	EXPECT("{\"properties\":{\"a/b\":{\"not\":3}}}", "1", "schema error at "
	    "/properties/a~1b/not: schema must be an object or a boolean");
	EXPECT("{\"uniqueItems\":1}", "1", "schema error at /uniqueItems: "
	    "uniqueItems must be a boolean");
	EXPECT("{\"$defs\":{\"unused\":{\"maxItems\":1.5}}}", "1", "schema error "
	    "at /$defs/unused/maxItems: maxItems must be a non-negative integer");
	EXPECT("[]", "1", "schema error at : schema must be an object or a "
	    "boolean");
}

UNIT_TEST(jsonschema_todo_api)
{
	const char *todo = "{"
	    "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
	    "\"title\":\"Todo\",\"type\":\"object\","
	    "\"required\":[\"id\",\"title\",\"done\"],"
	    "\"properties\":{"
	    "\"id\":{\"type\":\"integer\",\"exclusiveMinimum\":0},"
	    "\"title\":{\"type\":\"string\",\"minLength\":1},"
	    "\"done\":{\"type\":\"boolean\"},"
	    "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
	    "\"uniqueItems\":true}},"
	    "\"additionalProperties\":false}";
	const char *list = "{\"$defs\":{\"todo\":{\"type\":\"object\","
	    "\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\","
	    "\"exclusiveMinimum\":0}}}},\"type\":\"object\",\"properties\":"
	    "{\"items\":{\"type\":\"array\",\"items\":{\"$ref\":"
	    "\"#/$defs/todo\"}}}}";

	VALID(todo, "{\"id\":1,\"title\":\"Buy milk\",\"done\":false,"
	    "\"tags\":[\"home\",\"shop\"]}");
	VALID(todo, "{\"id\":2.0,\"title\":\"x\",\"done\":true}");
	EXPECT(todo, "{\"id\":0,\"title\":\"\",\"done\":\"no\","
	    "\"tags\":[\"a\",\"a\",3],\"owner\":\"me\"}",
	    "$.id: expected > 0, got 0\n"
	    "$.title: expected at least 1 characters, got 0\n"
	    "$.done: expected type boolean, got string \"no\"\n"
	    "$.tags[2]: expected type string, got integer 3\n"
	    "$.tags: expected unique items, but [0] and [1] are both \"a\"\n"
	    "$: property 'owner' is not allowed (additionalProperties: false)\n");
	EXPECT(todo, "{\"title\":\"t\"}",
	    "$: missing required property 'id'\n"
	    "$: missing required property 'done'\n");
	EXPECT(todo, "[]", "$: expected type object, got array []\n");
	EXPECT(list, "{\"items\":[{\"id\":1},{\"id\":2},{\"id\":\"7\"},{}]}",
	    "$.items[2].id: expected type integer, got string \"7\"\n"
	    "$.items[3]: missing required property 'id'\n");
}

UNIT_TEST(jsonschema_recursion_guard)
{
	struct buf doc = BUF_INIT;
	char *got;
	int i;

	EXPECT("{\"$ref\":\"#\"}", "1", "schema error at /$ref: $ref '#' "
	    "loops back without descending into the value");
	EXPECT("{\"not\":{\"anyOf\":[{\"$ref\":\"#\"}]}}", "1", "schema error "
	    "at /not/anyOf/0/$ref: $ref '#' loops back without descending into "
	    "the value");
	/* recursion through items descends: allowed, but bounded */
	VALID("{\"items\":{\"$ref\":\"#\"}}", "[[[[]],[]]]");
	for (i = 0; i < 600; i++)
		buf_adds(&doc, "[");
	for (i = 0; i < 600; i++)
		buf_adds(&doc, "]");
	got = validate("{\"items\":{\"$ref\":\"#\"}}", buf_str(&doc), 10);
	CHECK_CONTAINS(got, "]: nested too deeply to check (over 1000 "
	    "schemas)\n");
	free(got);
	buf_release(&doc);
}
