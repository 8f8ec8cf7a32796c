/* pool.h - run the specs of a run, one after the other or N at once
 * (--jobs N), each with its own app or compose project, into one result. */
#ifndef SHAKEDOWN_POOL_H
#define SHAKEDOWN_POOL_H

#include <stddef.h>

#include "result.h"
#include "runner.h"
#include "../spec/spec.h"


/*
 * Runs specs[0..n) with up to `jobs` at once.  With jobs > 1 each worker
 * connects to the engine itself; the suites reach obs in the order of
 * specs (one that runs before its turn is held whole till then).  specs, o and obs borrowed; the suites, new, are added to rr (the
 * caller's, which takes them) in the order of specs.  Returns the worst
 * runner status.
 */
enum runner_status pool_run(struct spec **specs, size_t n, int jobs,
	    const struct run_opts *o, const struct observer *obs,
	    struct run_result *rr);
/* A finished suite (whole, every test kept: stolen) handed to obs as if it
 * ran now; returns what a run keeps of it (new). */
struct suite_result *pool_replay(const struct observer *obs,
	    struct suite_result *whole);

#endif
