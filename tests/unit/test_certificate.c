/* test_certificate.c - `certificate:` and `capture: { certificate: … }`
 * on a response whose certificate is built by hand as libcurl's backends
 * word it; and that every kind with a subject is a capture source, with
 * nothing in capture.c naming it. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fixture.h"
#include "unit.h"
#include "../../assertions/capture.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"

/* Compiles yaml's `expect:` and `capture:` for a test of target;
 * returns 0, or -1 with the errors in f->errs. */
static int
certcompile(struct fixture *f, const char *yaml, int target)
{
	return fixture_compile(f, yaml, NULL, target);
}


/* "Mon DD HH:MM:SS YYYY GMT", OpenSSL's wording, of now + days (new). */
static char *
openssl_date(long days)
{
	time_t t = time(NULL) + days * 86400 + 3600;
	char s[64];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%b %e %H:%M:%S %Y GMT", &tm);
	return xstrdup(s);
}

static void
tls_response(struct http_response *r, const char *url)
{
	http_response_init(r);
	r->status = 200;
	r->url = xstrdup(url);
	if (strncmp(url, "https:", 6) != 0)
		return;
	r->cert = xcalloc(1, sizeof(*r->cert));
	r->cert->subject = xstrdup("CN = shop.example.com, O = \"Example, "
	    "Inc\", OU = a = b");
	r->cert->issuer = xstrdup("C = US, O = Let's Encrypt, CN = R3");
	r->cert->start = xstrdup("Nov  2 08:04:05 2026 GMT");
	r->cert->expire = openssl_date(40);
	r->cert->serial = xstrdup("04:A1:ff");
}

/* Evaluates the checks and runs the captures on r; the failure lines
 * (new), *nbad their number. */
static char *
certrun(struct fixture *f, const struct http_response *r, int *nbad)
{
	struct assert_env env = { .resp = r, .vars = f->vars };
	struct buf msg = BUF_INIT;
	json_t *failed = json_object();

	*nbad = checklist_eval(f->checks, &env, &msg);
	*nbad += capture_list_run(f->caps, &env, f->vars, &msg, failed);
	json_decref(failed);
	return buf_detach(&msg);
}

UNIT_TEST(certificate_fields)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	tls_response(&r, "https://shop.example.com/");
	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate:\n"
	    "    subject: 'CN=shop.example.com, O=\"Example, Inc\", OU=a = b'\n"
	    "    issuer: { contains: \"O=Let's Encrypt\" }\n"
	    "    startDate: 2026-11-02T08:04:05Z\n"
	    "    expireDate: { matches: '^\\d{4}-\\d\\d-\\d\\dT' }\n"
	    "    daysLeft: 40\n"
	    "    serialNumber: 04a1ff\n"
	    "capture:\n"
	    "  days: { certificate: daysLeft }\n"
	    "  from: { certificate: startDate }\n"
	    "  org: { certificate: subject, regex: 'O=\"([^\"]+)\"' }\n",
	    ASSERT_HTTP), 0);
	CHECK_STR(buf_str(&f.errs), "");
	msg = certrun(&f, &r, &n);
	CHECK_STR(msg, "");
	CHECK_INT(n, 0);
	CHECK(json_is_integer(json_object_get(f.vars, "days")));
	CHECK_INT(json_integer_value(json_object_get(f.vars, "days")), 40);
	CHECK_STR(json_string_value(json_object_get(f.vars, "from")),
	    "2026-11-02T08:04:05Z");
	CHECK_STR(json_string_value(json_object_get(f.vars, "org")),
	    "Example, Inc");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
}

/* Dates as other backends word them; one none reads. */
UNIT_TEST(certificate_dates)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	tls_response(&r, "https://shop.example.com/");
	free(r.cert->start);
	r.cert->start = xstrdup("2026-11-02 08:04:05 GMT");
	free(r.cert->expire);
	r.cert->expire = xstrdup("Mon, 04 Jan 2027 00:00:00 GMT");
	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate:\n"
	    "    startDate: 2026-11-02T08:04:05Z\n"
	    "    expireDate: 2027-01-04T00:00:00Z\n", ASSERT_HTTP), 0);
	msg = certrun(&f, &r, &n);
	CHECK_STR(msg, "");
	free(msg);
	fixture_free(&f);

	free(r.cert->expire);
	r.cert->expire = xstrdup("someday");
	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate: { expireDate: someday, daysLeft: { above: 1 } }\n",
	    ASSERT_HTTP), 0);
	msg = certrun(&f, &r, &n);
	CHECK_INT(n, 1);
	CHECK_STR(msg, "certificate daysLeft: cannot read the certificate's "
	    "expiry date 'someday'\n");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
}

UNIT_TEST(certificate_failures)
{
	struct http_response r;
	struct fixture f;
	char *msg;
	int n;

	tls_response(&r, "https://shop.example.com/");
	free(r.cert->expire);
	r.cert->expire = openssl_date(-3);
	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate: { daysLeft: { above: 30 } }\n", ASSERT_HTTP), 0);
	msg = certrun(&f, &r, &n);
	CHECK_STR(msg, "certificate daysLeft: expected to be above 30, got -3\n");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);

	tls_response(&r, "http://shop.example.com/");
	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate: { subject: { exists: true } }\n"
	    "capture:\n"
	    "  days: { certificate: daysLeft }\n", ASSERT_HTTP), 0);
	msg = certrun(&f, &r, &n);
	CHECK_INT(n, 2);
	CHECK_STR(msg,
	    "certificate subject: the response came over http://, no TLS "
	    "certificate\n"
	    "capture 'days': the response came over http://, no TLS "
	    "certificate\n");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);

	/* https:// and nothing reported: another TLS backend, say. */
	tls_response(&r, "http://shop.example.com/");
	free(r.url);
	r.url = xstrdup("https://shop.example.com/");
	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate: { subject: { exists: true } }\n", ASSERT_HTTP), 0);
	msg = certrun(&f, &r, &n);
	CHECK_STR(msg, "certificate subject: libcurl reported no certificate "
	    "for this https:// response\n");
	free(msg);
	fixture_free(&f);
	http_response_clear(&r);
}

UNIT_TEST(certificate_spec_errors)
{
	struct fixture f;

	CHECK_INT(certcompile(&f, "expect:\n"
	    "  certificate: { subjct: a }\n"
	    "capture:\n"
	    "  d: { certificate: dayLeft }\n"
	    "  e: { certificate: [a] }\n", ASSERT_HTTP), -1);
	CHECK_STR(buf_str(&f.errs),
	    "t.yaml:2:18: unknown key 'subjct' in certificate (did you mean "
	    "'subject'?)\n"
	    "t.yaml:4:21: bad certificate field 'dayLeft' in capture 'd': a "
	    "certificate has subject, issuer, startDate, expireDate, daysLeft "
	    "and serialNumber (did you mean 'daysLeft'?)\n"
	    "t.yaml:5:21: capture 'e' must be a string, got a list\n");
	fixture_free(&f);
	CHECK_INT(certcompile(&f, "expect:\n  certificate: {}\n", ASSERT_HTTP),
	    -1);
	CHECK_STR(buf_str(&f.errs), "t.yaml:2:16: certificate must be a mapping "
	    "of certificate fields to expected values, got an empty mapping\n");
	fixture_free(&f);
	CHECK_INT(certcompile(&f, "expect:\n  certificate: { daysLeft: 1 }\n",
	    ASSERT_EXEC), -1);
	CHECK_STR(buf_str(&f.errs), "t.yaml:2:3: 'certificate' applies to HTTP "
	    "tests, not to exec tests\n");
	fixture_free(&f);
	CHECK_INT(certcompile(&f, "capture:\n  d: { certificate: daysLeft }\n",
	    ASSERT_EXEC), -1);
	CHECK_STR(buf_str(&f.errs), "t.yaml:2:8: capture 'd': 'certificate' is "
	    "not a source of exec tests\n");
	fixture_free(&f);
}

/* By construction: each kind with a subject is a source under capture:,
 * named by its query's noun or its key, for the tests it applies to. */
UNIT_TEST(capture_every_subject_kind)
{
	const struct assert_kind *const *kinds;
	const struct assert_kind *k;
	struct fixture f;
	char yaml[256];
	size_t i, n, sources = 0;
	int target;

	kinds = assert_kinds(&n);
	for (i = 0; i < n; i++) {
		if ((k = kinds[i])->subject == NULL)
			continue;
		sources++;
		target = k->target & ASSERT_HTTP ? ASSERT_HTTP :
		    k->target & ASSERT_EXEC ? ASSERT_EXEC : ASSERT_BROWSER;
		snprintf(yaml, sizeof(yaml), "capture:\n  x: { %s: %s }\n",
		    k->ops ? k->ops->noun : k->key, k->ops == NULL ? "true" :
		    k->ops == assert_find("certificate")->ops ? "daysLeft" :
		    k->ops == assert_find("json")->ops ? "$.a" : "/a");
		CHECK_INT(certcompile(&f, yaml, target), 0);
		CHECK_STR(buf_str(&f.errs), "");
		fixture_free(&f);
	}
	CHECK(sources >= 13);
}

/* `x: $.id` is { json: $.id }: not a source of exec tests either. */
UNIT_TEST(capture_shorthand_exec)
{
	struct fixture f;

	CHECK_INT(certcompile(&f, "capture:\n  x: $.id\n", ASSERT_EXEC), -1);
	CHECK_STR(buf_str(&f.errs), "t.yaml:2:6: capture 'x': 'json' is not a "
	    "source of exec tests\n");
	fixture_free(&f);
}
