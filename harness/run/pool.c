/* pool.c - sequential or parallel runs of specs.  In a parallel run the
 * suites reach the reporters in the order of specs, as in a sequential
 * one: the first not yet reported streams its events as they come; a
 * suite running before its turn keeps its tests whole, and is replayed
 * when its turn comes (at once, when it ended by then). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../lifecycle/engine.h"
#include "pool.h"
#include "../../base/xalloc.h"

struct pool {
	struct spec	**specs;
	size_t		 n;
	size_t		 next;		/* the next spec to take */
	size_t		 shown;		/* suites reported so far */
	const struct run_opts *o;
	const struct observer *obs;	/* the run's observers */
	struct suite_result **out;	/* by spec index */
	enum runner_status worst;
	pthread_mutex_t	 lock;
};

static void
worse(enum runner_status *worst, enum runner_status st)
{
	if (st == RUNNER_INTERRUPTED || (st == RUNNER_UNREACHABLE &&
	    *worst == RUNNER_OK))
		*worst = st;
}

struct suite_result *
pool_replay(const struct observer *obs, struct suite_result *whole)
{
	struct suite_result *s = suite_result_new(whole->name, whole->file);
	struct test_result *t;
	size_t i;

	s->timestamp = whole->timestamp;
	observe_suite_begin(obs, s);
	for (i = 0; i < whole->ntests; i++) {
		s->tests = xgrow(s->tests, &s->alloc, s->ntests + 1,
		    sizeof(*s->tests));
		t = &s->tests[s->ntests++];
		*t = whole->tests[i];		/* moved */
		observe_test_done(obs, s, t);
	}
	s->seconds = whole->seconds;
	observe_suite_end(obs, s);
	whole->ntests = 0;
	suite_result_free(whole);
	return s;
}

/* Between a worker's runner and the run's observers. */
struct gate {
	struct pool	*p;
	size_t		 i;		/* the spec being run */
	int		 live;		/* its events reach p->obs as they come */
	struct observer	 self;		/* the runner's observer */
};

/* Replays the suites that ended whole and whose turn came; p locked. */
static void
catch_up(struct pool *p)
{
	for (; p->shown < p->n && p->out[p->shown] != NULL; p->shown++)
		p->out[p->shown] = pool_replay(p->obs, p->out[p->shown]);
}

/* The suite's turn came: its events so far (all of its tests but the
 * last `pending`) reach the observers, and the rest will as they come.
 * s is the runner's suite, this worker's own; p locked. */
static void
go_live(struct gate *g, const struct suite_result *cs, size_t pending)
{
	struct suite_result *s = (struct suite_result *)cs;
	struct test_result *held, cur;
	size_t n = s->ntests - pending, k;

	observe_suite_begin(g->p->obs, s);
	if (pending)
		cur = s->tests[n];
	held = xcalloc(n + 1, sizeof(*held));
	if (n > 0)
		memcpy(held, s->tests, n * sizeof(*held));
	s->ntests = 0;
	for (k = 0; k < n; k++) {
		s->tests[s->ntests++] = held[k];		/* moved */
		observe_test_done(g->p->obs, s, &s->tests[s->ntests - 1]);
	}
	if (pending)
		s->tests[s->ntests++] = cur;
	free(held);
	g->live = 1;
	g->self.keep_all = 0;
}

static void
gate_begin(void *arg, const struct suite_result *s)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->p->lock);
	if (g->p->shown == g->i)
		go_live(g, s, 0);
	pthread_mutex_unlock(&g->p->lock);
}

/* Then the runner's observe_test_done settles t once live. */
static void
gate_test_done(void *arg, const struct suite_result *s,
    const struct test_result *t)
{
	struct gate *g = arg;
	const struct observer *obs = g->p->obs;

	pthread_mutex_lock(&g->p->lock);
	if (!g->live && g->p->shown == g->i)
		go_live(g, s, 1);
	if (g->live && obs != NULL && obs->test_done != NULL)
		obs->test_done(obs->arg, s, &s->tests[s->ntests - 1]);
	pthread_mutex_unlock(&g->p->lock);
}

static void
gate_end(void *arg, const struct suite_result *s)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->p->lock);
	if (!g->live && g->p->shown == g->i)
		go_live(g, s, 0);
	if (g->live) {
		observe_suite_end(g->p->obs, s);
		g->p->shown++;
		catch_up(g->p);
	}
	pthread_mutex_unlock(&g->p->lock);
}

static void *
worker(void *arg)
{
	struct gate g = { .p = arg };
	struct pool *p = arg;
	struct run_opts o = *p->o;
	struct suite_result *sr;
	enum runner_status st;
	char err[1024];

	if (o.engine != NULL && (o.engine = engine_new(err, sizeof(err))) == NULL)
		o.engine_error = err;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		g.i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (g.i >= p->n)
			break;
		g.live = 0;
		/* Every test whole till its turn; passing tests' transcripts
		 * written only when the run's observer shows them. */
		g.self = (struct observer){ &g, gate_begin, gate_test_done,
		    gate_end, 1, p->obs != NULL && p->obs->show_passing };
		st = runner_run(p->specs[g.i], &o, (int)g.i + 1, &g.self, &sr);
		pthread_mutex_lock(&p->lock);
		p->out[g.i] = sr;	/* reported, or whole till its turn */
		if (!g.live)
			catch_up(p);
		worse(&p->worst, st);
		pthread_mutex_unlock(&p->lock);
	}
	engine_free(o.engine);
	return NULL;
}

enum runner_status
pool_run(struct spec **specs, size_t n, int jobs, const struct run_opts *o,
    const struct observer *obs, struct run_result *rr)
{
	struct pool p = { .specs = specs, .n = n, .o = o, .obs = obs };
	struct suite_result *sr;
	pthread_t *t;
	size_t i, nt = (size_t)jobs < n ? (size_t)jobs : n;

	if (jobs <= 1 || n <= 1) {
		for (i = 0; i < n; i++) {
			worse(&p.worst, runner_run(specs[i], o, (int)i + 1, obs, &sr));
			run_result_add(rr, sr);
		}
		return p.worst;
	}
	p.out = xcalloc(n, sizeof(*p.out));
	pthread_mutex_init(&p.lock, NULL);
	t = xcalloc(nt, sizeof(*t));
	for (i = 0; i < nt; i++)
		pthread_create(&t[i], NULL, worker, &p);
	for (i = 0; i < nt; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < n; i++)
		run_result_add(rr, p.out[i]);
	pthread_mutex_destroy(&p.lock);
	free(t);
	free(p.out);
	return p.worst;
}
