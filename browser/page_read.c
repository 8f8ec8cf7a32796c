/* page_read.c - what is read of a page once its steps are done: the
 * snapshot expectations check, the elements a selector finds, a
 * full-page screenshot with secrets redacted first, the serialized DOM. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base64.h"
#include "../base/buf.h"
#include "../base/clock.h"
#include "browser.h"
#include "browser_impl.h"

#define READ_MS		10000
#define SHOT_MS		30000

static const char where_js[] =
"() => ({url: location.href, title: document.title})";

static const char elements_js[] =
"(sel) => {"
" const f = sdFind(sel);"
" if (f.error) return {error: f.error};"
" if (!f.nodes) return {items: [f.scalar]};"
" return {items: f.nodes.map(n => {"
"  const o = {};"
"  if (n.nodeType === 1) {"
"   o.text = (typeof n.innerText === 'string' ? n.innerText : n.textContent).trim();"
"   o.visible = sdVisible(n);"
"   if (['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'OPTION', 'OUTPUT'].includes(n.tagName))"
"    o.value = String(n.value);"
"   o.attributes = {};"
"   for (const a of n.attributes) o.attributes[a.name] = a.value;"
"  } else {"
"   o.text = n.nodeType === 2 ? n.value : String(n.nodeValue || n.textContent || '').trim();"
"   o.visible = sdVisible(n);"
"   o.attributes = {};"
"  }"
"  return o;"
" })};"
"}";

/* Secrets (strings) in fields that are not password fields, in
 * attributes (but a password field's value) and in text nodes rewritten,
 * then looked for again: the count still shown. */
static const char redact_js[] =
"(secrets) => {"
" const M = '[MASKED]';"
" const fix = s => { for (const x of secrets) if (x) s = s.split(x).join(M); return s; };"
" const has = s => secrets.some(x => x && s.includes(x));"
" const fields = Array.from(document.querySelectorAll('input, textarea'))"
"  .filter(e => !(e.tagName === 'INPUT' && e.type === 'password'));"
" for (const e of fields) if (has(e.value)) e.value = fix(e.value);"
" for (const e of document.querySelectorAll('select option'))"
"  if (has(e.text)) e.text = fix(e.text);"
" for (const e of document.querySelectorAll('*'))"
"  for (const a of Array.from(e.attributes))"
"   if (has(a.value) && !(e.tagName === 'INPUT' && e.type === 'password' && a.name === 'value'))"
"    e.setAttribute(a.name, fix(a.value));"
" const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);"
" for (let n = w.nextNode(); n; n = w.nextNode())"
"  if (has(n.nodeValue)) n.nodeValue = fix(n.nodeValue);"
" let left = fields.filter(e => has(e.value)).length;"
" if (document.body && has(document.body.innerText)) left++;"
" if (has(document.title)) { document.title = fix(document.title); }"
" return left;"
"}";

static const char html_js[] =
"() => (document.doctype ? new XMLSerializer().serializeToString(document.doctype)"
" + '\\n' : '') + (document.documentElement ? document.documentElement.outerHTML : '')";

json_t *
page_snapshot(struct page *p)
{
	struct buf why = BUF_INIT;
	json_t *snap, *w = NULL;

	snap = json_object();
	if (!browser_lost(p->b, NULL)) {
		page_pump(p, 0, &why);	/* the events that came last */
		buf_reset(&why);
		if (page_js(p, where_js, json_array(), clock_now() +
		    READ_MS / 1000.0, &w, &why) != 0) {
			json_decref(w);
			w = NULL;
		}
	}
	json_object_set_new(snap, "url", json_string(json_string_value(
	    json_object_get(w, "url")) ? json_string_value(json_object_get(w,
	    "url")) : p->url ? p->url : ""));
	json_object_set_new(snap, "title", json_string(json_string_value(
	    json_object_get(w, "title")) ? json_string_value(json_object_get(w,
	    "title")) : ""));
	json_object_set_new(snap, "status", p->status > 0 ?
	    json_integer(p->status) : json_null());
	json_object_set_new(snap, "errors", json_deep_copy(p->errors));
	json_object_set_new(snap, "console", json_deep_copy(p->console));
	json_object_set_new(snap, "failedRequests", json_deep_copy(p->failed));
	json_object_set_new(snap, "result", p->result ?
	    json_deep_copy(p->result) : json_null());
	json_decref(w);
	buf_release(&why);
	return snap;
}

json_t *
page_elements(struct page *p, const char *selector, struct buf *why)
{
	json_t *v = NULL, *items;
	int r;

	if (browser_lost(p->b, NULL)) {
		buf_adds(why, "the browser is gone");
		return NULL;
	}
	r = page_js(p, elements_js, json_pack("[s]", selector), clock_now() +
	    READ_MS / 1000.0, &v, why);
	if (r != 0) {
		json_decref(v);
		return NULL;
	}
	if (json_object_get(v, "error") != NULL) {
		buf_addf(why, "'%s': %s", selector, json_string_value(
		    json_object_get(v, "error")));
		json_decref(v);
		return NULL;
	}
	items = json_incref(json_object_get(v, "items"));
	json_decref(v);
	if (!json_is_array(items)) {
		json_decref(items);
		buf_adds(why, "no elements in the page's answer");
		return NULL;
	}
	return items;
}

int
page_screenshot(struct page *p, const json_t *secrets, struct buf *png,
    struct buf *why)
{
	json_t *left = NULL, *res = NULL, *size;
	const char *data;
	double deadline = clock_now() + SHOT_MS / 1000.0, w, h;
	int r;

	if (browser_lost(p->b, NULL)) {
		buf_adds(why, "the browser is gone");
		return -1;
	}
	if (json_array_size(secrets) > 0) {
		if (page_js(p, redact_js, json_pack("[O]", secrets), deadline,
		    &left, why) != 0) {
			json_decref(left);
			return -1;
		}
		r = json_integer_value(left) > 0;
		json_decref(left);
		if (r) {
			buf_adds(why, "the page shows a secret (secrets:) outside "
			    "a password field");
			return -1;
		}
	}
	if (page_call(p, "Page.getLayoutMetrics", NULL, deadline, &res, why) != 0)
		return -1;
	size = json_object_get(res, "cssContentSize");
	w = ceil(json_number_value(json_object_get(size, "width")));
	h = ceil(json_number_value(json_object_get(size, "height")));
	json_decref(res);
	if (w < 1 || h < 1) {
		buf_adds(why, "the page has no size");
		return -1;
	}
	if (page_call(p, "Page.captureScreenshot", json_pack("{s:s, s:b, s:b,"
	    " s:{s:i, s:i, s:f, s:f, s:i}}", "format", "png",
	    "captureBeyondViewport", 1, "fromSurface", 1, "clip", "x", 0, "y", 0,
	    "width", w, "height", h, "scale", 1), deadline, &res, why) != 0)
		return -1;
	data = json_string_value(json_object_get(res, "data"));
	r = data != NULL && base64_decode(data, strlen(data), png) == 0 ? 0 : -1;
	if (r == -1)
		buf_adds(why, "the screenshot is not valid base64");
	json_decref(res);
	return r;
}

int
page_html(struct page *p, struct buf *html, struct buf *why)
{
	json_t *v = NULL;
	int r;

	if (browser_lost(p->b, NULL)) {
		buf_adds(why, "the browser is gone");
		return -1;
	}
	r = page_js(p, html_js, json_array(), clock_now() + READ_MS / 1000.0,
	    &v, why);
	if (r == 0 && json_is_string(v))
		buf_add(html, json_string_value(v), json_string_length(v));
	json_decref(v);
	return r == 0 ? 0 : -1;
}
