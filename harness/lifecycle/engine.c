/* engine.c - Docker Engine API over libcurl: unix socket or TCP+TLS. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "engine.h"
#include "../../base/interrupt.h"
#include "../../base/xalloc.h"
#include "../../base/error.h"

#define API_MAX		"1.44"		/* the newest we speak */
#define API_MIN		"1.40"		/* the oldest we need (Engine 19.03) */
#define RESP_MAX	(64u << 20)

struct engine {
	CURL	*curl;
	char	*address;	/* as DOCKER_HOST says */
	char	*socket;	/* unix socket path, or NULL */
	char	*base;		/* "http://localhost" or "https://docker:2376" */
	char	*host;		/* where published ports are reached */
	char	*certdir;	/* TLS client certificates, or NULL */
	char	 version[16];
	char	 podman[16];	/* Libpod-Api-Version: Podman's, or "" */
	char	 errbuf[CURL_ERROR_SIZE];
	int	 cleaning;	/* teardown: a signal must not abort calls */
	int		 lost;		/* the last call reached nothing */
};

/* Aborts a call when a terminating signal arrived, unless cleaning up. */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	const struct engine *e = arg;

	return !e->cleaning && interrupted() != 0;
}

void
engine_cleaning(struct engine *e, int on)
{
	e->cleaning = on;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

/* The value of header line p if it is `name`, into out (at most outlen). */
static void
header_value(const char *p, size_t len, const char *name, char *out,
    size_t outlen)
{
	size_t nl = strlen(name), k;

	if (len <= nl || strncasecmp(p, name, nl) != 0)
		return;
	p += nl;
	len -= nl;
	while (len > 0 && *p == ' ')
		p++, len--;
	for (k = 0; k < len && k < outlen - 1 && p[k] != '\r' && p[k] != '\n';
	    k++)
		out[k] = p[k];
	out[k] = '\0';
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct engine *e = arg;

	header_value(p, size * n, "Api-Version:", e->version,
	    sizeof(e->version));
	header_value(p, size * n, "Libpod-Api-Version:", e->podman,
	    sizeof(e->podman));
	return size * n;
}

/* "1.41" < "1.44": compares major.minor numerically. */
static int
vcmp(const char *a, const char *b)
{
	int a1 = 0, a2 = 0, b1 = 0, b2 = 0;

	sscanf(a, "%d.%d", &a1, &a2);
	sscanf(b, "%d.%d", &b1, &b2);
	return a1 != b1 ? a1 - b1 : a2 - b2;
}

/* unix:///path, tcp://host:port (http, or https with DOCKER_TLS_VERIFY). */
static int
parse_host(struct engine *e, char *err, size_t errlen)
{
	const char *dh = getenv("DOCKER_HOST"), *verify, *certs, *home;
	const char *hp, *colon;

	if (dh == NULL || *dh == '\0')
		dh = "unix:///var/run/docker.sock";
	e->address = xstrdup(dh);
	if (strncmp(dh, "unix://", 7) == 0) {
		e->socket = xstrdup(dh + 7);
		e->base = xstrdup("http://localhost");
		e->host = xstrdup("127.0.0.1");
		return 0;
	}
	if (strncmp(dh, "tcp://", 6) != 0)
		return error_set(err, errlen, "DOCKER_HOST=%s: expected unix:// or "
		    "tcp://", dh);
	hp = dh + 6;
	/* tcp://[::1]:2375: an IPv6 host is kept without its brackets, and
	 * gets them back where a URL is made of it. */
	if (hp[0] == '[' && (colon = strchr(hp, ']')) != NULL)
		e->host = xstrndup(hp + 1, (size_t)(colon - hp - 1));
	else {
		colon = strrchr(hp, ':');
		e->host = xstrndup(hp, colon ? (size_t)(colon - hp) :
		    strcspn(hp, "/"));
	}
	verify = getenv("DOCKER_TLS_VERIFY");
	if (verify != NULL && *verify != '\0') {
		certs = getenv("DOCKER_CERT_PATH");
		home = getenv("HOME");
		e->certdir = certs && *certs ? xstrdup(certs) :
		    xasprintf("%s/.docker", home ? home : "");
		e->base = xasprintf("https://%.*s", (int)strcspn(hp, "/"), hp);
	} else
		e->base = xasprintf("http://%.*s", (int)strcspn(hp, "/"), hp);
	return 0;
}

/* How the engine is reached, on handle c (the engine's, or a stream's). */
static void
set_transport(struct engine *e, CURL *c, char *errbuf)
{
	char *p;

	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, e);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	if (e->socket)
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, e->socket);
	if (e->certdir == NULL)
		return;
	/* No TLS session resumption: TLS fronts of an engine socket (socat,
	 * stunnel) that verify client certificates reject it with an
	 * "internal error" alert; engine calls are few, full handshakes
	 * cost little. */
	curl_easy_setopt(c, CURLOPT_SSL_SESSIONID_CACHE, 0L);
	p = xasprintf("%s/ca.pem", e->certdir);
	curl_easy_setopt(c, CURLOPT_CAINFO, p);
	free(p);
	p = xasprintf("%s/cert.pem", e->certdir);
	curl_easy_setopt(c, CURLOPT_SSLCERT, p);
	free(p);
	p = xasprintf("%s/key.pem", e->certdir);
	curl_easy_setopt(c, CURLOPT_SSLKEY, p);
	free(p);
}

/*
 * Why a call reached no engine, in Docker's words rather than libcurl's
 * ("Failed to connect to localhost port 80"): "no such file", "permission
 * denied", "connection refused".  Returns 1 with err set when cc says
 * nothing answered, else 0.
 */
static int
unreachable(const struct engine *e, CURL *c, CURLcode cc, const char *errbuf,
    char *err, size_t errlen)
{
	char why[128];
	long oe = 0;

	if (cc == CURLE_COULDNT_RESOLVE_HOST) {
		snprintf(err, errlen, "no Docker Engine answers at %s: cannot "
		    "resolve %s", e->address, e->host);
		return 1;
	}
	if (cc != CURLE_COULDNT_CONNECT)
		return 0;
	curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &oe);
	if (oe == ENOENT)
		snprintf(why, sizeof(why), "no such file");
	else if (oe == EACCES || oe == EPERM)
		snprintf(why, sizeof(why), "permission denied");
	else if (oe == ECONNREFUSED)
		snprintf(why, sizeof(why), "connection refused");
	else if (oe != 0) {
		snprintf(why, sizeof(why), "%s", strerror((int)oe));
		why[0] = (char)tolower((unsigned char)why[0]);
	} else
		snprintf(why, sizeof(why), "%s", errbuf[0] ? errbuf :
		    curl_easy_strerror(cc));
	snprintf(err, errlen, "no Docker Engine answers at %s: %s", e->address,
	    why);
	return 1;
}

/* GET /_ping: is it there, and which API version does it speak? */
static int
ping(struct engine *e, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	char *url = xasprintf("%s/_ping", e->base);
	CURLcode cc;
	long status = 0;

	buf_init(&b, 4096);
	curl_easy_setopt(e->curl, CURLOPT_URL, url);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(e->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e->curl, CURLOPT_HEADERDATA, e);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, 10000L);
	cc = curl_easy_perform(e->curl);
	curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
	/* Both: with only the function unset, libcurl hands headers to the
	 * write callback with HEADERDATA as its buffer. */
	curl_easy_setopt(e->curl, CURLOPT_HEADERFUNCTION, NULL);
	curl_easy_setopt(e->curl, CURLOPT_HEADERDATA, NULL);
	free(url);
	buf_release(&b);
	if (cc != CURLE_OK && unreachable(e, e->curl, cc, e->errbuf, err, errlen))
		return -1;
	if (cc != CURLE_OK || status != 200)
		return error_set(err, errlen, "cannot reach the Docker Engine at %s: %s",
		    e->address, cc != CURLE_OK ? (e->errbuf[0] ? e->errbuf :
		    curl_easy_strerror(cc)) : "/_ping did not answer 200");
	if (e->version[0] == '\0' || vcmp(e->version, API_MAX) > 0)
		snprintf(e->version, sizeof(e->version), "%s", API_MAX);
	if (vcmp(e->version, API_MIN) < 0) {
		snprintf(err, errlen, "the Docker Engine at %s speaks API %s; "
		    "shakedown needs %s or newer", e->address, e->version, API_MIN);
		return -1;
	}
	return 0;
}

struct engine *
engine_new(char *err, size_t errlen)
{
	struct engine *e = xcalloc(1, sizeof(*e));

	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (parse_host(e, err, errlen) == -1 ||
	    (e->curl = curl_easy_init()) == NULL) {
		engine_free(e);
		return NULL;
	}
	set_transport(e, e->curl, e->errbuf);
	if (ping(e, err, errlen) == -1) {
		engine_free(e);
		return NULL;
	}
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	if (e->curl)
		curl_easy_cleanup(e->curl);
	free(e->address);
	free(e->socket);
	free(e->base);
	free(e->host);
	free(e->certdir);
	free(e);
}

const char *
engine_host(const struct engine *e)
{
	return e->host;
}

const char *
engine_address(const struct engine *e)
{
	return e->address;
}

const char *
engine_api_version(const struct engine *e)
{
	return e->version;
}

const char *
engine_podman(const struct engine *e)
{
	return e->podman[0] ? e->podman : NULL;
}

/* One call, the response body handed to on_data(p, n, arg) as it comes. */
static long
perform(struct engine *e, const char *method, const char *path,
    const json_t *body, size_t (*on_data)(char *, size_t, size_t, void *),
    void *arg, long timeout_ms, char *err, size_t errlen)
{
	struct curl_slist *h = NULL;
	char *url = xasprintf("%s/v%s%s", e->base, e->version, path);
	char *json = body ? json_dumps(body, JSON_COMPACT) : NULL;
	long status = -1;
	CURLcode cc;

	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(e->curl, CURLOPT_URL, url);
	curl_easy_setopt(e->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS, json ? json : "");
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDSIZE, json ? (long)strlen(json) : 0L);
	if (strcmp(method, "GET") == 0 || strcmp(method, "DELETE") == 0)
		curl_easy_setopt(e->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(e->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, arg);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	e->errbuf[0] = '\0';
	cc = curl_easy_perform(e->curl);
	e->lost = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
	    cc == CURLE_GOT_NOTHING || cc == CURLE_SEND_ERROR ||
	    cc == CURLE_RECV_ERROR || cc == CURLE_SSL_CONNECT_ERROR;
	if (cc == CURLE_OK)
		curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
	else if (!unreachable(e, e->curl, cc, e->errbuf, err, errlen))
		snprintf(err, errlen, "Docker Engine at %s: %s %s: %s",
		    e->address, method, path, e->errbuf[0] ? e->errbuf :
		    curl_easy_strerror(cc));
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	free(json);
	free(url);
	return status;
}

long
engine_call(struct engine *e, const char *method, const char *path,
    const json_t *body, json_t **out, struct buf *raw, long timeout_ms,
    char *err, size_t errlen)
{
	long status;

	buf_reset(raw);
	raw->max = RESP_MAX;
	if (out)
		*out = NULL;
	status = perform(e, method, path, body, on_body, raw, timeout_ms, err,
	    errlen);
	if (status != -1 && out && raw->len > 0)
		*out = json_loadb(buf_str(raw), raw->len, 0, NULL);
	return status;
}

/* What engine_stream's callback needs. */
struct stream {
	CURL		*curl;
	engine_sink	 sink;
	void		*arg;
	struct buf	 error;		/* the body of a status other than 2xx */
};

static size_t
on_stream(char *p, size_t size, size_t n, void *arg)
{
	struct stream *st = arg;
	long status = 0;

	curl_easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 200 && status < 300)
		st->sink(p, size * n, st->arg);
	else
		buf_add(&st->error, p, size * n);
	return size * n;
}

long
engine_stream(struct engine *e, const char *method, const char *path,
    engine_sink sink, void *arg, long timeout_ms, char *err, size_t errlen)
{
	struct stream st = { e->curl, sink, arg, BUF_INIT };
	json_t *j;
	long status;

	buf_init(&st.error, 4096);
	status = perform(e, method, path, NULL, on_stream, &st, timeout_ms, err,
	    errlen);
	if (status != -1 && (status < 200 || status >= 300)) {
		j = json_loadb(buf_str(&st.error), st.error.len, 0, NULL);
		snprintf(err, errlen, "%s", engine_message(j, &st.error));
		json_decref(j);
	}
	buf_release(&st.error);
	return status;
}

int
engine_lost(const struct engine *e)
{
	return e->lost;
}

const char *
engine_message(const json_t *resp, const struct buf *raw)
{
	const char *m = json_string_value(json_object_get(resp, "message"));

	return m ? m : buf_str(raw);
}

void
engine_demux(const char *p, size_t len, struct buf *out, struct buf *errout)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, n;

	if (len >= 8 && (u[0] == 1 || u[0] == 2) && u[1] == 0 && u[2] == 0 &&
	    u[3] == 0) {
		while (i + 8 <= len) {
			n = (size_t)u[i + 4] << 24 | (size_t)u[i + 5] << 16 |
			    (size_t)u[i + 6] << 8 | u[i + 7];
			if (n > len - i - 8)
				n = len - i - 8;
			if (u[i] == 2 ? errout != NULL : out != NULL)
				buf_add(u[i] == 2 ? errout : out, p + i + 8, n);
			i += 8 + n;
		}
		return;
	}
	if (out)
		buf_add(out, p, len);
}

struct engine_stream {
	struct engine	*engine;	/* borrowed */
	CURLM		*multi;
	CURL		*curl;
	char		*path;
	struct buf	 data;		/* arrived, not yet handed out */
	int		 done;		/* the response ended */
	CURLcode	 cc;
	char		 errbuf[CURL_ERROR_SIZE];
};

struct engine_stream *
engine_stream_open(struct engine *e, const char *path, char *err,
    size_t errlen)
{
	struct engine_stream *s = xcalloc(1, sizeof(*s));
	char *url = xasprintf("%s/v%s%s", e->base, e->version, path);

	s->engine = e;
	s->path = xstrdup(path);
	if ((s->multi = curl_multi_init()) == NULL ||
	    (s->curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "Docker Engine at %s: GET %s: out of memory",
		    e->address, path);
		free(url);
		engine_stream_free(s);
		return NULL;
	}
	set_transport(e, s->curl, s->errbuf);
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, &s->data);
	curl_multi_add_handle(s->multi, s->curl);
	free(url);
	return s;
}

int
engine_stream_read(struct engine_stream *s, struct buf *out, long wait_ms,
    char *err, size_t errlen)
{
	struct engine *e = s->engine;
	json_t *resp;
	CURLMsg *m;
	long status = 0;
	int running = 0, left;

	if (!s->done) {
		curl_multi_perform(s->multi, &running);
		if (running && s->data.len == 0 && wait_ms > 0) {
			curl_multi_poll(s->multi, NULL, 0, (int)wait_ms, NULL);
			curl_multi_perform(s->multi, &running);
		}
		while ((m = curl_multi_info_read(s->multi, &left)) != NULL)
			if (m->msg == CURLMSG_DONE) {
				s->done = 1;
				s->cc = m->data.result;
			}
	}
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
	if (s->done && s->cc != CURLE_OK) {
		if (!unreachable(e, s->curl, s->cc, s->errbuf, err, errlen))
			return error_set(err, errlen, "Docker Engine at %s: GET %s: %s",
			    e->address, s->path, s->errbuf[0] ? s->errbuf :
			    curl_easy_strerror(s->cc));
	}
	if (status != 0 && status != 200) {
		if (!s->done)
			return 1;	/* the error's message is still coming */
		resp = json_loadb(buf_str(&s->data), s->data.len, 0, NULL);
		snprintf(err, errlen, "%s", engine_message(resp, &s->data));
		json_decref(resp);
		return -1;
	}
	buf_add(out, s->data.data, s->data.len);
	buf_reset(&s->data);
	return !s->done;
}

void
engine_stream_free(struct engine_stream *s)
{
	if (s == NULL)
		return;
	if (s->curl) {
		curl_multi_remove_handle(s->multi, s->curl);
		curl_easy_cleanup(s->curl);
	}
	if (s->multi)
		curl_multi_cleanup(s->multi);
	buf_release(&s->data);
	free(s->path);
	free(s);
}

size_t
engine_frames(const char *p, size_t len, int *mux,
    void (*fn)(void *arg, int stream, const char *payload, size_t n),
    void *arg)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, n;

	if (*mux == -1 && len > 0) {
		/* Decided by the first frame header, as engine_demux does. */
		if (!(u[0] == 1 || u[0] == 2) || (len > 1 && u[1]) ||
		    (len > 2 && u[2]) || (len > 3 && u[3]))
			*mux = 0;
		else if (len >= 8)
			*mux = 1;
		else
			return 0;
	}
	if (*mux == 0) {
		if (len > 0)
			fn(arg, 1, p, len);
		return len;
	}
	while (i + 8 <= len) {
		n = (size_t)u[i + 4] << 24 | (size_t)u[i + 5] << 16 |
		    (size_t)u[i + 6] << 8 | u[i + 7];
		if (n > len - i - 8)
			break;
		if (n > 0)
			fn(arg, u[i] == 2 ? 2 : 1, p + i + 8, n);
		i += 8 + n;
	}
	return i;
}
