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
