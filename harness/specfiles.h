/* specfiles.h - the list of spec files named on the command line, folders
 * searched recursively in sorted order. */
#ifndef SHAKEDOWN_SPECFILES_H
#define SHAKEDOWN_SPECFILES_H

#include <stddef.h>

struct specfiles {
	char	**v;
	size_t	  n;
	size_t	  alloc;
};

/* Adds path: a file as it is, a folder's specs (spec_looks_like) sorted.
 * Returns 0, or -1 with err set if path cannot be read. */
int	specfiles_add(struct specfiles *l, const char *path, char *err,
	    size_t errlen);
void	specfiles_clear(struct specfiles *l);

#endif
