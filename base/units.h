/* units.h - durations ("500ms", "2s", "1m") and sizes ("10MiB", "512k")
 * as written in specs and on the command line. */
#ifndef SHAKEDOWN_UNITS_H
#define SHAKEDOWN_UNITS_H

#include <stddef.h>

/* Parses a duration into milliseconds: a non-negative number followed by
 * us, ms, s, m or h ("1.5s"); s borrowed.  Returns 0, or -1 if s is not a
 * duration. */
int	duration_parse(const char *s, long *ms);
/* Parses a size into bytes: a number with an optional unit b, k/kb/kib,
 * m/mb/mib, g/gb/gib (binary multiples).  Returns 0 or -1. */
int	size_parse(const char *s, size_t *bytes);
/* "10 MiB", "512 KiB", "17 bytes" into out (the caller's). */
void	size_format(size_t bytes, char *out, size_t outlen);

#endif
