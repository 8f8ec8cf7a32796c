/* body_docs.c - parses a response body once per test: JSON with jansson
 * (big numbers kept exact), XML and HTML with libxml2 (no network, no
 * external entities). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "assert.h"
#include "body_docs.h"
#include "../base/jsonvalue.h"
#include "../base/charset.h"
#include "../base/xalloc.h"
#include "../base/error.h"

struct body_docs {
	const struct http_response *resp;
	json_t		*json;
	xmlDoc		*doc[2];	/* XML, HTML */
	int		 tried[3];	/* JSON, XML, HTML */
	int		 unscanned;	/* a scan could not vouch for the
					 * JSON: the tree is needed */
	struct jsonscan_path *scanned;	/* a prescan's paths and values */
	size_t		 nscanned;
	int		 text_tried;
	int		 declared;	/* a charset was declared: the text
					 * is decoded UTF-8 */
	char		*decoded;	/* owned, or NULL: the body as is */
	const char	*text;
	size_t		 text_len;
	char		 err[4][512];	/* JSON, XML, HTML, text: last, as
					 * only their first bytes are set */
};

struct body_docs *
body_docs_new(const struct http_response *resp)
{
	struct body_docs *d = xmalloc(sizeof(*d));
	int i;

	memset(d, 0, offsetof(struct body_docs, err));
	for (i = 0; i < 4; i++)
		d->err[i][0] = '\0';
	d->resp = resp;
	return d;
}

void
body_docs_free(struct body_docs *d)
{
	if (d == NULL)
		return;
	while (d->nscanned > 0)
		json_decref(d->scanned[--d->nscanned].out);
	free(d->scanned);
	json_decref(d->json);
	xmlFreeDoc(d->doc[0]);
	xmlFreeDoc(d->doc[1]);
	free(d->decoded);
	free(d);
}

const char *
body_docs_text(struct body_docs *d, size_t *len, const char **err)
{
	const struct http_response *r = d->resp;
	struct body_charset cs;

	*err = d->err[3];
	if (!d->text_tried) {
		d->text_tried = 1;
		d->text = buf_str(&r->body);
		d->text_len = r->body.len;
		if (charset_find(http_response_header(r, "Content-Type"),
		    d->text, d->text_len, &cs) == 0) {
			d->declared = 1;
			d->decoded = charset_decode(&cs, buf_str(&r->body),
			    r->body.len, r->truncated, &d->text_len, d->err[3],
			    sizeof(d->err[3]));
			d->text = d->decoded;
		}
	}
	*len = d->text_len;
	return d->text;
}

/* Line and column (1-based, in bytes) of offset off in s. */
static void
where(const char *s, size_t off, int *line, int *col)
{
	size_t i, bol = 0;

	*line = 1;
	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			(*line)++;
			bol = i + 1;
		}
	*col = (int)(off - bol) + 1;
}

/* Bytes no parser should be left to stumble on: a byte order mark
 * before JSON (RFC 8259 §8.1), a NUL byte (in neither JSON nor XML).
 * Returns 0, or -1 with err naming what and where. */
static int
bad_bytes(const char *s, size_t len, const char *what, int json, char *err,
    size_t errlen)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *nul;
	int line, col;

	if (json && len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return error_set(err, errlen, "the body is not JSON: it begins with U+FEFF "
		    "(byte order mark), which JSON text must not (RFC 8259 §8.1)");
	if (json && len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		return error_set(err, errlen, "the body is not JSON: it begins with a UTF-16 "
		    "byte order mark (bytes %02X %02X): JSON text is UTF-8 (RFC "
		    "8259 §8.1)", u[0], u[1]);
	}
	if (json && len >= 2 && (s[0] == '\0' || s[1] == '\0'))
		return error_set(err, errlen, "the body is not JSON: it holds NUL bytes "
		    "between its first characters, as UTF-16 does: JSON text is "
		    "UTF-8 (RFC 8259 §8.1)");
	if ((nul = memchr(s, '\0', len)) != NULL) {
		where(s, (size_t)(nul - s), &line, &col);
		return error_set(err, errlen, "the body is not %s: it holds a NUL byte "
		    "(\\x00) at line %d, column %d (byte %zu of %zu)", what, line,
		    col, (size_t)(nul - s) + 1, len);
	}
	return 0;
}

const json_t *
body_docs_json(struct body_docs *d, const char **err)
{
	const struct buf *b = &d->resp->body;
	struct buf text = BUF_INIT;
	json_error_t je;

	if (!d->tried[0]) {
		d->tried[0] = 1;
		if (b->len == 0)
			snprintf(d->err[0], sizeof(d->err[0]), "the body is empty, "
			    "not JSON");
		else if (bad_bytes(buf_str(b), b->len, "JSON", 1, d->err[0],
		    sizeof(d->err[0])) == -1)
			;
		else if ((d->json = jsonvalue_loadb(buf_str(b), b->len,
		    JSON_DECODE_ANY | JSON_ALLOW_NUL, &je)) == NULL) {
			assert_visible(&text, je.text, strlen(je.text));
			if (b->truncated)
				snprintf(d->err[0], sizeof(d->err[0]), "the body is "
				    "not JSON: %s at line %d, column %d (it was cut "
				    "at the --max-body cap)", buf_str(&text),
				    je.line, je.column);
			else if (strstr(je.text, "end of file") != NULL)
				snprintf(d->err[0], sizeof(d->err[0]), "the body is "
				    "not JSON: the document is cut short, the body "
				    "ends after %zu bytes: %s at line %d, column %d",
				    b->len, buf_str(&text), je.line, je.column);
			else
				snprintf(d->err[0], sizeof(d->err[0]), "the body is "
				    "not JSON: %s at line %d, column %d",
				    buf_str(&text), je.line, je.column);
			buf_release(&text);
		}
	}
	*err = d->err[0];
	return d->json;
}

int
body_docs_json_select(struct body_docs *d, const struct jsonscan_step *steps,
    size_t n, json_t **out)
{
	const struct buf *b = &d->resp->body;

	size_t i;

	*out = NULL;
	if (d->tried[0] || d->unscanned || n == 0)
		return 0;
	for (i = 0; i < d->nscanned; i++)
		if (d->scanned[i].steps == steps) {
			*out = json_incref(d->scanned[i].out);
			return 1;
		}
	if (jsonscan_select(buf_str(b), b->len, steps, n, out) == 1)
		return 1;
	d->unscanned = 1;
	return 0;
}

void
body_docs_json_prescan(struct body_docs *d, const struct jsonscan_path *paths,
    size_t n)
{
	const struct buf *b = &d->resp->body;
	size_t i;

	if (d->tried[0] || d->unscanned || d->scanned != NULL || n == 0 ||
	    n > JSONSCAN_MAX)
		return;
	d->scanned = xcalloc(n, sizeof(*d->scanned));
	for (i = 0; i < n; i++)
		d->scanned[i] = paths[i];
	if (jsonscan_select_all(buf_str(b), b->len, d->scanned, n) == 1)
		d->nscanned = n;
	else
		d->unscanned = 1;
}

/* Keeps the first error of a parse: later ones follow from it. */
static void
on_error(void *arg, xmlErrorPtr e)
{
	xmlError *first = arg;

	if (first->code == 0)
		xmlCopyError(e, first);
}

/* The parse's first error; when it is where the text ends (and is not a
 * tag closed by the wrong name), the document is cut short. */
static void
parse_error(char *err, size_t errlen, const char *what, const xmlError *e,
    const char *s, size_t len, int cut)
{
	struct buf m = BUF_INIT;
	int line, col;

	if (e->code == 0 || e->message == NULL) {
		snprintf(err, errlen, "the body is not %s", what);
		return;
	}
	assert_visible(&m, e->message, strcspn(e->message, "\n"));
	where(s, len, &line, &col);
	if (!cut && e->line == line && e->int2 >= col &&
	    e->code != XML_ERR_TAG_NAME_MISMATCH &&
	    e->code != XML_ERR_DOCUMENT_END)
		snprintf(err, errlen, "the body is not %s: the document is cut "
		    "short, the body ends after %zu bytes: %s", what, len,
		    buf_str(&m));
	else
		snprintf(err, errlen, "the body is not %s: %s at line %d%s", what,
		    buf_str(&m), e->line, cut ? " (it was cut at the --max-body "
		    "cap)" : "");
	buf_release(&m);
}

xmlDoc *
body_docs_xml(struct body_docs *d, int html, const char **err)
{
	const char *text, *terr;
	xmlError first;
	size_t n;
	int len;

	*err = d->err[1 + html];
	if (d->tried[1 + html])
		return d->doc[html];
	d->tried[1 + html] = 1;
	if ((text = body_docs_text(d, &n, &terr)) == NULL) {
		snprintf(d->err[1 + html], sizeof(d->err[0]), "%s", terr);
		return NULL;
	}
	if (!html && n == 0) {
		snprintf(d->err[1], sizeof(d->err[0]), "the body is empty, not "
		    "XML");
		return NULL;
	}
	if (!html && bad_bytes(text, n, "XML", 0, d->err[1],
	    sizeof(d->err[0])) == -1)
		return NULL;
	len = n > 0x7fffffff ? 0x7fffffff : (int)n;
	memset(&first, 0, sizeof(first));
	xmlSetStructuredErrorFunc(&first, on_error);
	/* Decoded text is UTF-8, whatever its XML declaration or <meta>
	 * says; undeclared XML is left to libxml2's own detection. */
	if (html)
		d->doc[1] = htmlReadMemory(text, len, d->resp->url, "UTF-8",
		    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	else
		d->doc[0] = xmlReadMemory(text, len, d->resp->url,
		    d->declared ? "UTF-8" : NULL, XML_PARSE_NONET |
		    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (d->doc[html] == NULL)
		parse_error(d->err[1 + html], sizeof(d->err[0]), html ? "HTML" :
		    "XML", &first, text, n, d->resp->truncated);
	xmlResetError(&first);
	return d->doc[html];
}
