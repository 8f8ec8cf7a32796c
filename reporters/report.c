/* report.c - the table of report kinds and the fan-out that feeds every
 * open reporter the same events. */
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
	    0 };
	size_t i;

	for (i = 0; i < rp->n; i++)
		o.keep_passing |= rp->v[i].kind->wants_passing_transcripts;
	o.show_passing = rp->verbose;
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
