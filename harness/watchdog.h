/* watchdog.h - the promise that nothing of a run outlives it, even when
 * shakedown is killed with SIGKILL: a child process in its own session
 * waits on a pipe; when the pipe closes without a "disarm", shakedown is
 * gone, and the child removes every container, network and volume that
 * carries the run's label. */
#ifndef SHAKEDOWN_WATCHDOG_H
#define SHAKEDOWN_WATCHDOG_H

/* Starts the watchdog for run_id; returns 0, or -1 with err. */
int	watchdog_start(const char *run_id, char *err, size_t errlen);
/* Tells it that the run cleaned up (or keeps its stack): it exits quietly. */
void	watchdog_disarm(void);

#endif
