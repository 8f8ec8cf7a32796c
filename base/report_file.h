/* report_file.h - a report file is written whole or not at all: checked
 * writable when the run starts (its missing parent directories created),
 * written to a temp file and renamed. */
#ifndef SHAKEDOWN_REPORT_FILE_H
#define SHAKEDOWN_REPORT_FILE_H

#include <stddef.h>

/* The state of a report written at the end (new, freed by
 * report_file_close): its path (borrowed: copied).  Creates the missing
 * directories above path.  NULL with err set when path cannot be written or
 * a directory cannot be created (found before any test runs). */
struct report_file *report_file_open(const char *path, char *err,
	    size_t errlen);
/* Writes data (len bytes, borrowed) as the file, then frees f (steals it);
 * data NULL writes nothing (an abandoned run).  Returns 0, or -1 with err
 * set. */
int	 report_file_close(struct report_file *f, const void *data, size_t len,
	    char *err, size_t errlen);

/* A report streamed as the tests end: its body kept in a spool (a temp
 * file beside path, unlinked at once: nothing is left behind), copied into
 * the report at close, after the head known only then.  Opens it; returns
 * 0, or -1 with err set. */
int	 report_file_spool(struct report_file *f, char *err, size_t errlen);
/* Appends data (borrowed) to the spool; a failed write is reported by
 * report_file_commit. */
void	 report_file_spool_add(struct report_file *f, const void *data,
	    size_t len);
/* Bytes spooled so far: the offset of the next. */
long	 report_file_spooled(const struct report_file *f);
/* Hands the spool's bytes [from, to) to sink, a chunk at a time (arg
 * borrowed).  Returns 0, or -1 (reported by report_file_commit). */
int	 report_file_spool_copy(struct report_file *f, long from, long to,
	    void (*sink)(void *arg, const char *p, size_t n), void *arg);

/* Writing the report at close: creates its temp file (and the missing
 * directories above it); returns 0, or -1 with err set (then
 * report_file_commit fails and cleans up). */
int	 report_file_begin(struct report_file *f, char *err, size_t errlen);
/* Appends data (borrowed) to the report; a failed write is reported by
 * report_file_commit. */
void	 report_file_write(struct report_file *f, const void *data, size_t len);
/* Checks every write, fsyncs and renames the report into place, or
 * removes its temp file; frees f (steals it).  Returns 0, or -1 with err
 * set. */
int	 report_file_commit(struct report_file *f, char *err, size_t errlen);
/* Frees f (steals it; NULL accepted), writing nothing: an abandoned run. */
void	 report_file_abandon(struct report_file *f);

/* The report folder (--report-dir), before any test runs: creates it and
 * its missing parents (dir borrowed), and checks that a file can be made in
 * it.  Returns 0, or -1 with err saying why ("cannot create the directory
 * x: Not a directory", "cannot create a file in it: Read-only file
 * system"). */
int	 report_dir_prepare(const char *dir, char *err, size_t errlen);

/* A file of the report folder (a failed response's body, the app's logs):
 * written whole, its missing parent directories created, the write and the
 * close checked; on failure (a full disk) no file is left behind.  path and
 * data borrowed.  Returns 0, or -1 with err naming path and why. */
int	 report_file_save(const char *path, const void *data, size_t len,
	    char *err, size_t errlen);

/* path as GitLab opens an artifact: relative to base (CI_PROJECT_DIR, or
 * "." for the working directory), both resolved, whatever form path has
 * (absolute, relative, with ..); path and base borrowed.  Returns a new
 * string; path unchanged, and *outside set, when the file is not below
 * base; path unchanged when it does not exist. */
char	*report_file_relative(const char *path, const char *base, int *outside);

#endif
