/* prune.h - objects of runs whose processes are gone (`shakedown prune`). */
#ifndef SHAKEDOWN_PRUNE_H
#define SHAKEDOWN_PRUNE_H

#include <jansson.h>

#include "engine.h"

enum prune_state {
	PRUNE_ALIVE,		/* its run's process still runs */
	PRUNE_GONE,		/* the process is gone (or the machine rebooted) */
	PRUNE_KEPT,		/* left on purpose with --keep */
	PRUNE_ELSEWHERE,	/* made on another host: cannot tell */
	PRUNE_UNKNOWN,		/* labels of an older shakedown */
	PRUNE_NSTATES
};

struct prune_count {
	size_t	state[PRUNE_NSTATES];	/* objects seen, by state */
	size_t	stale[3];		/* gone runs' containers, networks, volumes */
	size_t	removed[3];		/* of those, removed */
};

/* Adds to labels (borrowed, changed) what lets a later sweep judge the
 * run: its process (pid and start time, /proc/PID/stat), host name, the
 * kernel's boot id, and whether it keeps its stack (--keep). */
void	prune_labels(json_t *labels, int keep);
/* Lists every object labelled io.shakedown.run on the engine that also
 * carries each label of only (an object NAME: value, borrowed; --label),
 * judges its run, and when remove is set removes those of gone runs
 * (containers first, then networks, then volumes).  Fills *n; returns 0,
 * or -1 with err when the engine cannot list them. */
int	prune_sweep(struct engine *e, const json_t *only, int remove,
	    struct prune_count *n, char *err, size_t errlen);

#endif
