/* buf.c - growable byte buffer with a hard size cap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"
#include "error.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

static void
buf_grow(struct buf *b, size_t need)
{
	size_t n;

	if (b->alloc >= need + 1)
		return;
	n = b->alloc ? b->alloc : 64;
	while (n < need + 1)
		n *= 2;
	b->data = xrealloc(b->data, n);
	b->alloc = n;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	int rc = 0;

	if (b->max && b->len + n > b->max) {
		n = b->max - b->len;
		b->truncated = 1;
		rc = -1;
	}
	buf_grow(b, b->len + n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return rc;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	char small[256], *big;
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	rc = buf_add(b, big, (size_t)n);
	free(big);
	return rc;
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->truncated = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	size_t max = b->max;

	buf_init(b, max);
	return p;
}

void
buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

int
buf_read_file(struct buf *b, const char *path, size_t max, char *err,
    size_t errlen)
{
	char chunk[65536];
	size_t n;
	FILE *f;
	int bad;

	buf_init(b, max);
	if ((f = fopen(path, "rb")) == NULL)
		return error_set(err, errlen, "%s", strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) == -1)
			break;
	bad = ferror(f);
	fclose(f);
	if (bad || b->truncated) {
		if (b->truncated)
			snprintf(err, errlen, "larger than %zu MiB", max >> 20);
		else
			snprintf(err, errlen, "%s", strerror(errno));
		buf_release(b);
		return -1;
	}
	return 0;
}
