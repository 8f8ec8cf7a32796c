/* chromium.c - the browser process: Chromium started headless on
 * --remote-debugging-pipe (we write on its fd 3, read its fd 4), in a
 * process group of its own that the watchdog knows, with a profile folder
 * of its own; one browser context (Target.createBrowserContext) for the
 * pages of a spec; closed with Browser.close, then SIGKILL to the group. */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/error.h"
#include "../base/rmtree.h"
#include "../base/watch_notes.h"
#include "../base/xalloc.h"
#include "browser.h"
#include "browser_impl.h"
#include "cdp.h"

#define TAIL_LINES	20
#define CLOSE_MS	2000

struct browser {
	pid_t		 pid;		/* also the process group */
	int		 reaped;
	char		*profile;	/* owned folder */
	char		*tmpdir;	/* its TMPDIR when the profile's path
					 * is too long for one (owned folder),
					 * or NULL */
	char		*errlog;	/* its stderr, in the profile */
	struct cdp	*cdp;
	char		*context;	/* browserContextId */
	char		*version;
	char		*tail;		/* last lines of stderr, once lost */
};

char *
browser_binary(char *why, size_t whylen)
{
	static const char *const names[] = { "chromium", "chromium-browser",
	    "google-chrome", "google-chrome-stable" };
	const char *env = getenv("SHAKEDOWN_CHROMIUM"), *path, *p, *end;
	char *cand;
	size_t i;

	if (env != NULL && *env != '\0') {
		if (access(env, X_OK) == 0)
			return xstrdup(env);
		error_set(why, whylen, "SHAKEDOWN_CHROMIUM=%s: %s", env,
		    strerror(errno));
		return NULL;
	}
	if ((path = getenv("PATH")) == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (p = path; *p != '\0'; p = *end ? end + 1 : end) {
			if ((end = strchr(p, ':')) == NULL)
				end = p + strlen(p);
			if (end == p)
				continue;
			cand = xasprintf("%.*s/%s", (int)(end - p), p, names[i]);
			if (access(cand, X_OK) == 0)
				return cand;
			free(cand);
		}
	error_set(why, whylen, "no chromium in PATH: install Debian's chromium "
	    "package (apt-get install chromium), or set SHAKEDOWN_CHROMIUM");
	return NULL;
}

/* The last TAIL_LINES lines of the browser's stderr, a new string. */
static char *
stderr_tail(const struct browser *b)
{
	struct buf all = BUF_INIT;
	char why[256], *out;
	const char *start;
	size_t lines = 0;

	if (b->errlog == NULL ||
	    buf_read_file(&all, b->errlog, 16u << 20, why, sizeof(why)) == -1) {
		buf_release(&all);
		return xstrdup("");
	}
	while (all.len > 0 && (all.data[all.len - 1] == '\n' ||
	    all.data[all.len - 1] == '\r'))
		all.data[--all.len] = '\0';
	start = all.data ? all.data + all.len : "";
	while (start > all.data && all.data != NULL) {
		if (start[-1] == '\n' && ++lines == TAIL_LINES)
			break;
		start--;
	}
	out = xstrdup(start);
	buf_release(&all);
	return out;
}

void
browser_note_lost(struct browser *b)
{
	if (b->tail == NULL && cdp_lost(b->cdp))
		b->tail = stderr_tail(b);
}

pid_t
browser_pid(const struct browser *b)
{
	return b->pid;
}

const char *
browser_profile(const struct browser *b)
{
	return b->profile;
}

struct cdp *
browser_cdp(struct browser *b)
{
	return b->cdp;
}

const char *
browser_context(const struct browser *b)
{
	return b->context;
}

int
browser_lost(const struct browser *b, const char **stderr_tail_out)
{
	if (stderr_tail_out != NULL)
		*stderr_tail_out = b->tail ? b->tail : "";
	return b->cdp == NULL || cdp_lost(b->cdp);
}

const char *
browser_version(const struct browser *b)
{
	return b->version ? b->version : "";
}

/* The profile folder: WORKDIR/chromium-XXXXXX, else under $TMPDIR. */
static char *
make_profile(const char *workdir, char *err, size_t errlen)
{
	const char *dir = workdir;
	char *path;

	if (dir == NULL && ((dir = getenv("TMPDIR")) == NULL || *dir == '\0'))
		dir = "/tmp";
	path = xasprintf("%s/chromium-XXXXXX", dir);
	if (mkdtemp(path) == NULL) {
		error_set(err, errlen, "cannot make a profile folder in %s: %s",
		    dir, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

/* Chromium's singleton socket, TMPDIR/org.chromium.Chromium.XXXXXX/
 * SingletonSocket, must fit a socket address (sun_path: 108 bytes with
 * its NUL), or Chromium dies at start ("Socket path too long"). */
#define SINGLETON_PATH	"/org.chromium.Chromium.XXXXXX/SingletonSocket"
#define SUN_PATH_MAX	107

/* The TMPDIR of the browser: tmp/ in its profile, so that what Chromium
 * puts there (its singleton socket's folder) goes with the profile, even
 * after a SIGKILL (the watchdog removes the run's folder); when that path
 * is too long for the socket, a folder of its own in /tmp, which the
 * watchdog is told of.  A new path (the folder made), or NULL with err. */
static char *
browser_tmpdir(struct browser *b, char *err, size_t errlen)
{
	char *dir = xasprintf("%s/tmp", b->profile);

	if (strlen(dir) + strlen(SINGLETON_PATH) <= SUN_PATH_MAX) {
		if (mkdir(dir, 0700) == 0)
			return dir;
	} else {
		free(dir);
		dir = xstrdup("/tmp/shakedown-chromium-XXXXXX");
		if (mkdtemp(dir) != NULL) {
			b->tmpdir = xstrdup(dir);
			watchdog_folder(dir, 1);
			return dir;
		}
	}
	error_set(err, errlen, "%s: %s", dir, strerror(errno));
	free(dir);
	return NULL;
}

/* The environment of the browser: ours, with its configuration and
 * cache folders (XDG) in the profile, so that nothing (the crash
 * reporter's database) is written outside it, and tmp as its TMPDIR.  A
 * new array of new strings. */
static char **
child_env(const char *profile, const char *tmp)
{
	extern char **environ;
	char **env;
	size_t n = 0, i, j = 0;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 4, sizeof(*env));
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "XDG_CONFIG_HOME=", 16) != 0 &&
		    strncmp(environ[i], "XDG_CACHE_HOME=", 15) != 0 &&
		    strncmp(environ[i], "TMPDIR=", 7) != 0)
			env[j++] = xstrdup(environ[i]);
	env[j++] = xasprintf("XDG_CONFIG_HOME=%s/config", profile);
	env[j++] = xasprintf("XDG_CACHE_HOME=%s/cache", profile);
	env[j++] = xasprintf("TMPDIR=%s", tmp);
	env[j] = NULL;
	return env;
}

static void
env_free(char **env)
{
	size_t i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/* In the child: fds 3 and 4 are the pipe's ends, 2 (and 1) the log. */
static void __attribute__((noreturn))
exec_child(char *const argv[], char *const env[], int cmd_r, int reply_w,
    int logfd)
{
	int fd, nullfd;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, SIG_DFL);
	/* Out of the way of 3 and 4 first, then into place. */
	cmd_r = fcntl(cmd_r, F_DUPFD, 10);
	reply_w = fcntl(reply_w, F_DUPFD, 10);
	logfd = fcntl(logfd, F_DUPFD, 10);
	if (cmd_r == -1 || reply_w == -1 || logfd == -1)
		_exit(127);
	if ((nullfd = open("/dev/null", O_RDONLY)) != -1) {
		dup2(nullfd, 0);
		if (nullfd != 0)
			close(nullfd);
	}
	dup2(logfd, 1);
	dup2(logfd, 2);
	dup2(cmd_r, 3);
	dup2(reply_w, 4);
	for (fd = 5; fd < 4096; fd++)
		close(fd);
	execve(argv[0], argv, env);
	_exit(127);
}

/* Whether a process of group pgid still runs: a killed one is a zombie
 * until its parent (init, for the browser's helpers once the leader is
 * gone) reaps it, and a zombie writes nothing; kill(-pgid, 0) counts it
 * all the same.  Read from /proc/PID/stat (proc(5): state, ppid, pgrp
 * after the command's closing parenthesis). */
static int
group_runs(pid_t pgid)
{
	char path[300], line[512], *p;
	struct dirent *de;
	DIR *d;
	FILE *f;
	char state;
	int ppid, pgrp, runs = 0;

	if ((d = opendir("/proc")) == NULL)
		return kill(-pgid, 0) == 0;
	while (!runs && (de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(line, sizeof(line), f) != NULL &&
		    (p = strrchr(line, ')')) != NULL &&
		    sscanf(p + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 &&
		    pgrp == (int)pgid && state != 'Z' && state != 'X')
			runs = 1;
		fclose(f);
	}
	closedir(d);
	return runs;
}

static void
reap(struct browser *b)
{
	double t0;

	if (b->pid <= 0 || b->reaped)
		return;
	/* The leader is a zombie until waited for: its group id cannot be
	 * reused while the group is killed. */
	kill(-b->pid, SIGKILL);
	while (waitpid(b->pid, NULL, 0) == -1 && errno == EINTR)
		;
	t0 = clock_now();
	while (group_runs(b->pid) && clock_now() - t0 < 2.0)
		clock_pause_ms(10);
	b->reaped = 1;
	watchdog_group(b->pid, 0);
}

struct browser *
browser_new(const char *workdir, long timeout_ms, char *err, size_t errlen)
{
	struct browser *b;
	char *bin, *argv[24], *datadir, why[512], **env = NULL, *tmp;
	int cmd[2] = { -1, -1 }, reply[2] = { -1, -1 }, logfd = -1, argc = 0;
	double deadline = clock_now() + timeout_ms / 1000.0;
	json_t *res;

	if ((bin = browser_binary(err, errlen)) == NULL)
		return NULL;
	b = xcalloc(1, sizeof(*b));
	if ((b->profile = make_profile(workdir, err, errlen)) == NULL) {
		free(bin);
		free(b);
		return NULL;
	}
	b->errlog = xasprintf("%s/stderr.log", b->profile);
	datadir = xasprintf("--user-data-dir=%s/data", b->profile);
	argv[argc++] = bin;
	argv[argc++] = "--headless=new";
	argv[argc++] = "--remote-debugging-pipe";
	if (geteuid() == 0)
		argv[argc++] = "--no-sandbox";	/* Chromium refuses root else */
	argv[argc++] = "--disable-gpu";
	argv[argc++] = "--no-first-run";
	argv[argc++] = "--no-default-browser-check";
	argv[argc++] = "--disable-extensions";
	argv[argc++] = "--disable-background-networking";
	argv[argc++] = "--disable-component-update";
	argv[argc++] = "--disable-sync";
	argv[argc++] = "--metrics-recording-only";
	argv[argc++] = "--mute-audio";
	argv[argc++] = "--hide-scrollbars";
	argv[argc++] = "--disable-dev-shm-usage";	/* small /dev/shm in containers */
	argv[argc++] = datadir;
	argv[argc++] = "about:blank";
	argv[argc] = NULL;
	if ((tmp = browser_tmpdir(b, err, errlen)) == NULL)
		goto fail;
	env = child_env(b->profile, tmp);
	free(tmp);
	logfd = open(b->errlog, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (logfd == -1 || pipe2(cmd, O_CLOEXEC) == -1 ||
	    pipe2(reply, O_CLOEXEC) == -1) {
		error_set(err, errlen, "cannot start chromium: %s",
		    strerror(errno));
		goto fail;
	}
	fflush(NULL);
	if ((b->pid = fork()) == -1) {
		error_set(err, errlen, "cannot start chromium: %s",
		    strerror(errno));
		goto fail;
	}
	if (b->pid == 0)
		exec_child(argv, env, cmd[0], reply[1], logfd);
	env_free(env);
	env = NULL;
	setpgid(b->pid, b->pid);	/* either of us may run first */
	watchdog_group(b->pid, 1);
	close(cmd[0]);
	close(reply[1]);
	close(logfd);
	logfd = -1;
	b->cdp = cdp_new(cmd[1], reply[0]);
	free(datadir);
	datadir = NULL;
	if (cdp_call(b->cdp, NULL, "Browser.getVersion", NULL, deadline, &res,
	    why, sizeof(why)) == -1) {
		browser_note_lost(b);
		if (!cdp_lost(b->cdp))
			b->tail = stderr_tail(b);
		error_set(err, errlen, "chromium (%s) did not start: %s%s%s",
		    bin, why, *b->tail ? "\n" : "", b->tail);
		free(bin);
		browser_free(b);
		return NULL;
	}
	b->version = xstrdup(json_string_value(json_object_get(res, "product")) ?
	    json_string_value(json_object_get(res, "product")) : "");
	json_decref(res);
	if (cdp_call(b->cdp, NULL, "Target.createBrowserContext",
	    json_pack("{s:b}", "disposeOnDetach", 1), deadline, &res, why,
	    sizeof(why)) == -1) {
		browser_note_lost(b);
		error_set(err, errlen, "chromium: Target.createBrowserContext: %s",
		    why);
		free(bin);
		browser_free(b);
		return NULL;
	}
	b->context = xstrdup(json_string_value(json_object_get(res,
	    "browserContextId")) ? json_string_value(json_object_get(res,
	    "browserContextId")) : "");
	json_decref(res);
	/* "Chromium/156.0…" as "Chromium 156.0…" */
	if (strchr(b->version, '/') != NULL)
		*strchr(b->version, '/') = ' ';
	free(bin);
	return b;
fail:
	env_free(env);
	if (logfd != -1)
		close(logfd);
	if (cmd[0] != -1) { close(cmd[0]); close(cmd[1]); }
	if (reply[0] != -1) { close(reply[0]); close(reply[1]); }
	free(datadir);
	free(bin);
	b->pid = 0;
	browser_free(b);
	return NULL;
}

void
browser_free(struct browser *b)
{
	siginfo_t si;
	double t0;
	char why[256];

	if (b == NULL)
		return;
	if (b->cdp != NULL && !cdp_lost(b->cdp) && b->pid > 0) {
		t0 = clock_now();
		/* The reply may not come: the browser exits first. */
		cdp_call(b->cdp, NULL, "Browser.close", NULL,
		    t0 + CLOSE_MS / 1000.0, NULL, why, sizeof(why));
		while (clock_now() - t0 < CLOSE_MS / 1000.0) {
			memset(&si, 0, sizeof(si));
			if (waitid(P_PID, (id_t)b->pid, &si,
			    WEXITED | WNOHANG | WNOWAIT) == -1 && errno != EINTR)
				break;
			if (si.si_pid == b->pid)
				break;
			clock_pause_ms(20);
		}
	}
	cdp_free(b->cdp);
	reap(b);
	if (b->profile != NULL)
		rmtree(b->profile);
	if (b->tmpdir != NULL) {
		rmtree(b->tmpdir);
		watchdog_folder(b->tmpdir, 0);
		free(b->tmpdir);
	}
	free(b->profile);
	free(b->errlog);
	free(b->context);
	free(b->version);
	free(b->tail);
	free(b);
}
