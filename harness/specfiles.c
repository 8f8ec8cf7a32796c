/* specfiles.c - expand command-line paths into spec files. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "specfiles.h"
#include "xalloc.h"

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

static int
add_dir(struct specfiles *l, const char *dir, char *err, size_t errlen)
{
	struct specfiles here = { 0 };
	struct dirent *de;
	struct stat st;
	size_t i;
	char *p;
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
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
		if (rc == 0 && specfiles_add(l, here.v[i], err, errlen) == -1)
			rc = -1;
	specfiles_clear(&here);
	return rc;
}

int
specfiles_add(struct specfiles *l, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(l, path, err, errlen);
	push(l, xstrdup(path));
	return 0;
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
