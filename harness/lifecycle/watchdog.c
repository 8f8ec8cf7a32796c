/* watchdog.c - the process that takes a run down when shakedown itself is
 * killed (SIGKILL, OOM): a double-forked child in its own session, waiting
 * on a pipe whose other end only the run holds.
 *
 * The run tells it, one short line at a time (atomic: under PIPE_BUF),
 * what could still change the engine after a kill:
 *   "C\n" / "c\n"          an engine create call begins / ends
 *   "S PID\n" / "E PID\n"  a child (the Compose CLI) started / was reaped
 *   "G PGID\n" / "g PGID\n" a process group (a headless browser) started /
 *                          was reaped
 *   "F PATH\n" / "f PATH\n" a folder outside the run's own (a browser's
 *                          short TMPDIR) was made / removed
 *   "D\n"                  disarm: the run cleaned up itself
 * When the pipe closes without "D", it stops the children still running
 * and the process groups (SIGTERM, then SIGKILL), then removes everything
 * carrying the run's label, again and again while a create that was in
 * flight could still complete on the engine (CREATE_MS), the run's
 * private folder and the folders it was told of. */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../base/clock.h"
#include "../../base/rmtree.h"
#include "container.h"
#include "engine.h"
#include "../../base/watch_notes.h"
#include "watchdog.h"
#include "../../base/error.h"

#define MAX_CHILDREN	64
#define CREATE_MS	30000	/* an engine call's own time limit */
#define SWEEP_MS	500

struct watch {
	int	 inflight;		/* create calls begun, not ended */
	pid_t	 children[MAX_CHILDREN];
	size_t	 nchildren;
	pid_t	 groups[MAX_CHILDREN];	/* process groups, killed as -pgid */
	size_t	 ngroups;
	char	*folders[MAX_CHILDREN];	/* outside the run's, removed */
	size_t	 nfolders;
};

/* A folder made (add) or removed (!add) outside the run's own. */
static void
folder_add(struct watch *w, const char *path, int add)
{
	size_t i;

	for (i = 0; i < w->nfolders; i++)
		if (strcmp(w->folders[i], path) == 0) {
			if (!add) {
				free(w->folders[i]);
				w->folders[i] = w->folders[--w->nfolders];
			}
			return;
		}
	if (add && w->nfolders < MAX_CHILDREN && *path == '/')
		w->folders[w->nfolders++] = strdup(path);
}

static void
pid_add(pid_t *set, size_t *n, pid_t pid, int add)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (set[i] == pid) {
			if (!add)
				set[i] = set[--*n];
			return;
		}
	if (add && *n < MAX_CHILDREN)
		set[(*n)++] = pid;
}

/* Applies the lines in buf[0..*len); keeps a partial last line.  Returns
 * 1 when the run disarmed it. */
static int
apply(struct watch *w, char *buf, size_t *len)
{
	char *line = buf, *nl;
	size_t rest;

	while ((nl = memchr(line, '\n', *len - (size_t)(line - buf))) != NULL) {
		*nl = '\0';
		switch (line[0]) {
		case 'D': return 1;
		case 'C': w->inflight++; break;
		case 'c': if (w->inflight > 0) w->inflight--; break;
		case 'S': pid_add(w->children, &w->nchildren,
		    (pid_t)atol(line + 1), 1); break;
		case 'E': pid_add(w->children, &w->nchildren,
		    (pid_t)atol(line + 1), 0); break;
		case 'G': pid_add(w->groups, &w->ngroups,
		    (pid_t)atol(line + 1), 1); break;
		case 'g': pid_add(w->groups, &w->ngroups,
		    (pid_t)atol(line + 1), 0); break;
		case 'F': folder_add(w, line + 2, 1); break;
		case 'f': folder_add(w, line + 2, 0); break;
		}
		line = nl + 1;
	}
	rest = *len - (size_t)(line - buf);
	memmove(buf, line, rest);
	*len = rest;
	return 0;
}

/* SIGTERM to the children and process groups still running, SIGKILL
 * after 10 s (a browser's group: after 2 s). */
static void
stop_children(const struct watch *w)
{
	double t0 = clock_now();
	size_t i, alive;

	for (i = 0; i < w->nchildren; i++)
		kill(w->children[i], SIGTERM);
	for (i = 0; i < w->ngroups; i++)
		kill(-w->groups[i], SIGTERM);
	do {
		clock_pause_ms(100);
		for (i = 0, alive = 0; i < w->nchildren; i++)
			alive += kill(w->children[i], 0) == 0;
		for (i = 0; i < w->ngroups; i++)
			if (clock_now() - t0 < 2.0)
				alive += kill(-w->groups[i], 0) == 0;
	} while (alive > 0 && clock_now() - t0 < 10.0);
	for (i = 0; i < w->nchildren; i++)
		kill(w->children[i], SIGKILL);
	for (i = 0; i < w->ngroups; i++)
		kill(-w->groups[i], SIGKILL);
}

void
watchdog_remove_workdir(const char *dir)
{
	rmtree(dir);
}

/* In the child: follow the run until it disarms or dies, then clean up. */
static void __attribute__((noreturn))
watch(int rfd, const char *run_id, const char *workdir)
{
	struct watch w = { 0 };
	struct engine *e;
	char buf[4096], err[512];
	size_t len = 0, i;
	ssize_t n;
	double t0;
	int fd;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (fd = 3; fd < 1024; fd++)
		if (fd != rfd)
			close(fd);
	for (;;) {
		n = read(rfd, buf + len, sizeof(buf) - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (apply(&w, buf, &len))
			_exit(0);
		if (len == sizeof(buf))
			len = 0;	/* a line that long is not ours */
	}
	stop_children(&w);
	if ((e = engine_new(err, sizeof(err))) != NULL) {
		engine_cleaning(e, 1);
		t0 = clock_now();
		do {
			container_remove_run(e, run_id, err, sizeof(err));
			if (w.inflight == 0)
				break;
			clock_pause_ms(SWEEP_MS);
		} while ((clock_now() - t0) * 1000 < CREATE_MS);
		engine_free(e);
	}
	watchdog_remove_workdir(workdir);
	for (i = 0; i < w.nfolders; i++)
		rmtree(w.folders[i]);
	_exit(0);
}

int
watchdog_start(const char *run_id, const char *workdir, char *err,
    size_t errlen)
{
	int p[2];
	pid_t pid;

	if (pipe(p) == -1)
		return error_set(err, errlen, "watchdog: %s", strerror(errno));
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
		watch(p[0], run_id, workdir);
	}
	close(p[0]);
	waitpid(pid, NULL, 0);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	watch_notes_fd(p[1]);
	return 0;
}

void
watchdog_disarm(void)
{
	/* If the line is lost, it cleans up a run that is already clean. */
	watch_notes_done();
}
