/* test_rmtree.c - removing a folder and all it holds, links not followed. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "../../base/rmtree.h"

static void
touch(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs("x\n", f);
		fclose(f);
	}
}

UNIT_TEST(rmtree_removes_a_tree_not_what_links_point_at)
{
	char base[] = "/tmp/shakedown-unit-rmtree-XXXXXX", p[512], keep[512];

	CHECK(mkdtemp(base) != NULL);
	snprintf(keep, sizeof(keep), "%s/outside", base);
	CHECK_INT(mkdir(keep, 0700), 0);
	snprintf(p, sizeof(p), "%s/outside/precious", base);
	touch(p);
	snprintf(p, sizeof(p), "%s/tree", base);
	CHECK_INT(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/tree/Default", base);
	CHECK_INT(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/tree/Default/Cache", base);
	CHECK_INT(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/tree/Default/Cache/data_0", base);
	touch(p);
	snprintf(p, sizeof(p), "%s/tree/Local State", base);
	touch(p);
	snprintf(p, sizeof(p), "%s/tree/SingletonLink", base);
	CHECK_INT(symlink(keep, p), 0);
	snprintf(p, sizeof(p), "%s/tree", base);
	CHECK_INT(rmtree(p), 0);
	CHECK(access(p, F_OK) == -1);
	snprintf(p, sizeof(p), "%s/outside/precious", base);
	CHECK(access(p, F_OK) == 0);
	/* Not a directory, or not there: nothing done, no error. */
	CHECK_INT(rmtree(p), 0);
	CHECK(access(p, F_OK) == 0);
	snprintf(p, sizeof(p), "%s/none", base);
	CHECK_INT(rmtree(p), 0);
	CHECK_INT(rmtree(base), 0);
	CHECK(access(base, F_OK) == -1);
}
