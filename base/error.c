/* error.c - fill a caller's message buffer, return -1 (see error.h). */
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

int
error_set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}
