/* jsonpath_parse.c - RFC 9535 JSONPath: query text to tree.
 *
 * A recursive-descent compiler follows the RFC's ABNF into a small tree
 * (query -> segments -> selectors, filter expressions: jsonpath_impl.h),
 * type-checking function expressions as section 2.4.3 asks; a literal
 * pattern of match() or search() is compiled here, once (iregexp.c).
 * Nesting of filters, parentheses and function calls is capped at 64, so
 * no input can exhaust the stack.  jsonpath_eval.c walks the tree.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iregexp.h"
#include "jsonpath.h"
#include "jsonpath_impl.h"
#include "../base/buf.h"
#include "../base/jsonvalue.h"
#include "../base/utf8.h"
#include "../base/xalloc.h"

#define JP_MAXDEPTH	64			/* nested expressions */
#define JP_MAXINT	9007199254740991LL	/* 2^53 - 1: indexes and steps */

/* The function extensions of RFC 9535 2.4, with their declared types. */
static const struct func funcs[] = {
	{ "length", FN_LENGTH, T_VALUE, 1, { T_VALUE } },
	{ "count", FN_COUNT, T_VALUE, 1, { T_NODES } },
	{ "match", FN_MATCH, T_LOGICAL, 2, { T_VALUE, T_VALUE } },
	{ "search", FN_SEARCH, T_LOGICAL, 2, { T_VALUE, T_VALUE } },
	{ "value", FN_VALUE, T_VALUE, 1, { T_NODES } },
};
#define NFUNCS	(sizeof(funcs) / sizeof(funcs[0]))

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

/* A singular query of names and indices >= 0: its steps, for a scan of
 * the text instead of a tree. */
static void
scan_steps(struct jsonpath *jp)
{
	const struct query *q = &jp->q;
	const struct selector *s;
	size_t i;

	if (q->nseg == 0 || !query_singular(q))
		return;
	for (i = 0; i < q->nseg; i++)
		if (q->seg[i].sel[0].type == SEL_INDEX &&
		    q->seg[i].sel[0].index < 0)
			return;
	jp->steps = xcalloc(q->nseg, sizeof(*jp->steps));
	for (i = 0; i < q->nseg; i++) {
		s = &q->seg[i].sel[0];
		if (s->type == SEL_NAME) {
			jp->steps[i].name = s->name ? s->name : "";
			jp->steps[i].namelen = s->namelen;
		} else
			jp->steps[i].index = s->index;
	}
	jp->nsteps = q->nseg;
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

/* Four hex digits at s into *v; -1 if they are not. */
static int
hex4(const char *s, uint32_t *v)
{
	long n = hex_number(s, 4);

	*v = n == -1 ? 0 : (uint32_t)n;
	return n == -1 ? -1 : 0;
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
		f->re = iregexp_compile(json_string_value(pat),
		    json_string_length(pat), f->fn->id == FN_MATCH, NULL,
		    NULL, 0);
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

/* ---- interface ---- */

/* src is borrowed; returns a new query, or NULL with err and *erroff. */
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
	scan_steps(jp);
	return jp;
bad:
	jsonpath_free(jp);
	return NULL;
}

/* Frees p (owned: the new query of jsonpath_compile) and its tree. */
void
jsonpath_free(struct jsonpath *p)
{
	if (p == NULL)
		return;
	query_free(&p->q);
	free(p->steps);
	free(p);
}

const struct jsonscan_step *
jsonpath_steps(const struct jsonpath *p, size_t *n)
{
	*n = p != NULL ? p->nsteps : 0;
	return p != NULL ? p->steps : NULL;
}

/* p is borrowed. */
int
jsonpath_singular(const struct jsonpath *p)
{
	return p != NULL && query_singular(&p->q);
}
