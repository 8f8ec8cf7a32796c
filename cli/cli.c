/* cli.c - the command line: parse `run` and `check` with their options,
 * load every spec before running any, map the outcome to an exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <libxml/xmlversion.h>
#include <yaml.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <errno.h>
#include <time.h>

#include "../reporters/report.h"
#include "../browser/browser.h"
#include "../base/report_file.h"
#include "cli.h"
#include "../base/http.h"
#include "../harness/lifecycle/compose.h"
#include "../harness/lifecycle/container.h"
#include "../harness/lifecycle/engine.h"
#include "../base/interrupt.h"
#include "../base/mask.h"
#include "../harness/run/pool.h"
#include "../harness/lifecycle/prune.h"
#include "../harness/run/runner.h"
#include "../harness/spec/shard.h"
#include "../harness/spec/spec.h"
#include "../harness/spec/specfiles.h"
#include "../base/srcdoc.h"
#include "../base/units.h"
#include "../harness/lifecycle/watchdog.h"
#include "../base/xalloc.h"

#define SHAKEDOWN_VERSION	"0.1.0"

/* --help: usage_head, a line per report option (report_kinds[]), then
 * usage_tail. */
static const char usage_head[] =
"usage: shakedown run [options] SPEC|DIR...\n"
"       shakedown check SPEC|DIR...\n"
"       shakedown prune [--dry-run]\n"
"       shakedown --help | --version\n"
"\n"
"Commands:\n"
"  run     load every spec, then run their tests against the app\n"
"  check   validate specs (file:line:column errors), run nothing\n"
"  prune   remove the containers, networks and volumes of runs whose\n"
"          processes are gone (killed with their watchdog, a reboot);\n"
"          --dry-run only counts them\n"
"\n"
"Options of run:\n"
"  -u, --base-url URL    the app's address; wins over the spec's base_url\n";

static const char usage_tail[] =
"      --max-body SIZE   cap on a response body (default 10MiB); a larger\n"
"                        body is cut and its test fails\n"
"      --timeout DUR     per-request timeout when the spec sets none\n"
"                        (default 30s)\n"
"  -k, --insecure        do not verify TLS certificates\n"
"      --cacert FILE     CA bundle to verify TLS certificates with\n"
"      --cert FILE       client certificate (PEM) for TLS, with --key FILE\n"
"      --var NAME=VALUE  set a variable (wins over the spec's vars:)\n"
"      --vars-file FILE  variables from a YAML/JSON mapping or NAME=VALUE lines\n"
"      --secret NAME     mask the value of environment variable (or variable)\n"
"                        NAME as [MASKED] in every output\n"
"      --tag TAG         run only the tests tagged TAG (repeatable); setup\n"
"                        and teardown tests always run\n"
"      --skip-tag TAG    leave out the tests tagged TAG (repeatable)\n"
"      --shard I/N       run the I-th of N even shares of the spec files\n"
"                        (default: $CI_NODE_INDEX/$CI_NODE_TOTAL, GitLab's\n"
"                        parallel:), weighed by size or --durations\n"
"      --durations FILE  a past JUnit report: shard by the files' times\n"
"      --list            print the spec files the run (or shard) would run,\n"
"                        one a line, and run nothing\n"
"      --image IMAGE     the image under test (wins over app.image; default\n"
"                        $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA when both are set)\n"
"      --host HOST       where published ports are reached (default:\n"
"                        127.0.0.1, or the DOCKER_HOST host when remote)\n"
"      --keep            leave the app running; print how to reach and\n"
"                        remove it\n"
"      --report-dir DIR  container logs and failed bodies go here (default\n"
"                        shakedown-report)\n"
"      --label KEY=VALUE  put this label on every container, network and\n"
"                        volume the run creates (repeatable; also\n"
"                        $SHAKEDOWN_LABELS, KEY=VALUE words)\n"
"      --color, --no-color  force colours on or off (default: on a TTY or\n"
"                        in GitLab CI, off when NO_COLOR is set)\n"
"  -j, --jobs N          run N spec files at once, each with its own app or\n"
"                        compose project; one merged report (default 1)\n"
"  -q, --quiet           print only failures and the summary\n"
"  -v, --verbose         print each test's request and response\n"
"\n"
"Exit status: 0 all tests passed, 1 a test failed, 2 usage or spec error,\n"
"3 environment error (the app did not start or never became ready, could not\n"
"be reached, no Docker Engine, image missing, a report could not be\n"
"written), 130/143 interrupted (SIGINT/\n"
"SIGTERM) after teardown.\n";

enum {
	OPT_MAX_BODY = 256,
	OPT_TIMEOUT,
	OPT_CACERT,
	OPT_COLOR,
	OPT_NO_COLOR,
	OPT_IMAGE,
	OPT_HOST,
	OPT_KEEP,
	OPT_REPORT_DIR,
	OPT_CERT,
	OPT_KEY,
	OPT_VAR,
	OPT_VARS_FILE,
	OPT_SECRET,
	OPT_TAG,
	OPT_SKIP_TAG,
	OPT_SHARD,
	OPT_DURATIONS,
	OPT_LIST,
	OPT_LABEL,
	OPT_DRY_RUN,
	OPT_REPORT,		/* + i: --KIND FILE of report_kinds[i] */
};

/* The options other than the reports' (cli_options adds those). */
static const struct option fixed_opts[] = {
	{ "base-url",	required_argument, NULL, 'u' },
	{ "cacert",	required_argument, NULL, OPT_CACERT },
	{ "cert",	required_argument, NULL, OPT_CERT },
	{ "dry-run",	no_argument,	   NULL, OPT_DRY_RUN },
	{ "durations",	required_argument, NULL, OPT_DURATIONS },
	{ "color",	no_argument,	   NULL, OPT_COLOR },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "host",	required_argument, NULL, OPT_HOST },
	{ "image",	required_argument, NULL, OPT_IMAGE },
	{ "insecure",	no_argument,	   NULL, 'k' },
	{ "jobs",	required_argument, NULL, 'j' },
	{ "keep",	no_argument,	   NULL, OPT_KEEP },
	{ "list",	no_argument,	   NULL, OPT_LIST },
	{ "key",	required_argument, NULL, OPT_KEY },
	{ "label",	required_argument, NULL, OPT_LABEL },
	{ "max-body",	required_argument, NULL, OPT_MAX_BODY },
	{ "no-color",	no_argument,	   NULL, OPT_NO_COLOR },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "report-dir",	required_argument, NULL, OPT_REPORT_DIR },
	{ "secret",	required_argument, NULL, OPT_SECRET },
	{ "shard",	required_argument, NULL, OPT_SHARD },
	{ "skip-tag",	required_argument, NULL, OPT_SKIP_TAG },
	{ "tag",	required_argument, NULL, OPT_TAG },
	{ "timeout",	required_argument, NULL, OPT_TIMEOUT },
	{ "var",	required_argument, NULL, OPT_VAR },
	{ "vars-file",	required_argument, NULL, OPT_VARS_FILE },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct cli {
	struct run_opts	 run;
	struct report_opts report;
	const char	**reports;	/* by report_kinds[] index: --KIND FILE,
					 * or NULL */
	size_t		*order;		/* report_kinds[] indexes, in the
					 * order of their options */
	size_t		 norder;
	int		 color;		/* -1: decide from TTY and env */
	int		 jobs;
	json_t		*vars;		/* --var, --vars-file */
	json_t		*secrets;	/* --secret names */
	json_t		*tags;
	json_t		*skip_tags;
	json_t		*labels;	/* --label, $SHAKEDOWN_LABELS */
	json_t		*run_labels;	/* those and prune's (prune.h) */
	const char	*shard;		/* "I/N", or NULL */
	const char	*durations;	/* a past JUnit report, for --shard */
	int		 list;		/* --list: print the files, run nothing */
	int		 dry_run;	/* prune --dry-run */
};

/* NAME=VALUE into vars; returns 0 or -1. */
static int
set_var(json_t *vars, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name;

	if (eq == NULL || eq == arg)
		return -1;
	name = xstrndup(arg, (size_t)(eq - arg));
	json_object_set_new(vars, name, json_string(eq + 1));
	free(name);
	return 0;
}

/* KEY=VALUE into labels, a Docker object label (KEY: no '=', not
 * shakedown's own run label); returns 0 or -1. */
static int
set_label(json_t *labels, const char *arg, size_t len)
{
	const char *eq = memchr(arg, '=', len);
	char *key;

	if (eq == NULL || eq == arg || ((size_t)(eq - arg) == strlen(LABEL_RUN) &&
	    strncmp(arg, LABEL_RUN, strlen(LABEL_RUN)) == 0))
		return -1;
	key = xstrndup(arg, (size_t)(eq - arg));
	json_object_set_new(labels, key, json_stringn(eq + 1,
	    len - (size_t)(eq - arg) - 1));
	free(key);
	return 0;
}

/* $SHAKEDOWN_SPEC_MEMORY: the budget of compiled tests kept in memory
 * (spec_model_budget), a size ("4MiB", "0"). */
static int
env_spec_memory(void)
{
	const char *s = getenv("SHAKEDOWN_SPEC_MEMORY");
	size_t bytes;

	if (s == NULL)
		return 0;
	if (size_parse(s, &bytes) == -1) {
		fprintf(stderr, "shakedown: SHAKEDOWN_SPEC_MEMORY: expected a size "
		    "such as 4MiB or 0, got '%s'\n", s);
		return -1;
	}
	spec_model_budget(bytes);
	return 0;
}

/* $SHAKEDOWN_LABELS: KEY=VALUE words, separated by spaces or commas. */
static int
env_labels(json_t *labels)
{
	const char *s = getenv("SHAKEDOWN_LABELS"), *w;
	size_t n;

	if (s == NULL)
		return 0;
	for (w = s; *w; w += n) {
		w += strspn(w, " \t,");
		if ((n = strcspn(w, " \t,")) == 0)
			break;
		if (set_label(labels, w, n) == -1) {
			fprintf(stderr, "shakedown: SHAKEDOWN_LABELS: expected "
			    "KEY=VALUE words, got '%.*s'\n", (int)n, w);
			return -1;
		}
	}
	return 0;
}

/* A YAML or JSON mapping, or NAME=VALUE lines ('#' comments). */
static int
vars_file(json_t *vars, const char *path)
{
	const char *ext = strrchr(path, '.'), *line, *nl;
	struct srcdoc *doc;
	struct buf b = BUF_INIT;
	char err[1024], *l;
	int rc = 0;

	if (ext && (!strcmp(ext, ".yaml") || !strcmp(ext, ".yml") ||
	    !strcmp(ext, ".json"))) {
		if ((doc = srcdoc_load(path, err, sizeof(err))) == NULL ||
		    !json_is_object(srcdoc_root(doc))) {
			fprintf(stderr, "shakedown: --vars-file %s: %s\n", path, doc ?
			    "expected a mapping of names to values" : err);
			srcdoc_free(doc);
			return -1;
		}
		json_object_update(vars, srcdoc_root(doc));
		srcdoc_free(doc);
		return 0;
	}
	if (buf_read_file(&b, path, 1u << 20, err, sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: --vars-file %s: %s\n", path, err);
		return -1;
	}
	for (line = buf_str(&b); *line && rc == 0; line = nl + (*nl != '\0')) {
		nl = line + strcspn(line, "\n");
		l = xstrndup(line, (size_t)(nl - line));
		if (l[strspn(l, " \t\r")] != '\0' && l[0] != '#' &&
		    set_var(vars, l) == -1) {
			fprintf(stderr, "shakedown: --vars-file %s: expected "
			    "NAME=VALUE, got '%s'\n", path, l);
			rc = -1;
		}
		free(l);
	}
	buf_release(&b);
	return rc;
}

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("shakedown: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'shakedown --help'.\n", stderr);
	return EXIT_USAGE;
}

static void
version(void)
{
	char pcre[64] = "";

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("shakedown %s\n", SHAKEDOWN_VERSION);
	printf("libcurl %s, jansson %s, libyaml %s, libxml2 %s, pcre2 %s\n",
	    curl_version_info(CURLVERSION_NOW)->version, jansson_version_str(),
	    yaml_get_version_string(), LIBXML_DOTTED_VERSION, pcre);
}

static size_t
nkinds(void)
{
	size_t n = 0;

	while (report_kinds[n] != NULL)
		n++;
	return n;
}

/* fixed_opts, then a required_argument option per report kind that has
 * one; new, NULL-terminated for getopt_long. */
static struct option *
cli_options(void)
{
	size_t nfixed = sizeof(fixed_opts) / sizeof(fixed_opts[0]) - 1, n = 0, i;
	struct option *o = xcalloc(nfixed + nkinds() + 1, sizeof(*o));

	memcpy(o, fixed_opts, nfixed * sizeof(*o));
	for (i = 0; report_kinds[i] != NULL; i++)
		if (report_kinds[i]->option != NULL)
			o[nfixed + n++] = (struct option){ report_kinds[i]->option,
			    required_argument, NULL, OPT_REPORT + (int)i };
	return o;
}

static void
usage(void)
{
	const struct report_kind *k;
	size_t i, w;

	fputs(usage_head, stdout);
	for (i = 0; (k = report_kinds[i]) != NULL; i++) {
		if (k->option == NULL)
			continue;
		w = strlen("      --") + strlen(k->option) + strlen(" FILE");
		printf("      --%s FILE%*s%s\n", k->option,
		    w < 24 ? (int)(24 - w) : 1, "", k->help);
	}
	fputs(usage_tail, stdout);
}

/* --KIND FILE: the last one given wins, and takes its place in the
 * command-line order the reports are opened in. */
static void
set_report(struct cli *c, size_t kind, const char *path)
{
	size_t i;

	for (i = 0; i < c->norder && c->order[i] != kind; i++)
		;
	if (i < c->norder) {
		memmove(c->order + i, c->order + i + 1,
		    (c->norder - i - 1) * sizeof(*c->order));
		c->norder--;
	}
	c->order[c->norder++] = kind;
	c->reports[kind] = path;
}

/* Returns -1 to go on, or an exit code. */
static int
parse_option(struct cli *c, int ch)
{
	char why[256], msg[4400];

	switch (ch) {
	case 'u':
		if (http_url_check(optarg, why, sizeof(why)) == -1) {
			snprintf(msg, sizeof(msg), "--base-url '%s': %s", optarg, why);
			return usage_error("%s", msg);
		}
		c->run.base_url = optarg;
		break;
	case 'k':	c->run.insecure = 1; break;
	case 'j':
		if ((c->jobs = atoi(optarg)) < 1 || c->jobs > 64)
			return usage_error("--jobs: expected a number from 1 to 64, "
			    "got '%s'", optarg);
		break;
	case 'q':	c->report.quiet = 1; break;
	case 'v':	c->report.verbose = 1; break;
	case OPT_CACERT: c->run.cacert = optarg; break;
	case OPT_CERT:	c->run.cert = optarg; break;
	case OPT_KEY:	c->run.key = optarg; break;
	case OPT_SECRET: json_array_append_new(c->secrets, json_string(optarg));
		break;
	case OPT_TAG:	json_array_append_new(c->tags, json_string(optarg)); break;
	case OPT_SHARD:	c->shard = optarg; break;
	case OPT_DURATIONS: c->durations = optarg; break;
	case OPT_LIST:	c->list = 1; break;
	case OPT_DRY_RUN: c->dry_run = 1; break;
	case OPT_SKIP_TAG:
		json_array_append_new(c->skip_tags, json_string(optarg));
		break;
	case OPT_VAR:
		if (set_var(c->vars, optarg) == -1)
			return usage_error("--var: expected NAME=VALUE, got '%s'",
			    optarg);
		break;
	case OPT_LABEL:
		if (set_label(c->labels, optarg, strlen(optarg)) == -1)
			return usage_error("--label: expected KEY=VALUE (not "
			    LABEL_RUN "), got '%s'", optarg);
		break;
	case OPT_VARS_FILE:
		if (vars_file(c->vars, optarg) == -1)
			return EXIT_USAGE;
		break;
	case OPT_COLOR:	c->color = 1; break;
	case OPT_NO_COLOR: c->color = 0; break;
	case OPT_IMAGE:	c->run.image = optarg; break;
	case OPT_HOST:
		/* A name, an IPv4 address, or IPv6 (::1 or [::1]: either way the
		 * URLs made of it bracket it). */
		if (*optarg == '\0' || optarg[strspn(optarg, "abcdefghijklmnopqr"
		    "stuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:[]%")] != '\0')
			return usage_error("--host: expected a host name or an "
			    "address (127.0.0.1, ::1), got '%s'", optarg);
		c->run.host = optarg;
		break;
	case OPT_KEEP:	c->run.keep = 1; break;
	case OPT_REPORT_DIR: c->run.report_dir = optarg; break;
	case OPT_MAX_BODY:
		if (size_parse(optarg, &c->run.max_body) == -1 ||
		    c->run.max_body == 0)
			return usage_error("--max-body: expected a size like "
			    "10MiB or 512k, got '%s'", optarg);
		break;
	case OPT_TIMEOUT:
		if (duration_parse(optarg, &c->run.timeout_ms) == -1)
			return usage_error("--timeout: expected a duration like "
			    "500ms, 2s or 1m, got '%s'", optarg);
		break;
	case 'h':
		usage();
		return EXIT_PASS;
	case 'V':
		version();
		return EXIT_PASS;
	default:
		if (ch >= OPT_REPORT && ch < OPT_REPORT + (int)nkinds()) {
			set_report(c, (size_t)(ch - OPT_REPORT), optarg);
			break;
		}
		fputs("Try 'shakedown --help'.\n", stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* Loads every spec named; returns the number that failed to load (their
 * errors on stderr).  specs[i] is NULL for those. */
static int
load_all(const struct specfiles *files, const json_t *vars,
    struct spec **specs)
{
	struct buf errs = BUF_INIT;
	size_t i;
	int bad = 0;

	for (i = 0; i < files->n; i++) {
		buf_reset(&errs);
		if ((specs[i] = spec_load(files->v[i], vars, &errs)) == NULL) {
			fputs(buf_str(&errs), stderr);
			bad++;
		}
	}
	buf_release(&errs);
	return bad;
}

/* The spec files of every path named.  Returns -1 to go on, or an exit
 * code; *missing counts the paths that cannot be read, each reported on
 * stderr (the others are in files all the same). */
static int
collect(int argc, char **argv, struct specfiles *files, int *missing)
{
	struct buf errs = BUF_INIT;
	const char *line;
	size_t n;
	int i;

	*missing = 0;
	if (argc == 0)
		return usage_error("%s", "no spec files given");
	for (i = 0; i < argc; i++)
		*missing += specfiles_add(files, argv[i], &errs);
	for (line = buf_str(&errs); *line; line += n + (line[n] == '\n')) {
		n = strcspn(line, "\n");
		fprintf(stderr, "shakedown: %.*s\n", (int)n, line);
	}
	buf_release(&errs);
	if (files->n == 0 && *missing == 0)
		return usage_error("%s", "no spec files found");
	return -1;
}

static void
free_specs(struct spec **specs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		spec_free(specs[i]);
	free(specs);
}

/* `shakedown prune`: the objects of runs whose processes are gone. */
static int
cmd_prune(struct cli *c, int argc, char **argv)
{
	struct prune_count n;
	struct engine *e;
	char err[1024];

	if (argc > 0)
		return usage_error("prune takes no spec, got '%s'", argv[0]);
	if ((e = engine_new(err, sizeof(err))) == NULL) {
		fprintf(stderr, "shakedown: %s\n", err);
		return EXIT_ENV;
	}
	if (prune_sweep(e, c->labels, !c->dry_run, &n, err, sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: %s\n", err);
		engine_free(e);
		return EXIT_ENV;
	}
	engine_free(e);
	printf("%s %zu container%s, %zu network%s, %zu volume%s of runs whose "
	    "processes are gone\n", c->dry_run ? "would remove" : "removed",
	    c->dry_run ? n.stale[0] : n.removed[0], n.stale[0] == 1 ? "" : "s",
	    c->dry_run ? n.stale[1] : n.removed[1], n.stale[1] == 1 ? "" : "s",
	    c->dry_run ? n.stale[2] : n.removed[2], n.stale[2] == 1 ? "" : "s");
	printf("left: %zu of runs still running, %zu kept with --keep, %zu made "
	    "on another host, %zu of an older shakedown\n", n.state[PRUNE_ALIVE],
	    n.state[PRUNE_KEPT], n.state[PRUNE_ELSEWHERE],
	    n.state[PRUNE_UNKNOWN]);
	if (!c->dry_run && (n.removed[0] < n.stale[0] ||
	    n.removed[1] < n.stale[1] || n.removed[2] < n.stale[2])) {
		fprintf(stderr, "shakedown: some could not be removed (in use?)\n");
		return EXIT_ENV;
	}
	return EXIT_PASS;
}

/* A run that finds objects of dead runs says so, once, and how to go. */
static void
warn_leftovers(struct engine *e, const json_t *only)
{
	struct prune_count n;
	char err[256];

	if (prune_sweep(e, only, 0, &n, err, sizeof(err)) == -1 ||
	    n.stale[0] + n.stale[1] + n.stale[2] == 0)
		return;
	fprintf(stderr, "shakedown: %zu container%s, %zu network%s and %zu "
	    "volume%s of earlier runs whose processes are gone are left on the "
	    "engine; remove them with: shakedown prune\n", n.stale[0],
	    n.stale[0] == 1 ? "" : "s", n.stale[1], n.stale[1] == 1 ? "" : "s",
	    n.stale[2], n.stale[2] == 1 ? "" : "s");
}

static int
cmd_check(struct cli *c, int argc, char **argv)
{
	struct specfiles files = { 0 };
	struct buf errs = BUF_INIT;
	struct spec *s;
	size_t i, tests = 0;
	int rc, bad, missing;

	if ((rc = collect(argc, argv, &files, &missing)) != -1) {
		specfiles_clear(&files);
		return rc;
	}
	bad = missing;
	for (i = 0; i < files.n; i++) {	/* each freed once counted */
		buf_reset(&errs);
		if ((s = spec_load(files.v[i], c->vars, &errs)) == NULL) {
			fputs(buf_str(&errs), stderr);
			bad++;
			continue;
		}
		tests += s->ntests;
		spec_free(s);
	}
	buf_release(&errs);
	if (bad)
		fprintf(stderr, "%d of %zu spec files invalid\n", bad,
		    files.n + (size_t)missing);
	else
		printf("%zu spec file%s valid, %zu test%s\n", files.n,
		    files.n == 1 ? "" : "s", tests, tests == 1 ? "" : "s");
	specfiles_clear(&files);
	return bad ? EXIT_USAGE : EXIT_PASS;
}

/* The console (every kind without an option), then the report files in
 * the order of their options. */
static int
open_reporters(struct cli *c, struct reporter *rp)
{
	char err[1024];
	size_t i;

	for (i = 0; report_kinds[i] != NULL; i++)
		if (report_kinds[i]->option == NULL && reporter_add(rp,
		    report_kinds[i], NULL, &c->report, err, sizeof(err)) == -1)
			goto fail;
	for (i = 0; i < c->norder; i++)
		if (reporter_add(rp, report_kinds[c->order[i]],
		    c->reports[c->order[i]], &c->report, err, sizeof(err)) == -1)
			goto fail;
	return 0;
fail:
	fprintf(stderr, "shakedown: %s\n", err);
	return -1;
}

/* 12 hex digits, unique enough to name a run's objects on one engine. */
static void
new_run_id(char *out, size_t len)
{
	unsigned char r[6] = { 0 };
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd == -1 || read(fd, r, sizeof(r)) != (ssize_t)sizeof(r)) {
		unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);

		memcpy(r, &x, sizeof(r) < sizeof(x) ? sizeof(r) : sizeof(x));
	}
	if (fd != -1)
		close(fd);
	snprintf(out, len, "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
	    r[4], r[5]);
}

/* $TMPDIR/shakedown-RUN, 0700: the rewritten compose files (the merged
 * config, environment values included) are for the run's owner alone. */
static void
make_workdir(struct cli *c)
{
	const char *tmp = getenv("TMPDIR");
	static char dir[4096];

	snprintf(dir, sizeof(dir), "%s/shakedown-%s", tmp && *tmp ? tmp : "/tmp",
	    c->run.run_id);
	if (mkdir(dir, 0700) == -1) {
		fprintf(stderr, "shakedown: %s: %s\n", dir, strerror(errno));
		return;
	}
	c->run.workdir = dir;
}

/* Connects to the engine when a spec starts an app; makes the run's
 * folder and arms the watchdog when one does or has browser tests. */
static void
setup_engine(struct cli *c, struct spec **specs, size_t n, char *err,
    size_t errlen)
{
	size_t i;

	int apps = 0, browsers = 0;

	for (i = 0; i < n; i++) {
		apps |= c->run.base_url == NULL && (specs[i]->app != NULL ||
		    specs[i]->compose != NULL);
		browsers |= spec_has_browser(specs[i]);
	}
	if (!apps && !browsers)
		return;
	if (apps && (c->run.engine = engine_new(err, errlen)) == NULL) {
		c->run.engine_error = err;
		if (!browsers)
			return;
	} else if (apps)
		warn_leftovers(c->run.engine, c->labels);
	/* The browsers' profiles are made in it, and the watchdog kills
	 * them after a kill -9. */
	make_workdir(c);
	if (!c->run.keep && watchdog_start(c->run.run_id, c->run.workdir, err,
	    errlen) == -1)
		fprintf(stderr, "shakedown: %s (a killed run may leak)\n", err);
	for (i = 0; i < n; i++)
		if (specs[i]->compose != NULL)
			compose_cli();		/* probe once, before any thread */
}

static int
run_specs(struct cli *c, struct spec **specs, size_t n)
{
	struct reporter *rp = reporter_new();
	struct observer obs = reporter_observer(rp);
	struct run_result *rr = run_result_new();
	struct timespec t0, t1;
	size_t passed, failed, errors, skipped;
	int unreachable = 0, rc;
	char err[1024], run_id[16], engine_err[1024];

	if (open_reporters(c, rp) == -1) {
		reporter_free(rp);
		run_result_free(rr);
		return EXIT_ENV;
	}
	obs = reporter_observer(rp);	/* what the open reporters read */
	/* A report folder that cannot be written: the tests run and the
	 * reports are written, with no attachment, and the run ends in 3. */
	if (report_dir_prepare(c->run.report_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: --report-dir %s: %s; no response body "
		    "or app log can be saved there\n", c->run.report_dir, err);
		c->run.report_dir = NULL;
		unreachable = 1;
	}
	new_run_id(run_id, sizeof(run_id));
	c->run.run_id = run_id;
	setup_engine(c, specs, n, engine_err, sizeof(engine_err));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pool_run(specs, n, c->jobs, &c->run, &obs, rr) == RUNNER_UNREACHABLE)
		unreachable = 1;	/* or a file of the report folder unsaved */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rr->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* Teardown removed its files; --keep leaves a compose project's for
	 * `compose down` (rmdir then leaves the folder), none of a container. */
	if (c->run.workdir)
		rmdir(c->run.workdir);
	watchdog_disarm();
	engine_free(c->run.engine);
	run_result_count(rr, &passed, &failed, &errors, &skipped);
	rc = interrupted() ? 128 + interrupted() : unreachable ? EXIT_ENV :
	    failed + errors ? EXIT_FAILED : EXIT_PASS;
	if (reporter_close(rp, rr, err, sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: %s\n", err);
		rc = EXIT_ENV;
	}
	reporter_free(rp);
	run_result_free(rr);
	return rc;
}

/* --shard, or GitLab's CI_NODE_INDEX/CI_NODE_TOTAL (parallel: N). */
static int
apply_shard(const struct cli *c, struct specfiles *files)
{
	const char *ci_i = getenv("CI_NODE_INDEX"), *ci_n = getenv("CI_NODE_TOTAL");
	char spec[64], err[1024];
	int index, total;

	if (c->shard != NULL)
		snprintf(spec, sizeof(spec), "%s", c->shard);
	else if (ci_i != NULL && ci_n != NULL && *ci_i && *ci_n)
		snprintf(spec, sizeof(spec), "%s/%s", ci_i, ci_n);
	else
		return -1;
	if (shard_parse(spec, &index, &total) == -1)
		return usage_error("--shard: expected I/N with 1 <= I <= N, got "
		    "'%s'", spec);
	if (shard_select(files, index, total, c->durations, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "shakedown: %s\n", err);
		return EXIT_USAGE;
	}
	if (files->n == 0 && !c->list)
		fprintf(stderr, "shakedown: shard %d/%d: no spec file falls to "
		    "this shard\n", index, total);
	return -1;
}

/* Specs with browser tests need Chromium: told before anything starts,
 * naming the package, once for the first such spec. */
static int
browser_found(struct spec **specs, size_t n)
{
	char why[512], *bin;
	size_t i;

	for (i = 0; i < n && !spec_has_browser(specs[i]); i++)
		;
	if (i == n)
		return 1;
	if ((bin = browser_binary(why, sizeof(why))) != NULL) {
		free(bin);
		return 1;
	}
	fprintf(stderr, "shakedown: %s: its browser tests need Chromium: %s\n",
	    specs[i]->path, why);
	return 0;
}

static int
cmd_run(struct cli *c, int argc, char **argv)
{
	struct specfiles files = { 0 };
	struct spec **specs;
	int rc, bad = 0, missing;

	if ((rc = collect(argc, argv, &files, &missing)) != -1 ||
	    (missing == 0 && (rc = apply_shard(c, &files)) != -1)) {
		specfiles_clear(&files);
		return rc;
	}
	if (c->list && missing == 0) {
		for (size_t i = 0; i < files.n; i++)
			printf("%s\n", files.v[i]);
		specfiles_clear(&files);
		return EXIT_PASS;
	}
	/* A missing file runs nothing, but the others' errors are told too. */
	specs = calloc(files.n ? files.n : 1, sizeof(*specs));
	if (!c->list)
		bad = load_all(&files, c->vars, specs);
	if (bad > 0 || missing > 0) {
		fprintf(stderr, "shakedown: %s, no test was run\n", missing == 0 ?
		    "invalid spec" : bad > 0 ? "missing and invalid spec" :
		    "missing spec");
		rc = EXIT_USAGE;
	} else if (!browser_found(specs, files.n))
		rc = EXIT_ENV;
	else
		rc = run_specs(c, specs, files.n);
	free_specs(specs, files.n);
	specfiles_clear(&files);
	return rc;
}

/* --secret NAME: the environment's value, or a --var's.  Returns -1 for
 * a value too short to mask. */
static int
mask_secrets(const struct cli *c)
{
	const json_t *n, *v;
	const char *value;
	size_t i;

	json_array_foreach(c->secrets, i, n) {
		value = getenv(json_string_value(n));
		v = json_object_get(c->vars, json_string_value(n));
		if (json_is_string(v))
			value = json_string_value(v);
		if (value != NULL && *value != '\0' &&
		    mask_add(mask_global(), value) == -1) {
			fprintf(stderr, "shakedown: --secret %s: the value is too "
			    "short to mask (at least %d characters)\n",
			    json_string_value(n), MASK_MIN);
			return -1;
		}
	}
	return 0;
}

static int
cli_run(struct cli *c, int argc, char **argv)
{
	struct option *long_opts;
	const char *cmd;
	int ch, rc = -1;

	if (env_labels(c->labels) == -1 || env_spec_memory() == -1)
		return EXIT_USAGE;
	long_opts = cli_options();
	while (rc == -1 && (ch = getopt_long(argc, argv, "+u:kj:qvhV", long_opts,
	    NULL)) != -1)
		rc = parse_option(c, ch);
	if (rc == -1 && optind >= argc)
		rc = usage_error("%s", "missing command: run or check");
	cmd = rc == -1 ? argv[optind++] : NULL;
	while (rc == -1 && (ch = getopt_long(argc, argv, "u:kj:qvhV", long_opts,
	    NULL)) != -1)
		rc = parse_option(c, ch);
	free(long_opts);
	if (rc != -1)
		return rc;
	c->report.gitlab = getenv("GITLAB_CI") != NULL;
	if (c->color == -1)
		c->color = getenv("NO_COLOR") == NULL &&
		    (isatty(STDOUT_FILENO) || c->report.gitlab);
	c->report.color = c->color;
	if (c->run.report_dir == NULL)
		c->run.report_dir = "shakedown-report";
	c->run.tags = c->tags;
	c->run.skip_tags = c->skip_tags;
	/* The run's objects carry --label's and what prune judges them by;
	 * prune and the leftover check look only at --label's. */
	c->run_labels = json_deep_copy(c->labels);
	prune_labels(c->run_labels, c->run.keep);
	c->run.labels = c->run_labels;
	if (mask_secrets(c) == -1)
		return EXIT_USAGE;
	interrupt_init();
	if (strcmp(cmd, "run") == 0)
		return cmd_run(c, argc - optind, argv + optind);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(c, argc - optind, argv + optind);
	if (strcmp(cmd, "prune") == 0)
		return cmd_prune(c, argc - optind, argv + optind);
	return usage_error("unknown command '%s' (expected run, check or prune)", cmd);
}

int
cli_main(int argc, char **argv)
{
	struct cli c = { 0 };
	int rc;

	c.run.max_body = 10u << 20;
	c.run.timeout_ms = 30000;
	c.report.out = stdout;
	c.reports = xcalloc(nkinds(), sizeof(*c.reports));
	c.order = xcalloc(nkinds(), sizeof(*c.order));
	c.color = -1;
	c.vars = json_object();
	c.secrets = json_array();
	c.tags = json_array();
	c.skip_tags = json_array();
	c.labels = json_object();
	rc = cli_run(&c, argc, argv);
	json_decref(c.vars);
	json_decref(c.secrets);
	json_decref(c.tags);
	json_decref(c.skip_tags);
	json_decref(c.labels);
	json_decref(c.run_labels);
	free(c.reports);
	free(c.order);
	return rc;
}
