/* test_charset.c - a body's declared charset, found and decoded. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../base/charset.h"

static const char *
found(const char *ct, const char *body, struct body_charset *cs)
{
	return charset_find(ct, body, strlen(body), cs) == 0 ? cs->label : "-";
}

UNIT_TEST(charset_find_sources)
{
	struct body_charset cs;

	CHECK_STR(found("text/plain; charset=\"ISO-8859-1\"", "x", &cs),
	    "ISO-8859-1");
	CHECK_STR(cs.source, "Content-Type");
	CHECK_STR(found("text/html;CHARSET = Shift_JIS ; q=1", "x", &cs),
	    "Shift_JIS");
	CHECK_STR(found("text/plain; xcharset=koi8-r", "x", &cs), "-");
	CHECK_STR(found("application/xml", "\xef\xbb\xbf<a/>", &cs), "UTF-8");
	CHECK_STR(cs.source, "a byte order mark");
	CHECK_STR(found(NULL, "<?xml version='1.0' encoding='windows-1252'?>"
	    "<a/>", &cs), "windows-1252");
	CHECK_STR(cs.source, "the XML declaration");
	CHECK_STR(found("text/html", "<html><head><META http-equiv=Content-Type "
	    "content=\"text/html; charset=euc-kr\">", &cs), "euc-kr");
	CHECK_STR(found(NULL, "<meta charset=gb2312>", &cs), "gb2312");
	CHECK_STR(cs.source, "a <meta> tag");
	/* <meta> counts in HTML only; nothing declared is -1 */
	CHECK_STR(found("text/plain", "<meta charset=gb2312>", &cs), "-");
	CHECK_STR(found("application/json", "{}", &cs), "-");
	CHECK(charset_is_utf8("UTF8"));
	CHECK(!charset_is_utf8("latin1"));
}

static char *
decode(const char *label, const char *body, size_t len, int cut, char *err)
{
	struct body_charset cs = { .source = "Content-Type" };
	size_t n;

	strcpy(cs.label, label);
	return charset_decode(&cs, body, len, cut, &n, err, 256);
}

UNIT_TEST(charset_decode_labels)
{
	char err[256], *s;

	/* ISO-8859-1 is windows-1252, as browsers read it */
	s = decode("ISO-8859-1", "\x93" "5 \x80\x94 caf\xe9", 10, 0, err);
	CHECK_STR(s, "\xe2\x80\x9c" "5 \xe2\x82\xac\xe2\x80\x9d caf\xc3\xa9");
	free(s);
	/* the five bytes windows-1252 leaves undefined: C1 controls */
	s = decode("latin1", "\x81", 1, 0, err);
	CHECK_STR(s, "\xc2\x81");
	free(s);
	s = decode("gb2312", "\xc4\xe3\xba\xc3", 4, 0, err);
	CHECK_STR(s, "你好");
	free(s);
	s = decode("Shift_JIS", "\x93\xfa\x96\x7b", 4, 0, err);
	CHECK_STR(s, "日本");
	free(s);
	s = decode("utf-16", "\xff\xfe" "h\0\xe9\0", 6, 0, err);
	CHECK_STR(s, "\xef\xbb\xbfh\xc3\xa9");
	free(s);
	s = decode("utf-16", "\xfe\xff\0h", 4, 0, err);
	CHECK_STR(s, "\xef\xbb\xbfh");
	free(s);
}

UNIT_TEST(charset_decode_errors)
{
	char err[256], *s;

	CHECK(decode("Shift_JIS", "ok \x82\xff", 5, 0, err) == NULL);
	CHECK_STR(err, "the body is not valid Shift_JIS (its charset, from "
	    "Content-Type): byte 0x82 at offset 3 cannot be decoded");
	CHECK(decode("x-klingon", "abc", 3, 0, err) == NULL);
	CHECK_STR(err, "the body's charset 'x-klingon' (from Content-Type) is "
	    "not one shakedown knows: it cannot be decoded");
	CHECK(decode("utf-8", "caf\xe9!", 5, 0, err) == NULL);
	CHECK_STR(err, "the body is not valid utf-8 (its charset, from "
	    "Content-Type): byte 0xE9 at offset 3 is not UTF-8");
	/* a character cut at the --max-body cap is left out */
	CHECK(decode("gb2312", "\xc4\xe3\xba", 3, 0, err) == NULL);
	CHECK_CONTAINS(err, "it ends inside a character, at offset 2");
	s = decode("gb2312", "\xc4\xe3\xba", 3, 1, err);
	CHECK_STR(s, "你");
	free(s);
	s = decode("utf-8", "caf\xc3", 4, 1, err);
	CHECK_STR(s, "caf");
	free(s);
}
