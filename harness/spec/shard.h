/* shard.h - splitting a run's spec files between the parallel jobs of a
 * CI pipeline (GitLab's `parallel: N`), deterministically and evenly. */
#ifndef SHAKEDOWN_SHARD_H
#define SHAKEDOWN_SHARD_H

#include <stddef.h>

#include "specfiles.h"

/* Parses "I/N" (1 ≤ I ≤ N ≤ 1000; s borrowed) into *index and *total.
 * Returns 0, or -1. */
int	 shard_parse(const char *s, int *index, int *total);

/*
 * Keeps in l only the files of shard `index` of `total` (those left out are
 * freed).  Each file weighs its seconds in the JUnit report `durations`
 * (NULL: none), else its size in bytes scaled to seconds alike; the
 * heaviest file goes first to the lightest shard, ties to the lowest index,
 * so every job computes the same split.  The files kept stay in their
 * order.  Returns 0, or -1 with err set (an unreadable durations file).
 */
int	 shard_select(struct specfiles *l, int index, int total,
	    const char *durations, char *err, size_t errlen);

#endif
