/* browser_test.c - STAND-IN: compiles a test's `browser:` enough for the
 * spec side to be built and tested (open, as a string or a mapping key;
 * the other keys are taken as they are and ignored).  The real one (branch
 * cdp) replaces this file at merge. */
#include <stdlib.h>

#include "browser.h"
#include "../base/xalloc.h"

struct browser_test *
browser_test_compile(struct spec_ctx *ctx, const json_t *test,
    const json_t *node)
{
	struct browser_test *bt;
	const json_t *open = node;
	struct srcpos pos = spec_valpos(ctx, test, "browser");

	if (json_is_object(node)) {
		open = json_object_get(node, "open");
		pos = spec_valpos(ctx, node, "open");
	} else if (!json_is_string(node)) {
		spec_error(ctx, pos, "browser must be a path to open or a "
		    "mapping with open, steps…, got %s", spec_typename(node));
		return NULL;
	}
	bt = xcalloc(1, sizeof(*bt));
	bt->timeout_ms = -1;
	bt->width = 1280;
	bt->height = 800;
	if (open != NULL &&
	    (bt->open = spec_string(ctx, open, pos, "open", 0)) == NULL) {
		browser_test_free(bt);
		return NULL;
	}
	return bt;
}

void
browser_test_free(struct browser_test *bt)
{
	if (bt == NULL)
		return;
	free(bt->open);
	free(bt);
}
