/* predicate_impl.h - what the predicate files share: the compiled form of
 * a predicate list, the typed comparisons and the describing of values,
 * private to assertions/predicate_*.c. */
#ifndef SHAKEDOWN_PREDICATE_IMPL_H
#define SHAKEDOWN_PREDICATE_IMPL_H

#include "predicate.h"	/* and pcre2.h, by way of spec_ctx.h */

enum pred_op {
	P_EQUALS,
	P_NOT_EQUALS,
	P_CONTAINS,
	P_NOT_CONTAINS,
	P_STARTS_WITH,
	P_ENDS_WITH,
	P_MATCHES,
	P_ABOVE,
	P_BELOW,
	P_BETWEEN,
	P_TYPE,
	P_COUNT,
	P_EXISTS,
	P_ABSENT,
	P_ONE_OF,
	P_NOT,
};

/* The names `type:` takes; a subject's type is bit i for name i. */
#define PRED_NTYPES	7
extern const char *const pred_type_names[PRED_NTYPES];

struct pred {
	enum pred_op	 op;
	json_t		*want;		/* the operand; strings are templates */
	pcre2_code	*re;		/* matches, when it has no {{…}}:
					 * borrowed from the regex cache */
	unsigned	 types;		/* type: bit i for pred_type_names[i] */
	struct predlist	*sub;		/* count, not */
};

struct predlist {
	struct pred	*v;
	size_t		 n;
	size_t		 alloc;
};

/* ---- predicate_values.c ---- */

/* The operand w with {{vars}} (borrowed) expanded: a whole "{{name}}"
 * keeps the variable's type.  Returns new, or NULL with err set. */
json_t	*pred_operand(const json_t *w, const json_t *vars, struct buf *err);
/* Non-zero when sj (borrowed) holds neither a value nor text. */
int	 pred_absent(const struct subject *sj);
/* A query's nodes: none is absent, one stands for itself.  The result
 * borrows from in's values. */
struct subject pred_resolve(const struct subject *in);
/* Whether the subject equals want, contains it, starts (end == 0) or
 * ends (end != 0) with it; both borrowed. */
int	 pred_equals(const struct subject *sj, const json_t *want);
int	 pred_contains(const struct subject *sj, const json_t *want);
int	 pred_affix(const struct subject *sj, const json_t *want, int end);
/* matches, and above/below/between, with want the expanded operand (all
 * borrowed).  0 when it does not hold; err gets why it could not be
 * decided (a regex bad once expanded, an operand not a number). */
int	 pred_matches(const struct pred *p, const struct subject *sj,
	    const json_t *want, struct buf *err);
int	 pred_compare(const struct pred *p, const struct subject *sj,
	    const json_t *want, struct buf *err);
/* The subject's type, as bits of pred_type_names. */
unsigned pred_type_bits(const struct subject *sj);

/* ---- predicate_describe.c ---- */

/* Appends what p expects, after "expected ", want its expanded operand
 * (borrowed). */
void	 pred_describe(struct buf *out, const struct pred *p,
	    const json_t *want);
/* Appends ", got …" for a failure line of label; the full value goes to
 * detail (NULL: nowhere) when the one shown was cut. */
void	 pred_describe_actual(struct buf *msg, const struct subject *sj,
	    const char *label, struct buf *detail);

/* ---- predicate_diff.c ---- */

/* For two containers that differ (borrowed), appends a line "LABEL:
 * first difference at $.a[1]: …"; nothing for other values. */
void	 pred_explain_diff(struct buf *msg, const char *label,
	    const json_t *want, const json_t *got);

#endif
