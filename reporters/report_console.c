/* report_console.c - the live console log: a line per test as it ends,
 * failures in detail at the end, and "N passed, N failed" last.  Colours
 * only when asked; GitLab collapsible sections around each suite. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "safetext.h"
#include "../base/xalloc.h"

#define GREEN	"\033[32m"
#define RED	"\033[31m"
#define YELLOW	"\033[33m"
#define DIM	"\033[2m"
#define BOLD	"\033[1m"
#define RESET	"\033[0m"

struct console {
	struct report_opts o;
	int		 nsuite;
	char		 section[96];
	int		 gone;		/* the reader closed stdout (EPIPE) */
};

/* Flushes; a reader that went away (`| head`, `| grep -q`) ends the
 * console, not the run: nothing more is written, and that is no error. */
static int
console_flush(struct console *st)
{
	if (st->gone)
		return 0;
	if (fflush(st->o.out) == EOF || ferror(st->o.out)) {
		if (errno != EPIPE)
			return -1;
		st->gone = 1;
	}
	return 0;
}

static const char *
c(const struct console *st, const char *code)
{
	return st->o.color ? code : "";
}

/* Prints bytes from the app, made safe, with `indent` before each line. */
static void
put_safe(struct console *st, const char *indent, const char *s)
{
	char *clean = safetext_dup(s, strlen(s)), *line, *nl;

	for (line = clean; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		fprintf(st->o.out, "%s%.*s\n", indent, (int)(nl - line), line);
		if (*nl == '\0')
			break;
	}
	free(clean);
}

static void *
console_open(const char *path, const struct report_opts *o, char *err,
    size_t errlen)
{
	struct console *st = xcalloc(1, sizeof(*st));

	st->o = *o;
	return st;
}

static void
console_suite_begin(void *arg, const struct suite_result *s)
{
	struct console *st = arg;
	char *name;
	size_t i, n;

	st->nsuite++;
	if (st->gone)
		return;
	name = safetext_dup(s->name, strlen(s->name));
	if (st->o.gitlab) {
		n = (size_t)snprintf(st->section, sizeof(st->section),
		    "shakedown_%d_", st->nsuite);
		for (i = 0; s->name[i] && n < sizeof(st->section) - 1; i++)
			st->section[n++] = isalnum((unsigned char)s->name[i]) ?
			    (char)tolower((unsigned char)s->name[i]) : '_';
		st->section[n] = '\0';
		fprintf(st->o.out, "\033[0Ksection_start:%ld:%s[collapsed=false]"
		    "\r\033[0K", (long)time(NULL), st->section);
	}
	if (!st->o.quiet || st->o.gitlab)
		fprintf(st->o.out, "%s%s%s %s(%s)%s\n", c(st, BOLD), name,
		    c(st, RESET), c(st, DIM), s->file, c(st, RESET));
	free(name);
}

static void
console_test_done(void *arg, const struct suite_result *s,
    const struct test_result *t)
{
	static const char *const marks[] = { "✓", "✗", "!", "-" };
	const char *colors[] = { GREEN, RED, RED, YELLOW };
	struct console *st = arg;
	char *name;

	if (st->gone || (st->o.quiet && (t->status == TEST_PASS ||
	    t->status == TEST_SKIP)))
		return;
	name = safetext_dup(t->name, strlen(t->name));
	fprintf(st->o.out, "  %s%s%s %s  %s", c(st, colors[t->status]),
	    marks[t->status], c(st, RESET), name, c(st, DIM));
	if (t->status == TEST_SKIP)
		fprintf(st->o.out, "(skipped: %s)", t->skip_reason);
	else if (t->status == TEST_ERROR)
		fprintf(st->o.out, "(error, %.0f ms)", t->seconds * 1000);
	else
		fprintf(st->o.out, "(%.0f ms)", t->seconds * 1000);
	fprintf(st->o.out, "%s\n", c(st, RESET));
	if (st->o.verbose && t->transcript && *t->transcript)
		put_safe(st, "      ", t->transcript);
	free(name);
	console_flush(st);
}

static void
console_suite_end(void *arg, const struct suite_result *s)
{
	struct console *st = arg;

	if (st->o.gitlab && !st->gone)
		fprintf(st->o.out, "\033[0Ksection_end:%ld:%s\r\033[0K\n",
		    (long)time(NULL), st->section);
}

/* The request line and status line of a transcript, for context; with
 * redirects followed, each status line and the request that followed. */
static void
context(struct console *st, const char *tr)
{
	const char *resp, *end;
	char *line;

	if (tr == NULL || strncmp(tr, "> ", 2) != 0)
		return;
	line = xstrndup(tr, strcspn(tr, "\n"));
	put_safe(st, "     ", line);
	free(line);
	for (resp = strstr(tr, "\n< "); resp != NULL; ) {
		line = xstrndup(resp + 1, strcspn(resp + 1, "\n"));
		put_safe(st, "     ", line);
		free(line);
		/* The headers end at "<"; a hop's next request follows. */
		if ((end = strstr(resp, "\n<\n")) == NULL ||
		    strncmp(end + 3, "\n> ", 3) != 0)
			break;
		for (resp = end + 3; strncmp(resp, "\n> ", 3) == 0;
		    resp += 1 + strcspn(resp + 1, "\n")) {
			line = xstrndup(resp + 1, strcspn(resp + 1, "\n"));
			put_safe(st, "     ", line);
			free(line);
		}
		if (strncmp(resp, "\n\n< ", 4) != 0)
			break;
		resp++;
	}
}

/* The app's logs a failed test carries: in GitLab a collapsed section
 * of the job log, elsewhere their last lines. */
static void
app_logs(struct console *st, const struct test_result *t, size_t n)
{
	const char *logs, *p;
	size_t lines = 0;

	if (t->transcript == NULL ||
	    (logs = strstr(t->transcript, "--- app logs")) == NULL)
		return;
	logs += strcspn(logs, "\n");
	if (*logs == '\n')
		logs++;
	if (st->o.gitlab) {
		fprintf(st->o.out, "\033[0Ksection_start:%ld:app_logs_%zu"
		    "[collapsed=true]\r\033[0K     app logs\n", (long)time(NULL), n);
		put_safe(st, "       ", logs);
		fprintf(st->o.out, "\033[0Ksection_end:%ld:app_logs_%zu\r\033[0K\n",
		    (long)time(NULL), n);
		return;
	}
	for (p = logs + strlen(logs); p > logs && lines < 11; p--)
		if (p[-1] == '\n')
			lines++;
	if (p > logs)
		p++;
	if (*p) {
		fprintf(st->o.out, "     %sapp logs, last lines:%s\n", c(st, DIM),
		    c(st, RESET));
		put_safe(st, "       ", p);
	}
}

/* A failed browser test's screenshot (its PNG attachment), by name. */
static void
screenshot(struct console *st, const struct test_result *t)
{
	size_t n = t->attachment ? strlen(t->attachment) : 0;

	if (n >= 4 && strcmp(t->attachment + n - 4, ".png") == 0)
		put_safe(st, "     screenshot: ", t->attachment);
}

static void
failures(struct console *st, const struct run_result *r)
{
	const struct test_result *t;
	const struct suite_result *s;
	size_t i, j, k, n = 0;

	for (i = 0; i < r->nsuites; i++) {
		s = r->suites[i];
		for (j = 0; j < s->ntests; j++) {
			t = &s->tests[j];
			if (t->status != TEST_FAIL && t->status != TEST_ERROR)
				continue;
			if (n++ == 0)
				fprintf(st->o.out, "\n%sFailures:%s\n", c(st, BOLD),
				    c(st, RESET));
			fprintf(st->o.out, "\n  %zu) ", n);
			put_safe(st, "", s->name);
			fprintf(st->o.out, "     › ");
			put_safe(st, "", t->name);
			if (t->line > 0)
				fprintf(st->o.out, "     %s%s:%d%s\n", c(st, DIM),
				    s->file, t->line, c(st, RESET));
			else
				fprintf(st->o.out, "     %s%s%s\n", c(st, DIM),
				    s->file, c(st, RESET));
			context(st, t->transcript);
			if (t->error)
				put_safe(st, "     error: ", t->error);
			for (k = 0; k < t->nfailures; k++)
				put_safe(st, "     ", t->failures[k]);
			screenshot(st, t);
			app_logs(st, t, n);
		}
	}
}

static int
console_close(void *arg, const struct run_result *r, char *err, size_t errlen)
{
	struct console *st = arg;
	size_t passed, failed, errors, skipped;
	int rc = 0;

	if (r != NULL && !st->gone) {
		run_result_count(r, &passed, &failed, &errors, &skipped);
		failures(st, r);
		fprintf(st->o.out, "\n%s%zu spec file%s, %.2f s%s\n", c(st, DIM),
		    r->nsuites, r->nsuites == 1 ? "" : "s", r->seconds,
		    c(st, RESET));
		fprintf(st->o.out, "%zu passed, %zu failed", passed,
		    failed + errors);
		if (skipped)
			fprintf(st->o.out, ", %zu skipped", skipped);
		fputc('\n', st->o.out);
		if (console_flush(st) == -1) {
			snprintf(err, errlen, "cannot write the console log");
			rc = -1;
		}
	}
	free(st);
	return rc;
}

const struct report_kind report_console = {
	.name = "console",
	.open = console_open,
	.suite_begin = console_suite_begin,
	.test_done = console_test_done,
	.suite_end = console_suite_end,
	.close = console_close,
};
