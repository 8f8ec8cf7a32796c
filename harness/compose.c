/* compose.c - run a compose project under test through the Compose CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "compose.h"
#include "container.h"
#include "spawn.h"
#include "srcdoc.h"
#include "xalloc.h"

struct compose {
	struct engine	*engine;	/* borrowed */
	int		 v2;
	char		*project;
	char		*file;		/* the rewritten project */
	json_t		*ids;		/* array of container ids */
	json_t		*services;	/* array of their service names */
};

static int cli_v2 = -1;		/* -1: not probed yet */

/* `docker compose` (v2) where it answers, else `docker-compose` (v1);
 * SHAKEDOWN_COMPOSE=v1|v2 forces one. */
static int
detect(void)
{
	char *v2[] = { "docker", "compose", "version", NULL };
	const char *force = getenv("SHAKEDOWN_COMPOSE");
	char err[256];

	if (cli_v2 != -1)
		return cli_v2;
	if (force && strcmp(force, "v1") == 0)
		cli_v2 = 0;
	else if (force && strcmp(force, "v2") == 0)
		cli_v2 = 1;
	else
		cli_v2 = spawn_capture(v2, NULL, NULL, NULL, err, sizeof(err)) == 0;
	return cli_v2;
}

const char *
compose_cli(void)
{
	return detect() ? "docker compose" : "docker-compose";
}

/* argv: the CLI, then -p project (if any), -f files, then the verb. */
static char **
argv_new(int v2, const char *project, const json_t *files, const char *file,
    const char *const *verb)
{
	char **a = xcalloc(32 + json_array_size(files) * 2, sizeof(*a));
	const json_t *f;
	size_t i, n = 0;

	a[n++] = xstrdup(v2 ? "docker" : "docker-compose");
	if (v2)
		a[n++] = xstrdup("compose");
	if (project) {
		a[n++] = xstrdup("-p");
		a[n++] = xstrdup(project);
	}
	json_array_foreach(files, i, f) {
		a[n++] = xstrdup("-f");
		a[n++] = xstrdup(json_string_value(f));
	}
	if (file) {
		a[n++] = xstrdup("-f");
		a[n++] = xstrdup(file);
	}
	for (i = 0; verb[i] && n < 31; i++)
		a[n++] = xstrdup(verb[i]);
	return a;
}

static void
argv_free(char **a)
{
	size_t i;

	for (i = 0; a[i]; i++)
		free(a[i]);
	free(a);
}

/* Runs compose; its stderr becomes err when it fails. */
static int
run(char **argv, struct buf *out, char *err, size_t errlen)
{
	struct buf e = BUF_INIT;
	int rc = spawn_capture(argv, NULL, out, &e, err, errlen);

	if (rc > 0) {
		while (e.len > 0 && (e.data[e.len - 1] == '\n' || e.data[e.len - 1] == ' '))
			e.data[--e.len] = '\0';
		snprintf(err, errlen, "%s: %s", compose_cli(), e.len ? buf_str(&e) :
		    "failed");
	}
	buf_release(&e);
	return rc == 0 ? 0 : -1;
}

/* The merged project, as compose sees it. */
static json_t *
merged(int v2, const json_t *files, char *err, size_t errlen)
{
	static const char *const v1verb[] = { "config", NULL };
	static const char *const v2verb[] = { "config", "--format", "json", NULL };
	char **argv = argv_new(v2, NULL, files, NULL, v2 ? v2verb : v1verb);
	struct buf out = BUF_INIT;
	struct srcdoc *doc = NULL;
	json_t *root = NULL;

	if (run(argv, &out, err, errlen) == 0 &&
	    (doc = srcdoc_parse(v2 ? "config.json" : "config.yaml", buf_str(&out),
	    out.len, err, errlen)) != NULL)
		root = json_incref(srcdoc_root(doc));
	srcdoc_free(doc);
	buf_release(&out);
	argv_free(argv);
	return root;
}

static void
add_label(json_t *obj, const char *key, const char *value)
{
	json_t *labels = json_object_get(obj, "labels");

	if (json_is_array(labels)) {	/* ["a=b"] form */
		char *kv = xasprintf("%s=%s", key, value);

		json_array_append_new(labels, json_string(kv));
		free(kv);
		return;
	}
	if (!json_is_object(labels)) {
		labels = json_object();
		json_object_set_new(obj, "labels", labels);
	}
	json_object_set_new(labels, key, json_string(value));
}

/* The run's label and the --label ones. */
static void
add_run_labels(json_t *obj, const struct compose_opts *o)
{
	const char *k;
	json_t *v;

	add_label(obj, LABEL_RUN, o->run_id);
	json_object_foreach((json_t *)o->labels, k, v)
		if (strcmp(k, LABEL_RUN) != 0)
			add_label(obj, k, json_string_value(v));
}

/* Nothing fixed can clash between two runs; the run's label everywhere. */
static int
rewrite(json_t *root, const struct compose_opts *o, char *err, size_t errlen)
{
	json_t *services = json_object_get(root, "services"), *svc, *def;
	const char *name, *kinds[] = { "networks", "volumes" };
	char port[64];
	size_t k;

	if (json_object_get(services, o->service) == NULL) {
		snprintf(err, errlen, "%s: no service '%s' in the compose project",
		    compose_cli(), o->service);
		return -1;
	}
	json_object_foreach(services, name, svc) {
		json_object_del(svc, "container_name");
		json_object_del(svc, "ports");
		add_run_labels(svc, o);
		if (strcmp(name, o->service) != 0)
			continue;
		if (o->port > 0) {
			snprintf(port, sizeof(port), "%s%d", o->local ?
			    "127.0.0.1::" : "", o->port);
			json_object_set_new(svc, "ports", json_pack("[s]", port));
		}
		if (o->image) {
			json_object_set_new(svc, "image", json_string(o->image));
			json_object_del(svc, "build");
		}
	}
	for (k = 0; k < 2; k++)
		json_object_foreach(json_object_get(root, kinds[k]), name, def)
			if (json_is_object(def) && !json_is_true(json_object_get(def,
			    "external")) && json_object_get(def, "name") == NULL)
				add_run_labels(def, o);
	return 0;
}

/* The project's containers, found by compose's labels. */
static int
find_containers(struct compose *c, char *err, size_t errlen)
{
	char *filter = xasprintf("{\"label\":[\"com.docker.compose.project=%s\"]}",
	    c->project);
	char *esc = curl_easy_escape(NULL, filter, 0);
	char *path = xasprintf("/containers/json?all=1&filters=%s", esc);
	struct buf raw = BUF_INIT;
	json_t *list = NULL, *item;
	size_t i;
	long st;

	st = engine_call(c->engine, "GET", path, NULL, &list, &raw, 60000, err,
	    errlen);
	json_array_foreach(list, i, item) {
		json_array_append(c->ids, json_object_get(item, "Id"));
		json_array_append(c->services, json_object_get(json_object_get(item,
		    "Labels"), "com.docker.compose.service"));
	}
	json_decref(list);
	buf_release(&raw);
	curl_free(esc);
	free(filter);
	free(path);
	return st == 200 ? 0 : -1;
}

struct compose *
compose_up(struct engine *e, const struct compose_opts *o, char *err,
    size_t errlen)
{
	static const char *const up[] = { "up", "-d", "--remove-orphans", NULL };
	struct compose *c = xcalloc(1, sizeof(*c));
	json_t *root;
	char **argv;
	int rc;

	c->engine = e;
	c->v2 = detect();
	c->project = xstrdup(o->project);
	c->ids = json_array();
	c->services = json_array();
	if ((root = merged(c->v2, o->files, err, errlen)) == NULL ||
	    rewrite(root, o, err, errlen) == -1) {
		json_decref(root);
		compose_down(c);
		return NULL;
	}
	c->file = xasprintf("%s/%s.json", o->workdir, o->project);
	if (json_dump_file(root, c->file, JSON_INDENT(2)) == -1) {
		snprintf(err, errlen, "cannot write %s", c->file);
		json_decref(root);
		compose_down(c);
		return NULL;
	}
	json_decref(root);
	argv = argv_new(c->v2, c->project, NULL, c->file, up);
	rc = run(argv, NULL, err, errlen);
	argv_free(argv);
	if (find_containers(c, err, errlen) == -1 || rc == -1) {
		compose_down(c);
		return NULL;
	}
	return c;
}

const char *
compose_container(struct compose *c, const char *service)
{
	const json_t *s;
	size_t i;

	json_array_foreach(c->services, i, s)
		if (json_string_value(s) && strcmp(json_string_value(s), service) == 0)
			return json_string_value(json_array_get(c->ids, i));
	return NULL;
}

size_t
compose_containers(struct compose *c, const char ***ids, const char ***services)
{
	size_t i, n = json_array_size(c->ids);

	*ids = xcalloc(n + 1, sizeof(**ids));
	*services = xcalloc(n + 1, sizeof(**services));
	for (i = 0; i < n; i++) {
		(*ids)[i] = json_string_value(json_array_get(c->ids, i));
		(*services)[i] = json_string_value(json_array_get(c->services, i));
	}
	return n;
}

void
compose_down(struct compose *c)
{
	static const char *const down[] = { "down", "-v", "--remove-orphans",
	    "-t", "0", NULL };
	char **argv, err[1024];

	if (c == NULL)
		return;
	if (c->file) {
		argv = argv_new(c->v2, c->project, NULL, c->file, down);
		run(argv, NULL, err, sizeof(err));
		argv_free(argv);
		remove(c->file);
	}
	free(c->project);
	free(c->file);
	json_decref(c->ids);
	json_decref(c->services);
	free(c);
}
