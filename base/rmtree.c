/* rmtree.c - removing a folder of our own and all it holds. */
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

#include "rmtree.h"

static __thread int rm_errno;

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) == -1 &&
	    errno != ENOENT)
		rm_errno = errno;
	return 0;
}

int
rmtree(const char *dir)
{
	struct stat st;

	if (dir == NULL || lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		return 0;
	rm_errno = 0;
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) == -1)
		return -1;
	if (rm_errno != 0) {
		errno = rm_errno;
		return -1;
	}
	return 0;
}
