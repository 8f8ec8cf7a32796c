/* observer.h - how results leave the runner: as events (a suite begins, a
 * test is done, a suite ends) to whoever observes the run (the reporters,
 * wired by the CLI).  The runner knows no reporter. */
#ifndef SHAKEDOWN_OBSERVER_H
#define SHAKEDOWN_OBSERVER_H

#include "result.h"

struct observer {
	void	*arg;		/* handed to each callback; borrowed */
	/* Each may be NULL.  s and t are borrowed for the call's duration:
	 * an observer that needs them later copies what it needs. */
	void	(*suite_begin)(void *arg, const struct suite_result *s);
	void	(*test_done)(void *arg, const struct suite_result *s,
		    const struct test_result *t);
	void	(*suite_end)(void *arg, const struct suite_result *s);
	/* An observer reads passing tests' transcripts after test_done (a
	 * report written at the end): the runner keeps them.  Else a passing
	 * test's transcript is freed as soon as it was observed. */
	int	keep_passing;
	/* An observer shows passing tests' transcripts at test_done
	 * (--verbose): the runner writes them (else only a test that failed
	 * gets one), and drops them as keep_passing says. */
	int	show_passing;
};

static inline void
observe_suite_begin(const struct observer *o, const struct suite_result *s)
{
	if (o != NULL && o->suite_begin != NULL)
		o->suite_begin(o->arg, s);
}

static inline void
observe_test_done(const struct observer *o, const struct suite_result *s,
    const struct test_result *t)
{
	if (o != NULL && o->test_done != NULL)
		o->test_done(o->arg, s, t);
}

static inline void
observe_suite_end(const struct observer *o, const struct suite_result *s)
{
	if (o != NULL && o->suite_end != NULL)
		o->suite_end(o->arg, s);
}

#endif
