/* ready.h - wait until the app is ready: every probe of the spec's
 * `ready:` (http, tcp, log, healthy, exec) holds, retried with exponential
 * backoff and jitter under one deadline.  With a container, each attempt
 * first checks it is still running: a dead app fails at once, with its
 * exit code, instead of waiting out the deadline. */
#ifndef SHAKEDOWN_READY_H
#define SHAKEDOWN_READY_H

#include "buf.h"
#include "engine.h"
#include "spec.h"
#include "stack.h"

struct ready_target {
	const char	*base_url;	/* for http probes */
	const char	*host;		/* for tcp probes */
	int		 port;
	struct engine	*engine;	/* NULL when nothing was started */
	const char	*container;	/* container id, or NULL */
	int		 insecure;	/* do not verify TLS (--insecure) */
	const struct stack *stack;	/* for compose services' health */
};

enum ready_status {
	READY_OK,
	READY_TIMEOUT,		/* the deadline passed */
	READY_DIED,		/* the container exited or restarted */
	READY_INTERRUPTED,	/* a terminating signal arrived */
	READY_ENGINE,		/* the engine failed us */
	READY_BADURL,		/* a probe's URL is malformed: waiting cannot
				 * help */
};

/*
 * Waits; why gets one line saying why it is not ready (the last failed
 * probe, or the exit code); *attempts the number of rounds of probes.
 */
enum ready_status ready_wait(const struct ready_spec *r,
	    const struct ready_target *t, struct buf *why, int *attempts);

#endif
