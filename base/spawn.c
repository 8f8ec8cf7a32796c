/* spawn.c - fork, exec with argv, read both pipes until EOF, wait. */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "interrupt.h"
#include "spawn.h"
#include "watch_notes.h"
#include "error.h"

#define OUTPUT_MAX	(16u << 20)

static void __attribute__((noreturn))
child(char *const argv[], const char *cwd, int out, int errfd)
{
	int null = open("/dev/null", O_RDONLY);

	signal(SIGPIPE, SIG_DFL);	/* ignored by shakedown, not by its children */
	if (null != -1)
		dup2(null, 0);
	dup2(out, 1);
	dup2(errfd, 2);
	if (cwd && chdir(cwd) == -1) {
		fprintf(stderr, "cannot enter %s: %s\n", cwd, strerror(errno));
		_exit(127);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Reads both pipes until both are closed; with abortable, a terminating
 * signal (interrupted()) or the deadline (ms on clock_now's clock, 0:
 * none) passes SIGTERM on to the child once; *late says it was the
 * deadline. */
static void
drain(int fo, int fe, struct buf *out, struct buf *errout, pid_t pid,
    int abortable, double deadline, int *late)
{
	struct pollfd p[2] = { { fo, POLLIN, 0 }, { fe, POLLIN, 0 } };
	struct buf *dst[2] = { out, errout };
	char chunk[8192];
	int open_ = 2, i, passed = 0;
	ssize_t n;

	while (open_ > 0) {
		if (abortable && !passed && interrupted()) {
			kill(pid, SIGTERM);
			passed = 1;
		}
		if (abortable && !passed && deadline > 0 &&
		    clock_now() * 1e3 >= deadline) {
			kill(pid, SIGTERM);
			passed = *late = 1;
		}
		if (poll(p, 2, abortable && !passed ? 100 : -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd == -1 || !(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			n = read(p[i].fd, chunk, sizeof(chunk));
			if (n > 0 && dst[i] != NULL)
				buf_add(dst[i], chunk, (size_t)n);
			if (n == 0 || (n == -1 && errno != EINTR)) {
				close(p[i].fd);
				p[i].fd = -1;
				open_--;
			}
		}
	}
}

static int
spawn(char *const argv[], const char *cwd, struct buf *out,
    struct buf *errout, int abortable, double deadline, int *late, char *err,
    size_t errlen)
{
	int po[2], pe[2], status;
	pid_t pid;

	if (pipe(po) == -1 || pipe(pe) == -1)
		return error_set(err, errlen, "pipe: %s", strerror(errno));
	if (out)
		out->max = OUTPUT_MAX;
	if (errout)
		errout->max = OUTPUT_MAX;
	fflush(NULL);
	if ((pid = fork()) == -1)
		return error_set(err, errlen, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(po[0]);
		close(pe[0]);
		child(argv, cwd, po[1], pe[1]);
	}
	close(po[1]);
	close(pe[1]);
	watchdog_child(pid, 1);
	drain(po[0], pe[0], out, errout, pid, abortable, deadline, late);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return error_set(err, errlen, "wait: %s", strerror(errno));
	watchdog_child(pid, 0);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int
spawn_capture(char *const argv[], const char *cwd, struct buf *out,
    struct buf *errout, char *err, size_t errlen)
{
	int late = 0;

	return spawn(argv, cwd, out, errout, 0, 0, &late, err, errlen);
}

int
spawn_capture_abortable(char *const argv[], const char *cwd, struct buf *out,
    struct buf *errout, double deadline, int *late, char *err, size_t errlen)
{
	*late = 0;
	return spawn(argv, cwd, out, errout, 1, deadline, late, err, errlen);
}
