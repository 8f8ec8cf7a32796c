/* jsonscan.c - one pass over a JSON text that checks all of it as
 * jansson would read it and keeps the span of the value a singular path
 * selects; only that span becomes a jansson value. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "jsonscan.h"
#include "jsonvalue.h"
#include "utf8.h"

#define SCAN_DEPTH	1000	/* deeper: left to jansson (its cap is 2048) */
#define BIG_MAX		1000	/* integers past 64 bits: jsonvalue's stand-ins */
#define MAG_MAX		290	/* a real's magnitude near a double's limit */

struct scan {
	const unsigned char *p, *end;
	struct jsonscan_path *paths;
	size_t		 npaths;
	const unsigned char *sel[JSONSCAN_MAX], *sel_end[JSONSCAN_MAX];
					/* each path's value's text, or NULL */
	size_t		 nbig;
	int		 unsure;	/* valid or not, jansson says */
	struct buf	 key;		/* a key with escapes, decoded */
};

/* Bytes that stand for themselves in a string: not '"', '\\', a control
 * byte or a byte past ASCII; blank space between tokens. */
static unsigned char plain[256], blank[256];
static pthread_once_t plain_once = PTHREAD_ONCE_INIT;

static void
init_plain(void)
{
	int c;

	for (c = 0x20; c < 0x80; c++)
		plain[c] = c != '"' && c != '\\';
	blank[' '] = blank['\n'] = blank['\r'] = blank['\t'] = 1;
}

/* The loops keep p in a local: a byte read through it may alias *sc. */
static void
ws(struct scan *sc)
{
	const unsigned char *p = sc->p, *end = sc->end;

	while (p < end && blank[*p])
		p++;
	sc->p = p;
}

/* Past the bytes of a string that stand for themselves. */
static void
plain_run(struct scan *sc)
{
	const unsigned char *p = sc->p, *end = sc->end;

	while (p < end && plain[*p])
		p++;
	sc->p = p;
}

/* Four hex digits at p (before end) into *v; -1 if they are not. */
static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	long n = end - p < 4 ? -1 : hex_number((const char *)p, 4);

	*v = n == -1 ? 0 : (unsigned)n;
	return n == -1 ? -1 : 0;
}

/* The escape after a backslash at p[-1]: p moves past it.  *cp is the
 * code point of a \u escape (a pair made one), else the byte. */
static int
escape(struct scan *sc, unsigned *cp)
{
	unsigned lo;

	if (sc->p >= sc->end)
		return -1;
	switch (*sc->p) {
	case '"': case '\\': case '/':
		*cp = *sc->p++;
		return 0;
	case 'b': *cp = '\b'; sc->p++; return 0;
	case 'f': *cp = '\f'; sc->p++; return 0;
	case 'n': *cp = '\n'; sc->p++; return 0;
	case 'r': *cp = '\r'; sc->p++; return 0;
	case 't': *cp = '\t'; sc->p++; return 0;
	case 'u':
		if (hex4(sc->p + 1, sc->end, cp) == -1)
			return -1;
		sc->p += 5;
		if (*cp >= 0xdc00 && *cp <= 0xdfff)
			return -1;		/* a lone low surrogate */
		if (*cp < 0xd800 || *cp > 0xdbff)
			return 0;
		if (sc->end - sc->p < 6 || sc->p[0] != '\\' || sc->p[1] != 'u' ||
		    hex4(sc->p + 2, sc->end, &lo) == -1 || lo < 0xdc00 ||
		    lo > 0xdfff)
			return -1;
		sc->p += 6;
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
		return 0;
	default:
		return -1;
	}
}

/* A string at p ('"'): p moves past it.  With `key`, a \u0000 is refused
 * (jansson's keys hold no NUL) and *esc says whether it has escapes. */
static int
string(struct scan *sc, int key, int *esc)
{
	uint32_t c;
	unsigned cp;
	size_t k;

	*esc = 0;
	sc->p++;
	for (;;) {
		plain_run(sc);
		if (sc->p >= sc->end)
			return -1;
		if (*sc->p == '"') {
			sc->p++;
			return 0;
		}
		if (*sc->p == '\\') {
			sc->p++;
			*esc = 1;
			if (escape(sc, &cp) == -1 || (key && cp == 0))
				return -1;
		} else if (*sc->p < 0x20)
			return -1;
		else if ((k = utf8_decode(sc->p, (size_t)(sc->end - sc->p),
		    &c)) == 0)
			return -1;
		else
			sc->p += k;
	}
}

/* The text of a string checked by string(), s after its opening quote,
 * decoded into out. */
static void
decode(const unsigned char *s, const unsigned char *end, struct buf *out)
{
	struct scan sc = { 0 };
	unsigned char u[4];
	const unsigned char *run;
	unsigned cp;

	sc.p = s;
	sc.end = end;
	for (;;) {
		for (run = sc.p; *sc.p != '"' && *sc.p != '\\'; sc.p++)
			;
		buf_add(out, run, (size_t)(sc.p - run));
		if (*sc.p == '"')
			return;
		sc.p++;
		escape(&sc, &cp);
		buf_add(out, u, utf8_encode(cp, u));
	}
}

static int
digits(struct scan *sc)
{
	const unsigned char *start = sc->p, *p = sc->p, *end = sc->end;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	sc->p = p;
	return (int)(p - start > 1000000 ? 1000000 : p - start);
}

/* A number at p: jansson's grammar; one jsonvalue could not keep
 * exactly the way the tree would is left unsure. */
static int
number(struct scan *sc)
{
	long intdigits, exp = 0, nexp;
	int integral = 1, eneg = 0;
	const unsigned char *e;

	if (*sc->p == '-')
		sc->p++;
	if (sc->p >= sc->end)
		return -1;
	if (*sc->p == '0') {
		sc->p++;
		intdigits = 1;
	} else if ((intdigits = digits(sc)) == 0)
		return -1;
	if (sc->p < sc->end && *sc->p == '.') {
		sc->p++;
		integral = 0;
		if (digits(sc) == 0)
			return -1;
	}
	if (sc->p < sc->end && (*sc->p == 'e' || *sc->p == 'E')) {
		sc->p++;
		integral = 0;
		if (sc->p < sc->end && (*sc->p == '+' || *sc->p == '-'))
			eneg = *sc->p++ == '-';
		e = sc->p;
		if ((nexp = digits(sc)) == 0)
			return -1;
		for (; e < sc->p && exp < 100000; e++)
			exp = exp * 10 + (*e - '0');
		if (eneg)
			exp = -exp;
	}
	if (integral) {
		if (intdigits >= 19 && ++sc->nbig > BIG_MAX)
			sc->unsure = 1;
	} else if (intdigits + (exp < 0 ? -exp : exp) >= MAG_MAX)
		sc->unsure = 1;
	return 0;
}

static int
literal(struct scan *sc, const char *word, size_t n)
{
	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, word, n) != 0)
		return -1;
	sc->p += n;
	return 0;
}

static int value(struct scan *, int, unsigned, uint64_t);

/* Whether the key s[0..len) (escaped when esc) is name. */
static int
key_is(struct scan *sc, const unsigned char *s, size_t len, int esc,
    const char *name, size_t namelen, int *decoded)
{
	if (!esc)
		return len == namelen && memcmp(s, name, len) == 0;
	if (!*decoded) {
		buf_reset(&sc->key);
		decode(s, s + len + 1, &sc->key);
		*decoded = 1;
	}
	return sc->key.len == namelen && memcmp(buf_str(&sc->key), name,
	    namelen) == 0;
}

/* The paths (of `active`, those whose first `level` steps led here) that
 * a member key s[0..len) or an array index (s NULL) takes one step
 * further.  A key on a path drops what an earlier duplicate of it gave:
 * the last one wins, as in jansson's tree. */
static uint64_t
step(struct scan *sc, unsigned level, uint64_t active, const unsigned char *s,
    size_t len, int esc, long long index)
{
	const struct jsonscan_step *st;
	uint64_t next = 0, bit;
	size_t k;
	int decoded = 0;

	for (k = 0; active != 0 && k < sc->npaths; k++) {
		bit = (uint64_t)1 << k;
		if (!(active & bit))
			continue;
		active &= ~bit;
		if (level >= sc->paths[k].n)
			continue;
		st = &sc->paths[k].steps[level];
		if (s == NULL ? st->name == NULL && st->index == index :
		    st->name != NULL && key_is(sc, s, len, esc, st->name,
		    st->namelen, &decoded)) {
			next |= bit;
			sc->sel[k] = NULL;
		}
	}
	return next;
}

/* The value just read, at s, for the paths of `taken` that end there. */
static void
selected(struct scan *sc, unsigned level, uint64_t taken,
    const unsigned char *s)
{
	size_t k;

	for (k = 0; taken != 0 && k < sc->npaths; k++)
		if ((taken & ((uint64_t)1 << k)) && sc->paths[k].n == level + 1) {
			sc->sel[k] = s;
			sc->sel_end[k] = sc->p;
		}
}

/* At the start of an object or array (first) or after one of its members:
 * 0 past `close`, the container ended; 1 when a member follows (past its
 * ',' unless first); -1 when the text is not JSON there. */
static int
member_follows(struct scan *sc, int close, int first)
{
	ws(sc);
	if (sc->p < sc->end && *sc->p == close) {
		sc->p++;
		return 0;
	}
	if (first)
		return 1;
	if (sc->p < sc->end && *sc->p == ',') {
		sc->p++;
		ws(sc);
		return 1;
	}
	return -1;
}

/* level: this container's nesting below the top; active: the paths
 * whose first `level` steps lead to it. */
static int
object(struct scan *sc, int depth, unsigned level, uint64_t active)
{
	const unsigned char *k, *v;
	uint64_t taken;
	int esc, r;

	sc->p++;
	if ((r = member_follows(sc, '}', 1)) <= 0)
		return r;
	for (;;) {
		if (sc->p >= sc->end || *sc->p != '"')
			return -1;
		k = sc->p + 1;
		if (string(sc, 1, &esc) == -1)
			return -1;
		taken = active ? step(sc, level, active, k,
		    (size_t)(sc->p - 1 - k), esc, 0) : 0;
		ws(sc);
		if (sc->p >= sc->end || *sc->p != ':')
			return -1;
		sc->p++;
		ws(sc);
		v = sc->p;
		if (value(sc, depth, level + 1, taken) == -1)
			return -1;
		if (taken)
			selected(sc, level, taken, v);
		if ((r = member_follows(sc, '}', 0)) <= 0)
			return r;
	}
}

static int
array(struct scan *sc, int depth, unsigned level, uint64_t active)
{
	const unsigned char *v;
	uint64_t taken;
	long long i;
	int r;

	sc->p++;
	if ((r = member_follows(sc, ']', 1)) <= 0)
		return r;
	for (i = 0;; i++) {
		taken = active ? step(sc, level, active, NULL, 0, 0, i) : 0;
		v = sc->p;
		if (value(sc, depth, level + 1, taken) == -1)
			return -1;
		if (taken)
			selected(sc, level, taken, v);
		if ((r = member_follows(sc, ']', 0)) <= 0)
			return r;
	}
}

static int
value(struct scan *sc, int depth, unsigned level, uint64_t active)
{
	int esc;

	if (sc->p >= sc->end)
		return -1;
	switch (*sc->p) {
	case '{':
	case '[':
		if (depth + 1 > SCAN_DEPTH) {
			sc->unsure = 1;
			return -1;
		}
		return *sc->p == '{' ? object(sc, depth + 1, level, active) :
		    array(sc, depth + 1, level, active);
	case '"':
		return string(sc, 0, &esc);
	case 't':
		return literal(sc, "true", 4);
	case 'f':
		return literal(sc, "false", 5);
	case 'n':
		return literal(sc, "null", 4);
	default:
		if (*sc->p == '-' || (*sc->p >= '0' && *sc->p <= '9'))
			return number(sc);
		return -1;
	}
}

/* The value at s[0..len), checked: new, or NULL when jansson is to say. */
static json_t *
build(const unsigned char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_error_t je;
	json_t *v;

	switch (*s) {
	case '"':
		decode(s + 1, s + len, &b);
		v = json_stringn_nocheck(b.data ? b.data : "", b.len);
		buf_release(&b);
		return v;
	case 't':
		return json_true();
	case 'f':
		return json_false();
	case 'n':
		return json_null();
	case '{':
	case '[':
		return jsonvalue_loadb((const char *)s, len, JSON_DECODE_ANY |
		    JSON_ALLOW_NUL, &je);
	default:
		return jsonvalue_number((const char *)s, len);
	}
}

int
jsonscan_select_all(const char *s, size_t len, struct jsonscan_path *paths,
    size_t npaths)
{
	struct scan sc;
	uint64_t active = 0;
	size_t k;
	int ok;

	if (npaths > JSONSCAN_MAX)
		return 0;
	pthread_once(&plain_once, init_plain);
	memset(&sc, 0, sizeof(sc));
	for (k = 0; k < npaths; k++) {
		paths[k].out = NULL;
		if (paths[k].n > 0)
			active |= (uint64_t)1 << k;
	}
	sc.p = (const unsigned char *)s;
	sc.end = sc.p + len;
	sc.paths = paths;
	sc.npaths = npaths;
	ws(&sc);
	ok = value(&sc, 0, 0, active) == 0;
	ws(&sc);
	ok = ok && sc.p == sc.end && !sc.unsure;
	buf_release(&sc.key);
	for (k = 0; ok && k < npaths; k++)
		if (sc.sel[k] != NULL && (paths[k].out = build(sc.sel[k],
		    (size_t)(sc.sel_end[k] - sc.sel[k]))) == NULL)
			ok = 0;
	if (!ok)
		for (k = 0; k < npaths; k++) {
			json_decref(paths[k].out);
			paths[k].out = NULL;
		}
	return ok;
}

int
jsonscan_select(const char *s, size_t len, const struct jsonscan_step *steps,
    size_t n, json_t **out)
{
	struct jsonscan_path p = { steps, n, NULL };
	int ok = jsonscan_select_all(s, len, &p, 1);

	*out = p.out;
	return ok;
}
