/* assert_certificate.c - `certificate: { subject, issuer, startDate,
 * expireDate, daysLeft, serialNumber }`: predicates on the certificate the
 * server showed in the TLS handshake of the response's connection, as
 * libcurl reports it (CURLINFO_CERTINFO).  Its subject makes it a capture
 * source too: `capture: { days: { certificate: daysLeft } }`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "assert.h"
#include "predicate.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"

extern const struct assert_kind assert_certificate;	/* below */

static const char *const fields[] = {
	"subject", "issuer", "startDate", "expireDate", "daysLeft",
	"serialNumber",
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))
enum { F_SUBJECT, F_ISSUER, F_START, F_EXPIRE, F_DAYS, F_SERIAL };

/* A field's name compiles to its entry in fields. */
static void *
field_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	const char *near;
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(text, fields[i]) == 0)
			return (void *)&fields[i];
	near = suggest(text, fields, NFIELDS);
	snprintf(err, errlen, "a certificate has subject, issuer, startDate, "
	    "expireDate, daysLeft and serialNumber%s%s%s", near ? " (did you "
	    "mean '" : "", near ? near : "", near ? "'?)" : "");
	return NULL;
}

static void
field_free(void *f)
{
}

static const struct query_ops certificate_ops = {
	.noun = "certificate",
	.what = "certificate fields",
	.syntax = "certificate field",
	.compile = field_compile,
	.free = field_free,
};

static int
certificate_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, struct checklist *out)
{
	if (json_is_object(node) && spec_keys(ctx, node, "certificate", fields,
	    NFIELDS) > 0)
		return -1;
	return query_map_compile(ctx, expect, node, &assert_certificate,
	    &certificate_ops, out);
}

/*
 * A distinguished name in OpenSSL's one-line form, "CN = a, O = b", as
 * "CN=a, O=b": the spaces around the first '=' of each attribute go
 * (values with a ',' or a '+' are quoted, so the separators are plain).
 */
static char *
dn_text(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int quoted = 0, named = 0;

	while (*s) {
		if (*s == '\\' && s[1] != '\0') {
			*o++ = *s++;
			*o++ = *s++;
		} else if (*s == '"') {
			quoted = !quoted;
			*o++ = *s++;
		} else if (!quoted && !named && strncmp(s, " = ", 3) == 0) {
			*o++ = '=';
			s += 3;
			named = 1;
		} else {
			if (!quoted && (strncmp(s, ", ", 2) == 0 ||
			    strncmp(s, " + ", 3) == 0))
				named = 0;
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/*
 * A date as TLS backends print them: OpenSSL's "Nov 29 22:11:41 2026
 * GMT", curl's own ASN.1 reader's "2026-11-29 22:11:41 GMT", RFC 1123's
 * "Sun, 29 Nov 2026 22:11:41 GMT".  Returns 0 with *t, or -1.
 */
static int
date_parse(const char *s, time_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	const char *m = NULL;
	char mon[4] = "";
	int year, n = -1;

	if (sscanf(s, "%3[A-Za-z] %d %d:%d:%d %d%n", mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &year, &n) == 6 ||
	    sscanf(s, "%*3[A-Za-z], %d %3[A-Za-z] %d %d:%d:%d%n", &tm.tm_mday,
	    mon, &year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6) {
		if (strlen(mon) != 3 || (m = strstr(months, mon)) == NULL ||
		    (m - months) % 3 != 0)
			return -1;
		tm.tm_mon = (int)(m - months) / 3;
	} else if (sscanf(s, "%d-%d-%d %d:%d:%d%n", &year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6)
		tm.tm_mon--;
	else
		return -1;
	s += n;
	if (*s != '\0' && strcmp(s, " GMT") != 0 && strcmp(s, " UTC") != 0 &&
	    strcmp(s, "Z") != 0)
		return -1;
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || year < 1900)
		return -1;
	tm.tm_year = year - 1900;
	*t = timegm(&tm);
	return 0;
}

/* A date as ISO 8601 in UTC, "2026-11-29T22:11:41Z" (new); as libcurl
 * wrote it when it is not a date this reads. */
static json_t *
date_value(const char *s)
{
	struct tm tm;
	char iso[32];
	time_t t;

	if (date_parse(s, &t) == -1 || gmtime_r(&t, &tm) == NULL ||
	    strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return json_stringn_nocheck(s, strlen(s));
	return json_string(iso);
}

/* Hex digits, lowercase, without separators (new). */
static json_t *
serial_value(const char *s)
{
	char *hex = xmalloc(strlen(s) + 1), *o = hex;
	json_t *v;

	for (; *s; s++)
		if (*s != ':' && *s != ' ')
			*o++ = (char)(*s >= 'A' && *s <= 'F' ? *s - 'A' + 'a' : *s);
	v = json_stringn_nocheck(hex, (size_t)(o - hex));
	free(hex);
	return v;
}

/* Whole days from now to the expiry date, rounded down: 0 on its last
 * day, negative once it is past. */
static int
days_left(const char *expire, json_t **hold, struct buf *why)
{
	time_t t;

	if (date_parse(expire, &t) == -1) {
		buf_addf(why, "cannot read the certificate's expiry date '%s'",
		    expire);
		return -1;
	}
	*hold = json_integer((json_int_t)floor(difftime(t, time(NULL)) /
	    86400.0));
	return 0;
}

static int
certificate_subject(const void *field, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	const struct http_response *r = env->resp;
	const struct http_cert *k = r->cert;
	size_t f = (size_t)((const char *const *)field - fields);
	const char *raw;
	char *s;

	if (k == NULL) {
		if (r->url != NULL && strncasecmp(r->url, "https://", 8) == 0)
			buf_adds(why, "libcurl reported no certificate for this "
			    "https:// response");
		else
			buf_adds(why, "the response came over http://, no TLS "
			    "certificate");
		return -1;
	}
	raw = f == F_SUBJECT ? k->subject : f == F_ISSUER ? k->issuer :
	    f == F_START ? k->start : f == F_SERIAL ? k->serial : k->expire;
	if (raw == NULL) {
		buf_addf(why, "libcurl reported no %s of the certificate",
		    fields[f]);
		return 0;
	}
	switch (f) {
	case F_SUBJECT:
	case F_ISSUER:
		s = dn_text(raw);
		*hold = json_stringn_nocheck(s, strlen(s));
		free(s);
		break;
	case F_START:
	case F_EXPIRE:
		*hold = date_value(raw);
		break;
	case F_DAYS:
		if (days_left(raw, hold, why) == -1)
			return -1;
		sj->v = *hold;
		return 0;
	default:
		*hold = serial_value(raw);
		break;
	}
	sj->s = json_string_value(*hold);
	sj->len = json_string_length(*hold);
	return 0;
}

const struct assert_kind assert_certificate = {
	.key = "certificate",
	.target = ASSERT_HTTP,
	.queries = 1,
	.ops = &certificate_ops,
	.compile = certificate_compile,
	.eval = query_eval,
	.subject = certificate_subject,
	.free = query_free,
};
