/* ready.h - wait until the app is ready: every probe of the spec's
 * `ready:` (http, tcp, log, healthy, exec) holds, retried with exponential
 * backoff and jitter under one deadline.  With a container, each attempt
 * first checks it is still running: a dead app fails at once, with its
 * exit code, instead of waiting out the deadline. */
#ifndef SHAKEDOWN_READY_H
#define SHAKEDOWN_READY_H

#include "../../base/buf.h"
#include "engine.h"
#include "../spec/spec.h"
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
 * Waits; why gets one line saying why it is not ready: the exit code, or
 * what the last probe that got an answer found (a status and body, a
 * refused connection, the log lines matched so far, an exit code and
 * output), never a probe the deadline cut short; when nothing answered on
 * the port, what the image exposes and the app's log says it listens on.
 * *attempts is the number of rounds of probes.  r and t borrowed; why is
 * the caller's, appended to.
 */
enum ready_status ready_wait(const struct ready_spec *r,
	    const struct ready_target *t, struct buf *why, int *attempts);

/*
 * The log probe's reader: fed the bytes of a container's log stream as they
 * arrive (multiplexed or a TTY's, cut anywhere), it counts the lines,
 * stdout's and stderr's, and those re matches, each line on its own without
 * its "\n" or "\r\n" (so ^ and $ anchor at each line).  new returns a new
 * reader (log_lines_free, which accepts NULL) that borrows re (re must
 * outlive it); feed reads p (borrowed) and keeps the cut line.
 */
struct log_lines;
struct log_lines *log_lines_new(const pcre2_code *re);
void	 log_lines_feed(struct log_lines *ll, const char *p, size_t len);
long	 log_lines_total(const struct log_lines *ll);
long	 log_lines_matches(const struct log_lines *ll);
void	 log_lines_free(struct log_lines *ll);

/*
 * The ports a log says the app listens on ("listening on port 8080",
 * "Listening on http://0.0.0.0:3000", "Running on :8000"), other than skip:
 * up to max of them into ports (the caller's), each once; log borrowed.
 * Returns how many.
 */
int	 ready_log_ports(const char *log, size_t len, int skip, int *ports,
	    int max);

#endif
