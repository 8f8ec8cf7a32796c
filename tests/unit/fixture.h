/* fixture.h - what the assertion and capture tests share: a YAML snippet
 * compiled, as a spec compiles a test's expect: and capture:, in a spec
 * context of its own. */
#ifndef SHAKEDOWN_UNIT_FIXTURE_H
#define SHAKEDOWN_UNIT_FIXTURE_H

#include <jansson.h>

#include "../../assertions/assert.h"
#include "../../assertions/capture.h"
#include "../../base/buf.h"
#include "../../base/srcdoc.h"

struct fixture {
	struct srcdoc	*doc;
	struct buf	 errs;		/* the spec errors, "t.yaml:L:C: …" */
	struct checklist *checks;	/* never NULL once compiled */
	struct capture_list *caps;	/* or NULL */
	json_t		*vars;		/* the names {{…}} may use, then the
					 * values captures take */
	int		 rc;		/* 0, or -1 after an error */
};

/*
 * Parses yaml (borrowed) into f (overwritten) and compiles it for a test
 * of target (ASSERT_HTTP…): the mappings `expect:` and `capture:` of its
 * root when it has either, else the root as an `expect:` mapping.  vars
 * (steals; NULL: none) are the names known.  Returns f->rc.
 */
int	fixture_compile(struct fixture *f, const char *yaml, json_t *vars,
	    int target);
/* Frees what f holds. */
void	fixture_free(struct fixture *f);

#endif
