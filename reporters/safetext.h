/* safetext.h - makes bytes from the app safe to print and to put in XML:
 * valid UTF-8 only, no control characters (they are shown as \xNN, so an
 * ANSI escape in a body can neither colour a terminal nor break a JUnit
 * report, which GitLab drops whole for one bad character). */
#ifndef SHAKEDOWN_SAFETEXT_H
#define SHAKEDOWN_SAFETEXT_H

#include <stddef.h>
#include "../base/buf.h"

/*
 * Appends s (len bytes) to out: invalid UTF-8 bytes become U+FFFD, as do
 * U+FFFE and U+FFFF; C0 controls except \t and \n, and DEL, become the
 * text "\xNN"; "\r\n" becomes "\n".  The result is valid XML 1.0 text.
 */
void	 safetext_add(struct buf *out, const char *s, size_t len);
/* Same into a new string. */
char	*safetext_dup(const char *s, size_t len);
/* The largest n <= len such that cutting s at n splits no UTF-8 char. */
size_t	 safetext_cut(const char *s, size_t len);

#endif
