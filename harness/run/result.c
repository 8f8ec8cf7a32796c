/* result.c - suites of test results, as the runner fills them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "result.h"
#include "../../base/xalloc.h"

struct suite_result *
suite_result_new(const char *name, const char *file)
{
	struct suite_result *s = xcalloc(1, sizeof(*s));

	s->name = xstrdup(name);
	s->file = xstrdup(file);
	s->timestamp = (long)time(NULL);
	return s;
}

static void
test_result_clear(struct test_result *t)
{
	size_t i;

	for (i = 0; i < t->nfailures; i++)
		free(t->failures[i]);
	free(t->failures);
	free(t->name);
	free(t->error);
	free(t->transcript);
	free(t->skip_reason);
	free(t->attachment);
	free(t->file);
	for (i = 0; i < t->nassertions; i++) {
		free(t->assertions[i].what);
		free(t->assertions[i].message);
	}
	free(t->assertions);
}

void
test_result_assertion(struct test_result *t, const char *what, int ok,
    const char *message)
{
	struct assertion *a;

	t->assertions = xgrow(t->assertions, &t->aalloc, t->nassertions + 1,
	    sizeof(*t->assertions));
	a = &t->assertions[t->nassertions++];
	a->what = xstrdup(what);
	a->ok = ok;
	a->message = message && *message ? xstrdup(message) : NULL;
}

void
test_result_reset(struct test_result *t)
{
	char *name = t->name;
	int line = t->line;

	t->name = NULL;
	test_result_clear(t);
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->line = line;
}

void
suite_result_free(struct suite_result *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntests; i++)
		test_result_clear(&s->tests[i]);
	free(s->tests);
	free(s->name);
	free(s->file);
	free(s);
}

struct test_result *
suite_result_add(struct suite_result *s, const char *name)
{
	struct test_result *t;

	s->tests = xgrow(s->tests, &s->alloc, s->ntests + 1, sizeof(*s->tests));
	t = &s->tests[s->ntests++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	return t;
}

/* What the suite keeps of its observed test t: all of it, its name and
 * status (the suite's first), or nothing. */
static int
kept(const struct test_result *t)
{
	return t->status == TEST_FAIL || t->status == TEST_ERROR ||
	    (t->status == TEST_SKIP && t->transcript && *t->transcript);
}

void
suite_result_settle(struct suite_result *s)
{
	struct test_result *t;
	enum test_status st;

	if (s->ntests == 0)
		return;
	t = &s->tests[s->ntests - 1];
	s->count[t->status]++;
	if (kept(t))
		return;
	if (s->ntests > 1) {
		test_result_clear(t);
		s->ntests--;
		return;
	}
	st = t->status;
	test_result_reset(t);		/* the first: its name and place */
	t->status = st;
}

size_t
suite_result_total(const struct suite_result *s)
{
	return s->count[TEST_PASS] + s->count[TEST_FAIL] + s->count[TEST_ERROR] +
	    s->count[TEST_SKIP];
}

void
test_result_fail(struct test_result *t, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = xstrdup("(out of memory)");
	va_end(ap);
	t->failures = xrealloc(t->failures, (t->nfailures + 1) *
	    sizeof(*t->failures));
	t->failures[t->nfailures++] = line;
	if (t->status == TEST_PASS)
		t->status = TEST_FAIL;
}

struct run_result *
run_result_new(void)
{
	return xcalloc(1, sizeof(struct run_result));
}

void
run_result_add(struct run_result *r, struct suite_result *s)
{
	r->suites = xgrow(r->suites, &r->alloc, r->nsuites + 1,
	    sizeof(*r->suites));
	r->suites[r->nsuites++] = s;
	r->seconds += s->seconds;
}

void
run_result_free(struct run_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsuites; i++)
		suite_result_free(r->suites[i]);
	free(r->suites);
	free(r);
}

void
run_result_count(const struct run_result *r, size_t *passed, size_t *failed,
    size_t *errors, size_t *skipped)
{
	size_t i;

	*passed = *failed = *errors = *skipped = 0;
	for (i = 0; i < r->nsuites; i++) {
		*passed += r->suites[i]->count[TEST_PASS];
		*failed += r->suites[i]->count[TEST_FAIL];
		*errors += r->suites[i]->count[TEST_ERROR];
		*skipped += r->suites[i]->count[TEST_SKIP];
	}
}
