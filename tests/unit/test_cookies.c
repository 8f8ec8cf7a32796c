/* test_cookies.c - why the jar leaves a cookie out: RFC 6265's rules on
 * libcurl's jar lines and on Set-Cookie values. */
#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "../../base/cookies.h"

static int
why_not_sent(const char *line, const char *url, time_t now, char *why)
{
	struct jar_cookie c;
	int rc = -1;

	if (jar_cookie_parse(line, &c) == 0)
		rc = cookie_not_sent_why(&c, url, now, why, 512);
	jar_cookie_clear(&c);
	return rc;
}

UNIT_TEST(cookies_jar_line)
{
	struct jar_cookie c;

	CHECK_INT(jar_cookie_parse("#HttpOnly_.Example.com\tTRUE\t/app\tTRUE\t"
	    "1700000000\tsid\ta=b", &c), 0);
	CHECK_STR(c.domain, "example.com");
	CHECK_INT(c.subdomains, 1);
	CHECK_STR(c.path, "/app");
	CHECK_INT(c.secure, 1);
	CHECK_INT(c.expires, 1700000000);
	CHECK_STR(c.name, "sid");
	CHECK_STR(c.value, "a=b");
	jar_cookie_clear(&c);
	CHECK_INT(jar_cookie_parse("not a cookie line", &c), -1);
	jar_cookie_clear(&c);
}

UNIT_TEST(cookies_not_sent)
{
	char why[512];
	time_t now = 1800000000;

	/* sent: every rule allows it */
	CHECK_INT(why_not_sent("localhost\tFALSE\t/\tTRUE\t0\ts\t1",
	    "http://localhost:8080/x", now, why), 0);
	CHECK_INT(why_not_sent("[::1]\tFALSE\t/\tTRUE\t0\ts\t1",
	    "http://[::1]:8080/x", now, why), 0);
	CHECK_INT(why_not_sent("example.com\tTRUE\t/a\tFALSE\t0\ts\t1",
	    "https://www.example.com/a/b", now, why), 0);
	/* Secure over plain http to a host other than localhost */
	CHECK_INT(why_not_sent("docker\tFALSE\t/\tTRUE\t0\ts\t1",
	    "http://docker:8080/x", now, why), 1);
	CHECK_CONTAINS(why, "it is Secure, and this is plain http to docker");
	CHECK_INT(why_not_sent("docker\tFALSE\t/\tTRUE\t0\ts\t1",
	    "https://docker:8443/x", now, why), 0);
	/* host-only, domain, path, expiry */
	CHECK_INT(why_not_sent("a.test\tFALSE\t/\tFALSE\t0\ts\t1",
	    "http://www.a.test/", now, why), 1);
	CHECK_CONTAINS(why, "belongs to the host a.test only");
	CHECK_INT(why_not_sent("a.test\tTRUE\t/\tFALSE\t0\ts\t1",
	    "http://xa.test/", now, why), 1);
	CHECK_CONTAINS(why, "its domain is a.test, and xa.test is neither");
	CHECK_INT(why_not_sent("a.test\tFALSE\t/admin\tFALSE\t0\ts\t1",
	    "http://a.test/administrator", now, why), 1);
	CHECK_CONTAINS(why, "its path is /admin");
	CHECK_INT(why_not_sent("a.test\tFALSE\t/admin\tFALSE\t0\ts\t1",
	    "http://a.test/admin/users", now, why), 0);
	CHECK_INT(why_not_sent("a.test\tFALSE\t/\tFALSE\t1700000000\ts\t1",
	    "http://a.test/", now, why), 1);
	CHECK_STR(why, "it expired at 2023-11-14 22:13:20 UTC");
}

UNIT_TEST(cookies_not_kept)
{
	char why[512], *name;

	CHECK_INT(cookie_not_kept_why("sid=1; Secure; Path=/",
	    "http://docker:8080/login", &name, why, sizeof(why)), 1);
	CHECK_STR(name, "sid");
	CHECK_CONTAINS(why, "it is Secure, and it came over plain http from docker");
	free(name);
	CHECK_INT(cookie_not_kept_why("sid=1; Secure", "http://localhost/login",
	    &name, why, sizeof(why)), 0);
	free(name);
	CHECK_INT(cookie_not_kept_why("sid=1; Domain=other.test",
	    "http://a.test/", &name, why, sizeof(why)), 1);
	CHECK_CONTAINS(why, "its Domain=other.test does not cover the host a.test");
	free(name);
	CHECK_INT(cookie_not_kept_why("sid=1; Domain=.a.test",
	    "http://www.a.test/", &name, why, sizeof(why)), 0);
	free(name);
	CHECK_INT(cookie_not_kept_why("__Host-id=1; Secure; Path=/x",
	    "https://a.test/", &name, why, sizeof(why)), 1);
	CHECK_CONTAINS(why, "__Host-");
	free(name);
	CHECK_INT(cookie_not_kept_why("__Secure-id=1", "https://a.test/", &name,
	    why, sizeof(why)), 1);
	free(name);
	/* deleting a cookie is not refusing it */
	CHECK_INT(cookie_not_kept_why("sid=; Max-Age=0; Secure",
	    "http://docker/", &name, why, sizeof(why)), -1);
	free(name);
	CHECK_INT(cookie_not_kept_why("sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
	    "http://docker/", &name, why, sizeof(why)), -1);
	free(name);
	CHECK_INT(cookie_not_kept_why("no value at all", "http://a/", &name, why,
	    sizeof(why)), -1);
	CHECK(name == NULL);
}

UNIT_TEST(cookies_header_and_hosts)
{
	CHECK(cookie_header_has(" a=1; sid=abc; b=2", "sid", "abc"));
	CHECK(!cookie_header_has("a=1; sid=abcd", "sid", "abc"));
	CHECK(cookie_header_has("a=1; sid=abcd", "sid", NULL));
	CHECK(!cookie_header_has("asid=1", "sid", NULL));
	CHECK(cookie_same_host("http://a.test:1/x", "https://A.test:2/y"));
	CHECK(!cookie_same_host("http://a.test/", "http://b.test/"));
	CHECK(cookie_secure_context("http://127.0.0.1:8080/"));
	CHECK(cookie_secure_context("http://[::1]:8080/"));
	CHECK(cookie_secure_context("https://docker/"));
	CHECK(!cookie_secure_context("http://docker:8080/"));
}
