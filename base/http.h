/* http.h - the HTTP client: one libcurl easy handle per suite, so requests
 * of a spec share one kept-alive connection.  Bodies are read into a capped
 * buf; a body over the cap stops the transfer and is flagged, never silent. */
#ifndef SHAKEDOWN_HTTP_H
#define SHAKEDOWN_HTTP_H

#include <stddef.h>
#include "buf.h"

/* A response's header: value lives in name's block (free name only);
 * a request's: as its builder made it. */
struct http_header {
	char	*name;
	char	*value;
};

/* A part of a multipart body: a field, or a file when `file` is set. */
struct http_part {
	const char	*name;
	const char	*value;
	const char	*file;
	const char	*type;		/* of a file part, or NULL */
	const char	*filename;	/* sent for a file part, or NULL */
};

struct http_request {
	const char	*method;	/* "GET", "POST", … */
	const char	*url;		/* absolute, query already in it */
	const struct http_header *headers;	/* borrowed */
	size_t		 nheaders;
	const char	*body;		/* raw body, or NULL */
	size_t		 body_len;
	const char	*body_file;	/* upload this file's bytes as the body */
	const struct http_header *form;	/* urlencoded form fields, or NULL */
	size_t		 nform;
	const struct http_part *parts;	/* a multipart body, or NULL */
	size_t		 nparts;
	long		 timeout_ms;	/* whole request; 0: no limit */
	size_t		 keep;		/* body bytes to keep, when less than
					 * the client's cap (0: the cap) */
	int		 follow;	/* follow 301, 302, 303, 307 and 308
					 * (max 20), the method changed as
					 * browsers do (http_redirect_method) */
	int		 insecure;	/* skip TLS verification */
	int		 http2;		/* 1: HTTP/2 (prior knowledge on http://),
					 * 0: HTTP/1.1, -1: libcurl's choice */
	const char	*cacert;	/* CA bundle file, or NULL */
	const char	*cert;		/* client certificate, or NULL */
	const char	*key;		/* its key, or NULL */
	const char	*user;		/* basic auth, or NULL */
	const char	*password;
	const char	*bearer;	/* bearer token, or NULL */
	const char	*cookies;	/* "a=1; b=2" sent besides the jar's */
	int		 hash;		/* compute the body's SHA-256 (only a
					 * `sha256:` check reads it) */
};

/* The peer certificate of a response over TLS, each field as libcurl's
 * CURLINFO_CERTINFO gives it, in its TLS backend's wording. */
struct http_cert {
	char	*subject;	/* "CN = example.com, O = Example" */
	char	*issuer;
	char	*start;		/* "Nov 29 22:11:41 2026 GMT" */
	char	*expire;
	char	*serial;	/* hex digits */
};

/* A response that redirected and was followed: one per hop, in order. */
struct http_hop {
	char		*method;	/* of the request that got it */
	char		*url;
	long		 status;
	char		*version;
	char		*reason;
	struct http_header *headers;
	size_t		 nheaders;
	char		*next_method;	/* the request that followed it */
	char		*next_url;	/* its Location, made absolute */
	char		*note;		/* what changed for the next request
					 * (method, body, credentials), or NULL */
};

struct http_response {
	long		 status;
	char		*version;	/* "HTTP/1.1", "HTTP/2" */
	char		*reason;	/* reason phrase, may be "" */
	struct http_header *headers;	/* of the final response, in order */
	size_t		 nheaders;
	size_t		 alloc;
	struct buf	 body;		/* capped at the client's max_body */
	int		 truncated;	/* the body went over the cap: the rest
					 * was read, counted and hashed, not kept */
	unsigned long long size;	/* body bytes received, all of them */
	char		 sha256[65];	/* of all of them, lowercase hex; ""
					 * unless the request asked (hash) */
	double		 seconds;	/* total time */
	char		*url;		/* effective URL (after redirects) */
	char		*redirect;	/* where the last response redirects to
					 * (absolute), or NULL */
	char		*method;	/* of the last request (after redirects) */
	struct http_hop	*hops;		/* the redirects followed to get here */
	size_t		 nhops;
	size_t		 hops_alloc;
	struct http_cert *cert;		/* the server's certificate, of the
					 * connection the last hop went over;
					 * NULL over http:// */
	char		*cookie_notes;	/* lines naming each cookie of the jar
					 * the requests did not carry, or that
					 * the jar refused to keep, and why;
					 * NULL when there is none */
};

enum http_err {
	HTTP_OK = 0,
	HTTP_EURL,		/* a malformed URL (or Location): retrying cannot
				 * help */
	HTTP_ECONNECT,		/* could not resolve or connect: environment */
	HTTP_ETIMEOUT,		/* timed out */
	HTTP_EFAIL,		/* any other transfer error (bad response, TLS…) */
};

struct http_client;

/* A body is read to its end whatever the cap, for its size and digest,
 * up to this many bytes; past it the transfer stops with an error. */
#define HTTP_STREAM_MAX	(1ull << 30)

/* New client (http_client_free), or NULL when libcurl cannot make a handle;
 * max_body is the body cap in bytes (0: unlimited).  Its cookie jar keeps
 * what responses set, for the client's later requests. */
struct http_client *http_client_new(size_t max_body);
/* Frees c and all it holds; accepts NULL. */
void	 http_client_free(struct http_client *c);

/*
 * Performs req (borrowed for the call) and fills resp (the caller's, which
 * it has http_response_init'ed; what is put in it is new, freed by
 * http_response_clear, whatever the outcome).  Returns HTTP_OK when a
 * response was received, including a truncated one, else an http_err with
 * err set to a one-line reason naming the URL.
 */
enum http_err http_do(struct http_client *c, const struct http_request *req,
	    struct http_response *resp, char *err, size_t errlen);

/*
 * The method a redirect with this status is followed with, from a request
 * with `method`: 303 turns any method but HEAD into GET, 301 and 302 turn
 * POST into GET (RFC 9110 §15.4, the Fetch standard, curl without -X); a
 * static string, or `method` itself (borrowed).  *keep_body is set when the
 * request keeps its body (and the headers describing it).  NULL: the status
 * is not one that is followed.
 */
const char *http_redirect_method(long status, const char *method,
	    int *keep_body);

/* Checks that url (borrowed) is an absolute http:// or https:// URL libcurl
 * can use.  Returns 0, or -1 with err saying what is wrong with it. */
int	 http_url_check(const char *url, char *err, size_t errlen);
/* "SCHEME://HOST:PORT" (new), an IPv6 literal HOST in brackets;
 * arguments borrowed. */
char	*http_url_from(const char *scheme, const char *host, int port);

/* resp (the caller's) empty, owning nothing. */
void	 http_response_init(struct http_response *resp);
/* Frees what resp owns (not resp) and empties it. */
void	 http_response_clear(struct http_response *resp);
/* Appends a header to resp (name and value borrowed, copied as a
 * response's header is held, blank space around them trimmed). */
void	 http_response_add_header(struct http_response *resp,
	    const char *name, const char *value);
/* First header of that name, case-insensitive; borrowed from resp, NULL if
 * absent. */
const char *http_response_header(const struct http_response *resp,
	    const char *name);

#endif
