/* request_build.h - a spec's request made concrete: every {{var}}
 * expanded, the URL joined to the base, the body serialised. */
#ifndef SHAKEDOWN_REQUEST_BUILD_H
#define SHAKEDOWN_REQUEST_BUILD_H

#include <jansson.h>

#include "../../base/http.h"
#include "../spec/spec.h"

/* A request ready for http_do; req points into the other fields. */
struct built {
	struct http_request	 req;
	char			*url;
	struct http_header	*headers;
	size_t			 nheaders;
	struct http_header	*form;
	size_t			 nform;
	struct http_part	*parts;
	size_t			 nparts;
	char			*body;
	char			*user;
	char			*password;
	char			*bearer;
	char			*cookies;
};

/* Per-run settings a request falls back on. */
struct build_opts {
	const char	*base_url;	/* for relative URLs, or NULL */
	long		 timeout_ms;
	int		 insecure;
	const char	*cacert;
	const char	*cert;
	const char	*key;
};

/* Fills b (the caller's; its fields new) from r with vars and o (all
 * borrowed).  Returns 0, or -1 with err (the caller's buf) set (an
 * undefined variable, no base URL); b must be cleared either way. */
int	 request_build(const struct request *r, const json_t *vars,
	    const struct build_opts *o, struct built *b, struct buf *err);
/* Frees what b owns (not b). */
void	 built_clear(struct built *b);

#endif
