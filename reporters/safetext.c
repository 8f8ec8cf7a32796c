/* safetext.c - UTF-8 validation and control-character escaping. */
#include <stdint.h>
#include <string.h>

#include "safetext.h"

/* Length of a valid UTF-8 sequence at s, 0 if invalid; *cp gets it. */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t k, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return k;
}

void
safetext_add(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t c;

	while (i < len) {
		k = decode(p + i, len - i, &c);
		if (k == 0 || c == 0xfffe || c == 0xffff) {
			buf_adds(out, "\xef\xbf\xbd");
			i += k ? k : 1;
			continue;
		}
		if (c == '\r' && i + 1 < len && p[i + 1] == '\n') {
			i++;
			continue;
		}
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			buf_add(out, e, 4);
		} else
			buf_add(out, s + i, k);
		i += k;
	}
}

char *
safetext_dup(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	safetext_add(&b, s, len);
	return buf_detach(&b);
}

size_t
safetext_cut(const char *s, size_t len)
{
	size_t n = len;

	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}
