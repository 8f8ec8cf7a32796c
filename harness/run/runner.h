/* runner.h - runs the tests of one spec, in order, against a base URL. */
#ifndef SHAKEDOWN_RUNNER_H
#define SHAKEDOWN_RUNNER_H

#include <stddef.h>

#include <jansson.h>

#include "observer.h"
#include "result.h"
#include "../spec/spec.h"


struct engine;

struct run_opts {
	const char	*base_url;	/* --base-url: wins over the spec's; no app started */
	size_t		 max_body;	/* response body cap in bytes */
	long		 timeout_ms;	/* per request when the spec sets none */
	int		 insecure;	/* --insecure */
	const char	*cacert;	/* --cacert */
	const char	*cert;		/* --cert: client certificate */
	const char	*key;		/* --key: its private key */
	const json_t	*tags;		/* --tag: run tests with one of these */
	const json_t	*skip_tags;	/* --skip-tag: and none of these */
	struct engine	*engine;	/* for specs with an app; NULL if none */
	const char	*engine_error;	/* why engine is NULL */
	const char	*image;		/* --image */
	const char	*host;		/* --host */
	const char	*run_id;
	const json_t	*labels;	/* --label: more labels on every object (borrowed) */
	const char	*report_dir;	/* container logs and failed bodies
					 * go here; NULL: nothing is saved */
	const char	*workdir;	/* the run's private temp folder (0700) */
	int		 keep;		/* --keep: leave the app running */
};

enum runner_status {
	RUNNER_OK = 0,		/* every test ran (each may have failed) */
	RUNNER_UNREACHABLE,	/* environment: app unreachable, engine, image,
				 * a file of the report folder not written */
	RUNNER_INTERRUPTED,	/* a terminating signal arrived */
};

/*
 * Runs s, its `seq`th spec: starts its app when it has one (a testcase
 * "<suite>: start" that waits until ready), runs every test in order
 * telling obs about each (NULL: nobody), then takes the app down whatever
 * happened.  s, o and obs borrowed.  *out is a new suite result
 * (suite_result_free).  After an environment failure, a failed setup or an
 * interrupt the remaining tests are skipped, "not run: why".
 */
enum runner_status runner_run(const struct spec *s, const struct run_opts *o,
	    int seq, const struct observer *obs, struct suite_result **out);

#endif
