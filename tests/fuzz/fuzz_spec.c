/* fuzz_spec.c - libFuzzer target: the bytes as a spec file.
 *
 * The input is written to SPEC.yaml (and, when it starts with '{', to
 * SPEC.json too) in a private temporary folder, loaded with spec_load()
 * and freed; the same bytes also go through srcdoc_parse() in both syntaxes
 * and through spec_looks_like().  include:, file: and schema: paths resolve
 * against that folder, where nothing else exists: they fail to load, which
 * is a path worth covering too.
 *
 * Inputs naming /dev (but /dev/null), /proc or /sys are skipped: an
 * `include: /dev/kmsg` would block forever, one of /dev/zero reads 64 MiB;
 * neither is a bug. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/buf.h"
#include "../../harness/spec/spec.h"
#include "../../base/srcdoc.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	 dir[4096];
static char	 yaml_path[4200];
static char	 json_path[4200];

static void
cleanup(void)
{
	DIR *d;
	struct dirent *e;
	char p[8400];

	if (dir[0] == '\0' || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fuzz-spec.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("fuzz_spec: mkdtemp");
		abort();
	}
	atexit(cleanup);
	snprintf(yaml_path, sizeof(yaml_path), "%s/spec.yaml", dir);
	snprintf(json_path, sizeof(json_path), "%s/spec.json", dir);
	/* What the seed specs reference; the rest stays unset. */
	setenv("BASE_URL", "http://127.0.0.1:9", 1);
	setenv("API_TOKEN", "fuzz-token-0123456789", 1);
	setenv("SHAKEDOWN_TEST_SECRET", "fuzz-secret-0123456789", 1);
	setenv("TEST_IMAGE", "registry.example/fuzz:1", 1);
	setenv("TODO_IMAGE", "registry.example/todo:1", 1);
	setenv("TLS_URL", "https://127.0.0.1:9", 1);
	setenv("FUZZ_EMPTY", "", 1);
	setenv("H", "X-Fuzz", 1);
	unsetenv("SHAKEDOWN_TEST_SURELY_UNSET");
	return 0;
}

static int
write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (f == NULL) {
		perror(path);
		abort();
	}
	ok = fwrite(data, 1, size, f) == size;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		perror(path);
		abort();
	}
	return 0;
}

static void
load(const char *path)
{
	struct buf errs = BUF_INIT;
	struct spec *s;

	s = spec_load(path, NULL, &errs);
	/* Either a spec or a reason, never neither. */
	if (s == NULL && errs.len == 0) {
		fprintf(stderr, "fuzz_spec: spec_load(%s) failed without an "
		    "error message\n", path);
		abort();
	}
	spec_free(s);
	buf_release(&errs);
	(void)spec_looks_like(path);
}

static void
parse(const char *path, const uint8_t *data, size_t size)
{
	struct srcdoc *doc;
	char err[1024];

	err[0] = '\0';
	doc = srcdoc_parse(path, (const char *)data, size, err, sizeof(err));
	if (doc == NULL && err[0] == '\0') {
		fprintf(stderr, "fuzz_spec: srcdoc_parse(%s) failed without an "
		    "error message\n", path);
		abort();
	}
	srcdoc_free(doc);
}

/* Names a special file other than /dev/null (see the top). */
static int
unsafe(const uint8_t *data, size_t size)
{
	static const char *const prefix[] = { "/dev", "/proc", "/sys" };
	const uint8_t *p, *end = data + size;
	size_t i, n;

	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++) {
		n = strlen(prefix[i]);
		for (p = data; (p = memmem(p, (size_t)(end - p), prefix[i], n))
		    != NULL; p += n)
			if (i > 0 || (size_t)(end - p) < n + 5 ||
			    memcmp(p + n, "/null", 5) != 0 ||
			    ((size_t)(end - p) > n + 5 && p[n + 5] == '/'))
				return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (unsafe(data, size))
		return -1;	/* not added to the corpus */

	parse(yaml_path, data, size);
	parse(json_path, data, size);

	write_file(yaml_path, data, size);
	load(yaml_path);
	if (size > 0 && data[0] == '{') {
		write_file(json_path, data, size);
		load(json_path);
		unlink(json_path);
	}
	unlink(yaml_path);
	return 0;
}
