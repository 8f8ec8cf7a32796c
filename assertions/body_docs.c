/* body_docs.c - parses a response body once per test: JSON with jansson,
 * XML and HTML with libxml2 (no network, no external entities). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "body_docs.h"
#include "../harness/charset.h"
#include "../harness/xalloc.h"

struct body_docs {
	const struct http_response *resp;
	json_t		*json;
	xmlDoc		*doc[2];	/* XML, HTML */
	int		 tried[3];	/* JSON, XML, HTML */
	char		 err[4][512];	/* JSON, XML, HTML, text */
	int		 text_tried;
	int		 declared;	/* a charset was declared: the text
					 * is decoded UTF-8 */
	char		*decoded;	/* owned, or NULL: the body as is */
	const char	*text;
	size_t		 text_len;
};

struct body_docs *
body_docs_new(const struct http_response *resp)
{
	struct body_docs *d = xcalloc(1, sizeof(*d));

	d->resp = resp;
	return d;
}

void
body_docs_free(struct body_docs *d)
{
	if (d == NULL)
		return;
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

const json_t *
body_docs_json(struct body_docs *d, const char **err)
{
	json_error_t je;

	if (!d->tried[0]) {
		d->tried[0] = 1;
		if (d->resp->body.len == 0)
			snprintf(d->err[0], sizeof(d->err[0]), "the body is empty, "
			    "not JSON");
		else if ((d->json = json_loadb(buf_str(&d->resp->body),
		    d->resp->body.len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
		    &je)) == NULL)
			snprintf(d->err[0], sizeof(d->err[0]), "the body is not "
			    "JSON: %s at line %d, column %d%s", je.text, je.line,
			    je.column, d->resp->truncated ? " (it was cut at the "
			    "--max-body cap)" : "");
	}
	*err = d->err[0];
	return d->json;
}

static void
last_error(char *err, size_t errlen, const char *what)
{
	const xmlError *e = xmlGetLastError();

	if (e != NULL && e->message != NULL)
		snprintf(err, errlen, "the body is not %s: %.*s at line %d", what,
		    (int)strcspn(e->message, "\n"), e->message, e->line);
	else
		snprintf(err, errlen, "the body is not %s", what);
}

xmlDoc *
body_docs_xml(struct body_docs *d, int html, const char **err)
{
	const char *text, *terr;
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
	len = n > 0x7fffffff ? 0x7fffffff : (int)n;
	xmlResetLastError();
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
	if (d->doc[html] == NULL)
		last_error(d->err[1 + html], sizeof(d->err[0]), html ? "HTML" :
		    "XML");
	return d->doc[html];
}
