/* specfiles.c - expand command-line paths into spec files. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgen.h>
#include <limits.h>

#include "../../base/buf.h"
#include "spec.h"
#include "specfiles.h"
#include "../../base/srcdoc.h"
#include "../../base/xalloc.h"

static void
push(struct specfiles *l, char *path)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = path;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(struct specfiles *, const char *, struct buf *);

/* Returns the number of paths under dir that could not be read (each
 * reported on errs); the others are added all the same. */
static int
add_dir(struct specfiles *l, const char *dir, struct buf *errs)
{
	struct specfiles here = { 0 };
	struct dirent *de;
	struct stat st;
	size_t i;
	char *p;
	DIR *d;
	int bad = 0;

	if ((d = opendir(dir)) == NULL) {
		buf_addf(errs, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" :
		    "/", de->d_name);
		if (stat(p, &st) == 0 && (S_ISDIR(st.st_mode) ||
		    spec_looks_like(p)))
			push(&here, p);
		else
			free(p);
	}
	closedir(d);
	if (here.n > 0)
		qsort(here.v, here.n, sizeof(*here.v), by_name);
	for (i = 0; i < here.n; i++)
		bad += add_path(l, here.v[i], errs);
	specfiles_clear(&here);
	return bad;
}

static int
add_path(struct specfiles *l, const char *path, struct buf *errs)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		buf_addf(errs, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(l, path, errs);
	push(l, xstrdup(path));
	return 0;
}

/* Records the real path of `name`, included by the spec at `from`. */
static void
note_include(json_t *seen, const char *from, const json_t *name)
{
	char *dir = xstrdup(from), *p, real[PATH_MAX];

	if (!json_is_string(name)) {
		free(dir);
		return;
	}
	p = xasprintf("%s/%s", dirname(dir), json_string_value(name));
	if (realpath(json_string_value(name)[0] == '/' ?
	    json_string_value(name) : p, real) != NULL)
		json_object_set_new(seen, real, json_true());
	free(p);
	free(dir);
}

static int
include_list(void *arg, struct srcdoc *doc, size_t list)
{
	return 0;
}

/* What note_includes streams through: the spec's path and the set. */
struct include_walk {
	json_t		*seen;
	const char	*path;
};

static void
include_item(void *arg, struct srcdoc *doc, const struct srcdoc_item *it)
{
	struct include_walk *w = arg;

	note_include(w->seen, w->path, json_object_get(it->node, "include"));
}

/* Every file a spec includes: include: (one or a list) at the top, and
 * `- include:` items of its test lists (streamed: a big spec is not held
 * whole to be sorted). */
static void
note_includes(json_t *seen, const char *path)
{
	static const char *const lists[] = { "setup", "tests", "teardown" };
	struct include_walk w = { seen, path };
	struct srcdoc_stream st = { lists, 3, include_list, include_item, &w };
	const json_t *root, *inc, *item;
	struct srcdoc *doc;
	char err[256];
	size_t i, j;
	int whole;

	if ((doc = srcdoc_stream(path, &st, &whole, err, sizeof(err))) == NULL &&
	    (!whole || (doc = srcdoc_load(path, err, sizeof(err))) == NULL))
		return;
	root = srcdoc_root(doc);
	inc = json_object_get(root, "include");
	if (json_is_array(inc))
		json_array_foreach(inc, i, item)
			note_include(seen, path, item);
	else
		note_include(seen, path, inc);
	for (j = 0; j < sizeof(lists) / sizeof(lists[0]); j++)	/* if whole */
		json_array_foreach(json_object_get(root, lists[j]), i, item)
			note_include(seen, path, json_object_get(item, "include"));
	srcdoc_free(doc);
}

/* A folder's files that another of them includes are parts, not specs. */
static void
drop_included(struct specfiles *l, size_t from)
{
	json_t *seen = json_object();
	char real[PATH_MAX];
	size_t i, kept = from;

	for (i = from; i < l->n; i++)
		note_includes(seen, l->v[i]);
	for (i = from; i < l->n; i++) {
		if (realpath(l->v[i], real) != NULL &&
		    json_object_get(seen, real) != NULL)
			free(l->v[i]);
		else
			l->v[kept++] = l->v[i];
	}
	l->n = kept;
	json_decref(seen);
}

int
specfiles_add(struct specfiles *l, const char *path, struct buf *errs)
{
	struct stat st;
	size_t before = l->n;
	int bad;

	if (stat(path, &st) == -1) {
		buf_addf(errs, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		push(l, xstrdup(path));
		return 0;
	}
	bad = add_dir(l, path, errs);
	drop_included(l, before);
	return bad;
}

void
specfiles_clear(struct specfiles *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
