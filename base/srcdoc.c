/* srcdoc.c - a parsed spec file and the table of its positions: from
 * (container, member) to the line:column of the key and the value, kept
 * compactly (32 bytes, the members' names one after the other in one
 * buffer) and forgotten item by item when a file is streamed. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "srcdoc_impl.h"
#include "xalloc.h"

#define NOKEY	UINT32_MAX

/* One position: keyed by its container and the member's name (at `key`
 * in the doc's names, NOKEY for an array item) or the item's index. */
struct posent {
	const json_t	*parent;
	uint32_t	 key;
	uint32_t	 idx;
	struct srcpos	 kpos;
	struct srcpos	 vpos;
};

struct srcdoc {
	char		*path;
	json_t		*root;
	struct srcpos	 rootpos;
	int		 lineshift;	/* added to every line noted */
	struct posent	*ents;		/* in the order noted */
	size_t		 count;
	size_t		 alloc;
	uint32_t	*tab;		/* index + 1 into ents; 0: empty */
	size_t		 size;		/* a power of two */
	size_t		 hashed;	/* ents below it are in tab; the last
					 * few, from it on, are scanned */
	char		*names;		/* the members' names, one after the
					 * other, in the order noted */
	size_t		 nameslen;
	size_t		 namesalloc;
	json_t		*kept;		/* streamed items kept (their anchors) */
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

/* The slot of (parent, key or idx): its entry's, or the empty one where
 * it would go. */
static const char *
key_of(const struct srcdoc *doc, const struct posent *e)
{
	return e->key == NOKEY ? NULL : doc->names + e->key;
}

static size_t
slot(const struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx)
{
	size_t i = (size_t)hash(parent, key, idx) & (doc->size - 1);
	const struct posent *e;

	for (;; i = (i + 1) & (doc->size - 1)) {
		if (doc->tab[i] == 0)
			return i;
		e = &doc->ents[doc->tab[i] - 1];
		if (e->parent == parent && (key ? e->key != NOKEY &&
		    strcmp(doc->names + e->key, key) == 0 : e->key == NOKEY &&
		    e->idx == idx))
			return i;
	}
}

static void
rehash(struct srcdoc *doc, size_t size)
{
	const struct posent *e;
	size_t i;

	free(doc->tab);
	doc->size = size;
	doc->tab = xcalloc(doc->size, sizeof(*doc->tab));
	for (i = 0; i < doc->hashed; i++) {
		e = &doc->ents[i];
		doc->tab[slot(doc, e->parent, key_of(doc, e), e->idx)] =
		    (uint32_t)i + 1;
	}
}

/* The last entries noted, not hashed yet: a streamed item's are looked up
 * a few times and forgotten, cheaper scanned than hashed. */
#define SCANNED	64

static struct posent *
find(const struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx)
{
	struct posent *e;
	size_t i;

	for (i = doc->count; i > doc->hashed; i--) {
		e = &doc->ents[i - 1];
		if (e->parent == parent && (key ? e->key != NOKEY &&
		    strcmp(doc->names + e->key, key) == 0 : e->key == NOKEY &&
		    e->idx == idx))
			return e;
	}
	if (doc->size == 0)
		return NULL;
	i = slot(doc, parent, key, idx);
	return doc->tab[i] ? &doc->ents[doc->tab[i] - 1] : NULL;
}

/* The scanned entries into the table. */
static void
hash_all(struct srcdoc *doc)
{
	const struct posent *e;

	if (doc->count * 2 > doc->size) {
		doc->hashed = doc->count;
		rehash(doc, doc->size ? doc->size * 2 > doc->count * 2 ?
		    doc->size * 2 : doc->count * 4 : 128);
		return;
	}
	for (; doc->hashed < doc->count; doc->hashed++) {
		e = &doc->ents[doc->hashed];
		doc->tab[slot(doc, e->parent, key_of(doc, e), e->idx)] =
		    (uint32_t)doc->hashed + 1;
	}
}

void
srcdoc_note(struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx, struct srcpos kpos, struct srcpos vpos)
{
	struct posent *e;

	if (kpos.line > 0)
		kpos.line += doc->lineshift;
	if (vpos.line > 0)
		vpos.line += doc->lineshift;
	if (parent == NULL) {
		doc->rootpos = vpos;
		return;
	}
	if ((e = find(doc, parent, key, idx)) == NULL) {
		if (doc->count - doc->hashed == SCANNED)
			hash_all(doc);
		doc->ents = xgrow(doc->ents, &doc->alloc, doc->count + 1,
		    sizeof(*doc->ents));
		e = &doc->ents[doc->count++];
		e->parent = parent;
		e->key = NOKEY;
		e->idx = (uint32_t)idx;
		if (key != NULL) {
			size_t n = strlen(key) + 1;

			doc->names = xgrow(doc->names, &doc->namesalloc,
			    doc->nameslen + n, 1);
			memcpy(doc->names + doc->nameslen, key, n);
			e->key = (uint32_t)doc->nameslen;
			doc->nameslen += n;
		}
	}
	e->kpos = kpos;
	e->vpos = vpos;
}

size_t
srcdoc_mark(const struct srcdoc *doc)
{
	return doc->count;
}

/* Entries are taken out last first: each goes from the slot it was put
 * in, the table as it was then, so linear probing stays sound. */
void
srcdoc_forget(struct srcdoc *doc, size_t mark)
{
	const struct posent *e;

	while (doc->count > mark) {
		e = &doc->ents[doc->count - 1];
		if (doc->count <= doc->hashed) {
			doc->tab[slot(doc, e->parent, key_of(doc, e), e->idx)] = 0;
			doc->hashed--;
		}
		if (e->key != NOKEY)
			doc->nameslen = e->key;
		doc->count--;
	}
}

void
srcdoc_early_root(struct srcdoc *doc, json_t *root)
{
	if (doc->root == NULL)
		doc->root = json_incref(root);
}

void
srcdoc_keep(struct srcdoc *doc, json_t *node)
{
	if (doc->kept == NULL)
		doc->kept = json_array();
	json_array_append_new(doc->kept, node);
}

static const struct posent *
lookup(const struct srcdoc *doc, const json_t *parent, const char *key,
    size_t idx)
{
	return doc != NULL ? find(doc, parent, key, idx) : NULL;
}

static struct srcdoc *
srcdoc_new(const char *path)
{
	struct srcdoc *doc = xcalloc(1, sizeof(*doc));

	doc->path = xstrdup(path);
	return doc;
}

int
srcdoc_is_json(const char *path)
{
	const char *ext = strrchr(path, '.');

	return ext != NULL && strcasecmp(ext, ".json") == 0;
}

struct srcdoc *
srcdoc_parse_part(const char *path, const char *text, size_t len, int line,
    char *err, size_t errlen)
{
	struct srcdoc *doc = srcdoc_new(path);

	doc->lineshift = line > 1 ? line - 1 : 0;
	if (srcdoc_is_json(path))
		doc->root = srcdoc_json_parse(doc, path, text, len, doc->lineshift,
		    err, errlen);
	else
		doc->root = srcdoc_yaml_parse(doc, path, text, len, doc->lineshift,
		    err, errlen);
	if (doc->root == NULL) {
		srcdoc_free(doc);
		return NULL;
	}
	return doc;
}

struct srcdoc *
srcdoc_parse(const char *path, const char *text, size_t len, char *err,
    size_t errlen)
{
	return srcdoc_parse_part(path, text, len, 1, err, errlen);
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

struct srcdoc *
srcdoc_stream(const char *path, const struct srcdoc_stream *st, int *fallback,
    char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	struct srcdoc *doc;
	json_t *root;
	char why[256];

	*fallback = 0;
	if (srcdoc_is_json(path)) {	/* read whole: JSON is smaller */
		if (buf_read_file(&b, path, 64u << 20, why, sizeof(why)) == -1) {
			*fallback = 1;	/* let the whole load say why */
			return NULL;
		}
		doc = srcdoc_new(path);
		root = srcdoc_json_stream(doc, path, buf_str(&b), b.len, st,
		    fallback, err, errlen);
		buf_release(&b);
	} else {
		doc = srcdoc_new(path);
		root = srcdoc_yaml_stream(doc, path, st, fallback, err, errlen);
	}
	json_decref(doc->root);		/* the reference srcdoc_early_root took */
	if ((doc->root = root) == NULL) {
		srcdoc_free(doc);
		return NULL;
	}
	return doc;
}

void
srcdoc_free(struct srcdoc *doc)
{
	if (doc == NULL)
		return;
	free(doc->tab);
	free(doc->ents);
	free(doc->names);
	json_decref(doc->root);
	json_decref(doc->kept);
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
