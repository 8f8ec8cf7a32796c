/* assert.h - assertion kinds: one const struct per family (status, headers,
 * body, time…), collected in one table and dispatched through function
 * pointers, as tmux does with cmd_entry.  A kind compiles the value of its
 * key under `expect:` into checks at load time; a check is evaluated
 * against a response at run time. */
#ifndef SHAKEDOWN_ASSERT_H
#define SHAKEDOWN_ASSERT_H

#include <stddef.h>
#include <jansson.h>

#include "../harness/buf.h"
#include "../harness/http.h"
#include "../harness/spec_ctx.h"

/* What an expectation is checked against. */
struct assert_env {
	const struct http_response *resp;	/* borrowed */
	const json_t	*vars;			/* borrowed: for {{…}} */
};

struct check;
struct checklist;

struct assert_kind {
	const char	*key;		/* its key under expect: */
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
extern const struct assert_kind assert_time;

/* The table: kind by key, NULL if none; and all keys for suggestions. */
const struct assert_kind *assert_find(const char *key);
const char *const *assert_keys(size_t *n);

struct checklist *checklist_new(void);
/* Steals arg. */
void	 checklist_add(struct checklist *l, const struct assert_kind *k,
	    void *arg);
void	 checklist_free(struct checklist *l);
/* Compiles an `expect:` mapping into l; returns 0, or -1 after reporting. */
int	 checklist_compile(struct checklist *l, struct spec_ctx *ctx,
	    const json_t *expect);

/* Cuts and escapes a value for a one-line message: control bytes as \xNN,
 * at most max bytes then "… (N bytes)".  Appends to out. */
void	 assert_excerpt(struct buf *out, const char *s, size_t len, size_t max);

#endif
