/* clock.h - the monotonic clock the harness measures and waits by. */
#ifndef SHAKEDOWN_CLOCK_H
#define SHAKEDOWN_CLOCK_H

/* Seconds on CLOCK_MONOTONIC. */
double	 clock_now(void);
/* Sleeps ms milliseconds, less when a signal arrives (the caller then
 * sees interrupted()); nothing for ms <= 0. */
void	 clock_pause_ms(double ms);

#endif
