/* engine.c - Docker Engine API over libcurl: unix socket or TCP+TLS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "engine.h"
#include "interrupt.h"
#include "xalloc.h"

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

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct engine *e = arg;
	size_t len = size * n, k;

	if (len > 12 && strncasecmp(p, "Api-Version:", 12) == 0) {
		p += 12;
		len -= 12;
		while (len > 0 && *p == ' ')
			p++, len--;
		for (k = 0; k < len && k < sizeof(e->version) - 1 &&
		    p[k] != '\r' && p[k] != '\n'; k++)
			e->version[k] = p[k];
		e->version[k] = '\0';
	}
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
	if (strncmp(dh, "tcp://", 6) != 0) {
		snprintf(err, errlen, "DOCKER_HOST=%s: expected unix:// or "
		    "tcp://", dh);
		return -1;
	}
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

static void
set_transport(struct engine *e)
{
	char *p;

	curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e->curl, CURLOPT_ERRORBUFFER, e->errbuf);
	curl_easy_setopt(e->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e->curl, CURLOPT_XFERINFODATA, e);
	curl_easy_setopt(e->curl, CURLOPT_NOPROGRESS, 0L);
	if (e->socket)
		curl_easy_setopt(e->curl, CURLOPT_UNIX_SOCKET_PATH, e->socket);
	if (e->certdir == NULL)
		return;
	/* No TLS session resumption: TLS fronts of an engine socket (socat,
	 * stunnel) that verify client certificates reject it with an
	 * "internal error" alert; engine calls are few, full handshakes
	 * cost little. */
	curl_easy_setopt(e->curl, CURLOPT_SSL_SESSIONID_CACHE, 0L);
	p = xasprintf("%s/ca.pem", e->certdir);
	curl_easy_setopt(e->curl, CURLOPT_CAINFO, p);
	free(p);
	p = xasprintf("%s/cert.pem", e->certdir);
	curl_easy_setopt(e->curl, CURLOPT_SSLCERT, p);
	free(p);
	p = xasprintf("%s/key.pem", e->certdir);
	curl_easy_setopt(e->curl, CURLOPT_SSLKEY, p);
	free(p);
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
	if (cc != CURLE_OK || status != 200) {
		snprintf(err, errlen, "cannot reach the Docker Engine at %s: %s",
		    e->address, cc != CURLE_OK ? (e->errbuf[0] ? e->errbuf :
		    curl_easy_strerror(cc)) : "/_ping did not answer 200");
		return -1;
	}
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
	set_transport(e);
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

long
engine_call(struct engine *e, const char *method, const char *path,
    const json_t *body, json_t **out, struct buf *raw, long timeout_ms,
    char *err, size_t errlen)
{
	struct curl_slist *h = NULL;
	char *url = xasprintf("%s/v%s%s", e->base, e->version, path);
	char *json = body ? json_dumps(body, JSON_COMPACT) : NULL;
	long status = -1;
	CURLcode cc;

	buf_reset(raw);
	raw->max = RESP_MAX;
	if (out)
		*out = NULL;
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
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, raw);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	e->errbuf[0] = '\0';
	cc = curl_easy_perform(e->curl);
	e->lost = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
	    cc == CURLE_GOT_NOTHING || cc == CURLE_SEND_ERROR ||
	    cc == CURLE_RECV_ERROR || cc == CURLE_SSL_CONNECT_ERROR;
	if (cc == CURLE_OK) {
		curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
		if (out && raw->len > 0)
			*out = json_loadb(buf_str(raw), raw->len, 0, NULL);
	} else
		snprintf(err, errlen, "Docker Engine at %s: %s %s: %s",
		    e->address, method, path, e->errbuf[0] ? e->errbuf :
		    curl_easy_strerror(cc));
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	free(json);
	free(url);
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
