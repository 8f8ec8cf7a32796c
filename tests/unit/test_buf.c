/* test_buf.c - the capped buffer. */
#include "unit.h"
#include "../../base/buf.h"

UNIT_TEST(buf_appends_and_formats)
{
	struct buf b;

	buf_init(&b, 0);
	CHECK_STR(buf_str(&b), "");
	CHECK_INT(buf_adds(&b, "abc"), 0);
	CHECK_INT(buf_addf(&b, "-%d-%s", 42, "x"), 0);
	CHECK_STR(buf_str(&b), "abc-42-x");
	CHECK_INT(b.len, 8);
	buf_release(&b);
}

UNIT_TEST(buf_cap_truncates_and_says_so)
{
	struct buf b;
	char big[1000];

	memset(big, 'y', sizeof(big));
	buf_init(&b, 10);
	CHECK_INT(buf_add(&b, "12345", 5), 0);
	CHECK_INT(b.truncated, 0);
	CHECK_INT(buf_add(&b, big, sizeof(big)), -1);
	CHECK_INT(b.len, 10);
	CHECK_INT(b.truncated, 1);
	CHECK_STR(buf_str(&b), "12345yyyyy");
	CHECK_INT(buf_addf(&b, "%s", "more"), -1);
	CHECK_INT(b.len, 10);
	buf_release(&b);
}
