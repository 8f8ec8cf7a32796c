/* srcdoc_impl.h - what srcdoc.c shares with the two parsers that fill a
 * doc: spec_yaml.c and spec_json.c.  Not for other modules. */
#ifndef SHAKEDOWN_SRCDOC_IMPL_H
#define SHAKEDOWN_SRCDOC_IMPL_H

#include "srcdoc.h"

#define SRCDOC_MAX_DEPTH	256

/* Records positions (parent and key borrowed; key copied): of member `key` of obj (key
 * and value), of item idx of an array (key NULL, kpos unused), of the root
 * (parent NULL). */
void	srcdoc_note(struct srcdoc *doc, const json_t *parent, const char *key,
	    size_t idx, struct srcpos kpos, struct srcpos vpos);

/* Positions noted so far, and forgetting those noted after a mark (their
 * nodes about to be freed). */
size_t	srcdoc_mark(const struct srcdoc *doc);
void	srcdoc_forget(struct srcdoc *doc, size_t mark);

/* Keeps a streamed item (steals node) as long as the doc: its positions
 * stay, for the aliases of later items to its anchors. */
void	srcdoc_keep(struct srcdoc *doc, json_t *node);

/* The root mapping being built, for srcdoc_root() while streaming (a
 * reference taken). */
void	srcdoc_early_root(struct srcdoc *doc, json_t *root);

/* Whether path is read as JSON (by its extension). */
int	srcdoc_is_json(const char *path);

/* Parse text (borrowed) into a tree, noting positions in doc.  Return the
 * new root, or NULL with err "PATH:LINE:COL: message". */
json_t	*srcdoc_yaml_parse(struct srcdoc *doc, const char *path, const char *text,
	    size_t len, int lineshift, char *err, size_t errlen);
json_t	*srcdoc_json_parse(struct srcdoc *doc, const char *path, const char *text,
	    size_t len, int lineshift, char *err, size_t errlen);

/* srcdoc_stream for YAML: reads path, returns the root (its lists left
 * empty) or NULL with err, or NULL with *fallback set. */
json_t	*srcdoc_yaml_stream(struct srcdoc *doc, const char *path,
	    const struct srcdoc_stream *st, int *fallback, char *err,
	    size_t errlen);

/* srcdoc_stream for JSON, text (borrowed) read whole: each item's bytes
 * stand alone. */
json_t	*srcdoc_json_stream(struct srcdoc *doc, const char *path,
	    const char *text, size_t len, const struct srcdoc_stream *st,
	    int *fallback, char *err, size_t errlen);

#endif
