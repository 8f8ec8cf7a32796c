/* iregexp.h - I-Regexp (RFC 9485) to PCRE2: translate a pattern, or say
 * what is wrong with it. */
#ifndef SHAKEDOWN_IREGEXP_H
#define SHAKEDOWN_IREGEXP_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../base/buf.h"

/* The options a translation is compiled with: UTF-8, and "$" at the very
 * end of the subject only. */
#define IREGEXP_PCRE2_OPTIONS	(PCRE2_UTF | PCRE2_DOLLAR_ENDONLY)

/*
 * Appends to out (borrowed) the PCRE2 form of the I-Regexp pat (borrowed:
 * len bytes of UTF-8, which may hold NULs): \A(?:...)\z when `whole` (the pattern
 * must match all of the subject, as JSONPath's match() asks), (?:...)
 * else (somewhere in it: search()).  Returns 0, or -1 with err set to a
 * one-line reason ("unknown escape '\d'", "missing ')'"...) and *erroff
 * to the byte offset in pat of the faulty character; out then holds a
 * partial translation.  erroff and err may be NULL.
 */
int	 iregexp_translate(const char *pat, size_t len, int whole,
	    struct buf *out, size_t *erroff, char *err, size_t errlen);

/*
 * Translates pat (borrowed) as above and compiles it with
 * IREGEXP_PCRE2_OPTIONS.  Returns code borrowed from the process's regex
 * cache (never freed by the caller), or NULL with err and *erroff set
 * as above (a pattern PCRE2 refuses, such as x{100000}, at offset 0).
 */
pcre2_code *iregexp_compile(const char *pat, size_t len, int whole,
	    size_t *erroff, char *err, size_t errlen);

#endif
