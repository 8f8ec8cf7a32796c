/* setcookie.c - parses Set-Cookie headers: name=value, then attributes
 * separated by ';', names case-insensitive. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "setcookie.h"
#include "../base/xalloc.h"

static void
attribute(json_t *c, const char *p, size_t n)
{
	static const char *const names[][2] = {
		{ "path", "path" }, { "domain", "domain" },
		{ "expires", "expires" }, { "samesite", "sameSite" },
	};
	const char *eq = memchr(p, '=', n);
	char *k = xstrndup_trim(p, eq ? (size_t)(eq - p) : n), *v;
	size_t i;

	v = eq ? xstrndup_trim(eq + 1, n - (size_t)(eq + 1 - p)) : xstrdup("");
	if (strcasecmp(k, "secure") == 0)
		json_object_set_new(c, "secure", json_true());
	else if (strcasecmp(k, "httponly") == 0)
		json_object_set_new(c, "httpOnly", json_true());
	else if (strcasecmp(k, "max-age") == 0)
		json_object_set_new(c, "maxAge", json_integer(strtoll(v, NULL,
		    10)));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(k, names[i][0]) == 0)
			json_object_set_new(c, names[i][1], json_string(v));
	free(k);
	free(v);
}

/* One header: a new object if it sets `name`. */
static json_t *
parse(const char *h, const char *name)
{
	const char *semi = strchr(h, ';'), *eq = strchr(h, '=');
	size_t n = semi ? (size_t)(semi - h) : strlen(h);
	json_t *c;
	char *k, *v;

	if (eq == NULL || eq > h + n)
		return NULL;
	k = xstrndup_trim(h, (size_t)(eq - h));
	if (strcmp(k, name) != 0) {
		free(k);
		return NULL;
	}
	free(k);
	v = xstrndup_trim(eq + 1, n - (size_t)(eq + 1 - h));
	c = json_pack("{s:s, s:b, s:b}", "value", v, "secure", 0, "httpOnly", 0);
	free(v);
	while (semi != NULL) {
		h = semi + 1;
		semi = strchr(h, ';');
		attribute(c, h, semi ? (size_t)(semi - h) : strlen(h));
	}
	return c;
}

json_t *
setcookie_find(const struct http_response *resp, const char *name)
{
	json_t *found = NULL, *c;
	size_t i;

	for (i = 0; i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i].name, "Set-Cookie") != 0)
			continue;
		if ((c = parse(resp->headers[i].value, name)) != NULL) {
			json_decref(found);
			found = c;
		}
	}
	return found;
}
