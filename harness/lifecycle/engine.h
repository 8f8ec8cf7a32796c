/* engine.h - a Docker Engine API client on libcurl + jansson: DOCKER_HOST
 * unix:// (default /var/run/docker.sock) or tcp:// with TLS from
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, API version negotiated with
 * /_ping.  Only documented endpoints, so Podman's compatible socket works
 * too; of Podman's own, only its healthcheck run (container.h). */
#ifndef SHAKEDOWN_ENGINE_H
#define SHAKEDOWN_ENGINE_H

#include <stddef.h>
#include <jansson.h>

#include "../../base/buf.h"

struct engine;

/*
 * Connects as the environment says and pings the engine.  Returns a new
 * engine, or NULL with err set to a one-line reason in Docker's words when
 * nothing answers ("no Docker Engine answers at unix:///var/run/docker.sock:
 * permission denied", "…: no such file", "…: connection refused"), else
 * "cannot reach the Docker Engine at …: " and what went wrong (TLS).
 */
struct engine	*engine_new(char *err, size_t errlen);
/* Frees e; accepts NULL. */
void		 engine_free(struct engine *e);

/* Where published ports are reached: "127.0.0.1" for a local engine, the
 * DOCKER_HOST host for a remote one (borrowed). */
const char	*engine_host(const struct engine *e);
/* "unix:///var/run/docker.sock", "tcp://docker:2376" (borrowed). */
const char	*engine_address(const struct engine *e);
/* The negotiated API version, "1.41" (borrowed). */
const char	*engine_api_version(const struct engine *e);
/* Podman's own API version ("4.3.1") when the engine is Podman's
 * Docker-compatible service (its /_ping says Libpod-Api-Version), else
 * NULL.  Borrowed. */
const char	*engine_podman(const struct engine *e);

/*
 * One API call: method, a path below the version prefix ("/containers/
 * create?name=x"), an optional JSON body (borrowed).  The response body is
 * put in raw (the caller's, reset first; capped at 64 MiB) and, when it
 * parses as JSON and out is not NULL, in *out (new).  timeout_ms 0 means
 * none.  Returns the HTTP status, or -1 with err set when the engine could
 * not be reached.
 */
long	 engine_call(struct engine *e, const char *method, const char *path,
	    const json_t *body, json_t **out, struct buf *raw, long timeout_ms,
	    char *err, size_t errlen);

/* Receives a response body piece by piece (n bytes at p, borrowed). */
typedef void (*engine_sink)(const char *p, size_t n, void *arg);

/* engine_call for a response too large to hold (a container's whole log):
 * no request body; a 2xx response's body handed to sink piece by piece as
 * it arrives (each borrowed for the call).  Returns the HTTP status, or -1
 * with err set; for a status other than 2xx, err holds the engine's
 * message. */
long	 engine_stream(struct engine *e, const char *method, const char *path,
	    engine_sink sink, void *arg, long timeout_ms, char *err,
	    size_t errlen);

/* Non-zero when the last call could not reach the engine at all (it went
 * away mid-run): what is left cannot run. */
int	 engine_lost(const struct engine *e);

/* While on, a terminating signal does not abort calls: teardown must
 * finish after Ctrl-C.  Off by default. */
void	 engine_cleaning(struct engine *e, int on);

/* The "message" of an engine error response, or the raw text (borrowed
 * from raw/json until they change). */
const char *engine_message(const json_t *resp, const struct buf *raw);

/*
 * A GET whose response keeps coming (a log with follow=1), on a connection
 * of its own beside the engine's.  open returns a new stream
 * (engine_stream_free; e must outlive it), or NULL with err.  read appends
 * what has arrived to out, waiting up to wait_ms when nothing has; it
 * returns 1 while the response goes on, 0 once it ended (all of it is in
 * out), -1 with err when it failed (the engine's message for a status other
 * than 200).  free accepts NULL.
 */
struct engine_stream;
struct engine_stream *engine_stream_open(struct engine *e, const char *path,
	    char *err, size_t errlen);
int	 engine_stream_read(struct engine_stream *s, struct buf *out,
	    long wait_ms, char *err, size_t errlen);
void	 engine_stream_free(struct engine_stream *s);

/*
 * Walks the complete frames at the front of a log or exec stream as it
 * arrives (p borrowed): fn gets each payload (borrowed for the call) with
 * its stream (1 stdout, 2 stderr).  *mux starts at -1 and is decided by the
 * first bytes: 1 multiplexed (8-byte frame headers), 0 raw (a TTY:
 * everything is stdout).  Returns the bytes used; a frame not complete yet
 * is left for the next call.
 */
size_t	 engine_frames(const char *p, size_t len, int *mux,
	    void (*fn)(void *arg, int stream, const char *payload, size_t n),
	    void *arg);

/* Splits a multiplexed log/exec stream (8-byte frame headers) into stdout
 * and stderr (the caller's, appended to); either may be NULL to drop it.  A
 * stream that is not multiplexed (a TTY) goes to out whole. */
void	 engine_demux(const char *p, size_t len, struct buf *out,
	    struct buf *errout);

#endif
