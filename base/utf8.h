/* utf8.h - strict UTF-8 decoding (no overlongs, no surrogates, nothing
 * past U+10FFFF), shared by the JSON parser and the report sanitiser;
 * encoding, for the JSONPath and I-Regexp translators; hex digits. */
#ifndef SHAKEDOWN_UTF8_H
#define SHAKEDOWN_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid sequence at s (borrowed; n bytes left, n > 0), its
 * code point in *cp; 0 when the bytes there are not valid UTF-8. */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes the code point cp (at most U+10FFFF) as UTF-8 into u (the
 * caller's); returns the number of bytes written, 1 to 4. */
size_t	utf8_encode(uint32_t cp, unsigned char u[4]);

/* The value of the hex digit c (0-9, a-f, A-F), or -1: for \uXXXX
 * escapes and %XX percent-encoding. */
int	hex_digit(int c);
/* The value of the n hex digits at s (borrowed; n <= 7), or -1 when one
 * of them is not a hex digit. */
long	hex_number(const char *s, size_t n);

#endif
