/* report_file.c - writing a report file atomically: temp file, fsync,
 * rename; every write and the close checked, so a truncated report never
 * passes for a whole one.  Missing parent directories are created.  Also
 * the files of the report folder (bodies, logs): written whole or removed,
 * and the paths GitLab opens them by. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_file.h"
#include "xalloc.h"
#include "error.h"

struct report_file {
	char	*path;
};

/* Creates the missing directories above path (mkdir -p of its dirname;
 * of path itself too when `self`).  Returns 0, or -1 with err naming the
 * directory that failed. */
static int
make_dirs(const char *path, int self, char *err, size_t errlen)
{
	char *dir = xstrdup(path), *p, *end = self ? dir + strlen(dir) :
	    strrchr(dir, '/');
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
			snprintf(err, errlen, "cannot create the directory %s: %s",
			    dir, strerror(e));
			rc = -1;
		}
		if (p < end)
			*p = '/';
	}
	free(dir);
	return rc;
}

/* make_dirs of path's parents, err as "cannot write PATH: …". */
static int
parents(const char *path, char *err, size_t errlen)
{
	char e[1024];

	if (make_dirs(path, 0, e, sizeof(e)) == 0)
		return 0;
	return error_set(err, errlen, "cannot write %s: %s", path, e);
}

struct report_file *
report_file_open(const char *path, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	struct report_file *f;
	FILE *fp;

	if (parents(path, err, errlen) == -1) {
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

	if (parents(path, err, errlen) == -1) {
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

int
report_dir_prepare(const char *dir, char *err, size_t errlen)
{
	char *probe = xasprintf("%s/.shakedown-probe.%ld", dir, (long)getpid());
	int fd, rc = 0;

	if (make_dirs(dir, 1, err, errlen) == -1)
		rc = -1;
	else if ((fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1 ||
	    close(fd) == -1) {
		snprintf(err, errlen, "cannot create a file in it: %s",
		    strerror(errno));
		rc = -1;
	}
	unlink(probe);
	free(probe);
	return rc;
}

int
report_file_save(const char *path, const void *data, size_t len, char *err,
    size_t errlen)
{
	const char *p = data;
	ssize_t n;
	int fd, e = 0;

	if (parents(path, err, errlen) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return error_set(err, errlen, "cannot write %s: %s", path, strerror(errno));
	while (len > 0 && e == 0) {
		if ((n = write(fd, p, len)) == -1 && errno != EINTR)
			e = errno;
		else if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	if (close(fd) == -1 && e == 0 && errno != EINTR)
		e = errno;
	if (e != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
		unlink(path);
		return -1;
	}
	return 0;
}

char *
report_file_relative(const char *path, const char *base, int *outside)
{
	char *rp = realpath(path, NULL), *rb = realpath(base, NULL), *out;
	size_t n = rb ? strlen(rb) : 0;

	*outside = 0;
	if (rp == NULL || rb == NULL)
		out = xstrdup(path);
	else if (strcmp(rb, "/") == 0)
		out = xstrdup(rp + 1);
	else if (strncmp(rp, rb, n) == 0 && rp[n] == '/')
		out = xstrdup(rp + n + 1);
	else {
		*outside = 1;
		out = xstrdup(path);
	}
	free(rp);
	free(rb);
	return out;
}
