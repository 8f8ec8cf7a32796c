/* cdp.c - the DevTools Protocol over a pipe: each message is one JSON
 * text followed by a NUL byte.  Reads go into a capped buffer; complete
 * messages are parsed and either matched to the call waiting for them
 * (by id) or dispatched as events to their session's handler. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "../base/error.h"
#include "../base/interrupt.h"
#include "../base/xalloc.h"
#include "cdp.h"

#define MAX_HANDLERS	32

struct handler {
	char		*session;	/* owned; NULL: the browser's */
	cdp_event_fn	 fn;
	void		*arg;
};

struct cdp {
	int		 wfd;
	int		 rfd;
	int		 lost;
	long		 next_id;
	struct buf	 in;		/* bytes read, not yet parsed */
	size_t		 scanned;	/* of in: no NUL before this */
	struct handler	 handlers[MAX_HANDLERS];
	size_t		 nhandlers;
};

struct cdp *
cdp_new(int wfd, int rfd)
{
	struct cdp *c = xcalloc(1, sizeof(*c));

	c->wfd = wfd;
	c->rfd = rfd;
	c->next_id = 1;
	buf_init(&c->in, CDP_MAX_MESSAGE + 1);
	return c;
}

void
cdp_free(struct cdp *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->wfd != -1)
		close(c->wfd);
	if (c->rfd != -1)
		close(c->rfd);
	for (i = 0; i < c->nhandlers; i++)
		free(c->handlers[i].session);
	buf_release(&c->in);
	free(c);
}

int
cdp_lost(const struct cdp *c)
{
	return c->lost;
}

static int
same_session(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
cdp_on_event(struct cdp *c, const char *session, cdp_event_fn fn, void *arg)
{
	size_t i;

	for (i = 0; i < c->nhandlers; i++)
		if (same_session(c->handlers[i].session, session))
			break;
	if (fn == NULL) {
		if (i < c->nhandlers) {
			free(c->handlers[i].session);
			c->handlers[i] = c->handlers[--c->nhandlers];
		}
		return;
	}
	if (i == c->nhandlers) {
		if (c->nhandlers == MAX_HANDLERS)
			return;
		c->nhandlers++;
		c->handlers[i].session = session ? xstrdup(session) : NULL;
	}
	c->handlers[i].fn = fn;
	c->handlers[i].arg = arg;
}

static int
lose(struct cdp *c, char *err, size_t errlen, const char *why)
{
	c->lost = 1;
	return error_set(err, errlen, "%s", why);
}

static void
dispatch(struct cdp *c, const json_t *msg)
{
	const char *method, *session;
	size_t i;

	method = json_string_value(json_object_get(msg, "method"));
	session = json_string_value(json_object_get(msg, "sessionId"));
	if (method == NULL)
		return;
	for (i = 0; i < c->nhandlers; i++)
		if (same_session(c->handlers[i].session, session)) {
			c->handlers[i].fn(c->handlers[i].arg, method,
			    json_object_get(msg, "params"));
			return;
		}
}

/*
 * Takes the complete messages out of c->in: events are dispatched; the
 * reply to `want` (0: none) is returned (new), the others dropped (a call
 * given up on).  NULL when it has not come.
 */
static json_t *
take_messages(struct cdp *c, long want)
{
	json_t *msg, *found = NULL;
	json_error_t jerr;
	char *nul;
	size_t len, used = 0;

	if (c->in.data == NULL)
		return NULL;
	while ((nul = memchr(c->in.data + used + c->scanned, '\0',
	    c->in.len - used - c->scanned)) != NULL) {
		len = (size_t)(nul - (c->in.data + used));
		msg = json_loadb(c->in.data + used, len, 0, &jerr);
		used += len + 1;
		c->scanned = 0;
		if (msg == NULL)
			continue;
		if (json_object_get(msg, "id") != NULL) {
			if (found == NULL && want != 0 && json_integer_value(
			    json_object_get(msg, "id")) == want) {
				found = msg;
				continue;
			}
		} else
			dispatch(c, msg);
		json_decref(msg);
	}
	if (used > 0) {
		memmove(c->in.data, c->in.data + used, c->in.len - used);
		c->in.len -= used;
		c->in.data[c->in.len] = '\0';
	}
	c->scanned = c->in.len;
	return found;
}

/* One wait for input until deadline and one read.  Returns 1 when bytes
 * came, 0 when the deadline passed, -1 with err (lost, or interrupted). */
static int
read_some(struct cdp *c, double deadline, char *err, size_t errlen)
{
	struct pollfd pfd;
	char chunk[65536];
	double left;
	ssize_t n;
	int r;

	for (;;) {
		if (interrupted())
			return error_set(err, errlen, "interrupted");
		left = (deadline - clock_now()) * 1000;
		if (left < 0)
			left = 0;
		pfd.fd = c->rfd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* Short slices, so an interrupt is seen soon. */
		r = poll(&pfd, 1, left > 200 ? 200 : (int)left);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return lose(c, err, errlen, strerror(errno));
		if (r == 0) {
			if (left <= 0)
				return 0;
			continue;
		}
		n = read(c->rfd, chunk, sizeof(chunk));
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1)
			return lose(c, err, errlen, strerror(errno));
		if (n == 0)
			return lose(c, err, errlen, "the browser closed its pipe");
		if (buf_add(&c->in, chunk, (size_t)n) == -1)
			return lose(c, err, errlen,
			    "a DevTools message larger than 64 MiB");
		return 1;
	}
}

static int
send_all(struct cdp *c, const char *s, size_t len, char *err, size_t errlen)
{
	ssize_t n;

	while (len > 0) {
		n = write(c->wfd, s, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return lose(c, err, errlen, "the browser closed its pipe");
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
protocol_error(const json_t *e, char *err, size_t errlen)
{
	const char *msg = json_string_value(json_object_get(e, "message"));
	const char *data = json_string_value(json_object_get(e, "data"));

	if (data != NULL)
		error_set(err, errlen, "%s: %s", msg ? msg : "error", data);
	else
		error_set(err, errlen, "%s", msg ? msg : "protocol error");
}

/* Writes a call; returns its id, or -1 with err. */
static long
send_call(struct cdp *c, const char *session, const char *method,
    json_t *params, char *err, size_t errlen)
{
	json_t *msg;
	char *text;
	long id;
	int r;

	if (c->lost) {
		json_decref(params);
		return error_set(err, errlen, "the browser is gone");
	}
	id = c->next_id++;
	msg = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "method",
	    method, "params", params ? params : json_object());
	if (session != NULL)
		json_object_set_new(msg, "sessionId", json_string(session));
	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	/* The NUL that ends the text is the separator. */
	r = send_all(c, text, strlen(text) + 1, err, errlen);
	free(text);
	return r == -1 ? -1 : id;
}

int
cdp_send(struct cdp *c, const char *session, const char *method,
    json_t *params)
{
	char err[256];

	return send_call(c, session, method, params, err, sizeof(err)) == -1 ?
	    -1 : 0;
}

int
cdp_call(struct cdp *c, const char *session, const char *method,
    json_t *params, double deadline, json_t **result, char *err,
    size_t errlen)
{
	json_t *reply;
	long id;
	int r;

	if (result != NULL)
		*result = NULL;
	if ((id = send_call(c, session, method, params, err, errlen)) == -1)
		return -1;
	for (;;) {
		if ((reply = take_messages(c, id)) != NULL)
			break;
		if ((r = read_some(c, deadline, err, errlen)) == -1)
			return -1;
		if (r == 0)
			return lose(c, err, errlen, "no answer in time");
	}
	if (json_object_get(reply, "error") != NULL) {
		protocol_error(json_object_get(reply, "error"), err, errlen);
		json_decref(reply);
		return -1;
	}
	if (result != NULL) {
		*result = json_incref(json_object_get(reply, "result"));
		if (*result == NULL)
			*result = json_object();
	}
	json_decref(reply);
	return 0;
}

int
cdp_pump(struct cdp *c, double deadline, char *err, size_t errlen)
{
	int r;

	if (c->lost)
		return error_set(err, errlen, "the browser is gone");
	take_messages(c, 0);
	do {
		if ((r = read_some(c, deadline, err, errlen)) == -1)
			return -1;
		take_messages(c, 0);
	} while (r == 1);
	return 0;
}
