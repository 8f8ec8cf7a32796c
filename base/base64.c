/* base64.c - base64's digits, and a decoder: four characters make three
 * bytes. */
#include "base64.h"

int
base64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
base64_decode(const char *s, size_t len, struct buf *out)
{
	unsigned char chunk[3 * 1024];
	unsigned long acc = 0;
	size_t i, n = 0;
	int bits = 0, v;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '=')
			break;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		/* The standard alphabet only: '-' and '_' are not its. */
		if (c == '-' || c == '_' || (v = base64_digit(c)) < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			chunk[n++] = (unsigned char)(acc >> bits);
			acc &= (1ul << bits) - 1;
			if (n == sizeof(chunk)) {
				if (buf_add(out, chunk, n) == -1)
					return -1;
				n = 0;
			}
		}
	}
	for (; i < len; i++)
		if (s[i] != '=' && s[i] != '\n' && s[i] != '\r')
			return -1;
	if (n > 0 && buf_add(out, chunk, n) == -1)
		return -1;
	return 0;
}
