/* base64.h - base64's digits (RFC 4648), for the masker's forms of a
 * secret, and decoding the standard alphabet, as the DevTools Protocol
 * sends binary data (Page.captureScreenshot). */
#ifndef SHAKEDOWN_BASE64_H
#define SHAKEDOWN_BASE64_H

#include <stddef.h>

#include "buf.h"

/* The standard alphabet (RFC 4648 §4), digit value by index. */
#define BASE64_ALPHABET \
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

/* The value (0..63) of a base64 digit of either alphabet: the standard
 * one, or the URL-safe one's '-' and '_' (RFC 4648 §5); -1 for any other
 * byte. */
int	base64_digit(unsigned char c);

/* Appends the bytes that s (len bytes, borrowed; padding optional, white
 * space skipped) encodes to out (the caller's).  Returns 0, or -1 on a
 * character outside the alphabet or when out's cap cut the data. */
int	base64_decode(const char *s, size_t len, struct buf *out);

#endif
