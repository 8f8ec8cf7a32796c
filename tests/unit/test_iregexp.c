/* test_iregexp.c - I-Regexp (RFC 9485) to PCRE2 on its own: the RFC's
 * mapping (section 5.4), its examples (the substitutes of Table 1, the
 * \p{IsBasicLatin} class, RFC 9535's match() and search() patterns), and
 * what is said, where, about patterns that are not I-Regexps. */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "../../assertions/iregexp.h"

/* Translates pat (whole, or to search) and compares with want. */
static void
translate_check(const char *file, int line, const char *pat, int whole,
    const char *want)
{
	struct buf b = BUF_INIT;
	char err[128];
	size_t off;

	if (iregexp_translate(pat, strlen(pat), whole, &b, &off, err,
	    sizeof(err)) == -1)
		unit_fail(file, line, "%s: %s at %zu", pat, err, off);
	else if (strcmp(buf_str(&b), want) != 0)
		unit_fail(file, line, "%s == %s, expected %s", pat,
		    buf_str(&b), want);
	buf_release(&b);
}
#define T(pat, whole, want) translate_check(__FILE__, __LINE__, pat, whole, want)

/* Whether the I-Regexp pat (len bytes) matches subject; -1 after a
 * failure. */
static int
matches(const char *file, int line, const char *pat, size_t len, int whole,
    const char *subject)
{
	pcre2_match_data *md;
	pcre2_code *re;
	char err[128];
	size_t off;
	int rc;

	if ((re = iregexp_compile(pat, len, whole, &off, err,
	    sizeof(err))) == NULL) {
		unit_fail(file, line, "%s: %s at %zu", pat, err, off);
		return -1;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md,
	    NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}
#define MATCH(pat, s) CHECK_INT(matches(__FILE__, __LINE__, pat, strlen(pat), 1, s), 1)
#define NO_MATCH(pat, s) CHECK_INT(matches(__FILE__, __LINE__, pat, strlen(pat), 1, s), 0)
#define SEARCH(pat, s) CHECK_INT(matches(__FILE__, __LINE__, pat, strlen(pat), 0, s), 1)
#define NO_SEARCH(pat, s) CHECK_INT(matches(__FILE__, __LINE__, pat, strlen(pat), 0, s), 0)

/* pat is not an I-Regexp: the message holds `want`, at offset `at`. */
static void
error_check(const char *file, int line, const char *pat, const char *want,
    size_t at)
{
	struct buf b = BUF_INIT;
	char err[128];
	size_t off = 99;
	pcre2_code *re;

	if (iregexp_translate(pat, strlen(pat), 1, &b, &off, err,
	    sizeof(err)) == 0)
		unit_fail(file, line, "%s translated to %s", pat, buf_str(&b));
	else if (strstr(err, want) == NULL || off != at)
		unit_fail(file, line, "%s: \"%s\" at %zu, expected \"%s\" at "
		    "%zu", pat, err, off, want, at);
	buf_release(&b);
	if ((re = iregexp_compile(pat, strlen(pat), 0, NULL, NULL, 0)) != NULL) {
		unit_fail(file, line, "%s compiled", pat);
	}
}
#define E(pat, want, at) error_check(__FILE__, __LINE__, pat, want, at)

/* Sections 5.3 and 5.4: "." is [^\n\r], the whole in \A(?: and )\z;
 * characters are written literally whatever PCRE2 makes of them. */
UNIT_TEST(iregexp_rfc_mapping)
{
	T("a.c", 1, "\\A(?:a[^\\n\\r]c)\\z");
	T("a.c", 0, "(?:a[^\\n\\r]c)");
	T("", 1, "\\A(?:)\\z");
	T("[.]", 1, "\\A(?:[\\x{2e}])\\z");
	T("(ab|c)+", 1, "\\A(?:(?:ab|c)+)\\z");
	T("x{2,3}y{1,}z{4}", 0, "(?:x{2,3}y{1,}z{4})");
	T("\\p{Lu}[\\P{Nd}a-z]", 0, "(?:\\p{Lu}[\\P{Nd}a-z])");
	T("\\.\\n\\\\#", 0, "(?:\\x{2e}\\x{a}\\x{5c}\\x{23})");
	T("\xc3\xa9", 0, "(?:\xc3\xa9)");
	MATCH("a.c", "abc");
	NO_MATCH("a.c", "a\nc");
	NO_MATCH("a.c", "a\rc");
	NO_MATCH("a.c", "abcd");
	SEARCH("a.c", "xabcd");
	MATCH(".", "\xf0\x9d\x84\x9e");		/* a code point, not a byte */
	/* As the JSONPath compliance test suite has it, ^ and $ anchor. */
	SEARCH("^ab", "abc");
	NO_SEARCH("^b", "abc");
	NO_SEARCH("b$", "ab\n");
}

/* Section 5.1, Table 1: multi-character escapes are not I-Regexp, and
 * the message gives the substitute; the substitutes work. */
UNIT_TEST(iregexp_rfc_multichar_escapes)
{
	E("\\S", "write [^ \\t\\n\\r]", 0);
	E("[\\S ]", "'\\S' is not in I-Regexp", 1);
	E("a\\d", "write [0-9]", 1);
	E("\\w", "'\\w' is not in I-Regexp", 0);
	MATCH("[^ \\t\\n\\r]+", "abc");
	NO_MATCH("[^ \\t\\n\\r]+", "a c");
	MATCH("[^\\t\\n\\r]+", "a c");
	NO_MATCH("[^\\t\\n\\r]+", "a\tc");
	MATCH("[0-9]{4}", "1974");
	NO_MATCH("[0-9]", "\xd9\xa3");		/* ARABIC-INDIC DIGIT THREE */
	/* \p{IsBasicLatin} is a block, not a category: [\u0000-\u007f]. */
	E("\\p{IsBasicLatin}", "blocks (\\p{IsBasicLatin})", 3);
	CHECK_INT(matches(__FILE__, __LINE__, "[\0-\x7f]+", 6, 1, "az~"), 1);
	CHECK_INT(matches(__FILE__, __LINE__, "[\0-\x7f]+", 6, 1, "\xc3\xa9"),
	    0);
}

/* RFC 9535 2.4.6 and 2.4.7, the examples of match() and search(). */
UNIT_TEST(iregexp_rfc9535_examples)
{
	MATCH("1974-05-..", "1974-05-01");
	NO_MATCH("1974-05-..", "1974-05-011");
	NO_MATCH("1974-05-..", "1974-06-01");
	SEARCH("[BR]ob", "Bob Dylan");
	SEARCH("[BR]ob", "Robert");
	NO_SEARCH("[BR]ob", "rob");
}

/* Not I-Regexps: what is wrong, and where. */
UNIT_TEST(iregexp_errors)
{
	E("a**", "'*' follows nothing to repeat", 2);
	E("(ab", "missing ')'", 3);
	E("ab)", "unmatched ')'", 2);
	E("a]", "']' must be escaped", 1);
	E("a*?", "'?' follows nothing to repeat", 2);
	E("{1}", "'{' follows nothing to repeat", 0);
	E("x{2,1}", "quantifier range out of order", 1);
	E("x{a}", "expected a digit", 2);
	E("x{1;2}", "expected ',' or '}'", 3);
	E("x{1,2", "expected '}'", 5);
	E("[b-a]", "range out of order", 1);
	E("[a-\\p{L}]", "cannot end with a category", 1);
	E("[]", "empty character class", 0);
	E("[ab", "missing ']'", 0);
	E("[a-b-c]", "'-' in a character class", 4);
	E("[[]", "'[' in a character class must be escaped", 1);
	E("\\p{Xx}", "unknown Unicode category 'Xx'", 3);
	E("\\p{L", "missing '}'", 0);
	E("\\pL", "expected '{' after '\\p'", 0);
	E("ab\\", "at the end of the pattern", 2);
	E("a\\q", "unknown escape '\\q'", 1);
	E("a\xff", "invalid UTF-8", 1);
}

/* An I-Regexp PCRE2 refuses is reported too, and gives no code. */
UNIT_TEST(iregexp_pcre2_refuses)
{
	char err[128];
	size_t off = 99;

	CHECK(iregexp_compile("x{100000}", 9, 1, &off, err,
	    sizeof(err)) == NULL);
	CHECK_CONTAINS(err, "PCRE2 cannot compile it: ");
	CHECK_INT(off, 0);
}
