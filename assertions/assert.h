/* assert.h - assertion kinds: one const struct per family (status, headers,
 * body, time…), collected in one table and dispatched through function
 * pointers, as tmux does with cmd_entry.  A kind compiles the value of its
 * key under `expect:` into checks at load time; a check is evaluated
 * against a response at run time. */
#ifndef SHAKEDOWN_ASSERT_H
#define SHAKEDOWN_ASSERT_H

#include <stddef.h>
#include <jansson.h>

#include "../base/buf.h"
#include "../base/http.h"
#include "../base/spec_ctx.h"

/* The outcome of a command run in a container (an exec test). */
struct exec_result {
	int		 exit_code;
	struct buf	 out;
	struct buf	 err;
};

struct body_docs;

/* What an expectation is checked against: a response, an exec, or a
 * page a browser test drove. */
struct assert_env {
	const struct http_response *resp;	/* borrowed, or NULL */
	const struct exec_result *exec;		/* borrowed, or NULL */
	/* A browser test's page once its steps are done: the object
	 * page_snapshot (browser/browser.h) describes (url, title, status,
	 * errors, console, failedRequests, result); borrowed, or NULL. */
	const json_t	*page;
	/* The elements a CSS selector or XPath finds in that page now, as
	 * page_elements describes them: a new array, or NULL with why set;
	 * called with elements_arg.  NULL when there is no page. */
	json_t		*(*elements)(void *arg, const char *selector,
			    struct buf *why);
	void		*elements_arg;
	const json_t	*vars;			/* borrowed: for {{…}} */
	struct body_docs *docs;		/* borrowed: resp's body parsed once */
	struct buf	*detail;	/* full values of cut messages, or NULL */
	const struct checklist *checks;	/* borrowed: the test's, so that its
					 * JSON paths share one scan of the
					 * body; or NULL */
};

/* What a kind applies to. */
#define ASSERT_HTTP	0x1
#define ASSERT_EXEC	0x2
#define ASSERT_BROWSER	0x4

struct check;
struct checklist;
struct query_ops;
struct subject;

struct assert_kind {
	const char	*key;		/* its key under expect: */
	int		 target;	/* ASSERT_HTTP, ASSERT_EXEC, ASSERT_BROWSER:
					 * what tests it applies to */
	int		 queries;	/* its checks hold a struct query */
	int		 needs_body;	/* reads the body's content, so a body
					 * cut at the cap fails it */
	int		 needs_hash;	/* reads the body's SHA-256 digest */
	/* What its argument is compiled by (header names, JSONPaths…), or
	 * NULL when it takes none.  Its noun names the kind under
	 * capture: ("header"), else the key does ("status"). */
	const struct query_ops *ops;
	/*
	 * What its predicates see, given arg, the argument compiled by ops
	 * (NULL without ops); label names it in messages ("json $.id",
	 * "header 'ETag'", "body").  A kind with a subject is a source of
	 * captures, with nothing more to write.  Returns 0 with *sj set and
	 * *hold (new, or NULL) keeping it alive; when sj is absent, or text
	 * that is not UTF-8, why (if the kind knows) says so for a capture
	 * ("no header 'ETag' in the response").  Returns -1 with why set
	 * when there is nothing to look at ("the body is not JSON: …").
	 */
	int		 (*subject)(const void *arg, const char *label,
			    const struct assert_env *env, struct subject *sj,
			    json_t **hold, struct buf *why);
	/* Compiles node, the value of expect.<key> in the mapping `expect`,
	 * adding checks to out.  Errors go through ctx; returns 0 or -1. */
	int		 (*compile)(struct spec_ctx *ctx, const json_t *expect,
			    const json_t *node, struct checklist *out);
	/* Returns 0 when the check holds; else the number of failures, each
	 * one line "what: expected …, got …\n" appended to msg. */
	int		 (*eval)(const struct check *c,
			    const struct assert_env *env, struct buf *msg);
	void		 (*free)(void *arg);
};

struct check {
	const struct assert_kind *kind;
	void		*arg;		/* the kind's compiled data, owned */
};

struct checklist {
	struct check	*v;
	size_t		 n;
	size_t		 alloc;
};

extern const struct assert_kind assert_status;
extern const struct assert_kind assert_headers;
extern const struct assert_kind assert_body;
extern const struct assert_kind assert_size;
extern const struct assert_kind assert_sha256;
extern const struct assert_kind assert_json;
extern const struct assert_kind assert_schema;
extern const struct assert_kind assert_xml;
extern const struct assert_kind assert_html;
extern const struct assert_kind assert_cookies;
extern const struct assert_kind assert_redirect;
extern const struct assert_kind assert_url;
extern const struct assert_kind assert_version;
extern const struct assert_kind assert_vars;
extern const struct assert_kind assert_time;
extern const struct assert_kind assert_exit;
extern const struct assert_kind assert_stdout;
extern const struct assert_kind assert_stderr;
extern const struct assert_kind assert_title;
extern const struct assert_kind assert_errors;
extern const struct assert_kind assert_console;
extern const struct assert_kind assert_failed_requests;
extern const struct assert_kind assert_result;
extern const struct assert_kind assert_elements;

/* What tests the targets (ASSERT_HTTP|ASSERT_BROWSER…) are, for
 * messages: "HTTP", "exec", "browser", "HTTP and browser" (static). */
const char *assert_target_name(int target);

/* A status check's compiled data accepting the classes first..last
 * (2, 2 for 2xx): new, for checklist_add with &assert_status (which
 * steals it).  Never NULL. */
void	*assert_status_classes(int first, int last);

/* What c (borrowed) looks at, for reports: "status", "json $.id"
 * (borrowed from c: it lives as long as c). */
const char *check_label(const struct check *c);

/* The table: kind by key (key borrowed), NULL if none; all keys for
 * suggestions; all kinds, in the order messages list them.  What they
 * return is borrowed from the static table (never freed); *n is set to
 * the number of entries. */
const struct assert_kind *assert_find(const char *key);
const char *const *assert_keys(size_t *n);
const struct assert_kind *const *assert_kinds(size_t *n);

/* An empty list: new (checklist_free), never NULL. */
struct checklist *checklist_new(void);
/* Appends a check of kind k (borrowed: a static table entry) to l
 * (borrowed).  Steals arg, which checklist_free hands to k->free. */
void	 checklist_add(struct checklist *l, const struct assert_kind *k,
	    void *arg);
/* Frees l and every check's arg; accepts NULL. */
void	 checklist_free(struct checklist *l);
/* Compiles an `expect:` mapping (borrowed) of a test of `target`
 * (ASSERT_HTTP, ASSERT_EXEC or ASSERT_BROWSER) into l (borrowed; the checks it adds own
 * their compiled data); ctx is borrowed.  Returns 0, or -1 after
 * reporting through ctx (l may then hold some checks: free it). */
int	 checklist_compile(struct checklist *l, struct spec_ctx *ctx,
	    const json_t *expect, int target);
/* Non-zero if a check of l (borrowed) reads the body's content. */
int	 checklist_needs_body(const struct checklist *l);
/* Non-zero if a check of l (borrowed) reads the body's digest. */
int	 checklist_needs_hash(const struct checklist *l);
/* Evaluates every check of l against env (both borrowed); each failure
 * line is appended to msg (borrowed).  Returns the number of failures. */
int	 checklist_eval(const struct checklist *l, const struct assert_env *env,
	    struct buf *msg);

/* For kinds whose value is predicates on one subject (body, size,
 * stdout…): node becomes one check of kind k holding a new predlist, freed
 * by assert_preds_free; every argument is borrowed.  Returns 0, or -1
 * after reporting through ctx. */
int	 assert_preds_compile(struct spec_ctx *ctx, const json_t *expect,
	    const json_t *node, const struct assert_kind *k,
	    struct checklist *out);
/* Frees arg, such a check's predlist; accepts NULL. */
void	 assert_preds_free(void *arg);

/* How a kind compiles the text of a query (a JSONPath, an XPath, a
 * header name; borrowed): new (freed by free), or NULL with err set and
 * *off the faulty byte. */
struct query_ops {
	const char	*noun;		/* in labels: "json", "header" */
	int		 quoted;	/* label "header 'x'" rather than "json $.x" */
	const char	*what;		/* "JSONPath queries", "header names" */
	const char	*syntax;	/* in errors: "bad XPath '…'" */
	void		*(*compile)(const char *text, size_t *off, char *err,
			    size_t errlen);
	void		 (*free)(void *);
};

/* One query of a kind's mapping and the predicates on what it gives. */
struct query {
	char		*text;		/* ${ENV} expanded; may hold {{vars}} */
	char		*label;		/* "json $.id" */
	void		*q;		/* compiled; NULL when text has {{vars}} */
	const struct query_ops *ops;
	struct predlist	*preds;
};

/*
 * For kinds whose value maps queries to predicates (headers, json, xml…):
 * each key is compiled by ops (at run time when it holds {{vars}}) and
 * its value into predicates; each becomes one check of kind k holding a
 * new struct query, freed by query_free; every argument is borrowed.
 * Returns 0, or -1 after reporting through ctx.
 */
int	 query_map_compile(struct spec_ctx *ctx, const json_t *expect,
	    const json_t *node, const struct assert_kind *k,
	    const struct query_ops *ops, struct checklist *out);
/* The query written as key of the mapping node (both borrowed): ${ENV}
 * expanded, {{names}} checked, compiled by ops now unless it holds
 * {{vars}}.  A new struct query without predicates (query_free), or NULL
 * after reporting through ctx at the key. */
struct query *query_new(struct spec_ctx *ctx, const json_t *node,
	    const char *key, const struct query_ops *ops);
/* Frees arg, a struct query, and what it holds; accepts NULL. */
void	 query_free(void *arg);
/* "json $.id", "header 'ETag'": how messages name the query text of ops
 * (both borrowed).  Returns a new string (free), never NULL. */
char	*query_label(const struct query_ops *ops, const char *text);
/* preds on what c's kind's subject gives for arg (see struct
 * assert_kind), failures named by label and appended to msg; full values
 * of cut messages go to detail (NULL: nowhere).  Every argument is
 * borrowed.  Returns the number of failures (a subject that cannot be
 * looked at is one). */
int	 subject_eval(const struct check *c, const struct predlist *preds,
	    const char *label, const void *arg, const struct assert_env *env,
	    struct buf *msg, struct buf *detail);
/* The eval of a kind with a subject whose checks hold a struct query:
 * subject_eval of the query, compiled for this run, detail to
 * env->detail.  Every argument is borrowed; returns the number of
 * failures. */
int	 query_eval(const struct check *c, const struct assert_env *env,
	    struct buf *msg);
/* The compiled query for this run (q and vars borrowed): q's own
 * (borrowed), or a new one compiled from its text with vars; either way
 * hand it back to query_release.  NULL after a failure line "LABEL: …"
 * went to msg. */
void	*query_acquire(const struct query *q, const json_t *vars,
	    struct buf *msg);
/* Takes back what query_acquire gave for q: frees it unless it is q's
 * own.  Accepts NULL. */
void	 query_release(const struct query *q, void *compiled);

/* Checks a selector of a browser test (borrowed): CSS is the browser's
 * to check when it runs; an XPath (it begins with '/' or '(', or is
 * written "xpath=…") must compile as XPath 1.0.  Returns 0, or -1 with err
 * set and *off the faulty byte of text. */
int	 page_selector_check(const char *text, size_t *off, char *err,
	    size_t errlen);

/* Cuts and escapes a value for a one-line message: control bytes, and
 * bytes that are not UTF-8, as \xNN, characters that show as nothing or
 * as a space (U+FEFF, U+200B, U+00A0…) as \uXXXX; at most max bytes then
 * "… [N bytes]".  Appends to out; s is borrowed. */
void	 assert_excerpt(struct buf *out, const char *s, size_t len, size_t max);
/* The same escapes, whole, quotes and backslashes left as they are: for
 * a parser's message quoting the body.  Appends to out; s is
 * borrowed. */
void	 assert_visible(struct buf *out, const char *s, size_t len);

#endif
