/* ready.c - readiness probes, backoff, deadline, fail fast. */
#include <sys/socket.h>

#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../assertions/assert.h"
#include "container.h"
#include "http.h"
#include "interrupt.h"
#include "ready.h"
#include "clock.h"
#include "xalloc.h"

#define PROBE_MAX_MS	5000L	/* one probe's own timeout */

/* GET base_url + path; the status and body checks must hold.  Returns
 * 1 if they do, 0 if not, -1 if the URL is malformed. */
static int
probe_http(const struct ready_spec *r, const struct ready_target *t,
    struct http_client *hc, long budget, struct buf *why)
{
	struct http_request req = { 0 };
	struct http_response resp;
	struct assert_env env = { 0 };
	struct buf msg = BUF_INIT;
	char *url = xasprintf("%s%s%s", t->base_url, r->http[0] == '/' ? "" :
	    "/", r->http);
	char err[512];
	enum http_err rc;
	int ok = 0;

	req.method = "GET";
	req.url = url;
	req.timeout_ms = budget;
	req.insecure = t->insecure;
	http_response_init(&resp);
	if ((rc = http_do(hc, &req, &resp, err, sizeof(err))) != HTTP_OK) {
		buf_addf(why, "http: %s", err);
		if (rc == HTTP_EURL)
			ok = -1;
	} else {
		env.resp = &resp;
		if (checklist_eval(r->http_checks, &env, &msg) == 0)
			ok = 1;
		else
			buf_addf(why, "http: GET %s: %.*s", url,
			    (int)strcspn(buf_str(&msg), "\n"), buf_str(&msg));
	}
	buf_release(&msg);
	http_response_clear(&resp);
	free(url);
	return ok;
}

/* A TCP connect within budget milliseconds. */
static int
probe_tcp(const struct ready_target *t, long budget, struct buf *why)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	struct pollfd pfd;
	char port[16];
	int fd = -1, ok = 0, soerr = 0, v6 = strchr(t->host, ':') != NULL;
	socklen_t len = sizeof(soerr);

	snprintf(port, sizeof(port), "%d", t->port);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(t->host, port, &hints, &ai) != 0 || ai == NULL) {
		buf_addf(why, "tcp: cannot resolve %s", t->host);
		return 0;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd != -1 && (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
	    errno == EINPROGRESS)) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, (int)budget) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 &&
		    soerr == 0)
			ok = 1;
	}
	if (!ok)
		buf_addf(why, "tcp: %s%s%s:%s: %s", v6 ? "[" : "", t->host,
		    v6 ? "]" : "", port, soerr ? strerror(soerr) : "no connection");
	if (fd != -1)
		close(fd);
	freeaddrinfo(ai);
	return ok;
}

static int
probe_log(const struct ready_spec *r, const struct ready_target *t,
    struct buf *why)
{
	struct buf logs = BUF_INIT;
	pcre2_match_data *md;
	char err[512];
	int ok = 0;

	if (container_logs(t->engine, t->container, 0, &logs, err,
	    sizeof(err)) == -1) {
		buf_addf(why, "log: %s", err);
		return 0;
	}
	md = pcre2_match_data_create_from_pattern(r->log, NULL);
	ok = pcre2_match(r->log, (PCRE2_SPTR)buf_str(&logs), logs.len, 0, 0, md,
	    NULL) >= 0;
	pcre2_match_data_free(md);
	if (!ok)
		buf_addf(why, "log: no line matches /%s/ yet", r->log_text);
	buf_release(&logs);
	return ok;
}

static int
probe_exec(const struct ready_spec *r, const struct ready_target *t,
    long budget, struct buf *why)
{
	struct buf out = BUF_INIT, errout = BUF_INIT;
	char err[512];
	int code = -1, ok;

	if (container_exec(t->engine, t->container, r->exec, &out, &errout,
	    &code, budget, err, sizeof(err)) == -1)
		buf_addf(why, "exec: %s", err);
	else if (code != 0)
		buf_addf(why, "exec: exit %d%s%.*s", code, errout.len ? ": " : "",
		    (int)strcspn(buf_str(&errout), "\n"), buf_str(&errout));
	ok = buf_str(why)[0] == '\0';
	buf_release(&out);
	buf_release(&errout);
	return ok;
}

/* Every named compose service's healthcheck says healthy. */
static int
probe_services(const struct ready_spec *r, const struct ready_target *t,
    struct buf *why)
{
	struct container_state cs;
	const json_t *svc;
	const char *id;
	char err[512];
	size_t i;

	json_array_foreach(r->healthy_services, i, svc) {
		id = t->stack ? stack_container(t->stack, json_string_value(svc)) :
		    NULL;
		if (id == NULL) {
			buf_addf(why, "healthy: no container for service '%s'",
			    json_string_value(svc));
			return 0;
		}
		if (container_inspect(t->engine, id, &cs, err, sizeof(err)) == -1) {
			buf_addf(why, "healthy: %s", err);
			return 0;
		}
		if (strcmp(cs.health, "healthy") != 0) {
			buf_addf(why, "healthy: service '%s' is '%s'",
			    json_string_value(svc), cs.health[0] ? cs.health :
			    "without a healthcheck");
			return 0;
		}
	}
	return 1;
}

/* A healthcheck that says "unhealthy", the app's or a dependency's, or
 * a dependency that exited, will not come right by waiting: fails fast. */
static int
gave_up(const struct ready_spec *r, const struct ready_target *t,
    const struct container_state *st, struct buf *why)
{
	struct container_state cs;
	const json_t *svc;
	const char *id;
	char err[512];
	size_t i;

	if (r->healthy && strcmp(st->health, "unhealthy") == 0) {
		buf_reset(why);
		buf_adds(why, "the container's healthcheck says unhealthy");
		return 1;
	}
	json_array_foreach(r->healthy_services, i, svc) {
		id = t->stack ? stack_container(t->stack, json_string_value(svc)) :
		    NULL;
		if (id == NULL || container_inspect(t->engine, id, &cs, err,
		    sizeof(err)) == -1)
			continue;
		buf_reset(why);
		if (strcmp(cs.health, "unhealthy") == 0)
			buf_addf(why, "service %s is unhealthy (its healthcheck "
			    "keeps failing)", json_string_value(svc));
		else if (!cs.running)
			buf_addf(why, "service %s exited with code %d%s",
			    json_string_value(svc), cs.exit_code, cs.oom_killed ?
			    " (killed: out of memory)" : "");
		else
			continue;
		return 1;
	}
	return 0;
}

/* One round of every probe; stops at the first that does not hold.
 * Returns 1 when all hold, 0 if one does not, -1 if one never can. */
static int
probe_all(const struct ready_spec *r, const struct ready_target *t,
    const struct container_state *st, struct http_client *hc, long budget,
    struct buf *why)
{
	int ok;

	buf_reset(why);
	if (r->http && (ok = probe_http(r, t, hc, budget, why)) != 1)
		return ok;
	if (r->tcp && !probe_tcp(t, budget, why))
		return 0;
	if (r->log && !probe_log(r, t, why))
		return 0;
	if (r->healthy_services && !probe_services(r, t, why))
		return 0;
	if (r->healthy && strcmp(st->health, "healthy") != 0) {
		buf_addf(why, "healthy: the healthcheck says '%s'",
		    st->health[0] ? st->health : "nothing (the image has none)");
		return 0;
	}
	if (r->exec && !probe_exec(r, t, budget, why))
		return 0;
	return 1;
}

/* Is the container still up?  Fills why when it is not. */
static enum ready_status
alive(const struct ready_target *t, struct container_state *st,
    struct buf *why)
{
	char err[512];

	memset(st, 0, sizeof(*st));
	if (t->container == NULL)
		return READY_OK;
	if (container_inspect(t->engine, t->container, st, err,
	    sizeof(err)) == -1) {
		buf_reset(why);
		buf_addf(why, "%s", err);
		return READY_ENGINE;
	}
	if (st->running && !st->restarting && st->restarts == 0)
		return READY_OK;
	buf_reset(why);
	if (st->restarting || st->restarts > 0)
		buf_addf(why, "the container restarted (exit code %d)",
		    st->exit_code);
	else
		buf_addf(why, "the container exited with code %d%s%s%s",
		    st->exit_code, st->oom_killed ? " (killed: out of memory)" :
		    "", st->error[0] ? ": " : "", st->error);
	return READY_DIED;
}

enum ready_status
ready_wait(const struct ready_spec *r, const struct ready_target *t,
    struct buf *why, int *attempts)
{
	struct http_client *hc = http_client_new(1u << 20);
	double start = (clock_now() * 1e3), deadline = start + (double)r->timeout_ms;
	double interval = (double)r->interval_ms, wait, left;
	unsigned short seed[3];
	struct container_state st;
	enum ready_status rs = READY_TIMEOUT;
	long budget;
	int ok;
	struct timespec ts;

	/* Jitter from a state of our own: drand48 is not thread-safe. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	seed[0] = (unsigned short)ts.tv_nsec;
	seed[1] = (unsigned short)(ts.tv_nsec >> 16);
	seed[2] = (unsigned short)((uintptr_t)&ts >> 4);
	for (*attempts = 1;; (*attempts)++) {
		if (interrupted()) {
			rs = READY_INTERRUPTED;
			break;
		}
		if ((rs = alive(t, &st, why)) != READY_OK)
			break;
		if (gave_up(r, t, &st, why)) {
			rs = READY_DIED;
			break;
		}
		left = deadline - (clock_now() * 1e3);
		budget = left < 1 ? 1 : left > PROBE_MAX_MS ? PROBE_MAX_MS :
		    (long)left;
		if ((ok = probe_all(r, t, &st, hc, budget, why)) == 1) {
			rs = READY_OK;
			break;
		}
		if (ok == -1) {
			rs = READY_BADURL;
			break;
		}
		if ((left = deadline - (clock_now() * 1e3)) <= 0) {
			rs = READY_TIMEOUT;
			break;
		}
		wait = interval * (1.0 + r->jitter * (2.0 * erand48(seed) - 1.0));
		clock_pause_ms(wait < left ? wait : left);
		interval = interval * r->factor;
		if (interval > (double)r->max_interval_ms)
			interval = (double)r->max_interval_ms;
	}
	http_client_free(hc);
	return rs;
}
