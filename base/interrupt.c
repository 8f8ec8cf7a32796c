/* interrupt.c - remember the first terminating signal. */
#include <signal.h>
#include <string.h>

#include "interrupt.h"

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	if (caught == 0)
		caught = sig;
}

void
interrupt_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A reader that closes stdout (`| head`) must not kill the run
	 * before its reports and teardown: writes fail with EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
}

int
interrupted(void)
{
	return caught;
}
