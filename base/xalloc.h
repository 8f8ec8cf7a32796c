/* xalloc.h - allocation that aborts on out-of-memory (there is no sane
 * recovery for a test harness that cannot allocate a few bytes). */
#ifndef SHAKEDOWN_XALLOC_H
#define SHAKEDOWN_XALLOC_H

#include <stddef.h>

/* Each returns new memory (free()), never NULL.  xrealloc and xgrow steal p
 * and return it moved; other pointer arguments are borrowed. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
/* Grow an array of `size`-byte items to hold at least `need`; updates *alloc. */
void	*xgrow(void *p, size_t *alloc, size_t need, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* The n bytes at p without the white space around them, as a new string. */
char	*xstrndup_trim(const char *p, size_t n);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
