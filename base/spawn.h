/* spawn.h - run a program with argv (never a shell string) and capture its
 * stdout and stderr, each into a capped buffer. */
#ifndef SHAKEDOWN_SPAWN_H
#define SHAKEDOWN_SPAWN_H

#include "buf.h"

/*
 * Runs argv[0] (searched in PATH) in cwd (NULL: here) with stdin from
 * /dev/null; argv and cwd borrowed, out and errout the caller's, appended
 * to.  Returns its exit status (128+N if killed by signal N), or -1 with
 * err set if it could not be run.  out and errout may be NULL.
 */
int	spawn_capture(char *const argv[], const char *cwd, struct buf *out,
	    struct buf *errout, char *err, size_t errlen);
/* The same, but a terminating signal (interrupted()) or the deadline
 * (milliseconds on clock_now()'s clock; 0: none) is passed on to the
 * child as SIGTERM at once, *late set when it was the deadline: for calls
 * a Ctrl-C or the readiness deadline must stop (compose up), not for
 * teardown's. */
int	spawn_capture_abortable(char *const argv[], const char *cwd,
	    struct buf *out, struct buf *errout, double deadline, int *late,
	    char *err, size_t errlen);

#endif
