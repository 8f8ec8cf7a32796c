/* report_file.c - writing a report file atomically: temp file, fsync,
 * rename; every write and the close checked, so a truncated report never
 * passes for a whole one.  Missing parent directories are created.  A
 * report streamed as the tests end keeps its body in a spool, an unlinked
 * temp file beside it, copied into the report at close.  Also
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
	char	*tmp;		/* the report being written at close */
	FILE	*out;		/* tmp, open */
	FILE	*spool;		/* the body, or NULL */
	long	 spooled;	/* bytes written to it */
	int	 error;		/* errno of the first failed write, or -1 */
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

int
report_file_spool(struct report_file *f, char *err, size_t errlen)
{
	char *name = xasprintf("%s.spool.%ld", f->path, (long)getpid());
	int fd;

	if ((fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) == -1 ||
	    (f->spool = fdopen(fd, "w+")) == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", f->path,
		    strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(name);
		}
		free(name);
		return -1;
	}
	unlink(name);		/* nothing is left if the run dies */
	free(name);
	return 0;
}

void
report_file_spool_add(struct report_file *f, const void *data, size_t len)
{
	if (len > 0 && fwrite(data, 1, len, f->spool) != len && f->error == 0)
		f->error = errno ? errno : EIO;
	f->spooled += (long)len;
}

long
report_file_spooled(const struct report_file *f)
{
	return f->spooled;
}

int
report_file_spool_copy(struct report_file *f, long from, long to,
    void (*sink)(void *arg, const char *p, size_t n), void *arg)
{
	char chunk[65536];
	ssize_t n;

	if (from < to && fflush(f->spool) == EOF) {
		if (f->error == 0)
			f->error = errno ? errno : EIO;
		return -1;
	}
	while (from < to) {
		n = pread(fileno(f->spool), chunk, (size_t)(to - from) <
		    sizeof(chunk) ? (size_t)(to - from) : sizeof(chunk), from);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (f->error == 0)
				f->error = n == 0 ? EIO : errno;
			return -1;
		}
		sink(arg, chunk, (size_t)n);
		from += n;
	}
	return 0;
}

int
report_file_begin(struct report_file *f, char *err, size_t errlen)
{
	f->tmp = xasprintf("%s.tmp.%ld", f->path, (long)getpid());
	if (parents(f->path, err, errlen) == -1)
		return -1;
	if ((f->out = fopen(f->tmp, "w")) == NULL)
		return error_set(err, errlen, "cannot write %s: %s", f->path,
		    strerror(errno));
	return 0;
}

void
report_file_write(struct report_file *f, const void *data, size_t len)
{
	if (len > 0 && f->out != NULL && fwrite(data, 1, len, f->out) != len &&
	    f->error == 0)
		f->error = errno ? errno : EIO;
}

/* Frees f; removes its temp file when it is not renamed into place. */
static void
report_file_free(struct report_file *f)
{
	if (f->out != NULL)
		fclose(f->out);
	if (f->tmp != NULL)
		unlink(f->tmp);
	if (f->spool != NULL)
		fclose(f->spool);
	free(f->tmp);
	free(f->path);
	free(f);
}

int
report_file_commit(struct report_file *f, char *err, size_t errlen)
{
	int ok, e = 0;

	if (f->out == NULL) {		/* report_file_begin failed */
		report_file_free(f);
		return -1;
	}
	ok = f->error == 0 && fflush(f->out) == 0 && !ferror(f->out) &&
	    fsync(fileno(f->out)) == 0;
	if (!ok)
		e = f->error ? f->error : errno;
	if (fclose(f->out) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	f->out = NULL;
	if (ok && rename(f->tmp, f->path) == -1) {
		ok = 0;
		e = errno;
	}
	if (!ok)
		snprintf(err, errlen, "cannot write %s: %s", f->path, strerror(e));
	else {
		free(f->tmp);
		f->tmp = NULL;
	}
	report_file_free(f);
	return ok ? 0 : -1;
}

void
report_file_abandon(struct report_file *f)
{
	if (f != NULL)
		report_file_free(f);
}

int
report_file_close(struct report_file *f, const void *data, size_t len,
    char *err, size_t errlen)
{
	if (data == NULL) {
		report_file_abandon(f);
		return 0;
	}
	if (report_file_begin(f, err, errlen) == -1) {
		report_file_abandon(f);
		return -1;
	}
	report_file_write(f, data, len);
	return report_file_commit(f, err, errlen);
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
