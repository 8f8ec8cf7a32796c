/* test_regex_cache.c - one compiled regex per pattern and options for the
 * process, JIT where PCRE2 has it, match data per thread. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "../../base/regex_cache.h"

#define OPTS	(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)

/* Whether memcheck runs this process, read from outside the code under
 * test: valgrind maps its memcheck preload library into it. */
static int
under_memcheck(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0;

	while (f != NULL && !found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, "vgpreload_memcheck") != NULL;
	if (f != NULL)
		fclose(f);
	return found;
}

UNIT_TEST(regex_cache_one_compile_per_pattern)
{
	struct regex_stats a, b;
	pcre2_code *r1, *r2, *r3, *r4;
	PCRE2_SIZE eoff;
	int ec;

	regex_stats(&a);
	r1 = regex_get("cache-test-[a-z]+", PCRE2_ZERO_TERMINATED, OPTS, 0, &ec,
	    &eoff);
	r2 = regex_get("cache-test-[a-z]+x", 17, OPTS, 0, &ec, &eoff);
	regex_stats(&b);
	CHECK(r1 != NULL);
	CHECK(r1 == r2);		/* the same 17 bytes: the same code */
	CHECK_INT(b.compiles - a.compiles, 1);
	CHECK_INT(b.hits - a.hits, 1);
	/* Other options, or another pattern: another code. */
	r3 = regex_get("cache-test-[a-z]+", PCRE2_ZERO_TERMINATED, OPTS |
	    PCRE2_CASELESS, 0, &ec, &eoff);
	r4 = regex_get("cache-test-[a-z]*", PCRE2_ZERO_TERMINATED, OPTS, 0, &ec,
	    &eoff);
	CHECK(r3 != NULL && r3 != r1);
	CHECK(r4 != NULL && r4 != r1 && r4 != r3);
	CHECK(regex_match(r1, "a cache-test-abc", 16, 0) >= 0);
	CHECK(regex_match(r1, "a cache-test-123", 16, 0) < 0);
	CHECK(regex_match(r3, "CACHE-TEST-ABC", 14, 0) >= 0);
}

UNIT_TEST(regex_cache_refusals_not_kept)
{
	struct regex_stats a, b;
	PCRE2_SIZE eoff = 0;
	int ec = 0;

	regex_stats(&a);
	CHECK(regex_get("cache-bad(", PCRE2_ZERO_TERMINATED, OPTS, 0, &ec,
	    &eoff) == NULL);
	CHECK(ec != 0);
	CHECK_INT(eoff, 10);
	CHECK(regex_get("cache-bad(", PCRE2_ZERO_TERMINATED, OPTS, 0, &ec,
	    &eoff) == NULL);
	regex_stats(&b);
	CHECK_INT(b.compiles - a.compiles, 2);
	CHECK_INT(b.hits - a.hits, 0);
}

UNIT_TEST(regex_cache_jit_when_available)
{
	struct regex_stats a, b;
	pcre2_code *re;
	PCRE2_SIZE eoff;
	size_t jitsize = 0;
	uint32_t have = 0;
	int ec;

	pcre2_config(PCRE2_CONFIG_JIT, &have);
	CHECK_INT(regex_jit_available(), have != 0 && !under_memcheck());
	regex_stats(&a);
	re = regex_get("cache-jit-\\w+", PCRE2_ZERO_TERMINATED, OPTS, 0, &ec,
	    &eoff);
	regex_stats(&b);
	CHECK(re != NULL);
	pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jitsize);
	if (regex_jit_available()) {
		CHECK(jitsize > 0);
		CHECK_INT(b.jitted - a.jitted, 1);
	} else {
		CHECK_INT(jitsize, 0);
		CHECK_INT(b.jitted - a.jitted, 0);
	}
	CHECK(regex_match(re, "x cache-jit-ok", 14, 0) >= 0);
}

UNIT_TEST(regex_cache_groups_in_match_data)
{
	pcre2_code *re;
	PCRE2_SIZE eoff, *ov;
	int ec, i;
	char pat[200] = "";

	/* More groups than the match data had room for: it grows. */
	for (i = 0; i < 20; i++)
		strcat(pat, "(a)");
	strcat(pat, "(b)");
	re = regex_get(pat, PCRE2_ZERO_TERMINATED, OPTS, 0, &ec, &eoff);
	CHECK(re != NULL);
	CHECK_INT(regex_match(re, "aaaaaaaaaaaaaaaaaaaab", 21, 0), 22);
	ov = pcre2_get_ovector_pointer(regex_match_data(re));
	CHECK_INT(ov[2 * 21], 20);
	CHECK_INT(ov[2 * 21 + 1], 21);
}

struct worker {
	pcre2_code	*re;
	int		 matched;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	PCRE2_SIZE eoff;
	char s[64];
	int ec, i;

	w->re = regex_get("cache-thread-(\\d+)", PCRE2_ZERO_TERMINATED, OPTS, 0,
	    &ec, &eoff);
	for (i = 0; i < 200 && w->re != NULL; i++) {
		snprintf(s, sizeof(s), "cache-thread-%d", i);
		w->matched += regex_match(w->re, s, strlen(s), 0) == 2;
	}
	return NULL;
}

UNIT_TEST(regex_cache_threads_share_code)
{
	struct regex_stats a, b;
	struct worker w[4];
	pthread_t t[4];
	int i;

	memset(w, 0, sizeof(w));
	regex_stats(&a);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, work, &w[i]);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	regex_stats(&b);
	CHECK_INT(b.compiles - a.compiles, 1);
	CHECK_INT(b.hits - a.hits, 3);
	for (i = 0; i < 4; i++) {
		CHECK(w[i].re != NULL && w[i].re == w[0].re);
		CHECK_INT(w[i].matched, 200);
	}
}
