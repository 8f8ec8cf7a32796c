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

/* A report file streamed as the tests end: what is final goes to its
 * spool at once; what is known only later (the run's totals before the
 * suites, a suite's before its tests, a failed test, final once its suite
 * ended) is a hole, filled at close from the run (whose suites and kept
 * tests outlive the reporters' events). */
struct report_stream;

struct report_hole {
	long		 at;		/* its offset in the spool */
	int		 kind;		/* the reporter's */
	const struct suite_result *s;	/* borrowed, or NULL */
	size_t		 index;		/* of a test in s->tests */
	size_t		 n;		/* the reporter's */
};

/* New, for path; NULL with err set when it cannot be written. */
struct report_stream *report_stream_open(const char *path, char *err,
	    size_t errlen);
/* Appends len bytes of s (borrowed) to the body. */
void	 report_stream_add(struct report_stream *rs, const char *s, size_t len);
/* Appends b, then empties it. */
void	 report_stream_buf(struct report_stream *rs, struct buf *b);
/* A hole here (s borrowed: it must outlive the close). */
void	 report_stream_hole(struct report_stream *rs, int kind,
	    const struct suite_result *s, size_t index, size_t n);
/* The whole body in order to sink(sink_arg, …): spooled bytes, and each
 * hole as fill(fill_arg, b, h) writes it into b (empty on each call).  May be
 * done several times (to measure).  Returns 0, or -1 (a failed read,
 * reported by report_stream_close). */
int	 report_stream_walk(struct report_stream *rs,
	    void (*fill)(void *arg, struct buf *b, const struct report_hole *h),
	    void *fill_arg, void (*sink)(void *arg, const char *p, size_t n),
	    void *sink_arg);
/* Calls fn(arg, h) on each hole, in order. */
void	 report_stream_each_hole(const struct report_stream *rs,
	    void (*fn)(void *arg, const struct report_hole *h), void *arg);
/* Appends to the report being written by report_stream_close's walk (a
 * sink that transforms what it is given ends here). */
void	 report_stream_write(struct report_stream *rs, const char *p, size_t n);
/* Writes the report (a walk; sink NULL writes the bytes as they are) and
 * frees rs.  run NULL (an abandoned run): writes nothing.  Returns 0, or
 * -1 with err set (no report on disk then). */
int	 report_stream_close(struct report_stream *rs, int run,
	    void (*fill)(void *arg, struct buf *b, const struct report_hole *h),
	    void (*sink)(void *arg, const char *p, size_t n), void *arg,
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
