/* rmtree.h - remove a folder and everything under it, never following a
 * symbolic link (a link is removed, not what it points to). */
#ifndef SHAKEDOWN_RMTREE_H
#define SHAKEDOWN_RMTREE_H

/* Removes path (borrowed) and all it holds, depth first; a path that is
 * not there is fine.  Returns 0, or -1 when something stayed (errno of
 * the last failure). */
int	rmtree(const char *path);

#endif
