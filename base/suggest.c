/* suggest.c - closest candidate by Damerau-Levenshtein distance. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "xalloc.h"

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance, case-insensitive. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, cost, d;
	size_t *m = xcalloc((la + 1) * (lb + 1), sizeof(*m));

#define M(i, j) m[(i) * (lb + 1) + (j)]
	for (i = 0; i <= la; i++)
		M(i, 0) = i;
	for (j = 0; j <= lb; j++)
		M(0, j) = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			M(i, j) = min3(M(i - 1, j) + 1, M(i, j - 1) + 1,
			    M(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && M(i - 2, j - 2) + 1 < M(i, j))
				M(i, j) = M(i - 2, j - 2) + 1;
		}
	}
	d = M(la, lb);
#undef M
	free(m);
	return d;
}

const char *
suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = (size_t)-1, limit;

	limit = strlen(word) <= 3 ? 1 : strlen(word) <= 6 ? 2 : 3;
	for (i = 0; i < n; i++) {
		d = distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
