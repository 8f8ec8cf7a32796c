/* observer.h - how results leave the runner: as events (a suite begins, a
 * test is done, a suite ends) to whoever observes the run (the reporters,
 * wired by the CLI).  The runner knows no reporter.  Once observed, a
 * test no report reads at the end is forgotten (suite_result_settle). */
#ifndef SHAKEDOWN_OBSERVER_H
#define SHAKEDOWN_OBSERVER_H

#include "result.h"

struct observer {
	void	*arg;		/* handed to each callback; borrowed */
	/* Each may be NULL.  s and t are borrowed for the call's duration:
	 * an observer that needs them later copies what it needs.  t is
	 * s->tests[s->ntests - 1]; a test the suite keeps (result.h) stays
	 * at that index, whole and final once the suite ends (the runner
	 * then adds the app's logs to failed tests), until the run's end. */
	void	(*suite_begin)(void *arg, const struct suite_result *s);
	void	(*test_done)(void *arg, const struct suite_result *s,
		    const struct test_result *t);
	void	(*suite_end)(void *arg, const struct suite_result *s);
	/* Every test stays whole (a worker of a parallel run, whose suite
	 * is replayed to the reporters when it ends). */
	int	keep_all;
	/* An observer shows passing tests' transcripts at test_done
	 * (--verbose): the runner writes them; else only a test that did
	 * not pass gets one. */
	int	show_passing;
};

static inline void
observe_suite_begin(const struct observer *o, const struct suite_result *s)
{
	if (o != NULL && o->suite_begin != NULL)
		o->suite_begin(o->arg, s);
}

/* Then t is settled: it may be gone when this returns. */
static inline void
observe_test_done(const struct observer *o, struct suite_result *s,
    const struct test_result *t)
{
	if (o != NULL && o->test_done != NULL)
		o->test_done(o->arg, s, t);
	if (o == NULL || !o->keep_all)
		suite_result_settle(s);
}

static inline void
observe_suite_end(const struct observer *o, const struct suite_result *s)
{
	if (o != NULL && o->suite_end != NULL)
		o->suite_end(o->arg, s);
}

#endif
