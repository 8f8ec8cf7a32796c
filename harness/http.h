/* http.h - the HTTP client: one libcurl easy handle per suite, so requests
 * of a spec share one kept-alive connection.  Bodies are read into a capped
 * buf; a body over the cap stops the transfer and is flagged, never silent. */
#ifndef SHAKEDOWN_HTTP_H
#define SHAKEDOWN_HTTP_H

#include <stddef.h>
#include "buf.h"

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
	int		 follow;	/* follow redirects (max 20) */
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
	char		 sha256[65];	/* of all of them, lowercase hex */
	double		 seconds;	/* total time */
	char		*url;		/* effective URL (after redirects) */
	char		*redirect;	/* where the last response redirects to
					 * (absolute), or NULL */
};

enum http_err {
	HTTP_OK = 0,
	HTTP_ECONNECT,		/* could not resolve or connect: environment */
	HTTP_ETIMEOUT,		/* timed out */
	HTTP_EFAIL,		/* any other transfer error (bad response, TLS…) */
};

struct http_client;

/* A body is read to its end whatever the cap, for its size and digest,
 * up to this many bytes; past it the transfer stops with an error. */
#define HTTP_STREAM_MAX	(1ull << 30)

/* New client; max_body is the body cap in bytes (0: unlimited).  Its
 * cookie jar keeps what responses set, for the client's later requests. */
struct http_client *http_client_new(size_t max_body);
void	 http_client_free(struct http_client *c);

/*
 * Performs req and fills resp (which the caller has http_response_init'ed).
 * Returns HTTP_OK when a response was received, including a truncated one,
 * else an http_err with err set to a one-line reason naming the URL.
 */
enum http_err http_do(struct http_client *c, const struct http_request *req,
	    struct http_response *resp, char *err, size_t errlen);

void	 http_response_init(struct http_response *resp);
void	 http_response_clear(struct http_response *resp);
/* First header of that name, case-insensitive; borrowed, NULL if absent. */
const char *http_response_header(const struct http_response *resp,
	    const char *name);

#endif
