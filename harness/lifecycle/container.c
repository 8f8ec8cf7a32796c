/* container.c - a container's lifecycle through the Engine API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "container.h"
#include "../../base/watch_notes.h"
#include "../../base/xalloc.h"

#define CALL_MS	60000L

/* An engine call whose status must be one of ok1/ok2; err otherwise. */
static int
call(struct engine *e, const char *method, const char *path, const json_t *body,
    json_t **out, long ok1, long ok2, char *err, size_t errlen)
{
	struct buf raw = BUF_INIT;
	json_t *resp = NULL;
	long st;

	st = engine_call(e, method, path, body, &resp, &raw, CALL_MS, err, errlen);
	if (st != -1 && st != ok1 && st != ok2)
		snprintf(err, errlen, "%s", engine_message(resp, &raw));
	buf_release(&raw);
	if (st == ok1 || st == ok2) {
		if (out)
			*out = resp;
		else
			json_decref(resp);
		return 0;
	}
	json_decref(resp);
	return -1;
}

static json_t *
create_body(const struct container_spec *s, int local)
{
	json_t *body = json_object(), *env = json_array(), *hc, *bind, *labels;
	const char *k;
	json_t *v;
	char port[32];

	json_object_set_new(body, "Image", json_string(s->image));
	json_object_foreach((json_t *)s->env, k, v) {
		char *kv = json_is_string(v) ? xasprintf("%s=%s", k,
		    json_string_value(v)) : NULL;

		if (kv == NULL) {
			char *dump = json_dumps(v, JSON_ENCODE_ANY);
			kv = xasprintf("%s=%s", k, dump);
			free(dump);
		}
		json_array_append_new(env, json_string(kv));
		free(kv);
	}
	json_object_set_new(body, "Env", env);
	if (s->cmd)
		json_object_set(body, "Cmd", (json_t *)s->cmd);
	labels = json_pack("{s:s}", LABEL_RUN, s->run_id);
	if (s->labels)
		json_object_update_missing(labels, (json_t *)s->labels);
	json_object_set_new(body, "Labels", labels);
	hc = json_object();
	if (s->port > 0) {
		snprintf(port, sizeof(port), "%d/tcp", s->port);
		json_object_set_new(body, "ExposedPorts", json_pack("{s:{}}", port));
		/* Loopback only on a local engine; on a remote one (DinD) the
		 * job reaches the port at the engine's address. */
		bind = json_pack("[{s:s,s:s}]", "HostIp", local ? "127.0.0.1" : "",
		    "HostPort", "");
		json_object_set_new(hc, "PortBindings", json_pack("{s:o}", port,
		    bind));
	}
	if (s->memory > 0) {		/* no swap past it: killed, OOM */
		json_object_set_new(hc, "Memory", json_integer((json_int_t)s->memory));
		json_object_set_new(hc, "MemorySwap",
		    json_integer((json_int_t)s->memory));
	}
	json_object_set_new(body, "HostConfig", hc);
	return body;
}

int
container_run(struct engine *e, const struct container_spec *s, char **id,
    char *err, size_t errlen)
{
	int local = strncmp(engine_address(e), "unix://", 7) == 0;
	json_t *body = create_body(s, local), *resp = NULL, *net;
	char *path, *esc;
	size_t i;
	int rc;

	*id = NULL;
	esc = curl_easy_escape(NULL, s->name, 0);
	path = xasprintf("/containers/create?name=%s", esc);
	curl_free(esc);
	/* The create is never cut short by a signal: the engine would finish
	 * it anyway, and only its answer (the id) lets teardown remove it.
	 * The watchdog knows it is in flight, should the run be killed. */
	engine_cleaning(e, 1);
	watchdog_create(1);
	rc = call(e, "POST", path, body, &resp, 201, 201, err, errlen);
	watchdog_create(0);
	engine_cleaning(e, 0);
	free(path);
	json_decref(body);
	/* In the spec's words on every engine: Podman says "no such image:
	 * docker.io/NAME: image not known" of a NAME it also sought as
	 * localhost/NAME, where it puts what it loads and builds. */
	if (rc == -1 && strcasestr(err, "no such image") != NULL)
		snprintf(err, errlen, "No such image: %s", s->image);
	if (rc == -1)
		return -1;
	*id = xstrdup(json_string_value(json_object_get(resp, "Id")));
	json_decref(resp);
	json_array_foreach((json_t *)s->networks, i, net) {
		path = xasprintf("/networks/%s/connect", json_string_value(net));
		body = json_pack("{s:s}", "Container", *id);
		rc = call(e, "POST", path, body, NULL, 200, 200, err, errlen);
		free(path);
		json_decref(body);
		if (rc == -1)
			return -1;
	}
	path = xasprintf("/containers/%s/start", *id);
	rc = call(e, "POST", path, NULL, NULL, 204, 304, err, errlen);
	free(path);
	return rc;
}

static json_t *
inspect(struct engine *e, const char *id, char *err, size_t errlen)
{
	char *path = xasprintf("/containers/%s/json", id);
	json_t *resp = NULL;

	if (call(e, "GET", path, NULL, &resp, 200, 200, err, errlen) == -1)
		resp = NULL;
	free(path);
	return resp;
}

int
container_host_port(struct engine *e, const char *id, int port, char *err,
    size_t errlen)
{
	json_t *c = inspect(e, id, err, errlen), *b;
	const char *hp;
	char key[32];
	int n = -1;

	if (c == NULL)
		return -1;
	snprintf(key, sizeof(key), "%d/tcp", port);
	b = json_array_get(json_object_get(json_object_get(json_object_get(c,
	    "NetworkSettings"), "Ports"), key), 0);
	if ((hp = json_string_value(json_object_get(b, "HostPort"))) != NULL)
		n = atoi(hp);
	else
		snprintf(err, errlen, "port %s is not published (the container "
		    "may have exited)", key);
	json_decref(c);
	return n;
}

int
container_inspect(struct engine *e, const char *id, struct container_state *st,
    char *err, size_t errlen)
{
	json_t *c = inspect(e, id, err, errlen), *s, *hc, *log;
	const char *h, *er, *test;

	memset(st, 0, sizeof(*st));
	if (c == NULL)
		return -1;
	s = json_object_get(c, "State");
	st->running = json_is_true(json_object_get(s, "Running"));
	h = json_string_value(json_object_get(s, "Status"));
	st->exited = h != NULL && strcmp(h, "exited") == 0;
	st->restarting = json_is_true(json_object_get(s, "Restarting"));
	st->oom_killed = json_is_true(json_object_get(s, "OOMKilled"));
	st->exit_code = (int)json_integer_value(json_object_get(s, "ExitCode"));
	st->restarts = (int)json_integer_value(json_object_get(c, "RestartCount"));
	h = json_string_value(json_object_get(json_object_get(s, "Health"),
	    "Status"));
	snprintf(st->health, sizeof(st->health), "%s", h ? h : "");
	er = json_string_value(json_object_get(s, "Error"));
	snprintf(st->error, sizeof(st->error), "%s", er ? er : "");
	st->memory = json_integer_value(json_object_get(json_object_get(c,
	    "HostConfig"), "Memory"));
	hc = json_object_get(json_object_get(c, "Config"), "Healthcheck");
	test = json_string_value(json_array_get(json_object_get(hc, "Test"), 0));
	if (test != NULL && strcmp(test, "NONE") != 0) {
		st->health_interval_ms = (long)(json_integer_value(
		    json_object_get(hc, "Interval")) / 1000000);
		if (st->health_interval_ms <= 0)
			st->health_interval_ms = 30000;
	}
	log = json_object_get(json_object_get(s, "Health"), "Log");
	h = json_string_value(json_object_get(json_array_get(log,
	    json_array_size(log) - 1), "End"));
	snprintf(st->health_last, sizeof(st->health_last), "%s", h ? h : "");
	json_decref(c);
	return 0;
}

int
container_health_run(struct engine *e, const char *id, long timeout_ms,
    char *err, size_t errlen)
{
	char *path = xasprintf("/libpod/containers/%s/healthcheck", id);
	struct buf raw = BUF_INIT;
	json_t *resp = NULL;
	long st;

	st = engine_call(e, "GET", path, NULL, &resp, &raw, timeout_ms, err,
	    errlen);
	free(path);
	if (st != -1 && st != 200)
		snprintf(err, errlen, "%s", engine_message(resp, &raw));
	json_decref(resp);
	buf_release(&raw);
	return st == 200 ? 0 : -1;
}

int
container_logs(struct engine *e, const char *id, int tail, struct buf *out,
    char *err, size_t errlen)
{
	char *path = tail > 0 ?
	    xasprintf("/containers/%s/logs?stdout=1&stderr=1&tail=%d", id, tail) :
	    xasprintf("/containers/%s/logs?stdout=1&stderr=1", id);
	struct buf raw = BUF_INIT;
	long st;

	st = engine_call(e, "GET", path, NULL, NULL, &raw, CALL_MS, err, errlen);
	free(path);
	if (st == 200)
		engine_demux(raw.data, raw.len, out, out);
	else if (st != -1)
		snprintf(err, errlen, "logs: %s", buf_str(&raw));
	buf_release(&raw);
	return st == 200 ? 0 : -1;
}

/* Splits the log stream as it comes: 8-byte frame headers (stdout and
 * stderr multiplexed) are dropped, the payload goes to the sink in order;
 * a stream that is not multiplexed (a TTY) goes to the sink whole. */
struct demux {
	engine_sink	 sink;
	void		*arg;
	unsigned char	 head[8];
	size_t		 nhead;		/* bytes of the header read so far */
	size_t		 left;		/* payload bytes left in the frame */
	int		 mode;		/* 0 not known yet, 1 frames, 2 raw */
};

static void
demux_feed(const char *p, size_t n, void *arg)
{
	struct demux *d = arg;
	size_t k;

	while (n > 0) {
		if (d->mode == 2) {
			d->sink(p, n, d->arg);
			return;
		}
		if (d->left > 0) {
			k = n < d->left ? n : d->left;
			d->sink(p, k, d->arg);
			p += k;
			n -= k;
			d->left -= k;
			continue;
		}
		k = sizeof(d->head) - d->nhead;
		k = n < k ? n : k;
		memcpy(d->head + d->nhead, p, k);
		d->nhead += k;
		p += k;
		n -= k;
		if (d->nhead < sizeof(d->head))
			return;
		if (d->mode == 0)
			d->mode = (d->head[0] == 1 || d->head[0] == 2) &&
			    d->head[1] == 0 && d->head[2] == 0 && d->head[3] == 0 ?
			    1 : 2;
		if (d->mode == 2)
			d->sink((const char *)d->head, sizeof(d->head), d->arg);
		else
			d->left = (size_t)d->head[4] << 24 |
			    (size_t)d->head[5] << 16 | (size_t)d->head[6] << 8 |
			    d->head[7];
		d->nhead = 0;
	}
}

int
container_logs_stream(struct engine *e, const char *id, engine_sink sink,
    void *arg, char *err, size_t errlen)
{
	char *path = xasprintf("/containers/%s/logs?stdout=1&stderr=1", id);
	struct demux d = { .sink = sink, .arg = arg };
	char why[512];
	long st;

	st = engine_stream(e, "GET", path, demux_feed, &d, 5 * CALL_MS, why,
	    sizeof(why));
	free(path);
	if (st == 200 && d.mode == 0 && d.nhead > 0)	/* shorter than a header */
		sink((const char *)d.head, d.nhead, arg);
	if (st == -1)
		snprintf(err, errlen, "%s", why);
	else if (st != 200)
		snprintf(err, errlen, "logs: %s", why);
	return st == 200 ? 0 : -1;
}

int
container_exec(struct engine *e, const char *id, const json_t *argv,
    struct buf *out, struct buf *errout, int *exit_code, long timeout_ms,
    char *err, size_t errlen)
{
	json_t *body, *resp = NULL;
	struct buf raw = BUF_INIT;
	char *path, *eid;
	long st;
	int rc;

	body = json_pack("{s:b,s:b,s:O}", "AttachStdout", 1, "AttachStderr", 1,
	    "Cmd", argv);
	path = xasprintf("/containers/%s/exec", id);
	rc = call(e, "POST", path, body, &resp, 201, 201, err, errlen);
	free(path);
	json_decref(body);
	if (rc == -1)
		return -1;
	eid = xstrdup(json_string_value(json_object_get(resp, "Id")));
	json_decref(resp);
	path = xasprintf("/exec/%s/start", eid);
	body = json_pack("{s:b,s:b}", "Detach", 0, "Tty", 0);
	st = engine_call(e, "POST", path, body, NULL, &raw, timeout_ms, err, errlen);
	free(path);
	json_decref(body);
	if (st == 200)
		engine_demux(raw.data, raw.len, out, errout);
	else if (st != -1)
		snprintf(err, errlen, "exec: %s", buf_str(&raw));
	buf_release(&raw);
	if (st != 200) {
		free(eid);
		return -1;
	}
	path = xasprintf("/exec/%s/json", eid);
	rc = call(e, "GET", path, NULL, &resp, 200, 200, err, errlen);
	free(path);
	free(eid);
	if (rc == -1)
		return -1;
	*exit_code = (int)json_integer_value(json_object_get(resp, "ExitCode"));
	json_decref(resp);
	return 0;
}

int
container_remove(struct engine *e, const char *id, char *err, size_t errlen)
{
	char *path = xasprintf("/containers/%s?force=1&v=1", id);
	int rc = call(e, "DELETE", path, NULL, NULL, 204, 404, err, errlen);

	free(path);
	return rc;
}

/* Lists the ids of `kind` (containers, networks, volumes) of the run. */
static json_t *
list_run(struct engine *e, const char *kind, const char *run_id, char *err,
    size_t errlen)
{
	char *filter = run_id ? xasprintf("{\"label\":[\"%s=%s\"]}", LABEL_RUN,
	    run_id) : xasprintf("{\"label\":[\"%s\"]}", LABEL_RUN);
	char *esc = curl_easy_escape(NULL, filter, 0);
	char *path = strcmp(kind, "containers") == 0 ?
	    xasprintf("/containers/json?all=1&filters=%s", esc) :
	    xasprintf("/%s?filters=%s", kind, esc);
	json_t *resp = NULL;

	if (call(e, "GET", path, NULL, &resp, 200, 200, err, errlen) == -1)
		resp = NULL;
	curl_free(esc);
	free(filter);
	free(path);
	return resp;
}

/* The objects of kind labelled with run_id (NULL: any run), as
 * container_list_runs gives them. */
static json_t *
run_objects(struct engine *e, const char *kind, const char *run_id,
    char *err, size_t errlen)
{
	json_t *list = list_run(e, kind, run_id, err, errlen), *items, *item,
	    *out;
	const char *id;
	size_t i;

	if (list == NULL)
		return NULL;
	out = json_array();
	items = strcmp(kind, "volumes") == 0 ? json_object_get(list, "Volumes") :
	    list;
	json_array_foreach(items, i, item) {
		id = json_string_value(json_object_get(item, strcmp(kind,
		    "volumes") == 0 ? "Name" : "Id"));
		if (id != NULL)
			json_array_append_new(out, json_pack("{s:s,s:O}", "id", id,
			    "labels", json_object_get(item, "Labels")));
	}
	json_decref(list);
	return out;
}

json_t *
container_list_runs(struct engine *e, const char *kind, char *err,
    size_t errlen)
{
	return run_objects(e, kind, NULL, err, errlen);
}

int
container_remove_one(struct engine *e, const char *kind, const char *id,
    char *err, size_t errlen)
{
	char *path = strcmp(kind, "containers") == 0 ?
	    xasprintf("/containers/%s?force=1&v=1", id) :
	    xasprintf("/%s/%s", kind, id);
	int rc = call(e, "DELETE", path, NULL, NULL, 204, 404, err, errlen);

	free(path);
	return rc;
}

int
container_remove_run(struct engine *e, const char *run_id, char *err,
    size_t errlen)
{
	static const char *const kinds[] = { "containers", "networks", "volumes" };
	json_t *list, *item;
	size_t i, k;
	int n = 0;

	for (k = 0; k < 3; k++) {
		if ((list = run_objects(e, kinds[k], run_id, err, errlen)) == NULL)
			return -1;
		json_array_foreach(list, i, item)
			if (container_remove_one(e, kinds[k], json_string_value(
			    json_object_get(item, "id")), err, errlen) == 0)
				n++;
		json_decref(list);
	}
	return n;
}
