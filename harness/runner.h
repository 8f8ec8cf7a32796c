/* runner.h - runs the tests of one spec, in order, against a base URL. */
#ifndef SHAKEDOWN_RUNNER_H
#define SHAKEDOWN_RUNNER_H

#include <stddef.h>

#include "result.h"
#include "spec.h"

struct reporter;

struct run_opts {
	const char	*base_url;	/* --base-url: wins over the spec's */
	size_t		 max_body;	/* response body cap in bytes */
	long		 timeout_ms;	/* per request when the spec sets none */
	int		 insecure;	/* --insecure */
	const char	*cacert;	/* --cacert */
};

enum runner_status {
	RUNNER_OK = 0,		/* every test ran (each may have failed) */
	RUNNER_UNREACHABLE,	/* the app could not be reached */
};

/*
 * Runs every test of s, telling rp about each as it finishes.  *out is a
 * new suite result.  Returns RUNNER_UNREACHABLE when a connection could not
 * be made (the tests after it are reported as errors without a request).
 */
enum runner_status runner_run(const struct spec *s, const struct run_opts *o,
	    struct reporter *rp, struct suite_result **out);

#endif
