/* setcookie.h - the cookies a response sets (RFC 6265 Set-Cookie). */
#ifndef SHAKEDOWN_SETCOOKIE_H
#define SHAKEDOWN_SETCOOKIE_H

#include <jansson.h>
#include "../base/http.h"

/*
 * The last Set-Cookie of that name in resp (both borrowed), as a new
 * reference to an object with "value"
 * and the attributes it carries: "path", "domain", "expires", "sameSite"
 * (strings), "maxAge" (integer), "secure", "httpOnly" (booleans, false
 * when missing).  NULL when resp sets no such cookie.
 */
json_t	*setcookie_find(const struct http_response *resp, const char *name);

#endif
