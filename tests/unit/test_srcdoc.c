/* test_srcdoc.c - YAML and JSON into one tree shape, with positions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "../../base/jsonvalue.h"
#include "../../base/srcdoc.h"

static struct srcdoc *
parse(const char *path, const char *text, char *err, size_t errlen)
{
	err[0] = '\0';
	return srcdoc_parse(path, text, strlen(text), err, errlen);
}

/* The error message for text, or "" when it loads. */
static const char *
error_of(const char *path, const char *text)
{
	static char err[512];
	struct srcdoc *d = parse(path, text, err, sizeof(err));

	srcdoc_free(d);
	return err;
}

UNIT_TEST(srcdoc_yaml_core_schema_scalars)
{
	char err[256];
	struct srcdoc *d = parse("t.yaml", "a: 1\nb: -0x1f\nc: 0o17\nd: 1.5\n"
	    "e: -12\nf: true\ng: False\nh: ~\ni:\nj: yes\nk: on\nl: '1'\n"
	    "m: \"true\"\nn: 2s\no: !!str 12\np: 1e3\nq: |\n  block\n", err,
	    sizeof(err));
	json_t *r;

	CHECK(d != NULL);
	if (d == NULL)
		return;
	r = srcdoc_root(d);
	CHECK_INT(json_integer_value(json_object_get(r, "a")), 1);
	CHECK_STR(json_string_value(json_object_get(r, "b")), "-0x1f");
	CHECK_INT(json_integer_value(json_object_get(r, "c")), 15);
	CHECK(json_real_value(json_object_get(r, "d")) == 1.5);
	CHECK_INT(json_integer_value(json_object_get(r, "e")), -12);
	CHECK(json_is_true(json_object_get(r, "f")));
	CHECK(json_is_false(json_object_get(r, "g")));
	CHECK(json_is_null(json_object_get(r, "h")));
	CHECK(json_is_null(json_object_get(r, "i")));
	CHECK_STR(json_string_value(json_object_get(r, "j")), "yes");
	CHECK_STR(json_string_value(json_object_get(r, "k")), "on");
	CHECK_STR(json_string_value(json_object_get(r, "l")), "1");
	CHECK_STR(json_string_value(json_object_get(r, "m")), "true");
	CHECK_STR(json_string_value(json_object_get(r, "n")), "2s");
	CHECK_STR(json_string_value(json_object_get(r, "o")), "12");
	CHECK(json_real_value(json_object_get(r, "p")) == 1000.0);
	CHECK_STR(json_string_value(json_object_get(r, "q")), "block\n");
	srcdoc_free(d);
}

UNIT_TEST(srcdoc_yaml_and_json_give_the_same_tree)
{
	char err[256];
	struct srcdoc *y = parse("t.yaml", "name: x\ntests:\n  - get: /\n"
	    "    expect: { status: [200, 201], ok: true, none: null, r: 0.5 }\n",
	    err, sizeof(err));
	struct srcdoc *j = parse("t.JSON", "{\"name\":\"x\",\"tests\":[{\"get\":"
	    "\"/\",\"expect\":{\"status\":[200,201],\"ok\":true,\"none\":null,"
	    "\"r\":0.5}}]}", err, sizeof(err));

	CHECK(y != NULL && j != NULL);
	if (y && j)
		CHECK(json_equal(srcdoc_root(y), srcdoc_root(j)));
	srcdoc_free(y);
	srcdoc_free(j);
}

static void
check_pos(struct srcpos p, int line, int col)
{
	CHECK_INT(p.line, line);
	CHECK_INT(p.col, col);
}

UNIT_TEST(srcdoc_positions_yaml)
{
	char err[256];
	struct srcdoc *d = parse("t.yaml", "name: x\ntests:\n  - get: /\n"
	    "    skip: true\n  - post: /p\n    expect: { a: null }\n", err,
	    sizeof(err));
	json_t *r, *tests, *t0, *t1;

	CHECK(d != NULL);
	if (d == NULL)
		return;
	r = srcdoc_root(d);
	tests = json_object_get(r, "tests");
	t0 = json_array_get(tests, 0);
	t1 = json_array_get(tests, 1);
	check_pos(srcdoc_rootpos(d), 1, 1);
	check_pos(srcdoc_keypos(d, r, "tests"), 2, 1);
	check_pos(srcdoc_itempos(d, tests, 0), 3, 5);
	check_pos(srcdoc_itempos(d, tests, 1), 5, 5);
	check_pos(srcdoc_keypos(d, t0, "skip"), 4, 5);
	check_pos(srcdoc_valpos(d, t0, "skip"), 4, 11);	/* a singleton true */
	check_pos(srcdoc_valpos(d, json_object_get(t1, "expect"), "a"), 6, 18);
	check_pos(srcdoc_valpos(d, r, "nope"), 0, 0);
	srcdoc_free(d);
}

UNIT_TEST(srcdoc_positions_json)
{
	char err[256];
	struct srcdoc *d = parse("t.json", "{\n  \"tests\": [\n    {\"get\": \"/\","
	    " \"skip\": true},\n    {\"x\": null}\n  ]\n}\n", err, sizeof(err));
	json_t *tests;

	CHECK(d != NULL);
	if (d == NULL)
		return;
	tests = json_object_get(srcdoc_root(d), "tests");
	check_pos(srcdoc_keypos(d, srcdoc_root(d), "tests"), 2, 3);
	check_pos(srcdoc_valpos(d, srcdoc_root(d), "tests"), 2, 12);
	check_pos(srcdoc_itempos(d, tests, 1), 4, 5);
	check_pos(srcdoc_keypos(d, json_array_get(tests, 0), "skip"), 3, 18);
	check_pos(srcdoc_valpos(d, json_array_get(tests, 0), "skip"), 3, 26);
	check_pos(srcdoc_valpos(d, json_array_get(tests, 1), "x"), 4, 11);
	srcdoc_free(d);
}

UNIT_TEST(srcdoc_anchors_aliases_merge)
{
	char err[256];
	struct srcdoc *d = parse("t.yaml", "base: &b { a: 1, b: 2 }\n"
	    "list: &l [x, y]\nuse: *l\nmerged:\n  <<: *b\n  b: 3\n", err,
	    sizeof(err));
	json_t *r, *m;

	CHECK_STR(err, "");
	if (d == NULL)
		return;
	r = srcdoc_root(d);
	m = json_object_get(r, "merged");
	CHECK(json_equal(json_object_get(r, "use"), json_object_get(r, "list")));
	CHECK_INT(json_integer_value(json_object_get(m, "a")), 1);
	CHECK_INT(json_integer_value(json_object_get(m, "b")), 3);
	CHECK(json_object_get(r, "<<") == NULL);
	srcdoc_free(d);
}

UNIT_TEST(srcdoc_yaml_errors)
{
	CHECK_STR(error_of("t.yaml", "a: 1\na: 2\n"), "t.yaml:2:1: duplicate key 'a'");
	CHECK_STR(error_of("t.yaml", ""), "t.yaml:1:1: empty spec");
	CHECK_STR(error_of("t.yaml", "a: 1\n---\nb: 2\n"),
	    "t.yaml:2:1: a spec is one YAML document; found a second one");
	CHECK_STR(error_of("t.yaml", "a: *nope\n"), "t.yaml:1:4: unknown anchor 'nope'");
	CHECK_STR(error_of("t.yaml", "? [a]\n: 1\n"),
	    "t.yaml:1:3: mapping keys must be plain scalars");
	CHECK_STR(error_of("t.yaml", "a: !custom x\n"),
	    "t.yaml:1:4: unsupported tag '!custom'");
	CHECK_STR(error_of("t.yaml", "a: [1, 2\n"),
	    "t.yaml:2:1: did not find expected ',' or ']'");
	CHECK_STR(error_of("t.yaml", "a:\n\t- 1\n"), "t.yaml:2:1: found character "
	    "that cannot start any token (a tab: indent YAML with spaces)");
	CHECK_STR(error_of("t.yaml", "a: 1\nb: \"\xff\"\n"),
	    "t.yaml:2:5: invalid leading UTF-8 octet");
	CHECK_STR(error_of("t.yaml", "a: .inf\n"),
	    "t.yaml:1:4: '.inf': infinite and NaN numbers are not supported");
	CHECK_STR(error_of("t.yaml", "a: -.Inf\n"),
	    "t.yaml:1:4: '-.Inf': infinite and NaN numbers are not supported");
}

/* Numbers past 64 bits or past a double load exact, in YAML's forms and
 * JSON's; only an exponent past a billion is refused. */
UNIT_TEST(srcdoc_big_numbers)
{
	static const char *const yaml[][2] = {
		{ "99999999999999999999", "99999999999999999999" },
		{ "+18446744073709551615", "18446744073709551615" },
		{ "-9223372036854775809", "-9223372036854775809" },
		{ "0xFFFFFFFFFFFFFFFF", "18446744073709551615" },
		{ "0o3777777777777777777777", "36893488147419103231" },
		{ "!!int 18446744073709551616", "18446744073709551616" },
		{ "1e400", "1e400" },
		{ "-1.5E+400", "-1.5e400" },
		{ "+.5e400", "5e399" },
		{ "1.e400", "1e400" },
	};
	char err[256], text[128];
	struct srcdoc *d;
	size_t i;

	for (i = 0; i < sizeof(yaml) / sizeof(yaml[0]); i++) {
		snprintf(text, sizeof(text), "a: %s\n", yaml[i][0]);
		d = parse("t.yaml", text, err, sizeof(err));
		CHECK_STR(d ? jsonvalue_big(json_object_get(srcdoc_root(d),
		    "a")) : err, yaml[i][1]);
		srcdoc_free(d);
	}
	d = parse("t.yaml", "a: 9223372036854775807\nb: 0x7FFFFFFFFFFFFFFF\n",
	    err, sizeof(err));
	CHECK(d != NULL && json_integer_value(json_object_get(srcdoc_root(d),
	    "b")) == 9223372036854775807LL && json_integer_value(
	    json_object_get(srcdoc_root(d), "a")) == 9223372036854775807LL);
	srcdoc_free(d);
	d = parse("t.json", "{\"u\": 18446744073709551615, \"big\": 1e400, "
	    "\"n\": -99999999999999999999}", err, sizeof(err));
	CHECK(d != NULL);
	if (d != NULL) {
		CHECK_STR(jsonvalue_big(json_object_get(srcdoc_root(d), "u")),
		    "18446744073709551615");
		CHECK_STR(jsonvalue_big(json_object_get(srcdoc_root(d), "big")),
		    "1e400");
		CHECK_STR(jsonvalue_big(json_object_get(srcdoc_root(d), "n")),
		    "-99999999999999999999");
	}
	srcdoc_free(d);
	CHECK_STR(error_of("t.json", "{\"big\": 1e1000000001}"),
	    "t.json:1:9: number out of range");
}

UNIT_TEST(srcdoc_json_errors)
{
	CHECK_STR(error_of("t.json", "{\"a\": 1, \"a\": 2}"),
	    "t.json:1:10: duplicate key 'a'");
	CHECK_STR(error_of("t.json", "{\"a\": 1,}"), "t.json:1:9: trailing comma before '}'");
	CHECK_STR(error_of("t.json", "[1 2]"),
	    "t.json:1:4: expected ',' or ']' after an array item");
	CHECK_STR(error_of("t.json", "{\"a\" 1}"),
	    "t.json:1:6: expected ':' after an object key");
	CHECK_STR(error_of("t.json", "{} x"),
	    "t.json:1:4: unexpected content after the JSON value");
	CHECK_STR(error_of("t.json", "\n  "), "t.json:2:3: empty spec");
	CHECK_STR(error_of("t.json", "{\"a\": tru}"), "t.json:1:7: expected a value");
	CHECK_STR(error_of("t.json", "[\"\\ud800\"]"),
	    "t.json:1:3: lone high surrogate in \\u escape");
	CHECK_STR(error_of("t.json", "[\"a\xc0\xaf\"]"), "t.json:1:4: invalid UTF-8 in a string");
	CHECK_STR(error_of("t.json", "[\"a\tb\"]"),
	    "t.json:1:4: control character in a string (escape it)");
	CHECK_STR(error_of("t.json", "[01]"),
	    "t.json:1:3: expected ',' or ']' after an array item");
	CHECK_STR(error_of("t.json", "{\"a\": 1"),
	    "t.json:1:8: expected ',' or '}' after an object member");
}

UNIT_TEST(srcdoc_json_strings_and_numbers)
{
	char err[256];
	struct srcdoc *d;
	json_t *s;

	d = parse("t.json", "{\"s\": \"a\\n\\u00e9\\ud83d\\ude00\\u0000z\", "
	    "\"i\": -12, \"r\": 2.5e-1}", err, sizeof(err));
	CHECK(d != NULL);
	if (d == NULL)
		return;
	s = json_object_get(srcdoc_root(d), "s");
	CHECK_INT(json_string_length(s), 10);
	CHECK(memcmp(json_string_value(s), "a\n\xc3\xa9\xf0\x9f\x98\x80\0z", 10) == 0);
	CHECK_INT(json_integer_value(json_object_get(srcdoc_root(d), "i")), -12);
	CHECK(json_real_value(json_object_get(srcdoc_root(d), "r")) == 0.25);
	srcdoc_free(d);
}

UNIT_TEST(srcdoc_depth_limit)
{
	char text[1200];
	size_t i;

	for (i = 0; i < 300; i++)
		text[i] = '[';
	text[i] = '\0';
	CHECK_CONTAINS(error_of("t.json", text), "nesting deeper than 256");
	CHECK_CONTAINS(error_of("t.yaml", text), "nesting deeper than 256");
}

UNIT_TEST(srcdoc_load_files)
{
	char path[] = "/tmp/srcdoc-XXXXXX.yaml", err[256];
	struct srcdoc *d;
	FILE *f;
	int fd;

	fd = mkstemps(path, 5);
	CHECK(fd != -1);
	f = fdopen(fd, "w");
	fputs("name: from file\n", f);
	fclose(f);
	d = srcdoc_load(path, err, sizeof(err));
	CHECK(d != NULL);
	if (d)
		CHECK_STR(json_string_value(json_object_get(srcdoc_root(d),
		    "name")), "from file");
	srcdoc_free(d);
	unlink(path);
	CHECK(srcdoc_load("/nonexistent/x.yaml", err, sizeof(err)) == NULL);
	CHECK_STR(err, "/nonexistent/x.yaml: cannot read: No such file or directory");
}

/* A file with text, its path in path (the caller unlinks it). */
static void
write_file(char *path, int suffix, const char *text)
{
	int fd = mkstemps(path, suffix);
	FILE *f;

	CHECK(fd != -1);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

/* What a streamed list handed over: each item checked against its bytes
 * parsed alone. */
struct seen {
	const char	*text;
	int		 lists;
	int		 items;
	int		 alone;
	int		 refuse;	/* st->list says no */
	int		 line[8];
	int		 col[8];
	int		 getline[8];	/* where the item's `get` value is */
	int		 same[8];	/* its bytes alone: the same tree and
					 * positions */
};

static int
seen_list(void *arg, struct srcdoc *doc, size_t list)
{
	struct seen *s = arg;

	s->lists++;
	return s->refuse ? -1 : 0;
}

static void
seen_item(void *arg, struct srcdoc *doc, const struct srcdoc_item *it)
{
	struct seen *s = arg;
	struct srcdoc *part;
	char *buf, err[256];
	int i = s->items++, pad = it->pos.col - 1;

	if (i >= 8)
		return;
	s->line[i] = it->pos.line;
	s->col[i] = it->pos.col;
	s->getline[i] = srcdoc_valpos(doc, it->node, "get").line;
	s->alone += it->alone;
	if (!it->alone)
		return;
	buf = malloc((size_t)pad + it->len + 1);
	memset(buf, ' ', (size_t)pad);
	memcpy(buf + pad, s->text + it->off, it->len);
	part = srcdoc_parse_part("t.yaml", buf, (size_t)pad + it->len,
	    it->pos.line, err, sizeof(err));
	s->same[i] = part != NULL && json_equal(srcdoc_root(part), it->node) &&
	    srcdoc_valpos(part, srcdoc_root(part), "get").line == s->getline[i] &&
	    srcdoc_valpos(part, srcdoc_root(part), "get").col ==
	    srcdoc_valpos(doc, it->node, "get").col;
	srcdoc_free(part);
	free(buf);
}

static struct srcdoc *
stream(const char *text, struct seen *s, int *fallback, char *err,
    size_t errlen)
{
	static const char *const lists[] = { "setup", "tests" };
	struct srcdoc_stream st = { lists, 2, seen_list, seen_item, s };
	char path[] = "/tmp/srcdoc-XXXXXX.yaml";
	struct srcdoc *d;

	s->text = text;
	write_file(path, 5, text);
	err[0] = '\0';
	d = srcdoc_stream(path, &st, fallback, err, errlen);
	unlink(path);
	return d;
}

UNIT_TEST(srcdoc_stream_items_stand_alone)
{
	/* A BOM, multi-byte characters before and in items, flow items. */
	const char *text = "\xef\xbb\xbfname: caf\xc3\xa9 \xe2\x98\x95\n"
	    "tests:\n  - name: \"\xf0\x9d\x84\x9e one\"\n    get: /a\n"
	    "    expect: { status: 200 }\n"
	    "  - {name: two, get: /b}\n"
	    "  -\n    name: three # \xc3\xa9\xc3\xa9\n    get: |\n      /c\n";
	struct seen s = { 0 };
	struct srcdoc *d;
	int fallback, i;
	char err[256];

	d = stream(text, &s, &fallback, err, sizeof(err));
	CHECK(d != NULL);
	CHECK_STR(err, "");
	CHECK_INT(s.lists, 1);
	CHECK_INT(s.items, 3);
	CHECK_INT(s.alone, 3);
	CHECK_INT(s.line[0], 3);
	CHECK_INT(s.col[0], 5);
	CHECK_INT(s.getline[0], 4);
	CHECK_INT(s.line[1], 6);
	CHECK_INT(s.col[1], 5);
	CHECK_INT(s.line[2], 8);
	CHECK_INT(s.getline[2], 9);
	for (i = 0; i < 3; i++)
		CHECK(s.same[i]);
	if (d) {	/* the list is left empty in the tree, its place noted */
		CHECK_INT(json_array_size(json_object_get(srcdoc_root(d),
		    "tests")), 0);
		CHECK_INT(srcdoc_keypos(d, srcdoc_root(d), "tests").line, 2);
		CHECK_STR(json_string_value(json_object_get(srcdoc_root(d),
		    "name")), "caf\xc3\xa9 \xe2\x98\x95");
	}
	srcdoc_free(d);
}

UNIT_TEST(srcdoc_stream_aliases_and_fallbacks)
{
	struct seen s = { 0 };
	struct srcdoc *d;
	int fallback;
	char err[256];

	/* An alias to another item's anchor: that item is not alone, and
	 * the anchored one stays, positions and all. */
	d = stream("tests:\n  - &a {get: /a, x: {y: 1}}\n  - {get: /b, z: *a}\n"
	    "  - get: /c\n", &s, &fallback, err, sizeof(err));
	CHECK(d != NULL && !fallback);
	CHECK_INT(s.items, 3);
	CHECK_INT(s.alone, 2);
	CHECK(s.same[0] && s.same[2]);
	srcdoc_free(d);

	/* A member of the root after a list: the root is not whole. */
	memset(&s, 0, sizeof(s));
	d = stream("tests:\n  - get: /a\nvars: {}\n", &s, &fallback, err,
	    sizeof(err));
	CHECK(d == NULL && fallback);
	CHECK_STR(err, "");

	/* The callback says no. */
	memset(&s, 0, sizeof(s));
	s.refuse = 1;
	d = stream("tests:\n  - get: /a\n", &s, &fallback, err, sizeof(err));
	CHECK(d == NULL && fallback);

	/* Directives: no item stands alone. */
	memset(&s, 0, sizeof(s));
	d = stream("%TAG !e! tag:yaml.org,2002:\n---\ntests:\n  - get: !e!str /a\n",
	    &s, &fallback, err, sizeof(err));
	CHECK(d != NULL && s.items == 1 && s.alone == 0);
	srcdoc_free(d);

	/* An error after the lists: reported as the whole load would. */
	memset(&s, 0, sizeof(s));
	d = stream("tests:\n  - get: /a\n  - get: [\n", &s, &fallback, err,
	    sizeof(err));
	CHECK(d == NULL && !fallback);
	CHECK_CONTAINS(err, ":4:1: did not find expected node content");

	/* No list: the tree is whole. */
	memset(&s, 0, sizeof(s));
	d = stream("name: x\ntests: 5\n", &s, &fallback, err, sizeof(err));
	CHECK(d != NULL && s.lists == 0);
	if (d)
		CHECK_INT(json_integer_value(json_object_get(srcdoc_root(d),
		    "tests")), 5);
	srcdoc_free(d);
}
