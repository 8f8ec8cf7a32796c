/* watchdog.c - clean up after a shakedown that died. */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "engine.h"
#include "watchdog.h"

static int wfd = -1;		/* our end of the pipe */

/* In the child: wait for the parent's end to close, then clean up. */
static void __attribute__((noreturn))
watch(int rfd, const char *run_id)
{
	struct engine *e;
	char c = 0, err[512];
	ssize_t n;
	int fd;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (fd = 3; fd < 1024; fd++)
		if (fd != rfd)
			close(fd);
	do
		n = read(rfd, &c, 1);
	while (n == -1 && errno == EINTR);
	if (n == 1 && c == 'D')
		_exit(0);
	if ((e = engine_new(err, sizeof(err))) == NULL)
		_exit(1);
	container_remove_run(e, run_id, err, sizeof(err));
	engine_free(e);
	_exit(0);
}

int
watchdog_start(const char *run_id, char *err, size_t errlen)
{
	int p[2];
	pid_t pid;

	if (pipe(p) == -1) {
		snprintf(err, errlen, "watchdog: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "watchdog: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		/* A second fork: the watchdog is nobody's child to wait for. */
		if (fork() != 0)
			_exit(0);
		watch(p[0], run_id);
	}
	close(p[0]);
	waitpid(pid, NULL, 0);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	wfd = p[1];
	return 0;
}

void
watchdog_disarm(void)
{
	if (wfd == -1)
		return;
	/* If the byte is lost, it cleans up a run that is already clean. */
	(void)!write(wfd, "D", 1);
	close(wfd);
	wfd = -1;
}
