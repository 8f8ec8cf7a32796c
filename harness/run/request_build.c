/* request_build.c - expands a spec request's templates into a request
 * for the HTTP client. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "../../base/expand.h"
#include "../../base/jsonvalue.h"
#include "request_build.h"
#include "../../base/xalloc.h"

void
built_clear(struct built *b)
{
	size_t i;

	for (i = 0; i < b->nheaders; i++) {
		free(b->headers[i].name);
		free(b->headers[i].value);
	}
	for (i = 0; i < b->nform; i++) {
		free(b->form[i].name);
		free(b->form[i].value);
	}
	for (i = 0; i < b->nparts; i++)
		free((char *)b->parts[i].value);
	free(b->headers);
	free(b->form);
	free(b->parts);
	free(b->url);
	free(b->body);
	free(b->user);
	free(b->password);
	free(b->bearer);
	free(b->cookies);
}

static char *
expand(const char *tmpl, const json_t *vars, struct buf *err)
{
	char msg[256], *s;
	size_t off;

	if ((s = expand_vars(tmpl, vars, &off, msg, sizeof(msg))) == NULL)
		buf_addf(err, "%s", msg);
	return s;
}

/* Expands a list of name/value templates. */
static int
expand_pairs(const struct http_header *in, size_t n, const json_t *vars,
    struct http_header **out, size_t *nout, struct buf *err)
{
	size_t i;

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		(*out)[i].name = xstrdup(in[i].name);
		(*out)[i].value = expand(in[i].value, vars, err);
		*nout = i + 1;
		if ((*out)[i].value == NULL)
			return -1;
	}
	return 0;
}

/* Expands each string of a JSON tree in place. */
static int
expand_json(json_t *v, const json_t *vars, struct buf *err)
{
	const char *k;
	json_t *item;
	size_t i;
	char *s;

	if (json_is_string(v)) {
		if ((s = expand(json_string_value(v), vars, err)) == NULL)
			return -1;
		json_string_set(v, s);
		free(s);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, item)
			if (expand_json(item, vars, err) == -1)
				return -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (expand_json(item, vars, err) == -1)
				return -1;
	}
	return 0;
}

/* base + path + ?query, every query value percent-encoded. */
static char *
build_url(const struct request *r, const char *base, const json_t *vars,
    struct buf *err)
{
	struct buf url = BUF_INIT;
	char *path, *v, *e;
	size_t i, blen;

	if ((path = expand(r->url, vars, err)) == NULL)
		return NULL;
	if (strncasecmp(path, "http://", 7) != 0 &&
	    strncasecmp(path, "https://", 8) != 0) {
		if (base == NULL) {
			buf_addf(err, "no base URL for '%s': pass --base-url or "
			    "set base_url in the spec", path);
			free(path);
			return NULL;
		}
		blen = strlen(base);
		while (blen > 0 && base[blen - 1] == '/')
			blen--;
		buf_add(&url, base, blen);
		if (path[0] != '/')
			buf_adds(&url, "/");
	}
	buf_adds(&url, path);
	free(path);
	for (i = 0; i < r->nquery; i++) {
		if ((v = expand(r->query[i].value, vars, err)) == NULL) {
			buf_release(&url);
			return NULL;
		}
		buf_adds(&url, i == 0 && !strchr(buf_str(&url), '?') ? "?" : "&");
		e = curl_easy_escape(NULL, r->query[i].name, 0);
		buf_adds(&url, e);
		curl_free(e);
		e = curl_easy_escape(NULL, v, 0);
		buf_addf(&url, "=%s", e);
		curl_free(e);
		free(v);
	}
	return buf_detach(&url);
}

static int
has_header(const struct built *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nheaders; i++)
		if (strcasecmp(b->headers[i].name, name) == 0)
			return 1;
	return 0;
}

static int
build_parts(const struct request *r, const json_t *vars, struct built *b,
    struct buf *err)
{
	struct http_part *p;
	size_t i;

	b->parts = xcalloc(r->nparts, sizeof(*b->parts));
	for (i = 0; i < r->nparts; i++) {
		p = &b->parts[b->nparts++];
		p->name = r->parts[i].name;
		p->file = r->parts[i].file;
		p->type = r->parts[i].type;
		p->filename = r->parts[i].filename;
		if (r->parts[i].value != NULL &&
		    (p->value = expand(r->parts[i].value, vars, err)) == NULL)
			return -1;
	}
	b->req.parts = b->parts;
	b->req.nparts = b->nparts;
	return 0;
}

static int
build_body(const struct request *r, const json_t *vars, struct built *b,
    struct buf *err)
{
	json_t *copy;

	switch (r->body_kind) {
	case BODY_JSON:
		copy = jsonvalue_copy(r->json);
		if (expand_json(copy, vars, err) == -1) {
			json_decref(copy);
			return -1;
		}
		b->body = jsonvalue_dumps(copy, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(copy);
		if (!has_header(b, "Content-Type")) {
			b->headers = xrealloc(b->headers, (b->nheaders + 1) *
			    sizeof(*b->headers));
			b->headers[b->nheaders].name = xstrdup("Content-Type");
			b->headers[b->nheaders++].value =
			    xstrdup("application/json");
		}
		break;
	case BODY_RAW:
		if ((b->body = expand(r->body, vars, err)) == NULL)
			return -1;
		break;
	case BODY_FORM:
		if (expand_pairs(r->form, r->nform, vars, &b->form, &b->nform,
		    err) == -1)
			return -1;
		b->req.form = b->form;
		b->req.nform = b->nform;
		break;
	case BODY_FILE:
		b->req.body_file = r->file;
		break;
	case BODY_MULTIPART:
		if (build_parts(r, vars, b, err) == -1)
			return -1;
		break;
	case BODY_NONE:
		break;
	}
	if (b->body != NULL) {
		b->req.body = b->body;
		b->req.body_len = strlen(b->body);
	}
	return 0;
}

/* Credentials and cookies, expanded. */
static int
build_identity(const struct request *r, const json_t *vars, struct built *b,
    struct buf *err)
{
	struct buf c = BUF_INIT;
	char *v;
	size_t i;

	if ((r->user && (b->user = expand(r->user, vars, err)) == NULL) ||
	    (r->password && (b->password = expand(r->password, vars,
	    err)) == NULL) ||
	    (r->bearer && (b->bearer = expand(r->bearer, vars, err)) == NULL))
		return -1;
	for (i = 0; i < r->ncookies; i++) {
		if ((v = expand(r->cookies[i].value, vars, err)) == NULL) {
			buf_release(&c);
			return -1;
		}
		buf_addf(&c, "%s%s=%s", i ? "; " : "", r->cookies[i].name, v);
		free(v);
	}
	b->cookies = r->ncookies ? buf_detach(&c) : NULL;
	b->req.user = b->user;
	b->req.password = b->password;
	b->req.bearer = b->bearer;
	b->req.cookies = b->cookies;
	return 0;
}

int
request_build(const struct request *r, const json_t *vars,
    const struct build_opts *o, struct built *b, struct buf *err)
{
	memset(b, 0, sizeof(*b));
	if ((b->url = build_url(r, o->base_url, vars, err)) == NULL ||
	    expand_pairs(r->headers, r->nheaders, vars, &b->headers,
	    &b->nheaders, err) == -1 || build_body(r, vars, b, err) == -1 ||
	    build_identity(r, vars, b, err) == -1)
		return -1;
	b->req.method = r->method;
	b->req.url = b->url;
	b->req.headers = b->headers;
	b->req.nheaders = b->nheaders;
	b->req.timeout_ms = r->timeout_ms >= 0 ? r->timeout_ms : o->timeout_ms;
	b->req.follow = r->follow == 1;
	b->req.insecure = r->insecure == 1 || o->insecure;
	b->req.http2 = r->http2;
	b->req.cacert = r->cacert ? r->cacert : o->cacert;
	b->req.cert = r->cert ? r->cert : o->cert;
	b->req.key = r->cert ? r->key : o->key;
	return 0;
}
