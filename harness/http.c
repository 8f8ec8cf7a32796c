/* http.c - the HTTP client on one libcurl easy handle per suite, so the
 * requests of a spec share a kept-alive connection.  Every option is set
 * again for each request so nothing leaks from one request to the next. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "clock.h"
#include "http.h"
#include "interrupt.h"
#include "sha256.h"
#include "xalloc.h"

#define HEADERS_MAX	(256u << 10)	/* total response header bytes, under
					 * libcurl's own 300 KiB */
#define UPLOAD_MAX	(64u << 20)	/* a body file */

struct http_client {
	CURL		*curl;
	size_t		 max_body;
	char		 errbuf[CURL_ERROR_SIZE];
	struct http_response *resp;	/* the one being filled */
	struct sha256	 hash;		/* of its body, as it streams */
	int		 overflow;	/* past HTTP_STREAM_MAX */
	double		 deadline;	/* monotonic seconds, 0: none */
	int		 late;		/* the body was still coming at it */
	size_t		 header_bytes;
	int		 header_overflow;
};

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
	return c;
}

void
http_client_free(struct http_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
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

	for (i = 0; i < resp->nheaders; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	resp->nheaders = 0;
}

void
http_response_clear(struct http_response *resp)
{
	clear_headers(resp);
	free(resp->headers);
	free(resp->version);
	free(resp->reason);
	free(resp->url);
	free(resp->redirect);
	buf_release(&resp->body);
	http_response_init(resp);
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
	r->headers[r->nheaders].name = xstrndup_trim(p, (size_t)(colon - p));
	r->headers[r->nheaders++].value = xstrndup_trim(colon + 1,
	    n - (size_t)(colon + 1 - p));
	return n;
}

/* Aborts a transfer when a terminating signal arrived. */
static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	return interrupted() != 0;
}

/* form: 1 urlencoded, 2 multipart (curl writes its Content-Type). */
static struct curl_slist *
header_list(const struct http_request *req, int form)
{
	struct curl_slist *l = NULL;
	int has_type = 0;
	size_t i;
	char *h;

	for (i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, "Content-Type") == 0)
			has_type = 1;
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
		l = curl_slist_append(l, form ?
		    "Content-Type: application/x-www-form-urlencoded" :
		    "Content-Type:");
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

static void
set_method(CURL *curl, const struct http_request *req, const char *body,
    size_t len)
{
	curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, NULL);
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	}
	if (strcmp(req->method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	else if (strcmp(req->method, "GET") != 0 || body != NULL)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
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

/* Credentials, client certificate, cookies: set or cleared each time. */
static void
set_identity(CURL *curl, const struct http_request *req)
{
	curl_easy_setopt(curl, CURLOPT_HTTPAUTH, req->bearer ?
	    CURLAUTH_BEARER : CURLAUTH_BASIC);
	curl_easy_setopt(curl, CURLOPT_USERNAME, req->user);
	curl_easy_setopt(curl, CURLOPT_PASSWORD, req->user ? req->password : NULL);
	curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER, req->bearer);
	curl_easy_setopt(curl, CURLOPT_SSLCERT, req->cert);
	curl_easy_setopt(curl, CURLOPT_SSLKEY, req->key);
	curl_easy_setopt(curl, CURLOPT_COOKIE, req->cookies);
	curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, http_version(req));
}

static void
set_options(struct http_client *c, const struct http_request *req,
    struct curl_slist *headers)
{
	CURL *curl = c->curl;

	curl_easy_setopt(curl, CURLOPT_URL, req->url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
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
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	    req->timeout_ms > 0 ? req->timeout_ms : 10000L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, req->follow ? 1L : 0L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 20L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L);
	curl_easy_setopt(curl, CURLOPT_CAINFO, req->cacert);
	set_identity(curl, req);
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
	default:
		return HTTP_EFAIL;
	}
}

static void
fill_info(CURL *curl, struct http_response *resp)
{
	curl_off_t us = 0;
	char *url = NULL;

	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME_T, &us);
	curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url);
	resp->seconds = (double)us / 1e6;
	free(resp->url);
	resp->url = xstrdup(url ? url : "");
	url = NULL;
	curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &url);
	free(resp->redirect);
	resp->redirect = url ? xstrdup(url) : NULL;
}

enum http_err
http_do(struct http_client *c, const struct http_request *req,
    struct http_response *resp, char *err, size_t errlen)
{
	struct curl_slist *headers;
	curl_mime *mime = NULL;
	char *body = NULL, *owned = NULL;
	size_t len = 0;
	CURLcode cc;
	enum http_err rc;

	if (req->http2 == 1 && !(curl_version_info(CURLVERSION_NOW)->features &
	    CURL_VERSION_HTTP2)) {
		snprintf(err, errlen, "%s %s: HTTP/2 asked, and this libcurl has "
		    "no HTTP/2", req->method, req->url);
		return HTTP_EFAIL;
	}
	if (req->parts != NULL) {
		if ((mime = mime_body(c->curl, req, err, errlen)) == NULL)
			return HTTP_EFAIL;
	} else if (req->body_file != NULL) {
		if ((owned = read_upload(req->body_file, &len, err, errlen)) == NULL)
			return HTTP_EFAIL;
		body = owned;
	} else if (req->form != NULL) {
		body = owned = form_body(c->curl, req);
		len = strlen(body);
	} else if (req->body != NULL) {
		body = (char *)req->body;
		len = req->body_len;
	} else if (strcmp(req->method, "POST") == 0 ||
	    strcmp(req->method, "PUT") == 0 || strcmp(req->method, "PATCH") == 0)
		body = "";		/* an empty body, with Content-Length: 0 */
	buf_init(&resp->body, req->keep && (c->max_body == 0 ||
	    req->keep < c->max_body) ? req->keep : c->max_body);
	c->resp = resp;
	c->header_bytes = 0;
	c->header_overflow = 0;
	c->overflow = 0;
	c->late = 0;
	c->deadline = req->timeout_ms > 0 ? clock_now() + req->timeout_ms / 1e3 : 0;
	sha256_init(&c->hash);
	c->errbuf[0] = '\0';
	headers = header_list(req, mime ? 2 : req->form != NULL);
	set_options(c, req, headers);
	set_method(c->curl, req, body, len);
	if (mime != NULL) {
		curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, mime);
		if (strcmp(req->method, "POST") != 0)
			curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, req->method);
	}
	cc = curl_easy_perform(c->curl);
	fill_info(c->curl, resp);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, NULL);
	curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, NULL);
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	free(owned);
	c->resp = NULL;
	sha256_hex(&c->hash, resp->sha256);
	if (c->overflow) {
		snprintf(err, errlen, "%s %s: the body went past 1 GiB, shakedown's "
		    "hard limit on what it reads (beyond --max-body, it only counts "
		    "and hashes): stopped reading", req->method, req->url);
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
		    "still coming (%llu%s bytes so far)", req->method, req->url,
		    req->timeout_ms, resp->size, of);
		return HTTP_ETIMEOUT;
	}
	if (cc == CURLE_UNSUPPORTED_PROTOCOL || cc == CURLE_WEIRD_SERVER_REPLY) {
		snprintf(err, errlen, "%s %s: malformed response (its status line "
		    "or headers): %s", req->method, req->url, c->errbuf[0] ?
		    c->errbuf : curl_easy_strerror(cc));
		return HTTP_EFAIL;
	}
	if (c->header_overflow) {
		snprintf(err, errlen, "%s %s: response headers larger than 256 KiB",
		    req->method, req->url);
		return HTTP_EFAIL;
	}
	if ((rc = classify(cc)) != HTTP_OK)
		snprintf(err, errlen, "%s %s: %s", req->method, req->url,
		    c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
	return rc;
}
