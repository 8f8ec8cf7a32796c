/* stack.h - what a suite starts before its tests: the app's container,
 * published on a random host port; its logs, saved to the report folder;
 * and its teardown, which always runs: the container removed. */
#ifndef SHAKEDOWN_STACK_H
#define SHAKEDOWN_STACK_H

#include "../../base/buf.h"
#include "engine.h"
#include "../spec/spec.h"

struct compose;

struct stack {
	struct engine	*engine;	/* borrowed */
	struct compose	*compose;	/* a compose project, or NULL */
	char		*project;	/* its name */
	char		*container;	/* id */
	char		*name;
	char		*image;
	char		*host;		/* where its port is reached */
	int		 port;		/* host port, 0 if none published */
	int		 app_port;	/* the container port it is published from */
	char		*base_url;	/* http://host:port */
};

struct stack_opts {
	const char	*image;		/* --image */
	const char	*host;		/* --host */
	const char	*run_id;
	const json_t	*labels;	/* object NAME: value, added to every object; borrowed */
	int		 seq;		/* the suite's number in the run */
	const char	*workdir;	/* the run's private temp folder */
};

/*
 * Starts the app of s (e, s and o borrowed; e must outlive the stack).
 * Returns a new stack (stack_down), or NULL with err set; *env is set when
 * the cause is the environment (engine, image missing) rather than the app.
 */
struct stack	*stack_up(struct engine *e, const struct spec *s,
		    const struct stack_opts *o, int *env, char *err,
		    size_t errlen);
/* The container of a compose service (NULL: the one under test);
 * borrowed, NULL if there is none. */
const char	*stack_container(const struct stack *st, const char *service);
/* The TCP ports the container under test exposes (its image's EXPOSE,
 * compose's expose:) other than app_port, as "8080/tcp and 9090/tcp" into
 * out (the caller's, appended to); returns how many (0 when the engine
 * cannot say). */
int		 stack_other_ports(const struct stack *st, struct buf *out);
/* The last `tail` lines of the app's output (all when 0), appended to out
 * (the caller's). */
void		 stack_logs(const struct stack *st, int tail, struct buf *out);
/* Of a saved log, the newest bytes kept (per stack; a compose stack's
 * services share it). */
#define STACK_LOG_KEEP	(16u << 20)
/* Saves the whole output of the app (every service's) in dir/NAME.log (dir
 * borrowed), secrets masked; a log over STACK_LOG_KEEP keeps its newest
 * part, from a line's start, under a line saying how much was left out.
 * Returns 0 with *path the file written (new; NULL when there was no
 * container), or -1 with err set and no file left. */
int		 stack_save_logs(const struct stack *st, const char *dir,
		    char **path, char *err, size_t errlen);
/* Removes the container unless keep; frees st (steals it).  Returns 0, or
 * -1 with err set when what was started could not be removed (the engine
 * went away): the caller says how to remove it. */
int		 stack_down(struct stack *st, int keep, char *err, size_t errlen);

#endif
