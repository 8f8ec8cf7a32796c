/* browser.h - a headless Chromium driven over the Chrome DevTools Protocol
 * (https://chromedevtools.github.io/devtools-protocol/): one browser
 * process per spec, started on first use with --remote-debugging-pipe
 * (JSON messages separated by NUL on file descriptors 3 and 4), a
 * profile of its own in the run's private folder; a page (tab) per test
 * attempt in one browser context per spec, so cookies and storage carry
 * from one browser test of a spec to the next, as the HTTP cookie jar
 * does.  The steps a test drives the page with (open, wait, click, fill,
 * select, press, eval) are kinds in a table (browser_steps.c), each in a
 * file of its own.
 *
 * The layer above base/ and assertions/: the runner (harness/run) drives
 * it, the spec loader (harness/spec) compiles `browser:` with it. */
#ifndef SHAKEDOWN_BROWSER_H
#define SHAKEDOWN_BROWSER_H

#include <stddef.h>
#include <jansson.h>

#include "../base/buf.h"
#include "../base/http.h"
#include "../base/spec_ctx.h"

/* ---- the browser process ---------------------------------------------- */

struct browser;

/*
 * The Chromium binary: $SHAKEDOWN_CHROMIUM, else the first of chromium,
 * chromium-browser, google-chrome, google-chrome-stable found in PATH.
 * Returns a new path, or NULL with why set to one line naming the package
 * ("no chromium in PATH: install Debian's chromium package (apt-get
 * install chromium), or set SHAKEDOWN_CHROMIUM").  Cheap: no process is
 * started.
 */
char	*browser_binary(char *why, size_t whylen);

/*
 * Starts Chromium (headless, its own process group, a profile folder made
 * under workdir, borrowed, the run's private folder; NULL: $TMPDIR) and
 * waits for its first answer (Browser.getVersion), at most timeout_ms.
 * The process group is told to the watchdog (watch_notes.h), so a
 * SIGKILLed run leaves no browser.  Returns new (browser_free), or NULL
 * with err set: why, and the last lines of Chromium's stderr.
 */
struct browser *browser_new(const char *workdir, long timeout_ms, char *err,
	    size_t errlen);

#define BROWSER_START_TIMEOUT	30000	/* ms: browser_new's default */

/* Closes the browser (Browser.close, then SIGKILL to its process group
 * after 2 s), reaps it and removes its profile folder; accepts NULL. */
void	 browser_free(struct browser *b);

/* Non-zero once the browser crashed, closed its pipe or did not answer
 * within a call's deadline: an environment error; *stderr_tail (borrowed
 * from b) is the last lines it wrote on stderr. */
int	 browser_lost(const struct browser *b, const char **stderr_tail);

/* "Chrome 156.0.7000.0": the product it reported (Browser.getVersion;
 * headless Chromium calls itself Chrome), borrowed. */
const char *browser_version(const struct browser *b);

/* ---- a test's `browser:`, compiled ------------------------------------- */

struct browser_step_kind;

/* One step as written, arguments compiled; strings are templates. */
struct browser_step {
	const struct browser_step_kind *kind;	/* borrowed: table entry */
	void		*arg;		/* the kind's compiled data, owned */
	long		 timeout_ms;	/* -1: the test's */
	int		 line;		/* where it is written */
	int		 col;
};

struct browser_test {
	char		*open;		/* template: a path joined to the base
					 * URL, or an absolute URL; NULL: none
					 * (the first step opens) */
	struct browser_step *steps;
	size_t		 nsteps;
	struct http_header *headers;	/* templates: sent with every request
					 * of the page (Network.setExtraHTTPHeaders) */
	size_t		 nheaders;
	struct http_header *cookies;	/* templates: set for the page's
					 * origin before it opens */
	size_t		 ncookies;
	long		 timeout_ms;	/* per step; -1: BROWSER_STEP_TIMEOUT */
	int		 width;		/* viewport in CSS pixels */
	int		 height;
};

#define BROWSER_STEP_TIMEOUT	10000	/* ms */

/*
 * Compiles node, the value of a test's `browser:` (a mapping: open,
 * steps, headers, cookies, timeout, viewport; or a string, the path to
 * open).  {{names}} are checked against ctx->vars and recorded in
 * ctx->used, like every template of a test.  Errors go through ctx at the
 * faulty key or item.  Returns new (browser_test_free), or NULL after
 * reporting.  ctx and node borrowed.
 */
struct browser_test *browser_test_compile(struct spec_ctx *ctx,
	    const json_t *test, const json_t *node);
void	 browser_test_free(struct browser_test *bt);	/* accepts NULL */

/* ---- a page, and a test run in it -------------------------------------- */

struct page;

/* A new tab of b's context, its viewport set; NULL with err set. */
struct page *page_new(struct browser *b, int width, int height, char *err,
	    size_t errlen);
/* Closes the tab; accepts NULL. */
void	 page_free(struct page *p);

/*
 * Runs bt in p: sets its headers and cookies, opens base_url + open, runs
 * each step in turn ({{names}} expanded from vars, borrowed).  Each step
 * writes one line to log (the caller's): "  1. click '#add'   42 ms" (a
 * fill of a value that is a secret shows it masked by mask_global(); the
 * opening, "  open '/'   120 ms"; a failed step ends "  (failed)").  A
 * dialog (alert, confirm, prompt) is accepted at once.
 * Returns 0 when every step was done; -1 when one failed, with why set to
 * one line naming it ("step 3, click '#add' (spec line 14): no element
 * matches '#add' within 10 s"); -1 with browser_lost() set when the
 * browser went away.
 */
int	 page_run(struct page *p, const struct browser_test *bt,
	    const char *base_url, const json_t *vars, struct buf *log,
	    struct buf *why);

/*
 * What expectations read of the page once the steps are done: a new
 * object (never NULL):
 *   url             string, location.href
 *   title           string, document.title
 *   status          integer, the main document's HTTP status, or null
 *   errors          array of strings: uncaught exceptions and unhandled
 *                   rejections, "message (url:line:col)"
 *   console         array of strings: console messages of level error
 *                   (console.error, console.assert), "text (url:line)"
 *   failedRequests  array of strings: subresources that failed,
 *                   "404 GET http://…/app.js" or
 *                   "net::ERR_BLOCKED_BY_CLIENT GET http://…"
 *   result          the value of the last eval step (JSON), or null
 *   html            not here: page_html
 */
json_t	*page_snapshot(struct page *p);

/*
 * The elements a selector finds now: CSS (document.querySelectorAll), or
 * XPath 1.0 (document.evaluate) when it begins with '/' or '(' or is
 * written "xpath=…"; "css=…" forces CSS.  A new array, one object per
 * element or node, in document order:
 *   text        string: innerText, trimmed (an attribute or text node:
 *               its value)
 *   visible     boolean: rendered with a non-empty box, not
 *               visibility:hidden (Element.checkVisibility)
 *   value       string: a form field's value, or absent
 *   attributes  object: name → value
 * An XPath whose result is a number, string or boolean gives an array of
 * that one value.  NULL with why set when the selector is malformed or
 * the browser is lost.
 */
json_t	*page_elements(struct page *p, const char *selector, struct buf *why);

/*
 * A PNG of the whole page (beyond the viewport) appended to png.  The
 * values of secrets (borrowed array of strings) typed into fields that are
 * not password fields, or shown in the page's text, are replaced by
 * "[MASKED]" in the page first; if one is still found after that, no
 * screenshot is taken: -1 with why "the page shows a secret (secrets:)
 * outside a password field".  -1 with why on other failures.
 */
int	 page_screenshot(struct page *p, const json_t *secrets, struct buf *png,
	    struct buf *why);

/* The page's DOM serialized (document.documentElement.outerHTML, with
 * the doctype) appended to html; -1 with why set. */
int	 page_html(struct page *p, struct buf *html, struct buf *why);

#endif
