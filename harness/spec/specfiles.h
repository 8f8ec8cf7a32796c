/* specfiles.h - the list of spec files named on the command line, folders
 * searched recursively in sorted order. */
#ifndef SHAKEDOWN_SPECFILES_H
#define SHAKEDOWN_SPECFILES_H

#include <stddef.h>

#include "../../base/buf.h"

struct specfiles {
	char	**v;
	size_t	  n;
	size_t	  alloc;
};

/* Adds path (borrowed: copied): a file as it is, a folder's specs
 * (spec_looks_like) sorted.  Returns the number of paths that cannot be
 * read (0: none), each reported on errs (the caller's) as "PATH: reason\n";
 * whatever can be read is added. */
int	specfiles_add(struct specfiles *l, const char *path, struct buf *errs);
/* Frees the paths l owns (not l) and empties it. */
void	specfiles_clear(struct specfiles *l);

#endif
