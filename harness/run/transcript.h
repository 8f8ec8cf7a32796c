/* transcript.h - what a test's transcript says of its exchange. */
#ifndef SHAKEDOWN_TRANSCRIPT_H
#define SHAKEDOWN_TRANSCRIPT_H

#include "../../base/buf.h"
#include "../../base/http.h"
#include "request_build.h"

/* Each appends to tr (the caller's); the other arguments are borrowed.  Up
 * to max bytes of p, a NUL byte written as "\x00", then a note of what was
 * left out. */
void	 transcript_excerpt(struct buf *tr, const char *p, size_t len,
	    size_t max);
/* The request as it went out: method, URL, headers, body. */
void	 transcript_request(struct buf *tr, const struct built *b);
/* Each redirect followed (its status and headers, then the request that
 * followed it), then the last response: status, headers, the start of
 * its body (decoded from its charset when that is not UTF-8). */
void	 transcript_response(struct buf *tr, const struct http_response *r);
/* The redirects followed alone: for a request that failed after them. */
void	 transcript_hops(struct buf *tr, const struct http_response *r);

#define TRANSCRIPT_BODY	4096	/* output bytes kept of an exec's streams */

#endif
