/* test_expand.c - ${ENV} and {{var}} expansion. */
#include <stdlib.h>

#include "unit.h"
#include "../../base/expand.h"

UNIT_TEST(expand_env_values_and_defaults)
{
	char err[256], *s;
	size_t off = 0;

	setenv("SD_TEST_A", "alpha", 1);
	setenv("SD_TEST_EMPTY", "", 1);
	unsetenv("SD_TEST_UNSET");
	s = expand_env("x=${SD_TEST_A}/${SD_TEST_UNSET:-dflt}/${SD_TEST_EMPTY:-e}/"
	    "${SD_TEST_EMPTY}.", &off, err, sizeof(err));
	CHECK_STR(s, "x=alpha/dflt/e/.");
	free(s);
	s = expand_env("$${NOT_EXPANDED} $5 {x}", &off, err, sizeof(err));
	CHECK_STR(s, "${NOT_EXPANDED} $5 {x}");
	free(s);
	s = expand_env("${SD_TEST_UNSET:-}", &off, err, sizeof(err));
	CHECK_STR(s, "");
	free(s);
}

UNIT_TEST(expand_env_errors)
{
	char err[256] = "";
	size_t off = 0;

	unsetenv("SD_TEST_UNSET");
	CHECK(expand_env("abc ${SD_TEST_UNSET}", &off, err, sizeof(err)) == NULL);
	CHECK_STR(err, "environment variable 'SD_TEST_UNSET' is not set "
	    "(write ${SD_TEST_UNSET:-default} to give a default)");
	CHECK_INT(off, 4);
	CHECK(expand_env("${UNCLOSED", &off, err, sizeof(err)) == NULL);
	CHECK_STR(err, "unterminated '${' (expected '}')");
	CHECK(expand_env("${bad name}", &off, err, sizeof(err)) == NULL);
	CHECK_CONTAINS(err, "bad environment reference '${bad name}'");
}

UNIT_TEST(expand_vars_values)
{
	json_t *vars = json_pack("{s:s, s:i, s:b, s:[i,i]}", "name", "World",
	    "n", 42, "ok", 1, "list", 1, 2);
	char err[256], *s;
	size_t off;

	s = expand_vars("Hello {{name}} {{ n }} {{ok}} {{list}} \\{{name}}", vars,
	    &off, err, sizeof(err));
	CHECK_STR(s, "Hello World 42 true [1,2] {{name}}");
	free(s);
	CHECK(expand_vars("a {{nope}}", vars, &off, err, sizeof(err)) == NULL);
	CHECK_STR(err, "undefined variable 'nope'");
	CHECK_INT(off, 2);
	CHECK(expand_vars("{{name", vars, &off, err, sizeof(err)) == NULL);
	CHECK_STR(err, "unterminated '{{' (expected '}}')");
	CHECK(expand_vars("{{a b}}", vars, &off, err, sizeof(err)) == NULL);
	CHECK_STR(err, "bad variable reference '{{a b}}'");
	CHECK_INT(expand_check("{{name}} and {{n}}", vars, NULL, &off, err, sizeof(err)), 0);
	CHECK_INT(expand_check("{{nope}}", vars, NULL, &off, err, sizeof(err)), -1);
	CHECK(expand_has_vars("x {{y}}"));
	CHECK(!expand_has_vars("x { {y} }"));
	json_decref(vars);
}
