/* base64.h - decoding base64 (RFC 4648, the standard alphabet), as the
 * DevTools Protocol sends binary data (Page.captureScreenshot). */
#ifndef SHAKEDOWN_BASE64_H
#define SHAKEDOWN_BASE64_H

#include <stddef.h>

#include "buf.h"

/* Appends the bytes that s (len bytes, borrowed; padding optional, white
 * space skipped) encodes to out (the caller's).  Returns 0, or -1 on a
 * character outside the alphabet or when out's cap cut the data. */
int	base64_decode(const char *s, size_t len, struct buf *out);

#endif
