/* charset.h - a response body's declared charset, and the body decoded
 * from it to UTF-8 with glibc's iconv, labels read as browsers read them
 * (the WHATWG Encoding standard: latin1 is windows-1252, gb2312 is GBK). */
#ifndef SHAKEDOWN_CHARSET_H
#define SHAKEDOWN_CHARSET_H

#include <stddef.h>

struct body_charset {
	char		 label[64];	/* as declared: "ISO-8859-1" */
	const char	*source;	/* "Content-Type", "a byte order mark",
					 * "the XML declaration", "a <meta>
					 * tag" (static) */
};

/*
 * The charset a body declares: Content-Type's charset parameter, else a
 * byte order mark, else the XML declaration's encoding, else (for HTML or
 * an untyped body) a <meta> charset in the first 1024 bytes.  content_type
 * may be NULL; both borrowed.  Returns 0 with cs (the caller's) filled, or
 * -1 when nothing declares one.
 */
int	 charset_find(const char *content_type, const char *body, size_t len,
	    struct body_charset *cs);

/* Whether the label names UTF-8 ("utf-8", "UTF8", "unicode-1-1-utf-8"). */
int	 charset_is_utf8(const char *label);

/*
 * body (borrowed) decoded from cs to UTF-8: new (free()), NUL-terminated,
 * its length in *out_len.  With `cut` (the body was cut at the cap) a
 * character cut at the end is left out.  NULL with err naming the charset
 * and what is wrong: an unknown charset, or bytes that are not valid in it
 * (their offset and value) (the -1/NULL convention: NULL with err filled).
 */
char	*charset_decode(const struct body_charset *cs, const char *body,
	    size_t len, int cut, size_t *out_len, char *err, size_t errlen);

#endif
