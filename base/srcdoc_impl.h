/* srcdoc_impl.h - what srcdoc.c shares with the two parsers that fill a
 * doc: spec_yaml.c and spec_json.c.  Not for other modules. */
#ifndef SHAKEDOWN_SRCDOC_IMPL_H
#define SHAKEDOWN_SRCDOC_IMPL_H

#include "srcdoc.h"

#define SRCDOC_MAX_DEPTH	256

/* Records positions (parent and key borrowed): of member `key` of obj (key
 * and value), of item idx of an array (key NULL, kpos unused), of the root
 * (parent NULL). */
void	srcdoc_note(struct srcdoc *doc, const json_t *parent, const char *key,
	    size_t idx, struct srcpos kpos, struct srcpos vpos);

/* Parse text (borrowed) into a tree, noting positions in doc.  Return the
 * new root, or NULL with err "PATH:LINE:COL: message". */
json_t	*srcdoc_yaml_parse(struct srcdoc *doc, const char *path, const char *text,
	    size_t len, char *err, size_t errlen);
json_t	*srcdoc_json_parse(struct srcdoc *doc, const char *path, const char *text,
	    size_t len, char *err, size_t errlen);

#endif
