/* jsonpath.c - RFC 9535 JSONPath on jansson values.
 *
 * A recursive-descent compiler follows the RFC's ABNF into a small tree
 * (query -> segments -> selectors, filter expressions), type-checking
 * function expressions as section 2.4.3 asks; the evaluator walks the
 * tree over a jansson document, building nodelists that remember each
 * node's Normalized Path when asked.  match() and search() translate
 * I-Regexp (RFC 9485) to PCRE2; like the JSONPath compliance test suite
 * (and RFC 9485's own mapping to PCRE and JavaScript), ^ and $ outside
 * brackets stay anchors rather than literal characters.  Nesting of
 * filters, parentheses and function calls is capped at 64, so no input
 * can exhaust the stack; no state is global (numbers compare through
 * jsonvalue, which locks), so threads may share a compiled query.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "jsonpath.h"
#include "../base/buf.h"
#include "../base/jsonvalue.h"
#include "../base/utf8.h"
#include "../base/xalloc.h"

#define JP_MAXDEPTH	64			/* nested expressions */
#define JP_MAXINT	9007199254740991LL	/* 2^53 - 1: indexes and steps */

enum seltype { SEL_NAME, SEL_WILD, SEL_INDEX, SEL_SLICE, SEL_FILTER };
enum exprtype { E_OR, E_AND, E_NOT, E_CMP, E_LIT, E_QUERY, E_FUNC };
enum cmpop { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
enum jtype { T_VALUE, T_LOGICAL, T_NODES };	/* RFC 9535 2.4.1 */
enum fnid { FN_LENGTH, FN_COUNT, FN_MATCH, FN_SEARCH, FN_VALUE };

struct expr;

struct selector {
	enum seltype	 type;
	char		*name;		/* SEL_NAME; may hold NULs */
	size_t		 namelen;
	long long	 index;		/* SEL_INDEX */
	long long	 start, end, step;	/* SEL_SLICE */
	int		 has_start, has_end;
	struct expr	*filter;	/* SEL_FILTER */
};

struct segment {
	int		 descendant;
	struct selector	*sel;
	size_t		 nsel, alloc;
};

struct query {
	int		 relative;	/* starts at @, not $ */
	struct segment	*seg;
	size_t		 nseg, alloc;
};

struct func {
	const char	*name;
	enum fnid	 id;
	enum jtype	 ret;
	size_t		 nparam;
	enum jtype	 param[2];
};

static const struct func funcs[] = {
	{ "length", FN_LENGTH, T_VALUE, 1, { T_VALUE } },
	{ "count", FN_COUNT, T_VALUE, 1, { T_NODES } },
	{ "match", FN_MATCH, T_LOGICAL, 2, { T_VALUE, T_VALUE } },
	{ "search", FN_SEARCH, T_LOGICAL, 2, { T_VALUE, T_VALUE } },
	{ "value", FN_VALUE, T_VALUE, 1, { T_NODES } },
};
#define NFUNCS	(sizeof(funcs) / sizeof(funcs[0]))

struct expr {
	enum exprtype	 type;
	size_t		 off;		/* in the source, for messages */
	int		 paren;		/* written in parentheses */
	enum cmpop	 op;		/* E_CMP */
	struct expr	**arg;		/* operands, or function arguments */
	size_t		 narg, alloc;
	json_t		*lit;		/* E_LIT */
	struct query	 q;		/* E_QUERY */
	const struct func *fn;		/* E_FUNC */
	pcre2_code	*re;		/* match()/search() literal pattern */
	int		 re_fixed;	/* pattern is a literal (re NULL: invalid) */
};

struct jsonpath {
	struct query	 q;
};

struct parser {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	int		 depth;
	int		 failed;
	size_t		*erroff;
	char		*err;
	size_t		 errlen;
};

static void	 query_free(struct query *);
static int	 parse_segments(struct parser *, struct query *);
static struct expr *parse_or(struct parser *);
static int	 fail(struct parser *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Records the first error; returns -1. */
static int
fail(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = 1;
	if (p->erroff != NULL)
		*p->erroff = off;
	if (p->err != NULL && p->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- the tree ---- */

static struct expr *
expr_new(enum exprtype type, size_t off)
{
	struct expr *e = xcalloc(1, sizeof(*e));

	e->type = type;
	e->off = off;
	return e;
}

static void
expr_push(struct expr *e, struct expr *a)
{
	e->arg = xgrow(e->arg, &e->alloc, e->narg + 1, sizeof(*e->arg));
	e->arg[e->narg++] = a;
}

static void
expr_free(struct expr *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->narg; i++)
		expr_free(e->arg[i]);
	free(e->arg);
	json_decref(e->lit);
	query_free(&e->q);
	pcre2_code_free(e->re);
	free(e);
}

static void
query_free(struct query *q)
{
	size_t i, j;

	for (i = 0; i < q->nseg; i++) {
		for (j = 0; j < q->seg[i].nsel; j++) {
			free(q->seg[i].sel[j].name);
			expr_free(q->seg[i].sel[j].filter);
		}
		free(q->seg[i].sel);
	}
	free(q->seg);
}

static struct segment *
segment_add(struct query *q, int descendant)
{
	struct segment *seg;

	q->seg = xgrow(q->seg, &q->alloc, q->nseg + 1, sizeof(*q->seg));
	seg = &q->seg[q->nseg++];
	memset(seg, 0, sizeof(*seg));
	seg->descendant = descendant;
	return seg;
}

static struct selector *
selector_add(struct segment *seg, enum seltype type)
{
	struct selector *sel;

	seg->sel = xgrow(seg->sel, &seg->alloc, seg->nsel + 1,
	    sizeof(*seg->sel));
	sel = &seg->sel[seg->nsel++];
	memset(sel, 0, sizeof(*sel));
	sel->type = type;
	return sel;
}

/* Only name and index selectors, one per segment, no descendants. */
static int
query_singular(const struct query *q)
{
	size_t i;

	for (i = 0; i < q->nseg; i++) {
		if (q->seg[i].descendant || q->seg[i].nsel != 1)
			return 0;
		if (q->seg[i].sel[0].type != SEL_NAME &&
		    q->seg[i].sel[0].type != SEL_INDEX)
			return 0;
	}
	return 1;
}

/* ---- lexical pieces ---- */

static void
skip_blank(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	    p->s[p->pos] == '\n' || p->s[p->pos] == '\r')
		p->pos++;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s into *v; -1 if they are not. */
static int
hex4(const char *s, uint32_t *v)
{
	int i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((d = hexval((unsigned char)s[i])) == -1)
			return -1;
		*v = (*v << 4) | (uint32_t)d;
	}
	return 0;
}

static void
put_utf8(struct buf *b, uint32_t cp)
{
	unsigned char u[4];

	buf_add(b, u, utf8_encode(cp, u));
}

/* The code point at p->pos (not consumed): its length, or 0 after
 * reporting invalid UTF-8. */
static size_t
peek_char(struct parser *p, uint32_t *cp)
{
	size_t n;

	n = utf8_decode((const unsigned char *)p->s + p->pos,
	    p->len - p->pos, cp);
	if (n == 0)
		fail(p, p->pos, "invalid UTF-8");
	return n;
}

/* Length of the name-first (or, if !first, name-char) character at
 * p->pos; 0 if there is none; -1 after an error. */
static int
name_char(struct parser *p, int first)
{
	unsigned char c = p->s[p->pos];
	uint32_t cp;
	size_t n;

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return 1;
	if (!first && is_digit(c))
		return 1;
	if (c < 0x80)
		return 0;
	n = peek_char(p, &cp);
	return n == 0 ? -1 : (int)n;
}

/* member-name-shorthand into a name selector. */
static int
parse_shorthand(struct parser *p, struct segment *seg)
{
	struct selector *sel;
	size_t start = p->pos;
	int n, first = 1;

	while ((n = name_char(p, first)) > 0) {
		p->pos += n;
		first = 0;
	}
	if (n == -1)
		return -1;
	sel = selector_add(seg, SEL_NAME);
	sel->name = xstrndup(p->s + start, p->pos - start);
	sel->namelen = p->pos - start;
	return 0;
}

/* `\u` escapes, p->pos on the 'u'; the backslash was at start. */
static int
parse_uescape(struct parser *p, size_t start, struct buf *b)
{
	uint32_t cp, lo;

	if (hex4(p->s + p->pos + 1, &cp) == -1)
		return fail(p, start, "invalid \\u escape");
	p->pos += 5;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(p, start, "lone low surrogate in \\u escape");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
		    hex4(p->s + p->pos + 2, &lo) == -1 ||
		    lo < 0xdc00 || lo > 0xdfff)
			return fail(p, start,
			    "high surrogate not followed by a low one");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		p->pos += 6;
	}
	put_utf8(b, cp);
	return 0;
}

/* An escape in a string quoted by q, p->pos on the backslash. */
static int
parse_escape(struct parser *p, char q, struct buf *b)
{
	static const char from[] = "bfnrt/\\", to[] = "\b\f\n\r\t/\\";
	size_t start = p->pos++;
	char c = p->s[p->pos];
	const char *k;

	if (c == 'u')
		return parse_uescape(p, start, b);
	if (c == q) {
		buf_add(b, &c, 1);
		p->pos++;
		return 0;
	}
	if (c == '\0' || (k = strchr(from, c)) == NULL)
		return fail(p, start, "invalid escape in string");
	buf_add(b, &to[k - from], 1);
	p->pos++;
	return 0;
}

/* A string literal, p->pos on its opening quote.  Returns 0 and the
 * decoded bytes (new, may hold NULs), or -1. */
static int
parse_string(struct parser *p, char **out, size_t *outlen)
{
	struct buf b = BUF_INIT;
	char q = p->s[p->pos++];
	unsigned char c;
	uint32_t cp;
	size_t n;

	while ((c = p->s[p->pos]) != q) {
		if (c == '\0' && p->pos >= p->len) {
			fail(p, p->pos, "unterminated string");
			goto bad;
		}
		if (c < 0x20) {
			fail(p, p->pos, "control character in string");
			goto bad;
		}
		if (c == '\\') {
			if (parse_escape(p, q, &b) == -1)
				goto bad;
			continue;
		}
		if ((n = peek_char(p, &cp)) == 0)
			goto bad;
		buf_add(&b, p->s + p->pos, n);
		p->pos += n;
	}
	p->pos++;
	*outlen = b.len;
	*out = buf_detach(&b);
	return 0;
bad:
	buf_release(&b);
	return -1;
}

/* int = "0" / ["-"] DIGIT1 *DIGIT, within I-JSON's exact range. */
static int
parse_int(struct parser *p, long long *v)
{
	size_t start = p->pos;
	int neg = 0;

	if (p->s[p->pos] == '-') {
		neg = 1;
		p->pos++;
	}
	if (!is_digit(p->s[p->pos]))
		return fail(p, p->pos, "expected a digit");
	*v = 0;
	if (p->s[p->pos] == '0') {
		p->pos++;
		if (is_digit(p->s[p->pos]))
			return fail(p, p->pos, "leading zeros are not allowed");
		if (neg)
			return fail(p, start, "-0 is not an integer");
		return 0;
	}
	while (is_digit(p->s[p->pos])) {
		*v = *v * 10 + (p->s[p->pos++] - '0');
		if (*v > JP_MAXINT)
			return fail(p, start, "integer out of range");
	}
	if (neg)
		*v = -*v;
	return 0;
}

/* ---- segments and selectors ---- */

/* [start S] ":" S [end S] [":" [S step]], p->pos after start if any. */
static int
parse_slice(struct parser *p, struct selector *sel)
{
	size_t save;

	sel->type = SEL_SLICE;
	sel->step = 1;
	p->pos++;
	skip_blank(p);
	if (p->s[p->pos] == '-' || is_digit(p->s[p->pos])) {
		if (parse_int(p, &sel->end) == -1)
			return -1;
		sel->has_end = 1;
		skip_blank(p);
	}
	if (p->s[p->pos] != ':')
		return 0;
	p->pos++;
	save = p->pos;
	skip_blank(p);
	if (p->s[p->pos] == '-' || is_digit(p->s[p->pos]))
		return parse_int(p, &sel->step);
	p->pos = save;
	return 0;
}

static int
parse_index_or_slice(struct parser *p, struct selector *sel)
{
	size_t save;

	if (p->s[p->pos] != ':') {
		if (parse_int(p, &sel->index) == -1)
			return -1;
		save = p->pos;
		skip_blank(p);
		if (p->s[p->pos] != ':') {
			p->pos = save;
			sel->type = SEL_INDEX;
			return 0;
		}
		sel->start = sel->index;
		sel->has_start = 1;
	}
	return parse_slice(p, sel);
}

/* A logical expression (filter, parenthesis, operand of && || !). */
static int
need_logical(struct parser *p, const struct expr *e)
{
	if (e->type == E_LIT)
		return fail(p, e->off, "literal must be compared");
	if (e->type == E_FUNC && e->fn->ret == T_VALUE)
		return fail(p, e->off, "result of %s() must be compared",
		    e->fn->name);
	return 0;
}

static int
parse_selector(struct parser *p, struct segment *seg)
{
	struct selector *sel;
	char c = p->s[p->pos];

	if (c == '\'' || c == '"') {
		sel = selector_add(seg, SEL_NAME);
		return parse_string(p, &sel->name, &sel->namelen);
	}
	if (c == '*') {
		selector_add(seg, SEL_WILD);
		p->pos++;
		return 0;
	}
	if (c == '?') {
		sel = selector_add(seg, SEL_FILTER);
		p->pos++;
		skip_blank(p);
		if ((sel->filter = parse_or(p)) == NULL)
			return -1;
		return need_logical(p, sel->filter);
	}
	if (c == ':' || c == '-' || is_digit(c))
		return parse_index_or_slice(p, selector_add(seg, SEL_INDEX));
	return fail(p, p->pos, "expected selector");
}

/* "[" S selector *(S "," S selector) S "]", p->pos on the "[". */
static int
parse_bracket(struct parser *p, struct segment *seg)
{
	p->pos++;
	skip_blank(p);
	for (;;) {
		if (parse_selector(p, seg) == -1)
			return -1;
		skip_blank(p);
		if (p->s[p->pos] == ']') {
			p->pos++;
			return 0;
		}
		if (p->s[p->pos] != ',')
			return fail(p, p->pos, "expected ',' or ']'");
		p->pos++;
		skip_blank(p);
	}
}

/* After "." (child) or ".." (descendant). */
static int
parse_dotted(struct parser *p, struct segment *seg)
{
	int n;

	if (seg->descendant && p->s[p->pos] == '[')
		return parse_bracket(p, seg);
	if (p->s[p->pos] == '*') {
		selector_add(seg, SEL_WILD);
		p->pos++;
		return 0;
	}
	if ((n = name_char(p, 1)) == -1)
		return -1;
	if (n == 0)
		return fail(p, p->pos, seg->descendant ?
		    "expected member name, '*' or '[' after '..'" :
		    "expected member name or '*' after '.'");
	return parse_shorthand(p, seg);
}

/* segments = *(S segment); leaves blank space after the last one. */
static int
parse_segments(struct parser *p, struct query *q)
{
	size_t save;

	for (;;) {
		save = p->pos;
		skip_blank(p);
		if (p->s[p->pos] == '[') {
			if (parse_bracket(p, segment_add(q, 0)) == -1)
				return -1;
		} else if (p->s[p->pos] == '.' && p->s[p->pos + 1] == '.') {
			p->pos += 2;
			if (parse_dotted(p, segment_add(q, 1)) == -1)
				return -1;
		} else if (p->s[p->pos] == '.') {
			p->pos++;
			if (parse_dotted(p, segment_add(q, 0)) == -1)
				return -1;
		} else {
			p->pos = save;
			return 0;
		}
	}
}

/* ---- filter expressions ---- */

static int
need_comparable(struct parser *p, const struct expr *e)
{
	if (e->type == E_QUERY && !query_singular(&e->q))
		return fail(p, e->off, "non-singular query in comparison");
	if (e->type == E_FUNC && e->fn->ret != T_VALUE)
		return fail(p, e->off, "result of %s() is not comparable",
		    e->fn->name);
	return 0;
}

static int
is_logical_expr(const struct expr *e)
{
	return e->paren || e->type == E_OR || e->type == E_AND ||
	    e->type == E_NOT || e->type == E_CMP;
}

/* Argument i of function call f against the parameter's declared type. */
static int
check_arg(struct parser *p, const struct expr *f, size_t i)
{
	const struct expr *a = f->arg[i];
	const char *name = f->fn->name;

	switch (f->fn->param[i]) {
	case T_VALUE:
		if (is_logical_expr(a) ||
		    (a->type == E_FUNC && a->fn->ret != T_VALUE))
			return fail(p, a->off, "argument %zu of %s() must be "
			    "a value, not a logical expression", i + 1, name);
		if (a->type == E_QUERY && !query_singular(&a->q))
			return fail(p, a->off, "argument %zu of %s() must be "
			    "a singular query", i + 1, name);
		return 0;
	case T_LOGICAL:
		return need_logical(p, a);
	case T_NODES:
		if (a->paren || (a->type != E_QUERY &&
		    !(a->type == E_FUNC && a->fn->ret == T_NODES)))
			return fail(p, a->off, "argument %zu of %s() must be "
			    "a query", i + 1, name);
		return 0;
	}
	return 0;
}

static pcre2_code *regex_compile(const char *, size_t, int);

/* Compiles a literal pattern of match()/search() once. */
static void
fixed_regex(struct expr *f)
{
	const json_t *pat;

	if ((f->fn->id != FN_MATCH && f->fn->id != FN_SEARCH) ||
	    f->arg[1]->type != E_LIT)
		return;
	f->re_fixed = 1;
	pat = f->arg[1]->lit;
	if (json_is_string(pat))
		f->re = regex_compile(json_string_value(pat),
		    json_string_length(pat), f->fn->id == FN_MATCH);
}

/* "(" S [function-argument *(S "," S function-argument)] S ")" */
static int
parse_args(struct parser *p, struct expr *f)
{
	struct expr *a;
	size_t i;

	skip_blank(p);
	while (p->s[p->pos] != ')' || f->narg > 0) {
		if ((a = parse_or(p)) == NULL)
			return -1;
		expr_push(f, a);
		skip_blank(p);
		if (p->s[p->pos] == ')')
			break;
		if (p->s[p->pos] != ',')
			return fail(p, p->pos, "expected ',' or ')'");
		p->pos++;
		skip_blank(p);
	}
	p->pos++;
	if (f->narg != f->fn->nparam)
		return fail(p, f->off, "%s() takes %zu argument%s",
		    f->fn->name, f->fn->nparam, f->fn->nparam == 1 ? "" : "s");
	for (i = 0; i < f->narg; i++)
		if (check_arg(p, f, i) == -1)
			return -1;
	fixed_regex(f);
	return 0;
}

/* A lowercase word: true, false, null, or a function call. */
static struct expr *
parse_word(struct parser *p)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t i, off = p->pos, n;
	struct expr *e;

	while ((p->s[p->pos] >= 'a' && p->s[p->pos] <= 'z') ||
	    is_digit(p->s[p->pos]) || p->s[p->pos] == '_')
		p->pos++;
	n = p->pos - off;
	if (p->s[p->pos] != '(') {
		for (i = 0; i < 3; i++)
			if (strlen(lits[i]) == n &&
			    memcmp(p->s + off, lits[i], n) == 0) {
				e = expr_new(E_LIT, off);
				e->lit = i == 2 ? json_null() :
				    json_boolean(i == 0);
				return e;
			}
		fail(p, off, "unexpected name '%.*s'", (int)(n > 32 ? 32 : n),
		    p->s + off);
		return NULL;
	}
	for (i = 0; i < NFUNCS; i++)
		if (strlen(funcs[i].name) == n &&
		    memcmp(p->s + off, funcs[i].name, n) == 0)
			break;
	if (i == NFUNCS) {
		fail(p, off, "unknown function '%.*s'", (int)(n > 32 ? 32 : n),
		    p->s + off);
		return NULL;
	}
	e = expr_new(E_FUNC, off);
	e->fn = &funcs[i];
	p->pos++;
	if (parse_args(p, e) == -1) {
		expr_free(e);
		return NULL;
	}
	return e;
}

static int
skip_digits(struct parser *p, const char *what)
{
	if (!is_digit(p->s[p->pos]))
		return fail(p, p->pos, "expected a digit%s", what);
	while (is_digit(p->s[p->pos]))
		p->pos++;
	return 0;
}

/* The literal's value (new) from its text.  An integer is exact at any
 * size: RFC 9535's I-JSON range binds indexes and steps, and a literal is
 * compared with the document's numbers, which may be as big. */
static json_t *
number_value(struct parser *p, size_t off, int integral)
{
	json_t *j;

	if (integral)
		j = jsonvalue_number(p->s + off, p->pos - off);
	else
		j = json_loadb(p->s + off, p->pos - off, JSON_DECODE_ANY, NULL);
	if (j == NULL) {
		fail(p, off, "number out of range");
		return NULL;
	}
	return j;
}

/* number = (int / "-0") [frac] [exp]; jansson converts the text. */
static struct expr *
parse_number(struct parser *p)
{
	size_t off = p->pos;
	int integral = 1;
	struct expr *e;
	json_t *j;

	if (p->s[p->pos] == '-')
		p->pos++;
	if (p->s[p->pos] == '0' && is_digit(p->s[p->pos + 1])) {
		fail(p, p->pos + 1, "leading zeros are not allowed");
		return NULL;
	}
	if (skip_digits(p, "") == -1)
		return NULL;
	if (p->s[p->pos] == '.') {
		p->pos++;
		integral = 0;
		if (skip_digits(p, " after '.'") == -1)
			return NULL;
	}
	if (p->s[p->pos] == 'e' || p->s[p->pos] == 'E') {
		p->pos++;
		integral = 0;
		if (p->s[p->pos] == '-' || p->s[p->pos] == '+')
			p->pos++;
		if (skip_digits(p, " in exponent") == -1)
			return NULL;
	}
	if ((j = number_value(p, off, integral)) == NULL)
		return NULL;
	e = expr_new(E_LIT, off);
	e->lit = j;
	return e;
}

/* literal / query / function expression. */
static struct expr *
parse_primary(struct parser *p)
{
	char c = p->s[p->pos], *s;
	struct expr *e;
	size_t n;

	if (c == '@' || c == '$') {
		e = expr_new(E_QUERY, p->pos++);
		e->q.relative = c == '@';
		if (parse_segments(p, &e->q) == -1) {
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (c == '\'' || c == '"') {
		e = expr_new(E_LIT, p->pos);
		if (parse_string(p, &s, &n) == -1) {
			expr_free(e);
			return NULL;
		}
		e->lit = json_stringn(s, n);
		free(s);
		return e;
	}
	if (c == '-' || is_digit(c))
		return parse_number(p);
	if (c >= 'a' && c <= 'z')
		return parse_word(p);
	fail(p, p->pos, "expected literal, query or function");
	return NULL;
}

/* "(" S logical-expr S ")", p->pos on the "(". */
static struct expr *
parse_paren(struct parser *p)
{
	struct expr *e;
	size_t off = p->pos++;

	skip_blank(p);
	if ((e = parse_or(p)) == NULL)
		return NULL;
	e->off = off;
	if (need_logical(p, e) == -1)
		goto bad;
	skip_blank(p);
	if (p->s[p->pos] != ')') {
		fail(p, p->pos, "expected ')'");
		goto bad;
	}
	p->pos++;
	e->paren = 1;
	return e;
bad:
	expr_free(e);
	return NULL;
}

/* logical-not-op S (paren-expr / filter-query / function-expr) */
static struct expr *
parse_not(struct parser *p)
{
	struct expr *e, *a;

	e = expr_new(E_NOT, p->pos++);
	skip_blank(p);
	a = p->s[p->pos] == '(' ? parse_paren(p) : parse_primary(p);
	if (a == NULL) {
		expr_free(e);
		return NULL;
	}
	expr_push(e, a);
	if (need_logical(p, a) == -1) {
		expr_free(e);
		return NULL;
	}
	return e;
}

/* A comparison operator at p->pos, consumed; -1 if none. */
static int
parse_cmpop(struct parser *p)
{
	static const struct {
		const char	*s;
		enum cmpop	 op;
	} ops[] = {
		{ "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE },
		{ ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT },
	};
	size_t i, n;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		n = strlen(ops[i].s);
		if (strncmp(p->s + p->pos, ops[i].s, n) == 0) {
			p->pos += n;
			return ops[i].op;
		}
	}
	return -1;
}

/* paren-expr / comparison-expr / test-expr; a bare literal or value is
 * returned as such, for the caller to check. */
static struct expr *
parse_basic(struct parser *p)
{
	struct expr *e, *c, *r;
	size_t save;
	int op;

	if (p->s[p->pos] == '!')
		return parse_not(p);
	if (p->s[p->pos] == '(')
		return parse_paren(p);
	if ((e = parse_primary(p)) == NULL)
		return NULL;
	save = p->pos;
	skip_blank(p);
	if ((op = parse_cmpop(p)) == -1) {
		p->pos = save;
		return e;
	}
	c = expr_new(E_CMP, e->off);
	c->op = op;
	expr_push(c, e);
	if (need_comparable(p, e) == -1)
		goto bad;
	skip_blank(p);
	if ((r = parse_primary(p)) == NULL)
		goto bad;
	expr_push(c, r);
	if (need_comparable(p, r) == -1)
		goto bad;
	return c;
bad:
	expr_free(c);
	return NULL;
}

/* operand *(S tok S operand), as one n-ary node so that long chains
 * cost no recursion. */
static struct expr *
parse_chain(struct parser *p, enum exprtype type, const char *tok,
    struct expr *(*operand)(struct parser *))
{
	struct expr *e, *a, *j = NULL;
	size_t save;

	if ((e = operand(p)) == NULL)
		return NULL;
	for (;;) {
		save = p->pos;
		skip_blank(p);
		if (strncmp(p->s + p->pos, tok, 2) != 0) {
			p->pos = save;
			return j != NULL ? j : e;
		}
		if (j == NULL) {
			j = expr_new(type, e->off);
			expr_push(j, e);
			if (need_logical(p, e) == -1)
				break;
		}
		p->pos += 2;
		skip_blank(p);
		if ((a = operand(p)) == NULL)
			break;
		expr_push(j, a);
		if (need_logical(p, a) == -1)
			break;
	}
	expr_free(j);
	return NULL;
}

static struct expr *
parse_and(struct parser *p)
{
	return parse_chain(p, E_AND, "&&", parse_basic);
}

/* logical-or-expr, the entry to every nested expression: the depth cap. */
static struct expr *
parse_or(struct parser *p)
{
	struct expr *e;

	if (p->depth >= JP_MAXDEPTH) {
		fail(p, p->pos, "nesting deeper than %d", JP_MAXDEPTH);
		return NULL;
	}
	p->depth++;
	e = parse_chain(p, E_OR, "||", parse_and);
	p->depth--;
	return e;
}

/* ---- I-Regexp (RFC 9485) to PCRE2 ---- */

/* One code point, literally: ASCII punctuation as \x{..}. */
static void
re_lit(struct buf *b, uint32_t cp)
{
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 'A' && cp <= 'Z'))
		buf_addf(b, "%c", (char)cp);
	else if (cp < 0x80)
		buf_addf(b, "\\x{%x}", (unsigned)cp);
	else
		put_utf8(b, cp);
}

/* The code point at s[*i], consumed; -1 on bad UTF-8. */
static int
re_char(const char *s, size_t n, size_t *i, uint32_t *cp)
{
	size_t k;

	k = utf8_decode((const unsigned char *)s + *i, n - *i, cp);
	if (k == 0)
		return -1;
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

/* An escape at s[*i] (the backslash): 0 with *cp for a single character,
 * 1 after emitting a \p{..} / \P{..}, -1 if invalid. */
static int
re_escape(const char *s, size_t n, size_t *i, uint32_t *cp, struct buf *b)
{
	size_t j = *i + 1, k;
	char c;

	if (j >= n)
		return -1;
	c = s[j];
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
	if ((c != 'p' && c != 'P') || j + 1 >= n || s[j + 1] != '{')
		return -1;
	for (k = j + 2; k < n && s[k] != '}'; k++)
		;
	if (k >= n || re_category(s + j + 2, k - j - 2) == -1)
		return -1;
	buf_addf(b, "\\%c{%.*s}", c, (int)(k - j - 2), s + j + 2);
	*i = k + 1;
	return 1;
}

/* CCchar or a class escape inside [...]; as re_escape. */
static int
re_ccchar(const char *s, size_t n, size_t *i, uint32_t *cp, struct buf *b)
{
	if (s[*i] == '\\')
		return re_escape(s, n, i, cp, b);
	if (s[*i] == '[' || s[*i] == ']' || s[*i] == '-')
		return -1;
	return re_char(s, n, i, cp);
}

/* charClassExpr at s[*i] (the "["). */
static int
re_class(const char *s, size_t n, size_t *i, struct buf *b)
{
	size_t j = *i + 1, items = 0;
	uint32_t lo, hi;
	int r;

	buf_adds(b, "[");
	if (j < n && s[j] == '^') {
		buf_adds(b, "^");
		j++;
	}
	if (j < n && s[j] == '-') {
		re_lit(b, '-');
		j++;
		items++;
	}
	while (j < n && s[j] != ']') {
		if (s[j] == '-') {
			if (items == 0 || j + 1 >= n || s[j + 1] != ']')
				return -1;
			re_lit(b, '-');
			j++;
			continue;
		}
		if ((r = re_ccchar(s, n, &j, &lo, b)) == -1)
			return -1;
		items++;
		if (r == 1)
			continue;
		if (j + 1 < n && s[j] == '-' && s[j + 1] != ']') {
			j++;
			if (re_ccchar(s, n, &j, &hi, b) != 0 || hi < lo)
				return -1;
			re_lit(b, lo);
			buf_adds(b, "-");
			re_lit(b, hi);
		} else
			re_lit(b, lo);
	}
	if (j >= n || items == 0)
		return -1;
	buf_adds(b, "]");
	*i = j + 1;
	return 0;
}

/* A decimal bound of a range quantifier (saturating). */
static int
re_bound(const char *s, size_t n, size_t *j, unsigned long *v)
{
	if (*j >= n || !is_digit(s[*j]))
		return -1;
	for (*v = 0; *j < n && is_digit(s[*j]); (*j)++)
		if (*v < 1000000)
			*v = *v * 10 + (s[*j] - '0');
	return 0;
}

/* "{" QuantExact ["," [QuantExact]] "}" at s[*i]. */
static int
re_range(const char *s, size_t n, size_t *i, struct buf *b)
{
	size_t j = *i + 1;
	unsigned long lo, hi;

	if (re_bound(s, n, &j, &lo) == -1)
		return -1;
	if (j < n && s[j] == '}') {
		buf_addf(b, "{%lu}", lo);
	} else if (j + 1 < n && s[j] == ',' && s[j + 1] == '}') {
		buf_addf(b, "{%lu,}", lo);
		j++;
	} else {
		if (j >= n || s[j++] != ',' || re_bound(s, n, &j, &hi) == -1 ||
		    j >= n || s[j] != '}' || hi < lo)
			return -1;
		buf_addf(b, "{%lu,%lu}", lo, hi);
	}
	*i = j + 1;
	return 0;
}

/* One token of a branch at s[*i]; *atom tells whether a quantifier may
 * follow.  Returns -1 when the pattern is not an I-Regexp. */
static int
re_token(const char *s, size_t n, size_t *i, int *atom, int *depth,
    struct buf *b)
{
	char c = s[*i];
	uint32_t cp;
	int r;

	switch (c) {
	case '(':
		buf_adds(b, "(?:");
		(*depth)++;
		*atom = 0;
		break;
	case ')':
		if (*depth == 0)
			return -1;
		buf_adds(b, ")");
		(*depth)--;
		*atom = 1;
		break;
	case '|':
	case '^':
	case '$':
		buf_add(b, &c, 1);
		*atom = 0;
		break;
	case '*': case '+': case '?':
		if (!*atom)
			return -1;
		buf_add(b, &c, 1);
		*atom = 0;
		break;
	case '{':
		if (!*atom || re_range(s, n, i, b) == -1)
			return -1;
		*atom = 0;
		return 0;
	case '.':
		buf_adds(b, "[^\\n\\r]");
		*atom = 1;
		break;
	case '[':
		*atom = 1;
		return re_class(s, n, i, b);
	case ']': case '}':
		return -1;
	case '\\':
		*atom = 1;
		if ((r = re_escape(s, n, i, &cp, b)) == 0)
			re_lit(b, cp);
		return r == -1 ? -1 : 0;
	default:
		*atom = 1;
		if (re_char(s, n, i, &cp) == -1)
			return -1;
		re_lit(b, cp);
		return 0;
	}
	(*i)++;
	return 0;
}

/* Translates the I-Regexp s into PCRE2 syntax; -1 if it is not one. */
static int
re_translate(const char *s, size_t n, struct buf *b)
{
	size_t i = 0;
	int atom = 0, depth = 0;

	while (i < n)
		if (re_token(s, n, &i, &atom, &depth, b) == -1)
			return -1;
	return depth == 0 ? 0 : -1;
}

/* Compiles an I-Regexp, anchored to the whole subject when `whole`;
 * NULL if it is not a valid one. */
static pcre2_code *
regex_compile(const char *pat, size_t len, int whole)
{
	struct buf b = BUF_INIT;
	pcre2_code *re = NULL;
	PCRE2_SIZE eoff;
	int ec;

	buf_adds(&b, whole ? "\\A(?:" : "(?:");
	if (re_translate(pat, len, &b) == 0) {
		buf_adds(&b, whole ? ")\\z" : ")");
		re = pcre2_compile((PCRE2_SPTR)b.data, b.len,
		    PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &ec, &eoff, NULL);
	}
	buf_release(&b);
	return re;
}

static int
regex_run(const pcre2_code *re, const json_t *subject)
{
	pcre2_match_data *md;
	int rc;

	if ((md = pcre2_match_data_create_from_pattern(re, NULL)) == NULL)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)json_string_value(subject),
	    json_string_length(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* ---- evaluation ---- */

/* A step of a Normalized Path: a member name, or (key NULL) an index. */
struct pstep {
	const struct pstep *up;
	const char	*key;
	size_t		 len;		/* of key, or the index */
};

struct chunk {
	struct chunk	*next;
	size_t		 n;
	struct pstep	 v[128];
};

struct node {
	const json_t	*v;
	const struct pstep *path;	/* NULL: the root (or not tracked) */
};

struct nodelist {
	struct node	*v;
	size_t		 n, alloc;
	int		 track;		/* record paths */
};

/* An absolute query ($…) inside a filter gives the same nodes whatever
 * @ is: evaluated once per evaluation, its nodelist kept here. */
struct memo {
	const struct query *q;
	int		 track;
	struct nodelist	 l;
};

struct evalctx {
	const json_t	*root;
	struct chunk	*steps;
	unsigned long	 work;		/* nodes visited */
	int		 exhausted;	/* past JP_MAXWORK: give up */
	struct memo	*memo;
	size_t		 nmemo, amemo;
	const struct query *top;	/* the query evaluated, not memoised */
};

/* Nested filters on absolute queries ($..[?$..[?$..]]) cost the document's
 * size to the power of their depth: past this many node visits, stop. */
#define JP_MAXWORK	10000000UL

static int	 expr_test(struct evalctx *, const struct expr *,
		    const json_t *);
static json_t	*expr_value(struct evalctx *, const struct expr *,
		    const json_t *);

static const struct pstep *
step_new(struct evalctx *c, const struct pstep *up, const char *key,
    size_t len)
{
	struct chunk *ch = c->steps;
	struct pstep *st;

	if (ch == NULL || ch->n == sizeof(ch->v) / sizeof(ch->v[0])) {
		ch = xmalloc(sizeof(*ch));
		ch->next = c->steps;
		ch->n = 0;
		c->steps = ch;
	}
	st = &ch->v[ch->n++];
	st->up = up;
	st->key = key;
	st->len = len;
	return st;
}

/* Appends child v of `from`, reached by member key (or index len). */
static void
emit(struct evalctx *c, struct nodelist *out, const struct node *from,
    const char *key, size_t len, const json_t *v)
{
	out->v = xgrow(out->v, &out->alloc, out->n + 1, sizeof(*out->v));
	out->v[out->n].v = v;
	out->v[out->n].path = out->track ?
	    step_new(c, from->path, key, len) : NULL;
	out->n++;
}

/* Appends the children of n (array elements, then object members in
 * insertion order) for which filter holds (all if filter is NULL). */
static void
children(struct evalctx *c, const struct node *n, const struct expr *filter,
    struct nodelist *out)
{
	json_t *v = (json_t *)n->v, *m;
	void *it;
	size_t i;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			m = json_array_get(v, i);
			if (filter == NULL || expr_test(c, filter, m))
				emit(c, out, n, NULL, i, m);
		}
		return;
	}
	for (it = json_object_iter(v); it != NULL;
	    it = json_object_iter_next(v, it)) {
		m = json_object_iter_value(it);
		if (filter == NULL || expr_test(c, filter, m))
			emit(c, out, n, json_object_iter_key(it),
			    json_object_iter_key_len(it), m);
	}
}

static long long
clamp(long long v, long long lo, long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* RFC 9535 2.3.4.2.2, with its normalization and bounds. */
static void
slice(struct evalctx *c, const struct selector *s, const struct node *n,
    struct nodelist *out)
{
	long long len, start, end, lo, hi, i;

	if (!json_is_array(n->v) || s->step == 0)
		return;
	len = json_array_size(n->v);
	if (s->step > 0) {
		start = s->has_start ? s->start : 0;
		end = s->has_end ? s->end : len;
		lo = clamp(start >= 0 ? start : len + start, 0, len);
		hi = clamp(end >= 0 ? end : len + end, 0, len);
		for (i = lo; i < hi; i += s->step)
			emit(c, out, n, NULL, i, json_array_get(n->v, i));
		return;
	}
	start = s->has_start ? s->start : len - 1;
	end = s->has_end ? s->end : -len - 1;
	hi = clamp(start >= 0 ? start : len + start, -1, len - 1);
	lo = clamp(end >= 0 ? end : len + end, -1, len - 1);
	for (i = hi; lo < i; i += s->step)
		emit(c, out, n, NULL, i, json_array_get(n->v, i));
}

static void
select1(struct evalctx *c, const struct selector *s, const struct node *n,
    struct nodelist *out)
{
	const json_t *m;
	long long i;

	switch (s->type) {
	case SEL_NAME:
		if (json_is_object(n->v) &&
		    (m = json_object_getn(n->v, s->name, s->namelen)) != NULL)
			emit(c, out, n, s->name, s->namelen, m);
		break;
	case SEL_WILD:
		children(c, n, NULL, out);
		break;
	case SEL_INDEX:
		if (!json_is_array(n->v))
			break;
		i = s->index < 0 ? (long long)json_array_size(n->v) + s->index :
		    s->index;
		if (i >= 0 && i < (long long)json_array_size(n->v))
			emit(c, out, n, NULL, i, json_array_get(n->v, i));
		break;
	case SEL_SLICE:
		slice(c, s, n, out);
		break;
	case SEL_FILTER:
		children(c, n, s->filter, out);
		break;
	}
}

static void
select_all(struct evalctx *c, const struct segment *seg, const struct node *n,
    struct nodelist *out)
{
	size_t i;

	for (i = 0; i < seg->nsel; i++)
		select1(c, &seg->sel[i], n, out);
}

/* The descendant segment: n and its descendants, each before its own
 * descendants and arrays in order, with an explicit stack. */
static void
descend(struct evalctx *c, const struct segment *seg, const struct node *n,
    struct nodelist *out)
{
	struct nodelist stack = { NULL, 0, 0, out->track };
	struct nodelist kids = { NULL, 0, 0, out->track };
	struct node cur;

	stack.v = xgrow(stack.v, &stack.alloc, 1, sizeof(*stack.v));
	stack.v[stack.n++] = *n;
	while (stack.n > 0) {
		cur = stack.v[--stack.n];
		select_all(c, seg, &cur, out);
		kids.n = 0;
		if (json_is_array(cur.v) || json_is_object(cur.v))
			children(c, &cur, NULL, &kids);
		stack.v = xgrow(stack.v, &stack.alloc, stack.n + kids.n,
		    sizeof(*stack.v));
		while (kids.n > 0)
			stack.v[stack.n++] = kids.v[--kids.n];
	}
	free(stack.v);
	free(kids.v);
}

static void query_walk(struct evalctx *, const struct query *,
	    const json_t *, int, struct nodelist *);

static void
nodelist_copy(struct nodelist *dst, const struct nodelist *src)
{
	*dst = *src;
	dst->v = NULL;
	dst->alloc = 0;
	dst->v = xgrow(NULL, &dst->alloc, src->n ? src->n : 1, sizeof(*dst->v));
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
}

/* The nodelist of q, @ being cur; an absolute q's from the memo. */
static void
query_eval(struct evalctx *c, const struct query *q, const json_t *cur,
    int track, struct nodelist *out)
{
	struct memo *m;
	size_t i;

	if (q->relative || q == c->top) {
		query_walk(c, q, cur, track, out);
		return;
	}
	for (i = 0; i < c->nmemo; i++)
		if (c->memo[i].q == q && c->memo[i].track == track) {
			nodelist_copy(out, &c->memo[i].l);
			return;
		}
	query_walk(c, q, cur, track, out);
	c->memo = xgrow(c->memo, &c->amemo, c->nmemo + 1, sizeof(*c->memo));
	m = &c->memo[c->nmemo++];
	m->q = q;
	m->track = track;
	nodelist_copy(&m->l, out);
}

/* The nodelist of q, @ being cur, segment by segment. */
static void
query_walk(struct evalctx *c, const struct query *q, const json_t *cur,
    int track, struct nodelist *out)
{
	struct nodelist in = { NULL, 0, 0, track }, next;
	size_t i, j;

	if (c->exhausted || ++c->work > JP_MAXWORK) {
		c->exhausted = 1;
		*out = in;		/* empty */
		return;
	}
	in.v = xgrow(in.v, &in.alloc, 1, sizeof(*in.v));
	in.v[0].v = q->relative ? cur : c->root;
	in.v[0].path = NULL;
	in.n = 1;
	for (i = 0; i < q->nseg && in.n > 0; i++) {
		memset(&next, 0, sizeof(next));
		next.track = track;
		if ((c->work += in.n) > JP_MAXWORK)
			c->exhausted = 1;
		for (j = 0; j < in.n && !c->exhausted; j++) {
			if (q->seg[i].descendant)
				descend(c, &q->seg[i], &in.v[j], &next);
			else
				select_all(c, &q->seg[i], &in.v[j], &next);
		}
		free(in.v);
		in = next;
	}
	*out = in;
}

/* A singular query's value (borrowed), NULL for Nothing. */
static const json_t *
singular_value(struct evalctx *c, const struct query *q, const json_t *cur)
{
	const json_t *v = q->relative ? cur : c->root;
	const struct selector *s;
	size_t i;
	long long k;

	for (i = 0; i < q->nseg && v != NULL; i++) {
		s = &q->seg[i].sel[0];
		if (s->type == SEL_NAME) {
			v = json_is_object(v) ?
			    json_object_getn(v, s->name, s->namelen) : NULL;
			continue;
		}
		if (!json_is_array(v))
			return NULL;
		k = s->index < 0 ? (long long)json_array_size(v) + s->index :
		    s->index;
		v = k >= 0 ? json_array_get(v, k) : NULL;
	}
	return v;
}

/* RFC 9535 2.3.5.2.2 equality: numbers by value (exactly, whatever
 * their size), containers deeply; Nothing equals only Nothing. */
static int
equal(const json_t *a, const json_t *b)
{
	return jsonvalue_equal(a, b);
}

/* Only numbers with numbers and strings with strings are ordered. */
static int
less(const json_t *a, const json_t *b)
{
	int cmp;

	return a != NULL && b != NULL && jsonvalue_order(a, b, &cmp) == 0 &&
	    cmp < 0;
}

static int
compare(enum cmpop op, const json_t *a, const json_t *b)
{
	switch (op) {
	case OP_EQ:
		return equal(a, b);
	case OP_NE:
		return !equal(a, b);
	case OP_LT:
		return less(a, b);
	case OP_LE:
		return less(a, b) || equal(a, b);
	case OP_GT:
		return less(b, a);
	case OP_GE:
		return less(b, a) || equal(a, b);
	}
	return 0;
}

/* match() and search(). */
static int
fn_regex(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	json_t *s, *pat = NULL;
	pcre2_code *re = NULL;
	int r = 0;

	s = expr_value(c, e->arg[0], cur);
	if (!json_is_string(s))
		goto out;
	if (e->re_fixed) {
		if (e->re != NULL)
			r = regex_run(e->re, s);
		goto out;
	}
	pat = expr_value(c, e->arg[1], cur);
	if (json_is_string(pat) && (re = regex_compile(json_string_value(pat),
	    json_string_length(pat), e->fn->id == FN_MATCH)) != NULL)
		r = regex_run(re, s);
out:
	pcre2_code_free(re);
	json_decref(pat);
	json_decref(s);
	return r;
}

/* Unicode scalar values in a string. */
static json_int_t
utf8_length(const json_t *s)
{
	const unsigned char *p = (const unsigned char *)json_string_value(s);
	size_t i, len = json_string_length(s);
	json_int_t n = 0;

	for (i = 0; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static json_t *
fn_length(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	json_t *v = expr_value(c, e->arg[0], cur), *r = NULL;

	if (json_is_string(v))
		r = json_integer(utf8_length(v));
	else if (json_is_array(v))
		r = json_integer(json_array_size(v));
	else if (json_is_object(v))
		r = json_integer(json_object_size(v));
	json_decref(v);
	return r;
}

/* count() and value(), on their NodesType argument. */
static json_t *
fn_nodes(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	struct nodelist l;
	json_t *r = NULL;

	query_eval(c, &e->arg[0]->q, cur, 0, &l);
	if (e->fn->id == FN_COUNT)
		r = json_integer(l.n);
	else if (l.n == 1)
		r = json_incref((json_t *)l.v[0].v);
	free(l.v);
	return r;
}

/* A ValueType expression: a new reference, or NULL for Nothing. */
static json_t *
expr_value(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	switch (e->type) {
	case E_LIT:
		return json_incref(e->lit);
	case E_QUERY:
		return json_incref((json_t *)singular_value(c, &e->q, cur));
	case E_FUNC:
		if (e->fn->id == FN_LENGTH)
			return fn_length(c, e, cur);
		if (e->fn->id == FN_COUNT || e->fn->id == FN_VALUE)
			return fn_nodes(c, e, cur);
		return NULL;
	default:
		return NULL;
	}
}

static int
query_exists(struct evalctx *c, const struct query *q, const json_t *cur)
{
	struct nodelist l;
	int r;

	query_eval(c, q, cur, 0, &l);
	r = l.n > 0;
	free(l.v);
	return r;
}

/* A LogicalType expression, @ being cur. */
static int
expr_test(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	json_t *a, *b;
	size_t i;
	int r;

	switch (e->type) {
	case E_OR:
	case E_AND:
		for (i = 0; i < e->narg; i++)
			if (expr_test(c, e->arg[i], cur) == (e->type == E_OR))
				return e->type == E_OR;
		return e->type == E_AND;
	case E_NOT:
		return !expr_test(c, e->arg[0], cur);
	case E_CMP:
		a = expr_value(c, e->arg[0], cur);
		b = expr_value(c, e->arg[1], cur);
		r = compare(e->op, a, b);
		json_decref(a);
		json_decref(b);
		return r;
	case E_QUERY:
		return query_exists(c, &e->q, cur);
	case E_FUNC:
		return fn_regex(c, e, cur);
	default:
		return 0;
	}
}

/* $['name'][0] with the escapes of RFC 9535 2.7. */
static void
path_key(struct buf *b, const char *key, size_t len)
{
	static const char from[] = "\b\f\n\r\t'\\", to[] = "bfnrt'\\";
	const char *k;
	size_t i;

	buf_adds(b, "['");
	for (i = 0; i < len; i++) {
		if (key[i] != '\0' && (k = strchr(from, key[i])) != NULL)
			buf_addf(b, "\\%c", to[k - from]);
		else if ((unsigned char)key[i] < 0x20)
			buf_addf(b, "\\u%04x", (unsigned)key[i]);
		else
			buf_add(b, &key[i], 1);
	}
	buf_adds(b, "']");
}

static json_t *
path_string(const struct pstep *st)
{
	const struct pstep **v = NULL, *s;
	size_t n = 0, alloc = 0;
	struct buf b = BUF_INIT;
	json_t *r;

	for (s = st; s != NULL; s = s->up) {
		v = xgrow(v, &alloc, n + 1, sizeof(*v));
		v[n++] = s;
	}
	buf_adds(&b, "$");
	while (n > 0) {
		s = v[--n];
		if (s->key != NULL)
			path_key(&b, s->key, s->len);
		else
			buf_addf(&b, "[%zu]", s->len);
	}
	r = json_stringn(b.data, b.len);
	buf_release(&b);
	free(v);
	return r;
}

/* ---- interface ---- */

struct jsonpath *
jsonpath_compile(const char *src, size_t *erroff, char *err, size_t errlen)
{
	struct parser p = { src, strlen(src), 0, 0, 0, erroff, err, errlen };
	struct jsonpath *jp;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (erroff != NULL)
		*erroff = 0;
	if (src[0] != '$') {
		fail(&p, 0, "expected '$'");
		return NULL;
	}
	jp = xcalloc(1, sizeof(*jp));
	p.pos = 1;
	if (parse_segments(&p, &jp->q) == -1)
		goto bad;
	if (p.pos != p.len) {
		skip_blank(&p);
		fail(&p, p.pos, p.pos == p.len ? "blank space at the end" :
		    "expected '.', '..' or '[' or the end");
		goto bad;
	}
	return jp;
bad:
	jsonpath_free(jp);
	return NULL;
}

void
jsonpath_free(struct jsonpath *p)
{
	if (p == NULL)
		return;
	query_free(&p->q);
	free(p);
}

int
jsonpath_singular(const struct jsonpath *p)
{
	return p != NULL && query_singular(&p->q);
}

json_t *
jsonpath_eval(const struct jsonpath *p, const json_t *root)
{
	return jsonpath_eval_paths(p, root, NULL);
}

json_t *
jsonpath_eval_paths(const struct jsonpath *p, const json_t *root,
    json_t **paths)
{
	struct evalctx c = { root, NULL, 0, 0, NULL, 0, 0, NULL };
	struct nodelist l = { NULL, 0, 0, 0 };
	struct chunk *ch;
	json_t *r = json_array();
	size_t i;

	if (paths != NULL)
		*paths = json_array();
	c.top = p ? &p->q : NULL;
	if (p != NULL && root != NULL)
		query_eval(&c, &p->q, root, paths != NULL, &l);
	for (i = 0; i < l.n; i++) {
		json_array_append(r, (json_t *)l.v[i].v);
		if (paths != NULL)
			json_array_append_new(*paths, path_string(l.v[i].path));
	}
	free(l.v);
	while ((ch = c.steps) != NULL) {
		c.steps = ch->next;
		free(ch);
	}
	for (i = 0; i < c.nmemo; i++)
		free(c.memo[i].l.v);
	free(c.memo);
	if (c.exhausted) {
		json_decref(r);
		r = NULL;
		if (paths != NULL) {
			json_decref(*paths);
			*paths = NULL;
		}
	}
	return r;
}
