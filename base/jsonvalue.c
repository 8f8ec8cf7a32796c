/* jsonvalue.c - JSON values whose numbers stay exact: big numbers as
 * registered jansson reals, and the one comparison, copy and print. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonvalue.h"
#include "xalloc.h"

#define MAX_EXP		1000000000L	/* |exponent| past it: out of range */
#define MAX_DEPTH	4096		/* recursion cap: equality, print, copy */
#define MOD_DIGITS	1000		/* exact multipleOf up to this many digits */
#define DEC_BUF		840		/* "%.800e" of any double */
#define STANDIN_MAX	1000000		/* stand-ins in the loader are below */

/* A number in decimal: 0.D × 10^exp, D without a leading or trailing
 * zero, none for zero (which is never negative). */
struct dec {
	const char	*d;
	size_t		 nd;
	long		 exp;
	int		 neg;
};

struct big {
	json_t		*node;		/* the real standing for it; held */
	char		*text;		/* how it prints */
	char		*digits;
	struct dec	 dec;
	int		 integer;	/* written as an integer */
};

/* Every big number, by node.  A node only the registry still holds is
 * garbage: nothing else can reach it, so a sweep frees it. */
static struct {
	pthread_mutex_t	 lock;
	struct big	**slot;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
	size_t		 sweep_at;
} reg = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 64 };

/* ---- decimals ---- */

static size_t
count_digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/* The length of the JSON number that starts s, 0 if none; *integral when
 * it has neither fraction nor exponent. */
static size_t
scan_number(const char *s, size_t len, int *integral)
{
	size_t i = 0, n;

	*integral = 1;
	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if ((n = count_digits(s + i, len - i)) == 0)
		return 0;
	else
		i += n;
	if (i < len && s[i] == '.') {
		if ((n = count_digits(s + i + 1, len - i - 1)) == 0)
			return 0;
		i += 1 + n;
		*integral = 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((n = count_digits(s + i, len - i)) == 0)
			return 0;
		i += n;
		*integral = 0;
	}
	return i;
}

/* The decimal of a JSON number's text (checked by scan_number), its
 * digits written to digs (len bytes at least).  -1 for an exponent past
 * MAX_EXP. */
static int
to_dec(const char *s, size_t len, char *digs, struct dec *out)
{
	size_t i = 0, nd = 0, lead;
	long exp = 0, e = 0;
	int eneg = 0;

	out->neg = s[0] == '-';
	i = out->neg;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, exp++)
		digs[nd++] = s[i];
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digs[nd++] = s[i];
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			eneg = s[i++] == '-';
		for (; i < len; i++) {
			e = e * 10 + (s[i] - '0');
			if (e > MAX_EXP)
				return -1;
		}
	}
	exp += eneg ? -e : e;
	for (lead = 0; lead < nd && digs[lead] == '0'; lead++)
		exp--;
	while (nd > lead && digs[nd - 1] == '0')
		nd--;
	out->d = digs + lead;
	out->nd = nd - lead;
	out->exp = out->nd ? exp : 0;
	if (out->nd == 0)
		out->neg = 0;
	return 0;
}

static int
sign_of(const struct dec *x)
{
	return x->nd == 0 ? 0 : x->neg ? -1 : 1;
}

static int
dec_cmp(const struct dec *a, const struct dec *b)
{
	int sa = sign_of(a), sb = sign_of(b), m;
	size_t n = a->nd < b->nd ? a->nd : b->nd;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	if (a->exp != b->exp)
		m = a->exp < b->exp ? -1 : 1;
	else if ((m = memcmp(a->d, b->d, n)) != 0)
		m = m < 0 ? -1 : 1;
	else
		m = (a->nd > b->nd) - (a->nd < b->nd);
	return sa * m;
}

/* ---- the registry ---- */

static size_t
slot_of(const json_t *v, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)v;

	return (size_t)((x * 0x9E3779B97F4A7C15ULL) >> 29) & (cap - 1);
}

static void
put(struct big **slot, size_t cap, struct big *b)
{
	size_t i = slot_of(b->node, cap);

	while (slot[i] != NULL)
		i = (i + 1) & (cap - 1);
	slot[i] = b;
}

static void
big_free(struct big *b)
{
	json_decref(b->node);
	free(b->text);
	free(b->digits);
	free(b);
}

/* Rebuilds the table at cap, dropping the numbers nothing else holds. */
static void
rebuild(size_t cap, int sweep)
{
	struct big **slot = xcalloc(cap, sizeof(*slot)), *b;
	size_t i, n = 0;

	for (i = 0; i < reg.cap; i++) {
		if ((b = reg.slot[i]) == NULL)
			continue;
		if (sweep && __atomic_load_n(&b->node->refcount,
		    __ATOMIC_ACQUIRE) == 1) {
			big_free(b);
			continue;
		}
		put(slot, cap, b);
		n++;
	}
	free(reg.slot);
	reg.slot = slot;
	reg.cap = cap;
	__atomic_store_n(&reg.n, n, __ATOMIC_RELEASE);
}

static void
reg_add(struct big *b)
{
	pthread_mutex_lock(&reg.lock);
	if (reg.n >= reg.sweep_at) {
		rebuild(reg.cap, 1);
		reg.sweep_at = reg.n * 2 > 64 ? reg.n * 2 : 64;
	}
	if ((reg.n + 1) * 2 > reg.cap)
		rebuild(reg.cap ? reg.cap * 2 : 64, 0);
	put(reg.slot, reg.cap, b);
	__atomic_store_n(&reg.n, reg.n + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&reg.lock);
}

/* v's entry, or NULL.  It stays valid while the caller holds v. */
static const struct big *
big_of(const json_t *v)
{
	const struct big *b = NULL;
	size_t i;

	if (!json_is_real(v) || __atomic_load_n(&reg.n, __ATOMIC_ACQUIRE) == 0)
		return NULL;
	pthread_mutex_lock(&reg.lock);
	for (i = slot_of(v, reg.cap); reg.slot[i] != NULL;
	    i = (i + 1) & (reg.cap - 1))
		if (reg.slot[i]->node == v) {
			b = reg.slot[i];
			break;
		}
	pthread_mutex_unlock(&reg.lock);
	return b;
}

static int
registry_empty(void)
{
	return __atomic_load_n(&reg.n, __ATOMIC_ACQUIRE) == 0;
}

/* ---- making numbers ---- */

/* A big number from a JSON number's text; new, or NULL. */
static json_t *
big_new(const char *s, size_t len, int integer)
{
	struct big *b = xcalloc(1, sizeof(*b));
	struct buf t = BUF_INIT;
	double approx;
	long zeros;
	json_t *v;

	b->digits = xmalloc(len + 1);
	if (to_dec(s, len, b->digits, &b->dec) == -1) {
		free(b->digits);
		free(b);
		return NULL;
	}
	b->integer = integer;
	if (b->dec.neg)
		buf_adds(&t, "-");
	if (integer) {
		buf_add(&t, b->dec.d, b->dec.nd);
		for (zeros = b->dec.exp - (long)b->dec.nd; zeros > 0; zeros--)
			buf_adds(&t, "0");
	} else {
		buf_add(&t, b->dec.d, 1);
		if (b->dec.nd > 1) {
			buf_adds(&t, ".");
			buf_add(&t, b->dec.d + 1, b->dec.nd - 1);
		}
		buf_addf(&t, "e%ld", b->dec.exp - 1);	/* as jansson: 1e400 */
	}
	b->text = buf_detach(&t);
	approx = integer ? strtod(b->text, NULL) : HUGE_VAL;
	if (!isfinite(approx))
		approx = DBL_MAX;
	v = json_real(b->dec.neg ? -fabs(approx) : fabs(approx));
	b->node = json_incref(v);	/* before a sweep can see it */
	reg_add(b);
	return v;
}

json_t *
jsonvalue_number(const char *s, size_t len)
{
	char small[64], *t;
	json_t *v = NULL;
	long long ll;
	double d;
	int integral;

	if (len == 0 || scan_number(s, len, &integral) != len)
		return NULL;
	t = len < sizeof(small) ? small : xmalloc(len + 1);
	memcpy(t, s, len);
	t[len] = '\0';
	errno = 0;
	if (integral) {
		ll = strtoll(t, NULL, 10);
		v = errno == 0 ? json_integer(ll) : big_new(t, len, 1);
	} else {
		d = strtod(t, NULL);
		v = isfinite(d) ? json_real(d) : big_new(t, len, 0);
	}
	if (t != small)
		free(t);
	return v;
}

json_t *
jsonvalue_integer(const char *s, size_t len, int base, int neg)
{
	unsigned char *d = xcalloc(len * 2 + 2, 1);	/* decimal, lowest first */
	char *text = xmalloc(len * 2 + 3);
	size_t n = 0, i, j = 0;
	unsigned carry;
	int c;
	json_t *v = NULL;

	for (i = 0; i < len; i++) {
		c = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
		    s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 :
		    s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : 99;
		if (c >= base)
			goto out;
		carry = (unsigned)c;
		for (j = 0; j < n; j++) {
			carry += d[j] * (unsigned)base;
			d[j] = (unsigned char)(carry % 10);
			carry /= 10;
		}
		for (; carry > 0; carry /= 10)
			d[n++] = (unsigned char)(carry % 10);
	}
	j = 0;
	if (neg && n > 0)
		text[j++] = '-';
	if (n == 0)
		text[j++] = '0';
	while (n > 0)
		text[j++] = (char)('0' + d[--n]);
	v = jsonvalue_number(text, j);
out:
	free(d);
	free(text);
	return v;
}

const char *
jsonvalue_big(const json_t *v)
{
	const struct big *b = big_of(v);

	return b ? b->text : NULL;
}

int
jsonvalue_is_integer(const json_t *v)
{
	const struct big *b;

	return json_is_integer(v) || ((b = big_of(v)) != NULL && b->integer);
}

/* ---- comparing ---- */

/* -1, 0 or 1 as i is below, equal to or above d, exactly. */
static int
cmp_int_real(json_int_t i, double d)
{
	double f;

	if (d >= 9223372036854775808.0)
		return -1;
	if (d < -9223372036854775808.0)
		return 1;
	f = floor(d);
	if (i != (json_int_t)f)
		return i < (json_int_t)f ? -1 : 1;
	return f < d ? -1 : 0;
}

static int
plain_cmp(const json_t *a, const json_t *b)
{
	json_int_t ia, ib;
	double da, db;

	if (json_is_integer(a) && json_is_integer(b)) {
		ia = json_integer_value(a);
		ib = json_integer_value(b);
		return (ia > ib) - (ia < ib);
	}
	if (json_is_integer(a))
		return cmp_int_real(json_integer_value(a), json_real_value(b));
	if (json_is_integer(b))
		return -cmp_int_real(json_integer_value(b), json_real_value(a));
	da = json_real_value(a);
	db = json_real_value(b);
	return (da > db) - (da < db);
}

/* v's decimal: a big number's own, else written out exactly in text and
 * read back into digs (both DEC_BUF bytes). */
static void
dec_of(const json_t *v, const struct big *b, char *text, char *digs,
    struct dec *out)
{
	if (b != NULL) {
		*out = b->dec;
		return;
	}
	if (json_is_integer(v))
		snprintf(text, DEC_BUF, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else
		snprintf(text, DEC_BUF, "%.800e", json_real_value(v));
	to_dec(text, strlen(text), digs, out);
}

int
jsonvalue_numcmp(const json_t *a, const json_t *b)
{
	const struct big *ba = big_of(a), *bb = big_of(b);
	char ta[DEC_BUF], da[DEC_BUF], tb[DEC_BUF], db[DEC_BUF];
	struct dec x, y;

	if (ba == NULL && bb == NULL)
		return plain_cmp(a, b);
	dec_of(a, ba, ta, da, &x);
	dec_of(b, bb, tb, db, &y);
	return dec_cmp(&x, &y);
}

static int
str_cmp(const json_t *a, const json_t *b)
{
	size_t la = json_string_length(a), lb = json_string_length(b);
	int r = memcmp(json_string_value(a), json_string_value(b),
	    la < lb ? la : lb);

	if (r != 0)
		return r < 0 ? -1 : 1;
	return (la > lb) - (la < lb);
}

int
jsonvalue_order(const json_t *a, const json_t *b, int *cmp)
{
	if (json_is_number(a) && json_is_number(b))
		*cmp = jsonvalue_numcmp(a, b);
	else if (json_is_string(a) && json_is_string(b))
		*cmp = str_cmp(a, b);
	else
		return -1;
	return 0;
}

static int
equal_at(const json_t *a, const json_t *b, int depth)
{
	const json_t *m;
	void *it;
	size_t i;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	if (json_is_number(a) && json_is_number(b))
		return jsonvalue_numcmp(a, b) == 0;
	if (json_typeof(a) != json_typeof(b) || depth > MAX_DEPTH)
		return 0;
	switch (json_typeof(a)) {
	case JSON_STRING:
		return str_cmp(a, b) == 0;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (i = 0; i < json_array_size(a); i++)
			if (!equal_at(json_array_get(a, i),
			    json_array_get(b, i), depth + 1))
				return 0;
		return 1;
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return 0;
		for (it = json_object_iter((json_t *)a); it != NULL;
		    it = json_object_iter_next((json_t *)a, it)) {
			m = json_object_getn(b, json_object_iter_key(it),
			    json_object_iter_key_len(it));
			if (m == NULL || !equal_at(json_object_iter_value(it), m,
			    depth + 1))
				return 0;
		}
		return 1;
	default:
		return 1;
	}
}

int
jsonvalue_equal(const json_t *a, const json_t *b)
{
	return equal_at(a, b, 0);
}

/* ---- multipleOf ---- */

/* The integer x's digits (new, *n of them), or NULL when x is not an
 * integer or has more than MOD_DIGITS digits. */
static char *
int_digits(const struct dec *x, size_t *n)
{
	char *s;

	if (x->exp < (long)x->nd || x->exp > MOD_DIGITS)
		return NULL;
	*n = (size_t)x->exp;
	s = xmalloc(*n + 1);
	memcpy(s, x->d, x->nd);
	memset(s + x->nd, '0', *n - x->nd);
	return s;
}

static int
digits_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int r;

	if (na != nb)
		return na < nb ? -1 : 1;
	r = memcmp(a, b, na);
	return (r > 0) - (r < 0);
}

/* r -= m, r >= m, both without leading zeros; r stays so. */
static void
digits_sub(char *r, size_t *nr, const char *m, size_t nm)
{
	size_t i, lead = 0;
	int borrow = 0, d;

	for (i = 0; i < *nr; i++) {
		d = r[*nr - 1 - i] - '0' - borrow -
		    (i < nm ? m[nm - 1 - i] - '0' : 0);
		borrow = d < 0;
		r[*nr - 1 - i] = (char)('0' + (d < 0 ? d + 10 : d));
	}
	while (lead < *nr && r[lead] == '0')
		lead++;
	memmove(r, r + lead, *nr - lead);
	*nr -= lead;
}

/* Whether the integer v divides by the integer m (> 0), digit by digit. */
static int
divides(const char *v, size_t nv, const char *m, size_t nm)
{
	char *r = xmalloc(nm + 2);
	size_t nr = 0, i;
	int ok;

	for (i = 0; i < nv; i++) {
		if (nr > 0 || v[i] != '0')
			r[nr++] = v[i];
		while (digits_cmp(r, nr, m, nm) >= 0)
			digits_sub(r, &nr, m, nm);
	}
	ok = nr == 0;
	free(r);
	return ok;
}

int
jsonvalue_multiple(const json_t *v, const json_t *m)
{
	const struct big *bv = big_of(v), *bm = big_of(m);
	char tv[DEC_BUF], dv[DEC_BUF], tm[DEC_BUF], dm[DEC_BUF];
	char *iv = NULL, *im = NULL;
	struct dec x, y;
	size_t nv, nm;
	double q;
	int ok = -1;

	if (json_is_integer(v) && json_is_integer(m))
		return json_integer_value(m) != 0 &&
		    json_integer_value(v) % json_integer_value(m) == 0;
	if (bv != NULL || bm != NULL) {
		dec_of(v, bv, tv, dv, &x);
		dec_of(m, bm, tm, dm, &y);
		if (x.nd == 0)
			return 1;
		if ((iv = int_digits(&x, &nv)) != NULL &&
		    (im = int_digits(&y, &nm)) != NULL && nm > 0)
			ok = divides(iv, nv, im, nm);
		free(iv);
		free(im);
		if (ok != -1)
			return ok;
	}
	q = json_number_value(v) / json_number_value(m);
	if (!isfinite(q))
		return 0;
	return fabs(q - round(q)) <= 1e-9 * fmax(1.0, fabs(q));
}

/* ---- printing and copying ---- */

static int
dump_scalar(struct buf *b, const json_t *v, size_t flags)
{
	const struct big *big = big_of(v);
	char *s;

	if (big != NULL) {
		buf_adds(b, big->text);
		return 0;
	}
	if ((s = json_dumps(v, flags | JSON_ENCODE_ANY)) == NULL)
		return -1;
	buf_adds(b, s);
	free(s);
	return 0;
}

/* jansson's layout: a newline and depth indents, or a space between
 * items unless compact. */
static void
dump_indent(struct buf *b, size_t flags, int depth, int space)
{
	int n = (int)(flags & JSON_MAX_INDENT) * depth;

	if (flags & JSON_MAX_INDENT) {
		buf_adds(b, "\n");
		buf_addf(b, "%*s", n, "");
	} else if (space && !(flags & JSON_COMPACT))
		buf_adds(b, " ");
}

static int
dump(struct buf *b, const json_t *v, size_t flags, int depth)
{
	json_t *key;
	void *it, *next;
	size_t i, n;
	int rc;

	if (depth > MAX_DEPTH)
		return -1;
	if (json_is_array(v)) {
		buf_adds(b, "[");
		if ((n = json_array_size(v)) > 0)
			dump_indent(b, flags, depth + 1, 0);
		for (i = 0; i < n; i++) {
			if (dump(b, json_array_get(v, i), flags, depth + 1) == -1)
				return -1;
			if (i + 1 < n) {
				buf_adds(b, ",");
				dump_indent(b, flags, depth + 1, 1);
			} else
				dump_indent(b, flags, depth, 0);
		}
		buf_adds(b, "]");
		return 0;
	}
	if (!json_is_object(v))
		return dump_scalar(b, v, flags);
	buf_adds(b, "{");
	if ((it = json_object_iter((json_t *)v)) != NULL)
		dump_indent(b, flags, depth + 1, 0);
	for (; it != NULL; it = next) {
		next = json_object_iter_next((json_t *)v, it);
		key = json_stringn_nocheck(json_object_iter_key(it),
		    json_object_iter_key_len(it));
		rc = dump_scalar(b, key, flags);
		json_decref(key);
		if (rc == -1)
			return -1;
		buf_adds(b, flags & JSON_COMPACT ? ":" : ": ");
		if (dump(b, json_object_iter_value(it), flags, depth + 1) == -1)
			return -1;
		if (next != NULL) {
			buf_adds(b, ",");
			dump_indent(b, flags, depth + 1, 1);
		} else
			dump_indent(b, flags, depth, 0);
	}
	buf_adds(b, "}");
	return 0;
}

char *
jsonvalue_dumps(const json_t *v, size_t flags)
{
	struct buf b = BUF_INIT;

	if (registry_empty())
		return json_dumps(v, flags);
	if (v == NULL || (!(flags & JSON_ENCODE_ANY) && !json_is_array(v) &&
	    !json_is_object(v)))
		return NULL;
	if (dump(&b, v, flags, 0) == -1) {
		buf_release(&b);		/* too deep: jansson's */
		return json_dumps(v, flags);
	}
	return buf_detach(&b);
}

static json_t *
copy_at(const json_t *v, int depth)
{
	json_t *out, *x;
	void *it;
	size_t i;

	if (big_of(v) != NULL)
		return json_incref((json_t *)v);
	if (depth > MAX_DEPTH || (!json_is_array(v) && !json_is_object(v)))
		return json_deep_copy(v);
	out = json_is_array(v) ? json_array() : json_object();
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++)
			json_array_append_new(out, copy_at(json_array_get(v, i),
			    depth + 1));
		return out;
	}
	for (it = json_object_iter((json_t *)v); it != NULL;
	    it = json_object_iter_next((json_t *)v, it)) {
		x = copy_at(json_object_iter_value(it), depth + 1);
		json_object_setn_new_nocheck(out, json_object_iter_key(it),
		    json_object_iter_key_len(it), x);
	}
	return out;
}

json_t *
jsonvalue_copy(const json_t *v)
{
	if (v == NULL)
		return NULL;
	if (registry_empty())
		return json_deep_copy(v);
	return copy_at(v, 0);
}

/* ---- loading ---- */

/* A number in the text that jansson cannot hold, and the small integer
 * put in its place while jansson reads the text. */
struct swap {
	size_t		 off, len;
	json_int_t	 standin;
	json_t		*value;		/* the big number, held */
};

struct loader {
	struct swap	*v;
	size_t		 n, alloc;
};

static int
delimiter(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == ',' || c == ':' ||
	    c == '"';
}

/* Whether the JSON number s[0..len) is past what jansson holds. */
static int
too_big(const char *s, size_t len, int integral)
{
	char small[64];
	size_t i, nd = 0;

	if (integral) {
		nd = len - (s[0] == '-');
		if (nd < 19)
			return 0;
		if (nd > 19)
			return 1;
		memcpy(small, s, len);
		small[len] = '\0';
		errno = 0;
		strtoll(small, NULL, 10);
		return errno == ERANGE;
	}
	for (i = 0; i < len && s[i] != 'e' && s[i] != 'E'; i++)
		;
	if (i == len && len < 300)
		return 0;		/* no exponent: below 1e300 */
	return 1;			/* jsonvalue_number decides */
}

/* The next word of the text outside its strings (a run between
 * delimiters), looking from *i: 1 with it at s[*start..*i), 0 at the end. */
static int
next_word(const char *s, size_t len, size_t *i, size_t *start)
{
	while (*i < len) {
		if (s[*i] == '"') {
			for ((*i)++; *i < len && s[*i] != '"'; (*i)++)
				if (s[*i] == '\\')
					(*i)++;
			(*i)++;
		} else if (delimiter(s[*i]))
			(*i)++;
		else {
			for (*start = *i; *i < len && !delimiter(s[*i]); (*i)++)
				;
			return 1;
		}
	}
	return 0;
}

/* The numbers among the text's words that jansson cannot hold. */
static void
find_big(const char *s, size_t len, struct loader *l)
{
	size_t i = 0, start;
	int integral;
	json_t *v;

	while (next_word(s, len, &i, &start)) {
		if (scan_number(s + start, i - start, &integral) != i - start ||
		    !too_big(s + start, i - start, integral))
			continue;
		if ((v = jsonvalue_number(s + start, i - start)) == NULL)
			continue;		/* jansson says why */
		if (!json_is_real(v) || big_of(v) == NULL) {
			json_decref(v);
			continue;
		}
		l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
		l->v[l->n].off = start;
		l->v[l->n].len = i - start;
		l->v[l->n++].value = v;
	}
}

/* Marks in `used` (STANDIN_MAX bits) the small integers the text holds. */
static void
mark_used(const char *s, size_t len, unsigned char *used)
{
	size_t i = 0, start, k;
	long n;

	while (next_word(s, len, &i, &start)) {
		for (n = 0, k = start; k < i; k++)
			if (n >= 0 && s[k] >= '0' && s[k] <= '9' &&
			    n < STANDIN_MAX)
				n = n * 10 + (s[k] - '0');
			else
				n = -1;
		if (n > 0 && n < STANDIN_MAX)
			used[n / 8] |= (unsigned char)(1u << (n % 8));
	}
}

/* Gives each swap a stand-in no longer than its text that the text does
 * not hold, written over it (padded with spaces).  -1 if none is left. */
static int
write_standins(char *t, size_t len, struct loader *l)
{
	unsigned char *used = xcalloc(STANDIN_MAX / 8 + 1, 1);
	long next = 1;
	size_t i;
	int n;
	char num[24];

	mark_used(t, len, used);
	for (i = 0; i < l->n; i++) {
		while (next < STANDIN_MAX && (used[next / 8] & (1u << (next % 8))))
			next++;
		n = snprintf(num, sizeof(num), "%ld", next);
		if (next >= STANDIN_MAX || (size_t)n > l->v[i].len) {
			free(used);
			return -1;
		}
		l->v[i].standin = next++;
		memcpy(t + l->v[i].off, num, (size_t)n);
		memset(t + l->v[i].off + n, ' ', l->v[i].len - (size_t)n);
	}
	free(used);
	return 0;
}

/* The big number a stand-in node stands for (borrowed), or NULL. */
static json_t *
standin_value(const struct loader *l, const json_t *v)
{
	size_t lo = 0, hi = l->n, mid;
	json_int_t x;

	if (!json_is_integer(v))
		return NULL;
	x = json_integer_value(v);
	while (lo < hi) {			/* stand-ins ascend */
		mid = lo + (hi - lo) / 2;
		if (l->v[mid].standin == x)
			return l->v[mid].value;
		if (l->v[mid].standin < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Puts the big numbers back in place of their stand-ins. */
static void
put_back(const struct loader *l, json_t *v)
{
	json_t *x, *big;
	void *it;
	size_t i;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			x = json_array_get(v, i);
			if ((big = standin_value(l, x)) != NULL)
				json_array_set(v, i, big);
			else
				put_back(l, x);
		}
	} else if (json_is_object(v)) {
		for (it = json_object_iter(v); it != NULL;
		    it = json_object_iter_next(v, it)) {
			x = json_object_iter_value(it);
			if ((big = standin_value(l, x)) != NULL)
				json_object_iter_set(v, it, big);
			else
				put_back(l, x);
		}
	}
}

/* jansson's error names the text near it: the number, not its stand-in. */
static void
fix_error(const struct loader *l, const char *s, json_error_t *je)
{
	char near[32], *p, fixed[JSON_ERROR_TEXT_LENGTH];
	size_t i, pos = (size_t)je->position;

	for (i = 0; i < l->n; i++) {
		if (pos < l->v[i].off || pos > l->v[i].off + l->v[i].len + 1)
			continue;
		snprintf(near, sizeof(near), "near '%" JSON_INTEGER_FORMAT "'",
		    l->v[i].standin);
		if ((p = strstr(je->text, near)) == NULL)
			return;
		snprintf(fixed, sizeof(fixed), "%.*snear '%.*s'%s",
		    (int)(p - je->text), je->text, (int)l->v[i].len,
		    s + l->v[i].off, p + strlen(near));
		memcpy(je->text, fixed, sizeof(je->text));
		return;
	}
}

json_t *
jsonvalue_loadb(const char *s, size_t len, size_t flags, json_error_t *je)
{
	struct loader l = { 0 };
	json_t *root = NULL, *big;
	char *t = NULL;
	size_t i;

	find_big(s, len, &l);
	if (l.n == 0)
		return json_loadb(s, len, flags, je);
	t = xmalloc(len + 1);
	memcpy(t, s, len);
	if (write_standins(t, len, &l) == -1)
		root = json_loadb(s, len, flags, je);	/* jansson says why */
	else if ((root = json_loadb(t, len, flags, je)) == NULL)
		fix_error(&l, s, je);
	else if ((big = standin_value(&l, root)) != NULL) {
		json_decref(root);
		root = json_incref(big);
	} else
		put_back(&l, root);
	for (i = 0; i < l.n; i++)
		json_decref(l.v[i].value);
	free(l.v);
	free(t);
	return root;
}
