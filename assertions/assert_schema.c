/* assert_schema.c - `schema:` validates a JSON body against a JSON Schema
 * (draft 2020-12 subset), written inline or in a file next to the spec. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "body_docs.h"
#include "jsonschema.h"
#include "../base/srcdoc.h"
#include "../base/xalloc.h"

#define MAX_REPORTED	5	/* violations listed per check */

static void
schema_free(void *arg)
{
	jsonschema_free(arg);
}

/* The schema file, relative to the spec's folder. */
static json_t *
load_file(struct spec_ctx *ctx, const char *name, struct srcpos pos)
{
	char *dir = xstrdup(ctx->path), *path, err[512];
	struct srcdoc *doc;
	json_t *v = NULL;

	path = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s",
	    dirname(dir), name);
	if ((doc = srcdoc_load(path, err, sizeof(err))) == NULL)
		spec_error(ctx, pos, "cannot load schema: %s", err);
	else
		v = json_incref(srcdoc_root(doc));
	srcdoc_free(doc);
	free(path);
	free(dir);
	return v;
}

static int
schema_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct srcpos pos = spec_valpos(ctx, expect, "schema");
	struct jsonschema *s;
	json_t *schema;
	char err[256], *where = NULL;

	if (json_is_string(node))
		schema = load_file(ctx, json_string_value(node), pos);
	else if (json_is_object(node) || json_is_boolean(node))
		schema = json_incref((json_t *)node);
	else {
		spec_error(ctx, pos, "schema must be a JSON Schema (a mapping) or "
		    "the path of a schema file, got %s", spec_typename(node));
		return -1;
	}
	if (schema == NULL)
		return -1;
	s = jsonschema_new(schema, &where, err, sizeof(err));
	json_decref(schema);
	if (s == NULL) {
		spec_error(ctx, pos, "bad schema at '%s': %s", where ? where : "",
		    err);
		free(where);
		return -1;
	}
	checklist_add(out, &assert_schema, s);
	return 0;
}

static int
schema_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	struct buf why = BUF_INIT;
	const json_t *root;
	const char *err, *line, *nl;
	int bad;

	if ((root = body_docs_json(env->docs, &err)) == NULL) {
		buf_addf(msg, "schema: %s\n", err);
		return 1;
	}
	if ((bad = jsonschema_validate(c->arg, root, &why, MAX_REPORTED)) == 0)
		return 0;
	for (line = buf_str(&why); *line; line = nl + 1) {
		nl = strchr(line, '\n');
		buf_addf(msg, "schema: %.*s\n", nl ? (int)(nl - line) :
		    (int)strlen(line), line);
		if (nl == NULL)
			break;
	}
	if (bad > MAX_REPORTED)
		buf_addf(msg, "schema: … and %d more violations\n",
		    bad - MAX_REPORTED);
	buf_release(&why);
	return 1;
}

const struct assert_kind assert_schema = {
	.key = "schema",
	.target = ASSERT_HTTP,
	.needs_body = 1,
	.compile = schema_compile,
	.eval = schema_eval,
	.free = schema_free,
};
