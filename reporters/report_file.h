/* report_file.h - a report file is written whole or not at all: checked
 * writable when the run starts (its missing parent directories created),
 * written to a temp file and renamed. */
#ifndef SHAKEDOWN_REPORT_FILE_H
#define SHAKEDOWN_REPORT_FILE_H

#include <stddef.h>

/* The state of a report written at the end: its path.  Creates the
 * missing directories above path.  NULL with err set when path cannot be
 * written or a directory cannot be created (found before any test runs). */
struct report_file *report_file_open(const char *path, char *err,
	    size_t errlen);
/* Writes data (len bytes) as the file, then frees f; data NULL writes
 * nothing (an abandoned run).  Returns 0, or -1 with err set. */
int	 report_file_close(struct report_file *f, const void *data, size_t len,
	    char *err, size_t errlen);

#endif
