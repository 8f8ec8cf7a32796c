/* jsonpath_impl.h - the compiled JSONPath tree (query -> segments ->
 * selectors, filter expressions), shared by the parser that builds it
 * (jsonpath_parse.c) and the evaluator that walks it (jsonpath_eval.c).
 * Not for other modules: they use jsonpath.h. */
#ifndef SHAKEDOWN_JSONPATH_IMPL_H
#define SHAKEDOWN_JSONPATH_IMPL_H

#include <stddef.h>
#include <jansson.h>

#include "iregexp.h"
#include "jsonpath.h"
#include "../base/jsonscan.h"

enum seltype { SEL_NAME, SEL_WILD, SEL_INDEX, SEL_SLICE, SEL_FILTER };
enum exprtype { E_OR, E_AND, E_NOT, E_CMP, E_LIT, E_QUERY, E_FUNC };
enum cmpop { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
enum jtype { T_VALUE, T_LOGICAL, T_NODES };	/* RFC 9535 2.4.1 */
enum fnid { FN_LENGTH, FN_COUNT, FN_MATCH, FN_SEARCH, FN_VALUE };

struct expr;

/* One selector of a segment (RFC 9535 2.3). */
struct selector {
	enum seltype	 type;
	char		*name;		/* SEL_NAME; may hold NULs */
	size_t		 namelen;
	long long	 index;		/* SEL_INDEX */
	long long	 start, end, step;	/* SEL_SLICE */
	int		 has_start, has_end;
	struct expr	*filter;	/* SEL_FILTER */
};

/* A child (or descendant) segment and its selectors. */
struct segment {
	int		 descendant;
	struct selector	*sel;
	size_t		 nsel, alloc;
};

/* A query: the whole one ($), or one inside a filter ($ or @). */
struct query {
	int		 relative;	/* starts at @, not $ */
	struct segment	*seg;
	size_t		 nseg, alloc;
};

/* A function extension (the table is jsonpath_parse.c's). */
struct func {
	const char	*name;
	enum fnid	 id;
	enum jtype	 ret;
	size_t		 nparam;
	enum jtype	 param[2];
};

/* A node of a filter expression; it owns its operands, literal, query
 * and pattern. */
struct expr {
	enum exprtype	 type;
	size_t		 off;		/* in the source, for messages */
	int		 paren;		/* written in parentheses */
	enum cmpop	 op;		/* E_CMP */
	struct expr	**arg;		/* operands, or function arguments */
	size_t		 narg, alloc;
	json_t		*lit;		/* E_LIT */
	struct query	 q;		/* E_QUERY */
	const struct func *fn;		/* E_FUNC */
	pcre2_code	*re;		/* match()/search() literal pattern */
	int		 re_fixed;	/* pattern is a literal (re NULL: invalid) */
};

/* What jsonpath_compile returns. */
struct jsonpath {
	struct query	 q;
	/* A singular query of names and indices >= 0, as steps for
	 * jsonscan_select (names borrowed from q), or NULL. */
	struct jsonscan_step *steps;
	size_t		 nsteps;
};

#endif
