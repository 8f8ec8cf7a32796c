/* result.h - what a run produced: suites of test results, handed to the
 * reporters.  Plain data; every string is owned by the struct holding it.
 * Once observed (observer.h), a test that no report reads at the end is
 * only counted: memory does not grow with passing tests. */
#ifndef SHAKEDOWN_RESULT_H
#define SHAKEDOWN_RESULT_H

#include <stddef.h>

enum test_status {
	TEST_PASS,
	TEST_FAIL,		/* an expectation did not hold */
	TEST_ERROR,		/* the request could not be made */
	TEST_SKIP,
};

/* One expectation's outcome, for the machine-readable reports. */
struct assertion {
	char		*what;		/* "status", "json $.id" */
	int		 ok;
	char		*message;	/* its failure lines, or NULL */
};

struct test_result {
	char		*name;		/* unique within its suite */
	enum test_status status;
	double		 seconds;
	int		 line;		/* line of the test in its spec, 0 if unknown */
	char		**failures;	/* one line per failed expectation */
	size_t		 nfailures;
	char		*error;		/* TEST_ERROR: why the request failed */
	char		*transcript;	/* request, response headers, body excerpt */
	char		*skip_reason;	/* TEST_SKIP */
	char		*attachment;	/* a file of the report folder: the
					 * failed response's body, the app's
					 * logs; or NULL */
	char		*file;		/* the spec file it is written in, when
					 * not its suite's (an include); or NULL */
	struct assertion *assertions;	/* every expectation, in order */
	size_t		 nassertions;
	size_t		 aalloc;
};

struct suite_result {
	char		*name;		/* suite name: spec `name:` or file name */
	char		*file;		/* spec path as given */
	/* The tests kept, in order: the one being run, the suite's first
	 * (its app's start, when it has one: the runner attaches the app's
	 * log file to it at the end), and each failed or errored one, or
	 * skipped with a transcript, whole: what the reports read at the
	 * end.  A test stays at the index it was observed at. */
	struct test_result *tests;
	size_t		 ntests;
	size_t		 alloc;
	size_t		 count[4];	/* tests observed, by enum test_status */
	double		 seconds;
	long		 timestamp;	/* start, seconds since the epoch */
};

struct run_result {
	struct suite_result **suites;
	size_t		 nsuites;
	size_t		 alloc;
	double		 seconds;
};

/* New, empty suite (name and file copied). */
struct suite_result *suite_result_new(const char *name, const char *file);
/* Frees s and its tests; accepts NULL. */
void	 suite_result_free(struct suite_result *s);
/* Appends a zeroed test (name copied); returns it, borrowed from s. */
struct test_result *suite_result_add(struct suite_result *s, const char *name);
/* The last test added was observed: counted, then forgotten unless kept
 * (see tests above); the suite's first keeps its name and status only
 * when it passed. */
void	 suite_result_settle(struct suite_result *s);
/* Tests observed (every status). */
size_t	 suite_result_total(const struct suite_result *s);
/* Forgets the outcome (status, failures, error, transcript), keeping the
 * name and line: for the next attempt of a retried test (what it owned is
 * freed). */
void	 test_result_reset(struct test_result *t);
/* Records an expectation's outcome (strings copied; message may be NULL). */
void	 test_result_assertion(struct test_result *t, const char *what, int ok,
	    const char *message);
/* Adds a failure line (formatted, new; t owns it). */
void	 test_result_fail(struct test_result *t, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* New, empty. */
struct run_result *run_result_new(void);
/* Steals s. */
void	 run_result_add(struct run_result *r, struct suite_result *s);
/* Frees r and its suites; accepts NULL. */
void	 run_result_free(struct run_result *r);
/* Counts over every suite, into the caller's counters. */
void	 run_result_count(const struct run_result *r, size_t *passed,
	    size_t *failed, size_t *errors, size_t *skipped);

#endif
