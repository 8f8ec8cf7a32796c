/* fixture.c - YAML snippets compiled as a test's expect: and capture:,
 * for the assertion and capture tests. */
#include <string.h>

#include "fixture.h"
#include "unit.h"

int
fixture_compile(struct fixture *f, const char *yaml, json_t *vars,
    int target)
{
	struct spec_ctx c = { 0 };
	const json_t *root, *v;
	char err[512];

	memset(f, 0, sizeof(*f));
	f->vars = vars ? vars : json_object();
	f->checks = checklist_new();
	f->doc = srcdoc_parse("t.yaml", yaml, strlen(yaml), err, sizeof(err));
	CHECK(f->doc != NULL);
	if (f->doc == NULL)
		return f->rc = -1;
	root = srcdoc_root(f->doc);
	c.doc = f->doc;
	c.path = "t.yaml";
	c.text = yaml;
	c.textlen = strlen(yaml);
	c.errs = &f->errs;
	c.vars = f->vars;
	if (json_object_get(root, "expect") == NULL &&
	    json_object_get(root, "capture") == NULL)
		return f->rc = checklist_compile(f->checks, &c, root, target);
	if ((v = json_object_get(root, "expect")) != NULL &&
	    checklist_compile(f->checks, &c, v, target) == -1)
		f->rc = -1;
	if ((v = json_object_get(root, "capture")) != NULL &&
	    (f->caps = capture_list_compile(&c, v, spec_valpos(&c, root,
	    "capture"), target)) == NULL)
		f->rc = -1;
	return f->rc;
}

void
fixture_free(struct fixture *f)
{
	checklist_free(f->checks);
	capture_list_free(f->caps);
	srcdoc_free(f->doc);
	buf_release(&f->errs);
	json_decref(f->vars);
}
