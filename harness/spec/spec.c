/* spec.c - builds the model of a spec file (suite, tests, requests,
 * expectations) from its srcdoc tree, reporting every problem at its
 * file:line:column.  The file is streamed: each test is built from its item,
 * checked and dropped, and built again from its bytes at its turn. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../../assertions/assert.h"
#include "../../assertions/capture.h"
#include "../../base/http.h"
#include "../../base/mask.h"
#include "spec.h"
#include "spec_app.h"
#include "../../base/spec_ctx.h"
#include "spec_request.h"
#include "../../base/suggest.h"
#include "../../base/xalloc.h"
#include "../../browser/browser.h"

static const char *const top_keys[] = {
	"$schema", "app", "base_url", "compose", "defaults", "include", "name",
	"ready", "secrets", "setup", "teardown", "tests", "vars",
};
static const char *const test_keys[] = {
	"browser", "capture", "delete", "exec", "expect", "get", "head", "name",
	"options", "patch", "post", "put", "request", "retry", "service",
	"skip", "tags",
};
static const char *const shorthands[] = {
	"get", "post", "put", "patch", "delete", "head", "options",
};
static const char *const default_keys[] = {
	"auth", "cacert", "cert", "cookies", "follow", "headers", "http2",
	"insecure", "key", "timeout",
};
static const char *const retry_keys[] = { "attempts", "backoff", "interval" };
/* What a request: mapping takes and a test does not (request_keys in
 * spec_request.c), the bodies first: written beside a shorthand or
 * beside request:, each is told where it goes rather than unknown. */
static const char *const request_only_keys[] = {
	"json", "form", "body", "file", "multipart",
	"auth", "cacert", "cert", "cookies", "follow", "headers", "http2",
	"insecure", "key", "method", "query", "timeout", "url",
};
/* Keys of a request that browser: takes too. */
static const char *const browser_own_keys[] = { "cookies", "headers", "timeout" };
#define NBODIES	5
#define N(a)	(sizeof(a) / sizeof((a)[0]))

static size_t
key_index(const char *key, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(key, keys[i]) == 0)
			break;
	return i;
}

/* A test's keys: spec_keys, but a request's own key (a body, headers…)
 * next to `post: /x` or `request:` says it goes in request:. */
static int
check_test_keys(struct spec_ctx *c, const json_t *t)
{
	const char *key, *sh = NULL, *url, *near;
	struct srcpos pos;
	char how[256];
	json_t *v;
	size_t i;
	int bad = 0;

	for (i = 0; i < N(shorthands) && sh == NULL; i++)
		if (json_object_get(t, shorthands[i]) != NULL)
			sh = shorthands[i];
	json_object_foreach((json_t *)t, key, v) {
		if (key_index(key, test_keys, N(test_keys)) < N(test_keys))
			continue;
		bad++;
		pos = spec_keypos(c, t, key);
		i = key_index(key, request_only_keys, N(request_only_keys));
		if (i < N(request_only_keys) && json_object_get(t, "browser")) {
			if (key_index(key, browser_own_keys,
			    N(browser_own_keys)) < N(browser_own_keys))
				spec_error(c, pos, "'%s' goes in browser:, not "
				    "beside it", key);
			else
				spec_error(c, pos, "'%s' is a request's key: a "
				    "browser test (browser:) makes no request",
				    key);
			continue;
		}
		if (i < N(request_only_keys) && json_object_get(t, "request")) {
			spec_error(c, pos, "'%s' goes in request:, not beside it",
			    key);
			continue;
		}
		if (i < N(request_only_keys) && sh != NULL) {
			url = json_string_value(json_object_get(t, sh));
			snprintf(how, sizeof(how), "%s:%s%.200s", sh, url ? " " : "",
			    url ? url : "");
			if (i < NBODIES)
				spec_error(c, pos, "'%s' is a body: it goes in "
				    "request: (%s is a shorthand for a request "
				    "without one)", key, how);
			else
				spec_error(c, pos, "'%s' goes in request: (%s is a "
				    "shorthand for a method and a URL alone)", key,
				    how);
			continue;
		}
		if ((near = suggest(key, test_keys, N(test_keys))) != NULL)
			spec_error(c, pos, "unknown key '%s' in test (did you mean "
			    "'%s'?)", key, near);
		else
			spec_error(c, pos, "unknown key '%s' in test", key);
	}
	return bad;
}

/* `get: /path` and friends, or `request: {…}`: exactly one of them. */
static int
load_test_request(struct spec_ctx *c, const json_t *t, struct srcpos tpos,
    struct test *test, const char *specdir)
{
	const char *found = NULL;
	const json_t *r;
	size_t i;

	for (i = 0; i < N(shorthands); i++) {
		if (json_object_get(t, shorthands[i]) == NULL)
			continue;
		if (found != NULL) {
			spec_error(c, spec_keypos(c, t, shorthands[i]), "a test "
			    "makes one request: '%s' and '%s' both given", found,
			    shorthands[i]);
			return -1;
		}
		found = shorthands[i];
	}
	if ((r = json_object_get(t, "request")) != NULL) {
		if (found != NULL) {
			spec_error(c, spec_keypos(c, t, "request"), "a test makes "
			    "one request: '%s' and 'request' both given", found);
			return -1;
		}
		if (!json_is_object(r)) {
			spec_error(c, spec_valpos(c, t, "request"), "request must "
			    "be a mapping with method, url, headers…, got %s",
			    spec_typename(r));
			return -1;
		}
		test->req.method = xstrdup(json_object_get(r, "json") ||
		    json_object_get(r, "form") || json_object_get(r, "body") ||
		    json_object_get(r, "file") || json_object_get(r, "multipart") ?
		    "POST" : "GET");
		return spec_request_load(c, r, spec_valpos(c, t, "request"),
		    &test->req, specdir);
	}
	if (found == NULL) {
		spec_error(c, tpos, "test needs a request: get, post, put, "
		    "patch, delete, head, options or request");
		return -1;
	}
	test->req.method = xstrdup(found);
	for (char *p = test->req.method; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	test->req.url = spec_string(c, json_object_get(t, found),
	    spec_valpos(c, t, found), found, 0);
	return test->req.url ? 0 : -1;
}

static int
load_skip(struct spec_ctx *c, const json_t *t, struct test *test)
{
	const json_t *v = json_object_get(t, "skip");

	if (v == NULL || json_is_false(v))
		return 0;
	if (json_is_true(v)) {
		test->skip = xstrdup("skipped in the spec");
		return 0;
	}
	test->skip = spec_string(c, v, spec_valpos(c, t, "skip"), "skip", 0);
	return test->skip ? 0 : -1;
}

/* "exec test -f /x": the default name of an exec test. */
static char *
exec_name(const json_t *argv)
{
	struct buf b = BUF_INIT;
	const json_t *w;
	size_t i;

	buf_adds(&b, "exec");
	json_array_foreach(argv, i, w)
		buf_addf(&b, " %s", json_string_value(w));
	return buf_detach(&b);
}

/* `exec: [argv]`: a command run in the app; no request with it. */
static int
load_test_exec(struct spec_ctx *c, const json_t *t, struct test *test,
    int has_app)
{
	size_t i;

	for (i = 0; i < N(shorthands); i++)
		if (json_object_get(t, shorthands[i]) != NULL)
			break;
	if (i < N(shorthands) || json_object_get(t, "request") != NULL) {
		spec_error(c, spec_keypos(c, t, "exec"), "a test runs a command "
		    "(exec) or makes a request, not both");
		return -1;
	}
	if (!has_app) {
		spec_error(c, spec_keypos(c, t, "exec"), "exec runs in the app's "
		    "container: add app: or compose: to the spec");
		return -1;
	}
	if (json_object_get(t, "service") != NULL && has_app != 2) {
		spec_error(c, spec_keypos(c, t, "service"), "service: names a "
		    "compose service; this spec has no compose:");
		return -1;
	}
	if (json_object_get(t, "service") != NULL &&
	    (test->service = spec_string(c, json_object_get(t, "service"),
	    spec_valpos(c, t, "service"), "service", 0)) == NULL)
		return -1;
	test->exec = spec_argv(c, json_object_get(t, "exec"),
	    spec_valpos(c, t, "exec"), "exec");
	return test->exec ? 0 : -1;
}

/* What a test t (a mapping, borrowed) is, for its expect: and capture:
 * (ASSERT_HTTP, ASSERT_EXEC or ASSERT_BROWSER). */
static int
test_target(const json_t *t)
{
	if (json_object_get(t, "browser") != NULL)
		return ASSERT_BROWSER;
	if (json_object_get(t, "exec") != NULL)
		return ASSERT_EXEC;
	return ASSERT_HTTP;
}

/* `browser: /path` or `browser: { open, steps… }`: a page driven in
 * Chromium; no request, no command with it.  The app is not needed: the
 * page may be anywhere base_url or --base-url points. */
static int
load_test_browser(struct spec_ctx *c, const json_t *t, struct test *test)
{
	struct srcpos pos = spec_keypos(c, t, "browser");
	size_t i;

	for (i = 0; i < N(shorthands); i++)
		if (json_object_get(t, shorthands[i]) != NULL)
			break;
	if (i < N(shorthands) || json_object_get(t, "request") != NULL) {
		spec_error(c, pos, "a test drives a browser (browser:) or makes "
		    "a request, not both");
		return -1;
	}
	if (json_object_get(t, "exec") != NULL) {
		spec_error(c, pos, "a test drives a browser (browser:) or runs "
		    "a command (exec), not both");
		return -1;
	}
	test->browser = browser_test_compile(c, t, json_object_get(t,
	    "browser"));
	return test->browser ? 0 : -1;
}

/* retry: 5, or { attempts, interval, backoff } */
static int
load_retry(struct spec_ctx *c, const json_t *t, struct retry *r)
{
	const json_t *v = json_object_get(t, "retry"), *x;
	struct srcpos pos = spec_valpos(c, t, "retry");

	r->attempts = 1;
	r->interval_ms = 500;
	r->backoff = 1;
	if (v == NULL)
		return 0;
	if (json_is_integer(v))
		x = v;
	else if (json_is_object(v)) {
		if (spec_keys(c, v, "retry", retry_keys, N(retry_keys)) > 0)
			return -1;
		if ((x = json_object_get(v, "interval")) != NULL &&
		    spec_duration(c, x, spec_valpos(c, v, "interval"),
		    "retry interval", &r->interval_ms) == -1)
			return -1;
		if ((x = json_object_get(v, "backoff")) != NULL) {
			if (!json_is_number(x) || json_number_value(x) < 1 ||
			    json_number_value(x) > 10) {
				spec_error(c, spec_valpos(c, v, "backoff"), "retry "
				    "backoff must be a number from 1 to 10");
				return -1;
			}
			r->backoff = json_number_value(x);
		}
		x = json_object_get(v, "attempts");
		pos = spec_valpos(c, v, "attempts");
	} else
		x = NULL;
	if (!json_is_integer(x) || json_integer_value(x) < 1 ||
	    json_integer_value(x) > 1000) {
		spec_error(c, pos, "retry needs attempts: a number from 1 to 1000, "
		    "e.g. retry: 5 or retry: { attempts: 10, interval: 200ms }");
		return -1;
	}
	r->attempts = (int)json_integer_value(x);
	return 0;
}

static int
load_tags(struct spec_ctx *c, const json_t *t, struct test *test)
{
	const json_t *v = json_object_get(t, "tags"), *item;
	size_t i;

	test->tags = json_array();
	if (v == NULL)
		return 0;
	if (json_is_string(v))
		v = json_pack("[O]", v);
	else
		json_incref((json_t *)v);
	json_array_foreach(v, i, item) {
		if (!json_is_string(item)) {
			spec_error(c, spec_valpos(c, t, "tags"), "tags must be a list "
			    "of names, got %s in it", spec_typename(item));
			json_decref((json_t *)v);
			return -1;
		}
		json_array_append(test->tags, (json_t *)item);
	}
	json_decref((json_t *)v);
	return 0;
}

/* capture: compiled before expect:, so expectations may use the names;
 * the test's own captures are not among what it depends on. */
static int
load_captures(struct spec_ctx *c, const json_t *t, struct test *test)
{
	const json_t *v = json_object_get(t, "capture");
	json_t *names, *n;
	size_t i;

	if (v == NULL)
		return 0;
	test->captures = capture_list_compile(c, v, spec_valpos(c, t, "capture"),
	    test_target(t));
	if (test->captures == NULL)
		return -1;
	names = capture_list_names(test->captures);
	json_array_foreach(names, i, n)
		json_object_set_new(c->own, json_string_value(n), json_true());
	json_decref(names);
	return 0;
}

static void
drop_own(struct spec_ctx *c, struct test *test)
{
	const char *k;
	json_t *v;

	json_object_foreach(c->own, k, v)
		json_object_del(test->uses, k);
	json_object_clear(c->own);
}

/* The expectations found clean so far (new references).  While a spec
 * loads, a test dropped after its load whose expect: equals one of them
 * needs no second compile to be known clean (the names {{…}} may use only
 * grow).  While its tests are built again, one at a time, the compiled
 * checks are kept too, shared by the tests whose expect: is the same (their
 * eval is read-only), with the names they use. */
#define MEMO_MAX	32
struct memo {
	json_t		*v[MEMO_MAX];
	uint64_t	 hash[MEMO_MAX];
	struct checklist *checks[MEMO_MAX];	/* shared: owned here */
	json_t		*uses[MEMO_MAX];
	int		 share;		/* keep the compiled checks */
	size_t		 n;
};

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0) {
		h ^= *b++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* A hash of the tree v, in the order of its members: equal hashes are
 * then compared whole (json_equal). */
static uint64_t
tree_hash(uint64_t h, const json_t *v)
{
	const char *k;
	json_t *x;
	json_int_t n;
	double d;
	size_t i;
	int type = json_typeof(v);

	h = mix(h, &type, sizeof(type));
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, k, x)
			h = tree_hash(mix(h, k, strlen(k) + 1), x);
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			h = tree_hash(h, x);
		break;
	case JSON_STRING:
		h = mix(h, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		n = json_integer_value(v);
		h = mix(h, &n, sizeof(n));
		break;
	case JSON_REAL:
		d = json_real_value(v);
		h = mix(h, &d, sizeof(d));
		break;
	default:
		break;
	}
	return h;
}

static uint64_t
memo_key(const json_t *v, int kind)
{
	return tree_hash(1469598103934665603ULL ^ (uint64_t)kind, v);
}

/* The entry of v + 1, or 0; *h: its hash, for memo_add. */
static size_t
memo_find(const struct memo *m, const json_t *v, int kind, uint64_t *h)
{
	size_t i;

	if (m == NULL)
		return 0;
	*h = memo_key(v, kind);
	for (i = 0; i < m->n; i++)
		if (m->hash[i] == *h && json_equal(m->v[i], (json_t *)v))
			return i + 1;
	return 0;
}

static int
memo_full(const struct memo *m)
{
	return m == NULL || m->n == MEMO_MAX;
}

/* Adds v (checks and uses stolen when sharing; else NULL). */
static void
memo_add(struct memo *m, const json_t *v, uint64_t h,
    struct checklist *checks, json_t *uses)
{
	m->hash[m->n] = h;
	m->checks[m->n] = checks;
	m->uses[m->n] = uses;
	m->v[m->n++] = json_incref((json_t *)v);
}

static void
memo_clear(struct memo *m)
{
	while (m->n > 0) {
		m->n--;
		json_decref(m->v[m->n]);
		checklist_free(m->checks[m->n]);
		json_decref(m->uses[m->n]);
	}
}

/* expect: v of test, a test of kind (test_target), through the memo
 * (NULL: none). */
static int
load_expect(struct spec_ctx *c, const json_t *v, struct test *test, int kind,
    struct memo *memo)
{
	int rc;
	json_t *used = c->used, *mine = NULL;
	uint64_t h = 0;
	size_t i;

	if ((i = memo_find(memo, v, kind, &h)) > 0) {
		if (memo->share) {	/* its checks, and the names they use */
			checklist_free(test->checks);
			test->checks = memo->checks[i - 1];
			test->shared_checks = 1;
			json_object_update(test->uses, memo->uses[i - 1]);
		}
		return 0;		/* known clean */
	}
	if (!memo_full(memo) && memo->share)
		c->used = mine = json_object();
	rc = checklist_compile(test->checks, c, v, kind);
	c->used = used;
	if (mine != NULL)
		json_object_update(test->uses, mine);
	if (rc == -1 || memo_full(memo)) {
		json_decref(mine);
		return rc;
	}
	if (memo->share) {
		memo_add(memo, v, h, test->checks, mine);
		test->shared_checks = 1;
	} else
		memo_add(memo, v, h, NULL, NULL);
	return 0;
}


static int
load_test_body(struct spec_ctx *c, const json_t *t, struct srcpos tpos,
    struct test *test, const struct request *defaults, const char *specdir,
    int has_app, struct memo *memo);

/* Test t at tpos into test.  memo: NULL; or the memo of expectations,
 * sharing compiled checks (memo->share) or, when the test is only checked
 * (its model dropped after), knowing which ones are clean. */
static int
load_test(struct spec_ctx *c, const json_t *t, struct srcpos tpos,
    struct test *test, const struct request *defaults, const char *specdir,
    int has_app, struct memo *memo)
{
	int rc;

	request_init(&test->req);
	test->line = tpos.line;
	test->col = tpos.col;
	test->file = xstrdup(c->path);
	test->checks = checklist_new();
	test->uses = json_object();
	c->used = test->uses;
	rc = load_test_body(c, t, tpos, test, defaults, specdir, has_app, memo);
	c->used = NULL;
	drop_own(c, test);
	return rc;
}

static int
load_test_body(struct spec_ctx *c, const json_t *t, struct srcpos tpos,
    struct test *test, const struct request *defaults, const char *specdir,
    int has_app, struct memo *memo)
{
	const json_t *v;
	int rc = 0;

	if (!json_is_object(t)) {
		spec_error(c, tpos, "a test must be a mapping with name, a "
		    "request and expect, got %s", spec_typename(t));
		return -1;
	}
	if (check_test_keys(c, t) > 0)
		rc = -1;
	if ((v = json_object_get(t, "name")) != NULL &&
	    (test->name = spec_string(c, v, spec_valpos(c, t, "name"), "name",
	    1)) == NULL)
		rc = -1;
	if (json_object_get(t, "service") != NULL &&
	    json_object_get(t, "exec") == NULL) {
		spec_error(c, spec_keypos(c, t, "service"), "service: says where "
		    "an exec test runs; this test has no exec:");
		rc = -1;
	}
	if (json_object_get(t, "browser") != NULL) {
		if (load_test_browser(c, t, test) == -1)
			rc = -1;
	} else if (json_object_get(t, "exec") != NULL) {
		if (load_test_exec(c, t, test, has_app) == -1)
			rc = -1;
	} else if (load_test_request(c, t, tpos, test, specdir) == -1)
		rc = -1;
	if (load_skip(c, t, test) == -1 || load_retry(c, t, &test->retry) == -1 ||
	    load_tags(c, t, test) == -1 || load_captures(c, t, test) == -1)
		rc = -1;
	if ((v = json_object_get(t, "expect")) != NULL) {
		if (!json_is_object(v)) {
			spec_error(c, spec_valpos(c, t, "expect"), "expect must be "
			    "a mapping (status, headers, body, time; exit, stdout, "
			    "stderr; title, elements, errors, result), got %s",
			    spec_typename(v));
			rc = -1;
		} else if (load_expect(c, v, test, test_target(t), memo) == -1)
			rc = -1;
	}
	if (rc == 0 && test->browser != NULL) {
		if (test->name == NULL)
			test->name = test->browser->open ? xasprintf("browser %s",
			    test->browser->open) : xstrdup("browser");
	} else if (rc == 0 && test->exec == NULL) {
		request_defaults(&test->req, defaults);
		if (test->name == NULL)
			test->name = xasprintf("%s %s", test->req.method,
			    test->req.url);
	} else if (rc == 0 && test->name == NULL)
		test->name = exec_name(test->exec);
	return rc;
}

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

/* GitLab keys results by suite and name: names must be unique.  A table
 * of the tests' indexes by name, so ten thousand tests cost no more than
 * they should (4 bytes a slot, two slots a test). */
static int
check_names(struct spec_ctx *c, struct spec *s)
{
	const struct spec_test *a, *b;
	size_t i, j, size = 16;
	uint32_t *tab;
	int rc = 0;

	while (size < s->ntests * 2)
		size *= 2;
	tab = xcalloc(size, sizeof(*tab));
	for (i = 0; i < s->ntests; i++) {
		a = &s->tests[i];
		if (a->name == NULL)
			continue;
		b = NULL;
		for (j = (size_t)name_hash(a->name) & (size - 1); tab[j] != 0;
		    j = (j + 1) & (size - 1))
			if (strcmp(s->tests[tab[j] - 1].name, a->name) == 0) {
				b = &s->tests[tab[j] - 1];
				break;
			}
		if (b == NULL) {
			tab[j] = (uint32_t)i + 1;
			continue;
		}
		buf_addf(c->errs, "%s:%d:%d: duplicate test name '%s' (first at "
		    "%s%s%d); names must be unique in a suite\n", a->file, a->line,
		    a->col, a->name, strcmp(a->file, b->file) ? b->file : "line",
		    strcmp(a->file, b->file) ? ":" : " ", b->line);
		c->nerrs++;
		rc = -1;
	}
	free(tab);
	return rc;
}

/* Strings that live as long as the spec (test names, file names), in
 * chunks: a name costs its bytes, not an allocation. */
struct strchunk {
	struct strchunk	*next;
	size_t		 used;
	size_t		 size;
	char		 data[];
};

/* What building a test again at its turn takes: the context the load had
 * at its end. */
struct spec_build {
	json_t		*vars;		/* the names {{…}} may use */
	json_t		*regexes;	/* compiled patterns, shared */
	struct request	 defaults;
	char		*dir;		/* the spec's folder */
	int		 has_app;	/* 0, 1 app:, 2 compose: */
	int		 fd;		/* the spec file, open while tests are
					 * built from it; -1 */
	size_t		 last;		/* the last test built at its turn:
					 * the file is closed after it */
	struct memo	 memo;		/* checks shared by tests built again */
	struct strchunk	*strings;
};

static const char *
keep_string(struct spec *s, const char *str)
{
	struct strchunk *k = s->build->strings;
	size_t n = strlen(str) + 1;

	if (k == NULL || k->size - k->used < n) {
		size_t size = n > 16384 ? n : 16384;

		k = xmalloc(sizeof(*k) + size);
		k->next = s->build->strings;
		k->used = 0;
		k->size = size;
		s->build->strings = k;
	}
	memcpy(k->data + k->used, str, n);
	k->used += n;
	return k->data + k->used - n;
}

static void
test_free(struct test *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->skip);
	json_decref(t->exec);
	free(t->service);
	browser_test_free(t->browser);
	free(t->file);
	request_clear(&t->req);
	if (!t->shared_checks)
		checklist_free(t->checks);
	capture_list_free(t->captures);
	json_decref(t->uses);
	json_decref(t->tags);
	free(t);
}

/* What loading a list of tests needs besides the context. */
struct tests_env {
	struct spec		*spec;
	const struct request	*defaults;
	enum test_phase		 phase;
	const char		*dir;		/* the folder of the file */
	const char		*file;		/* kept: its path */
	struct memo		*memo;		/* or NULL */
};

/* The budget of compiled tests kept in memory (spec_model_budget). */
static size_t model_budget = SPEC_MODEL_BUDGET;
static size_t heap_base;		/* the heap when the first spec loaded */
static size_t model_checks;		/* calls of model_room */
static int model_full;			/* the budget was met: keep no more */

void
spec_model_budget(size_t bytes)
{
	model_budget = bytes;
	model_checks = 0;
	model_full = 0;
}

static int heap_counted;		/* mallinfo2 sees this process's heap */

/* Bytes of heap in use, what a loaded test's model adds to: glibc's count;
 * or, where malloc is not glibc's (a sanitizer's or valgrind's allocator,
 * which mallinfo2 does not see), a generous 8 KiB a test. */
static size_t
heap_used(void)
{
#ifdef __GLIBC__
	struct mallinfo2 mi;

	if (heap_counted) {
		mi = mallinfo2();
		return mi.uordblks + mi.hblkhd;
	}
#endif
	return model_checks * 8192;
}

/* Whether mallinfo2 sees a block of this process's malloc. */
static int
heap_counts(void)
{
#ifdef __GLIBC__
	struct mallinfo2 a = mallinfo2(), b;
	void *p = malloc(256 << 10);

	b = mallinfo2();
	free(p);
	return p != NULL && b.uordblks + b.hblkhd >= a.uordblks + a.hblkhd +
	    (256 << 10);
#else
	return 0;
#endif
}

/* Non-zero while a test loaded now may keep its model: the heap grew less
 * than the budget since loading began.  mallinfo2 walks malloc's bins, so
 * it is asked every 16th test; the budget may be passed by 15 tests. */
static int
model_room(void)
{
	size_t used;

	if (model_full || model_budget == 0)
		return 0;
	if (model_checks++ == 0) {
		heap_counted = heap_counts();
		heap_base = heap_used();
	}
	else if (model_checks % 16 == 0) {
		used = heap_used();
		model_full = used > heap_base && used - heap_base >= model_budget;
	}
	return !model_full;
}

/* The test's entry in the spec, from its model (kept; or freed when its
 * bytes `it` can build it again and `keep` is 0). */
static void
add_test(struct spec_ctx *c, const struct tests_env *te, struct test *model,
    const struct srcdoc_item *it, int keep)
{
	struct spec *s = te->spec;
	struct spec_test *st;
	json_t *names, *n;
	size_t i;

	s->tests = xgrow(s->tests, &s->alloc, s->ntests + 1, sizeof(*s->tests));
	st = memset(&s->tests[s->ntests++], 0, sizeof(*st));
	st->name = model->name ? keep_string(s, model->name) : NULL;
	st->file = te->file;
	st->line = model->line;
	st->col = model->col;
	st->phase = model->phase;
	if (json_array_size(model->tags) > 0)
		st->tags = json_incref(model->tags);
	if (model->browser != NULL)
		s->has_browser = 1;
	names = capture_list_names(model->captures);
	json_array_foreach(names, i, n)
		json_object_set_new(s->captured_by, json_string_value(n),
		    json_string(model->name ? model->name : ""));
	json_decref(names);
	if (!keep && it != NULL && it->alone && model->name != NULL) {
		st->off = it->off;
		st->len = it->len;
		test_free(model);
	} else
		st->model = model;
}

static int load_test_list(struct spec_ctx *, const json_t *, const char *,
	    const struct tests_env *);

/* The folder of a path, new. */
static char *
folder(const char *path)
{
	char *d = xstrdup(path), *out = xstrdup(dirname(d));

	free(d);
	return out;
}

/* A loaded file of its own: its context shares errors and names. */
struct subfile {
	struct spec_ctx	 c;
	struct srcdoc	*doc;
	char		*text;
	char		*path;
};

static int
subfile_open(struct spec_ctx *parent, const json_t *v, struct srcpos pos,
    struct subfile *f)
{
	struct buf b = BUF_INIT;
	char err[1024], *dir, *name;

	memset(f, 0, sizeof(*f));
	if (parent->depth >= 8) {
		spec_error(parent, pos, "include: nested more than 8 deep (a "
		    "loop?)");
		return -1;
	}
	if ((name = spec_string(parent, v, pos, "include", 0)) == NULL)
		return -1;
	dir = folder(parent->path);
	f->path = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", dir, name);
	free(dir);
	free(name);
	if (buf_read_file(&b, f->path, 64u << 20, err, sizeof(err)) == -1) {
		spec_error(parent, pos, "cannot read include '%s': %s", f->path,
		    err);
		return -1;
	}
	f->text = buf_detach(&b);
	if ((f->doc = srcdoc_parse(f->path, f->text, strlen(f->text), err,
	    sizeof(err))) == NULL) {
		buf_addf(parent->errs, "%s\n", err);
		parent->nerrs++;
		return -1;
	}
	f->c = *parent;
	f->c.doc = f->doc;
	f->c.path = f->path;
	f->c.text = f->text;
	f->c.textlen = strlen(f->text);
	f->c.whole = NULL;
	f->c.nerrs = 0;
	f->c.depth = parent->depth + 1;
	return 0;
}

static void
subfile_close(struct spec_ctx *parent, struct subfile *f)
{
	parent->nerrs += f->c.nerrs;
	srcdoc_free(f->doc);
	free(f->text);
	free(f->path);
}

/* `- include: file.yaml` in a list of tests (at ipos): that file's
 * `tests:`. */
static int
include_tests(struct spec_ctx *c, const json_t *item, struct srcpos ipos,
    const struct tests_env *te)
{
	struct tests_env sub = *te;
	struct subfile f;
	const json_t *root;
	int rc = -1;

	if (json_object_size(item) != 1) {
		spec_error(c, ipos, "an include item holds include: alone");
		return -1;
	}
	if (subfile_open(c, json_object_get(item, "include"),
	    spec_valpos(c, item, "include"), &f) == -1) {
		subfile_close(c, &f);
		return -1;
	}
	root = srcdoc_root(f.doc);
	sub.file = keep_string(te->spec, f.path);
	sub.dir = NULL;
	if (json_is_object(root) && spec_keys(&f.c, root, "included file",
	    (const char *[]){ "tests" }, 1) == 0)
		rc = load_test_list(&f.c, root, "tests", &sub);
	else if (json_is_object(root))
		rc = -1;
	else
		spec_error(&f.c, srcdoc_rootpos(f.doc), "an included file is a "
		    "mapping with tests:, got %s", spec_typename(root));
	subfile_close(c, &f);
	return rc;
}

/* One item of a list of tests, at tpos: a test, or an include.  `it`:
 * the item's bytes when it was streamed, or NULL. */
static int
load_item(struct spec_ctx *c, const json_t *t, struct srcpos tpos,
    const struct tests_env *te, const struct srcdoc_item *it)
{
	struct spec *s = te->spec;
	struct test *model;
	struct memo *memo = NULL;
	int rc, keep = 1;

	if (json_is_object(t) && json_object_get(t, "include") != NULL)
		return include_tests(c, t, tpos, te);
	/* A streamed test within the budget keeps its model, its checks
	 * shared with the tests whose expect: is the same (the memo that
	 * rebuilt tests share); past it, its model is only checked. */
	if (it != NULL && it->alone)
		memo = (keep = model_room()) ? &s->build->memo : te->memo;
	model = xcalloc(1, sizeof(*model));
	model->phase = te->phase;
	rc = load_test(c, t, tpos, model, te->defaults, te->dir, s->compose ? 2 :
	    s->app != NULL, memo);
	add_test(c, te, model, rc == 0 ? it : NULL, keep);
	return rc;
}

static int
load_test_list(struct spec_ctx *c, const json_t *parent, const char *key,
    const struct tests_env *te)
{
	const json_t *list = json_object_get(parent, key), *t;
	struct tests_env here = *te;
	char *dir;
	size_t i;
	int rc = 0;

	if (!json_is_array(list)) {
		spec_error(c, spec_valpos(c, parent, key), "%s must be a list of "
		    "tests, got %s", key, spec_typename(list));
		return -1;
	}
	dir = folder(c->path);
	here.dir = dir;
	json_array_foreach(list, i, t)
		if (load_item(c, t, spec_itempos(c, list, i), &here, NULL) == -1)
			rc = -1;
	free(dir);
	return rc;
}

static const char *const lists[] = { "setup", "tests", "teardown" };

static int
load_tests(struct spec_ctx *c, const json_t *root, struct spec *s,
    const struct request *defaults)
{
	struct tests_env te = { s, defaults, PHASE_SETUP, NULL, NULL, NULL };
	size_t i, before;
	int rc = 0;

	if (json_object_get(root, "tests") == NULL) {
		spec_error(c, srcdoc_rootpos(c->doc), "spec has no 'tests' list");
		return -1;
	}
	te.file = keep_string(s, c->path);
	for (i = 0; i < N(lists); i++) {
		te.phase = (enum test_phase)i;
		if (json_object_get(root, lists[i]) == NULL)
			continue;
		before = s->ntests;
		if (load_test_list(c, root, lists[i], &te) == -1)
			rc = -1;
		else if (i == 1 && s->ntests == before) {
			spec_error(c, spec_valpos(c, root, "tests"), "tests must be "
			    "a non-empty list of tests, got an empty list");
			rc = -1;
		}
	}
	if (check_names(c, s) == -1)
		rc = -1;
	return rc;
}

/* vars: a mapping of names to values, ${ENV} expanded in strings; a
 * name already set is kept when `keep` (the spec wins over its includes). */
static int
load_vars(struct spec_ctx *c, const json_t *root, json_t *vars, int keep)
{
	const json_t *m = json_object_get(root, "vars"), *v;
	const char *name;
	char what[128];
	json_t *x;
	int rc = 0;

	if (m == NULL)
		return 0;
	if (!json_is_object(m)) {
		spec_error(c, spec_valpos(c, root, "vars"), "vars must be a "
		    "mapping of names to values, got %s", spec_typename(m));
		return -1;
	}
	json_object_foreach((json_t *)m, name, v) {
		snprintf(what, sizeof(what), "variable '%s'", name);
		if ((x = spec_value(c, v, spec_valpos(c, m, name), what)) == NULL)
			rc = -1;
		else if (keep && json_object_get(vars, name) != NULL)
			json_decref(x);
		else
			json_object_set_new(vars, name, x);
	}
	return rc;
}

/* secrets: names of environment variables (or variables) whose values
 * are masked in every output. */
static int
load_secrets(struct spec_ctx *c, const json_t *root, struct spec *s)
{
	const json_t *m = json_object_get(root, "secrets"), *n, *var;
	const char *value;
	size_t i;

	if (m == NULL)
		return 0;
	if (!json_is_array(m)) {
		spec_error(c, spec_valpos(c, root, "secrets"), "secrets must be a "
		    "list of variable names, got %s", spec_typename(m));
		return -1;
	}
	json_array_foreach(m, i, n) {
		if (!json_is_string(n)) {
			spec_error(c, spec_itempos(c, m, i), "a secret is the name "
			    "of a variable, got %s", spec_typename(n));
			return -1;
		}
		json_array_append(s->secrets, (json_t *)n);
		value = getenv(json_string_value(n));
		var = json_object_get(s->vars, json_string_value(n));
		if (json_is_string(var))
			value = json_string_value(var);
		if (value != NULL && *value != '\0' &&
		    mask_add(mask_global(), value) == -1) {
			spec_error(c, spec_itempos(c, m, i), "secret '%s' is %zu "
			    "characters long: too short to mask without wrecking "
			    "every output (at least %d)", json_string_value(n),
			    strlen(value), MASK_MIN);
			return -1;
		}
	}
	return 0;
}

/* include: [files] whose vars: and secrets: the spec takes. */
static int
load_includes(struct spec_ctx *c, const json_t *root, struct spec *s)
{
	const json_t *m = json_object_get(root, "include"), *f;
	static const char *const keys[] = { "secrets", "vars" };
	struct subfile sf;
	const json_t *r;
	size_t i;
	int rc = 0;

	if (m == NULL)
		return 0;
	if (json_is_string(m))
		m = json_pack("[O]", m);
	else if (json_is_array(m))
		json_incref((json_t *)m);
	else {
		spec_error(c, spec_valpos(c, root, "include"), "include must be "
		    "a file or a list of files, got %s", spec_typename(m));
		return -1;
	}
	json_array_foreach(m, i, f) {
		if (subfile_open(c, f, json_is_array(json_object_get(root,
		    "include")) ? spec_itempos(c, json_object_get(root, "include"),
		    i) : spec_valpos(c, root, "include"), &sf) == 0) {
			r = srcdoc_root(sf.doc);
			if (!json_is_object(r))
				spec_error(&sf.c, srcdoc_rootpos(sf.doc), "an included "
				    "file is a mapping with vars: and secrets:, got "
				    "%s", spec_typename(r));
			else if (spec_keys(&sf.c, r, "included file", keys, 2) == 0) {
				load_vars(&sf.c, r, s->vars, 1);
				load_secrets(&sf.c, r, s);
			}
		}
		if (sf.c.nerrs > 0 || sf.doc == NULL)
			rc = -1;
		subfile_close(c, &sf);
	}
	json_decref((json_t *)m);
	return rc;
}

static int
load_top(struct spec_ctx *c, const json_t *root, struct spec *s,
    struct request *defaults, const json_t *cli_vars)
{
	const json_t *v;
	char why[256];
	int rc = 0;

	if (spec_keys(c, root, "spec", top_keys, N(top_keys)) > 0)
		rc = -1;
	if (load_vars(c, root, s->vars, 0) == -1 ||
	    load_includes(c, root, s) == -1)
		rc = -1;
	json_object_update(s->vars, (json_t *)cli_vars);
	if (load_secrets(c, root, s) == -1)
		rc = -1;
	c->vars = json_copy(s->vars);
	if ((v = json_object_get(root, "name")) != NULL &&
	    (s->name = spec_string(c, v, spec_valpos(c, root, "name"), "name",
	    1)) == NULL)
		rc = -1;
	if ((v = json_object_get(root, "base_url")) != NULL &&
	    (s->base_url = spec_string(c, v, spec_valpos(c, root, "base_url"),
	    "base_url", 0)) == NULL)
		rc = -1;
	else if (s->base_url != NULL && http_url_check(s->base_url, why,
	    sizeof(why)) == -1) {
		spec_error(c, spec_valpos(c, root, "base_url"), "base_url '%s' is "
		    "not a URL shakedown can use: %s", s->base_url, why);
		rc = -1;
	}
	if (json_object_get(root, "app") != NULL &&
	    (s->app = spec_app_load(c, root)) == NULL)
		rc = -1;
	if (json_object_get(root, "compose") != NULL) {
		char *dir = xstrdup(c->path);

		if (s->app != NULL) {
			spec_error(c, spec_keypos(c, root, "compose"), "a spec starts "
			    "an app: or a compose: project, not both");
			rc = -1;
		} else if ((s->compose = spec_compose_load(c, root,
		    dirname(dir))) == NULL)
			rc = -1;
		free(dir);
	}
	if ((s->ready = spec_ready_load(c, root, s->app, s->compose)) == NULL)
		rc = -1;
	if ((v = json_object_get(root, "defaults")) != NULL) {
		if (!json_is_object(v)) {
			spec_error(c, spec_valpos(c, root, "defaults"), "defaults "
			    "must be a mapping, got %s", spec_typename(v));
			rc = -1;
		} else if (spec_keys(c, v, "defaults", default_keys,
		    N(default_keys)) > 0 || spec_request_options(c, v, defaults) == -1)
			rc = -1;
	}
	return rc;
}

/* The file name without folder and extension. */
static char *
default_name(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return dot && dot != b ? xstrndup(b, (size_t)(dot - b)) : xstrdup(b);
}

static char *
read_file(const char *path, size_t *len, struct buf *errs)
{
	struct buf b = BUF_INIT;
	char err[1024];

	if (buf_read_file(&b, path, 64u << 20, err, sizeof(err)) == -1) {
		buf_addf(errs, "%s: cannot read: %s\n", path, err);
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

static struct srcdoc *
parse(const char *path, char **text, size_t *len, struct buf *errs)
{
	struct srcdoc *doc;
	char err[1024];

	if ((*text = read_file(path, len, errs)) == NULL)
		return NULL;
	if ((doc = srcdoc_parse(path, *text, *len, err, sizeof(err))) == NULL)
		buf_addf(errs, "%s\n", err);
	return doc;
}

static struct spec *
spec_new(const char *path)
{
	struct spec *s = xcalloc(1, sizeof(*s));

	s->path = xstrdup(path);
	s->vars = json_object();
	s->secrets = json_array();
	s->captured_by = json_object();
	s->build = xcalloc(1, sizeof(*s->build));
	s->build->fd = -1;
	s->build->memo.share = 1;
	request_init(&s->build->defaults);
	return s;
}

static void
ctx_init(struct spec_ctx *c, const char *path, struct buf *errs)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->errs = errs;
	c->own = json_object();
	c->regexes = json_object();
}

/* The end of a load: the spec keeps what building its tests again takes,
 * or is freed when anything was wrong. */
static struct spec *
finish(struct spec_ctx *c, struct spec *s)
{
	struct spec_build *b = s->build;
	size_t i;

	json_decref(c->own);
	b->vars = c->vars ? c->vars : json_object();
	b->regexes = c->regexes;
	c->regexes = NULL;
	spec_ctx_release(c);
	b->dir = folder(s->path);
	b->has_app = s->compose ? 2 : s->app != NULL;
	for (i = 0; i < s->ntests; i++)
		if (s->tests[i].model == NULL)
			b->last = i;
	if (s->name == NULL)
		s->name = default_name(s->path);
	if (c->nerrs > 0) {
		spec_free(s);
		return NULL;
	}
	return s;
}

/* The spec read whole, then built. */
static struct spec *
load_whole(const char *path, const json_t *vars, struct buf *errs)
{
	struct spec_ctx c;
	struct srcdoc *doc;
	struct spec *s;
	char *text;
	size_t len;
	json_t *root;

	if ((doc = parse(path, &text, &len, errs)) == NULL) {
		free(text);
		return NULL;
	}
	ctx_init(&c, path, errs);
	c.doc = doc;
	c.text = text;
	c.textlen = len;
	s = spec_new(path);
	root = srcdoc_root(c.doc);
	if (!json_is_object(root))
		spec_error(&c, srcdoc_rootpos(c.doc), "a spec must be a mapping "
		    "with name, vars and tests, got %s", spec_typename(root));
	else if (load_top(&c, root, s, &s->build->defaults, vars) == 0)
		load_tests(&c, root, s, &s->build->defaults);
	s = finish(&c, s);
	srcdoc_free(doc);
	free(text);
	return s;
}

/* A spec streamed: the root's members first, then each test built from its
 * item, checked and dropped as the file is read. */
struct streamer {
	struct spec_ctx	 c;
	struct spec	*s;
	const json_t	*cli_vars;
	struct tests_env te;
	char		*dir;
	int		 begun;		/* the first list started */
	int		 top_ok;	/* load_top went well: tests load */
	int		 seen[3];	/* lists streamed */
	int		 cur;		/* the list streaming, -1 */
	int		 list_rc;	/* its result */
	size_t		 before;	/* tests before it */
	int		 fallback;
	struct memo	 memo;
};

/* The end of list L->cur: a `tests:` that gave no test is an error. */
static void
list_end(struct streamer *L)
{
	if (L->cur == 1 && L->top_ok && L->list_rc == 0 &&
	    L->s->ntests == L->before) {
		spec_error(&L->c, spec_valpos(&L->c, srcdoc_root(L->c.doc),
		    "tests"), "tests must be a non-empty list of tests, got an "
		    "empty list");
	}
	L->cur = -1;
}

static int
on_list(void *arg, struct srcdoc *doc, size_t list)
{
	struct streamer *L = arg;
	const json_t *root = srcdoc_root(doc);
	size_t j;

	if (L->fallback)
		return -1;
	for (j = 0; j < N(lists); j++)	/* in order, each once, all streamed */
		if ((j >= list && L->seen[j]) || (j != list && !L->seen[j] &&
		    json_object_get(root, lists[j]) != NULL)) {
			L->fallback = 1;
			return -1;
		}
	if (!L->begun) {
		L->begun = 1;
		L->c.doc = doc;
		L->top_ok = load_top(&L->c, root, L->s, &L->s->build->defaults,
		    L->cli_vars) == 0;
		L->te.file = keep_string(L->s, L->c.path);
		L->dir = folder(L->c.path);
		L->te.dir = L->dir;
	}
	list_end(L);
	L->seen[list] = 1;
	L->cur = (int)list;
	L->list_rc = 0;
	L->before = L->s->ntests;
	return 0;
}

static void
on_item(void *arg, struct srcdoc *doc, const struct srcdoc_item *it)
{
	struct streamer *L = arg;

	if (L->fallback || !L->top_ok)
		return;
	L->te.phase = (enum test_phase)it->list;
	if (load_item(&L->c, it->node, it->pos, &L->te, it) == -1)
		L->list_rc = -1;
}

/* Drops what errs got since `mark`. */
static void
errs_cut(struct buf *errs, size_t mark)
{
	if (errs->len > mark) {
		errs->len = mark;
		errs->data[mark] = '\0';
	}
}

static struct spec *
load_streamed(const char *path, const json_t *vars, struct buf *errs,
    int *fallback)
{
	struct streamer L = { .cli_vars = vars, .cur = -1 };
	struct srcdoc_stream st = { lists, N(lists), on_list, on_item, &L };
	size_t mark = errs->len;
	struct srcdoc *doc;
	const json_t *root;
	char err[1024];

	ctx_init(&L.c, path, errs);
	L.s = spec_new(path);
	L.te.spec = L.s;
	L.te.defaults = &L.s->build->defaults;
	L.te.memo = &L.memo;
	doc = srcdoc_stream(path, &st, fallback, err, sizeof(err));
	if (doc != NULL && L.begun && L.top_ok && !L.seen[1])
		*fallback = 1;		/* "no tests" goes before the setup's */
	if (doc == NULL || *fallback) {
		errs_cut(errs, mark);
		if (!*fallback)
			buf_addf(errs, "%s\n", err);
		L.c.nerrs = 1;
		spec_free(finish(&L.c, L.s));
		srcdoc_free(doc);
		free(L.dir);
		memo_clear(&L.memo);
		return NULL;
	}
	L.c.doc = doc;
	root = srcdoc_root(doc);
	if (!L.begun) {			/* no list streamed: the tree is whole */
		if (!json_is_object(root))
			spec_error(&L.c, srcdoc_rootpos(doc), "a spec must be a "
			    "mapping with name, vars and tests, got %s",
			    spec_typename(root));
		else if (load_top(&L.c, root, L.s, &L.s->build->defaults,
		    vars) == 0)
			load_tests(&L.c, root, L.s, &L.s->build->defaults);
	} else if (L.top_ok) {
		list_end(&L);
		check_names(&L.c, L.s);
	}
	L.s = finish(&L.c, L.s);
	srcdoc_free(doc);
	free(L.dir);
	memo_clear(&L.memo);
	return L.s;
}

struct spec *
spec_load(const char *path, const json_t *vars, struct buf *errs)
{
	int fallback = 0;
	struct spec *s = load_streamed(path, vars, errs, &fallback);

	return fallback ? load_whole(path, vars, errs) : s;
}

void
spec_free(struct spec *s)
{
	struct strchunk *k, *next;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntests; i++) {
		json_decref(s->tests[i].tags);
		test_free(s->tests[i].model);
	}
	free(s->tests);
	free(s->path);
	free(s->name);
	free(s->base_url);
	json_decref(s->vars);
	json_decref(s->secrets);
	json_decref(s->captured_by);
	spec_app_free(s->app);
	spec_compose_free(s->compose);
	spec_ready_free(s->ready);
	if (s->build != NULL) {
		struct spec_ctx c = { .regexes = s->build->regexes };

		spec_ctx_release(&c);
		json_decref(s->build->vars);
		request_clear(&s->build->defaults);
		memo_clear(&s->build->memo);
		free(s->build->dir);
		if (s->build->fd != -1)
			close(s->build->fd);
		for (k = s->build->strings; k != NULL; k = next) {
			next = k->next;
			free(k);
		}
		free(s->build);
	}
	free(s);
}

struct test *
spec_test_open(const struct spec *s, size_t i, struct buf *errs)
{
	const struct spec_test *st = &s->tests[i];
	struct spec_build *b = s->build;
	struct spec_ctx c;
	struct srcdoc *doc;
	struct test *t;
	size_t pad = st->col > 1 ? (size_t)st->col - 1 : 0;
	char *text, err[1024];
	ssize_t n;
	int rc;

	if (st->model != NULL)
		return st->model;
	if (b->fd == -1 && (b->fd = open(s->path, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_addf(errs, "%s: cannot read: %s\n", s->path, strerror(errno));
		return NULL;
	}
	text = xmalloc(pad + st->len + 1);
	memset(text, ' ', pad);
	do
		n = pread(b->fd, text + pad, st->len, (off_t)st->off);
	while (n == -1 && errno == EINTR);
	text[pad + (n > 0 ? (size_t)n : 0)] = '\0';
	if (n != (ssize_t)st->len) {
		buf_addf(errs, "%s: cannot read test '%s' again: %s\n", s->path,
		    st->name, n == -1 ? strerror(errno) : "the file is shorter");
		free(text);
		return NULL;
	}
	doc = srcdoc_parse_part(s->path, text, pad + st->len, st->line, err,
	    sizeof(err));
	free(text);
	if (doc == NULL) {
		buf_addf(errs, "%s (the spec changed since it was loaded?)\n", err);
		return NULL;
	}
	ctx_init(&c, st->file, errs);
	json_decref(c.regexes);
	c.regexes = b->regexes;
	c.vars = b->vars;
	c.doc = doc;
	t = xcalloc(1, sizeof(*t));
	t->phase = st->phase;
	rc = load_test(&c, srcdoc_root(doc), (struct srcpos){ st->line, st->col },
	    t, &b->defaults, b->dir, b->has_app, &b->memo);
	json_decref(c.own);
	c.regexes = NULL;
	spec_ctx_release(&c);
	srcdoc_free(doc);
	if (rc == -1 || c.nerrs > 0 || t->name == NULL ||
	    strcmp(t->name, st->name) != 0) {
		if (c.nerrs == 0)
			buf_addf(errs, "%s:%d:%d: test '%s' is not the one loaded "
			    "(the spec changed since?)\n", st->file, st->line,
			    st->col, st->name);
		test_free(t);
		return NULL;
	}
	return t;
}

void
spec_test_close(const struct spec *s, size_t i, struct test *t)
{
	if (t != NULL && t != s->tests[i].model)
		test_free(t);
	if (i >= s->build->last && s->build->fd != -1) {
		close(s->build->fd);	/* no test after it to build */
		s->build->fd = -1;
	}
}

static int
look_list(void *arg, struct srcdoc *doc, size_t list)
{
	return 0;
}

static void
look_item(void *arg, struct srcdoc *doc, const struct srcdoc_item *it)
{
}

int
spec_has_browser(const struct spec *s)
{
	return s->has_browser;
}

int
spec_looks_like(const char *path)
{
	/* Streamed: only the root's members count, the tests are skipped. */
	struct srcdoc_stream st = { lists, N(lists), look_list, look_item, NULL };
	const char *ext = strrchr(path, '.'), *schema;
	struct srcdoc *doc;
	const json_t *root;
	char err[256];
	int yes = 1, whole;

	if (ext == NULL || (strcasecmp(ext, ".yaml") != 0 &&
	    strcasecmp(ext, ".yml") != 0 && strcasecmp(ext, ".json") != 0))
		return 0;
	if ((doc = srcdoc_stream(path, &st, &whole, err, sizeof(err))) == NULL &&
	    (!whole || (doc = srcdoc_load(path, err, sizeof(err))) == NULL))
		return 1;	/* let the loader say what is wrong */
	root = srcdoc_root(doc);
	schema = json_string_value(json_object_get(root, "$schema"));
	if (schema != NULL && strstr(schema, "json-schema.org") != NULL)
		yes = 0;
	if (json_object_get(root, "services") != NULL &&
	    json_object_get(root, "tests") == NULL)
		yes = 0;
	srcdoc_free(doc);
	return yes;
}
