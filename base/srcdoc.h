/* srcdoc.h - a spec file parsed into a jansson tree, with the line:column
 * of every key and value kept aside for error messages.
 *
 * YAML (libyaml) and JSON (our own strict parser) load into the same tree
 * shape.  jansson's true/false/null are shared singletons, so positions are
 * keyed by (container, member) rather than by node: ask for the position of
 * `key` in object `obj`, or of item `i` in array `arr`.
 */
#ifndef SHAKEDOWN_SRCDOC_H
#define SHAKEDOWN_SRCDOC_H

#include <stddef.h>
#include <jansson.h>

struct srcpos {
	int	line;		/* 1-based; 0 when unknown */
	int	col;		/* 1-based */
};

struct srcdoc;

/*
 * Load `path` (borrowed): ".json" files as strict JSON (RFC 8259, duplicate
 * keys are errors), anything else as YAML 1.2 core schema (one document;
 * anchors and aliases allowed; keys must be scalars; duplicate keys are
 * errors).  Returns a new doc, or NULL with `err` set to "PATH:LINE:COL:
 * message".
 */
struct srcdoc	*srcdoc_load(const char *path, char *err, size_t errlen);
/* Same, from memory (text borrowed for the call); `path` is only used in
 * messages and for the format. */
struct srcdoc	*srcdoc_parse(const char *path, const char *text, size_t len,
		    char *err, size_t errlen);
/* Same, for `text` (borrowed) cut from a file at line `line`: the lines
 * noted are the file's.  A YAML part whose first line starts at column C
 * must be given C - 1 spaces before it. */
struct srcdoc	*srcdoc_parse_part(const char *path, const char *text,
		    size_t len, int line, char *err, size_t errlen);

/* One item of a streamed list (srcdoc_stream), handed over and dropped. */
struct srcdoc_item {
	size_t		 list;		/* index in srcdoc_stream.lists */
	json_t		*node;		/* borrowed, for the call */
	struct srcpos	 pos;
	int		 alone;		/* its bytes alone (off, len) parse to
					 * the same tree (srcdoc_parse_part) */
	size_t		 off;		/* byte offset in the file */
	size_t		 len;		/* byte length */
};

struct srcdoc_stream {
	const char *const *lists;	/* members of the root mapping whose
					 * sequences are streamed (borrowed) */
	size_t		 nlists;
	/* List `list` starts; every other member of the root is in the
	 * tree.  Return 0 to go on, -1 to give up streaming. */
	int		(*list)(void *arg, struct srcdoc *doc, size_t list);
	void		(*item)(void *arg, struct srcdoc *doc,
			    const struct srcdoc_item *it);
	void		*arg;
};

/*
 * Loads `path` (borrowed) like srcdoc_load, read as it goes, but builds
 * the items of the root's lists (st, borrowed) one at a time: each is handed
 * to st->item and dropped with its positions (kept when an anchor in it may
 * be used later).  In the tree, those lists are left empty.  Returns a new
 * doc; or NULL with err set; or NULL with *fallback set when the file cannot
 * be streamed (a member of the root after a list; st->list said no): then
 * load it whole.  JSON is read whole first, YAML as it is parsed.
 */
struct srcdoc	*srcdoc_stream(const char *path, const struct srcdoc_stream *st,
		    int *fallback, char *err, size_t errlen);

/* Frees doc and its tree; accepts NULL. */
void		 srcdoc_free(struct srcdoc *doc);

/* The tree and the path: borrowed, valid until srcdoc_free. */
json_t		*srcdoc_root(const struct srcdoc *doc);
const char	*srcdoc_path(const struct srcdoc *doc);

/* Position of the root node. */
struct srcpos	 srcdoc_rootpos(const struct srcdoc *doc);
/* Position of the key `key` of object `obj` (borrowed), and of its
 * value. */
struct srcpos	 srcdoc_keypos(const struct srcdoc *doc, const json_t *obj,
		    const char *key);
struct srcpos	 srcdoc_valpos(const struct srcdoc *doc, const json_t *obj,
		    const char *key);
/* Position of item `i` of array `arr`. */
struct srcpos	 srcdoc_itempos(const struct srcdoc *doc, const json_t *arr,
		    size_t i);

#endif
