/* mask.c - replace secret values with "[MASKED]" in text about to be written.
 *
 * Three passes over the text collect spans to mask; overlapping spans are
 * merged, so overlapping secrets mask fully, and each merged span becomes
 * one "[MASKED]":
 *
 *  1. a lenient matcher tries each secret at each position where one could
 *     start, taking every secret byte either literally or in an encoded
 *     form (%XX of either case, '+' for space, JSON and XML escapes);
 *  2. one linear scan cuts the text into runs of the base64 alphabet
 *     (%2B %2F %3D included) and looks in each for the base64 forms
 *     precomputed at mask_add: the encoding of the value alone, and the
 *     stable inner part of its encoding when preceded by 0, 1 or 2 bytes
 *     (standard and URL-safe alphabets);
 *  3. the same scan decodes each run (split after its '=' padding, so
 *     "key=BASE64" works; at least 8 long) and masks it whole if the decoded
 *     bytes hold a secret, in any spelling pass 1 knows: the password of
 *     "Basic base64(user:password)", a JWT payload.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "buf.h"
#include "mask.h"
#include "utf8.h"
#include "xalloc.h"

#define TOKEN_MIN	8	/* shortest base64 run decoded, shortest form */

struct bytes {
	char	*v;
	size_t	 len;
};

struct mask {
	pthread_rwlock_t lock;
	struct bytes	*secrets;	/* longest first */
	size_t		 nsecrets;
	size_t		 asecrets;
	struct bytes	*forms;		/* base64 forms */
	size_t		 nforms;
	size_t		 aforms;
	size_t		 minform;	/* length of the shortest form */
	unsigned char	 start[256];	/* byte may begin a secret's match */
	unsigned char	 pairs[65536 / 8]; /* bit set: two bytes begin a form */
};

struct span {
	size_t	 s;
	size_t	 e;
};

struct spans {
	struct span	*v;
	size_t		 n;
	size_t		 alloc;
};

/* Scratch space of the token pass, reused from one token to the next. */
struct scratch {
	unsigned char	*norm;		/* the token, %XX decoded */
	size_t		*off;		/* text offset of each norm byte */
	size_t		 anorm;
	size_t		 aoff;
	unsigned char	*dec;		/* the token, base64 decoded */
	size_t		 adec;
};

static pthread_once_t	 global_once = PTHREAD_ONCE_INIT;
static struct mask	*global_mask;

struct mask *
mask_new(void)
{
	struct mask *m;

	m = xcalloc(1, sizeof(*m));
	if (pthread_rwlock_init(&m->lock, NULL) != 0)
		abort();
	return m;
}

static void
bytes_free(struct bytes *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].v);
	free(v);
}

void
mask_free(struct mask *m)
{
	if (m == NULL)
		return;
	bytes_free(m->secrets, m->nsecrets);
	bytes_free(m->forms, m->nforms);
	pthread_rwlock_destroy(&m->lock);
	free(m);
}

static void
rdlock(const struct mask *m)
{
	pthread_rwlock_rdlock((pthread_rwlock_t *)&m->lock);
}

static void
unlock(const struct mask *m)
{
	pthread_rwlock_unlock((pthread_rwlock_t *)&m->lock);
}


/* Length of a JSON escape at p (n bytes) that stands for byte c, or 0. */
static size_t
json_escape(unsigned char c, const unsigned char *p, size_t n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *q;

	if (n < 2 || p[1] == '\0')
		return 0;
	if ((q = strchr(from, p[1])) != NULL)
		return to[q - from] == (char)c ? 2 : 0;
	if (p[1] == 'u' && n >= 6 && c < 0x80 && hex_number((const char *)p + 2, 4) == c)
		return 6;
	return 0;
}

/* Length of an XML entity at p (n bytes) that stands for byte c, or 0. */
static size_t
xml_entity(unsigned char c, const unsigned char *p, size_t n)
{
	static const struct {
		const char	*s;
		size_t		 len;
		unsigned char	 c;
	} ents[] = {
		{ "&amp;", 5, '&' }, { "&lt;", 4, '<' }, { "&gt;", 4, '>' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' },
	};
	size_t i, l, digits;
	long v;

	if (n < 4)
		return 0;
	if (p[1] != '#') {
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
			if (ents[i].c == c && n >= ents[i].len &&
			    memcmp(p, ents[i].s, ents[i].len) == 0)
				return ents[i].len;
		}
		return 0;
	}
	if (c >= 0x80)
		return 0;
	if (p[2] == 'x' || p[2] == 'X') {
		for (digits = 0; 3 + digits < n && digits < 4 &&
		    hex_digit(p[3 + digits]) != -1; digits++)
			;
		v = hex_number((const char *)p + 3, digits);
		l = 3 + digits;
	} else {
		for (v = 0, digits = 0; 2 + digits < n && digits < 4 &&
		    p[2 + digits] >= '0' && p[2 + digits] <= '9'; digits++)
			v = v * 10 + (p[2 + digits] - '0');
		l = 2 + digits;
	}
	if (digits == 0 || l >= n || p[l] != ';' || v != c)
		return 0;
	return l + 1;
}

/* The lengths of the ways the text at p (n bytes) can spell byte c, in
 * lens[]; returns how many (at most 4). */
static int
spellings(unsigned char c, const unsigned char *p, size_t n, size_t *lens)
{
	int k = 0;
	size_t l;

	if (n == 0)
		return 0;
	if (p[0] == c || (p[0] == '+' && c == ' '))
		lens[k++] = 1;
	if (p[0] == '%' && n >= 3 && hex_number((const char *)p + 1, 2) == c)
		lens[k++] = 3;
	if (p[0] == '\\' && (l = json_escape(c, p, n)) != 0)
		lens[k++] = l;
	if (p[0] == '&' && (l = xml_entity(c, p, n)) != 0)
		lens[k++] = l;
	return k;
}

/* Matches v (vlen bytes) at t[ti] in any mix of spellings; returns the end
 * offset of the match, or 0.  Backtracks only where a byte has two
 * spellings (a '%' that may be literal or start %25). */
static size_t
match_from(const unsigned char *v, size_t vlen, const unsigned char *t,
    size_t tlen, size_t ti)
{
	size_t vi, lens[4], end;
	int n, k;

	for (vi = 0; vi < vlen; vi++) {
		n = spellings(v[vi], t + ti, tlen - ti, lens);
		if (n == 0)
			return 0;
		if (n == 1) {
			ti += lens[0];
			continue;
		}
		for (k = 0; k < n; k++) {
			end = match_from(v + vi + 1, vlen - vi - 1, t, tlen,
			    ti + lens[k]);
			if (end != 0)
				return end;
		}
		return 0;
	}
	return ti;
}

static void
spans_add(struct spans *sp, size_t s, size_t e)
{
	sp->v = xgrow(sp->v, &sp->alloc, sp->n + 1, sizeof(*sp->v));
	sp->v[sp->n].s = s;
	sp->v[sp->n].e = e;
	sp->n++;
}

/* Pass 1 over t: each secret in any spelling.  With sp NULL, stops at the
 * first match; returns whether there was one. */
static int
find_secrets(const struct mask *m, const unsigned char *t, size_t len,
    struct spans *sp)
{
	size_t i, j, e, lens[4];
	int found = 0;
	unsigned char c, first;

	for (i = 0; i < len; i++) {
		if (!m->start[(c = t[i])])
			continue;
		for (j = 0; j < m->nsecrets; j++) {
			first = (unsigned char)m->secrets[j].v[0];
			if (c != first &&
			    spellings(first, t + i, len - i, lens) == 0)
				continue;
			e = match_from((const unsigned char *)m->secrets[j].v,
			    m->secrets[j].len, t, len, i);
			if (e == 0)
				continue;
			if (sp == NULL)
				return 1;
			spans_add(sp, i, e);
			found = 1;
		}
	}
	return found;
}

/* Pass 2, run by pass 3 on each run of base64 characters t[a..b), where
 * alone a form can be: the precomputed base64 forms, found by their first
 * two bytes. */
static void
find_forms(const struct mask *m, const unsigned char *t, size_t a, size_t b,
    struct spans *sp)
{
	const struct bytes *f;
	size_t i, j, pair;

	for (i = a; i + m->minform <= b; i++) {
		pair = (size_t)t[i] << 8 | t[i + 1];
		if (!(m->pairs[pair / 8] & (1 << (pair % 8))))
			continue;
		for (j = 0; j < m->nforms; j++) {
			f = &m->forms[j];
			if (f->len <= b - i && memcmp(t + i, f->v, f->len) == 0)
				spans_add(sp, i, i + f->len);
		}
	}
}

/* The base64 character at t[i] (n bytes left), %2B %2F %3D decoded, in *c;
 * returns its length in the text, 0 if there is none. */
static size_t
token_char(const unsigned char *t, size_t n, unsigned char *c)
{
	long v;

	if (base64_digit(t[0]) != -1 || t[0] == '=') {
		*c = t[0];
		return 1;
	}
	if (t[0] != '%' || n < 3)
		return 0;
	v = hex_number((const char *)t + 1, 2);
	if (v != '+' && v != '/' && v != '=')
		return 0;
	*c = (unsigned char)v;
	return 3;
}

/* Decodes base64 of either alphabet (n chars, padding stripped) into
 * sc->dec; returns the decoded length, or -1 if n cannot be base64. */
static long
b64_decode(struct scratch *sc, const unsigned char *s, size_t n)
{
	size_t i, o = 0;
	unsigned long acc = 0;
	int bits = 0;

	if (n % 4 == 1)
		return -1;
	sc->dec = xgrow(sc->dec, &sc->adec, n, 1);
	for (i = 0; i < n; i++) {
		acc = (acc << 6) | (unsigned)base64_digit(s[i]);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			sc->dec[o++] = (unsigned char)(acc >> bits);
		}
	}
	return (long)o;
}

/* Masks the piece norm[a..b) of a token, padding included, if it decodes
 * to bytes that hold a secret. */
static void
check_piece(const struct mask *m, struct scratch *sc, size_t a, size_t b,
    struct spans *sp)
{
	size_t q = b;
	long n;

	if (b - a < TOKEN_MIN)
		return;
	while (q > a && sc->norm[q - 1] == '=')
		q--;
	if (q == a || (n = b64_decode(sc, sc->norm + a, q - a)) <= 0)
		return;
	if (find_secrets(m, sc->dec, (size_t)n, NULL))
		spans_add(sp, sc->off[a], sc->off[b]);
}

/* Splits the token in sc->norm (n chars) after each run of '=' and checks
 * each piece ("key=BASE64" gives "key=" and "BASE64"). */
static void
check_token(const struct mask *m, struct scratch *sc, size_t n,
    struct spans *sp)
{
	size_t a = 0, b;

	while (a < n) {
		for (b = a; b < n && sc->norm[b] != '='; b++)
			;
		for (; b < n && sc->norm[b] == '='; b++)
			;
		check_piece(m, sc, a, b, sp);
		a = b;
	}
}

/* Passes 2 and 3: one scan over the text for maximal base64 runs. */
static void
find_tokens(const struct mask *m, const unsigned char *t, size_t len,
    struct spans *sp)
{
	struct scratch sc;
	size_t i = 0, n, w, a;
	unsigned char c;

	memset(&sc, 0, sizeof(sc));
	while (i < len) {
		if (token_char(t + i, len - i, &c) == 0) {
			i++;
			continue;
		}
		a = i;
		n = 0;
		while (i < len && (w = token_char(t + i, len - i, &c)) != 0) {
			if (n + 2 > sc.aoff) {
				sc.norm = xgrow(sc.norm, &sc.anorm, n + 2, 1);
				sc.off = xgrow(sc.off, &sc.aoff, n + 2,
				    sizeof(*sc.off));
			}
			sc.norm[n] = c;
			sc.off[n++] = i;
			i += w;
		}
		sc.off[n] = i;
		if (i - a >= m->minform && m->nforms != 0)
			find_forms(m, t, a, i, sp);
		if (n >= TOKEN_MIN)
			check_token(m, &sc, n, sp);
	}
	free(sc.norm);
	free(sc.off);
	free(sc.dec);
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e > y->e ? -1 : 1;
	return 0;
}

/* Writes s with the (sorted) spans replaced; overlapping spans merge. */
static char *
rewrite(const char *s, size_t len, struct spans *sp, size_t *outlen)
{
	struct buf b = BUF_INIT;
	size_t i, pos = 0, s0, e0;

	qsort(sp->v, sp->n, sizeof(*sp->v), span_cmp);
	for (i = 0; i < sp->n; ) {
		s0 = sp->v[i].s;
		e0 = sp->v[i].e;
		for (i++; i < sp->n && sp->v[i].s < e0; i++)
			if (sp->v[i].e > e0)
				e0 = sp->v[i].e;
		buf_add(&b, s + pos, s0 - pos);
		buf_adds(&b, MASK_TEXT);
		pos = e0;
	}
	buf_add(&b, s + pos, len - pos);
	if (outlen != NULL)
		*outlen = b.len;
	return buf_detach(&b);
}

/* Returns the masked text, or NULL when nothing matched. */
static char *
apply(const struct mask *m, const char *s, size_t len, size_t *outlen)
{
	struct spans sp = { NULL, 0, 0 };
	const unsigned char *t = (const unsigned char *)s;
	char *out = NULL;

	rdlock(m);
	if (m->nsecrets != 0) {
		find_secrets(m, t, len, &sp);
		find_tokens(m, t, len, &sp);
	}
	unlock(m);
	if (sp.n != 0)
		out = rewrite(s, len, &sp, outlen);
	free(sp.v);
	return out;
}

char *
mask_apply(const struct mask *m, const char *s, size_t len, size_t *outlen)
{
	char *out;

	if (s == NULL)
		len = 0;
	if (m != NULL && len != 0 && (out = apply(m, s, len, outlen)) != NULL)
		return out;
	out = xmalloc(len + 1);
	if (len != 0)
		memcpy(out, s, len);
	out[len] = '\0';
	if (outlen != NULL)
		*outlen = len;
	return out;
}

void
mask_string(const struct mask *m, char **sp)
{
	char *out;

	if (m == NULL || *sp == NULL)
		return;
	if ((out = apply(m, *sp, strlen(*sp), NULL)) != NULL) {
		free(*sp);
		*sp = out;
	}
}

/* Standard padded base64 of p (n bytes); a new string. */
static char *
b64_encode(const unsigned char *p, size_t n)
{
	char *out, *o;
	unsigned long v;
	size_t i;

	o = out = xmalloc((n + 2) / 3 * 4 + 1);
	for (i = 0; i < n; i += 3) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		*o++ = BASE64_ALPHABET[(v >> 18) & 63];
		*o++ = BASE64_ALPHABET[(v >> 12) & 63];
		*o++ = i + 1 < n ? BASE64_ALPHABET[(v >> 6) & 63] : '=';
		*o++ = i + 2 < n ? BASE64_ALPHABET[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static void
forms_add(struct bytes **v, size_t *n, size_t *alloc, const char *s,
    size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].len == len && memcmp((*v)[i].v, s, len) == 0)
			return;
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	(*v)[*n].v = xstrndup(s, len);
	(*v)[*n].len = len;
	(*n)++;
}

/* Adds s (len bytes) and its URL-safe spelling. */
static void
forms_add2(struct bytes **v, size_t *n, size_t *alloc, const char *s,
    size_t len)
{
	char *u;
	size_t i;

	forms_add(v, n, alloc, s, len);
	u = xstrndup(s, len);
	for (i = 0; i < len; i++) {
		if (u[i] == '+')
			u[i] = '-';
		else if (u[i] == '/')
			u[i] = '_';
	}
	forms_add(v, n, alloc, u, len);
	free(u);
}

/* The base64 forms of value (len bytes): the encoding of the value alone,
 * padded and not, and for the value preceded by 0, 1 or 2 bytes the part of
 * the encoding that depends on the value only (characters whose 6 bits lie
 * inside it), when at least TOKEN_MIN long. */
static void
make_forms(const char *value, size_t len, struct bytes **v, size_t *n,
    size_t *alloc)
{
	unsigned char *tmp;
	char *enc;
	size_t k, first, last, plain;

	tmp = xcalloc(1, len + 2);
	for (k = 0; k < 3; k++) {
		memcpy(tmp + k, value, len);
		enc = b64_encode(tmp, k + len);
		if (k == 0) {
			forms_add2(v, n, alloc, enc, strlen(enc));
			plain = strcspn(enc, "=");
			forms_add2(v, n, alloc, enc, plain);
		}
		first = (8 * k + 5) / 6;
		last = 8 * (k + len) / 6;
		if (last - first >= TOKEN_MIN)
			forms_add2(v, n, alloc, enc + first, last - first);
		free(enc);
	}
	free(tmp);
}

/* Inserts a secret (taken) keeping the list longest first, and the base64
 * forms.  Called with the write lock held. */
static void
insert(struct mask *m, char *value, size_t len, struct bytes *forms,
    size_t nforms)
{
	size_t i, j, pair;

	for (i = 0; i < m->nsecrets && m->secrets[i].len >= len; i++)
		;
	m->secrets = xgrow(m->secrets, &m->asecrets, m->nsecrets + 1,
	    sizeof(*m->secrets));
	memmove(m->secrets + i + 1, m->secrets + i,
	    (m->nsecrets - i) * sizeof(*m->secrets));
	m->secrets[i].v = value;
	m->secrets[i].len = len;
	m->nsecrets++;
	for (j = 0; j < nforms; j++) {
		forms_add(&m->forms, &m->nforms, &m->aforms, forms[j].v,
		    forms[j].len);
		pair = (size_t)(unsigned char)forms[j].v[0] << 8 |
		    (unsigned char)forms[j].v[1];
		m->pairs[pair / 8] |= 1 << (pair % 8);
		if (m->minform == 0 || forms[j].len < m->minform)
			m->minform = forms[j].len;
	}
	m->start[(unsigned char)value[0]] = 1;
	if (value[0] == ' ')
		m->start['+'] = 1;
	m->start['%'] = m->start['\\'] = m->start['&'] = 1;
}

static int
known(const struct mask *m, const char *value, size_t len)
{
	size_t i;

	for (i = 0; i < m->nsecrets; i++)
		if (m->secrets[i].len == len &&
		    memcmp(m->secrets[i].v, value, len) == 0)
			return 1;
	return 0;
}

int
mask_add(struct mask *m, const char *value)
{
	struct bytes *forms = NULL;
	size_t len, nforms = 0, aforms = 0;

	if (m == NULL || value == NULL || (len = strlen(value)) < MASK_MIN)
		return -1;
	make_forms(value, len, &forms, &nforms, &aforms);
	pthread_rwlock_wrlock(&m->lock);
	if (!known(m, value, len))
		insert(m, xstrdup(value), len, forms, nforms);
	pthread_rwlock_unlock(&m->lock);
	bytes_free(forms, nforms);
	return 0;
}

size_t
mask_count(const struct mask *m)
{
	size_t n;

	if (m == NULL)
		return 0;
	rdlock(m);
	n = m->nsecrets;
	unlock(m);
	return n;
}

json_t *
mask_values(const struct mask *m)
{
	json_t *a = json_array();
	size_t i;

	if (m == NULL)
		return a;
	rdlock(m);
	for (i = 0; i < m->nsecrets; i++)
		json_array_append_new(a, json_stringn(m->secrets[i].v,
		    m->secrets[i].len));
	unlock(m);
	return a;
}

static void
global_free(void)
{
	mask_free(global_mask);
	global_mask = NULL;
}

static void
global_init(void)
{
	global_mask = mask_new();
	atexit(global_free);
}

struct mask *
mask_global(void)
{
	pthread_once(&global_once, global_init);
	return global_mask;
}
