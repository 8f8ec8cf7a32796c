/* prune.c - objects of runs whose processes are gone: what a run labels
 * itself with so that it can be judged later, and the sweep that removes
 * what neither the run nor its watchdog could (both killed, the machine
 * rebooted), as Testcontainers' Ryuk does. */
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/buf.h"
#include "container.h"
#include "prune.h"
#include "watchdog.h"
#include "../../base/xalloc.h"

#define LABEL_PROCESS	"io.shakedown.process"	/* PID:STARTTIME */
#define LABEL_HOST	"io.shakedown.host"	/* hostname */
#define LABEL_BOOT	"io.shakedown.boot"	/* the kernel's boot id */
#define LABEL_KEEP	"io.shakedown.keep"	/* --keep: left on purpose */

/* /proc/PID/stat's 22nd field, the start time in clock ticks since boot:
 * with the pid it names one process, whatever reuses the pid later.
 * Returns 0 when the process does not exist. */
static unsigned long long
start_time(long pid)
{
	char path[64], line[1024], *p;
	unsigned long long t = 0;
	FILE *f;
	int field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL &&
	    (p = strrchr(line, ')')) != NULL) {
		/* Field 3 follows ") "; the start time is field 22. */
		for (field = 2, p++; field < 22 && p != NULL; field++)
			p = strchr(p + 1, ' ');
		if (p != NULL)
			t = strtoull(p + 1, NULL, 10);
	}
	fclose(f);
	return t;
}

static void
boot_id(char *out, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	out[0] = '\0';
	if (f != NULL) {
		if (fgets(out, (int)len, f) != NULL)
			out[strcspn(out, "\n")] = '\0';
		fclose(f);
	}
}

void
prune_labels(json_t *labels, int keep)
{
	char v[256], host[256] = "";

	snprintf(v, sizeof(v), "%ld:%llu", (long)getpid(),
	    start_time((long)getpid()));
	json_object_set_new(labels, LABEL_PROCESS, json_string(v));
	gethostname(host, sizeof(host) - 1);
	json_object_set_new(labels, LABEL_HOST, json_string(host));
	boot_id(v, sizeof(v));
	json_object_set_new(labels, LABEL_BOOT, json_string(v));
	if (keep)
		json_object_set_new(labels, LABEL_KEEP, json_string("1"));
}

/* What the labels say of the run that made an object, on host `here`
 * since boot `now`. */
static enum prune_state
judge(const json_t *labels, const char *here, const char *now)
{
	const char *proc = json_string_value(json_object_get(labels,
	    LABEL_PROCESS));
	const char *host = json_string_value(json_object_get(labels, LABEL_HOST));
	const char *boot = json_string_value(json_object_get(labels, LABEL_BOOT));
	unsigned long long t;
	long pid;

	if (json_object_get(labels, LABEL_KEEP) != NULL)
		return PRUNE_KEPT;
	if (proc == NULL || host == NULL || boot == NULL)
		return PRUNE_UNKNOWN;		/* an older shakedown's */
	if (strcmp(host, here) != 0)
		return PRUNE_ELSEWHERE;
	if (*boot && *now && strcmp(boot, now) != 0)
		return PRUNE_GONE;		/* made before this boot */
	pid = strtol(proc, NULL, 10);
	t = strtoull(strchr(proc, ':') ? strchr(proc, ':') + 1 : "0", NULL, 10);
	if (pid <= 0)
		return PRUNE_UNKNOWN;
	return start_time(pid) == t && t != 0 ? PRUNE_ALIVE : PRUNE_GONE;
}

/* Whether labels hold every KEY=VALUE of only. */
static int
matches(const json_t *labels, const json_t *only)
{
	const char *k;
	const json_t *v;

	json_object_foreach((json_t *)only, k, v)
		if (!json_equal(json_object_get(labels, k), v))
			return 0;
	return 1;
}

/* The folder of a gone run, $TMPDIR/shakedown-RUN, removed when it is
 * there, a directory of this user's: the run's label is read from a shared
 * engine, so only a plain id is taken (letters, digits, '-', '_'). */
static void
remove_run_folder(const json_t *labels)
{
	const char *id = json_string_value(json_object_get(labels, LABEL_RUN));
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	struct stat st;
	size_t i;

	if (id == NULL || *id == '\0' || strlen(id) > 64)
		return;
	for (i = 0; id[i]; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '-' && id[i] != '_')
			return;
	snprintf(dir, sizeof(dir), "%s/shakedown-%s", tmp && *tmp ? tmp :
	    "/tmp", id);
	if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid())
		watchdog_remove_workdir(dir);
}

int
prune_sweep(struct engine *e, const json_t *only, int remove,
    struct prune_count *n, char *err, size_t errlen)
{
	static const char *const kinds[] = { "containers", "networks", "volumes" };
	const json_t *item;
	json_t *list;
	enum prune_state st;
	char e1[512], here[256] = "", now[256];
	size_t k, i;

	memset(n, 0, sizeof(*n));
	gethostname(here, sizeof(here) - 1);	/* once, not per object */
	boot_id(now, sizeof(now));
	for (k = 0; k < 3; k++) {
		if ((list = container_list_runs(e, kinds[k], err, errlen)) == NULL)
			return -1;
		json_array_foreach(list, i, item) {
			if (!matches(json_object_get(item, "labels"), only))
				continue;
			st = judge(json_object_get(item, "labels"), here, now);
			n->state[st]++;
			if (st != PRUNE_GONE)
				continue;
			n->stale[k]++;
			if (remove && container_remove_one(e, kinds[k],
			    json_string_value(json_object_get(item, "id")), e1,
			    sizeof(e1)) == 0) {
				n->removed[k]++;
				remove_run_folder(json_object_get(item,
				    "labels"));
			}
		}
		json_decref(list);
	}
	return 0;
}
