/* http.c - the HTTP client on one libcurl easy handle per suite, so the
 * requests of a spec share a kept-alive connection.  Every option a
 * request may change is set again for each request so nothing leaks from
 * one request to the next; the others are set once, with the handle.
 * Redirects are followed here, one perform per hop, not by libcurl: its
 * CURLOPT_CUSTOMREQUEST would force the method on every hop, and each
 * hop is kept for the transcript. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "clock.h"
#include "cookies.h"
#include "http.h"
#include "interrupt.h"
#include "sha256.h"
#include "xalloc.h"

#define HEADERS_MAX	(256u << 10)	/* total response header bytes, under
					 * libcurl's own 300 KiB */
#define UPLOAD_MAX	(64u << 20)	/* a body file */
#define MAX_REDIRS	20
#define NOTES_MAX	20		/* cookie notes per request */

/* A cookie the jar refused to keep, for the requests that then lack it. */
struct refused {
	char		*name;
	char		*url;		/* of the response that set it */
	char		*why;
};

/* The certificate an origin's server showed at its last TLS handshake. */
struct peer {
	char		*origin;
	struct http_cert cert;
};

struct http_client {
	CURL		*curl;
	size_t		 max_body;
	char		 errbuf[CURL_ERROR_SIZE];
	struct http_response *resp;	/* the one being filled */
	struct sha256	 hash;		/* of its body, as it streams */
	int		 hashing;	/* the request asked for the digest */
	int		 overflow;	/* past HTTP_STREAM_MAX */
	double		 deadline;	/* monotonic seconds, 0: none */
	int		 late;		/* the body was still coming at it */
	size_t		 header_bytes;
	int		 header_overflow;
	char		**jar;		/* CURLINFO_COOKIELIST after the last
					 * transfer */
	size_t		 njar;
	struct refused	*refused;
	size_t		 nrefused;
	size_t		 refused_alloc;
	struct buf	 sent;		/* the Cookie header a request carried */
	int		 saw_request;	/* its headers went out */
	struct buf	 notes;		/* the response's cookie_notes */
	size_t		 nnotes;
	struct peer	*peers;
	size_t		 npeers;
	size_t		 peers_alloc;
	char		*origin;	/* "scheme://authority" of the last URL
					 * found good, or NULL: a URL that
					 * begins so is checked by its rest */
	char		*host;		/* the Host line for it, or NULL */
};

static size_t on_body(char *, size_t, size_t, void *);
static size_t on_header(char *, size_t, size_t, void *);
static int on_progress(void *, curl_off_t, curl_off_t, curl_off_t,
	    curl_off_t);

/* The options every request of the client has alike, set once: nothing
 * a request sets changes them (set_options sets the others each time). */
static void
set_constant(struct http_client *c)
{
	CURL *curl = c->curl;

	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "shakedown/0.1");
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	/* The certificate of each TLS handshake, for `certificate:`: read
	 * once per connection, little beside the handshake itself. */
	curl_easy_setopt(curl, CURLOPT_CERTINFO, 1L);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, c);
}

struct http_client *
http_client_new(size_t max_body)
{
	static int inited;
	struct http_client *c;

	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = 1;
	}
	c = xcalloc(1, sizeof(*c));
	if ((c->curl = curl_easy_init()) == NULL) {
		free(c);
		return NULL;
	}
	c->max_body = max_body;
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
	set_constant(c);
	return c;
}

static void
free_jar(struct http_client *c)
{
	size_t i;

	for (i = 0; i < c->njar; i++)
		free(c->jar[i]);
	free(c->jar);
	c->jar = NULL;
	c->njar = 0;
}

static void
drop_refused(struct http_client *c, size_t i)
{
	free(c->refused[i].name);
	free(c->refused[i].url);
	free(c->refused[i].why);
	c->refused[i] = c->refused[--c->nrefused];
}

static void
cert_clear(struct http_cert *k)
{
	free(k->subject);
	free(k->issuer);
	free(k->start);
	free(k->expire);
	free(k->serial);
	memset(k, 0, sizeof(*k));
}

void
http_client_free(struct http_client *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->npeers; i++) {
		free(c->peers[i].origin);
		cert_clear(&c->peers[i].cert);
	}
	free(c->peers);
	curl_easy_cleanup(c->curl);
	free_jar(c);
	while (c->nrefused > 0)
		drop_refused(c, 0);
	free(c->refused);
	buf_release(&c->sent);
	buf_release(&c->notes);
	free(c->origin);
	free(c->host);
	free(c);
}

void
http_response_init(struct http_response *resp)
{
	memset(resp, 0, sizeof(*resp));
}

static void
clear_headers(struct http_response *resp)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++)
		free(resp->headers[i].name);	/* and value: one block */
	resp->nheaders = 0;
}

static void
clear_hop(struct http_hop *h)
{
	size_t i;

	for (i = 0; i < h->nheaders; i++)
		free(h->headers[i].name);	/* and value: one block */
	free(h->headers);
	free(h->method);
	free(h->url);
	free(h->version);
	free(h->reason);
	free(h->next_method);
	free(h->next_url);
	free(h->note);
}

void
http_response_clear(struct http_response *resp)
{
	size_t i;

	for (i = 0; i < resp->nhops; i++)
		clear_hop(&resp->hops[i]);
	free(resp->hops);
	free(resp->method);
	free(resp->cookie_notes);
	clear_headers(resp);
	free(resp->headers);
	free(resp->version);
	free(resp->reason);
	free(resp->url);
	free(resp->redirect);
	if (resp->cert != NULL)
		cert_clear(resp->cert);
	free(resp->cert);
	buf_release(&resp->body);
	http_response_init(resp);
}

static void add_header(struct http_header *, const char *, size_t,
	    const char *, size_t);

void
http_response_add_header(struct http_response *resp, const char *name,
    const char *value)
{
	resp->headers = xgrow(resp->headers, &resp->alloc, resp->nheaders + 1,
	    sizeof(*resp->headers));
	add_header(&resp->headers[resp->nheaders++], name, strlen(name), value,
	    strlen(value));
}

const char *
http_response_header(const struct http_response *resp, const char *name)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_client *c = arg;
	struct http_response *r = c->resp;

	n *= size;
	/* libcurl checks its timeout between reads, and one read of a gzip
	 * bomb inflates to megabytes: check here too, and for a signal. */
	if (interrupted() || (c->deadline > 0 && clock_now() > c->deadline)) {
		c->late = !interrupted();
		return 0;
	}
	if (r->size + n > HTTP_STREAM_MAX) {
		c->overflow = 1;
		return 0;		/* stop the transfer */
	}
	r->size += n;
	if (c->hashing)
		sha256_update(&c->hash, p, n);
	if (!r->truncated && buf_add(&r->body, p, n) == -1)
		r->truncated = 1;	/* keep reading: size and digest */
	return n;
}

/* "HTTP/1.1 200 OK": a new response begins (after a redirect or a 100). */
static void
status_line(struct http_response *r, const char *p, size_t n)
{
	const char *sp = memchr(p, ' ', n), *sp2;

	clear_headers(r);
	free(r->version);
	free(r->reason);
	r->version = xstrndup_trim(p, sp ? (size_t)(sp - p) : n);
	r->reason = xstrdup("");
	if (sp != NULL && (sp2 = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - p)))) {
		free(r->reason);
		r->reason = xstrndup_trim(sp2 + 1, n - (size_t)(sp2 + 1 - p));
	}
}

/* p[0..n) without the blank space around it. */
static const char *
trim(const char *p, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)*p))
		p++, (*n)--;
	while (*n > 0 && isspace((unsigned char)p[*n - 1]))
		(*n)--;
	return p;
}

/* A header line's name and value, trimmed, in one allocation: value
 * points into name's block, and freeing name frees both. */
static void
add_header(struct http_header *h, const char *name, size_t nlen,
    const char *value, size_t vlen)
{
	name = trim(name, &nlen);
	value = trim(value, &vlen);
	h->name = xmalloc(nlen + vlen + 2);
	memcpy(h->name, name, nlen);
	h->name[nlen] = '\0';
	h->value = h->name + nlen + 1;
	memcpy(h->value, value, vlen);
	h->value[vlen] = '\0';
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_client *c = arg;
	struct http_response *r = c->resp;
	const char *colon;

	n *= size;
	if ((c->header_bytes += n) > HEADERS_MAX) {
		c->header_overflow = 1;
		return 0;
	}
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		status_line(r, p, n);
		return n;
	}
	if ((colon = memchr(p, ':', n)) == NULL)
		return n;		/* the blank line, or junk */
	r->headers = xgrow(r->headers, &r->alloc, r->nheaders + 1,
	    sizeof(*r->headers));
	add_header(&r->headers[r->nheaders++], p, (size_t)(colon - p),
	    colon + 1, n - (size_t)(colon + 1 - p));
	return n;
}

/* Aborts a transfer when a terminating signal arrived. */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	return interrupted() != 0;
}

/* What one hop sends: the request as the redirects so far left it. */
struct hop {
	const char	*method;
	char		*url;		/* owned */
	int		 body;		/* the request's body goes with it */
	int		 foreign;	/* another origin than the first URL's:
					 * no credentials, no spec cookies */
	int		 n;		/* redirects followed before it */
};

/* The request's body as it goes out, made once for all its hops. */
struct body {
	const char	*data;		/* NULL: none; borrowed from the request,
					 * or `owned` */
	size_t		 len;
	char		*owned;		/* a form or a file's bytes */
	curl_mime	*mime;		/* a multipart body instead */
};

/* Headers a hop does not send: those of a body it dropped (the Fetch
 * standard's request-body-header names), credentials and a custom Host
 * to another origin (what curl does). */
static int
dropped(const struct hop *h, const char *name)
{
	static const char *const body[] = { "Content-Type", "Content-Length",
	    "Content-Encoding", "Content-Language", "Content-Location" };
	size_t i;

	for (i = 0; !h->body && i < sizeof(body) / sizeof(body[0]); i++)
		if (strcasecmp(name, body[i]) == 0)
			return 1;
	return h->foreign && (strcasecmp(name, "Authorization") == 0 ||
	    strcasecmp(name, "Cookie") == 0 || strcasecmp(name, "Host") == 0);
}

/* "Host: host[:port]" for url (new), as libcurl would write it: the
 * port only when it is not the scheme's own. */
static char *
host_header(const char *url)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *p = NULL, *out = NULL;

	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK)
		out = (strcmp(s, "http") == 0 && strcmp(p, "80") == 0) ||
		    (strcmp(s, "https") == 0 && strcmp(p, "443") == 0) ?
		    xasprintf("Host: %s", h) : xasprintf("Host: %s:%s", h, p);
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return out;
}

/* The length of url's "scheme://authority", 0 when it has no "://". */
static size_t
origin_len(const char *url)
{
	const char *sep = strstr(url, "://");

	return sep ? (size_t)(sep + 3 - url) + strcspn(sep + 3, "/?#") : 0;
}

/* Whether url begins with the origin of the client's last good URL. */
static int
same_origin(const struct http_client *c, const char *url)
{
	size_t n = c->origin ? strlen(c->origin) : 0;

	return n > 0 && strncmp(url, c->origin, n) == 0 &&
	    (url[n] == '\0' || url[n] == '/' || url[n] == '?' || url[n] == '#');
}

/* url's Host line (borrowed from c): made once per origin. */
static const char *
host_of(struct http_client *c, const char *url)
{
	if (same_origin(c, url) && c->host != NULL)
		return c->host;
	free(c->host);
	c->host = host_header(url);
	free(c->origin);
	c->origin = c->host ? xstrndup(url, origin_len(url)) : NULL;
	return c->host;
}

/* form: 1 urlencoded, 2 multipart (curl writes its Content-Type). */
static struct curl_slist *
header_list(struct http_client *c, const struct http_request *req,
    const struct hop *hop, int form)
{
	const char *host;
	struct curl_slist *l = NULL;
	int has_type = 0, has_host = 0;
	size_t i;
	char *h;

	for (i = 0; i < req->nheaders; i++) {
		if (dropped(hop, req->headers[i].name))
			continue;
		if (strcasecmp(req->headers[i].name, "Content-Type") == 0)
			has_type = 1;
		if (strcasecmp(req->headers[i].name, "Host") == 0)
			has_host = 1;
		if (*req->headers[i].value == '\0')
			h = xasprintf("%s;", req->headers[i].name);
		else
			h = xasprintf("%s: %s", req->headers[i].name,
			    req->headers[i].value);
		l = curl_slist_append(l, h);
		free(h);
	}
	/* curl would label any body a form: only forms are, unless the spec
	 * says otherwise. */
	if (!has_type && form != 2)
		l = curl_slist_append(l, form && hop->body ?
		    "Content-Type: application/x-www-form-urlencoded" :
		    "Content-Type:");
	/* The Host libcurl would write, written out: a custom Host header
	 * sets the host libcurl matches cookies against, and libcurl 7.88
	 * keeps that host for the handle's later requests that have none. */
	if (!has_host && (host = host_of(c, hop->url)) != NULL)
		l = curl_slist_append(l, host);
	return curl_slist_append(l, "Expect:");
}

static char *
form_body(CURL *curl, const struct http_request *req)
{
	char *out = xstrdup(""), *k, *v, *next;
	size_t i;

	for (i = 0; i < req->nform; i++) {
		k = curl_easy_escape(curl, req->form[i].name, 0);
		v = curl_easy_escape(curl, req->form[i].value, 0);
		next = xasprintf("%s%s%s=%s", out, i ? "&" : "", k, v);
		curl_free(k);
		curl_free(v);
		free(out);
		out = next;
	}
	return out;
}

static char *
read_upload(const char *path, size_t *len, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	char msg[1024];

	if (buf_read_file(&b, path, UPLOAD_MAX, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "cannot read body file %s: %s", path, msg);
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

/* body NULL: none; mime: a multipart body instead. */
static void
set_method(CURL *curl, const char *method, const char *body, size_t len,
    curl_mime *mime)
{
	curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, NULL);
	if (mime != NULL) {
		curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
		return;
	}
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	}
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 || body != NULL)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
}

static curl_mime *
mime_body(CURL *curl, const struct http_request *req, char *err,
    size_t errlen)
{
	curl_mime *m = curl_mime_init(curl);
	curl_mimepart *p;
	size_t i;

	for (i = 0; i < req->nparts; i++) {
		p = curl_mime_addpart(m);
		curl_mime_name(p, req->parts[i].name);
		if (req->parts[i].file == NULL) {
			curl_mime_data(p, req->parts[i].value, CURL_ZERO_TERMINATED);
			continue;
		}
		if (curl_mime_filedata(p, req->parts[i].file) != CURLE_OK) {
			snprintf(err, errlen, "cannot read multipart file %s",
			    req->parts[i].file);
			curl_mime_free(m);
			return NULL;
		}
		if (req->parts[i].type)
			curl_mime_type(p, req->parts[i].type);
		if (req->parts[i].filename)
			curl_mime_filename(p, req->parts[i].filename);
	}
	return m;
}

static long
http_version(const struct http_request *req)
{
	if (req->http2 == 0)
		return CURL_HTTP_VERSION_1_1;
	if (req->http2 < 0)
		return CURL_HTTP_VERSION_NONE;
	return strncasecmp(req->url, "https:", 6) == 0 ?
	    CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
}

/* Credentials, client certificate, cookies: set or cleared each time;
 * a hop to another origin gets no credentials and no spec cookies. */
static void
set_identity(CURL *curl, const struct http_request *req, const struct hop *h)
{
	const char *user = h->foreign ? NULL : req->user;
	const char *bearer = h->foreign ? NULL : req->bearer;

	curl_easy_setopt(curl, CURLOPT_HTTPAUTH, bearer ?
	    CURLAUTH_BEARER : CURLAUTH_BASIC);
	curl_easy_setopt(curl, CURLOPT_USERNAME, user);
	curl_easy_setopt(curl, CURLOPT_PASSWORD, user ? req->password : NULL);
	curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, bearer);
	curl_easy_setopt(curl, CURLOPT_SSLCERT, req->cert);
	curl_easy_setopt(curl, CURLOPT_SSLKEY, req->key);
	curl_easy_setopt(curl, CURLOPT_COOKIE, h->foreign ? NULL : req->cookies);
	curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, http_version(req));
}

/* The request's headers as they go out: the Cookie line is kept. */
static int
on_debug(CURL *curl, curl_infotype type, char *p, size_t n, void *arg)
{
	struct http_client *c = arg;
	const char *line, *end = p + n, *nl;

	if (type != CURLINFO_HEADER_OUT)
		return 0;
	c->saw_request = 1;
	for (line = p; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		if ((size_t)(nl - line) > 7 && strncasecmp(line, "Cookie:", 7) == 0) {
			buf_reset(&c->sent);
			buf_add(&c->sent, line + 7, (size_t)(nl - line - 7));
		}
	}
	return 0;
}

static void
set_options(struct http_client *c, const struct http_request *req,
    const struct hop *h, struct curl_slist *headers, long timeout_ms)
{
	CURL *curl = c->curl;
	int watch = c->njar > 0 || c->nrefused > 0;

	curl_easy_setopt(curl, CURLOPT_URL, h->url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	    timeout_ms > 0 ? timeout_ms : 10000L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L);
	curl_easy_setopt(curl, CURLOPT_CAINFO, req->cacert);
	/* With cookies about, the Cookie line that goes out is read back, to
	 * explain any the jar left out. */
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, watch ? on_debug : NULL);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, watch ? 1L : 0L);
	buf_reset(&c->sent);
	c->saw_request = 0;
	set_identity(curl, req, h);
}

static enum http_err
classify(CURLcode cc)
{
	switch (cc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return HTTP_ECONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_ETIMEOUT;
	case CURLE_URL_MALFORMAT:
		return HTTP_EURL;
	default:
		return HTTP_EFAIL;
	}
}

/* loc resolved against base (new), as libcurl resolves a Location; NULL
 * with *why saying what is wrong. */
static char *
resolve(const char *base, const char *loc, const char **why)
{
	CURLU *u = curl_url();
	CURLUcode uc;
	char *url = NULL, *out = NULL;

	*why = NULL;
	curl_url_set(u, CURLUPART_URL, base, 0);
	if ((uc = curl_url_set(u, CURLUPART_URL, loc, CURLU_ALLOW_SPACE)) !=
	    CURLUE_OK || (uc = curl_url_get(u, CURLUPART_URL, &url, 0)) !=
	    CURLUE_OK)
		*why = curl_url_strerror(uc);
	else
		out = xstrdup(url);
	curl_free(url);
	curl_url_cleanup(u);
	return out;
}

/* Status, times and URLs of the hop just done; the time adds up.  The
 * redirect is resolved here, not read from CURLINFO_REDIRECT_URL, which
 * carries the credentials of CURLOPT_USERNAME. */
static void
fill_info(CURL *curl, struct http_response *resp)
{
	curl_off_t us = 0;
	char *url = NULL;
	const char *loc, *why;

	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &us);
	curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url);
	resp->seconds += (double)us / 1e6;
	free(resp->url);
	resp->url = xstrdup(url ? url : "");
	free(resp->redirect);
	resp->redirect = NULL;
	if (resp->status >= 300 && resp->status < 400 &&
	    (loc = http_response_header(resp, "Location")) != NULL)
		resp->redirect = resolve(resp->url, loc, &why);
}

const char *
http_redirect_method(long status, const char *method, int *keep_body)
{
	*keep_body = 1;
	switch (status) {
	case 303:
		if (strcmp(method, "HEAD") == 0)
			return method;
		*keep_body = 0;
		return "GET";
	case 301:
	case 302:
		if (strcmp(method, "POST") != 0)
			return method;
		*keep_body = 0;
		return "GET";
	case 307:
	case 308:
		return method;
	default:
		return NULL;
	}
}

int
http_url_check(const char *url, char *err, size_t errlen)
{
	CURLU *u = curl_url();
	char *host = NULL;
	const char *p, *auth, *sep = strstr(url, "://");
	size_t n;
	CURLUcode uc;
	int rc = -1;

	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "it holds %s at byte %zu (percent-encode "
			    "it: %%%02X)", *p == ' ' ? "a space" : "a control byte",
			    (size_t)(p - url) + 1, (unsigned char)*p);
			goto out;
		}
	if (sep == NULL || (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)) {
		snprintf(err, errlen, "%s", sep == NULL ? "it has no scheme: "
		    "write http://HOST… or https://HOST…" : "not an http:// or "
		    "https:// URL");
		goto out;
	}
	/* The authority, after any user info: two colons and no bracket
	 * are an IPv6 address written bare ("http://::1:8080"). */
	auth = sep + 3;
	n = strcspn(auth, "/?#");
	if ((p = memchr(auth, '@', n)) != NULL) {
		n -= (size_t)(p + 1 - auth);
		auth = p + 1;
	}
	if (n > 0 && auth[0] != '[' && (p = memchr(auth, ':', n)) != NULL &&
	    memchr(p + 1, ':', n - (size_t)(p + 1 - auth)) != NULL) {
		snprintf(err, errlen, "'%.*s' has more than one colon: an IPv6 "
		    "address goes in brackets, the port after them "
		    "(http://[::1]:8080)", (int)n, auth);
		goto out;
	}
	if ((uc = curl_url_set(u, CURLUPART_URL, url, 0)) != CURLUE_OK) {
		snprintf(err, errlen, "%s", curl_url_strerror(uc));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0') {
		snprintf(err, errlen, "it has no host");
		goto out;
	}
	rc = 0;
out:
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

char *
http_url_from(const char *scheme, const char *host, int port)
{
	int v6 = strchr(host, ':') != NULL && host[0] != '[';

	return xasprintf("%s://%s%s%s:%d", scheme, v6 ? "[" : "", host,
	    v6 ? "]" : "", port);
}

/* "scheme://host:port" of url (new), or NULL. */
static char *
origin(const char *url)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *p = NULL, *o = NULL;

	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK)
		o = xasprintf("%s://%s:%s", s, h, p);
	for (char *q = o; q && *q; q++)
		*q = (char)tolower((unsigned char)*q);
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return o;
}

static void
note(struct http_client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
note(struct http_client *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nnotes++ == NOTES_MAX)
		buf_adds(&c->notes, "[… more cookie notes left out]\n");
	if (c->nnotes > NOTES_MAX)
		return;
	va_start(ap, fmt);
	buf_vaddf(&c->notes, fmt, ap);
	va_end(ap);
	buf_adds(&c->notes, "\n");
}

/* The URL the jar matches cookies against (new): libcurl takes the host
 * of a custom Host header, else the URL's. */
static char *
cookie_url(const struct http_request *req, const struct hop *h)
{
	const char *v = NULL;
	char *host, *url = NULL;
	size_t i;
	CURLU *u;

	for (i = 0; i < req->nheaders && !h->foreign; i++)
		if (strcasecmp(req->headers[i].name, "Host") == 0)
			v = req->headers[i].value;
	if (v == NULL || *v == '\0')
		return xstrdup(h->url);
	host = xstrndup(v, *v == '[' ? strcspn(v, "]") + 1 : strcspn(v, ":"));
	u = curl_url();
	if (curl_url_set(u, CURLUPART_URL, h->url, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_HOST, host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) {
		curl_free(url);
		url = NULL;
	}
	free(host);
	curl_url_cleanup(u);
	host = xstrdup(url ? url : h->url);
	curl_free(url);
	return host;
}

/* The jar's cookies the hop did not carry, and why; `url` is what the
 * jar matched them against. */
static void
explain_unsent(struct http_client *c, const struct hop *h, const char *url)
{
	struct jar_cookie jc;
	const char *sent = buf_str(&c->sent);
	char why[512];
	size_t i;

	for (i = 0; i < c->njar; i++) {
		if (jar_cookie_parse(c->jar[i], &jc) == 0 &&
		    !cookie_header_has(sent, jc.name, jc.value)) {
			if (cookie_not_sent_why(&jc, url, time(NULL), why,
			    sizeof(why)))
				note(c, "cookie '%s' not sent with %s %s: %s",
				    jc.name, h->method, h->url, why);
			else
				note(c, "cookie '%s' (domain %s, path %s) not "
				    "sent with %s %s, though RFC 6265's rules "
				    "would send it", jc.name, jc.domain, jc.path,
				    h->method, h->url);
		}
		jar_cookie_clear(&jc);
	}
	for (i = 0; i < c->nrefused; i++)
		if (cookie_same_host(url, c->refused[i].url) &&
		    !cookie_header_has(sent, c->refused[i].name, NULL))
			note(c, "cookie '%s' not sent with %s %s: the jar did not "
			    "keep it when %s set it: %s", c->refused[i].name,
			    h->method, h->url, c->refused[i].url,
			    c->refused[i].why);
}

static int
in_jar(const struct http_client *c, const char *name)
{
	struct jar_cookie jc;
	size_t i;
	int found = 0;

	for (i = 0; i < c->njar && !found; i++) {
		found = jar_cookie_parse(c->jar[i], &jc) == 0 &&
		    strcmp(jc.name, name) == 0;
		jar_cookie_clear(&jc);
	}
	return found;
}

static void
refuse(struct http_client *c, const char *name, const char *url,
    const char *why)
{
	struct refused *r;

	c->refused = xgrow(c->refused, &c->refused_alloc, c->nrefused + 1,
	    sizeof(*c->refused));
	r = &c->refused[c->nrefused++];
	r->name = xstrdup(name);
	r->url = xstrdup(url);
	r->why = xstrdup(why);
}

/* The jar as libcurl holds it now; and the response's Set-Cookie
 * headers it did not keep, remembered for the requests that follow. */
static void
update_jar(struct http_client *c, const struct http_response *r,
    const char *url)
{
	struct curl_slist *list = NULL, *l;
	char why[512], *name;
	size_t i, j;
	int rc;

	free_jar(c);
	curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
	for (l = list; l != NULL; l = l->next)
		c->njar++;
	c->jar = xcalloc(c->njar ? c->njar : 1, sizeof(*c->jar));
	for (i = 0, l = list; l != NULL; l = l->next)
		c->jar[i++] = xstrdup(l->data);
	curl_slist_free_all(list);
	for (i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "Set-Cookie") != 0)
			continue;
		rc = cookie_not_kept_why(r->headers[i].value, url, &name, why,
		    sizeof(why));
		if (name == NULL)
			continue;
		for (j = 0; j < c->nrefused; j++)
			if (strcmp(c->refused[j].name, name) == 0)
				drop_refused(c, j--);
		if (rc == 0 && !in_jar(c, name)) {
			snprintf(why, sizeof(why), "libcurl did not keep it");
			rc = 1;
		}
		if (rc == 1 && !in_jar(c, name)) {
			note(c, "cookie '%s' that %s sets was not kept: %s", name,
			    url, why);
			refuse(c, name, url, why);
		}
		free(name);
	}
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The value of line "Name:value" into *field, when it is that name's. */
static void
take(char **field, const char *line, const char *name)
{
	size_t n = strlen(name);

	if (*field == NULL && strncmp(line, name, n) == 0 && line[n] == ':')
		*field = xstrdup(line + n + 1);
}

/* One certificate of CURLINFO_CERTINFO, a line "Name:value" a field. */
static void
read_cert(const struct curl_slist *l, struct http_cert *k)
{
	for (; l != NULL; l = l->next) {
		take(&k->subject, l->data, "Subject");
		take(&k->issuer, l->data, "Issuer");
		take(&k->start, l->data, "Start date");
		take(&k->expire, l->data, "Expire date");
		take(&k->serial, l->data, "Serial Number");
	}
}

/*
 * The certificate of the connection the hop just done went over, into
 * resp.  libcurl reports it only for the transfer that made the TLS
 * handshake, so it is kept by origin for the requests that reuse that
 * connection.
 */
static void
fill_cert(struct http_client *c, struct http_response *resp)
{
	struct curl_certinfo *ci = NULL;
	struct peer *p = NULL;
	char *o;
	size_t i;

	if (resp->cert != NULL)
		cert_clear(resp->cert);
	free(resp->cert);
	resp->cert = NULL;
	if (resp->url == NULL || strncasecmp(resp->url, "https://", 8) != 0 ||
	    (o = origin(resp->url)) == NULL)
		return;
	for (i = 0; i < c->npeers && p == NULL; i++)
		if (strcmp(c->peers[i].origin, o) == 0)
			p = &c->peers[i];
	if (curl_easy_getinfo(c->curl, CURLINFO_CERTINFO, &ci) == CURLE_OK &&
	    ci != NULL && ci->num_of_certs > 0) {
		if (p == NULL) {
			c->peers = xgrow(c->peers, &c->peers_alloc, c->npeers + 1,
			    sizeof(*c->peers));
			p = &c->peers[c->npeers++];
			memset(p, 0, sizeof(*p));
			p->origin = o;
			o = NULL;
		} else
			cert_clear(&p->cert);
		read_cert(ci->certinfo[0], &p->cert);
	}
	if (p != NULL) {
		resp->cert = xcalloc(1, sizeof(*resp->cert));
		resp->cert->subject = dup_or_null(p->cert.subject);
		resp->cert->issuer = dup_or_null(p->cert.issuer);
		resp->cert->start = dup_or_null(p->cert.start);
		resp->cert->expire = dup_or_null(p->cert.expire);
		resp->cert->serial = dup_or_null(p->cert.serial);
	}
	free(o);
}

/* A hop after the first has what is left of the request's time: into
 * *left, the timeout for this hop.  Returns HTTP_OK, or HTTP_ETIMEOUT with
 * err set when none is left. */
static enum http_err
hop_time(const struct http_client *c, const struct http_request *req,
    const struct hop *h, long *left, char *err, size_t errlen)
{
	*left = req->timeout_ms;
	if (h->n > 0 && c->deadline > 0 && (*left = (long)((c->deadline -
	    clock_now()) * 1e3)) < 1) {
		snprintf(err, errlen, "%s %s: timed out after %ld ms, following "
		    "redirects", h->method, h->url, req->timeout_ms);
		return HTTP_ETIMEOUT;
	}
	return HTTP_OK;
}

/* Prepares the handle and resp for one hop: nothing of the last hop's
 * response stays, every option is set again.  Returns the header list
 * (new), which the handle borrows until release_hop. */
static struct curl_slist *
prepare_hop(struct http_client *c, const struct http_request *req,
    const struct hop *h, const struct body *b, long left,
    struct http_response *resp)
{
	struct curl_slist *headers;

	buf_reset(&resp->body);
	resp->truncated = 0;
	resp->size = 0;
	if (c->hashing)
		sha256_init(&c->hash);
	c->header_bytes = 0;
	c->header_overflow = 0;
	c->overflow = 0;
	c->late = 0;
	c->errbuf[0] = '\0';
	free(resp->method);
	resp->method = xstrdup(h->method);
	status_line(resp, "", 0);
	resp->status = 0;
	headers = header_list(c, req, h, b->mime ? 2 : req->form != NULL);
	set_options(c, req, h, headers, left);
	set_method(c->curl, h->method, h->body ? b->data : NULL, b->len,
	    h->body ? b->mime : NULL);
	return headers;
}

/* The handle lets go of what prepare_hop lent it; headers is freed. */
static void
release_hop(struct http_client *c, struct curl_slist *headers)
{
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, NULL);
	curl_slist_free_all(headers);
}

/* After a transfer: its status, times, URLs and certificate into resp
 * (the headers and body came in while it streamed), and the cookies it
 * sent and set, into the jar and the notes. */
static void
collect(struct http_client *c, const struct http_request *req,
    const struct hop *h, CURLcode cc, struct http_response *resp)
{
	char *jar_url;

	fill_info(c->curl, resp);
	fill_cert(c, resp);
	jar_url = cookie_url(req, h);
	if (c->saw_request)
		explain_unsent(c, h, jar_url);
	if (cc == CURLE_OK)
		update_jar(c, resp, jar_url);
	free(jar_url);
}

/* What went wrong with the hop just done, if anything: HTTP_OK, or an
 * error with err set, our own limits named before libcurl's codes. */
static enum http_err
hop_error(const struct http_client *c, const struct http_request *req,
    const struct hop *h, CURLcode cc, const struct http_response *resp,
    char *err, size_t errlen)
{
	enum http_err rc;

	if (c->overflow) {
		snprintf(err, errlen, "%s %s: the body went past 1 GiB, shakedown's "
		    "hard limit on what it reads (beyond --max-body, it only counts "
		    "and hashes): stopped reading", h->method, h->url);
		return HTTP_EFAIL;
	}
	/* Whether libcurl's timer or ours saw the deadline first, a body
	 * still streaming is reported the same way. */
	if (c->late || (cc == CURLE_OPERATION_TIMEDOUT && resp->size > 0)) {
		curl_off_t want = -1;
		char of[48] = "";

		curl_easy_getinfo(c->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &want);
		if (want >= 0 && !http_response_header(resp, "Content-Encoding"))
			snprintf(of, sizeof(of), " of %lld", (long long)want);
		snprintf(err, errlen, "%s %s: timed out after %ld ms with the body "
		    "still coming (%llu%s bytes so far)", h->method, h->url,
		    req->timeout_ms, resp->size, of);
		return HTTP_ETIMEOUT;
	}
	if (cc == CURLE_UNSUPPORTED_PROTOCOL || cc == CURLE_WEIRD_SERVER_REPLY) {
		snprintf(err, errlen, "%s %s: malformed response (its status line "
		    "or headers): %s", h->method, h->url, c->errbuf[0] ?
		    c->errbuf : curl_easy_strerror(cc));
		return HTTP_EFAIL;
	}
	if (c->header_overflow) {
		snprintf(err, errlen, "%s %s: response headers larger than 256 KiB",
		    h->method, h->url);
		return HTTP_EFAIL;
	}
	if ((rc = classify(cc)) != HTTP_OK)
		snprintf(err, errlen, "%s %s: %s", h->method, h->url,
		    c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
	return rc;
}

/* One hop: its request, its response into resp.  Returns HTTP_OK or an
 * error with err set. */
static enum http_err
perform(struct http_client *c, const struct http_request *req,
    const struct hop *h, const struct body *b, struct http_response *resp,
    char *err, size_t errlen)
{
	struct curl_slist *headers;
	long left;
	CURLcode cc;
	enum http_err rc;

	if ((rc = hop_time(c, req, h, &left, err, errlen)) != HTTP_OK)
		return rc;
	headers = prepare_hop(c, req, h, b, left, resp);
	cc = curl_easy_perform(c->curl);
	release_hop(c, headers);
	collect(c, req, h, cc, resp);
	return hop_error(c, req, h, cc, resp, err, errlen);
}

/* The response just received becomes a hop that h follows, to `next`. */
static void
add_hop(struct http_response *resp, const struct hop *from,
    const struct hop *to, const char *why)
{
	struct http_hop *hp;

	resp->hops = xgrow(resp->hops, &resp->hops_alloc, resp->nhops + 1,
	    sizeof(*resp->hops));
	hp = &resp->hops[resp->nhops++];
	memset(hp, 0, sizeof(*hp));
	hp->method = xstrdup(from->method);
	hp->url = xstrdup(from->url);
	hp->status = resp->status;
	hp->version = resp->version ? xstrdup(resp->version) : NULL;
	hp->reason = resp->reason ? xstrdup(resp->reason) : NULL;
	hp->headers = resp->headers;
	hp->nheaders = resp->nheaders;
	resp->headers = NULL;
	resp->nheaders = 0;
	resp->alloc = 0;
	hp->next_method = xstrdup(to->method);
	hp->next_url = xstrdup(to->url);
	hp->note = why && *why ? xstrdup(why) : NULL;
}

/*
 * After a response that redirects: the next hop, into h.  Returns 1 to
 * follow, 0 to stop at this response, -1 on an error (*rc and err set).
 */
static int
next_hop(const struct http_request *req, struct http_response *resp,
    struct hop *h, char *why, size_t whylen, enum http_err *rc,
    char *err, size_t errlen)
{
	const char *loc = http_response_header(resp, "Location"), *method, *bad;
	char *o1, *o2, msg[256];
	int keep, foreign;

	*why = '\0';
	if ((method = http_redirect_method(resp->status, h->method, &keep)) ==
	    NULL || loc == NULL)
		return 0;
	if (resp->redirect == NULL) {
		free(resolve(h->url, loc, &bad));
		if (strstr(loc, "://") != NULL && http_url_check(loc, msg,
		    sizeof(msg)) == -1)
			bad = msg;	/* says more than libcurl's reason */
		snprintf(err, errlen, "%s %s: the %ld redirect's Location '%s' is "
		    "not a URL: %s", h->method, h->url, resp->status, loc, bad);
		*rc = HTTP_EURL;
		return -1;
	}
	if (http_url_check(resp->redirect, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s %s: the %ld redirect goes to %s, which "
		    "is not followed: %s", h->method, h->url, resp->status,
		    resp->redirect, msg);
		*rc = HTTP_EURL;
		return -1;
	}
	if (h->n >= MAX_REDIRS) {
		snprintf(err, errlen, "%s %s: Maximum (%d) redirects followed",
		    req->method, req->url, MAX_REDIRS);
		*rc = HTTP_EFAIL;
		return -1;
	}
	o1 = origin(req->url);
	o2 = origin(resp->redirect);
	foreign = o1 == NULL || o2 == NULL || strcmp(o1, o2) != 0;
	free(o1);
	free(o2);
	if (strcmp(method, h->method) != 0)
		snprintf(why, whylen, "%ld %s: %s becomes %s, without its body "
		    "(RFC 9110 §15.4)", resp->status, resp->reason ?
		    resp->reason : "", h->method, method);
	else if (!keep && h->body)
		snprintf(why, whylen, "%ld %s: without the body", resp->status,
		    resp->reason ? resp->reason : "");
	if (foreign && !h->foreign && (req->user || req->bearer ||
	    req->cookies))
		snprintf(why + strlen(why), whylen - strlen(why), "%sto another "
		    "origin: no credentials, no request cookies", *why ? "; " :
		    "");
	h->method = method;
	h->body = h->body && keep;
	h->foreign = foreign;
	h->n++;
	free(h->url);
	h->url = xstrdup(resp->redirect);
	return 1;
}

/* Checks what can be refused before any transfer.  Returns HTTP_OK, or
 * an error with err set. */
static enum http_err
check_request(struct http_client *c, const struct http_request *req,
    char *err, size_t errlen)
{
	const char *p;
	char why[512];

	if (req->http2 == 1 && !(curl_version_info(CURLVERSION_NOW)->features &
	    CURL_VERSION_HTTP2)) {
		snprintf(err, errlen, "%s %s: HTTP/2 asked, and this libcurl has "
		    "no HTTP/2", req->method, req->url);
		return HTTP_EFAIL;
	}
	/* A URL on the origin of the last good one: only its path, query
	 * and fragment are new, and libcurl refuses nothing there but the
	 * bytes http_url_check refuses (and lengths past 8 MB). */
	if (same_origin(c, req->url)) {
		for (p = req->url; *p; p++)
			if ((unsigned char)*p <= 0x20 || *p == 0x7f)
				break;
		if (*p == '\0' && p - req->url < 1000000)
			return HTTP_OK;
	}
	if (http_url_check(req->url, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s %s: malformed URL: %s", req->method,
		    req->url, why);
		return HTTP_EURL;
	}
	host_of(c, req->url);	/* its origin is good from now on */
	return HTTP_OK;
}

/* The request's body into b (zeroed by the caller).  Returns HTTP_OK, or
 * HTTP_EFAIL with err set when a file cannot be read. */
static enum http_err
prepare_body(struct http_client *c, const struct http_request *req,
    struct body *b, char *err, size_t errlen)
{
	if (req->parts != NULL) {
		if ((b->mime = mime_body(c->curl, req, err, errlen)) == NULL)
			return HTTP_EFAIL;
	} else if (req->body_file != NULL) {
		if ((b->owned = read_upload(req->body_file, &b->len, err,
		    errlen)) == NULL)
			return HTTP_EFAIL;
		b->data = b->owned;
	} else if (req->form != NULL) {
		b->data = b->owned = form_body(c->curl, req);
		b->len = strlen(b->data);
	} else if (req->body != NULL) {
		b->data = req->body;
		b->len = req->body_len;
	} else if (strcmp(req->method, "POST") == 0 ||
	    strcmp(req->method, "PUT") == 0 || strcmp(req->method, "PATCH") == 0)
		b->data = "";		/* an empty body, with Content-Length: 0 */
	return HTTP_OK;
}

/* libcurl does not rewind a multipart body it has sent: a hop after the
 * first that keeps the body (307, 308) sends a new one.  Returns HTTP_OK,
 * or HTTP_EFAIL with err set. */
static enum http_err
rewind_body(struct http_client *c, const struct http_request *req,
    const struct hop *h, struct body *b, char *err, size_t errlen)
{
	if (h->n == 0 || b->mime == NULL || !h->body)
		return HTTP_OK;
	curl_mime_free(b->mime);
	if ((b->mime = mime_body(c->curl, req, err, errlen)) == NULL)
		return HTTP_EFAIL;
	return HTTP_OK;
}

static void
body_clear(struct body *b)
{
	curl_mime_free(b->mime);
	free(b->owned);
	memset(b, 0, sizeof(*b));
}

/* The client's per-request state, before the first hop: the body cap,
 * the deadline, no cookie notes yet. */
static void
begin(struct http_client *c, const struct http_request *req,
    struct http_response *resp)
{
	buf_init(&resp->body, req->keep && (c->max_body == 0 ||
	    req->keep < c->max_body) ? req->keep : c->max_body);
	c->resp = resp;
	c->hashing = req->hash;
	c->deadline = req->timeout_ms > 0 ? clock_now() + req->timeout_ms / 1e3 : 0;
	buf_reset(&c->notes);
	c->nnotes = 0;
}

/*
 * After a hop that got a response: whether to follow it (RFC 9110 §15.4),
 * h made the next hop and the response kept as a hop of resp.  Returns 1
 * to follow, 0 to stop at this response, -1 on an error (*rc and err set).
 */
static int
follow(const struct http_request *req, struct http_response *resp,
    struct hop *h, enum http_err *rc, char *err, size_t errlen)
{
	struct hop prev = *h;
	char why[512];
	int more;

	prev.url = xstrdup(h->url);
	more = next_hop(req, resp, h, why, sizeof(why), rc, err, errlen);
	if (more == 1)
		add_hop(resp, &prev, h, why);
	free(prev.url);
	return more;
}

/* The response's last words: the body's digest, the cookie notes. */
static void
finish(struct http_client *c, struct http_response *resp)
{
	c->resp = NULL;
	if (c->hashing)
		sha256_hex(&c->hash, resp->sha256);
	else
		resp->sha256[0] = '\0';
	free(resp->cookie_notes);
	resp->cookie_notes = c->notes.len ? xstrdup(buf_str(&c->notes)) : NULL;
}

enum http_err
http_do(struct http_client *c, const struct http_request *req,
    struct http_response *resp, char *err, size_t errlen)
{
	struct body b = { NULL, 0, NULL, NULL };
	struct hop h = { req->method, NULL, 1, 0, 0 };
	enum http_err rc;

	if ((rc = check_request(c, req, err, errlen)) != HTTP_OK ||
	    (rc = prepare_body(c, req, &b, err, errlen)) != HTTP_OK) {
		body_clear(&b);
		return rc;
	}
	begin(c, req, resp);
	h.url = xstrdup(req->url);
	/* One hop after the other, until one fails or its response is not
	 * a redirect to follow. */
	while ((rc = rewind_body(c, req, &h, &b, err, errlen)) == HTTP_OK &&
	    (rc = perform(c, req, &h, &b, resp, err, errlen)) == HTTP_OK &&
	    req->follow && follow(req, resp, &h, &rc, err, errlen) == 1)
		;
	free(h.url);
	body_clear(&b);
	finish(c, resp);
	return rc;
}
