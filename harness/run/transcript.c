/* transcript.c - the readable record of an exchange kept with each
 * test: the request as sent (credentials never), the response's status,
 * headers and the start of its body. */
#include <stdio.h>
#include <string.h>

#include "../../base/charset.h"
#include "transcript.h"
#include "../../base/xalloc.h"

#define EXCERPT_REQ	2048	/* request body bytes kept in a transcript */
#define EXCERPT_RESP	4096	/* response body bytes kept in a transcript */

/* Appends up to max bytes of a body; a NUL byte is written as the text
 * "\x00" so the transcript stays one C string. */
void
transcript_excerpt(struct buf *tr, const char *p, size_t len, size_t max)
{
	size_t n = len < max ? len : max, i, run;

	for (i = 0; i < n; i += run) {
		run = strnlen(p + i, n - i);
		buf_add(tr, p + i, run);
		if (i + run < n) {
			buf_adds(tr, "\\x00");
			run++;
		}
	}
	if (n > 0 && p[n - 1] != '\n')
		buf_adds(tr, "\n");
	if (n < len)
		buf_addf(tr, "[… %zu more bytes]\n", len - n);
}

/* The start of the body, as text: decoded from the charset it declares
 * when that is not UTF-8 (and says so), else as received. */
static void
body_excerpt(struct buf *tr, const struct http_response *r)
{
	struct body_charset cs;
	char err[256], *text = NULL;
	size_t len = 0;

	if (charset_find(http_response_header(r, "Content-Type"),
	    buf_str(&r->body), r->body.len, &cs) == 0 &&
	    !charset_is_utf8(cs.label))
		text = charset_decode(&cs, buf_str(&r->body), r->body.len <
		    EXCERPT_RESP ? r->body.len : EXCERPT_RESP, 1, &len, err,
		    sizeof(err));
	if (text == NULL) {
		transcript_excerpt(tr, buf_str(&r->body), r->body.len,
		    EXCERPT_RESP);
		return;
	}
	transcript_excerpt(tr, text, len, len);
	if (r->body.len > EXCERPT_RESP)
		buf_addf(tr, "[… %zu more bytes]\n", r->body.len - EXCERPT_RESP);
	buf_addf(tr, "[decoded from %s, its charset by %s]\n", cs.label,
	    cs.source);
	free(text);
}

void
transcript_request(struct buf *tr, const struct built *b)
{
	size_t i;

	buf_addf(tr, "> %s %s\n", b->req.method, b->req.url);
	for (i = 0; i < b->nheaders; i++)
		buf_addf(tr, "> %s: %s\n", b->headers[i].name,
		    b->headers[i].value);
	for (i = 0; i < b->nform; i++)
		buf_addf(tr, "> [form] %s=%s\n", b->form[i].name,
		    b->form[i].value);
	for (i = 0; i < b->nparts; i++)
		if (b->parts[i].file)
			buf_addf(tr, "> [part] %s: file %s\n", b->parts[i].name,
			    b->parts[i].file);
		else
			buf_addf(tr, "> [part] %s=%s\n", b->parts[i].name,
			    b->parts[i].value);
	if (b->req.body_file)
		buf_addf(tr, "> [body from file %s]\n", b->req.body_file);
	if (b->req.user)
		buf_addf(tr, "> [basic auth as %s]\n", b->req.user);
	if (b->req.bearer)
		buf_adds(tr, "> [bearer token]\n");
	if (b->req.cookies)
		buf_addf(tr, "> Cookie: %s\n", b->req.cookies);
	if (b->req.body && b->req.body_len) {
		buf_adds(tr, ">\n");
		transcript_excerpt(tr, b->req.body, b->req.body_len, EXCERPT_REQ);
	}
}

static void
status_and_headers(struct buf *tr, const char *version, long status,
    const char *reason, const struct http_header *h, size_t n)
{
	size_t i;

	buf_addf(tr, "\n< %s %ld%s%s\n", version ? version : "HTTP", status,
	    reason && *reason ? " " : "", reason ? reason : "");
	for (i = 0; i < n; i++)
		buf_addf(tr, "< %s: %s\n", h[i].name, h[i].value);
	buf_addf(tr, "<\n");
}

void
transcript_hops(struct buf *tr, const struct http_response *r)
{
	const struct http_hop *h;
	size_t i;

	for (i = 0; i < r->nhops; i++) {
		h = &r->hops[i];
		status_and_headers(tr, h->version, h->status, h->reason,
		    h->headers, h->nheaders);
		buf_addf(tr, "\n> %s %s\n", h->next_method, h->next_url);
		if (h->note)
			buf_addf(tr, "> [%s]\n", h->note);
	}
}

void
transcript_response(struct buf *tr, const struct http_response *r)
{
	transcript_hops(tr, r);
	status_and_headers(tr, r->version, r->status, r->reason, r->headers,
	    r->nheaders);
	body_excerpt(tr, r);
	if (r->truncated)
		buf_addf(tr, "[the body was %llu bytes; the first %zu were kept]\n",
		    r->size, r->body.len);
	buf_addf(tr, "[%.0f ms]\n", r->seconds * 1000.0);
}

