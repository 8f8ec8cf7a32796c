/* spec_request.c - a test's request and the spec's `defaults:` built
 * from the tree: method and URL, headers, query, the one body (json,
 * form, raw, file, multipart), auth, cookies, TLS and timeouts. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "spec.h"
#include "spec_request.h"
#include "../../base/xalloc.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const part_keys[] = { "file", "filename", "type" };
static const char *const auth_keys[] = { "bearer", "password", "user" };
static const char *const request_keys[] = {
	"auth", "body", "cacert", "cert", "cookies", "file", "follow", "form",
	"headers", "http2", "insecure", "json", "key", "method", "multipart",
	"query", "timeout", "url",
};
static void
pairs_free(struct http_header *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

static void
pairs_add(struct http_header **v, size_t *n, const char *name, char *value)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = xstrdup(name);
	(*v)[*n].value = value;
	(*n)++;
}

/* A mapping of names to scalars (a list of scalars too when `multi`). */
static int
load_pairs(struct spec_ctx *c, const json_t *parent, const char *key,
    struct http_header **v, size_t *n, int multi)
{
	const json_t *m = json_object_get(parent, key), *val, *item;
	const char *name;
	char what[128], *s;
	size_t i;
	int rc = 0;

	if (!json_is_object(m)) {
		spec_error(c, spec_valpos(c, parent, key), "%s must be a mapping "
		    "of names to values, got %s", key, spec_typename(m));
		return -1;
	}
	json_object_foreach((json_t *)m, name, val) {
		snprintf(what, sizeof(what), "%s '%s'", key, name);
		if (multi && json_is_array(val)) {
			json_array_foreach(val, i, item) {
				s = spec_string(c, item, spec_itempos(c, val, i),
				    what, 1);
				if (s == NULL)
					rc = -1;
				else
					pairs_add(v, n, name, s);
			}
			continue;
		}
		if ((s = spec_string(c, val, spec_valpos(c, m, name), what, 1)) == NULL)
			rc = -1;
		else
			pairs_add(v, n, name, s);
	}
	return rc;
}

/* A path relative to the spec's folder, which must be readable. */
static char *
spec_file(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what, const char *specdir)
{
	char *s, *path;

	if ((s = spec_string(c, v, pos, what, 0)) == NULL)
		return NULL;
	path = s[0] == '/' ? xstrdup(s) : xasprintf("%s/%s", specdir, s);
	free(s);
	if (access(path, R_OK) == -1) {
		spec_error(c, pos, "cannot read %s '%s': %s", what, path,
		    strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

static int
load_part(struct spec_ctx *c, const json_t *m, const char *name,
    struct part *p, const char *specdir)
{
	const json_t *v = json_object_get(m, name), *x;
	struct srcpos pos = spec_valpos(c, m, name);
	char what[160];

	p->name = xstrdup(name);
	snprintf(what, sizeof(what), "multipart '%s'", name);
	if (!json_is_object(v))
		return (p->value = spec_string(c, v, pos, what, 1)) ? 0 : -1;
	if (spec_keys(c, v, what, part_keys, N(part_keys)) > 0)
		return -1;
	if ((x = json_object_get(v, "file")) == NULL) {
		spec_error(c, pos, "%s: a mapping describes a file part and "
		    "needs file:", what);
		return -1;
	}
	if ((p->file = spec_file(c, x, spec_valpos(c, v, "file"), "file",
	    specdir)) == NULL)
		return -1;
	if ((x = json_object_get(v, "type")) != NULL &&
	    (p->type = spec_string(c, x, spec_valpos(c, v, "type"), what, 0)) ==
	    NULL)
		return -1;
	if ((x = json_object_get(v, "filename")) != NULL &&
	    (p->filename = spec_string(c, x, spec_valpos(c, v, "filename"),
	    what, 0)) == NULL)
		return -1;
	return 0;
}

/* multipart: { field: value, upload: { file: x.pdf, type:, filename: } } */
static int
load_multipart(struct spec_ctx *c, const json_t *r, struct request *req,
    const char *specdir)
{
	const json_t *m = json_object_get(r, "multipart"), *v;
	const char *name;
	int rc = 0;

	if (!json_is_object(m) || json_object_size(m) == 0) {
		spec_error(c, spec_valpos(c, r, "multipart"), "multipart must be "
		    "a mapping of field names to values or files, got %s",
		    spec_typename(m));
		return -1;
	}
	req->parts = xcalloc(json_object_size(m), sizeof(*req->parts));
	json_object_foreach((json_t *)m, name, v)
		if (load_part(c, m, name, &req->parts[req->nparts++],
		    specdir) == -1)
			rc = -1;
	return rc;
}

/* The one body key of a request, if any. */
static int
load_body(struct spec_ctx *c, const json_t *r, struct request *req,
    const char *specdir)
{
	static const char *const kinds[] = { "json", "form", "body", "file",
	    "multipart" };
	const char *found = NULL;
	char *s;
	size_t i;

	for (i = 0; i < N(kinds); i++) {
		if (json_object_get(r, kinds[i]) == NULL)
			continue;
		if (found != NULL) {
			spec_error(c, spec_keypos(c, r, kinds[i]), "a request has "
			    "one body: '%s' and '%s' both given", found, kinds[i]);
			return -1;
		}
		found = kinds[i];
	}
	if (found == NULL)
		return 0;
	if (strcmp(found, "json") == 0) {
		req->body_kind = BODY_JSON;
		req->json = spec_value(c, json_object_get(r, "json"),
		    spec_valpos(c, r, "json"), "json body");
		return req->json ? 0 : -1;
	}
	if (strcmp(found, "multipart") == 0) {
		req->body_kind = BODY_MULTIPART;
		return load_multipart(c, r, req, specdir);
	}
	if (strcmp(found, "form") == 0) {
		req->body_kind = BODY_FORM;
		return load_pairs(c, r, "form", &req->form, &req->nform, 1);
	}
	s = spec_string(c, json_object_get(r, found), spec_valpos(c, r, found),
	    found, 0);
	if (s == NULL)
		return -1;
	if (strcmp(found, "body") == 0) {
		req->body_kind = BODY_RAW;
		req->body = s;
		return 0;
	}
	free(s);
	req->body_kind = BODY_FILE;
	req->file = spec_file(c, json_object_get(r, "file"),
	    spec_valpos(c, r, "file"), "body file", specdir);
	return req->file ? 0 : -1;
}

/* auth: { user, password } or { bearer } */
static int
load_auth(struct spec_ctx *c, const json_t *r, struct request *req)
{
	const json_t *a = json_object_get(r, "auth"), *v;

	if (!json_is_object(a)) {
		spec_error(c, spec_valpos(c, r, "auth"), "auth must be a mapping: "
		    "{ user, password } or { bearer }, got %s", spec_typename(a));
		return -1;
	}
	if (spec_keys(c, a, "auth", auth_keys, N(auth_keys)) > 0)
		return -1;
	if ((v = json_object_get(a, "bearer")) != NULL) {
		if (json_object_get(a, "user") || json_object_get(a, "password")) {
			spec_error(c, spec_keypos(c, a, "bearer"), "auth is basic "
			    "(user, password) or bearer, not both");
			return -1;
		}
		req->bearer = spec_string(c, v, spec_valpos(c, a, "bearer"),
		    "auth bearer", 0);
		return req->bearer ? 0 : -1;
	}
	if ((v = json_object_get(a, "user")) == NULL) {
		spec_error(c, spec_valpos(c, r, "auth"), "basic auth needs user:");
		return -1;
	}
	if ((req->user = spec_string(c, v, spec_valpos(c, a, "user"),
	    "auth user", 1)) == NULL)
		return -1;
	v = json_object_get(a, "password");
	req->password = v ? spec_string(c, v, spec_valpos(c, a, "password"),
	    "auth password", 1) : xstrdup("");
	return req->password ? 0 : -1;
}

static int
load_tls(struct spec_ctx *c, const json_t *r, struct request *req)
{
	const json_t *v;
	int rc = 0;

	if ((v = json_object_get(r, "cacert")) != NULL &&
	    (req->cacert = spec_string(c, v, spec_valpos(c, r, "cacert"),
	    "cacert", 0)) == NULL)
		rc = -1;
	if ((v = json_object_get(r, "cert")) != NULL &&
	    (req->cert = spec_string(c, v, spec_valpos(c, r, "cert"), "cert",
	    0)) == NULL)
		rc = -1;
	if ((v = json_object_get(r, "key")) != NULL &&
	    (req->key = spec_string(c, v, spec_valpos(c, r, "key"), "key",
	    0)) == NULL)
		rc = -1;
	if ((v = json_object_get(r, "http2")) != NULL &&
	    (req->http2 = spec_bool(c, v, spec_valpos(c, r, "http2"),
	    "http2")) == -1)
		rc = -1;
	return rc;
}

/* timeout, follow, insecure, TLS, auth, cookies, headers: shared by a
 * request and `defaults:`. */
int
spec_request_options(struct spec_ctx *c, const json_t *r, struct request *req)
{
	const json_t *v;
	int rc = 0;

	if ((v = json_object_get(r, "timeout")) != NULL &&
	    spec_duration(c, v, spec_valpos(c, r, "timeout"), "timeout",
	    &req->timeout_ms) == -1)
		rc = -1;
	if ((v = json_object_get(r, "follow")) != NULL &&
	    (req->follow = spec_bool(c, v, spec_valpos(c, r, "follow"),
	    "follow")) == -1)
		rc = -1;
	if ((v = json_object_get(r, "insecure")) != NULL &&
	    (req->insecure = spec_bool(c, v, spec_valpos(c, r, "insecure"),
	    "insecure")) == -1)
		rc = -1;
	if (load_tls(c, r, req) == -1)
		rc = -1;
	if (json_object_get(r, "auth") != NULL && load_auth(c, r, req) == -1)
		rc = -1;
	if (json_object_get(r, "cookies") != NULL &&
	    load_pairs(c, r, "cookies", &req->cookies, &req->ncookies, 0) == -1)
		rc = -1;
	if (json_object_get(r, "headers") != NULL &&
	    load_pairs(c, r, "headers", &req->headers, &req->nheaders, 0) == -1)
		rc = -1;
	return rc;
}

void
request_init(struct request *req)
{
	memset(req, 0, sizeof(*req));
	req->timeout_ms = -1;
	req->follow = -1;
	req->insecure = -1;
	req->http2 = -1;
}

void
request_clear(struct request *req)
{
	free(req->method);
	free(req->url);
	pairs_free(req->headers, req->nheaders);
	pairs_free(req->query, req->nquery);
	free(req->body);
	json_decref(req->json);
	pairs_free(req->form, req->nform);
	free(req->file);
	for (size_t i = 0; i < req->nparts; i++) {
		free(req->parts[i].name);
		free(req->parts[i].value);
		free(req->parts[i].file);
		free(req->parts[i].type);
		free(req->parts[i].filename);
	}
	free(req->parts);
	free(req->cacert);
	free(req->cert);
	free(req->key);
	free(req->user);
	free(req->password);
	free(req->bearer);
	pairs_free(req->cookies, req->ncookies);
}

static void
merge_pairs(struct http_header **v, size_t *n, const struct http_header *d,
    size_t nd)
{
	size_t i, j;

	for (i = 0; i < nd; i++) {
		for (j = 0; j < *n; j++)
			if (strcasecmp((*v)[j].name, d[i].name) == 0)
				break;
		if (j == *n)
			pairs_add(v, n, d[i].name, xstrdup(d[i].value));
	}
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Fills in what the request left unset from `defaults:`; headers and
 * cookies of the request win over defaults of the same name. */
void
request_defaults(struct request *req, const struct request *d)
{
	if (req->timeout_ms < 0)
		req->timeout_ms = d->timeout_ms;
	if (req->follow < 0)
		req->follow = d->follow;
	if (req->insecure < 0)
		req->insecure = d->insecure;
	if (req->http2 < 0)
		req->http2 = d->http2;
	if (req->cacert == NULL)
		req->cacert = dup_or_null(d->cacert);
	if (req->cert == NULL && req->key == NULL) {
		req->cert = dup_or_null(d->cert);
		req->key = dup_or_null(d->key);
	}
	if (req->user == NULL && req->bearer == NULL) {
		req->user = dup_or_null(d->user);
		req->password = dup_or_null(d->password);
		req->bearer = dup_or_null(d->bearer);
	}
	merge_pairs(&req->headers, &req->nheaders, d->headers, d->nheaders);
	merge_pairs(&req->cookies, &req->ncookies, d->cookies, d->ncookies);
}

int
spec_request_load(struct spec_ctx *c, const json_t *r, struct srcpos rpos,
    struct request *req, const char *specdir)
{
	const json_t *v;
	char *m;
	int rc = 0;

	if (spec_keys(c, r, "request", request_keys, N(request_keys)) > 0)
		rc = -1;
	if ((v = json_object_get(r, "method")) != NULL) {
		if ((m = spec_string(c, v, spec_valpos(c, r, "method"), "method",
		    0)) == NULL)
			rc = -1;
		else {
			for (char *p = m; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			free(req->method);
			req->method = m;
		}
	}
	if ((v = json_object_get(r, "url")) == NULL) {
		spec_error(c, rpos, "request needs a url");
		rc = -1;
	} else if ((req->url = spec_string(c, v, spec_valpos(c, r, "url"),
	    "url", 0)) == NULL)
		rc = -1;
	if (json_object_get(r, "query") != NULL &&
	    load_pairs(c, r, "query", &req->query, &req->nquery, 1) == -1)
		rc = -1;
	if (spec_request_options(c, r, req) == -1 || load_body(c, r, req, specdir) == -1)
		rc = -1;
	return rc;
}

