/* test_units.c - durations, sizes and did-you-mean. */
#include "unit.h"
#include "../../base/suggest.h"
#include "../../base/units.h"

UNIT_TEST(units_durations)
{
	long ms = -1;

	CHECK_INT(duration_parse("500ms", &ms), 0);
	CHECK_INT(ms, 500);
	CHECK_INT(duration_parse("2s", &ms), 0);
	CHECK_INT(ms, 2000);
	CHECK_INT(duration_parse("1m", &ms), 0);
	CHECK_INT(ms, 60000);
	CHECK_INT(duration_parse("1.5s", &ms), 0);
	CHECK_INT(ms, 1500);
	CHECK_INT(duration_parse("1h", &ms), 0);
	CHECK_INT(ms, 3600000);
	CHECK_INT(duration_parse("250 ms", &ms), 0);
	CHECK_INT(ms, 250);
	CHECK_INT(duration_parse("1500us", &ms), 0);
	CHECK_INT(ms, 2);
}

UNIT_TEST(units_bad_durations)
{
	long ms = 7;

	CHECK_INT(duration_parse("500", &ms), -1);
	CHECK_INT(duration_parse("2 seconds", &ms), -1);
	CHECK_INT(duration_parse("-1s", &ms), -1);
	CHECK_INT(duration_parse("s", &ms), -1);
	CHECK_INT(duration_parse("", &ms), -1);
	CHECK_INT(duration_parse("nan s", &ms), -1);
	CHECK_INT(duration_parse("1e9h", &ms), -1);
	CHECK_INT(ms, 7);
}

UNIT_TEST(units_sizes)
{
	size_t n = 0;
	char out[32];

	CHECK_INT(size_parse("10MiB", &n), 0);
	CHECK_INT(n, 10 * 1048576);
	CHECK_INT(size_parse("1k", &n), 0);
	CHECK_INT(n, 1024);
	CHECK_INT(size_parse("512", &n), 0);
	CHECK_INT(n, 512);
	CHECK_INT(size_parse("1.5k", &n), 0);
	CHECK_INT(n, 1536);
	CHECK_INT(size_parse("1.3b", &n), -1);
	CHECK_INT(size_parse("10 parsecs", &n), -1);
	CHECK_INT(size_parse("-1k", &n), -1);
	size_format(10485760, out, sizeof(out));
	CHECK_STR(out, "10 MiB");
	size_format(1024, out, sizeof(out));
	CHECK_STR(out, "1 KiB");
	size_format(1000, out, sizeof(out));
	CHECK_STR(out, "1000 bytes");
}

UNIT_TEST(suggest_close_keys)
{
	static const char *const keys[] = { "status", "headers", "body", "time" };

	CHECK_STR(suggest("stauts", keys, 4), "status");
	CHECK_STR(suggest("header", keys, 4), "headers");
	CHECK_STR(suggest("Body", keys, 4), "body");
	CHECK_STR(suggest("tme", keys, 4), "time");
	CHECK(suggest("json", keys, 4) == NULL);
	CHECK(suggest("completely-different", keys, 4) == NULL);
}
