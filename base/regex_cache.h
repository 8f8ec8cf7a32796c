/* regex_cache.h - one compiled regex per distinct pattern and options for
 * the whole process, shared by every test and spec (and thread): JIT
 * compiled where PCRE2 has its JIT, matched with match data kept per
 * thread, freed once at exit. */
#ifndef SHAKEDOWN_REGEX_CACHE_H
#define SHAKEDOWN_REGEX_CACHE_H

#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/*
 * The code for pat (len bytes, or PCRE2_ZERO_TERMINATED) compiled with
 * options and, when extra is not 0, those extra options
 * (pcre2_set_compile_extra_options).  Borrowed: it lives until the
 * process exits (never pcre2_code_free it).  NULL when PCRE2 refuses the
 * pattern, with *ec its error code and *eoff the offset of the fault
 * (failures are not kept: each asks again).  Thread-safe.
 */
pcre2_code *regex_get(const char *pat, size_t len, uint32_t options,
	    uint32_t extra, int *ec, PCRE2_SIZE *eoff);

/* Match data of the calling thread with room for every group of re
 * (borrowed: valid until that thread's next regex_match_data call). */
pcre2_match_data *regex_match_data(const pcre2_code *re);

/* pcre2_match of re on s (len bytes) from offset start with the calling
 * thread's match data (regex_match_data, whose ovector then holds the
 * match).  Returns pcre2_match's result. */
int	 regex_match(const pcre2_code *re, const char *s, size_t len,
	    size_t start);

/* What the cache did, for its tests: patterns compiled, lookups that
 * found one compiled before, codes that got JIT code. */
struct regex_stats {
	unsigned long	compiles;
	unsigned long	hits;
	unsigned long	jitted;
};
void	 regex_stats(struct regex_stats *st);
/* Whether the cache JIT compiles: this PCRE2 has a JIT, and the process
 * is not running under valgrind's memcheck (which misreads JIT code). */
int	 regex_jit_available(void);

#endif
