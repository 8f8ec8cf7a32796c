/* cdp.h - a DevTools Protocol connection over a pipe
 * (--remote-debugging-pipe): JSON messages separated by NUL bytes, calls
 * matched to their replies by id, flat sessions (a sessionId per attached
 * target), and events passed to the handler a page registered for its
 * session. */
#ifndef SHAKEDOWN_CDP_H
#define SHAKEDOWN_CDP_H

#include <stddef.h>
#include <jansson.h>

#define CDP_MAX_MESSAGE	(64u << 20)	/* a reply larger is an error */

struct cdp;

/* An event of a session: method and params (borrowed for the call). */
typedef void (*cdp_event_fn)(void *arg, const char *method,
    const json_t *params);

/* A connection writing to wfd and reading from rfd (both stolen: closed
 * by cdp_free).  Returns new. */
struct cdp *cdp_new(int wfd, int rfd);
/* Closes both pipes; accepts NULL. */
void	 cdp_free(struct cdp *c);

/* Events of session (borrowed: copied; NULL: the browser's own) go to fn
 * with arg; fn NULL removes the handler.  A handler must not call
 * cdp_call (it records what it saw), only cdp_send. */
void	 cdp_on_event(struct cdp *c, const char *session, cdp_event_fn fn,
	    void *arg);

/*
 * Calls method (borrowed) in session (borrowed, NULL: the browser) with
 * params (stolen; NULL: {}), waiting until deadline (seconds on
 * clock_now()'s clock) for the reply while events are dispatched.
 * Returns 0 with *result (may be NULL: not wanted) set to the reply's
 * result (new); -1 with err set: the protocol's error message for a
 * refused call (the connection stays usable), or, with cdp_lost() set,
 * the end of the pipe, a deadline passed, a reply over CDP_MAX_MESSAGE,
 * or an interrupt (interrupted()).
 */
int	 cdp_call(struct cdp *c, const char *session, const char *method,
	    json_t *params, double deadline, json_t **result, char *err,
	    size_t errlen);

/* Sends a call without waiting for its reply (dropped when it comes):
 * for an event handler that must answer at once (a dialog that blocks the
 * page).  params stolen.  Returns 0, or -1 when the pipe is gone. */
int	 cdp_send(struct cdp *c, const char *session, const char *method,
	    json_t *params);

/* Reads and dispatches events until deadline (nothing waits when it has
 * passed: the pending ones are read).  Returns 0, or -1 with err set
 * when the connection is lost (cdp_lost) or interrupted() (not lost). */
int	 cdp_pump(struct cdp *c, double deadline, char *err, size_t errlen);

/* Non-zero once the pipe ended, a call timed out or a reply was too
 * large: nothing more is sent. */
int	 cdp_lost(const struct cdp *c);

#endif
