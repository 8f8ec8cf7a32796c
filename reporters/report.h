/* report.h - the reporter interface: a table of kinds (console, junit…),
 * each a const struct of function pointers, fanned out by report.c. */
#ifndef SHAKEDOWN_REPORT_H
#define SHAKEDOWN_REPORT_H

#include <stdio.h>
#include "../base/buf.h"
#include "../harness/run/observer.h"
#include "../harness/run/result.h"

struct report_opts {
	FILE		*out;		/* console stream (stdout) */
	int		 color;		/* ANSI colours on */
	int		 gitlab;	/* GITLAB_CI set: collapsible sections */
	int		 quiet;
	int		 verbose;
};

struct reporter;

struct report_kind {
	const char	*name;
	/* The option that asks for this report, "--OPTION FILE" ("junit");
	 * NULL for the console, always on. */
	const char	*option;
	/* Its line in --help after "--OPTION FILE": one line, no newline. */
	const char	*help;
	/* It reads passing tests' transcripts at close: the runner keeps
	 * them for it (else they are dropped once every reporter saw the
	 * test, so memory does not grow with passing tests). */
	int		 wants_passing_transcripts;
	/* New per-kind state; `path` is the output file (NULL for the
	 * console).  NULL with err set when it cannot open. */
	void		*(*open)(const char *path, const struct report_opts *o,
			    char *err, size_t errlen);
	void		 (*suite_begin)(void *st, const struct suite_result *s);
	void		 (*test_done)(void *st, const struct suite_result *s,
			    const struct test_result *t);
	void		 (*suite_end)(void *st, const struct suite_result *s);
	/* Writes what remains; returns 0, or -1 with err set (the report
	 * is then not on disk, or incomplete).  Frees st in every case.
	 * r NULL: abandon (write nothing). */
	int		 (*close)(void *st, const struct run_result *r,
			    char *err, size_t errlen);
};

extern const struct report_kind report_console;
extern const struct report_kind report_junit;
extern const struct report_kind report_tap;
extern const struct report_kind report_json;
extern const struct report_kind report_html;
extern const struct report_kind report_markdown;

/* Every kind, NULL-terminated: the console first, then the report files
 * in the order --help lists their options.  A new format is a file
 * defining its kind and an entry here (report.c). */
extern const struct report_kind *const report_kinds[];

/* The close of a report written whole at the end: render(b, r) into a
 * buffer, then the report file (base/report_file.h, steals it) written
 * whole and renamed, or abandoned when r is NULL.  Returns 0, or -1 with
 * err set. */
int	 report_render_close(void *file, const struct run_result *r,
	    void (*render)(struct buf *b, const struct run_result *r),
	    char *err, size_t errlen);

/* A fan-out over several reporters. */
struct reporter	*reporter_new(void);
/* Returns 0, or -1 with err set if the kind could not open. */
int	 reporter_add(struct reporter *rp, const struct report_kind *k,
	    const char *path, const struct report_opts *o, char *err,
	    size_t errlen);
void	 reporter_suite_begin(struct reporter *rp, const struct suite_result *s);
void	 reporter_test_done(struct reporter *rp, const struct suite_result *s,
	    const struct test_result *t);
void	 reporter_suite_end(struct reporter *rp, const struct suite_result *s);
/* Closes every reporter; returns 0, or -1 with the first error in err. */
int	 reporter_close(struct reporter *rp, const struct run_result *r,
	    char *err, size_t errlen);
void	 reporter_free(struct reporter *rp);
/* rp as an observer of the run: its events go to every reporter; rp is
 * borrowed and must outlive the run. */
struct observer	 reporter_observer(struct reporter *rp);

#endif
