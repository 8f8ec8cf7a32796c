/* rmtree.c - recursive removal with nftw(FTW_PHYS | FTW_DEPTH): children
 * before their folder, links removed as links, the walk staying on the
 * folder's own file system (FTW_MOUNT). */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

#include "rmtree.h"

static _Thread_local int failed;	/* nftw passes no argument: per thread */

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	int r;

	(void)st;
	(void)f;
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		r = rmdir(path);
	else
		r = unlink(path);
	if (r == -1 && errno != ENOENT)
		failed = errno;
	return 0;
}

int
rmtree(const char *path)
{
	int e;

	failed = 0;
	if (nftw(path, remove_one, 16, FTW_PHYS | FTW_DEPTH | FTW_MOUNT) == -1 &&
	    errno != ENOENT)
		return -1;
	if ((e = failed) != 0) {
		errno = e;
		return -1;
	}
	return 0;
}
