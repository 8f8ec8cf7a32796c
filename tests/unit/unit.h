/* unit.h - a minimal table-driven unit test kit.
 *
 * A test is a `void f(void)` listed in unit_main.c's table.  CHECK* record a
 * failure (file:line and both values) and let the test go on, so one run
 * shows every broken expectation.  A test passes when none of its checks
 * failed.
 */
#ifndef SHAKEDOWN_UNIT_H
#define SHAKEDOWN_UNIT_H

#include <string.h>

/* Defines a test; the Makefile collects every UNIT_TEST(name) of
 * the tests/unit sources into unit_list.h, so adding a test is one place. */
#define UNIT_TEST(name) void name(void); void name(void)

void	unit_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define CHECK(c) do { if (!(c)) unit_fail(__FILE__, __LINE__, "%s", #c); } while (0)
#define CHECK_INT(a, b) do { long long a_ = (a), b_ = (b); if (a_ != b_) \
	unit_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_, b_); } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) \
	unit_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
	    a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)
#define CHECK_CONTAINS(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || strstr(a_, b_) == NULL) \
	unit_fail(__FILE__, __LINE__, "%s == \"%s\", expected to contain \"%s\"", #a, \
	    a_ ? a_ : "(null)", b_); } while (0)

#endif
