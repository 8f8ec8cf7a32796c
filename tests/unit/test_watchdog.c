/* test_watchdog.c - a run that dies (no "D" on the pipe) leaves no
 * process group it told of ("G PGID": a browser) and no folder: the
 * watchdog kills the group and removes the run's folder, nested folders
 * (a browser's profile) too, and the folders it was told of ("F PATH")
 * and not told were removed. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/clock.h"
#include "../../base/watch_notes.h"
#include "../../harness/lifecycle/watchdog.h"
#include "unit.h"

UNIT_TEST(watchdog_kills_groups_and_folders)
{
	char dir[] = "/tmp/test-watchdog-XXXXXX", sub[128], file[160], err[256];
	char other[] = "/tmp/test-watchdog-other-XXXXXX", gone[] =
	    "/tmp/test-watchdog-gone-XXXXXX";
	int p[2];
	pid_t run, group = 0;
	double t0;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(sub, sizeof(sub), "%s/chromium-x/data", dir);
	snprintf(file, sizeof(file), "%s/chromium-x", dir);
	CHECK(mkdir(file, 0700) == 0 && mkdir(sub, 0700) == 0);
	snprintf(file, sizeof(file), "%s/Cookies", sub);
	if ((f = fopen(file, "w")) != NULL) {
		fputs("x", f);
		fclose(f);
	}
	/* Folders outside the run's (a browser's short TMPDIR): one still
	 * there at the death, removed; one the run removed itself, left. */
	CHECK(mkdtemp(other) != NULL && mkdtemp(gone) != NULL);
	snprintf(file, sizeof(file), "%s/SingletonSocket", other);
	if ((f = fopen(file, "w")) != NULL)
		fclose(f);
	CHECK(pipe(p) == 0);
	fflush(NULL);	/* else the child writes our buffered lines again */
	if ((run = fork()) == 0) {
		/* The run: a watchdog, a process group told of, then death. */
		pid_t g;

		close(p[0]);
		if (watchdog_start("unit-watchdog-test", dir, err,
		    sizeof(err)) == -1)
			_exit(1);
		if ((g = fork()) == 0) {
			setpgid(0, 0);
			execlp("sleep", "sleep", "60", (char *)NULL);
			_exit(127);
		}
		setpgid(g, g);
		watchdog_group(g, 1);
		watchdog_folder(other, 1);
		watchdog_folder(gone, 1);
		watchdog_folder(gone, 0);
		(void)!write(p[1], &g, sizeof(g));
		_exit(0);
	}
	close(p[1]);
	CHECK(read(p[0], &group, sizeof(group)) == (ssize_t)sizeof(group));
	close(p[0]);
	waitpid(run, NULL, 0);
	t0 = clock_now();
	while (group > 0 && kill(-group, 0) == 0 && clock_now() - t0 < 10)
		clock_pause_ms(50);
	errno = 0;
	CHECK(group > 0 && kill(-group, 0) == -1 && errno == ESRCH);
	while (access(dir, F_OK) == 0 && clock_now() - t0 < 40)
		clock_pause_ms(50);
	CHECK(access(dir, F_OK) == -1);
	CHECK(access(other, F_OK) == -1);
	CHECK(access(gone, F_OK) == 0);
	rmdir(gone);
	if (group > 0)
		kill(-group, SIGKILL);
}
