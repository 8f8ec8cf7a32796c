/* buf.h - growable byte buffer with a hard size cap (git's strbuf, capped).
 *
 * Everything read from the network goes through a buf: appends past `max`
 * keep what fits and set `truncated`, so callers can report truncation
 * instead of growing without bound.  `data` is always NUL-terminated.
 */
#ifndef SHAKEDOWN_BUF_H
#define SHAKEDOWN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;		/* owned; NUL-terminated; NULL until first append */
	size_t	 len;
	size_t	 alloc;
	size_t	 max;		/* hard cap on len; 0 means unlimited */
	int	 truncated;	/* an append was cut at max */
};

#define BUF_INIT { NULL, 0, 0, 0, 0 }

/* b (the caller's) emptied, with cap max; it owns nothing until an
 * append. */
void	 buf_init(struct buf *b, size_t max);
/* Append (p, s, fmt borrowed: copied); returns 0, or -1 if the cap cut the
 * data (what fits is kept). */
int	 buf_add(struct buf *b, const void *p, size_t n);
int	 buf_adds(struct buf *b, const char *s);
int	 buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	 buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Never NULL: "" for an empty buffer (borrowed). */
const char *buf_str(const struct buf *b);
/* Empties b, keeping its memory and cap. */
void	 buf_reset(struct buf *b);
/* Returns the data (new, caller frees; never NULL) and empties b. */
char	*buf_detach(struct buf *b);
/* Frees what b owns (not b) and empties it. */
void	 buf_release(struct buf *b);
/* Reads the whole file at path (borrowed) into b (emptied first), at most
 * max bytes.  Returns 0, or -1 with err set to the reason ("No such file or
 * directory", "larger than 64 MiB"). */
int	 buf_read_file(struct buf *b, const char *path, size_t max, char *err,
	    size_t errlen);

#endif
