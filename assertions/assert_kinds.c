/* assert_kinds.c - the table of assertion kinds: by key, all keys, all
 * kinds, and what a check is labelled in reports. */
#include <pthread.h>
#include <string.h>

#include "assert.h"

/*
 * Every kind, in the order messages list them (`capture:` lists its
 * sources in this order).  Each is defined in its own file; its entry
 * here declares it, so adding a kind is its file and one line.
 */
#define KINDS(X) \
	X(assert_json) \
	X(assert_xml) \
	X(assert_html) \
	X(assert_elements) \
	X(assert_headers) \
	X(assert_cookies) \
	X(assert_certificate) \
	X(assert_status) \
	X(assert_url) \
	X(assert_redirect) \
	X(assert_body) \
	X(assert_stdout) \
	X(assert_stderr) \
	X(assert_exit) \
	X(assert_title) \
	X(assert_errors) \
	X(assert_console) \
	X(assert_failed_requests) \
	X(assert_result) \
	X(assert_schema) \
	X(assert_sha256) \
	X(assert_size) \
	X(assert_time) \
	X(assert_vars) \
	X(assert_version)

#define KIND_DECLARE(k)	extern const struct assert_kind k;
#define KIND_ENTRY(k)	&k,
KINDS(KIND_DECLARE)
static const struct assert_kind *const kinds[] = { KINDS(KIND_ENTRY) };
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static const char *kind_keys[NKINDS];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void
keys_init(void)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		kind_keys[i] = kinds[i]->key;
}

const struct assert_kind *
assert_find(const char *key)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i]->key, key) == 0)
			return kinds[i];
	return NULL;
}

const char *const *
assert_keys(size_t *n)
{
	pthread_once(&keys_once, keys_init);
	*n = NKINDS;
	return kind_keys;
}

const struct assert_kind *const *
assert_kinds(size_t *n)
{
	*n = NKINDS;
	return kinds;
}

const char *
check_label(const struct check *c)
{
	if (c->kind->queries)
		return ((const struct query *)c->arg)->label;
	return c->kind->key;
}

const char *
assert_target_name(int target)
{
	switch (target) {
	case ASSERT_HTTP:			return "HTTP";
	case ASSERT_EXEC:			return "exec";
	case ASSERT_BROWSER:			return "browser";
	case ASSERT_HTTP | ASSERT_BROWSER:	return "HTTP and browser";
	case ASSERT_HTTP | ASSERT_EXEC:		return "HTTP and exec";
	case ASSERT_EXEC | ASSERT_BROWSER:	return "exec and browser";
	}
	return "all";
}
