/* error.h - the one way a lower layer reports a failure: fill the
 * caller's message buffer and return -1 (git's error()).  Only the CLI
 * decides to print and exit. */
#ifndef SHAKEDOWN_ERROR_H
#define SHAKEDOWN_ERROR_H

#include <stddef.h>

/* Formats fmt into err (the caller's buffer of errlen bytes, always
 * terminated; err may be NULL when errlen is 0) and returns -1 (the error
 * convention), so that a failing path is one line: `return error_set(err,
 * errlen, "cannot write %s: %s", path, why);`. */
int	error_set(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
