/* spec_request.h - building a test's request, and `defaults:`, from the
 * spec tree. */
#ifndef SHAKEDOWN_SPEC_REQUEST_H
#define SHAKEDOWN_SPEC_REQUEST_H

#include <jansson.h>

#include "spec.h"
#include "../../base/spec_ctx.h"

/* req (the caller's) empty, its options unset (-1). */
void	 request_init(struct request *req);
/* Frees what req holds (not req). */
void	 request_clear(struct request *req);

/* The request mapping r (at rpos): keys checked, url required, the body,
 * options, into req (its fields new; r and specdir borrowed).  specdir
 * resolves file paths.  Returns 0, or -1 after reporting. */
int	 spec_request_load(struct spec_ctx *c, const json_t *r, struct srcpos rpos,
	    struct request *req, const char *specdir);

/* timeout, follow, insecure, TLS, auth, cookies, headers: of a request or
 * of `defaults:`, from r (borrowed) into req (its fields new).  Returns 0,
 * or -1 after reporting. */
int	 spec_request_options(struct spec_ctx *c, const json_t *r,
	    struct request *req);

/* Fills in what req left unset from d (`defaults:`, borrowed: copied);
 * its own headers and cookies win over defaults of the same name. */
void	 request_defaults(struct request *req, const struct request *d);

#endif
