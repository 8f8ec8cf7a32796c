/* spec.h - the model of one spec file: a suite of tests, each a request
 * and its expectations, built and validated from a srcdoc tree. */
#ifndef SHAKEDOWN_SPEC_H
#define SHAKEDOWN_SPEC_H

#include <stddef.h>
#include <jansson.h>

#include "../../base/buf.h"
#include "../../base/http.h"
#include "../../base/spec_ctx.h"

struct browser_test;
struct checklist;
struct capture_list;

enum body_kind {
	BODY_NONE,
	BODY_JSON,		/* `json:` a tree, serialised at run time */
	BODY_FORM,		/* `form:` urlencoded fields */
	BODY_RAW,		/* `body:` a string */
	BODY_FILE,		/* `file:` a path relative to the spec */
	BODY_MULTIPART,		/* `multipart:` fields and files */
};

/* One part of a multipart body: a field, or a file when `file` is set. */
struct part {
	char		*name;
	char		*value;		/* template */
	char		*file;		/* resolved against the spec's folder */
	char		*type;		/* Content-Type of a file part, or NULL */
	char		*filename;	/* the name sent, or NULL: the file's */
};

/* Strings below are templates: {{var}} is expanded when the test runs;
 * ${ENV} was expanded when the spec loaded. */
struct request {
	char		*method;
	char		*url;		/* absolute, or a path joined to the base URL */
	struct http_header *headers;
	size_t		 nheaders;
	struct http_header *query;
	size_t		 nquery;
	enum body_kind	 body_kind;
	char		*body;		/* BODY_RAW */
	json_t		*json;		/* BODY_JSON */
	struct http_header *form;	/* BODY_FORM */
	size_t		 nform;
	char		*file;		/* BODY_FILE, resolved against the spec's folder */
	struct part	*parts;		/* BODY_MULTIPART */
	size_t		 nparts;
	long		 timeout_ms;	/* -1: the run's default */
	int		 follow;	/* -1: default (no) */
	int		 insecure;	/* -1: default (no) */
	int		 http2;		/* -1: default (libcurl's: h2 over TLS) */
	char		*cacert;
	char		*cert;		/* client certificate (PEM) */
	char		*key;		/* its private key */
	char		*user;		/* basic auth: user… */
	char		*password;	/* …and password (templates) */
	char		*bearer;	/* bearer token (template) */
	struct http_header *cookies;	/* sent with this request */
	size_t		 ncookies;
};

enum test_phase {
	PHASE_SETUP,		/* always runs, first; a failure blocks the tests */
	PHASE_TEST,
	PHASE_TEARDOWN,		/* always runs, last */
};

/* `retry:` run the test again until every expectation holds. */
struct retry {
	int		 attempts;	/* 1: no retry */
	long		 interval_ms;	/* before the second attempt */
	double		 backoff;	/* each interval is this times the last */
};

struct test {
	char		*name;
	int		 line;
	int		 col;
	char		*skip;		/* skip reason, or NULL */
	struct request	 req;		/* an HTTP test… */
	json_t		*exec;		/* …or an argv run in the app (array) */
	char		*service;	/* exec in this compose service, or NULL */
	struct browser_test *browser;	/* a browser test, or NULL (owned) */
	struct checklist *checks;	/* owned, or borrowed from the spec when
					 * shared_checks (another test's expect:
					 * the same) */
	int		 shared_checks;
	struct capture_list *captures;	/* or NULL */
	json_t		*uses;		/* object: the {{names}} it refers to */
	json_t		*tags;		/* array of strings */
	struct retry	 retry;
	enum test_phase	 phase;
	char		*file;		/* the spec file it was written in */
};

/* `app:` the image under test. */
struct app_spec {
	char		*image;		/* NULL: --image or $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA */
	int		 port;		/* container port published on a random host port */
	json_t		*env;		/* object, or NULL */
	json_t		*cmd;		/* array, or NULL */
	json_t		*networks;	/* array of names, or NULL */
	size_t		 memory;	/* limit in bytes, 0: none */
	int		 line;
};

/* `compose:` a compose project; one service is under test. */
struct compose_spec {
	json_t		*files;		/* array of absolute paths */
	json_t		*profiles;	/* array of profile names (--profile) */
	char		*service;
	int		 port;
};

/* `ready:` what must hold before the first test; every probe given must
 * pass, retried with exponential backoff and jitter until the deadline. */
struct ready_spec {
	char		*http;		/* GET this path… */
	struct checklist *http_checks;	/* …until these hold (status, body) */
	int		 tcp;		/* the port accepts connections */
	pcre2_code	*log;		/* a line of the container's output matches… */
	char		*log_text;
	long		 occurrences;	/* …and this many lines do (default 1) */
	json_t		*exec;		/* this argv exits 0 in the container */
	int		 healthy;	/* the Docker healthcheck says healthy */
	json_t		*healthy_services;	/* compose: these services' checks */
	long		 timeout_ms;
	long		 interval_ms;	/* first retry interval */
	long		 max_interval_ms;
	double		 factor;
	double		 jitter;	/* 0..1: each wait is ±jitter of itself */
};

/* What the spec keeps of a test from its load to its turn: enough to
 * choose it, name it and report it.  The model (struct test) is built
 * again from the file at its turn (spec_test_open), so that memory stays
 * flat in the number of tests; it is kept when it cannot be (the test
 * came from an include:, or uses a YAML alias to an anchor
 * outside it). */
struct spec_test {
	const char	*name;		/* borrowed from the spec; NULL if the
					 * test did not load */
	const char	*file;		/* borrowed: the file it is written in */
	int		 line;
	int		 col;
	enum test_phase	 phase;
	json_t		*tags;		/* array of strings, or NULL: none */
	struct test	*model;		/* kept, or NULL: built at its turn */
	size_t		 off;		/* its bytes in the file */
	size_t		 len;
};

struct spec_build;

struct spec {
	char		*path;		/* as given */
	char		*name;		/* `name:` or the file name without extension */
	char		*base_url;	/* `base_url:` or NULL */
	json_t		*vars;		/* object: the spec's variables */
	json_t		*secrets;	/* array: names whose values are masked */
	struct app_spec	*app;		/* NULL: the app is already running… */
	struct compose_spec *compose;	/* …or it is a compose project */
	struct ready_spec *ready;	/* never NULL once loaded */
	struct spec_test *tests;	/* setup, tests, teardown, in that order */
	size_t		 ntests;
	size_t		 alloc;
	json_t		*captured_by;	/* object: capture name → the name of the
					 * (last) test that captures it */
	int		 has_browser;	/* a test drives a browser (browser:) */
	struct spec_build *build;	/* what building a test again takes */
};

/*
 * Loads and validates a spec file; `vars` (borrowed, may be NULL) are
 * variables given on the command line, which win over the spec's.  Returns
 * a new spec (spec_free), or NULL with every problem found appended to errs
 * (the caller's), one "PATH:LINE:COL: message" per line.
 */
struct spec	*spec_load(const char *path, const json_t *vars, struct buf *errs);
/* Frees s and all it holds; accepts NULL. */
void		 spec_free(struct spec *s);

/*
 * How much heap (bytes, as glibc's mallinfo2 counts it) the specs loaded by
 * this process may hold in compiled tests: a test loaded while there is
 * room keeps its model; past it, a test keeps a stub of a few dozen bytes
 * and is built again from its file at its turn (spec_test_open), which
 * costs a parse of its item.  Default SPEC_MODEL_BUDGET; 0: no test keeps
 * its model.  Call before the first spec_load.
 */
#define SPEC_MODEL_BUDGET	(2u << 20)
void		 spec_model_budget(size_t bytes);

/*
 * The model of test i of s, built again from the spec file (or the one
 * kept): borrowed until spec_test_close(s, i, t).  NULL with a message in
 * errs (the caller's) when it cannot be (the file changed or went away).
 * One thread at a time per spec.
 */
struct test	*spec_test_open(const struct spec *s, size_t i, struct buf *errs);
void		 spec_test_close(const struct spec *s, size_t i, struct test *t);

/* Non-zero when a test of s (borrowed) drives a browser (browser:), so
 * that the caller looks for Chromium before the run starts.  Known from
 * the load: no test is built again to tell. */
int		 spec_has_browser(const struct spec *s);

/* Non-zero if `path` should be taken when a folder is searched for specs
 * (YAML or JSON that is not a JSON Schema nor a Compose file); path
 * borrowed. */
int		 spec_looks_like(const char *path);

#endif
