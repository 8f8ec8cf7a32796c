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

#include "../../assertions/assert.h"
#include "container.h"
#include "../../base/http.h"
#include "../../base/interrupt.h"
#include "ready.h"
#include "../../base/clock.h"
#include "../../base/units.h"
#include "../../base/regex_cache.h"
#include "../../base/xalloc.h"

#define PROBE_MAX_MS	5000L	/* one probe's own timeout */
#define EXCERPT_MAX	100	/* bytes of a body or an output in a reason */
#define LINE_KEEP	(64u << 10)	/* a longer log line is matched on its start */

/* What one probe found. */
enum probe {
	PROBE_HELD,
	PROBE_NOT_YET,		/* an answer, not the one wanted */
	PROBE_SILENT,		/* nothing answers on the port */
	PROBE_CUT,		/* the deadline cut it short: no answer */
	PROBE_NEVER,		/* it can never hold: a malformed URL */
};

struct log_lines {
	const pcre2_code *re;		/* borrowed */
	pcre2_match_data *md;
	struct buf	 raw;		/* arrived, not yet whole frames */
	int		 mux;		/* engine_frames' */
	struct buf	 line[2];	/* the unfinished line of stdout, stderr */
	long		 total, matches;
};

/* Runs of a container's healthcheck made by shakedown on Podman. */
struct health_clock {
	double	 next;		/* when the next one is due (ms), 0: unseen */
	char	 seen[48];	/* End of the last run seen */
	int	 made;		/* the last run is ours: its End not seen yet */
	int	 timers;	/* Podman's own timers run it: none of ours */
	char	 err[256];	/* why the last of ours failed, or "" */
};

/* One wait: the probes' state from round to round. */
struct waiter {
	const struct ready_spec *r;
	const struct ready_target *t;
	struct http_client *hc;
	struct log_lines *log;
	struct engine_stream *stream;	/* the log, as it comes */
	unsigned long long got;		/* log bytes taken, over every stream */
	unsigned long long pos;		/* bytes the open stream has sent */
	struct health_clock app_health;	/* ready.healthy's */
	struct health_clock *svc_health; /* one per ready.healthy service */
};

/* Up to EXCERPT_MAX bytes of p on one line, quoted; nothing when empty. */
static void
excerpt(struct buf *b, const char *p, size_t n)
{
	size_t i, k = 0;
	int gap = 0;

	while (n > 0 && (unsigned char)*p <= ' ')
		p++, n--;
	while (n > 0 && (unsigned char)p[n - 1] <= ' ')
		n--;
	if (n == 0)
		return;
	buf_adds(b, "\"");
	for (i = 0; i < n; i++) {
		if ((unsigned char)p[i] < ' ' || p[i] == 0x7f) {
			gap = 1;
			continue;
		}
		/* Past the limit, stop at a character's first byte. */
		if (k >= EXCERPT_MAX && ((unsigned char)p[i] & 0xc0) != 0x80)
			break;
		if (gap)
			buf_add(b, " ", 1), k++;
		gap = 0;
		buf_add(b, p + i, 1), k++;
	}
	buf_adds(b, i < n ? "...\"" : "\"");
}

/*
 * A TCP connect to the target within budget milliseconds: 0, the errno
 * that refused it, or ETIMEDOUT; -1 when the host does not resolve.
 */
static int
tcp_connect(const struct ready_target *t, long budget)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	struct pollfd pfd;
	char port[16];
	int fd, rc = ETIMEDOUT, soerr = 0;
	socklen_t len = sizeof(soerr);

	snprintf(port, sizeof(port), "%d", t->port);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(t->host, port, &hints, &ai) != 0 || ai == NULL)
		return -1;
	if ((fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		rc = errno;
	else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		rc = 0;
	else if (errno != EINPROGRESS)
		rc = errno;
	else {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, (int)budget) == 1 && getsockopt(fd, SOL_SOCKET,
		    SO_ERROR, &soerr, &len) == 0)
			rc = soerr;
	}
	if (fd != -1)
		close(fd);
	freeaddrinfo(ai);
	return rc;
}

/* "connection refused": an errno in the words of a reason. */
static void
add_errno(struct buf *b, int e)
{
	const char *s = e == ETIMEDOUT ? "no connection within the time left" :
	    strerror(e);
	size_t at = b->len;

	buf_adds(b, s);
	if (e != ETIMEDOUT && b->len > at && b->data[at] >= 'A' &&
	    b->data[at] <= 'Z')
		b->data[at] += 'a' - 'A';
}

/* The port accepts a connection. */
static enum probe
probe_tcp(const struct ready_target *t, long budget, struct buf *why)
{
	int rc = tcp_connect(t, budget);

	if (rc == 0)
		return PROBE_HELD;
	if (rc == -1) {
		buf_addf(why, "tcp: cannot resolve %s", t->host);
		return PROBE_NOT_YET;
	}
	buf_addf(why, strchr(t->host, ':') ? "tcp: [%s]:%d: " : "tcp: %s:%d: ",
	    t->host, t->port);
	add_errno(why, rc);
	return rc == ETIMEDOUT ? PROBE_NOT_YET : PROBE_SILENT;
}

/* GET base_url + path; the status and body checks must hold. */
static enum probe
probe_http(const struct waiter *w, long budget, struct buf *why)
{
	const struct ready_spec *r = w->r;
	struct http_request req = { 0 };
	struct http_response resp;
	struct assert_env env = { 0 };
	struct buf msg = BUF_INIT;
	char *url = xasprintf("%s%s%s", w->t->base_url, r->http[0] == '/' ?
	    "" : "/", r->http);
	char err[512];
	enum probe pr = PROBE_HELD;
	enum http_err he;
	int e;

	req.method = "GET";
	req.url = url;
	req.timeout_ms = budget;
	req.insecure = w->t->insecure;
	http_response_init(&resp);
	if ((he = http_do(w->hc, &req, &resp, err, sizeof(err))) != HTTP_OK) {
		pr = he == HTTP_ETIMEOUT ? PROBE_NOT_YET : he == HTTP_EURL ?
		    PROBE_NEVER : PROBE_SILENT;
		/* libcurl's "Failed to connect to … port …: Couldn't connect
		 * to server" says less than the refusal itself. */
		if (he == HTTP_ECONNECT && w->t->port > 0 &&
		    (e = tcp_connect(w->t, budget)) > 0 && e != ETIMEDOUT) {
			buf_addf(why, "http: GET %s: ", url);
			add_errno(why, e);
		} else
			buf_addf(why, "http: %s", err);
	} else {
		env.resp = &resp;
		if (checklist_eval(r->http_checks, &env, &msg) != 0) {
			/* "status: expected 2xx, got 503 Service Unavailable",
			 * and what the body says, unless the check quotes it. */
			buf_addf(why, "http: GET %s: %.*s", url,
			    (int)strcspn(buf_str(&msg), "\n"), buf_str(&msg));
			if (resp.body.len > 0 && strncmp(buf_str(&msg), "body", 4)) {
				buf_adds(why, ", body ");
				excerpt(why, resp.body.data, resp.body.len);
			}
			pr = PROBE_NOT_YET;
		}
	}
	buf_release(&msg);
	http_response_clear(&resp);
	free(url);
	return pr;
}

/* A whole line: without its "\r", matched on its own. */
static void
one_line(struct log_lines *ll, const char *p, size_t n)
{
	if (n > 0 && p[n - 1] == '\r')
		n--;
	ll->total++;
	if (pcre2_match(ll->re, (PCRE2_SPTR)(n > 0 ? p : ""), n, 0, 0, ll->md,
	    NULL) >= 0)
		ll->matches++;
}

/* A frame's payload: finishes the stream's line at each "\n". */
static void
on_payload(void *arg, int stream, const char *p, size_t n)
{
	struct log_lines *ll = arg;
	struct buf *l = &ll->line[stream == 2];
	const char *nl;
	size_t k;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl ? (size_t)(nl - p) : n;
		if (nl && l->len == 0)		/* whole in this payload */
			one_line(ll, p, k < LINE_KEEP ? k : LINE_KEEP);
		else {
			buf_add(l, p, k);	/* capped at LINE_KEEP */
			if (nl) {
				one_line(ll, l->data, l->len);
				buf_reset(l);
			}
		}
		if (nl == NULL)
			break;
		p += k + 1;
		n -= k + 1;
	}
}

struct log_lines *
log_lines_new(const pcre2_code *re)
{
	struct log_lines *ll = xcalloc(1, sizeof(*ll));

	ll->re = re;
	ll->md = pcre2_match_data_create_from_pattern(re, NULL);
	ll->mux = -1;
	buf_init(&ll->line[0], LINE_KEEP);
	buf_init(&ll->line[1], LINE_KEEP);
	return ll;
}

void
log_lines_feed(struct log_lines *ll, const char *p, size_t len)
{
	size_t used;

	buf_add(&ll->raw, p, len);
	used = engine_frames(buf_str(&ll->raw), ll->raw.len, &ll->mux,
	    on_payload, ll);
	if (used == 0)
		return;
	memmove(ll->raw.data, ll->raw.data + used, ll->raw.len - used);
	ll->raw.len -= used;
	ll->raw.data[ll->raw.len] = '\0';
}

long
log_lines_total(const struct log_lines *ll)
{
	return ll->total;
}

long
log_lines_matches(const struct log_lines *ll)
{
	return ll->matches;
}

void
log_lines_free(struct log_lines *ll)
{
	if (ll == NULL)
		return;
	pcre2_match_data_free(ll->md);
	buf_release(&ll->raw);
	buf_release(&ll->line[0]);
	buf_release(&ll->line[1]);
	free(ll);
}

/*
 * Takes what the app logged since the last round from a stream that
 * follows the log, so each byte is read once however long the log.  A
 * stream that ended or failed is opened again next round; it starts
 * from the beginning, and what was already taken is dropped.
 */
static int
log_pump(struct waiter *w, struct buf *why)
{
	struct buf in = BUF_INIT;
	char err[512], *path;
	size_t drop = 0;
	int rc;

	if (w->stream == NULL) {
		path = xasprintf("/containers/%s/logs?stdout=1&stderr=1&follow=1",
		    w->t->container);
		w->stream = engine_stream_open(w->t->engine, path, err,
		    sizeof(err));
		free(path);
		if (w->stream == NULL) {
			buf_addf(why, "log: %s", err);
			return -1;
		}
		w->pos = 0;
	}
	rc = engine_stream_read(w->stream, &in, 0, err, sizeof(err));
	if (w->pos < w->got)
		drop = w->got - w->pos < in.len ? (size_t)(w->got - w->pos) :
		    in.len;
	w->pos += in.len;
	if (w->pos > w->got)
		w->got = w->pos;
	log_lines_feed(w->log, buf_str(&in) + drop, in.len - drop);
	buf_release(&in);
	if (rc != 1) {
		engine_stream_free(w->stream);
		w->stream = NULL;
	}
	if (rc == -1) {
		buf_addf(why, "log: %s", err);
		return -1;
	}
	return 0;
}

/* occurrences lines of the log (1 by default) match the pattern. */
static enum probe
probe_log(struct waiter *w, struct buf *why)
{
	long n, total;

	if (log_pump(w, why) == -1)
		return PROBE_NOT_YET;
	n = log_lines_matches(w->log);
	total = log_lines_total(w->log);
	if (n >= w->r->occurrences)
		return PROBE_HELD;
	if (n == 0)
		buf_addf(why, "log: no line matches /%s/ yet", w->r->log_text);
	else
		buf_addf(why, "log: %ld line%s match%s /%s/ so far, waiting for "
		    "%ld (occurrences)", n, n == 1 ? "" : "s", n == 1 ? "es" : "",
		    w->r->log_text, w->r->occurrences);
	buf_addf(why, " (%ld line%s read)", total, total == 1 ? "" : "s");
	return PROBE_NOT_YET;
}

/* A word of a command as a shell would need it: 'echo "hi"; exit 2'. */
static void
add_word(struct buf *b, size_t i, const char *w)
{
	const char *p;

	if (i > 0)
		buf_adds(b, " ");
	if (*w != '\0' && strpbrk(w, " \t\n\"'\\$;&|<>()*?`") == NULL) {
		buf_adds(b, w);
		return;
	}
	buf_adds(b, "'");
	for (p = w; *p; p++)
		if (*p == '\'')
			buf_adds(b, "'\\''");
		else
			buf_add(b, p, 1);
	buf_adds(b, "'");
}

/* The command and its exit code, with its output's start. */
static enum probe
probe_exec(const struct ready_spec *r, const struct ready_target *t,
    long budget, struct buf *why)
{
	struct buf out = BUF_INIT, errout = BUF_INIT;
	const json_t *word;
	char err[512];
	int code = -1;
	size_t i;

	if (container_exec(t->engine, t->container, r->exec, &out, &errout,
	    &code, budget, err, sizeof(err)) == -1)
		buf_addf(why, "exec: %s", err);
	else if (code != 0) {
		buf_adds(why, "exec: ");
		json_array_foreach(r->exec, i, word)
			add_word(why, i, json_string_value(word));
		buf_addf(why, " exited with code %d", code);
		if (errout.len > 0 || out.len > 0) {
			buf_adds(why, ": ");
			excerpt(why, errout.len ? errout.data : out.data,
			    errout.len ? errout.len : out.len);
		}
	}
	buf_release(&out);
	buf_release(&errout);
	return buf_str(why)[0] == '\0' ? PROBE_HELD : PROBE_NOT_YET;
}

/* Milliseconds left before the deadline, for one probe. */
static long
budget_of(double deadline)
{
	double left = deadline - clock_now() * 1e3;

	return left < 1 ? 1 : left > PROBE_MAX_MS ? PROBE_MAX_MS : (long)left;
}

/*
 * Podman runs healthchecks from systemd timers: on a host without systemd
 * (a CI job's container) none ever runs and the status stays "starting".
 * While it does, shakedown runs the check itself through Podman's API: one
 * interval after it first saw the container, as Docker's first check
 * comes, then once an interval, so that failures count towards the
 * retries as on Docker; it stops for good once a run it did not make
 * shows that the timers work.  The next inspection has its outcome.
 */
static void
podman_health(struct engine *e, const char *id, struct health_clock *c,
    struct container_state *st, long budget)
{
	double now = clock_now() * 1e3;

	if (engine_podman(e) == NULL || c->timers || st->health_interval_ms <= 0 ||
	    strcmp(st->health, "starting") != 0)
		return;
	if (c->next == 0) {
		c->next = now + (double)st->health_interval_ms;
		snprintf(c->seen, sizeof(c->seen), "%s", st->health_last);
		return;
	}
	if (c->made)
		snprintf(c->seen, sizeof(c->seen), "%s", st->health_last);
	else if (strcmp(st->health_last, c->seen) != 0) {
		c->timers = 1;
		return;
	}
	c->made = 0;
	if (now < c->next)
		return;
	c->next = now + (double)st->health_interval_ms;
	c->err[0] = '\0';
	container_health_run(e, id, budget, c->err, sizeof(c->err));
	c->made = 1;
}

/* Every named compose service's healthcheck says healthy; a one-shot
 * service (a migration, a seeder: no healthcheck) is ready once it has
 * exited 0, as depends_on's service_completed_successfully has it. */
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
		if (cs.exited && cs.exit_code == 0)
			continue;	/* its healthcheck, if any, no longer runs */
		if (strcmp(cs.health, "healthy") != 0) {
			buf_addf(why, "healthy: service '%s' is '%s'",
			    json_string_value(svc), cs.health[0] ? cs.health :
			    "without a healthcheck");
			return 0;
		}
	}
	return 1;
}

/*
 * After "exited with code N": an out-of-memory kill the engine reported.
 * Podman does not always report one (Debian 12's 4.3 never does: its
 * conmon leaves the marker where Podman does not look): a SIGKILL under
 * a memory limit says that much.
 */
static void
add_killed(struct buf *why, const struct engine *e,
    const struct container_state *st)
{
	char size[32];

	if (st->oom_killed)
		buf_adds(why, " (killed: out of memory)");
	else if (st->exit_code == 137 && st->memory > 0 &&
	    engine_podman(e) != NULL) {
		size_format((size_t)st->memory, size, sizeof(size));
		buf_addf(why, " (killed by SIGKILL, under a memory limit of %s: "
		    "Podman does not say whether it ran out of memory)", size);
	}
}

/* A healthcheck that says "unhealthy", the app's or a dependency's, or
 * a dependency that exited, will not come right by waiting: fails fast.
 * On Podman, the healthchecks waited for are run when due. */
static int
gave_up(struct waiter *w, struct container_state *st, double deadline,
    struct buf *why)
{
	const struct ready_spec *r = w->r;
	const struct ready_target *t = w->t;
	struct container_state cs;
	const json_t *svc;
	const char *id;
	char err[512];
	size_t i;

	if (r->healthy && t->container)
		podman_health(t->engine, t->container, &w->app_health, st,
		    budget_of(deadline));
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
		podman_health(t->engine, id, &w->svc_health[i], &cs,
		    budget_of(deadline));
		if (cs.exited && cs.exit_code == 0)
			continue;		/* a one-shot service, done */
		if (!cs.exited && strcmp(cs.health, "unhealthy") != 0)
			continue;
		buf_reset(why);
		if (cs.exited) {
			buf_addf(why, "service %s exited with code %d",
			    json_string_value(svc), cs.exit_code);
			add_killed(why, t->engine, &cs);
		} else
			buf_addf(why, "service %s is unhealthy (its healthcheck "
			    "keeps failing)", json_string_value(svc));
		return 1;
	}
	return 0;
}

/*
 * One round of every probe; stops at the first that does not hold.  A
 * probe that failed having used all of a budget the deadline cut is
 * PROBE_CUT: it got no answer, it ran out of time.
 */
static enum probe
probe_all(struct waiter *w, const struct container_state *st,
    double deadline, struct buf *why)
{
	const struct ready_spec *r = w->r;
	enum probe pr = PROBE_HELD;
	double t0 = 0;
	long budget = PROBE_MAX_MS;

	buf_reset(why);
	if (r->http) {
		t0 = clock_now() * 1e3;
		pr = probe_http(w, (budget = budget_of(deadline)), why);
	}
	if (pr == PROBE_HELD && r->tcp) {
		t0 = clock_now() * 1e3;
		pr = probe_tcp(w->t, (budget = budget_of(deadline)), why);
	}
	if (pr == PROBE_HELD)
		t0 = 0;		/* the probes below have no budget */
	if (pr == PROBE_HELD && r->log)
		pr = probe_log(w, why);
	if (pr == PROBE_HELD && r->healthy_services &&
	    !probe_services(r, w->t, why))
		pr = PROBE_NOT_YET;
	if (pr == PROBE_HELD && r->healthy && strcmp(st->health, "healthy") != 0) {
		buf_addf(why, "healthy: the healthcheck says '%s'",
		    st->health[0] ? st->health : "nothing (the image has none)");
		if (w->app_health.err[0])
			buf_addf(why, " (running it through Podman's API: %s)",
			    w->app_health.err);
		pr = PROBE_NOT_YET;
	}
	if (pr == PROBE_HELD && r->exec) {
		t0 = clock_now() * 1e3;
		pr = probe_exec(r, w->t, (budget = budget_of(deadline)), why);
	}
	if (pr == PROBE_NOT_YET && t0 > 0 && budget < PROBE_MAX_MS &&
	    clock_now() * 1e3 - t0 >= (double)budget - 1)
		pr = PROBE_CUT;
	return pr;
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
	else {
		buf_addf(why, "the container exited with code %d", st->exit_code);
		add_killed(why, t->engine, st);
		if (st->error[0])
			buf_addf(why, ": %s", st->error);
	}
	return READY_DIED;
}

/* The ports the log says the app listens on. */
static const char LISTEN_RE[] =
    "(?i)\\b(?:listen\\w*|running|serving|started|starting|bound|available|"
    "accepting)\\b[^\\r\\n]{0,100}?"
    "(?:\\bports?\\b(?:\\(s\\))?\\s*[:=#]?\\s*(\\d{1,5})"
    "|(?:[a-z0-9-]*[a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)*|\\d{1,3}(?:\\.\\d{1,3}){3}|"
    "\\[[0-9a-f:.]*\\]|\\*):(\\d{1,5})"
    "|(?<![\\w\\]:.]):(\\d{1,5}))(?![\\d:])";

int
ready_log_ports(const char *log, size_t len, int skip, int *ports, int max)
{
	pcre2_code *re;
	pcre2_match_data *md;
	PCRE2_SIZE *ov, off = 0;
	int ec, n = 0, g, port, i, seen;
	PCRE2_SIZE eoff;

	re = regex_get(LISTEN_RE, PCRE2_ZERO_TERMINATED, PCRE2_UTF |
	    PCRE2_MATCH_INVALID_UTF, 0, &ec, &eoff);
	if (re == NULL)
		return 0;
	md = regex_match_data(re);
	while (n < max && off < len && regex_match(re, log, len, off) >= 0) {
		ov = pcre2_get_ovector_pointer(md);
		for (g = 1, port = 0; g <= 3 && port == 0; g++)
			if (ov[2 * g] != PCRE2_UNSET)
				port = atoi(log + ov[2 * g]);
		for (i = 0, seen = 0; i < n; i++)
			seen |= ports[i] == port;
		if (port > 0 && port <= 65535 && port != skip && !seen)
			ports[n++] = port;
		off = ov[1] > off ? ov[1] : off + 1;
	}
	return n;
}

/*
 * Nothing answered on the port: does the app listen on another?  Adds
 * "; the image exposes 8080/tcp; app.port is 80" or "; the app's log says
 * it listens on 3000; app.port is 80" to why.
 */
static void
port_hints(const struct ready_target *t, struct buf *why)
{
	struct buf exposed = BUF_INIT, logs = BUF_INIT;
	const char *field;
	char err[512];
	int ports[4], n = 0, i, k;

	if (t->stack == NULL || t->stack->app_port <= 0 || t->container == NULL)
		return;
	field = t->stack->compose ? "compose.port" : "app.port";
	k = stack_other_ports(t->stack, &exposed);
	if (container_logs(t->engine, t->container, 0, &logs, err,
	    sizeof(err)) == 0)
		n = ready_log_ports(buf_str(&logs), logs.len, t->stack->app_port,
		    ports, 4);
	if (k > 0)
		buf_addf(why, "; the image exposes %s", buf_str(&exposed));
	if (n > 0) {
		buf_adds(why, k > 0 ? " and the app's log says it listens on " :
		    "; the app's log says it listens on ");
		for (i = 0; i < n; i++)
			buf_addf(why, "%s%d", i == 0 ? "" : i == n - 1 ? " and " :
			    ", ", ports[i]);
	}
	if (k > 0 || n > 0)
		buf_addf(why, "; %s is %d", field, t->stack->app_port);
	buf_release(&exposed);
	buf_release(&logs);
}

enum ready_status
ready_wait(const struct ready_spec *r, const struct ready_target *t,
    struct buf *why, int *attempts)
{
	struct waiter w = { 0 };
	struct buf cur = BUF_INIT, last = BUF_INIT;
	double start = (clock_now() * 1e3), deadline = start + (double)r->timeout_ms;
	double interval = (double)r->interval_ms, wait, left;
	unsigned short seed[3];
	struct container_state st;
	enum ready_status rs = READY_TIMEOUT;
	enum probe pr;
	int silent = 0;
	struct timespec ts;

	w.r = r;
	w.t = t;
	w.hc = http_client_new(1u << 20);
	if (r->log)
		w.log = log_lines_new(r->log);
	if (r->healthy_services)
		w.svc_health = xcalloc(json_array_size(r->healthy_services) + 1,
		    sizeof(*w.svc_health));
	/* Jitter from a state of our own: drand48 is not thread-safe. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	seed[0] = (unsigned short)ts.tv_nsec;
	seed[1] = (unsigned short)(ts.tv_nsec >> 16);
	seed[2] = (unsigned short)((uintptr_t)&ts >> 4);
	for (*attempts = 0;;) {
		if (interrupted()) {
			rs = READY_INTERRUPTED;
			break;
		}
		if ((rs = alive(t, &st, why)) != READY_OK)
			break;
		if (gave_up(&w, &st, deadline, why)) {
			rs = READY_DIED;
			break;
		}
		/* A round that would start at the deadline could only be cut. */
		if (*attempts > 0 && deadline - clock_now() * 1e3 < 1) {
			rs = READY_TIMEOUT;
			break;
		}
		(*attempts)++;
		if ((pr = probe_all(&w, &st, deadline, &cur)) == PROBE_HELD) {
			rs = READY_OK;
			break;
		}
		if (pr == PROBE_NEVER) {
			buf_reset(why);
			buf_add(why, cur.data, cur.len);
			rs = READY_BADURL;
			break;
		}
		/* The reason is the last answer, not a probe the deadline cut. */
		if (pr != PROBE_CUT || last.len == 0) {
			buf_reset(&last);
			buf_add(&last, cur.data, cur.len);
			silent = pr == PROBE_SILENT;
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
	if (rs == READY_TIMEOUT || rs == READY_INTERRUPTED) {
		buf_reset(why);
		buf_add(why, last.data, last.len);
		if (rs == READY_TIMEOUT && silent)
			port_hints(t, why);
	}
	buf_release(&cur);
	buf_release(&last);
	engine_stream_free(w.stream);
	free(w.svc_health);
	log_lines_free(w.log);
	http_client_free(w.hc);
	return rs;
}
