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

/* Hands a finished suite to the reporters, whole. */
static void
replay(const struct observer *obs, const struct suite_result *sr)
{
	size_t i;

	observe_suite_begin(obs, sr);
	for (i = 0; i < sr->ntests; i++)
		observe_test_done(obs, sr, &sr->tests[i]);
	observe_suite_end(obs, sr);
}

/* After the replay: what the runner would have dropped had it reported. */
static void
drop_passing(struct suite_result *sr)
{
	size_t i;

	for (i = 0; i < sr->ntests; i++)
		if (sr->tests[i].status == TEST_PASS) {
			free(sr->tests[i].transcript);
			sr->tests[i].transcript = NULL;
		}
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	/* Silent, keeping the transcripts the observer wants until the
	 * suite is replayed: passing tests' only when it reads them. */
	const struct observer keep_all = { .keep_passing = p->obs != NULL &&
	    (p->obs->keep_passing || p->obs->show_passing) };
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
		pthread_mutex_lock(&p->lock);
		replay(p->obs, sr);
		if (p->obs == NULL || !p->obs->keep_passing)
			drop_passing(sr);
		p->out[i] = sr;
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
