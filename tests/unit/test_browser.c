/* test_browser.c - the browser layer against a real headless Chromium:
 * start and stop (nothing left: no process in its group, no profile),
 * every step kind on a page whose script builds the DOM, the wait
 * messages, elements by CSS and XPath, the snapshot, the screenshot and
 * its redaction of secrets, the HTML, a page over HTTP (status, failed
 * subresources, headers, cookies, network idle), a browser lost.  Without
 * Chromium each test says "skipped: no chromium" and passes. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/buf.h"
#include "../../base/clock.h"
#include "../../base/mask.h"
#include "../../base/rmtree.h"
#include "../../base/spec_ctx.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"
#include "../../browser/browser.h"
#include "../../browser/browser_impl.h"
#include "unit.h"

struct env {
	char		 dir[64];	/* pages and the profile */
	struct browser	*b;
	struct page	*p;
};

static int
no_chromium(void)
{
	char why[256], *bin = browser_binary(why, sizeof(why));

	if (bin == NULL) {
		printf("    skipped: no chromium (%s)\n", why);
		return 1;
	}
	free(bin);
	return 0;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	CHECK((f = fopen(path, "w")) != NULL);
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

static int
env_start(struct env *e, int width, int height)
{
	char err[2048];

	signal(SIGPIPE, SIG_IGN);
	memset(e, 0, sizeof(*e));
	snprintf(e->dir, sizeof(e->dir), "/tmp/test-browser-XXXXXX");
	CHECK(mkdtemp(e->dir) != NULL);
	e->b = browser_new(e->dir, 20000, err, sizeof(err));
	if (e->b == NULL) {
		printf("    browser_new: %s\n", err);
		CHECK(e->b != NULL);
		return -1;
	}
	e->p = page_new(e->b, width, height, err, sizeof(err));
	if (e->p == NULL)
		printf("    page_new: %s\n", err);
	CHECK(e->p != NULL);
	return e->p ? 0 : -1;
}

static void env_stop(struct env *);

/* A browser and a page (width x height) on the file html written as name
 * in the test's folder, whose file:// URL goes to base; -1 when there is
 * no chromium (the test is skipped) or it could not start (a failure). */
static int
env_open(struct env *e, int width, int height, const char *name,
    const char *html, char *base, size_t baselen)
{
	if (no_chromium())
		return -1;
	if (env_start(e, width, height) != 0) {
		env_stop(e);
		return -1;
	}
	write_file(e->dir, name, html);
	snprintf(base, baselen, "file://%s", e->dir);
	return 0;
}

/* Nothing of the browser is left: its group gone, the folder empty. */
static void
env_stop(struct env *e)
{
	pid_t pid = e->b ? browser_pid(e->b) : 0;
	DIR *d;
	struct dirent *de;
	int left = 0;

	page_free(e->p);
	browser_free(e->b);
	if (pid > 0) {
		double t0 = clock_now();

		/* Killed helpers are zombies of init until it reaps them. */
		while (kill(-pid, 0) == 0 && clock_now() - t0 < 5)
			clock_pause_ms(20);
		errno = 0;
		CHECK(kill(-pid, 0) == -1 && errno == ESRCH);
	}
	if ((d = opendir(e->dir)) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strncmp(de->d_name, "chromium-", 9) == 0)
				left++;
		closedir(d);
	}
	CHECK_INT(left, 0);
	rmtree(e->dir);
}

/* `browser:` compiled from yaml (a mapping with the key browser). */
static struct browser_test *
compile(const char *yaml, json_t *vars, struct buf *errs)
{
	struct spec_ctx c = { 0 };
	struct srcdoc *doc;
	struct browser_test *bt;
	char err[512];
	json_t *used = json_object();

	doc = srcdoc_parse("t.yaml", yaml, strlen(yaml), err, sizeof(err));
	CHECK(doc != NULL);
	if (doc == NULL) {
		json_decref(used);
		return NULL;
	}
	c.doc = doc;
	c.path = "t.yaml";
	c.text = yaml;
	c.textlen = strlen(yaml);
	c.errs = errs;
	c.vars = vars;
	c.used = used;
	bt = browser_test_compile(&c, srcdoc_root(doc),
	    json_object_get(srcdoc_root(doc), "browser"));
	spec_ctx_release(&c);
	srcdoc_free(doc);
	json_decref(used);
	return bt;
}

/* Runs yaml's browser: in e's page with base URL base; returns page_run's
 * result, the log and why filled. */
static int
run(struct env *e, const char *yaml, const char *base, json_t *vars,
    struct buf *log, struct buf *why)
{
	struct buf errs = BUF_INIT;
	struct browser_test *bt = compile(yaml, vars, &errs);
	int r;

	if (bt == NULL) {
		printf("    compile: %s\n", buf_str(&errs));
		CHECK(bt != NULL);
		buf_release(&errs);
		return -2;
	}
	r = page_run(e->p, bt, base, vars, log, why);
	browser_test_free(bt);
	buf_release(&errs);
	return r;
}

static const char todo_html[] =
"<!doctype html><html><head><title>Todos</title></head><body>\n"
"<h1>Todos</h1>\n"
"<form id='f'><input id='title' name='title'>\n"
"<select id='prio'><option value='low'>Low</option>"
"<option value='high'>High priority</option></select>\n"
"<button id='add' type='submit'>Add</button>\n"
"<button id='off' type='button' disabled>Off</button></form>\n"
"<ul id='todos'></ul>\n"
"<div id='late' style='display:none'>later text</div>\n"
"<div id='spinner'>spinning</div><p id='ghost' hidden>ghost</p>\n"
"<script>\n"
"document.getElementById('f').addEventListener('submit', ev => {\n"
"  ev.preventDefault();\n"
"  const li = document.createElement('li');\n"
"  li.textContent = document.getElementById('title').value + ' ' +\n"
"    document.getElementById('prio').value;\n"
"  li.dataset.id = String(document.querySelectorAll('#todos li').length + 1);\n"
"  document.getElementById('todos').appendChild(li);\n"
"});\n"
"document.getElementById('title').addEventListener('change', () =>\n"
"  window.changed = (window.changed || 0) + 1);\n"
"document.getElementById('prio').addEventListener('change', () =>\n"
"  window.prioChanged = true);\n"
"document.addEventListener('keydown', ev => window.keys = (window.keys || '') + ev.key + ',');\n"
"setTimeout(() => { document.getElementById('late').style.display = 'block';\n"
"  document.getElementById('spinner').remove(); window.appReady = true; }, 300);\n"
"console.error('bad thing', 42);\n"
"console.log('not an error');\n"
"setTimeout(() => { throw new Error('boom'); }, 0);\n"
"</script></body></html>\n";

UNIT_TEST(test_browser_start_stop)
{
	struct env e;
	char err[2048], script[256];
	struct browser *b;

	if (no_chromium())
		return;
	if (env_start(&e, 800, 600) == 0) {
		CHECK(strncmp(browser_version(e.b), "Chrome", 6) == 0 ||
		    strncmp(browser_version(e.b), "HeadlessChrome ", 15) == 0);
		CHECK(!browser_lost(e.b, NULL));
		CHECK(strncmp(browser_profile(e.b), e.dir, strlen(e.dir)) == 0);
	}
	/* A browser that cannot start: why, and what it wrote on stderr. */
	snprintf(script, sizeof(script), "%s/fake-chromium", e.dir);
	write_file(e.dir, "fake-chromium",
	    "#!/bin/sh\necho 'first line' >&2\necho 'cannot open display' >&2\nexit 1\n");
	chmod(script, 0755);
	setenv("SHAKEDOWN_CHROMIUM", script, 1);
	b = browser_new(e.dir, 5000, err, sizeof(err));
	unsetenv("SHAKEDOWN_CHROMIUM");
	CHECK(b == NULL);
	CHECK_CONTAINS(err, "did not start: the browser closed its pipe");
	CHECK_CONTAINS(err, "first line\ncannot open display");
	browser_free(b);
	unlink(script);
	env_stop(&e);
}

UNIT_TEST(test_browser_steps)
{
	struct env e;
	struct buf log = BUF_INIT, why = BUF_INIT, yaml = BUF_INIT;
	json_t *vars, *snap, *els;
	char base[128];
	int r;

	if (env_open(&e, 800, 600, "todo.html", todo_html, base,
	    sizeof(base)) != 0)
		return;
	vars = json_pack("{s:s, s:s}", "item", "buy milk", "page", "todo.html");
	buf_adds(&yaml,
	    "browser:\n"
	    "  open: /{{page}}\n"
	    "  timeout: 5s\n"
	    "  steps:\n"
	    "    - wait: '#late'\n"
	    "    - wait: { selector: '#spinner', state: detached }\n"
	    "    - wait: { selector: '#late', state: attached }\n"
	    "    - wait: { selector: '#nothing', state: hidden }\n"
	    "    - wait: { text: later text }\n"
	    "    - wait: { js: 'window.appReady === true' }\n"
	    "    - wait: { networkIdle: 100ms }\n"
	    "    - eval: \"window.answer = confirm('sure?'); alert('hi'); 1\"\n"
	    "    - fill: { '#title': '{{item}}' }\n"
	    "    - select: { selector: '#prio', value: High priority }\n"
	    "    - click: '#add'\n"
	    "    - eval: \"document.querySelectorAll('#todos li').length\"\n"
	    "      timeout: 2s\n"
	    "    - fill: { '#title': 'eggs' }\n"
	    "    - select: { '#prio': low }\n"
	    "    - press: { key: Enter, selector: '#title' }\n"
	    "    - press: Shift+a\n"
	    "    - press: Escape\n"
	    "    - eval: \"new Promise(r => setTimeout(() => r({keys: window.keys,"
	    " changed: window.changed, prio: window.prioChanged, answer: window.answer,"
	    " n: document.querySelectorAll('#todos li').length}), 10))\"\n");
	r = run(&e, buf_str(&yaml), base, vars, &log, &why);
	CHECK_INT(r, 0);
	if (getenv("BROWSER_LOG") != NULL)
		printf("%s", buf_str(&log));
	if (r != 0)
		printf("    why: %s\n    log:\n%s", buf_str(&why), buf_str(&log));
	CHECK_CONTAINS(buf_str(&log), "open '/todo.html'   ");
	CHECK_CONTAINS(buf_str(&log), "\n  1. wait '#late'   ");
	CHECK_CONTAINS(buf_str(&log), "\n  2. wait '#spinner' detached   ");
	CHECK_CONTAINS(buf_str(&log), "\n  9. fill '#title' 'buy milk'   ");
	CHECK_CONTAINS(buf_str(&log), "\n  11. click '#add'   ");
	CHECK_CONTAINS(buf_str(&log), "\n  15. press 'Enter' in '#title'   ");
	CHECK_CONTAINS(buf_str(&log), " ms\n");
	snap = page_snapshot(e.p);
	CHECK_STR(json_string_value(json_object_get(snap, "title")), "Todos");
	CHECK_CONTAINS(json_string_value(json_object_get(snap, "url")),
	    "/todo.html");
	CHECK_INT(json_array_size(json_object_get(snap, "console")), 1);
	CHECK_CONTAINS(json_string_value(json_array_get(json_object_get(snap,
	    "console"), 0)), "bad thing 42 (file://");
	CHECK_INT(json_array_size(json_object_get(snap, "errors")), 1);
	CHECK_CONTAINS(json_string_value(json_array_get(json_object_get(snap,
	    "errors"), 0)), "Error: boom (file://");
	CHECK_INT(json_array_size(json_object_get(snap, "failedRequests")), 0);
	CHECK_STR(json_string_value(json_object_get(json_object_get(snap,
	    "result"), "keys")), "Enter,Shift,A,Escape,");
	CHECK_INT(json_integer_value(json_object_get(json_object_get(snap,
	    "result"), "n")), 2);
	CHECK_INT(json_integer_value(json_object_get(json_object_get(snap,
	    "result"), "changed")), 2);
	CHECK(json_is_true(json_object_get(json_object_get(snap, "result"),
	    "prio")));
	CHECK(json_is_true(json_object_get(json_object_get(snap, "result"),
	    "answer")));
	json_decref(snap);
	els = page_elements(e.p, "#todos li", &why);
	CHECK_INT(json_array_size(els), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 0),
	    "text")), "buy milk high");
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 1),
	    "text")), "eggs low");
	json_decref(els);
	json_decref(vars);
	/* A secret typed shows masked in the log and in why. */
	mask_add(mask_global(), "t0p-s3cret-fill");
	vars = json_pack("{s:s}", "pw", "t0p-s3cret-fill");
	buf_reset(&log);
	CHECK_INT(run(&e, "browser:\n  steps:\n    - fill: { '#title': "
	    "'{{pw}}' }\n", base, vars, &log, &why), 0);
	CHECK_CONTAINS(buf_str(&log), "  1. fill '#title' '[MASKED]'   ");
	CHECK(strstr(buf_str(&log), "s3cret") == NULL);
	buf_reset(&why);
	CHECK_INT(run(&e, "browser:\n  steps:\n    - fill: { '#ghost': "
	    "'{{pw}}' }\n      timeout: 100ms\n", base, vars, &log, &why), -1);
	CHECK_STR(buf_str(&why), "step 1, fill '#ghost' '[MASKED]' (spec line "
	    "3): '#ghost' is not visible within 100 ms");
	json_decref(vars);
	buf_release(&log);
	buf_release(&why);
	buf_release(&yaml);
	env_stop(&e);
}

/* One step that must fail within its short timeout, with that message. */
static void
check_fails(struct env *e, const char *base, const char *step,
    const char *want)
{
	struct buf log = BUF_INIT, why = BUF_INIT, yaml = BUF_INIT;
	double t0 = clock_now();
	int r;

	buf_addf(&yaml, "browser:\n  timeout: 300ms\n  steps:\n    - %s\n",
	    step);
	r = run(e, buf_str(&yaml), base, NULL, &log, &why);
	CHECK_INT(r, -1);
	if (strstr(buf_str(&why), want) == NULL)
		printf("    step: %s\n", step);
	CHECK_CONTAINS(buf_str(&why), want);
	CHECK(clock_now() - t0 < 3.0);
	CHECK_CONTAINS(buf_str(&log), "  (failed)\n");
	buf_release(&log);
	buf_release(&why);
	buf_release(&yaml);
}

UNIT_TEST(test_browser_wait_fails)
{
	struct env e;
	char base[128];

	if (env_open(&e, 800, 600, "todo.html", todo_html, base,
	    sizeof(base)) != 0)
		return;
	/* One page for all: each step below fails in it. */
	check_fails(&e, base, "open: /todo.html\n    - wait: '#nothing'",
	    "step 2, wait '#nothing' (spec line 5): no element matches '#nothing' within 300 ms");
	check_fails(&e, base, "wait: { selector: '#ghost', state: visible, }",
	    "'#ghost' is not visible within 300 ms");
	check_fails(&e, base, "wait: { selector: '#h1x', state: attached }",
	    "no element matches '#h1x' within 300 ms");
	check_fails(&e, base, "wait: { selector: 'h1', state: hidden }",
	    "'h1' is still visible after 300 ms");
	check_fails(&e, base, "wait: { selector: 'h1', state: detached }",
	    "'h1' is still attached after 300 ms");
	check_fails(&e, base, "wait: { text: 'never shown' }",
	    "the page does not show 'never shown' within 300 ms");
	check_fails(&e, base, "wait: { js: 'window.nope.x' }",
	    "'window.nope.x' is not truthy within 300 ms (last error: "
	    "TypeError: Cannot read properties of undefined");
	check_fails(&e, base, "wait: 'h1[['", "'h1[[': Failed to execute "
	    "'querySelectorAll'");
	check_fails(&e, base, "click: '#off'",
	    "'#off' is still disabled after 300 ms");
	check_fails(&e, base, "click: '#ghost'",
	    "'#ghost' is not visible within 300 ms");
	check_fails(&e, base, "fill: { 'h1': x }", "'h1': it is not an <input>");
	check_fails(&e, base, "select: { '#prio': medium }",
	    "'#prio' has no option 'medium' within 300 ms (options: 'low', "
	    "'high')");
	check_fails(&e, base, "eval: \"throw new Error('bad eval')\"",
	    "step 1, eval 'throw new Error('bad eval')' (spec line 4): "
	    "Error: bad eval");
	check_fails(&e, base, "eval: 'new Promise(() => {})'",
	    "no value within");
	check_fails(&e, base, "open: 'file:///nonexistent/x.html'",
	    "net::ERR_FILE_NOT_FOUND at file:///nonexistent/x.html");
	env_stop(&e);
}

static const char elements_html[] =
"<!doctype html><html><head><title>Els</title></head><body>\n"
"<ul id='l'><li data-id='7' class='a'>  one  </li><li data-id='8' hidden>two</li>"
"<li style='visibility:hidden'>three</li></ul>\n"
"<input id='name' value='Ada'><textarea id='t'>note</textarea>\n"
"<select id='s'><option value='v1' selected>L1</option></select>\n"
"</body></html>\n";

UNIT_TEST(test_browser_elements)
{
	struct env e;
	struct buf log = BUF_INIT, why = BUF_INIT;
	json_t *els, *x;
	char base[128];

	if (env_open(&e, 800, 600, "els.html", elements_html, base,
	    sizeof(base)) != 0)
		return;
	CHECK_INT(run(&e, "browser: /els.html\n", base, NULL, &log, &why), 0);
	els = page_elements(e.p, "#l li", &why);
	CHECK_INT(json_array_size(els), 3);
	x = json_array_get(els, 0);
	CHECK_STR(json_string_value(json_object_get(x, "text")), "one");
	CHECK(json_is_true(json_object_get(x, "visible")));
	CHECK(json_object_get(x, "value") == NULL);
	CHECK_STR(json_string_value(json_object_get(json_object_get(x,
	    "attributes"), "data-id")), "7");
	CHECK_STR(json_string_value(json_object_get(json_object_get(x,
	    "attributes"), "class")), "a");
	CHECK(json_is_false(json_object_get(json_array_get(els, 1), "visible")));
	CHECK(json_is_false(json_object_get(json_array_get(els, 2), "visible")));
	json_decref(els);
	els = page_elements(e.p, "css=#name, #t, #s", &why);
	CHECK_INT(json_array_size(els), 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 0),
	    "value")), "Ada");
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 1),
	    "value")), "note");
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 2),
	    "value")), "v1");
	json_decref(els);
	els = page_elements(e.p, "//ul[@id='l']/li[1]/@data-id", &why);
	CHECK_INT(json_array_size(els), 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 0),
	    "text")), "7");
	json_decref(els);
	els = page_elements(e.p, "xpath=//li[2]/text()", &why);
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 0),
	    "text")), "two");
	json_decref(els);
	els = page_elements(e.p, "xpath=count(//li)", &why);
	CHECK(els != NULL && json_number_value(json_array_get(els, 0)) == 3);
	json_decref(els);
	els = page_elements(e.p, "xpath=string(//title)", &why);
	CHECK_STR(json_string_value(json_array_get(els, 0)), "Els");
	json_decref(els);
	els = page_elements(e.p, "#none", &why);
	CHECK_INT(json_array_size(els), 0);
	json_decref(els);
	buf_reset(&why);
	CHECK(page_elements(e.p, "//li[", &why) == NULL);
	CHECK_CONTAINS(buf_str(&why), "'//li[': ");
	buf_reset(&why);
	CHECK(page_elements(e.p, "li:nope(", &why) == NULL);
	CHECK_CONTAINS(buf_str(&why), "is not a valid selector");
	buf_release(&log);
	buf_release(&why);
	env_stop(&e);
}

static const char secret_html[] =
"<!doctype html><html><head><title>Secret</title></head>\n"
"<body style='margin:0'><div style='width:700px;height:1500px'>\n"
"<p id='p' style='margin:0' title='s3cr3t-t0ken'>token: s3cr3t-t0ken here</p>\n"
"<input id='t' value='x s3cr3t-t0ken y'>\n"
"<input id='pw' type='password' value='s3cr3t-t0ken'>\n"
"</div></body></html>\n";

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

UNIT_TEST(test_browser_screenshot)
{
	struct env e;
	struct buf log = BUF_INIT, why = BUF_INIT, png = BUF_INIT,
	    html = BUF_INIT;
	json_t *secrets, *els;
	const unsigned char *d;
	char base[128];

	if (env_open(&e, 640, 480, "secret.html", secret_html, base,
	    sizeof(base)) != 0)
		return;
	CHECK_INT(run(&e, "browser: /secret.html\n", base, NULL, &log, &why), 0);
	secrets = json_pack("[s]", "s3cr3t-t0ken");
	CHECK_INT(page_screenshot(e.p, secrets, &png, &why), 0);
	if (why.len > 0)
		printf("    why: %s\n", buf_str(&why));
	d = (const unsigned char *)png.data;
	CHECK(png.len > 33 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0);
	if (png.len > 33) {
		CHECK(memcmp(d + 12, "IHDR", 4) == 0);
		CHECK_INT(be32(d + 16), 700);	/* wider than the viewport */
		CHECK_INT(be32(d + 20), 1500);	/* the whole page's height */
	}
	els = page_elements(e.p, "#p, #t, #pw", &why);
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 0),
	    "text")), "token: [MASKED] here");
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 1),
	    "value")), "x [MASKED] y");
	CHECK_STR(json_string_value(json_object_get(json_array_get(els, 2),
	    "value")), "s3cr3t-t0ken");
	json_decref(els);
	CHECK_INT(page_html(e.p, &html, &why), 0);
	CHECK(strncmp(buf_str(&html), "<!DOCTYPE html>\n<html>", 22) == 0);
	CHECK_CONTAINS(buf_str(&html), "token: [MASKED] here</p>");
	CHECK_CONTAINS(buf_str(&html), "<p id=\"p\" style=\"margin:0\" "
	    "title=\"[MASKED]\">");
	CHECK_CONTAINS(buf_str(&html), "<input id=\"t\" value=\"x [MASKED] y\">");
	/* A password field is left as it is. */
	CHECK_CONTAINS(buf_str(&html), "<input id=\"pw\" type=\"password\" "
	    "value=\"s3cr3t-t0ken\">");
	/* A field that will not be rewritten keeps the secret shown: no
	 * screenshot. */
	buf_reset(&png);
	buf_reset(&why);
	CHECK_INT(run(&e, "browser:\n  open: /secret.html\n  steps:\n"
	    "    - eval: \"Object.defineProperty(document.getElementById('t'), "
	    "'value', {get() { return 'x s3cr3t-t0ken'; }, set(v) {}}); 1\"\n",
	    base, NULL, &log, &why), 0);
	CHECK_INT(page_screenshot(e.p, secrets, &png, &why), -1);
	CHECK_STR(buf_str(&why), "the page shows a secret (secrets:) outside a "
	    "password field");
	CHECK_INT(png.len, 0);
	json_decref(secrets);
	buf_release(&log);
	buf_release(&why);
	buf_release(&png);
	buf_release(&html);
	env_stop(&e);
}

/* ---- a page over HTTP: a small server in a thread ---------------------- */

#define MAX_CONN	64

struct srv {
	int		 fd;
	int		 port;
	pthread_t	 thread;
	pthread_t	 conns[MAX_CONN];
	int		 nconns;
	pthread_mutex_t	 lock;
	char		 last_header[256];	/* X-Test of the last "/" */
	char		 last_cookie[256];
};

struct conn {
	struct srv	*s;
	int		 fd;
};

static void
header_of(const char *req, const char *name, char *out, size_t outlen)
{
	const char *p = strcasestr(req, name);
	size_t n;

	*out = '\0';
	if (p == NULL)
		return;
	p += strlen(name);
	n = strcspn(p, "\r\n");
	snprintf(out, outlen, "%.*s", (int)n, p);
}

static void *
serve_conn(void *arg)
{
	struct conn *c = arg;
	char req[8192], path[256], head[512];
	const char *body = "", *status = "200 OK", *type = "text/html";
	ssize_t n, got = 0;

	while (got < (ssize_t)sizeof(req) - 1 &&
	    (n = read(c->fd, req + got, sizeof(req) - 1 - (size_t)got)) > 0) {
		got += n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	req[got > 0 ? got : 0] = '\0';
	if (sscanf(req, "GET %255s", path) != 1)
		snprintf(path, sizeof(path), "?");
	if (strcmp(path, "/") == 0) {
		pthread_mutex_lock(&c->s->lock);
		header_of(req, "\r\nX-Test: ", c->s->last_header,
		    sizeof(c->s->last_header));
		header_of(req, "\r\nCookie: ", c->s->last_cookie,
		    sizeof(c->s->last_cookie));
		pthread_mutex_unlock(&c->s->lock);
		body = "<!doctype html><title>Home</title><p>home</p>"
		    "<a id='go' href='/nope'>go</a>"
		    "<script src='/missing.js'></script><img src='/gone.png'>"
		    "<script>fetch('/slow').then(r => r.text()).then(t =>"
		    " window.slowDone = t);</script>";
	} else if (strcmp(path, "/slow") == 0) {
		usleep(400 * 1000);
		body = "done";
		type = "text/plain";
	} else if (strcmp(path, "/hang") == 0) {
		usleep(1000 * 1000);
		body = "late";
		type = "text/plain";
	} else if (strcmp(path, "/hanging") == 0) {
		body = "<!doctype html><title>H</title>"
		    "<script>fetch('/hang');</script>";
	} else {
		status = "404 Not Found";
		body = "<!doctype html><title>Not here</title>";
	}
	snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", status, type,
	    strlen(body));
	(void)!write(c->fd, head, strlen(head));
	(void)!write(c->fd, body, strlen(body));
	close(c->fd);
	free(c);
	return NULL;
}

static void *
serve(void *arg)
{
	struct srv *s = arg;
	struct conn *c;
	int fd;

	while ((fd = accept(s->fd, NULL, NULL)) != -1) {
		c = xcalloc(1, sizeof(*c));
		c->s = s;
		c->fd = fd;
		pthread_mutex_lock(&s->lock);
		if (s->nconns == MAX_CONN ||
		    pthread_create(&s->conns[s->nconns], NULL, serve_conn, c) != 0) {
			close(fd);
			free(c);
		} else
			s->nconns++;
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

static int
srv_start(struct srv *s)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s->fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(s->fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(s->fd, 16) == -1 ||
	    getsockname(s->fd, (struct sockaddr *)&a, &len) == -1)
		return -1;
	s->port = ntohs(a.sin_port);
	return pthread_create(&s->thread, NULL, serve, s) == 0 ? 0 : -1;
}

static void
srv_stop(struct srv *s)
{
	int i;

	shutdown(s->fd, SHUT_RDWR);
	close(s->fd);
	pthread_join(s->thread, NULL);
	for (i = 0; i < s->nconns; i++)
		pthread_join(s->conns[i], NULL);
	pthread_mutex_destroy(&s->lock);
}

/* A port nobody listens on (bound, then closed). */
static int
closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

UNIT_TEST(test_browser_http)
{
	struct env e;
	struct srv s;
	struct buf log = BUF_INIT, why = BUF_INIT;
	json_t *snap, *vars, *failed;
	char base[64], want[256];
	size_t i;
	int r, found_js = 0, found_png = 0;

	if (no_chromium())
		return;
	CHECK(srv_start(&s) == 0);
	if (env_start(&e, 800, 600) != 0) {
		env_stop(&e);
		srv_stop(&s);
		return;
	}
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", s.port);
	vars = json_pack("{s:s}", "sid", "abc123");
	r = run(&e, "browser:\n  open: /\n"
	    "  headers: { X-Test: 'v-{{sid}}' }\n"
	    "  cookies: { session: '{{sid}}' }\n"
	    "  steps:\n    - wait: { networkIdle: 200ms }\n"
	    "    - eval: window.slowDone\n", base, vars, &log, &why);
	CHECK_CONTAINS(buf_str(&log), "  open '/'   ");
	CHECK_INT(r, 0);
	if (r != 0)
		printf("    why: %s\n", buf_str(&why));
	CHECK_STR(s.last_header, "v-abc123");
	CHECK_STR(s.last_cookie, "session=abc123");
	snap = page_snapshot(e.p);
	CHECK_INT(json_integer_value(json_object_get(snap, "status")), 200);
	CHECK_STR(json_string_value(json_object_get(snap, "result")), "done");
	failed = json_object_get(snap, "failedRequests");
	for (i = 0; i < json_array_size(failed); i++) {
		snprintf(want, sizeof(want), "404 GET %s/missing.js", base);
		found_js += strcmp(json_string_value(json_array_get(failed, i)),
		    want) == 0;
		snprintf(want, sizeof(want), "404 GET %s/gone.png", base);
		found_png += strcmp(json_string_value(json_array_get(failed, i)),
		    want) == 0;
	}
	CHECK_INT(found_js, 1);
	CHECK_INT(found_png, 1);
	CHECK_INT(json_array_size(failed), 2);

	json_decref(snap);
	/* The main document's status, a page missing, opened by a click:
	 * the next step sees the new document. */
	CHECK_INT(run(&e, "browser:\n  open: /\n  steps:\n    - click: '#go'\n"
	    "    - eval: document.title\n", base, NULL, &log, &why), 0);
	snap = page_snapshot(e.p);
	CHECK_INT(json_integer_value(json_object_get(snap, "status")), 404);
	CHECK_STR(json_string_value(json_object_get(snap, "title")), "Not here");
	CHECK_STR(json_string_value(json_object_get(snap, "result")), "Not here");
	json_decref(snap);
	/* A request that stays in flight. */
	buf_reset(&why);
	CHECK_INT(run(&e, "browser:\n  open: /hanging\n  steps:\n"
	    "    - wait: { networkIdle: true }\n      timeout: 300ms\n", base,
	    NULL, &log, &why), -1);
	snprintf(want, sizeof(want), "the network is not idle for 500 ms within "
	    "300 ms (in flight: GET %s/hang)", base);
	CHECK_CONTAINS(buf_str(&why), want);
	/* Nothing listens: the navigation's error. */
	buf_reset(&why);
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", closed_port());
	CHECK_INT(run(&e, "browser: /x\n", base, NULL, &log, &why), -1);
	snprintf(want, sizeof(want), "open '/x': net::ERR_CONNECTION_REFUSED "
	    "at %s/x", base);
	CHECK_CONTAINS(buf_str(&why), want);
	json_decref(vars);
	buf_release(&log);
	buf_release(&why);
	env_stop(&e);
	srv_stop(&s);
}

UNIT_TEST(test_browser_lost)
{
	struct env e;
	struct buf log = BUF_INIT, why = BUF_INIT;
	const char *tail = NULL;
	char base[128];
	json_t *snap;

	if (env_open(&e, 800, 600, "todo.html", todo_html, base,
	    sizeof(base)) != 0)
		return;
	CHECK_INT(run(&e, "browser: /todo.html\n", base, NULL, &log, &why), 0);
	CHECK(!browser_lost(e.b, NULL));
	kill(-browser_pid(e.b), SIGKILL);
	CHECK_INT(run(&e, "browser:\n  open: /todo.html\n  steps:\n"
	    "    - click: '#add'\n", base, NULL, &log, &why), -1);
	CHECK(browser_lost(e.b, &tail));
	CHECK(tail != NULL);
	CHECK_CONTAINS(buf_str(&why), "the browser is gone: open '/todo.html': ");
	snap = page_snapshot(e.p);
	CHECK(json_is_object(snap));
	json_decref(snap);
	buf_reset(&why);
	CHECK(page_elements(e.p, "li", &why) == NULL);
	CHECK_STR(buf_str(&why), "the browser is gone");
	buf_release(&log);
	buf_release(&why);
	env_stop(&e);
}

/* ---- browser: compiled (no browser needed) ---------------------------- */

static void
check_compile_error(const char *yaml, const char *want)
{
	struct buf errs = BUF_INIT;
	json_t *vars = json_pack("{s:s}", "known", "x");
	struct browser_test *bt = compile(yaml, vars, &errs);

	CHECK(bt == NULL);
	if (strstr(buf_str(&errs), want) == NULL || getenv("BROWSER_LOG"))
		printf("    yaml: %s    errs: %s", yaml, buf_str(&errs));
	CHECK_CONTAINS(buf_str(&errs), want);
	browser_test_free(bt);
	buf_release(&errs);
	json_decref(vars);
}

UNIT_TEST(test_browser_compile)
{
	struct buf errs = BUF_INIT;
	json_t *vars = json_pack("{s:s}", "known", "x");
	struct browser_test *bt;

	bt = compile("browser:\n  open: /a/{{known}}\n  timeout: 2s\n"
	    "  viewport: { width: 800, height: 600 }\n"
	    "  headers: { X-A: '{{known}}' }\n  cookies: { s: 1 }\n"
	    "  steps:\n    - click: '#b'\n      timeout: 500ms\n"
	    "    - fill: { selector: '#c', value: 3 }\n"
	    "    - press: Control+Shift+A\n", vars, &errs);
	CHECK(bt != NULL);
	if (bt != NULL) {
		CHECK_STR(bt->open, "/a/{{known}}");
		CHECK_INT(bt->timeout_ms, 2000);
		CHECK_INT(bt->width, 800);
		CHECK_INT(bt->height, 600);
		CHECK_INT(bt->nheaders, 1);
		CHECK_STR(bt->headers[0].value, "{{known}}");
		CHECK_INT(bt->ncookies, 1);
		CHECK_STR(bt->cookies[0].value, "1");
		CHECK_INT(bt->nsteps, 3);
		CHECK_INT(bt->steps[0].timeout_ms, 500);
		CHECK_INT(bt->steps[0].line, 8);
		CHECK_INT(bt->steps[1].timeout_ms, -1);
	}
	browser_test_free(bt);
	CHECK_STR(buf_str(&errs), "");
	bt = compile("browser: /x\n", vars, &errs);
	CHECK(bt != NULL && strcmp(bt->open, "/x") == 0 && bt->nsteps == 0 &&
	    bt->width == 1280 && bt->height == 800 && bt->timeout_ms == -1);
	browser_test_free(bt);
	json_decref(vars);
	buf_release(&errs);

	check_compile_error("browser:\n  open: /\n  step: []\n",
	    "t.yaml:3:3: unknown key 'step' in browser (did you mean 'steps'?)");
	check_compile_error("browser:\n  open: /\n  steps:\n    - clik: '#a'\n",
	    "t.yaml:4:7: unknown step 'clik' (did you mean 'click'?)");
	check_compile_error("browser:\n  steps:\n    - click: '#a'\n"
	    "      fill: { '#b': c }\n", "t.yaml:4:7: a step does one thing: "
	    "both 'click' and 'fill' (write two steps)");
	check_compile_error("browser:\n  steps:\n    - timeout: 1s\n",
	    "t.yaml:3:7: a step needs one of open, wait, click, fill, select, "
	    "press, eval");
	check_compile_error("browser:\n  steps:\n    - click: [a]\n",
	    "t.yaml:3:14: click takes a selector or { selector: … }, got a list");
	check_compile_error("browser:\n  steps:\n    - click: '#a'\n"
	    "      timeout: soon\n", "t.yaml:4:16: ");
	check_compile_error("browser:\n  open: /\n  timeout: -1s\n", "t.yaml:3:12: ");
	check_compile_error("browser:\n  steps:\n    - press: Entr\n",
	    "t.yaml:3:14: unknown key 'Entr' (did you mean 'Enter'?)");
	check_compile_error("browser:\n  steps:\n    - press: Enter+A\n",
	    "'Enter' is not a modifier (Shift, Control, Alt, Meta)");
	check_compile_error("browser:\n  steps:\n    - wait: { selector: a, "
	    "state: hiden }\n", "state is one of visible, attached, hidden, "
	    "detached (did you mean 'hidden'?)");
	check_compile_error("browser:\n  steps:\n    - wait: { text: a, js: b }\n",
	    "wait takes one of selector, text, networkIdle, js, not both 'text' "
	    "and 'js'");
	check_compile_error("browser:\n  steps:\n    - fill: '#a'\n",
	    "fill takes a mapping { SELECTOR: value } or { selector: …, value: … "
	    "}, got a string");
	check_compile_error("browser:\n  steps:\n    - fill: { selector: '#a' }\n",
	    "fill needs 'value'");
	check_compile_error("browser:\n  open: /{{unknown}}\n",
	    "t.yaml:2:10: undefined variable 'unknown'");
	check_compile_error("browser:\n  open: /\n  viewport: { width: 0 }\n",
	    "width must be a number of pixels from 1 to 10000");
	check_compile_error("browser:\n  timeout: 1s\n",
	    "browser needs open or steps");
	check_compile_error("browser: 3\n",
	    "browser must be a path to open or a mapping");
}
