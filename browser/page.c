/* page.c - a tab: a target of the browser's context attached as a flat
 * session, what its events tell (uncaught exceptions, console errors,
 * requests in flight and failed, the main document's status, loads), and
 * the calls the steps and the readers share: JavaScript in the page,
 * navigation, waiting for an element to be ready for input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/jsonvalue.h"
#include "../base/xalloc.h"
#include "browser.h"
#include "browser_impl.h"
#include "cdp.h"

#define SETUP_MS	10000	/* creating, attaching, closing a tab */
#define GRACE_S		5.0	/* a call's deadline past its step's */
#define POLL_MS		50

/* In-page helpers, in scope of every function page_js runs. */
static const char find_js[] =
"(sel) => {"
" let xp = null, css = sel;"
" if (sel.startsWith('xpath=')) xp = sel.slice(6);"
" else if (sel.startsWith('css=')) css = sel.slice(4);"
" else if (sel[0] === '/' || sel[0] === '(') xp = sel;"
" try {"
"  if (xp !== null) {"
"   const r = document.evaluate(xp, document, null, XPathResult.ANY_TYPE, null);"
"   if (r.resultType === XPathResult.NUMBER_TYPE) return {scalar: r.numberValue};"
"   if (r.resultType === XPathResult.STRING_TYPE) return {scalar: r.stringValue};"
"   if (r.resultType === XPathResult.BOOLEAN_TYPE) return {scalar: r.booleanValue};"
"   const nodes = []; let n;"
"   while ((n = r.iterateNext()) !== null) nodes.push(n);"
"   return {nodes};"
"  }"
"  return {nodes: Array.from(document.querySelectorAll(css))};"
" } catch (e) { return {error: String(e && e.message || e)}; }"
"}";

static const char visible_js[] =
"(n) => {"
" const el = n.nodeType === 1 ? n : (n.ownerElement || n.parentElement);"
" if (!el || !el.isConnected) return false;"
" if (!el.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true}))"
"  return false;"
" const r = el.getBoundingClientRect();"
" return r.width > 0 && r.height > 0;"
"}";

/* need: click, fill, select, focus. */
static const char ready_js[] =
"async (sel, need) => {"
" const f = sdFind(sel);"
" if (f.error) return {state: 'error', error: f.error};"
" if (!f.nodes) return {state: 'error', error: 'the XPath gives a value, not elements'};"
" const el = f.nodes.find(n => n.nodeType === 1);"
" if (!el) return {state: 'none'};"
" if (!sdVisible(el)) return {state: 'hidden'};"
" if (need !== 'focus' && el.matches(':disabled')) return {state: 'disabled'};"
" const t = el.tagName;"
" if (need === 'fill') {"
"  if (t === 'INPUT') {"
"   if (['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'hidden', 'range', 'color']"
"       .includes(el.type)) return {state: 'error', error: 'an <input type=' + el.type + '> cannot be filled'};"
"   if (el.readOnly) return {state: 'readonly'};"
"  } else if (t === 'TEXTAREA') {"
"   if (el.readOnly) return {state: 'readonly'};"
"  } else if (!el.isContentEditable)"
"   return {state: 'error', error: 'it is not an <input>, a <textarea> or an editable element'};"
" }"
" if (need === 'select' && t !== 'SELECT') return {state: 'error', error: 'it is not a <select>'};"
" el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});"
" const a = el.getBoundingClientRect();"
" await new Promise(res => { const to = setTimeout(res, 100);"
"  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(to); res(); })); });"
" const b = el.getBoundingClientRect();"
" if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height)"
"  return {state: 'moving'};"
" const x = b.left + b.width / 2, y = b.top + b.height / 2;"
" if (need === 'click') {"
"  const h = document.elementFromPoint(x, y);"
"  if (h && h !== el && !el.contains(h))"
"   return {state: 'covered', by: h.outerHTML.slice(0, 60)};"
" }"
" if (need !== 'click') el.focus();"
" return {state: 'ok', x, y};"
"}";

/* ---- events ------------------------------------------------------------ */

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int
is_main(const struct page *p, const json_t *params)
{
	return strcmp(jstr(params, "frameId"), p->target) == 0;
}

/* The first line of s, a new string. */
static char *
first_line(const char *s)
{
	return xstrndup(s, strcspn(s, "\n"));
}

/* "text" of a remote object: a string as it is, other values as JSON, else
 * its description. */
static void
remote_text(const json_t *o, struct buf *out)
{
	const json_t *v = json_object_get(o, "value");
	char *s;

	if (json_is_string(v))
		buf_adds(out, json_string_value(v));
	else if (v != NULL) {
		s = jsonvalue_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		buf_adds(out, s);
		free(s);
	} else if (json_object_get(o, "description") != NULL)
		buf_adds(out, jstr(o, "description"));
	else if (json_object_get(o, "unserializableValue") != NULL)
		buf_adds(out, jstr(o, "unserializableValue"));
	else
		buf_adds(out, jstr(o, "type"));
}

static void
on_exception(struct page *p, const json_t *params)
{
	const json_t *d = json_object_get(params, "exceptionDetails");
	const json_t *ex = json_object_get(d, "exception");
	struct buf msg = BUF_INIT;
	char *line;

	if (strncmp(jstr(d, "text"), "Uncaught (in promise)", 21) == 0)
		buf_adds(&msg, "(in promise) ");
	if (json_object_get(ex, "description") != NULL) {
		line = first_line(jstr(ex, "description"));
		buf_adds(&msg, line);
		free(line);
	} else if (ex != NULL)
		remote_text(ex, &msg);
	else
		buf_adds(&msg, jstr(d, "text"));
	if (*jstr(d, "url") != '\0')
		buf_addf(&msg, " (%s:%lld:%lld)", jstr(d, "url"),
		    (long long)json_integer_value(json_object_get(d,
		    "lineNumber")) + 1, (long long)json_integer_value(
		    json_object_get(d, "columnNumber")) + 1);
	json_array_append_new(p->errors, json_string(buf_str(&msg)));
	buf_release(&msg);
}

static void
on_console(struct page *p, const json_t *params)
{
	const char *type = jstr(params, "type");
	const json_t *args = json_object_get(params, "args"), *frame;
	struct buf msg = BUF_INIT;
	size_t i;

	if (strcmp(type, "error") != 0 && strcmp(type, "assert") != 0)
		return;
	if (strcmp(type, "assert") == 0)
		buf_adds(&msg, "Assertion failed");
	for (i = 0; i < json_array_size(args); i++) {
		if (msg.len > 0)
			buf_adds(&msg, strcmp(type, "assert") == 0 && i == 0 ?
			    ": " : " ");
		remote_text(json_array_get(args, i), &msg);
	}
	frame = json_array_get(json_object_get(json_object_get(params,
	    "stackTrace"), "callFrames"), 0);
	if (frame != NULL && *jstr(frame, "url") != '\0')
		buf_addf(&msg, " (%s:%lld)", jstr(frame, "url"),
		    (long long)json_integer_value(json_object_get(frame,
		    "lineNumber")) + 1);
	json_array_append_new(p->console, json_string(buf_str(&msg)));
	buf_release(&msg);
}

/* The icon Chromium asks for by itself (type Other, /favicon.ico): not
 * the page's request. */
static int
favicon(const json_t *params)
{
	const char *url = jstr(json_object_get(params, "request"), "url");
	size_t n = strlen(url);

	return strcmp(jstr(params, "type"), "Other") == 0 && n >= 12 &&
	    strcmp(url + n - 12, "/favicon.ico") == 0;
}

static void
on_request(struct page *p, const char *method, const json_t *params)
{
	const char *id = jstr(params, "requestId");
	const json_t *req = json_object_get(params, "request");
	json_t *r = json_object_get(p->inflight, id);
	long long status;

	p->net_changed = clock_now();
	if (strcmp(method, "Network.requestWillBeSent") == 0) {
		if (strcmp(jstr(params, "type"), "Document") == 0 &&
		    is_main(p, params)) {
			free(p->main_request);
			p->main_request = xstrdup(id);
			p->status = -1;
			/* The old document's requests end with it; Chromium
			 * does not always say so. */
			json_object_clear(p->inflight);
		}
		if (favicon(params))
			return;
		json_object_set_new(p->inflight, id, json_pack("{s:s, s:s, s:i}",
		    "url", jstr(req, "url"), "method", jstr(req, "method"),
		    "status", 0));
		return;
	}
	if (r == NULL)
		return;
	if (strcmp(method, "Network.responseReceived") == 0) {
		status = json_integer_value(json_object_get(json_object_get(
		    params, "response"), "status"));
		json_object_set_new(r, "status", json_integer(status));
		if (p->main_request != NULL && strcmp(id, p->main_request) == 0)
			p->status = (int)status;
		return;
	}
	if (p->main_request == NULL || strcmp(id, p->main_request) != 0) {
		/* A failed status first: Chromium cancels the body of a
		 * script answered 404 (loadingFailed, canceled). */
		status = json_integer_value(json_object_get(r, "status"));
		if (status >= 400)
			json_array_append_new(p->failed, json_sprintf("%lld %s %s",
			    status, jstr(r, "method"), jstr(r, "url")));
		else if (strcmp(method, "Network.loadingFailed") == 0 &&
		    !json_is_true(json_object_get(params, "canceled")))
			json_array_append_new(p->failed, json_sprintf("%s %s %s",
			    jstr(params, "errorText"), jstr(r, "method"),
			    jstr(r, "url")));
	}
	json_object_del(p->inflight, id);
}

static void
on_event(void *arg, const char *method, const json_t *params)
{
	struct page *p = arg;
	const json_t *frame;

	if (strcmp(method, "Runtime.exceptionThrown") == 0)
		on_exception(p, params);
	else if (strcmp(method, "Runtime.consoleAPICalled") == 0)
		on_console(p, params);
	else if (strcmp(method, "Network.requestWillBeSent") == 0 ||
	    strcmp(method, "Network.responseReceived") == 0 ||
	    strcmp(method, "Network.loadingFinished") == 0 ||
	    strcmp(method, "Network.loadingFailed") == 0)
		on_request(p, method, params);
	else if (strcmp(method, "Page.frameRequestedNavigation") == 0) {
		if (is_main(p, params) &&
		    strcmp(jstr(params, "disposition"), "currentTab") == 0)
			p->nav_requested = 1;
	} else if (strcmp(method, "Page.frameStartedLoading") == 0) {
		if (is_main(p, params)) {
			p->loading = 1;
			p->nav_requested = 0;
		}
	} else if (strcmp(method, "Page.frameStoppedLoading") == 0) {
		if (is_main(p, params))
			p->loading = 0;
	} else if (strcmp(method, "Page.loadEventFired") == 0) {
		p->loads++;
		p->loading = 0;
		p->nav_requested = 0;
	} else if (strcmp(method, "Page.frameNavigated") == 0) {
		frame = json_object_get(params, "frame");
		if (json_object_get(frame, "parentId") == NULL) {
			free(p->url);
			p->url = xstrdup(jstr(frame, "url"));
		}
	} else if (strcmp(method, "Page.navigatedWithinDocument") == 0) {
		if (is_main(p, params)) {
			free(p->url);
			p->url = xstrdup(jstr(params, "url"));
		}
	} else if (strcmp(method, "Page.javascriptDialogOpening") == 0) {
		/* An alert, confirm or prompt blocks the page: accepted at
		 * once (a prompt with its default), as a user clicking OK. */
		cdp_send(browser_cdp(p->b), p->session,
		    "Page.handleJavaScriptDialog", json_pack("{s:b, s:s}",
		    "accept", 1, "promptText", jstr(params, "defaultPrompt")));
	} else if (strcmp(method, "Inspector.targetCrashed") == 0 ||
	    strcmp(method, "Inspector.detached") == 0)
		p->crashed = 1;
}

/* ---- calls ------------------------------------------------------------- */

int
page_call(struct page *p, const char *method, json_t *params,
    double deadline, json_t **result, struct buf *why)
{
	char err[1024];

	if (cdp_call(browser_cdp(p->b), p->session, method, params, deadline,
	    result, err, sizeof(err)) == 0)
		return 0;
	buf_adds(why, err);
	if (cdp_lost(browser_cdp(p->b))) {
		browser_note_lost(p->b);
		return -2;
	}
	return -1;
}

int
page_pump(struct page *p, double deadline, struct buf *why)
{
	char err[1024];

	if (cdp_pump(browser_cdp(p->b), deadline, err, sizeof(err)) == 0)
		return 0;
	buf_adds(why, err);
	browser_note_lost(p->b);
	return -1;
}

/* The value of an evaluation's reply (result.result), new. */
static json_t *
remote_value(const json_t *ro)
{
	const json_t *v = json_object_get(ro, "value");
	const char *u = json_string_value(json_object_get(ro,
	    "unserializableValue"));

	if (v != NULL)
		return json_deep_copy(v);
	if (u != NULL)
		return strcmp(u, "-0") == 0 ? json_integer(0) : json_string(u);
	return json_null();
}

/* Runtime.evaluate of expr, awaited, by value; as page_js. */
static int
evaluate(struct page *p, const char *expr, double deadline, json_t **value,
    struct buf *why)
{
	json_t *res, *ex;
	const json_t *d;
	char *line;
	int r;

	*value = NULL;
	r = page_call(p, "Runtime.evaluate", json_pack("{s:s, s:b, s:b, s:b}",
	    "expression", expr, "awaitPromise", 1, "returnByValue", 1,
	    "userGesture", 1), deadline + GRACE_S, &res, why);
	if (r == -2)
		return -3;
	if (r == -1)
		return -2;
	if ((d = json_object_get(res, "exceptionDetails")) != NULL) {
		ex = json_object_get(d, "exception");
		if (json_is_string(json_object_get(ex, "value")))
			buf_adds(why, jstr(ex, "value"));
		else if (json_object_get(ex, "description") != NULL) {
			line = first_line(jstr(ex, "description"));
			buf_adds(why, line);
			free(line);
		} else if (ex != NULL)
			remote_text(ex, why);
		else
			buf_adds(why, jstr(d, "text"));
		json_decref(res);
		return -1;
	}
	*value = remote_value(json_object_get(res, "result"));
	json_decref(res);
	return 0;
}

int
page_js(struct page *p, const char *fn, json_t *args, double deadline,
    json_t **value, struct buf *why)
{
	struct buf expr = BUF_INIT;
	char *a;
	size_t i;
	int r;

	buf_addf(&expr, "(async () => { const sdFind = %s; const sdVisible = %s;"
	    " return await (%s)(", find_js, visible_js, fn);
	for (i = 0; i < json_array_size(args); i++) {
		a = json_dumps(json_array_get(args, i), JSON_ENCODE_ANY |
		    JSON_COMPACT);
		buf_addf(&expr, "%s%s", i ? ", " : "", a);
		free(a);
	}
	buf_adds(&expr, "); })()");
	json_decref(args);
	r = evaluate(p, buf_str(&expr), deadline, value, why);
	buf_release(&expr);
	return r;
}

int
page_eval(struct page *p, const char *code, double deadline, json_t **value,
    struct buf *why)
{
	struct buf expr = BUF_INIT;
	json_t *str = json_string(code);
	char *lit;
	long ms = (long)((deadline - clock_now()) * 1000);
	int r;

	if (str == NULL) {
		buf_adds(why, "the code is not valid UTF-8");
		return -1;
	}
	/* The code as a string literal for a global eval, raced against the
	 * step's time: a promise that never settles does not hang the call. */
	lit = json_dumps(str, JSON_ENCODE_ANY);
	json_decref(str);
	buf_addf(&expr, "(async () => { const v = (0, eval)(%s);"
	    " return await Promise.race([v, new Promise((_, no) => setTimeout("
	    "() => no('no value within %ld ms'), %ld))]); })()", lit,
	    ms > 0 ? ms : 0, ms > 0 ? ms : 0);
	free(lit);
	r = evaluate(p, buf_str(&expr), deadline, value, why);
	buf_release(&expr);
	return r;
}

void
browser_duration(long ms, char *out, size_t outlen)
{
	if (ms % 1000 == 0)
		snprintf(out, outlen, "%ld s", ms / 1000);
	else if (ms < 1000)
		snprintf(out, outlen, "%ld ms", ms);
	else
		snprintf(out, outlen, "%.1f s", ms / 1000.0);
}

/* ---- navigation and readiness ------------------------------------------ */

int
page_open(struct page *p, const char *url, double deadline, struct buf *why)
{
	json_t *res;
	long before = p->loads;
	int r;

	r = page_call(p, "Page.navigate", json_pack("{s:s}", "url", url),
	    deadline + GRACE_S, &res, why);
	if (r == -2)
		return -3;
	if (r == -1)
		return -1;
	if (*jstr(res, "errorText") != '\0') {
		buf_addf(why, "%s at %s", jstr(res, "errorText"), url);
		json_decref(res);
		return -1;
	}
	if (json_object_get(res, "loaderId") == NULL) {
		json_decref(res);	/* within the document: no load */
		return 0;
	}
	json_decref(res);
	while (p->loads == before) {
		if (p->crashed) {
			buf_adds(why, "the page crashed");
			return -1;
		}
		if (clock_now() >= deadline) {
			buf_addf(why, "%s did not finish loading in time", url);
			return -1;
		}
		if (page_pump(p, clock_now() + POLL_MS / 1000.0, why) == -1)
			return browser_lost(p->b, NULL) ? -3 : -1;
	}
	return 0;
}

int
page_settle(struct page *p, double deadline, struct buf *why)
{
	double asked;

	/* The events the input caused come first. */
	if (page_pump(p, clock_now() + 0.03, why) == -1)
		return browser_lost(p->b, NULL) ? -3 : -1;
	asked = clock_now();
	while ((p->loading || p->nav_requested) && !p->crashed &&
	    clock_now() < deadline) {
		/* A navigation asked for that never starts (a download, a
		 * 204) is given up after a second. */
		if (!p->loading && clock_now() - asked > 1.0) {
			p->nav_requested = 0;
			break;
		}
		if (page_pump(p, clock_now() + POLL_MS / 1000.0, why) == -1)
			return browser_lost(p->b, NULL) ? -3 : -1;
	}
	return 0;
}

int
page_ready(struct page *p, const char *sel, const char *need,
    double deadline, long timeout_ms, double *x, double *y, struct buf *why)
{
	struct buf err = BUF_INIT;
	json_t *v = NULL;
	const char *state = "none";
	char *last = NULL, dur[32];
	int r;

	for (;;) {
		buf_reset(&err);
		r = page_js(p, ready_js, json_pack("[s, s]", sel, need), deadline,
		    &v, &err);
		if (r == -3) {
			buf_adds(why, buf_str(&err));
			break;
		}
		if (r == 0) {
			state = jstr(v, "state");
			if (strcmp(state, "ok") == 0) {
				*x = json_number_value(json_object_get(v, "x"));
				*y = json_number_value(json_object_get(v, "y"));
				break;
			}
			if (strcmp(state, "error") == 0) {
				buf_addf(why, "'%s': %s", sel, jstr(v, "error"));
				r = -1;
				break;
			}
			free(last);
			last = xstrdup(jstr(v, "by"));
			state = strcmp(state, "none") == 0 ? "none" :
			    strcmp(state, "hidden") == 0 ? "hidden" :
			    strcmp(state, "disabled") == 0 ? "disabled" :
			    strcmp(state, "readonly") == 0 ? "readonly" :
			    strcmp(state, "moving") == 0 ? "moving" : "covered";
		} else if (r == -1) {
			/* Our function threw: a page that broke the DOM API. */
			buf_addf(why, "'%s': %s", sel, buf_str(&err));
			break;
		}
		/* -2: between two documents; try again. */
		json_decref(v);
		v = NULL;
		if (p->crashed) {
			buf_adds(why, "the page crashed");
			r = -1;
			break;
		}
		if (clock_now() >= deadline) {
			browser_duration(timeout_ms, dur, sizeof(dur));
			if (strcmp(state, "none") == 0)
				buf_addf(why, "no element matches '%s' within %s",
				    sel, dur);
			else if (strcmp(state, "hidden") == 0)
				buf_addf(why, "'%s' is not visible within %s", sel,
				    dur);
			else if (strcmp(state, "disabled") == 0)
				buf_addf(why, "'%s' is still disabled after %s",
				    sel, dur);
			else if (strcmp(state, "readonly") == 0)
				buf_addf(why, "'%s' is still read-only after %s",
				    sel, dur);
			else if (strcmp(state, "moving") == 0)
				buf_addf(why, "'%s' is still moving after %s", sel,
				    dur);
			else
				buf_addf(why, "'%s' is still covered by %s after %s",
				    sel, last ? last : "another element", dur);
			r = -1;
			break;
		}
		if (page_pump(p, clock_now() + POLL_MS / 1000.0, why) == -1) {
			r = browser_lost(p->b, NULL) ? -3 : -1;
			break;
		}
	}
	json_decref(v);
	free(last);
	buf_release(&err);
	return r;
}

/* ---- the tab ----------------------------------------------------------- */

struct page *
page_new(struct browser *b, int width, int height, char *err, size_t errlen)
{
	static const char *const domains[] = { "Page.enable",
	    "Runtime.enable", "Network.enable" };
	struct page *p;
	struct buf why = BUF_INIT;
	double deadline = clock_now() + SETUP_MS / 1000.0;
	char e[1024];
	json_t *res;
	size_t i;

	if (browser_lost(b, NULL)) {
		snprintf(err, errlen, "the browser is gone");
		return NULL;
	}
	if (cdp_call(browser_cdp(b), NULL, "Target.createTarget",
	    json_pack("{s:s, s:s}", "url", "about:blank", "browserContextId",
	    browser_context(b)), deadline, &res, e, sizeof(e)) == -1) {
		browser_note_lost(b);
		snprintf(err, errlen, "Target.createTarget: %s", e);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->b = b;
	p->target = xstrdup(jstr(res, "targetId"));
	json_decref(res);
	p->errors = json_array();
	p->console = json_array();
	p->failed = json_array();
	p->inflight = json_object();
	p->status = -1;
	p->net_changed = clock_now();
	if (cdp_call(browser_cdp(b), NULL, "Target.attachToTarget",
	    json_pack("{s:s, s:b}", "targetId", p->target, "flatten", 1),
	    deadline, &res, e, sizeof(e)) == -1) {
		browser_note_lost(b);
		snprintf(err, errlen, "Target.attachToTarget: %s", e);
		page_free(p);
		return NULL;
	}
	p->session = xstrdup(jstr(res, "sessionId"));
	json_decref(res);
	cdp_on_event(browser_cdp(b), p->session, on_event, p);
	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++)
		if (page_call(p, domains[i], NULL, deadline, NULL, &why) != 0)
			goto fail;
	if (page_call(p, "Page.setBypassCSP", json_pack("{s:b}", "enabled", 1),
	    deadline, NULL, &why) != 0 ||
	    page_call(p, "Emulation.setDeviceMetricsOverride",
	    json_pack("{s:i, s:i, s:i, s:b}", "width", width, "height", height,
	    "deviceScaleFactor", 1, "mobile", 0), deadline, NULL, &why) != 0)
		goto fail;
	buf_release(&why);
	return p;
fail:
	snprintf(err, errlen, "a new page: %s", buf_str(&why));
	buf_release(&why);
	page_free(p);
	return NULL;
}

void
page_free(struct page *p)
{
	char e[256];

	if (p == NULL)
		return;
	if (p->session != NULL)
		cdp_on_event(browser_cdp(p->b), p->session, NULL, NULL);
	if (p->target != NULL && !browser_lost(p->b, NULL) &&
	    cdp_call(browser_cdp(p->b), NULL, "Target.closeTarget",
	    json_pack("{s:s}", "targetId", p->target),
	    clock_now() + SETUP_MS / 1000.0, NULL, e, sizeof(e)) == -1)
		browser_note_lost(p->b);
	free(p->target);
	free(p->session);
	json_decref(p->errors);
	json_decref(p->console);
	json_decref(p->failed);
	json_decref(p->inflight);
	free(p->main_request);
	json_decref(p->result);
	free(p->url);
	free(p->base_url);
	free(p);
}
