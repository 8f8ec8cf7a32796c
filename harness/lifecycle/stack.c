/* stack.c - start a suite's app, and take it down again. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "container.h"
#include "../../base/mask.h"
#include "../../base/report_file.h"
#include "../../base/http.h"
#include "stack.h"
#include "../../base/xalloc.h"

/* --image, then the spec's, then GitLab's image of this commit. */
static char *
pick_image(const struct spec *s, const struct stack_opts *o)
{
	const char *reg = getenv("CI_REGISTRY_IMAGE"), *sha = getenv("CI_COMMIT_SHA");

	if (o->image && *o->image)
		return xstrdup(o->image);
	if (s->app && s->app->image)
		return xstrdup(s->app->image);
	if (reg && *reg && sha && *sha)
		return xasprintf("%s:%s", reg, sha);
	return NULL;
}

/* shakedown-RUN-SEQ-suite: unique per run, readable in `docker ps`. */
static char *
container_name(const struct spec *s, const struct stack_opts *o)
{
	char *n = xasprintf("shakedown-%s-%d-%.40s", o->run_id, o->seq, s->name);
	char *p;

	for (p = n; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			*p = '-';
	return n;
}

/* Publishes the port of the container under test as base_url. */
static int
publish(struct stack *st, int port, const struct stack_opts *o, int *env,
    char *err, size_t errlen)
{
	st->host = xstrdup(o->host ? o->host : engine_host(st->engine));
	st->app_port = port;
	if (port <= 0)
		return 0;
	st->port = container_host_port(st->engine, st->container, port, err,
	    errlen);
	if (st->port <= 0) {
		struct container_state cs;

		/* Exited before its port could be read: the readiness wait
		 * reports the exit code and the logs. */
		if (container_inspect(st->engine, st->container, &cs, err,
		    errlen) == 0 && !cs.running)
			return 0;
		*env = 0;
		return -1;
	}
	st->base_url = http_url_from("http", st->host, st->port);
	return 0;
}

static struct stack *
compose_stack(struct engine *e, const struct spec *s, const struct stack_opts *o,
    int *env, char *err, size_t errlen)
{
	struct compose_opts co = { 0 };
	struct stack *st = xcalloc(1, sizeof(*st));
	const char *id;

	st->engine = e;
	st->project = xasprintf("shakedown_%s_%d", o->run_id, o->seq);
	st->name = xstrdup(st->project);
	st->image = pick_image(s, o);
	co.files = s->compose->files;
	co.service = s->compose->service;
	co.port = s->compose->port;
	co.image = st->image;
	co.project = st->project;
	co.run_id = o->run_id;
	co.labels = o->labels;
	co.local = strncmp(engine_address(e), "unix://", 7) == 0;
	co.profiles = s->compose->profiles;
	co.timeout_ms = s->ready ? s->ready->timeout_ms : 0;
	co.workdir = o->workdir;
	if ((st->compose = compose_up(e, &co, err, errlen)) == NULL) {
		stack_down(st, 0, NULL, 0);
		return NULL;
	}
	if (st->image == NULL)
		st->image = xasprintf("compose service %s", co.service);
	if ((id = compose_container(st->compose, co.service)) == NULL) {
		snprintf(err, errlen, "%s: no container for service '%s'",
		    compose_cli(), co.service);
		*env = 0;
		stack_down(st, 0, NULL, 0);
		return NULL;
	}
	st->container = xstrdup(id);
	if (publish(st, co.port, o, env, err, errlen) == -1) {
		stack_down(st, 0, NULL, 0);
		return NULL;
	}
	*env = 0;
	return st;
}

const char *
stack_container(const struct stack *st, const char *service)
{
	if (service == NULL)
		return st->container;
	return st->compose ? compose_container(st->compose, service) : NULL;
}

struct stack *
stack_up(struct engine *e, const struct spec *s, const struct stack_opts *o,
    int *env, char *err, size_t errlen)
{
	struct container_spec cs = { 0 };
	struct stack *st;

	*env = 1;
	if (s->compose)
		return compose_stack(e, s, o, env, err, errlen);
	st = xcalloc(1, sizeof(*st));
	st->engine = e;
	if ((st->image = pick_image(s, o)) == NULL) {
		snprintf(err, errlen, "no image to test: set app.image in the spec, "
		    "pass --image, or set CI_REGISTRY_IMAGE and CI_COMMIT_SHA");
		stack_down(st, 0, NULL, 0);
		return NULL;
	}
	st->name = container_name(s, o);
	cs.image = st->image;
	cs.port = s->app->port;
	cs.env = s->app->env;
	cs.cmd = s->app->cmd;
	cs.networks = s->app->networks;
	cs.memory = s->app->memory;
	cs.run_id = o->run_id;
	cs.labels = o->labels;
	cs.name = st->name;
	if (container_run(e, &cs, &st->container, err, errlen) == -1) {
		stack_down(st, 0, NULL, 0);
		return NULL;
	}
	if (publish(st, s->app->port, o, env, err, errlen) == -1) {
		stack_down(st, 0, NULL, 0);
		return NULL;
	}
	*env = 0;
	return st;
}

int
stack_other_ports(const struct stack *st, struct buf *out)
{
	struct buf raw = BUF_INIT;
	json_t *c = NULL, *ports;
	char *path = xasprintf("/containers/%s/json", st->container), err[512];
	const char *k;
	json_t *v;
	int n = 0, p;

	if (engine_call(st->engine, "GET", path, NULL, &c, &raw, 10000, err,
	    sizeof(err)) == 200) {
		ports = json_object_get(json_object_get(c, "Config"),
		    "ExposedPorts");
		json_object_foreach(ports, k, v) {
			p = atoi(k);
			if (p == st->app_port || strstr(k, "/tcp") == NULL || n >= 5)
				continue;
			buf_addf(out, "%s%s", n > 0 ? " and " : "", k);
			n++;
		}
	}
	json_decref(c);
	buf_release(&raw);
	free(path);
	return n;
}

static void
logs_of(const struct stack *st, const char *id, int tail, struct buf *out)
{
	char err[512];

	if (container_logs(st->engine, id, tail, out, err, sizeof(err)) == -1)
		buf_addf(out, "[logs unavailable: %s]\n", err);
}

void
stack_logs(const struct stack *st, int tail, struct buf *out)
{
	const char **ids, **svcs;
	size_t i, n;

	if (st->compose == NULL) {
		if (st->container)
			logs_of(st, st->container, tail, out);
		return;
	}
	n = compose_containers(st->compose, &ids, &svcs);
	for (i = 0; i < n; i++) {
		buf_addf(out, "=== service %s\n", svcs[i] ? svcs[i] : "?");
		logs_of(st, ids[i], tail, out);
	}
	free(ids);
	free(svcs);
}

/* The newest `keep` bytes of a stream (one more, to see whether the cut
 * falls on a line boundary), and how many came in all. */
struct newest {
	struct buf	 b;
	size_t		 keep;
	unsigned long long total;
};

static void
newest_add(const char *p, size_t n, void *arg)
{
	struct newest *t = arg;
	size_t room = t->keep + 1, drop;

	t->total += n;
	if (n >= room) {
		buf_reset(&t->b);
		buf_add(&t->b, p + n - room, room);
		return;
	}
	if (t->b.len + n > 2 * room) {		/* amortised: now and then */
		drop = t->b.len - (room - n);
		memmove(t->b.data, t->b.data + drop, t->b.len - drop);
		t->b.len -= drop;
	}
	buf_add(&t->b, p, n);
}

/* One container's whole log into out, the newest `keep` bytes of it,
 * cut at a line boundary under a first line saying what was left out. */
static void
save_one(const struct stack *st, const char *id, size_t keep, struct buf *out)
{
	struct newest t = { BUF_INIT, keep, 0 };
	const char *p;
	size_t start = 0;
	char err[512];

	if (container_logs_stream(st->engine, id, newest_add, &t, err,
	    sizeof(err)) == -1) {
		buf_addf(out, "[logs unavailable: %s]\n", err);
		buf_release(&t.b);
		return;
	}
	if (t.b.len > keep) {		/* older output was left out */
		start = t.b.len - keep;
		if (t.b.data[start - 1] != '\n' && (p = memchr(t.b.data + start,
		    '\n', t.b.len - start)) != NULL && p + 1 < t.b.data + t.b.len)
			start = (size_t)(p + 1 - t.b.data);
		buf_addf(out, "[shakedown: the oldest %llu bytes of this log are "
		    "left out; the newest %zu follow]\n",
		    t.total - (t.b.len - start), t.b.len - start);
	}
	buf_add(out, t.b.data ? t.b.data + start : "", t.b.len - start);
	buf_release(&t.b);
}

int
stack_save_logs(const struct stack *st, const char *dir, char **path,
    char *err, size_t errlen)
{
	struct buf logs = BUF_INIT;
	const char **ids, **svcs;
	char *masked;
	size_t len, i, n;
	int rc;

	*path = NULL;
	if (st->compose == NULL) {
		if (st->container == NULL)
			return 0;
		save_one(st, st->container, STACK_LOG_KEEP, &logs);
	} else {
		n = compose_containers(st->compose, &ids, &svcs);
		for (i = 0; i < n; i++) {
			buf_addf(&logs, "=== service %s\n", svcs[i] ? svcs[i] : "?");
			save_one(st, ids[i], STACK_LOG_KEEP / n, &logs);
		}
		free(ids);
		free(svcs);
	}
	masked = mask_apply(mask_global(), buf_str(&logs), logs.len, &len);
	buf_release(&logs);
	*path = xasprintf("%s/%s.log", dir, st->name);
	rc = report_file_save(*path, masked, len, err, errlen);
	free(masked);
	if (rc == -1) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

int
stack_down(struct stack *st, int keep, char *err, size_t errlen)
{
	char msg[512];
	int rc = 0;

	if (st == NULL)
		return 0;
	engine_cleaning(st->engine, 1);
	if (st->compose && !keep)
		compose_down(st->compose);
	else if (st->container && !keep && st->project == NULL &&
	    container_remove(st->engine, st->container, msg, sizeof(msg)) == -1) {
		if (err != NULL)
			snprintf(err, errlen, "%s", msg);
		rc = -1;
	}
	engine_cleaning(st->engine, 0);
	free(st->container);
	free(st->project);
	free(st->name);
	free(st->image);
	free(st->host);
	free(st->base_url);
	free(st);
	return rc;
}
