/* suggest.h - "did you mean" for misspelt keys and names. */
#ifndef SHAKEDOWN_SUGGEST_H
#define SHAKEDOWN_SUGGEST_H

#include <stddef.h>

/* The candidate closest to `word` by edit distance (transpositions count
 * one), if close enough to be a likely typo; borrowed from cands, or NULL;
 * word borrowed. */
const char *suggest(const char *word, const char *const *cands, size_t n);

#endif
