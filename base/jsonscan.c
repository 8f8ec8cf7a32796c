/* jsonscan.c - one pass over a JSON text that checks all of it as
 * jansson would read it and keeps the span of the value a singular path
 * selects; only that span becomes a jansson value. */
#include <pthread.h>
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
	const struct jsonscan_step *steps;
	size_t		 n;
	const unsigned char *sel, *sel_end;	/* the selected value's text */
	size_t		 nbig;
	int		 unsure;	/* valid or not, jansson says */
	struct buf	 key;		/* a key with escapes, decoded */
};

/* Bytes that stand for themselves in a string: not '"', '\\', a control
 * byte or a byte past ASCII. */
static unsigned char plain[256];
static pthread_once_t plain_once = PTHREAD_ONCE_INIT;

static void
init_plain(void)
{
	int c;

	for (c = 0x20; c < 0x80; c++)
		plain[c] = c != '"' && c != '\\';
}

static void
ws(struct scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\n' ||
	    *sc->p == '\r' || *sc->p == '\t'))
		sc->p++;
}

static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	int i, c;

	if (end - p < 4)
		return -1;
	for (*v = 0, i = 0; i < 4; i++) {
		c = p[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		*v = *v << 4 | (unsigned)c;
	}
	return 0;
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
		while (sc->p < sc->end && plain[*sc->p])
			sc->p++;
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
	const unsigned char *start = sc->p;

	while (sc->p < sc->end && *sc->p >= '0' && *sc->p <= '9')
		sc->p++;
	return (int)(sc->p - start > 1000000 ? 1000000 : sc->p - start);
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

static int value(struct scan *, int, long);

/* Whether the key s[0..len) (escaped when esc) is the name of step. */
static int
key_is(struct scan *sc, const unsigned char *s, size_t len, int esc,
    const struct jsonscan_step *step)
{
	if (step->name == NULL)
		return 0;
	if (!esc)
		return len == step->namelen && memcmp(s, step->name, len) == 0;
	buf_reset(&sc->key);
	decode(s, s + len + 1, &sc->key);
	return sc->key.len == step->namelen && memcmp(buf_str(&sc->key),
	    step->name, step->namelen) == 0;
}

/* m: the steps matched to reach this container, -1 when it is off the
 * path.  A later duplicate of a key on the path replaces what the
 * earlier one gave, as in jansson's tree. */
static int
object(struct scan *sc, int depth, long m)
{
	const unsigned char *k, *v;
	long cm;
	int esc;

	sc->p++;
	ws(sc);
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		return 0;
	}
	for (;;) {
		if (sc->p >= sc->end || *sc->p != '"')
			return -1;
		k = sc->p + 1;
		if (string(sc, 1, &esc) == -1)
			return -1;
		cm = -1;
		if (m >= 0 && (size_t)m < sc->n && key_is(sc, k,
		    (size_t)(sc->p - 1 - k), esc, &sc->steps[m])) {
			sc->sel = NULL;
			cm = m + 1;
		}
		ws(sc);
		if (sc->p >= sc->end || *sc->p != ':')
			return -1;
		sc->p++;
		ws(sc);
		v = sc->p;
		if (value(sc, depth, cm) == -1)
			return -1;
		if (cm >= 0 && (size_t)cm == sc->n) {
			sc->sel = v;
			sc->sel_end = sc->p;
		}
		ws(sc);
		if (sc->p < sc->end && *sc->p == ',') {
			sc->p++;
			ws(sc);
			continue;
		}
		if (sc->p < sc->end && *sc->p == '}') {
			sc->p++;
			return 0;
		}
		return -1;
	}
}

static int
array(struct scan *sc, int depth, long m)
{
	const struct jsonscan_step *st = m >= 0 && (size_t)m < sc->n ?
	    &sc->steps[m] : NULL;
	const unsigned char *v;
	long long i;
	long cm;

	sc->p++;
	ws(sc);
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		return 0;
	}
	for (i = 0;; i++) {
		cm = st != NULL && st->name == NULL && st->index == i ? m + 1 : -1;
		v = sc->p;
		if (value(sc, depth, cm) == -1)
			return -1;
		if (cm >= 0 && (size_t)cm == sc->n) {
			sc->sel = v;
			sc->sel_end = sc->p;
		}
		ws(sc);
		if (sc->p < sc->end && *sc->p == ',') {
			sc->p++;
			ws(sc);
			continue;
		}
		if (sc->p < sc->end && *sc->p == ']') {
			sc->p++;
			return 0;
		}
		return -1;
	}
}

static int
value(struct scan *sc, int depth, long m)
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
		return *sc->p == '{' ? object(sc, depth + 1, m) :
		    array(sc, depth + 1, m);
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
jsonscan_select(const char *s, size_t len, const struct jsonscan_step *steps,
    size_t n, json_t **out)
{
	struct scan sc = { 0 };
	int ok;

	*out = NULL;
	pthread_once(&plain_once, init_plain);
	sc.p = (const unsigned char *)s;
	sc.end = sc.p + len;
	sc.steps = steps;
	sc.n = n;
	ws(&sc);
	ok = value(&sc, 0, 0) == 0;
	ws(&sc);
	ok = ok && sc.p == sc.end && !sc.unsure;
	buf_release(&sc.key);
	if (!ok)
		return 0;
	if (sc.sel != NULL && (*out = build(sc.sel,
	    (size_t)(sc.sel_end - sc.sel))) == NULL)
		return 0;
	return 1;
}
