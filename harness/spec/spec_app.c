/* spec_app.c - the lifecycle parts of a spec: `app:` (the image under
 * test), `ready:` (what must hold before the first test) and the argv of
 * exec tests. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../assertions/assert.h"
#include "spec.h"
#include "spec_app.h"
#include "../../base/units.h"
#include "../../base/xalloc.h"

static const char *const app_keys[] = {
	"cmd", "env", "image", "memory", "networks", "port",
};
static const char *const compose_keys[] = { "files", "port", "profiles",
    "service" };
static const char *const ready_keys[] = {
	"body", "exec", "factor", "healthy", "http", "interval", "jitter", "log",
	"max_interval", "occurrences", "status", "tcp", "timeout",
};
#define N(a)	(sizeof(a) / sizeof((a)[0]))

json_t *
spec_argv(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what)
{
	json_t *argv, *item;
	size_t i;
	char *s;

	if (!json_is_array(v) || json_array_size(v) == 0) {
		spec_error(c, pos, "%s must be a command as a list of words, like "
		    "[test, -f, /etc/passwd], got %s", what, json_is_array(v) ?
		    "an empty list" : spec_typename(v));
		return NULL;
	}
	argv = json_array();
	json_array_foreach(v, i, item) {
		if ((s = spec_string(c, item, spec_itempos(c, v, i), what, 1)) ==
		    NULL) {
			json_decref(argv);
			return NULL;
		}
		json_array_append_new(argv, json_string(s));
		free(s);
	}
	return argv;
}

/* env: a mapping of names to scalars, ${ENV} expanded. */
static json_t *
load_env(struct spec_ctx *c, const json_t *app)
{
	const json_t *m = json_object_get(app, "env"), *v;
	json_t *env;
	const char *k;
	char *s;

	if (!json_is_object(m)) {
		spec_error(c, spec_valpos(c, app, "env"), "env must be a mapping "
		    "of names to values, got %s", spec_typename(m));
		return NULL;
	}
	env = json_object();
	json_object_foreach((json_t *)m, k, v) {
		if ((s = spec_string(c, v, spec_valpos(c, m, k), "env value",
		    1)) == NULL) {
			json_decref(env);
			return NULL;
		}
		json_object_set_new(env, k, json_string(s));
		free(s);
	}
	return env;
}

static int
load_port(struct spec_ctx *c, const json_t *parent, int *port)
{
	const json_t *v = json_object_get(parent, "port");

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 65535) {
		spec_error(c, spec_valpos(c, parent, "port"), "port must be the "
		    "container's port, 1 to 65535, got %s", spec_typename(v));
		return -1;
	}
	*port = (int)json_integer_value(v);
	return 0;
}

static int load_memory(struct spec_ctx *, const json_t *, size_t *);

struct app_spec *
spec_app_load(struct spec_ctx *c, const json_t *root)
{
	const json_t *a = json_object_get(root, "app"), *v;
	struct app_spec *app;
	int rc = 0;

	if (!json_is_object(a)) {
		spec_error(c, spec_valpos(c, root, "app"), "app must be a mapping "
		    "with image and port, got %s", spec_typename(a));
		return NULL;
	}
	app = xcalloc(1, sizeof(*app));
	app->line = spec_valpos(c, root, "app").line;
	if (spec_keys(c, a, "app", app_keys, N(app_keys)) > 0)
		rc = -1;
	if ((v = json_object_get(a, "image")) != NULL &&
	    (app->image = spec_string(c, v, spec_valpos(c, a, "image"), "image",
	    0)) == NULL)
		rc = -1;
	if (app->image != NULL && *app->image == '\0') {
		free(app->image);	/* ${IMAGE:-} unset: fall back to --image/CI */
		app->image = NULL;
	}
	if (json_object_get(a, "port") != NULL && load_port(c, a, &app->port) == -1)
		rc = -1;
	if (json_object_get(a, "env") != NULL &&
	    (app->env = load_env(c, a)) == NULL)
		rc = -1;
	if ((v = json_object_get(a, "cmd")) != NULL &&
	    (app->cmd = spec_argv(c, v, spec_valpos(c, a, "cmd"), "cmd")) == NULL)
		rc = -1;
	if ((v = json_object_get(a, "networks")) != NULL &&
	    (app->networks = spec_argv(c, v, spec_valpos(c, a, "networks"),
	    "networks")) == NULL)
		rc = -1;
	if ((v = json_object_get(a, "memory")) != NULL &&
	    load_memory(c, a, &app->memory) == -1)
		rc = -1;
	if (rc == 0)
		return app;
	spec_app_free(app);
	return NULL;
}

/* memory: a limit like 64MiB (the container is killed past it: OOM). */
static int
load_memory(struct spec_ctx *c, const json_t *a, size_t *bytes)
{
	const json_t *v = json_object_get(a, "memory");
	struct srcpos pos = spec_valpos(c, a, "memory");
	char *s;
	int rc = 0;

	if ((s = spec_string(c, v, pos, "memory", 0)) == NULL)
		return -1;
	if (size_parse(s, bytes) == -1 || *bytes < (6u << 20)) {
		spec_error(c, pos, "memory must be a size of at least 6MiB (the "
		    "engine's minimum), like 64MiB, got '%s'", s);
		rc = -1;
	}
	free(s);
	return rc;
}

void
spec_app_free(struct app_spec *app)
{
	if (app == NULL)
		return;
	free(app->image);
	json_decref(app->env);
	json_decref(app->cmd);
	json_decref(app->networks);
	free(app);
}

static struct ready_spec *
ready_new(void)
{
	struct ready_spec *r = xcalloc(1, sizeof(*r));

	r->timeout_ms = 30000;
	r->interval_ms = 5;
	r->max_interval_ms = 25;
	r->factor = 1.5;
	r->jitter = 0.2;
	r->occurrences = 1;
	r->http_checks = checklist_new();
	return r;
}

static int
load_number(struct spec_ctx *c, const json_t *r, const char *key, double lo,
    double hi, double *out)
{
	const json_t *v = json_object_get(r, key);

	if (v == NULL)
		return 0;
	if (!json_is_number(v) || json_number_value(v) < lo ||
	    json_number_value(v) > hi) {
		spec_error(c, spec_valpos(c, r, key), "%s must be a number from "
		    "%g to %g, got %s", key, lo, hi, spec_typename(v));
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

static int
load_durations(struct spec_ctx *c, const json_t *r, struct ready_spec *rs)
{
	static const char *const keys[] = { "timeout", "interval", "max_interval" };
	long *dst[] = { &rs->timeout_ms, &rs->interval_ms, &rs->max_interval_ms };
	const json_t *v;
	size_t i;
	int rc = 0;

	for (i = 0; i < N(keys); i++)
		if ((v = json_object_get(r, keys[i])) != NULL &&
		    spec_duration(c, v, spec_valpos(c, r, keys[i]), keys[i],
		    dst[i]) == -1)
			rc = -1;
	if (load_number(c, r, "factor", 1, 10, &rs->factor) == -1 ||
	    load_number(c, r, "jitter", 0, 1, &rs->jitter) == -1)
		rc = -1;
	return rc;
}

/* occurrences: the log probe waits for the N-th matching line. */
static int
load_occurrences(struct spec_ctx *c, const json_t *r, const json_t *v,
    struct ready_spec *rs)
{
	if (!json_is_integer(v)) {
		spec_error(c, spec_valpos(c, r, "occurrences"), "occurrences must "
		    "be how many lines must match log, 1 to 1000000, got %s",
		    spec_typename(v));
		return -1;
	}
	if (json_integer_value(v) < 1 || json_integer_value(v) > 1000000) {
		spec_error(c, spec_valpos(c, r, "occurrences"), "occurrences must "
		    "be how many lines must match log, 1 to 1000000, got %" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return -1;
	}
	if (json_object_get(r, "log") == NULL) {
		spec_error(c, spec_keypos(c, r, "occurrences"), "occurrences "
		    "counts the lines matching log: give log too");
		return -1;
	}
	rs->occurrences = (long)json_integer_value(v);
	return 0;
}

static int
load_probes(struct spec_ctx *c, const json_t *r, struct ready_spec *rs)
{
	const json_t *v;
	int rc = 0;

	if ((v = json_object_get(r, "http")) != NULL &&
	    (rs->http = spec_string(c, v, spec_valpos(c, r, "http"), "http",
	    0)) == NULL)
		rc = -1;
	if ((v = json_object_get(r, "status")) != NULL &&
	    assert_status.compile(c, r, v, rs->http_checks) == -1)
		rc = -1;
	if ((v = json_object_get(r, "body")) != NULL &&
	    assert_body.compile(c, r, v, rs->http_checks) == -1)
		rc = -1;
	if (rs->http == NULL && rs->http_checks->n > 0) {
		spec_error(c, spec_keypos(c, r, json_object_get(r, "status") ?
		    "status" : "body"), "status and body check the http probe: "
		    "give http too");
		rc = -1;
	}
	if ((v = json_object_get(r, "tcp")) != NULL &&
	    (rs->tcp = spec_bool(c, v, spec_valpos(c, r, "tcp"), "tcp")) == -1)
		rc = -1;
	if ((v = json_object_get(r, "healthy")) != NULL) {
		if (json_is_array(v)) {
			if ((rs->healthy_services = spec_argv(c, v, spec_valpos(c, r,
			    "healthy"), "healthy")) == NULL)
				rc = -1;
		} else if ((rs->healthy = spec_bool(c, v, spec_valpos(c, r,
		    "healthy"), "healthy")) == -1)
			rc = -1;
	}
	if ((v = json_object_get(r, "log")) != NULL) {
		rs->log_text = spec_string(c, v, spec_valpos(c, r, "log"), "log", 0);
		if ((rs->log = spec_regex(c, v, spec_valpos(c, r, "log"), "log")) ==
		    NULL)
			rc = -1;
	}
	if ((v = json_object_get(r, "occurrences")) != NULL &&
	    load_occurrences(c, r, v, rs) == -1)
		rc = -1;
	if ((v = json_object_get(r, "exec")) != NULL &&
	    (rs->exec = spec_argv(c, v, spec_valpos(c, r, "exec"), "exec")) ==
	    NULL)
		rc = -1;
	return rc;
}

/* Probes that need a container, when the spec starts none. */
static int
check_needs_app(struct spec_ctx *c, const json_t *r, const struct ready_spec *rs,
    int has_app)
{
	static const char *const keys[] = { "log", "healthy", "exec" };
	size_t i;

	if (has_app)
		return 0;
	for (i = 0; i < N(keys); i++) {
		if (json_object_get(r, keys[i]) == NULL)
			continue;
		spec_error(c, spec_keypos(c, r, keys[i]), "ready.%s needs a "
		    "container: add app: or compose: to the spec", keys[i]);
		return -1;
	}
	(void)rs;
	return 0;
}

struct ready_spec *
spec_ready_load(struct spec_ctx *c, const json_t *root,
    const struct app_spec *app, const struct compose_spec *cs)
{
	const json_t *r = json_object_get(root, "ready");
	struct ready_spec *rs = ready_new();
	int rc = 0;

	if (r == NULL) {
		/* Default: the app answers HTTP at /, whatever the status. */
		if ((app != NULL && app->port > 0) || (cs != NULL && cs->port > 0)) {
			rs->http = xstrdup("/");
			checklist_add(rs->http_checks, &assert_status,
			    assert_status_classes(1, 5));
		}
		return rs;
	}
	if (!json_is_object(r)) {
		spec_error(c, spec_valpos(c, root, "ready"), "ready must be a "
		    "mapping of probes (http, tcp, log, healthy, exec) and "
		    "timeout, got %s", spec_typename(r));
		spec_ready_free(rs);
		return NULL;
	}
	if (spec_keys(c, r, "ready", ready_keys, N(ready_keys)) > 0 ||
	    load_probes(c, r, rs) == -1 || load_durations(c, r, rs) == -1 ||
	    check_needs_app(c, r, rs, app != NULL || cs != NULL) == -1)
		rc = -1;
	if (rc == 0 && rs->http && rs->http_checks->n == 0)
		checklist_add(rs->http_checks, &assert_status, assert_status_classes(2, 2));
	if (rc == 0)
		return rs;
	spec_ready_free(rs);
	return NULL;
}

void
spec_ready_free(struct ready_spec *rs)
{
	if (rs == NULL)
		return;
	free(rs->http);
	checklist_free(rs->http_checks);
	json_decref(rs->healthy_services);
	free(rs->log_text);
	json_decref(rs->exec);
	free(rs);
}

/* Compose's own choice when no -f is given: the first of compose.yaml,
 * compose.yml, docker-compose.yaml, docker-compose.yml in dir, then its
 * override file (compose.override.yaml…); a new array of names relative
 * to dir, or NULL. */
static json_t *
default_files(const char *dir)
{
	static const char *const names[] = { "compose", "docker-compose" };
	static const char *const exts[] = { "yaml", "yml" };
	json_t *files = NULL;
	char *path;
	size_t n, e;

	for (n = 0; n < N(names) && files == NULL; n++)
		for (e = 0; e < N(exts) && files == NULL; e++) {
			path = xasprintf("%s/%s.%s", dir, names[n], exts[e]);
			if (access(path, F_OK) == 0)
				files = json_pack("[s]", strrchr(path, '/') + 1);
			free(path);
		}
	if (files == NULL)
		return NULL;
	for (e = 0; e < N(exts); e++) {
		path = xasprintf("%s/%s.override.%s", dir, names[n - 1], exts[e]);
		if (access(path, F_OK) == 0) {
			json_array_append_new(files, json_string(strrchr(path,
			    '/') + 1));
			free(path);
			break;
		}
		free(path);
	}
	return files;
}

struct compose_spec *
spec_compose_load(struct spec_ctx *c, const json_t *root, const char *specdir)
{
	const json_t *m = json_object_get(root, "compose"), *v;
	struct compose_spec *cs;
	json_t *files, *f, *wrapped;
	char *path;
	size_t i;
	int rc = 0;

	if (!json_is_object(m)) {
		spec_error(c, spec_valpos(c, root, "compose"), "compose must be a "
		    "mapping with files, service and port, got %s",
		    spec_typename(m));
		return NULL;
	}
	cs = xcalloc(1, sizeof(*cs));
	cs->files = json_array();
	if (spec_keys(c, m, "compose", compose_keys, N(compose_keys)) > 0)
		rc = -1;
	/* files: one path or a list of them; spec_argv checks the list.
	 * None: the files the Compose CLI itself would read there. */
	v = json_object_get(m, "files");
	wrapped = json_is_string(v) ? json_pack("[O]", v) : NULL;
	files = NULL;
	if (v == NULL) {
		if ((files = default_files(specdir)) == NULL)
			spec_error(c, spec_valpos(c, root, "compose"), "compose "
			    "needs its files: no compose.yaml, compose.yml, "
			    "docker-compose.yaml or docker-compose.yml beside the "
			    "spec");
	} else
		files = spec_argv(c, wrapped ? wrapped : v, spec_valpos(c, m,
		    "files"), "files");
	json_decref(wrapped);
	cs->profiles = json_array();
	if ((v = json_object_get(m, "profiles")) != NULL) {
		json_decref(cs->profiles);
		if ((cs->profiles = spec_argv(c, v, spec_valpos(c, m, "profiles"),
		    "profiles")) == NULL) {
			cs->profiles = json_array();
			rc = -1;
		}
	}
	if (files == NULL)
		rc = -1;
	json_array_foreach(files, i, f) {
		path = json_string_value(f)[0] == '/' ? xstrdup(json_string_value(f)) :
		    xasprintf("%s/%s", specdir, json_string_value(f));
		if (access(path, R_OK) == -1) {
			spec_error(c, spec_valpos(c, m, "files"), "cannot read compose "
			    "file '%s': %s", path, strerror(errno));
			rc = -1;
		}
		json_array_append_new(cs->files, json_string(path));
		free(path);
	}
	json_decref(files);
	if ((v = json_object_get(m, "service")) == NULL) {
		spec_error(c, spec_valpos(c, root, "compose"), "compose needs the "
		    "service under test: service: NAME");
		rc = -1;
	} else if ((cs->service = spec_string(c, v, spec_valpos(c, m, "service"),
	    "service", 0)) == NULL)
		rc = -1;
	if (json_object_get(m, "port") != NULL && load_port(c, m, &cs->port) == -1)
		rc = -1;
	if (rc == 0)
		return cs;
	spec_compose_free(cs);
	return NULL;
}

void
spec_compose_free(struct compose_spec *cs)
{
	if (cs == NULL)
		return;
	json_decref(cs->files);
	json_decref(cs->profiles);
	free(cs->service);
	free(cs);
}
