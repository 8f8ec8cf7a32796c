/* rmtree.h - removing a folder of our own and all it holds (a run's
 * private folder, a browser's profile). */
#ifndef SHAKEDOWN_RMTREE_H
#define SHAKEDOWN_RMTREE_H

/* Removes dir (borrowed) and everything under it, depth first; a symbolic
 * link is removed, never followed, and another file system mounted below
 * is not entered.  Quietly does nothing when dir is not a directory.
 * Returns 0, or -1 when something could not be removed (errno of the
 * last failure). */
int	rmtree(const char *dir);

#endif
