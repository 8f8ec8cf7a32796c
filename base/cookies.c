/* cookies.c - RFC 6265's sending and keeping rules (§5.1.3 domain match,
 * §5.1.4 path match, §5.3 storage, §5.4 the Cookie header), with
 * libcurl's secure contexts (https, or http to localhost) and cookie
 * prefixes, to say why the jar left a cookie out. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <curl/curl.h>

#include "cookies.h"
#include "xalloc.h"

void
jar_cookie_clear(struct jar_cookie *c)
{
	free(c->domain);
	free(c->path);
	free(c->name);
	free(c->value);
	memset(c, 0, sizeof(*c));
}

static char *
lower(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

int
jar_cookie_parse(const char *line, struct jar_cookie *c)
{
	const char *f[7], *p = line;
	size_t n[7], i;

	memset(c, 0, sizeof(*c));
	if (strncmp(p, "#HttpOnly_", 10) == 0)
		p += 10;
	for (i = 0; i < 7; i++) {
		f[i] = p;
		n[i] = i < 6 ? strcspn(p, "\t") : strlen(p);
		if (i < 6 && p[n[i]] != '\t')
			return -1;
		p += n[i] + 1;
	}
	if (n[0] > 0 && f[0][0] == '.') {
		f[0]++;
		n[0]--;
	}
	if (n[0] > 1 && f[0][0] == '[' && f[0][n[0] - 1] == ']') {
		f[0]++;			/* an IPv6 host, as url_parts has it */
		n[0] -= 2;
	}
	c->domain = lower(xstrndup(f[0], n[0]));
	c->subdomains = n[1] == 4 && strncasecmp(f[1], "TRUE", 4) == 0;
	c->path = xstrndup(f[2], n[2]);
	c->secure = n[3] == 4 && strncasecmp(f[3], "TRUE", 4) == 0;
	c->expires = strtoll(f[4], NULL, 10);
	c->name = xstrndup(f[5], n[5]);
	c->value = xstrndup(f[6], n[6]);
	return 0;
}

/* The URL's scheme, host (lower case, an IPv6 literal without brackets)
 * and path; -1 if it is not a URL. */
static int
url_parts(const char *url, char **scheme, char **host, char **path)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *p = NULL;
	size_t n;
	int rc = -1;

	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &p, 0) == CURLUE_OK) {
		*scheme = lower(xstrdup(s));
		n = strlen(h);
		*host = lower(h[0] == '[' && n > 1 ? xstrndup(h + 1, n - 2) :
		    xstrdup(h));
		*path = xstrdup(p);
		rc = 0;
	}
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return rc;
}

static int
is_ip(const char *host)
{
	unsigned char a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

static int
local_host(const char *host)
{
	return strcmp(host, "localhost") == 0 || strcmp(host, "127.0.0.1") == 0 ||
	    strcmp(host, "::1") == 0;
}

int
cookie_secure_context(const char *url)
{
	char *scheme, *host, *path;
	int ok;

	if (url_parts(url, &scheme, &host, &path) == -1)
		return 0;
	ok = strcmp(scheme, "https") == 0 || local_host(host);
	free(scheme);
	free(host);
	free(path);
	return ok;
}

/* RFC 6265 §5.1.3: host is domain, or a name under it (not an IP). */
static int
domain_match(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);

	if (strcmp(host, domain) == 0)
		return 1;
	return h > d && host[h - d - 1] == '.' &&
	    strcmp(host + h - d, domain) == 0 && !is_ip(host);
}

/* RFC 6265 §5.1.4. */
static int
path_match(const char *path, const char *cpath)
{
	size_t n = strlen(cpath);

	if (strcmp(path, cpath) == 0)
		return 1;
	return strncmp(path, cpath, n) == 0 && (n > 0 &&
	    (cpath[n - 1] == '/' || path[n] == '/'));
}

int
cookie_not_sent_why(const struct jar_cookie *c, const char *url, time_t now,
    char *why, size_t len)
{
	char *scheme, *host, *path, when[64];
	struct tm tm;
	time_t t;
	int bad = 1;

	if (url_parts(url, &scheme, &host, &path) == -1)
		return 0;
	if (!c->subdomains && strcmp(host, c->domain) != 0)
		snprintf(why, len, "it belongs to the host %s only, and the "
		    "request goes to %s (RFC 6265 §5.4)", c->domain, host);
	else if (c->subdomains && !domain_match(host, c->domain))
		snprintf(why, len, "its domain is %s, and %s is neither it nor "
		    "a name under it (RFC 6265 §5.1.3)", c->domain, host);
	else if (!path_match(path, c->path))
		snprintf(why, len, "its path is %s, and the request's path %s "
		    "is not under it (RFC 6265 §5.1.4)", c->path, path);
	else if (c->secure && strcmp(scheme, "https") != 0 && !local_host(host))
		snprintf(why, len, "it is Secure, and this is plain http to %s, "
		    "a host other than localhost (only https, or http to "
		    "localhost, carries it: RFC 6265 §5.4)", host);
	else if (c->expires > 0 && c->expires <= (long long)now) {
		t = (time_t)c->expires;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
		snprintf(why, len, "it expired at %s", when);
	} else
		bad = 0;
	free(scheme);
	free(host);
	free(path);
	return bad;
}

/* The value of attribute `name` in a Set-Cookie's attributes (new), or
 * NULL; *flag is set when it appears, with or without a value. */
static char *
attribute(const char *attrs, const char *name, int *flag)
{
	const char *p = attrs, *eq, *end;
	size_t n = strlen(name), k;
	char *v = NULL;

	*flag = 0;
	while (*p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		end = p + strcspn(p, ";");
		eq = memchr(p, '=', (size_t)(end - p));
		k = (size_t)((eq ? eq : end) - p);
		while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		if (k == n && strncasecmp(p, name, n) == 0) {
			*flag = 1;
			free(v);
			v = eq ? xstrndup_trim(eq + 1, (size_t)(end - eq - 1)) :
			    NULL;
		}
		p = end;
	}
	return v;
}

/* Max-Age of 0 or less, or else an Expires in the past (§5.2.2, §5.2.1). */
static int
deletes(const char *age, const char *exp)
{
	char *end;
	long long n;
	time_t when;

	if (age != NULL) {
		n = strtoll(age, &end, 10);
		if (end != age && *end == '\0')
			return n <= 0;
	}
	return exp != NULL && (when = curl_getdate(exp, NULL)) != -1 &&
	    when < time(NULL);
}

int
cookie_not_kept_why(const char *setcookie, const char *url, char **name,
    char *why, size_t len)
{
	char *scheme = NULL, *host = NULL, *path = NULL, *domain, *cpath, *age,
	    *exp;
	const char *attrs = setcookie + strcspn(setcookie, ";");
	const char *eq = memchr(setcookie, '=', (size_t)(attrs - setcookie));
	int secure, has_domain, has_path, f, rc = 0;

	*name = NULL;
	if (eq == NULL || url_parts(url, &scheme, &host, &path) == -1)
		return -1;
	*name = xstrndup_trim(setcookie, (size_t)(eq - setcookie));
	attribute(attrs, "Secure", &secure);
	domain = attribute(attrs, "Domain", &has_domain);
	cpath = attribute(attrs, "Path", &has_path);
	age = attribute(attrs, "Max-Age", &f);
	exp = attribute(attrs, "Expires", &f);
	if (domain != NULL && *domain == '.')
		memmove(domain, domain + 1, strlen(domain));
	if (domain != NULL)
		lower(domain);
	if (**name == '\0')
		rc = -1;
	else if (deletes(age, exp))
		rc = -1;		/* deletes the cookie */
	else if (secure && strcmp(scheme, "https") != 0 && !local_host(host)) {
		snprintf(why, len, "it is Secure, and it came over plain http "
		    "from %s, a host other than localhost: libcurl keeps a "
		    "Secure cookie only from https or localhost (RFC 6265bis "
		    "§5.7)", host);
		rc = 1;
	} else if (domain != NULL && *domain != '\0' &&
	    !domain_match(host, domain)) {
		snprintf(why, len, "its Domain=%s does not cover the host %s "
		    "that set it (RFC 6265 §5.3, step 6)", domain, host);
		rc = 1;
	} else if (strncmp(*name, "__Secure-", 9) == 0 && !secure) {
		snprintf(why, len, "its name starts with __Secure- and it is "
		    "not Secure (RFC 6265bis §4.1.3.1)");
		rc = 1;
	} else if (strncmp(*name, "__Host-", 7) == 0 && (!secure ||
	    has_domain || cpath == NULL || strcmp(cpath, "/") != 0)) {
		snprintf(why, len, "its name starts with __Host-, which needs "
		    "Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2)");
		rc = 1;
	}
	free(domain);
	free(cpath);
	free(age);
	free(exp);
	free(scheme);
	free(host);
	free(path);
	return rc;
}

int
cookie_header_has(const char *header, const char *name, const char *value)
{
	size_t n = strlen(name), v = value ? strlen(value) : 0, k;
	const char *p = header;

	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		k = strcspn(p, ";");
		while (k > 0 && p[k - 1] == ' ')
			k--;
		if (k >= n + 1 && strncmp(p, name, n) == 0 && p[n] == '=' &&
		    (value == NULL || (k == n + 1 + v &&
		    strncmp(p + n + 1, value, v) == 0)))
			return 1;
		p += strcspn(p, ";");
	}
	return 0;
}

int
cookie_same_host(const char *a, const char *b)
{
	char *s1, *h1, *p1, *s2, *h2, *p2;
	int same;

	if (url_parts(a, &s1, &h1, &p1) == -1)
		return 0;
	if (url_parts(b, &s2, &h2, &p2) == -1) {
		same = 0;
		s2 = h2 = p2 = NULL;
	} else
		same = strcmp(h1, h2) == 0;
	free(s1);
	free(h1);
	free(p1);
	free(s2);
	free(h2);
	free(p2);
	return same;
}
