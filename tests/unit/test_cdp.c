/* test_cdp.c - the DevTools Protocol connection against a scripted peer
 * on pipes (no browser): NUL framing across reads, events dispatched to
 * their session's handler, replies matched by id (others dropped), a
 * refused call, and the ways a browser is lost: end of pipe, no answer by
 * the deadline, a message over the cap. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/clock.h"
#include "../../browser/cdp.h"
#include "unit.h"

struct peer {
	int		 in;		/* what the connection wrote */
	int		 out;		/* what it reads */
	int		 mode;
};

enum { PEER_NORMAL, PEER_SILENT, PEER_HUGE, PEER_EOF };

/* Reads one request; returns its id, or -1. */
static long
read_request(int fd, char *method, size_t mlen)
{
	char buf[4096];
	size_t n = 0;
	json_t *req;
	long id;

	while (n < sizeof(buf) - 1 && read(fd, buf + n, 1) == 1 && buf[n] != '\0')
		n++;
	buf[n] = '\0';
	if ((req = json_loads(buf, 0, NULL)) == NULL)
		return -1;
	id = (long)json_integer_value(json_object_get(req, "id"));
	snprintf(method, mlen, "%s", json_string_value(json_object_get(req,
	    "method")) ? json_string_value(json_object_get(req, "method")) : "");
	json_decref(req);
	return id;
}

static void
say(int fd, const char *s, size_t n)
{
	(void)!write(fd, s, n);
}

static void *
peer_run(void *arg)
{
	struct peer *pr = arg;
	char method[64], msg[512];
	long id;
	int len;

	while ((id = read_request(pr->in, method, sizeof(method))) > 0) {
		if (pr->mode == PEER_SILENT)
			continue;
		if (pr->mode == PEER_EOF)
			break;
		if (pr->mode == PEER_HUGE) {
			static char chunk[1 << 20];
			int i;

			memset(chunk, 'x', sizeof(chunk));
			say(pr->out, "{\"id\":", 6);
			for (i = 0; i < 65; i++)
				say(pr->out, chunk, sizeof(chunk));
			break;
		}
		if (strcmp(method, "Fail") == 0) {
			len = snprintf(msg, sizeof(msg), "{\"id\":%ld,\"error\":"
			    "{\"code\":-32000,\"message\":\"No such thing\"}}", id);
			say(pr->out, msg, (size_t)len + 1);
			continue;
		}
		/* An event cut in two writes, a stale reply, then ours. */
		len = snprintf(msg, sizeof(msg), "{\"method\":\"Page.x\","
		    "\"sessionId\":\"S1\",\"params\":{\"n\":%ld}}", id);
		say(pr->out, msg, 10);
		usleep(20000);
		say(pr->out, msg + 10, (size_t)len + 1 - 10);
		len = snprintf(msg, sizeof(msg), "{\"method\":\"Other.y\","
		    "\"sessionId\":\"S2\",\"params\":{}}");
		say(pr->out, msg, (size_t)len + 1);
		len = snprintf(msg, sizeof(msg), "{\"id\":999,\"result\":{}}");
		say(pr->out, msg, (size_t)len + 1);
		len = snprintf(msg, sizeof(msg), "{\"id\":%ld,\"result\":"
		    "{\"echo\":\"%s\"}}", id, method);
		say(pr->out, msg, (size_t)len + 1);
	}
	close(pr->out);
	return NULL;
}

struct seen {
	int	 events;
	long	 last_n;
};

static void
on_event(void *arg, const char *method, const json_t *params)
{
	struct seen *s = arg;

	if (strcmp(method, "Page.x") == 0) {
		s->events++;
		s->last_n = (long)json_integer_value(json_object_get(params, "n"));
	}
}

/* A connection to a peer in mode; *t its thread. */
static struct cdp *
connect_peer(struct peer *pr, int mode, pthread_t *t)
{
	int a[2], b[2];

	signal(SIGPIPE, SIG_IGN);
	if (pipe(a) == -1 || pipe(b) == -1)
		return NULL;
	pr->in = a[0];
	pr->out = b[1];
	pr->mode = mode;
	pthread_create(t, NULL, peer_run, pr);
	return cdp_new(a[1], b[0]);
}

static void
finish(struct cdp *c, struct peer *pr, pthread_t t)
{
	cdp_free(c);		/* the peer sees the end of its input */
	pthread_join(t, NULL);
	close(pr->in);
}

UNIT_TEST(cdp_calls_events_errors)
{
	struct peer pr;
	struct seen s = { 0, 0 };
	pthread_t t;
	struct cdp *c = connect_peer(&pr, PEER_NORMAL, &t);
	json_t *res = NULL;
	char err[256];

	CHECK(c != NULL);
	if (c == NULL)
		return;
	cdp_on_event(c, "S1", on_event, &s);
	CHECK_INT(cdp_call(c, "S1", "Echo.me", NULL, clock_now() + 5, &res, err,
	    sizeof(err)), 0);
	CHECK_STR(json_string_value(json_object_get(res, "echo")), "Echo.me");
	CHECK_INT(s.events, 1);
	CHECK_INT(s.last_n, 1);
	json_decref(res);
	CHECK_INT(cdp_call(c, NULL, "Echo.two", json_object(), clock_now() + 5,
	    &res, err, sizeof(err)), 0);
	CHECK_INT(s.events, 2);
	CHECK_INT(s.last_n, 2);
	json_decref(res);
	CHECK_INT(cdp_call(c, NULL, "Fail", NULL, clock_now() + 5, &res, err,
	    sizeof(err)), -1);
	CHECK_STR(err, "No such thing");
	CHECK(res == NULL);
	CHECK(!cdp_lost(c));
	/* A handler removed: its events are dropped. */
	cdp_on_event(c, "S1", NULL, NULL);
	CHECK_INT(cdp_call(c, NULL, "Echo.three", NULL, clock_now() + 5, NULL,
	    err, sizeof(err)), 0);
	CHECK_INT(s.events, 2);
	finish(c, &pr, t);
}

UNIT_TEST(cdp_lost_browser)
{
	struct peer pr;
	pthread_t t;
	struct cdp *c;
	char err[256];
	double t0;

	/* No answer by the deadline. */
	c = connect_peer(&pr, PEER_SILENT, &t);
	t0 = clock_now();
	CHECK_INT(cdp_call(c, NULL, "A.b", NULL, t0 + 0.3, NULL, err,
	    sizeof(err)), -1);
	CHECK_STR(err, "no answer in time");
	CHECK(clock_now() - t0 >= 0.29 && clock_now() - t0 < 2);
	CHECK(cdp_lost(c));
	CHECK_INT(cdp_call(c, NULL, "A.b", NULL, clock_now() + 1, NULL, err,
	    sizeof(err)), -1);
	CHECK_STR(err, "the browser is gone");
	finish(c, &pr, t);
	/* The pipe ends. */
	c = connect_peer(&pr, PEER_EOF, &t);
	CHECK_INT(cdp_call(c, NULL, "A.b", NULL, clock_now() + 5, NULL, err,
	    sizeof(err)), -1);
	CHECK_STR(err, "the browser closed its pipe");
	CHECK(cdp_lost(c));
	finish(c, &pr, t);
	/* A message over 64 MiB. */
	c = connect_peer(&pr, PEER_HUGE, &t);
	CHECK_INT(cdp_call(c, NULL, "A.b", NULL, clock_now() + 20, NULL, err,
	    sizeof(err)), -1);
	CHECK_STR(err, "a DevTools message larger than 64 MiB");
	CHECK(cdp_lost(c));
	finish(c, &pr, t);
}
