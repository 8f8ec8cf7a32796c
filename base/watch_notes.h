/* watch_notes.h - what a run tells its watchdog while it works: the lines
 * that let the watchdog (watchdog.c) finish what a killed run left in
 * flight.  Below the engine client and spawn, which tell; the watchdog
 * owns the pipe. */
#ifndef SHAKEDOWN_WATCH_NOTES_H
#define SHAKEDOWN_WATCH_NOTES_H

#include <sys/types.h>

/* The pipe's write end (the watchdog's), or -1: nothing is told. */
void	watch_notes_fd(int fd);
/* An engine create call begins (1) or ends (0): a kill in between makes
 * the watchdog sweep until the engine could have finished it. */
void	watchdog_create(int begins);
/* A child process that changes the engine (the Compose CLI) started (1)
 * or was reaped (0): the watchdog stops those left when the run dies. */
void	watchdog_child(pid_t pid, int started);
/* A process group (a headless browser and its helpers) started (1) or
 * was reaped (0): the watchdog kills the groups left when the run dies. */
void	watchdog_group(pid_t pgid, int started);
/* A folder outside the run's own (path borrowed, under 200 bytes) was
 * made (1) or removed (0): the watchdog removes those left. */
void	watchdog_folder(const char *path, int made);
/* "D\n": the run cleaned up itself; closes the pipe. */
void	watch_notes_done(void);

#endif
