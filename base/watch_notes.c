/* watch_notes.c - one short line at a time to the watchdog's pipe (under
 * PIPE_BUF, so lines from several threads never mix); a lost line only
 * makes the watchdog sweep longer. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "watch_notes.h"

static int wfd = -1;

void
watch_notes_fd(int fd)
{
	wfd = fd;
}

static void
tell(const char *line)
{
	if (wfd != -1)
		(void)!write(wfd, line, strlen(line));
}

void
watchdog_create(int begins)
{
	tell(begins ? "C\n" : "c\n");
}

void
watchdog_child(pid_t pid, int started)
{
	char line[32];

	snprintf(line, sizeof(line), "%c %ld\n", started ? 'S' : 'E', (long)pid);
	tell(line);
}

void
watchdog_group(pid_t pgid, int started)
{
	char line[32];

	snprintf(line, sizeof(line), "%c %ld\n", started ? 'G' : 'g',
	    (long)pgid);
	tell(line);
}

void
watchdog_folder(const char *path, int made)
{
	char line[256];

	if (strlen(path) >= sizeof(line) - 4)
		return;
	snprintf(line, sizeof(line), "%c %s\n", made ? 'F' : 'f', path);
	tell(line);
}

void
watch_notes_done(void)
{
	if (wfd == -1)
		return;
	tell("D\n");
	close(wfd);
	wfd = -1;
}
