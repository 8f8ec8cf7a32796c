/* container.h - one container of a run through the Engine API: create it
 * labelled with the run, publish its port on a random host port, start,
 * inspect, read logs, exec, and remove it with its volumes. */
#ifndef SHAKEDOWN_CONTAINER_H
#define SHAKEDOWN_CONTAINER_H

#include <stddef.h>
#include <jansson.h>

#include "../../base/buf.h"
#include "engine.h"

#define LABEL_RUN	"io.shakedown.run"	/* every object of a run has it */

struct container_spec {
	const char	*image;
	int		 port;		/* container port to publish, 0: none */
	const json_t	*env;		/* object NAME: value, or NULL */
	const json_t	*cmd;		/* array of strings, or NULL */
	const json_t	*networks;	/* array of network names, or NULL */
	size_t		 memory;	/* limit in bytes, 0: none */
	const char	*run_id;
	const json_t	*labels;	/* more labels, object NAME: value, or NULL */
	const char	*name;		/* container name */
};

struct container_state {
	int	 running;
	int	 exited;	/* State.Status "exited": it ran and ended */
	int	 restarting;
	int	 exit_code;
	int	 restarts;	/* RestartCount */
	int	 oom_killed;
	char	 health[16];	/* "", "starting", "healthy", "unhealthy" */
	char	 error[256];	/* State.Error */
	long long memory;	/* HostConfig.Memory: its limit in bytes, 0: none */
	long	 health_interval_ms;	/* the healthcheck's interval (Docker's
					 * default 30 s when unset), 0: none */
	char	 health_last[48];	/* End of its last run, "" before one */
};

/* Creates and starts (s borrowed); fills *id (new).  Returns 0, or -1 with
 * err. */
int	 container_run(struct engine *e, const struct container_spec *s,
	    char **id, char *err, size_t errlen);
/* The host port that container port `port`/tcp is published on, or -1 with
 * err set. */
int	 container_host_port(struct engine *e, const char *id, int port,
	    char *err, size_t errlen);
/* The container's state into st (the caller's).  Returns 0, or -1 with err
 * set. */
int	 container_inspect(struct engine *e, const char *id,
	    struct container_state *st, char *err, size_t errlen);
/* Runs the container's healthcheck once, now (e and id borrowed, as in
 * every function here), through Podman's own API (Podman runs healthchecks
 * from systemd timers, which a host without systemd lacks), waiting up to
 * timeout_ms; the container's health status (container_inspect) counts it.
 * Returns 0, or -1 with err. */
int	 container_health_run(struct engine *e, const char *id, long timeout_ms,
	    char *err, size_t errlen);
/* The last `tail` lines of stdout and stderr, interleaved (0: all),
 * appended to out (the caller's).  Returns 0, or -1 with err set. */
int	 container_logs(struct engine *e, const char *id, int tail,
	    struct buf *out, char *err, size_t errlen);
/* All of stdout and stderr, interleaved, handed to sink piece by piece as
 * the engine sends them (the whole log, however large; each piece borrowed
 * for the call).  Returns 0, or -1 with err set. */
int	 container_logs_stream(struct engine *e, const char *id,
	    engine_sink sink, void *arg, char *err, size_t errlen);
/* Runs argv (borrowed) inside; appends to out and errout (the caller's) and
 * fills *exit_code.  Returns 0, or -1 with err set. */
int	 container_exec(struct engine *e, const char *id, const json_t *argv,
	    struct buf *out, struct buf *errout, int *exit_code, long timeout_ms,
	    char *err, size_t errlen);
/* Kills and removes the container and its anonymous volumes.  Returns 0, or
 * -1 with err set. */
int	 container_remove(struct engine *e, const char *id, char *err,
	    size_t errlen);
/* Removes every container, network and volume labelled with the run;
 * returns how many objects were removed, or -1 with err set. */
int	 container_remove_run(struct engine *e, const char *run_id, char *err,
	    size_t errlen);
/* Every object of kind ("containers", "networks", "volumes") that carries
 * LABEL_RUN, of any run: a new array of {"id": …, "labels": {…}}, or NULL
 * with err (Engine API: GET /containers/json?all=1, /networks, /volumes
 * with a label filter). */
json_t	*container_list_runs(struct engine *e, const char *kind, char *err,
	    size_t errlen);
/* Removes one object of kind (a container by force, with its anonymous
 * volumes); one already gone is no error.  Returns 0 or -1 with err. */
int	 container_remove_one(struct engine *e, const char *kind,
	    const char *id, char *err, size_t errlen);

#endif
