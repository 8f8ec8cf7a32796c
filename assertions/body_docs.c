/* body_docs.c - parses a response body once per test: JSON with jansson
 * (big numbers kept exact), XML and HTML with libxml2 (no network, no
 * external entities). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "body_docs.h"
#include "../harness/jsonvalue.h"
#include "../harness/xalloc.h"

struct body_docs {
	const struct http_response *resp;
	json_t		*json;
	xmlDoc		*doc[2];	/* XML, HTML */
	int		 tried[3];	/* JSON, XML, HTML */
	char		 err[3][256];
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
	free(d);
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
		else if ((d->json = jsonvalue_loadb(buf_str(&d->resp->body),
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

/* The charset of Content-Type, or NULL. */
static char *
charset(const struct http_response *resp)
{
	const char *ct = http_response_header(resp, "Content-Type"), *p;
	size_t n;

	if (ct == NULL || (p = strcasestr(ct, "charset=")) == NULL)
		return NULL;
	p += 8;
	if (*p == '"')
		p++;
	n = strcspn(p, "\"; ");
	return n ? xstrndup(p, n) : NULL;
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
	const struct buf *b = &d->resp->body;
	char *cs;
	int len = b->len > 0x7fffffff ? 0x7fffffff : (int)b->len;

	*err = d->err[1 + html];
	if (d->tried[1 + html])
		return d->doc[html];
	d->tried[1 + html] = 1;
	xmlResetLastError();
	if (html) {
		cs = charset(d->resp);
		d->doc[1] = htmlReadMemory(buf_str(b), len, d->resp->url,
		    cs ? cs : "UTF-8", HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		free(cs);
	} else
		d->doc[0] = xmlReadMemory(buf_str(b), len, d->resp->url, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (d->doc[html] == NULL)
		last_error(d->err[1 + html], sizeof(d->err[0]), html ? "HTML" :
		    "XML");
	return d->doc[html];
}
