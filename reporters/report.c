/* report.c - the table of report kinds, the fan-out that feeds every
 * open reporter the same events, and the streams report files are written
 * through as the tests end. */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../base/report_file.h"
#include "../base/xalloc.h"

const struct report_kind *const report_kinds[] = {
	&report_console,
	&report_junit,
	&report_tap,
	&report_json,
	&report_html,
	&report_markdown,
	NULL,
};

struct open_reporter {
	const struct report_kind *kind;
	void		*state;
};

struct reporter {
	struct open_reporter *v;
	size_t		 n;
	size_t		 alloc;
	int		 verbose;	/* the console shows every transcript */
};

struct reporter *
reporter_new(void)
{
	return xcalloc(1, sizeof(struct reporter));
}

int
reporter_add(struct reporter *rp, const struct report_kind *k, const char *path,
    const struct report_opts *o, char *err, size_t errlen)
{
	void *st;

	if ((st = k->open(path, o, err, errlen)) == NULL)
		return -1;
	rp->v = xgrow(rp->v, &rp->alloc, rp->n + 1, sizeof(*rp->v));
	rp->verbose |= o->verbose;
	rp->v[rp->n].kind = k;
	rp->v[rp->n++].state = st;
	return 0;
}

void
reporter_suite_begin(struct reporter *rp, const struct suite_result *s)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		if (rp->v[i].kind->suite_begin)
			rp->v[i].kind->suite_begin(rp->v[i].state, s);
}

void
reporter_test_done(struct reporter *rp, const struct suite_result *s,
    const struct test_result *t)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		if (rp->v[i].kind->test_done)
			rp->v[i].kind->test_done(rp->v[i].state, s, t);
}

void
reporter_suite_end(struct reporter *rp, const struct suite_result *s)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		if (rp->v[i].kind->suite_end)
			rp->v[i].kind->suite_end(rp->v[i].state, s);
}

int
reporter_close(struct reporter *rp, const struct run_result *r, char *err,
    size_t errlen)
{
	char e[1024];
	size_t i;
	int rc = 0;

	for (i = 0; i < rp->n; i++) {
		if (rp->v[i].kind->close(rp->v[i].state, r, e, sizeof(e)) == -1 &&
		    rc == 0) {
			snprintf(err, errlen, "%s", e);
			rc = -1;
		}
	}
	rp->n = 0;
	return rc;
}

void
reporter_free(struct reporter *rp)
{
	size_t i;
	char e[16];

	if (rp == NULL)
		return;
	for (i = 0; i < rp->n; i++)		/* never closed: close quietly */
		rp->v[i].kind->close(rp->v[i].state, NULL, e, sizeof(e));
	free(rp->v);
	free(rp);
}

/* The fan-out as the runner's observer (harness/run/observer.h). */
static void
on_suite_begin(void *rp, const struct suite_result *s)
{
	reporter_suite_begin(rp, s);
}

static void
on_test_done(void *rp, const struct suite_result *s,
    const struct test_result *t)
{
	reporter_test_done(rp, s, t);
}

static void
on_suite_end(void *rp, const struct suite_result *s)
{
	reporter_suite_end(rp, s);
}

struct observer
reporter_observer(struct reporter *rp)
{
	struct observer o = { rp, on_suite_begin, on_test_done, on_suite_end, 0,
	    rp->verbose };

	return o;
}

int
report_render_close(void *file, const struct run_result *r,
    void (*render)(struct buf *b, const struct run_result *r), char *err,
    size_t errlen)
{
	struct buf b = BUF_INIT;
	int rc;

	if (r != NULL)
		render(&b, r);
	rc = report_file_close(file, r ? buf_str(&b) : NULL, b.len, err, errlen);
	buf_release(&b);
	return rc;
}

struct report_stream {
	struct report_file *file;
	struct report_hole *holes;
	size_t		 n;
	size_t		 alloc;
};

struct report_stream *
report_stream_open(const char *path, char *err, size_t errlen)
{
	struct report_file *f = report_file_open(path, err, errlen);
	struct report_stream *rs;

	if (f == NULL)
		return NULL;
	if (report_file_spool(f, err, errlen) == -1) {
		report_file_abandon(f);
		return NULL;
	}
	rs = xcalloc(1, sizeof(*rs));
	rs->file = f;
	return rs;
}

void
report_stream_add(struct report_stream *rs, const char *s, size_t len)
{
	report_file_spool_add(rs->file, s, len);
}

void
report_stream_buf(struct report_stream *rs, struct buf *b)
{
	report_file_spool_add(rs->file, buf_str(b), b->len);
	buf_reset(b);
}

void
report_stream_hole(struct report_stream *rs, int kind,
    const struct suite_result *s, size_t index, size_t n)
{
	struct report_hole *h;

	rs->holes = xgrow(rs->holes, &rs->alloc, rs->n + 1, sizeof(*rs->holes));
	h = &rs->holes[rs->n++];
	h->at = report_file_spooled(rs->file);
	h->kind = kind;
	h->s = s;
	h->index = index;
	h->n = n;
}

int
report_stream_walk(struct report_stream *rs,
    void (*fill)(void *arg, struct buf *b, const struct report_hole *h),
    void *fill_arg, void (*sink)(void *arg, const char *p, size_t n),
    void *sink_arg)
{
	struct buf b = BUF_INIT;
	long at = 0;
	size_t i;
	int rc = 0;

	for (i = 0; i < rs->n && rc == 0; i++) {
		rc = report_file_spool_copy(rs->file, at, rs->holes[i].at, sink,
		    sink_arg);
		at = rs->holes[i].at;
		buf_reset(&b);
		fill(fill_arg, &b, &rs->holes[i]);
		if (b.len > 0)
			sink(sink_arg, b.data, b.len);
	}
	if (rc == 0)
		rc = report_file_spool_copy(rs->file, at,
		    report_file_spooled(rs->file), sink, sink_arg);
	buf_release(&b);
	return rc;
}

void
report_stream_each_hole(const struct report_stream *rs,
    void (*fn)(void *arg, const struct report_hole *h), void *arg)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		fn(arg, &rs->holes[i]);
}

void
report_stream_write(struct report_stream *rs, const char *p, size_t n)
{
	report_file_write(rs->file, p, n);
}

static void
write_sink(void *rs, const char *p, size_t n)
{
	report_stream_write(rs, p, n);
}

int
report_stream_close(struct report_stream *rs, int run,
    void (*fill)(void *arg, struct buf *b, const struct report_hole *h),
    void (*sink)(void *arg, const char *p, size_t n), void *arg,
    char *err, size_t errlen)
{
	int rc = 0;

	if (!run)
		report_file_abandon(rs->file);
	else if (report_file_begin(rs->file, err, errlen) == -1)
		rc = report_file_commit(rs->file, err, errlen);
	else {
		report_stream_walk(rs, fill, arg, sink ? sink : write_sink,
		    sink ? arg : rs);
		rc = report_file_commit(rs->file, err, errlen);
	}
	free(rs->holes);
	free(rs);
	return rc;
}
