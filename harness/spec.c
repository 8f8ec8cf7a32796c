/* spec.c - builds the model of a spec file (suite, tests, requests,
 * expectations) from its srcdoc tree, reporting every problem at its
 * file:line:column. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../assertions/assert.h"
#include "spec.h"
#include "spec_app.h"
#include "spec_ctx.h"
#include "xalloc.h"

static const char *const top_keys[] = {
	"$schema", "app", "base_url", "compose", "defaults", "name", "ready",
	"tests", "vars",
};
static const char *const test_keys[] = {
	"delete", "exec", "expect", "get", "head", "name", "options", "patch",
	"post", "put", "request", "service", "skip",
};
static const char *const shorthands[] = {
	"get", "post", "put", "patch", "delete", "head", "options",
};
static const char *const request_keys[] = {
	"body", "cacert", "file", "follow", "form", "headers", "insecure",
	"json", "method", "query", "timeout", "url",
};
static const char *const default_keys[] = {
	"cacert", "follow", "headers", "insecure", "timeout",
};
#define N(a)	(sizeof(a) / sizeof((a)[0]))

static void
pairs_free(struct http_header *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

static void
pairs_add(struct http_header **v, size_t *n, const char *name, char *value)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = xstrdup(name);
	(*v)[*n].value = value;
	(*n)++;
}

/* A mapping of names to scalars (a list of scalars too when `multi`). */
static int
load_pairs(struct spec_ctx *c, const json_t *parent, const char *key,
    struct http_header **v, size_t *n, int multi)
{
	const json_t *m = json_object_get(parent, key), *val, *item;
	const char *name;
	char what[128], *s;
	size_t i;
	int rc = 0;

	if (!json_is_object(m)) {
		spec_error(c, spec_valpos(c, parent, key), "%s must be a mapping "
		    "of names to values, got %s", key, spec_typename(m));
		return -1;
	}
	json_object_foreach((json_t *)m, name, val) {
		snprintf(what, sizeof(what), "%s '%s'", key, name);
		if (multi && json_is_array(val)) {
			json_array_foreach(val, i, item) {
				s = spec_string(c, item, spec_itempos(c, val, i),
				    what, 1);
				if (s == NULL)
					rc = -1;
				else
					pairs_add(v, n, name, s);
			}
			continue;
		}
		if ((s = spec_string(c, val, spec_valpos(c, m, name), what, 1)) == NULL)
			rc = -1;
		else
			pairs_add(v, n, name, s);
	}
	return rc;
}

/* Expands ${ENV} in every string of a JSON body, in place. */
static int
expand_tree(struct spec_ctx *c, json_t *v, const json_t *parent,
    const char *key, size_t idx)
{
	struct srcpos pos = key ? spec_valpos(c, parent, key) :
	    spec_itempos(c, parent, idx);
	const char *k;
	json_t *item;
	char *s;
	size_t i;
	int rc = 0;

	if (json_is_string(v)) {
		if ((s = spec_string(c, v, pos, "json body value", 0)) == NULL)
			return -1;
		json_string_set(v, s);
		free(s);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, item)
			if (expand_tree(c, item, v, k, 0) == -1)
				rc = -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (expand_tree(c, item, v, NULL, i) == -1)
				rc = -1;
	}
	return rc;
}

/* The one body key of a request, if any. */
static int
load_body(struct spec_ctx *c, const json_t *r, struct request *req,
    const char *specdir)
{
	static const char *const kinds[] = { "json", "form", "body", "file" };
	const char *found = NULL;
	char *s;
	size_t i;

	for (i = 0; i < N(kinds); i++) {
		if (json_object_get(r, kinds[i]) == NULL)
			continue;
		if (found != NULL) {
			spec_error(c, spec_keypos(c, r, kinds[i]), "a request has "
			    "one body: '%s' and '%s' both given", found, kinds[i]);
			return -1;
		}
		found = kinds[i];
	}
	if (found == NULL)
		return 0;
	if (strcmp(found, "json") == 0) {
		req->body_kind = BODY_JSON;
		req->json = json_deep_copy(json_object_get(r, "json"));
		return expand_tree(c, req->json, r, "json", 0);
	}
	if (strcmp(found, "form") == 0) {
		req->body_kind = BODY_FORM;
		return load_pairs(c, r, "form", &req->form, &req->nform, 1);
	}
	s = spec_string(c, json_object_get(r, found), spec_valpos(c, r, found),
	    found, 0);
	if (s == NULL)
		return -1;
	if (strcmp(found, "body") == 0) {
		req->body_kind = BODY_RAW;
		req->body = s;
		return 0;
	}
	req->body_kind = BODY_FILE;
	req->file = s[0] == '/' ? s : xasprintf("%s/%s", specdir, s);
	if (req->file != s)
		free(s);
	if (access(req->file, R_OK) == -1) {
		spec_error(c, spec_valpos(c, r, "file"), "cannot read body file "
		    "'%s': %s", req->file, strerror(errno));
		return -1;
	}
	return 0;
}

/* timeout, follow, insecure, cacert, headers: shared by a request and
 * `defaults:`. */
static int
load_options(struct spec_ctx *c, const json_t *r, struct request *req)
{
	const json_t *v;
	int rc = 0;

	if ((v = json_object_get(r, "timeout")) != NULL &&
	    spec_duration(c, v, spec_valpos(c, r, "timeout"), "timeout",
	    &req->timeout_ms) == -1)
		rc = -1;
	if ((v = json_object_get(r, "follow")) != NULL &&
	    (req->follow = spec_bool(c, v, spec_valpos(c, r, "follow"),
	    "follow")) == -1)
		rc = -1;
	if ((v = json_object_get(r, "insecure")) != NULL &&
	    (req->insecure = spec_bool(c, v, spec_valpos(c, r, "insecure"),
	    "insecure")) == -1)
		rc = -1;
	if ((v = json_object_get(r, "cacert")) != NULL &&
	    (req->cacert = spec_string(c, v, spec_valpos(c, r, "cacert"),
	    "cacert", 0)) == NULL)
		rc = -1;
	if (json_object_get(r, "headers") != NULL &&
	    load_pairs(c, r, "headers", &req->headers, &req->nheaders, 0) == -1)
		rc = -1;
	return rc;
}

static void
request_init(struct request *req)
{
	memset(req, 0, sizeof(*req));
	req->timeout_ms = -1;
	req->follow = -1;
	req->insecure = -1;
}

static void
request_clear(struct request *req)
{
	free(req->method);
	free(req->url);
	pairs_free(req->headers, req->nheaders);
	pairs_free(req->query, req->nquery);
	free(req->body);
	json_decref(req->json);
	pairs_free(req->form, req->nform);
	free(req->file);
	free(req->cacert);
}

/* Fills in what the request left unset from `defaults:`; headers of the
 * request win over default headers of the same name. */
static void
request_defaults(struct request *req, const struct request *d)
{
	size_t i, j;

	if (req->timeout_ms < 0)
		req->timeout_ms = d->timeout_ms;
	if (req->follow < 0)
		req->follow = d->follow;
	if (req->insecure < 0)
		req->insecure = d->insecure;
	if (req->cacert == NULL && d->cacert != NULL)
		req->cacert = xstrdup(d->cacert);
	for (i = 0; i < d->nheaders; i++) {
		for (j = 0; j < req->nheaders; j++)
			if (strcasecmp(req->headers[j].name, d->headers[i].name) == 0)
				break;
		if (j == req->nheaders)
			pairs_add(&req->headers, &req->nheaders,
			    d->headers[i].name, xstrdup(d->headers[i].value));
	}
}

static int
load_request(struct spec_ctx *c, const json_t *r, struct srcpos rpos,
    struct request *req, const char *specdir)
{
	const json_t *v;
	char *m;
	int rc = 0;

	if (spec_keys(c, r, "request", request_keys, N(request_keys)) > 0)
		rc = -1;
	if ((v = json_object_get(r, "method")) != NULL) {
		if ((m = spec_string(c, v, spec_valpos(c, r, "method"), "method",
		    0)) == NULL)
			rc = -1;
		else {
			for (char *p = m; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			free(req->method);
			req->method = m;
		}
	}
	if ((v = json_object_get(r, "url")) == NULL) {
		spec_error(c, rpos, "request needs a url");
		rc = -1;
	} else if ((req->url = spec_string(c, v, spec_valpos(c, r, "url"),
	    "url", 0)) == NULL)
		rc = -1;
	if (json_object_get(r, "query") != NULL &&
	    load_pairs(c, r, "query", &req->query, &req->nquery, 1) == -1)
		rc = -1;
	if (load_options(c, r, req) == -1 || load_body(c, r, req, specdir) == -1)
		rc = -1;
	return rc;
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
		    json_object_get(r, "file") ? "POST" : "GET");
		return load_request(c, r, spec_valpos(c, t, "request"),
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

static int
load_test(struct spec_ctx *c, const json_t *t, struct srcpos tpos,
    struct test *test, const struct request *defaults, const char *specdir,
    int has_app)
{
	const json_t *v;
	int rc = 0;

	request_init(&test->req);
	test->line = tpos.line;
	test->checks = checklist_new();
	if (!json_is_object(t)) {
		spec_error(c, tpos, "a test must be a mapping with name, a "
		    "request and expect, got %s", spec_typename(t));
		return -1;
	}
	if (spec_keys(c, t, "test", test_keys, N(test_keys)) > 0)
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
	if (json_object_get(t, "exec") != NULL) {
		if (load_test_exec(c, t, test, has_app) == -1)
			rc = -1;
	} else if (load_test_request(c, t, tpos, test, specdir) == -1)
		rc = -1;
	if (load_skip(c, t, test) == -1)
		rc = -1;
	if ((v = json_object_get(t, "expect")) != NULL) {
		if (!json_is_object(v)) {
			spec_error(c, spec_valpos(c, t, "expect"), "expect must be "
			    "a mapping (status, headers, body, time; exit, stdout, "
			    "stderr), got %s", spec_typename(v));
			rc = -1;
		} else if (checklist_compile(test->checks, c, v, test->exec ?
		    ASSERT_EXEC : ASSERT_HTTP) == -1)
			rc = -1;
	}
	if (rc == 0 && test->exec == NULL) {
		request_defaults(&test->req, defaults);
		if (test->name == NULL)
			test->name = xasprintf("%s %s", test->req.method,
			    test->req.url);
	} else if (rc == 0 && test->name == NULL)
		test->name = exec_name(test->exec);
	return rc;
}

/* GitLab keys results by suite and name: names must be unique. */
static int
check_names(struct spec_ctx *c, const json_t *tests, struct spec *s)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < s->ntests; i++) {
		for (j = 0; j < i; j++) {
			if (s->tests[i].name == NULL || s->tests[j].name == NULL ||
			    strcmp(s->tests[i].name, s->tests[j].name) != 0)
				continue;
			spec_error(c, spec_itempos(c, tests, i), "duplicate test "
			    "name '%s' (first at line %d); names must be unique "
			    "in a suite", s->tests[i].name, s->tests[j].line);
			rc = -1;
			break;
		}
	}
	return rc;
}

static int
load_tests(struct spec_ctx *c, const json_t *root, struct spec *s,
    const struct request *defaults, const char *specdir)
{
	const json_t *tests = json_object_get(root, "tests"), *t;
	size_t i;
	int rc = 0;

	if (tests == NULL) {
		spec_error(c, srcdoc_rootpos(c->doc), "spec has no 'tests' list");
		return -1;
	}
	if (!json_is_array(tests) || json_array_size(tests) == 0) {
		spec_error(c, spec_valpos(c, root, "tests"), "tests must be a "
		    "non-empty list of tests, got %s", json_is_array(tests) ?
		    "an empty list" : spec_typename(tests));
		return -1;
	}
	s->tests = xcalloc(json_array_size(tests), sizeof(*s->tests));
	json_array_foreach(tests, i, t) {
		s->ntests++;
		if (load_test(c, t, spec_itempos(c, tests, i), &s->tests[i],
		    defaults, specdir, s->compose ? 2 : s->app != NULL) == -1)
			rc = -1;
	}
	if (check_names(c, tests, s) == -1)
		rc = -1;
	return rc;
}

/* vars: a mapping of names to scalars, ${ENV} expanded. */
static int
load_vars(struct spec_ctx *c, const json_t *root, struct spec *s)
{
	const json_t *m = json_object_get(root, "vars"), *v;
	const char *name;
	char what[128], *str;
	int rc = 0;

	s->vars = json_object();
	if (m == NULL)
		return 0;
	if (!json_is_object(m)) {
		spec_error(c, spec_valpos(c, root, "vars"), "vars must be a "
		    "mapping of names to values, got %s", spec_typename(m));
		return -1;
	}
	json_object_foreach((json_t *)m, name, v) {
		snprintf(what, sizeof(what), "variable '%s'", name);
		if (json_is_string(v)) {
			if ((str = spec_string(c, v, spec_valpos(c, m, name), what,
			    0)) == NULL) {
				rc = -1;
				continue;
			}
			json_object_set_new(s->vars, name, json_string(str));
			free(str);
		} else
			json_object_set(s->vars, name, (json_t *)v);
	}
	return rc;
}

static int
load_top(struct spec_ctx *c, const json_t *root, struct spec *s,
    struct request *defaults)
{
	const json_t *v;
	int rc = 0;

	if (spec_keys(c, root, "spec", top_keys, N(top_keys)) > 0)
		rc = -1;
	if (load_vars(c, root, s) == -1)
		rc = -1;
	c->vars = s->vars;
	if ((v = json_object_get(root, "name")) != NULL &&
	    (s->name = spec_string(c, v, spec_valpos(c, root, "name"), "name",
	    1)) == NULL)
		rc = -1;
	if ((v = json_object_get(root, "base_url")) != NULL &&
	    (s->base_url = spec_string(c, v, spec_valpos(c, root, "base_url"),
	    "base_url", 0)) == NULL)
		rc = -1;
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
		    N(default_keys)) > 0 || load_options(c, v, defaults) == -1)
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

struct spec *
spec_load(const char *path, struct buf *errs)
{
	struct spec_ctx c = { 0 };
	struct request defaults;
	struct spec *s;
	char *text, *dir;
	size_t len;
	json_t *root;

	if ((c.doc = parse(path, &text, &len, errs)) == NULL) {
		free(text);
		return NULL;
	}
	c.path = path;
	c.text = text;
	c.textlen = len;
	c.errs = errs;
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	root = srcdoc_root(c.doc);
	request_init(&defaults);
	if (!json_is_object(root))
		spec_error(&c, srcdoc_rootpos(c.doc), "a spec must be a mapping "
		    "with name, vars and tests, got %s", spec_typename(root));
	else if (load_top(&c, root, s, &defaults) == 0) {
		dir = xstrdup(path);
		load_tests(&c, root, s, &defaults, dirname(dir));
		free(dir);
	}
	if (s->name == NULL)
		s->name = default_name(path);
	request_clear(&defaults);
	srcdoc_free(c.doc);
	free(text);
	if (c.nerrs > 0) {
		spec_free(s);
		return NULL;
	}
	return s;
}

void
spec_free(struct spec *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntests; i++) {
		free(s->tests[i].name);
		free(s->tests[i].skip);
		json_decref(s->tests[i].exec);
		free(s->tests[i].service);
		request_clear(&s->tests[i].req);
		checklist_free(s->tests[i].checks);
	}
	free(s->tests);
	free(s->path);
	free(s->name);
	free(s->base_url);
	json_decref(s->vars);
	spec_app_free(s->app);
	spec_compose_free(s->compose);
	spec_ready_free(s->ready);
	free(s);
}

int
spec_looks_like(const char *path)
{
	const char *ext = strrchr(path, '.'), *schema;
	struct srcdoc *doc;
	const json_t *root;
	char err[256];
	int yes = 1;

	if (ext == NULL || (strcasecmp(ext, ".yaml") != 0 &&
	    strcasecmp(ext, ".yml") != 0 && strcasecmp(ext, ".json") != 0))
		return 0;
	if ((doc = srcdoc_load(path, err, sizeof(err))) == NULL)
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
