/* regex_cache.c - the process's compiled regexes, one per pattern and
 * options: an interning table under a mutex, JIT compiled when PCRE2 has
 * a JIT (silently without where it cannot), match data per thread (a
 * pthread key frees it when its thread ends), all freed at exit. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_cache.h"
#include "xalloc.h"

/* PCRE2's JIT code reads the subject a vector at a time, past its end
 * within the page: memcheck, which cannot see why that is safe, would
 * report every match.  Under memcheck the interpreter matches instead
 * (other valgrind tools, callgrind, keep the JIT: the request below
 * answers 1 under memcheck alone, 0 elsewhere). */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define HAVE_MEMCHECK_H
#endif
#endif

static int
under_memcheck(void)
{
#ifdef HAVE_MEMCHECK_H
	char a = 0, bits = 0;

	return VALGRIND_GET_VBITS(&a, &bits, 1) == 1;
#else
	return 0;
#endif
}

struct entry {
	char		*pat;		/* len bytes, NUL after them */
	size_t		 len;
	uint32_t	 options;
	uint32_t	 extra;
	uint64_t	 hash;
	pcre2_code	*code;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t md_key;
static struct entry *table;		/* open addressing, size a power of 2 */
static size_t tsize, tcount;
static int jit;				/* PCRE2_CONFIG_JIT */
static struct regex_stats stats;

static void
md_free(void *md)
{
	pcre2_match_data_free(md);
}

/* At exit: the table and the exiting thread's match data. */
static void
cleanup(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < tsize; i++)
		if (table[i].code != NULL) {
			pcre2_code_free(table[i].code);
			free(table[i].pat);
		}
	free(table);
	table = NULL;
	tsize = tcount = 0;
	pthread_mutex_unlock(&lock);
	md_free(pthread_getspecific(md_key));
	pthread_setspecific(md_key, NULL);
}

static void
init(void)
{
	uint32_t have = 0;

	pthread_key_create(&md_key, md_free);
	jit = pcre2_config(PCRE2_CONFIG_JIT, &have) >= 0 && have &&
	    !under_memcheck();
	atexit(cleanup);
}

/* FNV-1a over the pattern and its options. */
static uint64_t
hash(const char *p, size_t len, uint32_t options, uint32_t extra)
{
	uint64_t h = 1469598103934665603ull ^ options ^ ((uint64_t)extra << 32);
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static struct entry *
slot(struct entry *t, size_t size, uint64_t h, const char *p, size_t len,
    uint32_t options, uint32_t extra)
{
	size_t i = (size_t)h & (size - 1);

	while (t[i].code != NULL && !(t[i].hash == h && t[i].len == len &&
	    t[i].options == options && t[i].extra == extra &&
	    memcmp(t[i].pat, p, len) == 0))
		i = (i + 1) & (size - 1);
	return &t[i];
}

static void
grow(void)
{
	size_t nsize = tsize ? tsize * 2 : 64, i;
	struct entry *nt = xcalloc(nsize, sizeof(*nt));

	for (i = 0; i < tsize; i++)
		if (table[i].code != NULL)
			*slot(nt, nsize, table[i].hash, table[i].pat,
			    table[i].len, table[i].options, table[i].extra) =
			    table[i];
	free(table);
	table = nt;
	tsize = nsize;
}

static pcre2_code *
compile(const char *pat, size_t len, uint32_t options, uint32_t extra,
    int *ec, PCRE2_SIZE *eoff)
{
	pcre2_compile_context *cc = NULL;
	pcre2_code *re;

	if (extra != 0 && (cc = pcre2_compile_context_create(NULL)) != NULL)
		pcre2_set_compile_extra_options(cc, extra);
	re = pcre2_compile((PCRE2_SPTR)pat, len, options, ec, eoff, cc);
	pcre2_compile_context_free(cc);
	if (re != NULL && jit && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0)
		stats.jitted++;
	return re;
}

pcre2_code *
regex_get(const char *pat, size_t len, uint32_t options, uint32_t extra,
    int *ec, PCRE2_SIZE *eoff)
{
	struct entry *e;
	pcre2_code *re;
	uint64_t h;

	pthread_once(&once, init);
	if (len == PCRE2_ZERO_TERMINATED)
		len = strlen(pat);
	h = hash(pat, len, options, extra);
	pthread_mutex_lock(&lock);
	if (tsize > 0 && (e = slot(table, tsize, h, pat, len, options,
	    extra))->code != NULL) {
		stats.hits++;
		re = e->code;
		pthread_mutex_unlock(&lock);
		return re;
	}
	/* Compiled under the lock: two threads never compile one pattern
	 * twice, and compiles are rare (once per pattern). */
	stats.compiles++;
	if ((re = compile(pat, len, options, extra, ec, eoff)) != NULL) {
		if ((tcount + 1) * 2 > tsize)
			grow();
		e = slot(table, tsize, h, pat, len, options, extra);
		e->pat = xmalloc(len + 1);
		memcpy(e->pat, pat, len);
		e->pat[len] = '\0';
		e->len = len;
		e->options = options;
		e->extra = extra;
		e->hash = h;
		e->code = re;
		tcount++;
	}
	pthread_mutex_unlock(&lock);
	return re;
}

pcre2_match_data *
regex_match_data(const pcre2_code *re)
{
	pcre2_match_data *md;
	uint32_t groups = 0;

	pthread_once(&once, init);
	md = pthread_getspecific(md_key);
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (md == NULL || pcre2_get_ovector_count(md) < groups + 1) {
		pcre2_match_data_free(md);
		md = pcre2_match_data_create(groups + 1 < 16 ? 16 : groups + 1,
		    NULL);
		if (md == NULL)
{
			fputs("shakedown: out of memory\n", stderr);
			abort();
		}
		pthread_setspecific(md_key, md);
	}
	return md;
}

int
regex_match(const pcre2_code *re, const char *s, size_t len, size_t start)
{
	return pcre2_match(re, (PCRE2_SPTR)(s ? s : ""), len, start, 0,
	    regex_match_data(re), NULL);
}

void
regex_stats(struct regex_stats *st)
{
	pthread_mutex_lock(&lock);
	*st = stats;
	pthread_mutex_unlock(&lock);
}

int
regex_jit_available(void)
{
	pthread_once(&once, init);
	return jit;
}
