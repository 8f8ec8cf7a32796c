/* srcdoc.c - a parsed spec file and the table of its positions: a hash
 * from (container, member) to the line:column of the key and the value. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "srcdoc_impl.h"
#include "xalloc.h"

struct posent {
	const json_t	*parent;	/* NULL: empty slot, or the root */
	char		*key;		/* NULL for an array item */
	size_t		 idx;
	struct srcpos	 kpos;
	struct srcpos	 vpos;
	int		 used;
};

struct srcdoc {
	char		*path;
	json_t		*root;
	struct srcpos	 rootpos;
	struct posent	*tab;
	size_t		 size;		/* a power of two */
	size_t		 count;
};

static uint64_t
hash(const json_t *parent, const char *key, size_t idx)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)parent;

	h *= 1099511628211ULL;
	if (key == NULL)
		h ^= (uint64_t)idx + 0x9e3779b97f4a7c15ULL;
	else
		for (; *key; key++) {
			h ^= (unsigned char)*key;
			h *= 1099511628211ULL;
		}
	/* FNV's low bits see only the inputs' low bits, and the table is
	 * indexed by them: mix the high bits down (murmur3's finaliser). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static struct posent *
slot(const struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx)
{
	size_t i = (size_t)hash(parent, key, idx) & (doc->size - 1);
	struct posent *e;

	for (;; i = (i + 1) & (doc->size - 1)) {
		e = &doc->tab[i];
		if (!e->used)
			return e;
		if (e->parent == parent && (key ? e->key && strcmp(e->key,
		    key) == 0 : e->key == NULL && e->idx == idx))
			return e;
	}
}

static void
grow(struct srcdoc *doc)
{
	struct posent *old = doc->tab, *e;
	size_t i, n = doc->size;

	doc->size = n ? n * 2 : 64;
	doc->tab = xcalloc(doc->size, sizeof(*doc->tab));
	for (i = 0; i < n; i++) {
		if (!old[i].used)
			continue;
		e = slot(doc, old[i].parent, old[i].key, old[i].idx);
		*e = old[i];
	}
	free(old);
}

void
srcdoc_note(struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx, struct srcpos kpos, struct srcpos vpos)
{
	struct posent *e;

	if (parent == NULL) {
		doc->rootpos = vpos;
		return;
	}
	if ((doc->count + 1) * 2 > doc->size)
		grow(doc);
	e = slot(doc, parent, key, idx);
	if (!e->used) {
		e->used = 1;
		e->parent = parent;
		e->key = key ? xstrdup(key) : NULL;
		e->idx = idx;
		doc->count++;
	}
	e->kpos = kpos;
	e->vpos = vpos;
}

static const struct posent *
lookup(const struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx)
{
	const struct posent *e;

	if (doc == NULL || doc->size == 0)
		return NULL;
	e = slot(doc, parent, key, idx);
	return e->used ? e : NULL;
}

struct srcdoc *
srcdoc_parse(const char *path, const char *text, size_t len, char *err,
    size_t errlen)
{
	struct srcdoc *doc = xcalloc(1, sizeof(*doc));
	const char *ext = strrchr(path, '.');

	doc->path = xstrdup(path);
	if (ext != NULL && strcasecmp(ext, ".json") == 0)
		doc->root = srcdoc_json_parse(doc, path, text, len, err, errlen);
	else
		doc->root = srcdoc_yaml_parse(doc, path, text, len, err, errlen);
	if (doc->root == NULL) {
		srcdoc_free(doc);
		return NULL;
	}
	return doc;
}

struct srcdoc *
srcdoc_load(const char *path, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	struct srcdoc *doc;
	char why[256];

	if (buf_read_file(&b, path, 64u << 20, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s: cannot read: %s", path, why);
		return NULL;
	}
	doc = srcdoc_parse(path, buf_str(&b), b.len, err, errlen);
	buf_release(&b);
	return doc;
}

void
srcdoc_free(struct srcdoc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->size; i++)
		free(doc->tab[i].key);
	free(doc->tab);
	json_decref(doc->root);
	free(doc->path);
	free(doc);
}

json_t *
srcdoc_root(const struct srcdoc *doc)
{
	return doc->root;
}

const char *
srcdoc_path(const struct srcdoc *doc)
{
	return doc->path;
}

struct srcpos
srcdoc_rootpos(const struct srcdoc *doc)
{
	return doc->rootpos;
}

struct srcpos
srcdoc_keypos(const struct srcdoc *doc, const json_t *obj, const char *key)
{
	const struct posent *e = key ? lookup(doc, obj, key, 0) : NULL;
	struct srcpos none = { 0, 0 };

	return e ? e->kpos : none;
}

struct srcpos
srcdoc_valpos(const struct srcdoc *doc, const json_t *obj, const char *key)
{
	const struct posent *e = key ? lookup(doc, obj, key, 0) : NULL;
	struct srcpos none = { 0, 0 };

	return e ? e->vpos : none;
}

struct srcpos
srcdoc_itempos(const struct srcdoc *doc, const json_t *arr, size_t i)
{
	const struct posent *e = lookup(doc, arr, NULL, i);
	struct srcpos none = { 0, 0 };

	return e ? e->vpos : none;
}
