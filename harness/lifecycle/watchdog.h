/* watchdog.h - the promise that nothing of a run outlives it, even when
 * shakedown is killed with SIGKILL: a child process in its own session
 * waits on a pipe; when the pipe closes without a "disarm", shakedown is
 * gone, and the child stops the Compose CLI processes still running,
 * removes every container, network and volume that carries the run's
 * label (until a create call that was in flight could have completed),
 * and the run's private folder. */
#ifndef SHAKEDOWN_WATCHDOG_H
#define SHAKEDOWN_WATCHDOG_H

#include <sys/types.h>

#include <stddef.h>

/* Starts the watchdog for run_id and workdir (the run's private folder, or
 * NULL; both borrowed: copied); returns 0, or -1 with err. */
int	watchdog_start(const char *run_id, const char *workdir, char *err,
	    size_t errlen);
/* What the run tells it meanwhile: watch_notes.h. */
/* Tells it that the run cleaned up (or keeps its stack): it exits quietly. */
void	watchdog_disarm(void);

/* Removes a run's folder (dir borrowed: the rewritten compose files, a
 * browser's profile), all it holds then itself, never following a link;
 * quietly does nothing when it is not there. */
void	watchdog_remove_workdir(const char *dir);

#endif
