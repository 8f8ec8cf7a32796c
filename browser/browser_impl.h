/* browser_impl.h - what the files of browser/ share and the layers above
 * do not see: the browser's connection and context, the page's state
 * (filled by the events of its session), calls and in-page functions. */
#ifndef SHAKEDOWN_BROWSER_IMPL_H
#define SHAKEDOWN_BROWSER_IMPL_H

#include <sys/types.h>

#include <stddef.h>
#include <jansson.h>

#include "../base/buf.h"
#include "browser.h"
#include "cdp.h"

/* The connection (borrowed from b), the browser context of its pages. */
struct cdp *browser_cdp(struct browser *b);
const char *browser_context(const struct browser *b);
/* The browser's process (and process group) id, its profile folder. */
pid_t	 browser_pid(const struct browser *b);
const char *browser_profile(const struct browser *b);
/* Reads the tail of the browser's stderr once the connection is lost. */
void	 browser_note_lost(struct browser *b);

struct page {
	struct browser	*b;		/* borrowed */
	char		*target;	/* the target id, also the main frame's */
	char		*session;	/* the flat session's id */
	json_t		*errors;	/* strings, as page_snapshot */
	json_t		*console;
	json_t		*failed;
	json_t		*inflight;	/* requestId -> {url, method, status} */
	double		 net_changed;	/* clock_now() of the last change */
	char		*main_request;	/* the main document's requestId */
	int		 status;	/* its HTTP status; -1: none */
	json_t		*result;	/* of the last eval; NULL: null */
	int		 loading;	/* the main frame started loading */
	long		 loads;		/* Page.loadEventFired seen */
	int		 nav_requested;	/* a navigation of it was asked for */
	int		 crashed;
	char		*url;		/* the main frame's, last seen */
	char		*base_url;	/* of the run: what paths join */
};

/* url (borrowed) joined to p's base URL when it is a path, as a new
 * string; an absolute URL (a scheme, "//host") as it is.  NULL with why
 * set when there is no base URL to join a path to. */
char	*page_resolve(const struct page *p, const char *url, struct buf *why);

/*
 * A call in p's session: as cdp_call, the error in why (appended).
 * Returns 0, -1 for a refused call, -2 when the browser is lost (then
 * browser_lost() says so).
 */
int	 page_call(struct page *p, const char *method, json_t *params,
	    double deadline, json_t **result, struct buf *why);

/*
 * Calls the JavaScript function fn (source text, borrowed) with the
 * values of args (stolen array; JSON-encoded into the call, never spliced
 * as text) in the page, where `sdFind(selector)` is in scope (it gives
 * {nodes: […]} or {scalar: v} or {error: "…"}), awaiting a promise.
 * Returns 0 with *value (new; null for undefined); -1 when the function
 * threw (why: its message); -2 for a refused call (a page between two
 * documents: worth a retry); -3 when the browser is lost.
 */
int	 page_js(struct page *p, const char *fn, json_t *args, double deadline,
	    json_t **value, struct buf *why);

/* Evaluates code (borrowed: the spec's JavaScript, an expression or
 * statements, passed as a string literal to a global eval) awaiting its
 * promise at most until deadline; returns as page_js. */
int	 page_eval(struct page *p, const char *code, double deadline,
	    json_t **value, struct buf *why);

/* Reads the events that came, waiting until deadline at most (or not at
 * all: deadline 0).  Returns 0, or -1 with why (lost or interrupted). */
int	 page_pump(struct page *p, double deadline, struct buf *why);

/* Opens url (borrowed) and waits for its load event until deadline.
 * Returns 0, or -1 with why (the navigation's error text, the time out),
 * -3 when the browser is lost. */
int	 page_open(struct page *p, const char *url, double deadline,
	    struct buf *why);

/* After an input event: if it started a navigation of the main frame,
 * waits for its load (until deadline).  Returns 0, or -3 when lost. */
int	 page_settle(struct page *p, double deadline, struct buf *why);

/*
 * Waits until the first element sel (borrowed) matches is ready for
 * `need` ("click", "fill", "select", "focus"): attached, visible, enabled,
 * not moving, scrolled into view (and editable, for fill; a <select> for
 * select).  Returns 0 with *x, *y its centre in CSS pixels of the
 * viewport; -1 with why ("no element matches '#x' within 10 s");
 * -3 when lost.
 */
int	 page_ready(struct page *p, const char *sel, const char *need,
	    double deadline, long timeout_ms, double *x, double *y,
	    struct buf *why);

/* "10 s", "500 ms", "1.5 s" into out. */
void	 browser_duration(long ms, char *out, size_t outlen);

#endif
