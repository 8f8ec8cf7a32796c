/* units.c - parse durations and sizes. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "units.h"

static const struct unit {
	const char	*name;
	double		 factor;
} durations[] = {
	{ "us", 0.001 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
	{ "h", 3600000 },
}, sizes[] = {
	{ "", 1 }, { "b", 1 },
	{ "k", 1024.0 }, { "kb", 1024.0 }, { "kib", 1024.0 },
	{ "m", 1048576.0 }, { "mb", 1048576.0 }, { "mib", 1048576.0 },
	{ "g", 1073741824.0 }, { "gb", 1073741824.0 }, { "gib", 1073741824.0 },
};

/* Splits "12.5 unit" into a number and a unit found in the table. */
static int
parse_with(const char *s, const struct unit *u, size_t n, double *out)
{
	char *end;
	double v;
	size_t i;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	v = strtod(s, &end);
	if (end == s || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	for (i = 0; i < n; i++) {
		if (strcasecmp(end, u[i].name) == 0) {
			*out = v * u[i].factor;
			return 0;
		}
	}
	return -1;
}

int
duration_parse(const char *s, long *ms)
{
	double v;

	if (parse_with(s, durations, sizeof(durations) / sizeof(durations[0]),
	    &v) == -1 || v > 7 * 24 * 3600 * 1000.0)
		return -1;
	*ms = (long)(v + 0.5);
	return 0;
}

int
size_parse(const char *s, size_t *bytes)
{
	double v;

	if (parse_with(s, sizes, sizeof(sizes) / sizeof(sizes[0]), &v) == -1 ||
	    v > (double)((size_t)1 << 40) || v != floor(v))
		return -1;
	*bytes = (size_t)v;
	return 0;
}

void
size_format(size_t bytes, char *out, size_t outlen)
{
	if (bytes >= 1048576 && bytes % 1048576 == 0)
		snprintf(out, outlen, "%zu MiB", bytes / 1048576);
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(out, outlen, "%zu KiB", bytes / 1024);
	else
		snprintf(out, outlen, "%zu bytes", bytes);
}
