/* interrupt.h - SIGINT, SIGTERM and SIGHUP (Ctrl-C, a cancelled CI job)
 * set a flag; transfers and waits check it and unwind, so teardown runs on
 * the normal path. */
#ifndef SHAKEDOWN_INTERRUPT_H
#define SHAKEDOWN_INTERRUPT_H

/* Installs the handlers (without SA_RESTART, so sleeps wake up). */
void	interrupt_init(void);
/* The signal that arrived, or 0. */
int	interrupted(void);

#endif
