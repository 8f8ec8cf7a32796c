/* sha256.h - SHA-256 (FIPS 180-4), streaming, for body digests. */
#ifndef SHAKEDOWN_SHA256_H
#define SHAKEDOWN_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t	h[8];
	uint64_t	len;		/* bytes hashed */
	unsigned char	block[64];
	size_t		nblock;
};

/* s is the caller's; it owns no memory. */
void	 sha256_init(struct sha256 *s);
/* Hashes n bytes at p (borrowed). */
void	 sha256_update(struct sha256 *s, const void *p, size_t n);
/* Writes 64 lowercase hex digits and a NUL to hex (the caller's). */
void	 sha256_hex(struct sha256 *s, char hex[65]);

#endif
