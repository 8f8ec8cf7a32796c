/* unit_main.c - runs the unit tests named on the command line (all when
 * none), one "ok"/"FAIL" line each, then "N passed, N failed". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "unit_list.h"

static int failed_checks;

void
unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failed_checks++;
	printf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define UNIT(fn) void fn(void);
UNIT_LIST
#undef UNIT

static const struct unit_test {
	const char	*name;
	void		(*fn)(void);
} tests[] = {
#define UNIT(fn) { #fn, fn },
	UNIT_LIST
#undef UNIT
};

static int
wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strstr(name, argv[i]) != NULL)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	size_t i, pass = 0, fail = 0;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!wanted(tests[i].name, argc, argv))
			continue;
		failed_checks = 0;
		tests[i].fn();
		if (failed_checks) {
			printf("FAIL %s\n", tests[i].name);
			fail++;
		} else {
			printf("ok   %s\n", tests[i].name);
			pass++;
		}
	}
	printf("%zu passed, %zu failed\n", pass, fail);
	return fail ? 1 : (pass ? 0 : 1);
}
