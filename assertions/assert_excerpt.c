/* assert_excerpt.c - values shown in one-line messages: cut, with
 * control, invalid and invisible characters escaped. */
#include <stdint.h>

#include "assert.h"
#include "../base/utf8.h"

/* Code points that print as nothing, or as a plain space, or turn the
 * text around: a message shows them as \uXXXX. */
static int
invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xa0 || cp == 0xad ||
	    cp == 0x34f || cp == 0x61c || cp == 0x115f || cp == 0x1160 ||
	    cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) ||
	    cp == 0x3000 || cp == 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xfeff || cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xfffb) ||
	    (cp >= 0xe0000 && cp <= 0xe0fff);
}

static void
escape(struct buf *out, const char *s, size_t len, size_t max, int quote)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k, n = len < max ? len : max;
	unsigned char ch;
	uint32_t cp;

	/* Never cut a UTF-8 sequence: back off to the start of the last one */
	if (n < len)
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	for (i = 0; i < n; i += k) {
		ch = u[i];
		k = 1;
		if (ch == '\n')
			buf_adds(out, "\\n");
		else if (ch == '\r')
			buf_adds(out, "\\r");
		else if (ch == '\t')
			buf_adds(out, "\\t");
		else if (quote && (ch == '"' || ch == '\\')) {
			buf_add(out, "\\", 1);
			buf_add(out, s + i, 1);
		} else if (ch < 0x20 || ch == 0x7f) {
			char e[4] = { '\\', 'x', hex[ch >> 4], hex[ch & 15] };

			buf_add(out, e, 4);
		} else if (ch < 0x80)
			buf_add(out, s + i, 1);
		else if ((k = utf8_decode(u + i, n - i, &cp)) == 0) {
			char e[4] = { '\\', 'x', hex[ch >> 4], hex[ch & 15] };

			buf_add(out, e, 4);	/* not UTF-8: the byte */
			k = 1;
		} else if (invisible(cp))
			buf_addf(out, cp > 0xffff ? "\\U%08X" : "\\u%04X",
			    (unsigned)cp);
		else
			buf_add(out, s + i, k);
	}
	if (n < len)
		buf_addf(out, "… [%zu bytes]", len);
}

void
assert_excerpt(struct buf *out, const char *s, size_t len, size_t max)
{
	escape(out, s, len, max, 1);
}

void
assert_visible(struct buf *out, const char *s, size_t len)
{
	escape(out, s, len, len, 0);
}
