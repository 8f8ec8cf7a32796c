/* predicate_compile.c - the predicate list, compiled from a spec value at
 * load time, and freed. */
#include <stdlib.h>
#include <string.h>

#include "predicate_impl.h"
#include "../base/expand.h"
#include "../base/xalloc.h"

static const char *const pred_names[] = {
	"equals", "notEquals", "contains", "notContains", "startsWith",
	"endsWith", "matches", "above", "below", "between", "type", "count",
	"exists", "absent", "oneOf", "not",
};
#define NOPS	(sizeof(pred_names) / sizeof(pred_names[0]))

const char *const pred_type_names[PRED_NTYPES] = {
	"string", "integer", "number", "boolean", "null", "array", "object",
};

static struct pred *
add(struct predlist *l, enum pred_op op)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	l->v[l->n].op = op;
	return &l->v[l->n++];
}

static int
compile_types(struct spec_ctx *ctx, struct pred *p, const json_t *v,
    struct srcpos pos)
{
	const json_t *item;
	size_t i, j;

	if (json_is_string(v) || json_is_null(v)) {
		json_t *one = json_pack("[O]", v);
		int rc = compile_types(ctx, p, one, pos);

		json_decref(one);
		return rc;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		spec_error(ctx, pos, "type must be a type name or a list of them "
		    "(string, integer, number, boolean, null, array, object)");
		return -1;
	}
	json_array_foreach(v, i, item) {
		for (j = 0; j < PRED_NTYPES; j++)
			if ((json_is_string(item) && strcmp(json_string_value(item),
			    pred_type_names[j]) == 0) ||
			    (json_is_null(item) && j == 4))
				break;
		if (j == PRED_NTYPES && json_is_string(item)) {
			spec_error(ctx, pos, "unknown type '%s': string, integer, "
			    "number, boolean, null, array or object",
			    json_string_value(item));
			return -1;
		}
		if (j == PRED_NTYPES) {
			spec_error(ctx, pos, "a type is one of string, integer, "
			    "number, boolean, null, array or object, got %s",
			    spec_typename(item));
			return -1;
		}
		p->types |= 1u << j;
	}
	return 0;
}

/* A number, or a string template that must expand to one. */
static int
is_numeric_operand(const json_t *v)
{
	return json_is_number(v) || (json_is_string(v) &&
	    expand_has_vars(json_string_value(v)));
}

static int
compile_operand(struct spec_ctx *ctx, struct pred *p, const json_t *v,
    struct srcpos pos, const char *label)
{
	switch (p->op) {
	case P_MATCHES:
		if (!json_is_string(v)) {
			spec_error(ctx, pos, "%s must be a regex string, got %s",
			    label, spec_typename(v));
			return -1;
		}
		if ((p->want = spec_value(ctx, v, pos, label)) == NULL)
			return -1;
		if (!expand_has_vars(json_string_value(p->want)) &&
		    (p->re = spec_regex(ctx, v, pos, label)) == NULL)
			return -1;
		return 0;
	case P_ABOVE:
	case P_BELOW:
		if (!is_numeric_operand(v)) {
			spec_error(ctx, pos, "%s must be a number, got %s", label,
			    spec_typename(v));
			return -1;
		}
		break;
	case P_BETWEEN:
		if (!json_is_array(v) || json_array_size(v) != 2 ||
		    !is_numeric_operand(json_array_get(v, 0)) ||
		    !is_numeric_operand(json_array_get(v, 1))) {
			spec_error(ctx, pos, "%s must be a list of two numbers "
			    "[low, high]", label);
			return -1;
		}
		break;
	case P_ONE_OF:
		if (!json_is_array(v) || json_array_size(v) == 0) {
			spec_error(ctx, pos, "%s must be a non-empty list of "
			    "values", label);
			return -1;
		}
		break;
	case P_STARTS_WITH:
	case P_ENDS_WITH:
		if (!json_is_string(v) && !json_is_number(v)) {
			spec_error(ctx, pos, "%s must be a string, got %s", label,
			    spec_typename(v));
			return -1;
		}
		break;
	default:
		break;
	}
	return (p->want = spec_value(ctx, v, pos, label)) ? 0 : -1;
}

/* "'KEY' of WHAT" into label (size bytes), cut to fit. */
static void
label_of(char *label, size_t size, const char *key, const char *what)
{
	size_t n = 0, k;

	label[n++] = '\'';
	k = strlen(key);
	k = k < size - 8 ? k : size - 8;
	memcpy(label + n, key, k);
	n += k;
	memcpy(label + n, "' of ", 5);
	n += 5;
	k = strlen(what);
	k = k < size - 1 - n ? k : size - 1 - n;
	memcpy(label + n, what, k);
	label[n + k] = '\0';
}

static int
compile_pred(struct spec_ctx *ctx, struct predlist *l, enum pred_op op,
    const json_t *obj, const char *key, const char *what)
{
	const json_t *v = json_object_get(obj, key);
	struct srcpos pos = spec_valpos(ctx, obj, key);
	struct pred *p;
	char label[192];
	int flag;

	label_of(label, sizeof(label), key, what);
	if (op == P_EXISTS || op == P_ABSENT) {
		if ((flag = spec_bool(ctx, v, pos, label)) == -1)
			return -1;
		add(l, (op == P_EXISTS) == flag ? P_EXISTS : P_ABSENT);
		return 0;
	}
	if (op == P_MATCHES && json_is_array(v)) {
		const json_t *item;
		size_t i;
		int rc = 0;

		if (json_array_size(v) == 0) {
			spec_error(ctx, pos, "%s must not be an empty list", label);
			return -1;
		}
		json_array_foreach(v, i, item)
			if (compile_operand(ctx, add(l, op), item,
			    spec_itempos(ctx, v, i), label) == -1)
				rc = -1;
		return rc;
	}
	p = add(l, op);
	if (op == P_TYPE)
		return compile_types(ctx, p, v, pos);
	if (op == P_COUNT || op == P_NOT) {
		if (op == P_COUNT && !is_numeric_operand(v) && !json_is_object(v)) {
			spec_error(ctx, pos, "%s must be a number or predicates "
			    "on it, got %s", label, spec_typename(v));
			return -1;
		}
		return (p->sub = predlist_compile(ctx, v, pos, label)) ? 0 : -1;
	}
	return compile_operand(ctx, p, v, pos, label);
}

struct predlist *
predlist_compile(struct spec_ctx *ctx, const json_t *node, struct srcpos pos,
    const char *what)
{
	return predlist_compile_beside(ctx, node, pos, what, NULL, 0);
}

struct predlist *
predlist_compile_beside(struct spec_ctx *ctx, const json_t *node,
    struct srcpos pos, const char *what, const char *const *others,
    size_t nothers)
{
	struct predlist *l = xcalloc(1, sizeof(*l));
	const char *allowed[NOPS + 8];
	const char *key;
	json_t *v;
	unsigned ops = 0;
	size_t i;
	int rc = 0;

	if (!json_is_object(node)) {
		if ((add(l, P_EQUALS)->want = spec_value(ctx, node, pos,
		    what)) == NULL)
			goto fail;
		return l;
	}
	if (json_object_size(node) == 0) {
		spec_error(ctx, pos, "%s needs a predicate: equals, contains, "
		    "matches, above, type, count, exists…", what);
		goto fail;
	}
	memcpy(allowed, pred_names, sizeof(pred_names));
	for (i = 0; i < nothers && i < 8; i++)
		allowed[NOPS + i] = others[i];
	if (spec_keys(ctx, node, what, allowed, NOPS + i) > 0)
		rc = -1;
	/* The keys written, in the order predicates are checked (and
	 * their failures listed): pred_names'. */
	json_object_foreach((json_t *)node, key, v)
		for (i = 0; i < NOPS; i++)
			if (strcmp(key, pred_names[i]) == 0)
				ops |= 1u << i;
	for (i = 0; i < NOPS; i++)
		if ((ops & (1u << i)) && compile_pred(ctx, l, (enum pred_op)i,
		    node, pred_names[i], what) == -1)
			rc = -1;
	if (rc == 0)
		return l;
fail:
	predlist_free(l);
	return NULL;
}

void
predlist_free(struct predlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		json_decref(l->v[i].want);
		predlist_free(l->v[i].sub);
	}
	free(l->v);
	free(l);
}
