/* spec_app.h - loading `app:`, `ready:` and exec argv (spec_app.c). */
#ifndef SHAKEDOWN_SPEC_APP_H
#define SHAKEDOWN_SPEC_APP_H

#include "spec.h"
#include "../../base/spec_ctx.h"

/* New app spec from root's `app:`, or NULL after reporting. */
struct app_spec	*spec_app_load(struct spec_ctx *c, const json_t *root);
void		 spec_app_free(struct app_spec *app);
/* New compose spec from root's `compose:` (files relative to specdir). */
struct compose_spec *spec_compose_load(struct spec_ctx *c, const json_t *root,
		    const char *specdir);
void		 spec_compose_free(struct compose_spec *cs);
/* New readiness spec (defaults when root has no `ready:`), or NULL. */
struct ready_spec *spec_ready_load(struct spec_ctx *c, const json_t *root,
		    const struct app_spec *app, const struct compose_spec *cs);
void		 spec_ready_free(struct ready_spec *rs);
/* A command: a non-empty list of words, ${ENV} expanded; new, or NULL. */
json_t		*spec_argv(struct spec_ctx *c, const json_t *v, struct srcpos pos,
		    const char *what);

#endif
