/* fuzz_expand.c - libFuzzer target: ${ENV} and {{var}} substitution.
 *
 * The input, as a NUL-terminated string (cut at its first NUL), goes
 * through expand_env, expand_vars, expand_check, expand_whole and
 * expand_has_vars, with a few variables of every JSON type.  The functions
 * are also checked against each other: expand_check and expand_vars agree
 * on success and on the error offset; an error offset lies within the
 * input; a whole reference yields what expand_vars inserts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../base/expand.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *vars;

#define FAIL(...) do {							\
	fprintf(stderr, "fuzz_expand: " __VA_ARGS__);			\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_error_t e;

	setenv("FUZZ_A", "alpha", 1);
	setenv("FUZZ_EMPTY", "", 1);
	setenv("FUZZ_BRACES", "}{{x}}${FUZZ_A}", 1);
	setenv("BASE_URL", "http://127.0.0.1:9", 1);
	setenv("HOME", "/nonexistent", 1);
	unsetenv("FUZZ_UNSET");
	vars = json_loads("{\"name\": \"World\", \"n\": 42, \"x\": 1.5, "
	    "\"ok\": true, \"no\": false, \"nil\": null, \"empty\": \"\", "
	    "\"list\": [1, \"two\", {\"3\": 3}], \"obj\": {\"a\": {\"b\": []}}, "
	    "\"a.b\": \"dotted\", \"a-b\": \"dashed\", \"_\": \"under\", "
	    "\"nul\": \"x\\u0000y\", \"tpl\": \"{{name}}\", \"big\": "
	    "9223372036854775807}", JSON_ALLOW_NUL, &e);
	if (vars == NULL)
		FAIL("vars: %s", e.text);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *out, *out2, err[512], err2[512];
	size_t n, off, off2;
	const json_t *whole;
	json_t *used;
	int rc;

	if ((in = malloc(size + 1)) == NULL)
		abort();
	memcpy(in, data, size);
	in[size] = '\0';
	n = strlen(in);

	/* ${ENV} */
	err[0] = '\0';
	off = (size_t)-1;
	if ((out = expand_env(in, &off, err, sizeof(err))) == NULL) {
		if (err[0] == '\0')
			FAIL("expand_env failed without a message");
		if (off > n)
			FAIL("expand_env: offset %zu past the end (%zu)", off, n);
	}
	free(out);

	/* {{var}} */
	err[0] = err2[0] = '\0';
	off = off2 = (size_t)-1;
	out = expand_vars(in, vars, &off, err, sizeof(err));
	used = json_object();
	rc = expand_check(in, vars, used, &off2, err2, sizeof(err2));
	if ((out == NULL) != (rc == -1))
		FAIL("expand_vars %s but expand_check %s",
		    out ? "succeeded" : "failed", rc ? "failed" : "succeeded");
	if (out == NULL) {
		if (err[0] == '\0' || strcmp(err, err2) != 0)
			FAIL("error messages differ: '%s' / '%s'", err, err2);
		if (off != off2 || off > n)
			FAIL("error offsets %zu / %zu (length %zu)", off, off2,
			    n);
	} else {
		const char *k;
		json_t *v;

		json_object_foreach(used, k, v)
			if (json_object_get(vars, k) == NULL)
				FAIL("used '%s', which is not a variable", k);
		if (!expand_has_vars(in) && (strcmp(in, out) != 0 ||
		    json_object_size(used) != 0))
			if (strstr(in, "\\{{") == NULL)
				FAIL("no reference, yet the text changed");
	}
	json_decref(used);

	/* Also checks against a NULL `used` and an empty set of names. */
	off2 = 0;
	(void)expand_check(in, vars, NULL, &off2, err2, sizeof(err2));
	used = json_object();
	if (expand_check(in, used, NULL, &off2, err2, sizeof(err2)) == 0 &&
	    strstr(in, "{{") != NULL && out != NULL && strcmp(out, in) != 0 &&
	    strstr(in, "\\{{") == NULL)
		FAIL("a reference passed the check with no variable known");
	json_decref(used);

	/* A whole reference: the value itself, as expand_vars inserts it. */
	if ((whole = expand_whole(in, vars)) != NULL) {
		if (out == NULL)
			FAIL("expand_whole found a variable that expand_vars "
			    "did not");
		if (json_is_string(whole) && memchr(json_string_value(whole),
		    '\0', json_string_length(whole)) == NULL &&
		    strcmp(out, json_string_value(whole)) != 0)
			FAIL("expand_whole gives '%s', expand_vars '%s'",
			    json_string_value(whole), out);
	}
	free(out);

	/* Both in turn, as the loader and the runner do. */
	if ((out = expand_env(in, &off, err, sizeof(err))) != NULL) {
		out2 = expand_vars(out, vars, &off, err, sizeof(err));
		free(out2);
		free(out);
	}
	free(in);
	return 0;
}
