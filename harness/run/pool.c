/* pool.c - sequential or parallel runs of specs. */
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
	size_t		 shown;		/* suites replayed to obs so far */
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

static void *
worker(void *arg)
{
	/* Silent, keeping every test until the suite is replayed. */
	static const struct observer keep_all = { .keep_all = 1 };
	struct pool *p = arg;
	struct run_opts o = *p->o;
	struct suite_result *sr;
	enum runner_status st;
	char err[1024];
	size_t i;

	if (o.engine != NULL && (o.engine = engine_new(err, sizeof(err))) == NULL)
		o.engine_error = err;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			break;
		st = runner_run(p->specs[i], &o, (int)i + 1, &keep_all, &sr);
		/* The suites reach the reporters in the order of specs, as in
		 * a sequential run: a suite that ends before one given before
		 * it waits for it. */
		pthread_mutex_lock(&p->lock);
		p->out[i] = sr;
		for (; p->shown < p->n && p->out[p->shown] != NULL; p->shown++)
			p->out[p->shown] = pool_replay(p->obs, p->out[p->shown]);
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
