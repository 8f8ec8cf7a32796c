/* safetext.c - UTF-8 validation and control-character escaping. */
#include <stdint.h>
#include <string.h>

#include "safetext.h"
#include "../base/utf8.h"

void
safetext_add(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t c;

	while (i < len) {
		k = utf8_decode(p + i, len - i, &c);
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
