/* report_file.c - writing a report file atomically: temp file, fsync,
 * rename; every write and the close checked, so a truncated report never
 * passes for a whole one.  Missing parent directories are created. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_file.h"
#include "../harness/xalloc.h"

struct report_file {
	char	*path;
};

/* Creates the missing directories above path (mkdir -p of its dirname).
 * Returns 0, or -1 with err naming path and the directory that failed. */
static int
make_parents(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path), *p, *end = strrchr(dir, '/');
	struct stat st;
	int rc = 0, e;

	if (end == NULL) {
		free(dir);
		return 0;
	}
	*end = '\0';
	for (p = dir + 1; rc == 0 && p <= end; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) == -1 && (e = errno) != EEXIST &&
		    !(stat(dir, &st) == 0 && S_ISDIR(st.st_mode))) {
			snprintf(err, errlen, "cannot write %s: cannot create the "
			    "directory %s: %s", path, dir, strerror(e));
			rc = -1;
		}
		if (p < end)
			*p = '/';
	}
	free(dir);
	return rc;
}

struct report_file *
report_file_open(const char *path, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	struct report_file *f;
	FILE *fp;

	if (make_parents(path, err, errlen) == -1) {
		free(tmp);
		return NULL;
	}
	if ((fp = fopen(tmp, "w")) == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return NULL;
	}
	fclose(fp);
	unlink(tmp);
	free(tmp);
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	return f;
}

static int
write_atomic(const char *path, const void *data, size_t len, char *err,
    size_t errlen)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *fp;
	int ok;

	if (make_parents(path, err, errlen) == -1) {
		free(tmp);
		return -1;
	}
	if ((fp = fopen(tmp, "w")) == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = fwrite(data, 1, len, fp) == len && fflush(fp) == 0 && !ferror(fp) &&
	    fsync(fileno(fp)) == 0;
	ok = (fclose(fp) == 0) && ok;
	if (!ok || rename(tmp, path) == -1) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int
report_file_close(struct report_file *f, const void *data, size_t len,
    char *err, size_t errlen)
{
	int rc = 0;

	if (data != NULL)
		rc = write_atomic(f->path, data, len, err, errlen);
	free(f->path);
	free(f);
	return rc;
}
