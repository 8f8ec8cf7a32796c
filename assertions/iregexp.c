/* iregexp.c - I-Regexp (RFC 9485) to PCRE2.
 *
 * One pass over the pattern checks it against the RFC's grammar while
 * writing its PCRE2 form, as RFC 9485 section 5.4 maps it: "." becomes
 * [^\n\r], groups (?:...), the whole is enclosed in \A(?: and )\z (or in
 * (?: and ) to search), and every character is written literally (ASCII
 * punctuation as \x{..}).  Like the JSONPath compliance test suite (and
 * RFC 9485's own mapping to PCRE and JavaScript), ^ and $ outside
 * brackets stay anchors rather than literal characters.  The first fault
 * is reported with its offset; nothing is global.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "iregexp.h"
#include "../base/regex_cache.h"
#include "../base/utf8.h"

/* A translation under way. */
struct re {
	const char	*s;		/* the pattern */
	size_t		 n;
	struct buf	*b;		/* its PCRE2 form */
	int		 failed;
	size_t		*erroff;
	char		*err;
	size_t		 errlen;
};

static int	 bad(struct re *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Records the first fault, at byte off of the pattern; returns -1. */
static int
bad(struct re *r, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return -1;
	r->failed = 1;
	if (r->erroff != NULL)
		*r->erroff = off;
	if (r->err != NULL && r->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* One code point, literally: ASCII punctuation as \x{..}. */
static void
re_lit(struct buf *b, uint32_t cp)
{
	unsigned char u[4];

	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 'A' && cp <= 'Z'))
		buf_addf(b, "%c", (char)cp);
	else if (cp < 0x80)
		buf_addf(b, "\\x{%x}", (unsigned)cp);
	else
		buf_add(b, u, utf8_encode(cp, u));
}

/* The code point at s[*i], consumed; -1 on bad UTF-8. */
static int
re_char(struct re *r, size_t *i, uint32_t *cp)
{
	size_t k;

	k = utf8_decode((const unsigned char *)r->s + *i, r->n - *i, cp);
	if (k == 0)
		return bad(r, *i, "invalid UTF-8");
	*i += k;
	return 0;
}

/* IsCategory: a major class letter and an optional subclass. */
static int
re_category(const char *s, size_t n)
{
	static const char major[] = "LMNPZSC";
	static const char *const minor[] = {
		"lmotu", "cen", "dlo", "cdefios", "lps", "ckmo", "cfno",
	};
	const char *m;

	if (n < 1 || n > 2 || (m = memchr(major, s[0], 7)) == NULL)
		return -1;
	if (n == 2 && strchr(minor[m - major], s[1]) == NULL)
		return -1;
	return 0;
}

/* An escape that is not one, c after the backslash at s[i]: the
 * multi-character escapes of XSD, with RFC 9485 5.1's substitutes. */
static int
re_badescape(struct re *r, size_t i, char c)
{
	if (c == 'd')
		return bad(r, i, "'\\d' is not in I-Regexp: write [0-9]");
	if (c == 'S')
		return bad(r, i, "'\\S' is not in I-Regexp: write "
		    "[^ \\t\\n\\r]");
	if (c == 's')
		return bad(r, i, "'\\s' is not in I-Regexp: write [ \\t\\n\\r]");
	if (c != '\0' && strchr("DiIcCwW", c) != NULL)
		return bad(r, i, "'\\%c' is not in I-Regexp", c);
	if (c > ' ' && c < 0x7f)
		return bad(r, i, "unknown escape '\\%c'", c);
	return bad(r, i, "unknown escape");
}

/* An escape at s[*i] (the backslash): 0 with *cp for a single character,
 * 1 after emitting a \p{..} / \P{..}, -1 if invalid. */
static int
re_escape(struct re *r, size_t *i, uint32_t *cp)
{
	size_t j = *i + 1, k;
	char c;

	if (j >= r->n)
		return bad(r, *i, "'\\' at the end of the pattern");
	c = r->s[j];
	if (c == 'n' || c == 'r' || c == 't') {
		*cp = c == 'n' ? '\n' : c == 'r' ? '\r' : '\t';
		*i = j + 1;
		return 0;
	}
	if (c != '\0' && strchr("()*+-.?[\\]^{|}", c) != NULL) {
		*cp = (unsigned char)c;
		*i = j + 1;
		return 0;
	}
	if (c != 'p' && c != 'P')
		return re_badescape(r, *i, c);
	if (j + 1 >= r->n || r->s[j + 1] != '{')
		return bad(r, *i, "expected '{' after '\\%c'", c);
	for (k = j + 2; k < r->n && r->s[k] != '}'; k++)
		;
	if (k >= r->n)
		return bad(r, *i, "missing '}' after '\\%c{'", c);
	if (re_category(r->s + j + 2, k - j - 2) == -1) {
		if (k - j - 2 > 2 && memcmp(r->s + j + 2, "Is", 2) == 0)
			return bad(r, j + 2, "blocks (\\%c{%.*s}) are not in "
			    "I-Regexp", c, (int)(k - j - 2 > 32 ? 32 :
			    k - j - 2), r->s + j + 2);
		return bad(r, j + 2, "unknown Unicode category '%.*s'",
		    (int)(k - j - 2 > 32 ? 32 : k - j - 2), r->s + j + 2);
	}
	buf_addf(r->b, "\\%c{%.*s}", c, (int)(k - j - 2), r->s + j + 2);
	*i = k + 1;
	return 1;
}

/* CCchar or a class escape inside [...]; as re_escape. */
static int
re_ccchar(struct re *r, size_t *i, uint32_t *cp)
{
	if (r->s[*i] == '\\')
		return re_escape(r, i, cp);
	if (r->s[*i] == '[' || r->s[*i] == ']' || r->s[*i] == '-')
		return bad(r, *i, "'%c' in a character class must be escaped",
		    r->s[*i]);
	return re_char(r, i, cp);
}

/* charClassExpr at s[*i] (the "["). */
static int
re_class(struct re *r, size_t *i)
{
	size_t j = *i + 1, items = 0, from;
	uint32_t lo, hi;
	int k;

	buf_adds(r->b, "[");
	if (j < r->n && r->s[j] == '^') {
		buf_adds(r->b, "^");
		j++;
	}
	if (j < r->n && r->s[j] == '-') {
		re_lit(r->b, '-');
		j++;
		items++;
	}
	while (j < r->n && r->s[j] != ']') {
		if (r->s[j] == '-') {
			if (items == 0 || j + 1 >= r->n || r->s[j + 1] != ']')
				return bad(r, j, "'-' in a character class "
				    "must be escaped, or first or last");
			re_lit(r->b, '-');
			j++;
			continue;
		}
		from = j;
		if ((k = re_ccchar(r, &j, &lo)) == -1)
			return -1;
		items++;
		if (k == 1)
			continue;
		if (j + 1 < r->n && r->s[j] == '-' && r->s[j + 1] != ']') {
			j++;
			if ((k = re_ccchar(r, &j, &hi)) == -1)
				return -1;
			if (k == 1)
				return bad(r, from, "a range cannot end with "
				    "a category");
			if (hi < lo)
				return bad(r, from, "range out of order");
			re_lit(r->b, lo);
			buf_adds(r->b, "-");
			re_lit(r->b, hi);
		} else
			re_lit(r->b, lo);
	}
	if (j >= r->n)
		return bad(r, *i, "missing ']'");
	if (items == 0)
		return bad(r, *i, "empty character class");
	buf_adds(r->b, "]");
	*i = j + 1;
	return 0;
}

/* A decimal bound of a range quantifier (saturating). */
static int
re_bound(struct re *r, size_t *j, unsigned long *v)
{
	if (*j >= r->n || !is_digit(r->s[*j]))
		return bad(r, *j, "expected a digit in the quantifier");
	for (*v = 0; *j < r->n && is_digit(r->s[*j]); (*j)++)
		if (*v < 1000000)
			*v = *v * 10 + (r->s[*j] - '0');
	return 0;
}

/* "{" QuantExact ["," [QuantExact]] "}" at s[*i]. */
static int
re_range(struct re *r, size_t *i)
{
	size_t j = *i + 1;
	unsigned long lo, hi;

	if (re_bound(r, &j, &lo) == -1)
		return -1;
	if (j < r->n && r->s[j] == '}') {
		buf_addf(r->b, "{%lu}", lo);
	} else if (j + 1 < r->n && r->s[j] == ',' && r->s[j + 1] == '}') {
		buf_addf(r->b, "{%lu,}", lo);
		j++;
	} else {
		if (j >= r->n || r->s[j] != ',')
			return bad(r, j, "expected ',' or '}' in the "
			    "quantifier");
		j++;
		if (re_bound(r, &j, &hi) == -1)
			return -1;
		if (j >= r->n || r->s[j] != '}')
			return bad(r, j, "expected '}' in the quantifier");
		if (hi < lo)
			return bad(r, *i, "quantifier range out of order");
		buf_addf(r->b, "{%lu,%lu}", lo, hi);
	}
	*i = j + 1;
	return 0;
}

/* One token of a branch at s[*i]; *atom tells whether a quantifier may
 * follow.  Returns -1 when the pattern is not an I-Regexp. */
static int
re_token(struct re *r, size_t *i, int *atom, int *depth)
{
	char c = r->s[*i];
	uint32_t cp;
	int k;

	switch (c) {
	case '(':
		buf_adds(r->b, "(?:");
		(*depth)++;
		*atom = 0;
		break;
	case ')':
		if (*depth == 0)
			return bad(r, *i, "unmatched ')'");
		buf_adds(r->b, ")");
		(*depth)--;
		*atom = 1;
		break;
	case '|':
	case '^':
	case '$':
		buf_add(r->b, &c, 1);
		*atom = 0;
		break;
	case '*': case '+': case '?':
		if (!*atom)
			return bad(r, *i, "'%c' follows nothing to repeat", c);
		buf_add(r->b, &c, 1);
		*atom = 0;
		break;
	case '{':
		if (!*atom)
			return bad(r, *i, "'{' follows nothing to repeat");
		if (re_range(r, i) == -1)
			return -1;
		*atom = 0;
		return 0;
	case '.':
		buf_adds(r->b, "[^\\n\\r]");
		*atom = 1;
		break;
	case '[':
		*atom = 1;
		return re_class(r, i);
	case ']': case '}':
		return bad(r, *i, "'%c' must be escaped", c);
	case '\\':
		*atom = 1;
		if ((k = re_escape(r, i, &cp)) == 0)
			re_lit(r->b, cp);
		return k == -1 ? -1 : 0;
	default:
		*atom = 1;
		if (re_char(r, i, &cp) == -1)
			return -1;
		re_lit(r->b, cp);
		return 0;
	}
	(*i)++;
	return 0;
}

int
iregexp_translate(const char *pat, size_t len, int whole, struct buf *out,
    size_t *erroff, char *err, size_t errlen)
{
	struct re r = { pat, len, out, 0, erroff, err, errlen };
	size_t i = 0;
	int atom = 0, depth = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (erroff != NULL)
		*erroff = 0;
	buf_adds(out, whole ? "\\A(?:" : "(?:");
	while (i < len)
		if (re_token(&r, &i, &atom, &depth) == -1)
			return -1;
	if (depth != 0)
		return bad(&r, len, "missing ')'");
	buf_adds(out, whole ? ")\\z" : ")");
	return 0;
}

pcre2_code *
iregexp_compile(const char *pat, size_t len, int whole, size_t *erroff,
    char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	pcre2_code *re = NULL;
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE eoff;
	int ec;

	if (iregexp_translate(pat, len, whole, &b, erroff, err, errlen) == 0) {
		re = regex_get(b.data ? b.data : "", b.len,
		    IREGEXP_PCRE2_OPTIONS, 0, &ec, &eoff);
		if (re == NULL && err != NULL && errlen > 0) {
			if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
				msg[0] = '\0';
			snprintf(err, errlen, "PCRE2 cannot compile it: %s",
			    (const char *)msg);
		}
	}
	buf_release(&b);
	return re;
}
