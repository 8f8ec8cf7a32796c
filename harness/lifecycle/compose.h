/* compose.h - a compose project under test, driven through the real
 * Compose CLI (`docker compose` v2 where present, else `docker-compose`
 * v1), spawned with argv.  The merged project (`config`) is rewritten so
 * that two runs can never clash: no container_name, no fixed host port
 * (the service under test is published on a random loopback port, the
 * others not at all), --image on the service under test, the run's label
 * on every container, network and volume; then `up -d` under a project
 * name unique to the run, and `down -v --remove-orphans` at the end. */
#ifndef SHAKEDOWN_COMPOSE_H
#define SHAKEDOWN_COMPOSE_H

#include <jansson.h>

#include "../../base/buf.h"
#include "engine.h"

struct compose_opts {
	const json_t	*files;		/* array of absolute paths */
	const json_t	*profiles;	/* array of profiles to enable, or NULL */
	const char	*service;	/* the service under test */
	int		 port;		/* its container port, 0: none */
	const char	*image;		/* replaces its image, or NULL */
	const char	*project;	/* unique to the run */
	const char	*run_id;
	const json_t	*labels;	/* more labels, object NAME: value, or NULL */
	int		 local;		/* loopback-only publishing */
	long		 timeout_ms;	/* config and up must end within (ready.timeout) */
	const char	*workdir;	/* the run's private folder (0700), for the
					 * rewritten file; removed by the caller */
};

struct compose;

/*
 * Brings the project up; e and o borrowed (e must outlive the compose).
 * Returns a new compose (compose_down), or NULL with err set (Compose's own
 * stderr verbatim when it failed).
 */
struct compose	*compose_up(struct engine *e, const struct compose_opts *o,
		    char *err, size_t errlen);
/* The id of a service's first container (borrowed from c), or NULL. */
const char	*compose_container(struct compose *c, const char *service);
/* Every container of the project: ids and their service names, *ids and
 * *services new arrays (free()) of strings borrowed from c; returns how
 * many. */
size_t		 compose_containers(struct compose *c, const char ***ids,
		    const char ***services);
/* `down -v --remove-orphans -t 0`; frees c (steals it). */
void		 compose_down(struct compose *c);
/* "docker compose" or "docker-compose", as found (borrowed, static). */
const char	*compose_cli(void);

#endif
