/* spec_app.h - loading `app:`, `ready:` and exec argv (spec_app.c). */
#ifndef SHAKEDOWN_SPEC_APP_H
#define SHAKEDOWN_SPEC_APP_H

#include "spec.h"
#include "../../base/spec_ctx.h"

/* Each reads root, v and the specs it is given as borrowed, and reports its
 * problems through c.  New app spec from root's `app:`, or NULL after
 * reporting. */
struct app_spec	*spec_app_load(struct spec_ctx *c, const json_t *root);
/* Frees app; accepts NULL. */
void		 spec_app_free(struct app_spec *app);
/* New compose spec from root's `compose:` (files relative to specdir), or
 * NULL after reporting. */
struct compose_spec *spec_compose_load(struct spec_ctx *c, const json_t *root,
		    const char *specdir);
/* Frees cs; accepts NULL. */
void		 spec_compose_free(struct compose_spec *cs);
/* New readiness spec (defaults when root has no `ready:`), or NULL after
 * reporting. */
struct ready_spec *spec_ready_load(struct spec_ctx *c, const json_t *root,
		    const struct app_spec *app, const struct compose_spec *cs);
/* Frees rs; accepts NULL. */
void		 spec_ready_free(struct ready_spec *rs);
/* A command: a non-empty list of words, ${ENV} expanded; new, or NULL after
 * reporting. */
json_t		*spec_argv(struct spec_ctx *c, const json_t *v, struct srcpos pos,
		    const char *what);

#endif
