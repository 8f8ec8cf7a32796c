/* compose.c - run a compose project under test through the Compose CLI. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "../../base/clock.h"
#include "compose.h"
#include "container.h"
#include "../../base/interrupt.h"
#include "../../base/spawn.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"
#include "../../base/error.h"

struct compose {
	struct engine	*engine;	/* borrowed */
	int		 v2;
	char		*project;
	char		*dir;		/* the project directory: the first file's */
	json_t		*profiles;	/* --profile each */
	double		 deadline;	/* for config and up (clock_now() ms), 0: none */
	char		*file;		/* the rewritten project (0600) */
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

/* argv: the CLI, -p project, --project-directory, --profile each, -f
 * files (the spec's, or the rewritten one), then the verb. */
static char **
argv_new(const struct compose *c, const json_t *files, const char *file,
    const char *const *verb)
{
	char **a = xcalloc(32 + (json_array_size(files) +
	    json_array_size(c->profiles)) * 2, sizeof(*a));
	const json_t *f;
	size_t i, n = 0;

	a[n++] = xstrdup(c->v2 ? "docker" : "docker-compose");
	if (c->v2)
		a[n++] = xstrdup("compose");
	a[n++] = xstrdup("-p");
	a[n++] = xstrdup(c->project);
	if (c->dir) {	/* relative paths, .env: as from the spec's files */
		a[n++] = xstrdup("--project-directory");
		a[n++] = xstrdup(c->dir);
	}
	json_array_foreach(c->profiles, i, f) {
		a[n++] = xstrdup("--profile");
		a[n++] = xstrdup(json_string_value(f));
	}
	json_array_foreach(files, i, f) {
		a[n++] = xstrdup("-f");
		a[n++] = xstrdup(json_string_value(f));
	}
	if (file) {
		a[n++] = xstrdup("-f");
		a[n++] = xstrdup(file);
	}
	for (i = 0; verb[i]; i++)
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

/* Runs compose; its stderr becomes err when it fails.  An abortable call
 * (deadline: when the start's readiness deadline passes, ms on
 * clock_now()'s clock, or 0) stops at a terminating signal or at the
 * deadline, and says so. */
static int
run(char **argv, int abortable, double deadline, struct buf *out, char *err,
    size_t errlen)
{
	struct buf e = BUF_INIT;
	int late = 0, rc = abortable ? spawn_capture_abortable(argv, NULL, out,
	    &e, deadline, &late, err, errlen) : spawn_capture(argv, NULL, out,
	    &e, err, errlen);

	while (e.len > 0 && (e.data[e.len - 1] == '\n' || e.data[e.len - 1] == ' '))
		e.data[--e.len] = '\0';
	if (abortable && interrupted()) {
		snprintf(err, errlen, "interrupted by signal %d during %s up",
		    interrupted(), compose_cli());
		rc = rc == 0 ? 1 : rc;
	} else if (late) {
		snprintf(err, errlen, "%s did not finish before the readiness "
		    "deadline (ready.timeout)%s%s", compose_cli(), e.len ? ": " :
		    "", e.len ? buf_str(&e) : "");
		rc = rc == 0 ? 1 : rc;
	} else if (rc > 0) {
		snprintf(err, errlen, "%s: %s", compose_cli(), e.len ? buf_str(&e) :
		    "failed");
	}
	buf_release(&e);
	return rc == 0 ? 0 : -1;
}

/* The merged project, as compose sees it with the run's project name. */
static json_t *
merged(const struct compose *c, const json_t *files, char *err, size_t errlen)
{
	static const char *const v1verb[] = { "config", NULL };
	static const char *const v2verb[] = { "config", "--format", "json", NULL };
	char **argv = argv_new(c, files, NULL, c->v2 ? v2verb : v1verb);
	struct buf out = BUF_INIT;
	struct srcdoc *doc = NULL;
	json_t *root = NULL;

	if (run(argv, 1, c->deadline, &out, err, errlen) == 0 &&
	    (doc = srcdoc_parse(c->v2 ? "config.json" : "config.yaml", buf_str(&out),
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

/* The profiles that put service in the spec's files (read as written:
 * `config` leaves out the services of profiles that are off); a new
 * string "a, b", or NULL when it has none or is in no file. */
static char *
service_profiles(const json_t *files, const char *service)
{
	const json_t *f, *p, *svc;
	struct srcdoc *doc;
	struct buf b = BUF_INIT;
	char err[256];
	size_t i, k;

	json_array_foreach(files, i, f) {
		if ((doc = srcdoc_load(json_string_value(f), err, sizeof(err))) ==
		    NULL)
			continue;
		svc = json_object_get(json_object_get(srcdoc_root(doc),
		    "services"), service);
		json_array_foreach(json_object_get(svc, "profiles"), k, p)
			if (json_is_string(p))
				buf_addf(&b, "%s%s", b.len ? ", " : "",
				    json_string_value(p));
		srcdoc_free(doc);
	}
	return b.len ? buf_detach(&b) : (buf_release(&b), NULL);
}

/* Why the service under test has no container: its profile is off (say
 * which, and how to enable it), or it is in no file. */
static void
no_service(const struct compose_opts *o, char *err, size_t errlen)
{
	char *profiles = service_profiles(o->files, o->service);

	if (profiles != NULL)
		snprintf(err, errlen, "compose service '%s' is in profile %s, "
		    "which is not enabled: add compose.profiles: [%s] to the "
		    "spec", o->service, profiles, profiles);
	else
		snprintf(err, errlen, "%s: no service '%s' in the compose project",
		    compose_cli(), o->service);
	free(profiles);
}

/* Every network and volume the project makes gets a per-run name and the
 * run's labels (external ones are the user's and stay as they are), the
 * implicit default network included: `config` does not always list it
 * (v1), and an unlabelled one outlives a killed run. */
static void
own_objects(json_t *root, const struct compose_opts *o)
{
	static const char *const kinds[] = { "networks", "volumes" };
	json_t *list, *def;
	const char *name;
	char *full;
	size_t k;

	if ((list = json_object_get(root, "networks")) == NULL) {
		list = json_object();
		json_object_set_new(root, "networks", list);
	}
	if (json_object_get(list, "default") == NULL)
		json_object_set_new(list, "default", json_object());
	for (k = 0; k < 2; k++)
		json_object_foreach(json_object_get(root, kinds[k]), name, def) {
			if (json_is_null(def)) {
				def = json_object();
				json_object_set_new(json_object_get(root, kinds[k]),
				    name, def);
			}
			if (!json_is_object(def) || json_is_true(json_object_get(def,
			    "external")) || json_is_object(json_object_get(def,
			    "external")))
				continue;
			full = xasprintf("%s_%s", o->project, name);
			json_object_set_new(def, "name", json_string(full));
			free(full);
			add_run_labels(def, o);
		}
}

/* Nothing fixed can clash between two runs; the run's label everywhere. */
static int
rewrite(json_t *root, const struct compose_opts *o, char *err, size_t errlen)
{
	json_t *services = json_object_get(root, "services"), *svc;
	const char *name;
	char port[64];

	if (json_object_get(services, o->service) == NULL) {
		no_service(o, err, errlen);
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
	own_objects(root, o);
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

	json_array_clear(c->ids);
	json_array_clear(c->services);
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

/* `up` failed: a one-shot dependency that exited non-zero (a migration
 * under depends_on: service_completed_successfully) is the reason, said
 * with its exit code and last log lines rather than Compose's "Container
 * <id> exited with code 3".  Returns 1 when it found one. */
static int
failed_dependency(struct compose *c, char *err, size_t errlen)
{
	struct container_state cs;
	struct buf logs = BUF_INIT;
	const char *id, *svc;
	char e[256];
	size_t i, n;
	int found = 0;

	if (find_containers(c, e, sizeof(e)) == -1)
		return 0;
	for (i = 0; i < json_array_size(c->ids) && !found; i++) {
		id = json_string_value(json_array_get(c->ids, i));
		svc = json_string_value(json_array_get(c->services, i));
		if (container_inspect(c->engine, id, &cs, e, sizeof(e)) == -1 ||
		    cs.running || cs.exit_code == 0)
			continue;
		found = 1;
		n = (size_t)snprintf(err, errlen, "compose service '%s' exited "
		    "with code %d%s before the app could start", svc ? svc : "?",
		    cs.exit_code, cs.oom_killed ? " (killed: out of memory)" : "");
		if (container_logs(c->engine, id, 20, &logs, e, sizeof(e)) == 0 &&
		    logs.len > 0 && n < errlen)
			snprintf(err + n, errlen - n, "\n--- %s's logs (last 20 "
			    "lines)\n%s", svc ? svc : "?", buf_str(&logs));
	}
	buf_release(&logs);
	return found;
}

/* The rewritten project: in the run's private folder, readable by its
 * owner alone (it holds the environment's values, secrets among them). */
static int
write_private(const json_t *root, const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd == -1 ? NULL : fdopen(fd, "w");
	int rc;

	if (f == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	rc = json_dumpf(root, f, JSON_INDENT(2));
	if (fclose(f) != 0 || rc == -1)
		return error_set(err, errlen, "cannot write %s", path);
	return 0;
}

struct compose *
compose_up(struct engine *e, const struct compose_opts *o, char *err,
    size_t errlen)
{
	static const char *const up[] = { "up", "-d", "--remove-orphans", NULL };
	struct compose *c = xcalloc(1, sizeof(*c));
	const char *first = json_string_value(json_array_get(o->files, 0));
	json_t *root;
	char **argv;
	int rc;

	c->engine = e;
	c->v2 = detect();
	c->deadline = o->timeout_ms > 0 ? clock_now() * 1e3 +
	    (double)o->timeout_ms : 0;
	c->project = xstrdup(o->project);
	c->profiles = o->profiles ? json_deep_copy(o->profiles) : json_array();
	c->ids = json_array();
	c->services = json_array();
	if ((root = merged(c, o->files, err, errlen)) == NULL ||
	    rewrite(root, o, err, errlen) == -1) {
		json_decref(root);
		compose_down(c);
		return NULL;
	}
	if (first && strrchr(first, '/'))
		c->dir = xstrndup(first, (size_t)(strrchr(first, '/') - first));
	c->file = xasprintf("%s/%s.json", o->workdir, o->project);
	rc = write_private(root, c->file, err, errlen);
	json_decref(root);
	if (rc == -1) {
		free(c->file);
		c->file = NULL;
		compose_down(c);
		return NULL;
	}
	argv = argv_new(c, NULL, c->file, up);
	rc = run(argv, 1, c->deadline, NULL, err, errlen);
	argv_free(argv);
	if (rc == -1 && !interrupted())
		failed_dependency(c, err, errlen);
	if (rc == -1 || find_containers(c, err, errlen) == -1) {
		compose_down(c);
		return NULL;
	}
	if (compose_container(c, o->service) == NULL) {
		no_service(o, err, errlen);
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
		argv = argv_new(c, NULL, c->file, down);
		run(argv, 0, 0, NULL, err, sizeof(err));
		argv_free(argv);
		remove(c->file);
	}
	free(c->project);
	free(c->dir);
	json_decref(c->profiles);
	free(c->file);
	json_decref(c->ids);
	json_decref(c->services);
	free(c);
}
