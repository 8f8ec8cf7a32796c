/* cookies.h - why libcurl's cookie jar did not send a cookie with a
 * request, or did not keep one a response set: RFC 6265's rules, as
 * libcurl applies them, worked out again from the jar's own lines
 * (CURLINFO_COOKIELIST) for the transcript of a failing test.  libcurl
 * decides; this only explains. */
#ifndef SHAKEDOWN_COOKIES_H
#define SHAKEDOWN_COOKIES_H

#include <stddef.h>
#include <time.h>

/* A cookie of the jar. */
struct jar_cookie {
	char		*domain;	/* lower case, no leading dot, an IPv6
					 * address without brackets */
	int		 subdomains;	/* 0: host-only (no Domain attribute) */
	char		*path;
	int		 secure;
	long long	 expires;	/* seconds since the epoch; 0: session */
	char		*name;
	char		*value;
};

/* Parses one CURLINFO_COOKIELIST line (borrowed; the Netscape format,
 * "#HttpOnly_" prefix allowed) into c (the caller's; its strings new).
 * Returns 0, or -1 if it is not one; c is to be cleared either way. */
int	 jar_cookie_parse(const char *line, struct jar_cookie *c);
/* Frees the strings c owns (not c). */
void	 jar_cookie_clear(struct jar_cookie *c);

/*
 * Why the jar does not send c with a request to url (both borrowed) at time
 * now: returns 1 and fills why ("it is Secure, and …"), or 0 when the rules
 * would send it (the domain, path, Secure flag and expiry all allow it).
 */
int	 cookie_not_sent_why(const struct jar_cookie *c, const char *url,
	    time_t now, char *why, size_t len);

/*
 * A Set-Cookie value a response from url carried (both borrowed): *name
 * gets the cookie's name (new, the caller frees it).  Returns 1 with why
 * filled when the rules refuse to keep it (a Secure cookie from plain http
 * to a host other than localhost, a Domain that does not cover the host, a
 * broken __Secure- or __Host- prefix), 0 when they keep it, -1 when it
 * deletes the cookie (already expired) or names none (*name NULL).
 */
int	 cookie_not_kept_why(const char *setcookie, const char *url,
	    char **name, char *why, size_t len);

/* Whether a Cookie header value ("a=1; b=2") carries name=value (value
 * NULL: any value); all borrowed. */
int	 cookie_header_has(const char *header, const char *name,
	    const char *value);

/* Whether two URLs (borrowed) go to the same host (cookies ignore
 * ports). */
int	 cookie_same_host(const char *a, const char *b);

/* Whether a request to url (borrowed) is a secure context for cookies, as
 * libcurl sees it: https, or http to localhost, 127.0.0.1 or ::1. */
int	 cookie_secure_context(const char *url);

#endif
