/* test_ready.c - the log probe's line counting over a log stream as the
 * engine sends it, and the ports a log says the app listens on. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../base/buf.h"
#include "../../harness/lifecycle/engine.h"
#include "../../harness/lifecycle/ready.h"

static pcre2_code *
re_of(const char *pat)
{
	PCRE2_SIZE eoff;
	int ec;

	return pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eoff, NULL);
}

/* One multiplexed frame (stream 1 stdout, 2 stderr) of text. */
static void
frame(struct buf *b, int stream, const char *text)
{
	size_t n = strlen(text);
	unsigned char h[8] = { (unsigned char)stream, 0, 0, 0,
	    (unsigned char)(n >> 24), (unsigned char)(n >> 16),
	    (unsigned char)(n >> 8), (unsigned char)n };

	buf_add(b, h, 8);
	buf_add(b, text, n);
}

/* Feeds p in pieces of `step` bytes, as a stream may arrive. */
static void
feed(struct log_lines *ll, const struct buf *b, size_t step)
{
	size_t i, n;

	for (i = 0; i < b->len; i += n) {
		n = b->len - i < step ? b->len - i : step;
		log_lines_feed(ll, b->data + i, n);
	}
}

UNIT_TEST(ready_log_lines_anchor_each_line)
{
	pcre2_code *re = re_of("^listening on port 80$");
	struct buf b = BUF_INIT;
	struct log_lines *ll;
	size_t step;

	frame(&b, 1, "booting\n");
	frame(&b, 2, "listening on port 80\r\n");	/* stderr, CRLF */
	frame(&b, 1, "worker 1 started\nlistening on port 80 (again)\n");
	frame(&b, 1, "listening on ");			/* a line over two frames */
	frame(&b, 1, "port 80\n");
	for (step = 1; step <= b.len; step = step * 2 + 1) {
		ll = log_lines_new(re);
		feed(ll, &b, step);
		CHECK_INT(log_lines_total(ll), 5);
		CHECK_INT(log_lines_matches(ll), 2);
		log_lines_free(ll);
	}
	buf_release(&b);
	pcre2_code_free(re);
}

UNIT_TEST(ready_log_lines_unfinished_line_waits)
{
	pcre2_code *re = re_of("ready to accept connections");
	struct log_lines *ll = log_lines_new(re);
	struct buf b = BUF_INIT;

	frame(&b, 1, "database system is ready to accept connections");
	log_lines_feed(ll, b.data, b.len);
	CHECK_INT(log_lines_matches(ll), 0);	/* no "\n" yet */
	buf_reset(&b);
	frame(&b, 1, "\n");
	log_lines_feed(ll, b.data, b.len);
	CHECK_INT(log_lines_matches(ll), 1);
	buf_release(&b);
	log_lines_free(ll);
	pcre2_code_free(re);
}

/* A TTY's log is not multiplexed: all of it one stream, CRLF lines. */
UNIT_TEST(ready_log_lines_tty)
{
	pcre2_code *re = re_of("^ready$");
	struct log_lines *ll = log_lines_new(re);
	const char *log = "starting\r\nready\r\nready\r\n";

	log_lines_feed(ll, log, 5);
	log_lines_feed(ll, log + 5, strlen(log) - 5);
	CHECK_INT(log_lines_total(ll), 3);
	CHECK_INT(log_lines_matches(ll), 2);
	log_lines_free(ll);
	pcre2_code_free(re);
}

/* PostgreSQL's two "ready" lines: counted, each once. */
UNIT_TEST(ready_log_lines_count)
{
	pcre2_code *re = re_of("database system is ready to accept connections");
	struct log_lines *ll = log_lines_new(re);
	struct buf b = BUF_INIT;
	int i;

	frame(&b, 2, "LOG:  database system is ready to accept connections\n");
	for (i = 0; i < 1000; i++)
		frame(&b, 2, "LOG:  checkpoint starting\n");
	frame(&b, 2, "LOG:  database system is ready to accept connections\n");
	feed(ll, &b, 4096);
	CHECK_INT(log_lines_total(ll), 1002);
	CHECK_INT(log_lines_matches(ll), 2);
	buf_release(&b);
	log_lines_free(ll);
	pcre2_code_free(re);
}

struct frames {
	struct buf	out, err;
};

static void
collect(void *arg, int stream, const char *p, size_t n)
{
	struct frames *f = arg;

	buf_add(stream == 2 ? &f->err : &f->out, p, n);
}

UNIT_TEST(engine_frames_partial)
{
	struct frames f = { BUF_INIT, BUF_INIT };
	struct buf b = BUF_INIT;
	int mux = -1;
	size_t used;

	frame(&b, 1, "out\n");
	frame(&b, 2, "err\n");
	used = engine_frames(b.data, 3, &mux, collect, &f);
	CHECK_INT(used, 0);
	CHECK_INT(mux, -1);			/* not known from 3 bytes */
	used = engine_frames(b.data, b.len - 1, &mux, collect, &f);
	CHECK_INT(mux, 1);
	CHECK_INT(used, 12);			/* the second frame is not whole */
	used += engine_frames(b.data + used, b.len - used, &mux, collect, &f);
	CHECK_INT(used, b.len);
	CHECK_STR(buf_str(&f.out), "out\n");
	CHECK_STR(buf_str(&f.err), "err\n");
	mux = -1;
	buf_reset(&f.out);
	CHECK_INT(engine_frames("plain\n", 6, &mux, collect, &f), 6);
	CHECK_INT(mux, 0);
	CHECK_STR(buf_str(&f.out), "plain\n");
	buf_release(&f.out);
	buf_release(&f.err);
	buf_release(&b);
}

static int
ports_of(const char *log, int skip, int *ports)
{
	return ready_log_ports(log, strlen(log), skip, ports, 4);
}

UNIT_TEST(ready_log_ports_phrasings)
{
	static const struct {
		const char	*line;
		int		 port;
	} cases[] = {
		{ "Server listening on port 8080", 8080 },
		{ "Listening on http://0.0.0.0:3000", 3000 },
		{ "listening on :8000", 8000 },
		{ "Now listening on: http://[::]:5000", 5000 },
		{ "App listening at http://localhost:4000/", 4000 },
		{ " * Running on http://127.0.0.1:5001", 5001 },
		{ "Uvicorn running on http://0.0.0.0:8001 (Press CTRL+C to quit)", 8001 },
		{ "Tomcat started on port(s): 8081 (http) with context path ''", 8081 },
		{ "Starting development server at http://0.0.0.0:8002/", 8002 },
		{ "[INFO] Listening at: http://0.0.0.0:8003 (1)", 8003 },
		{ "2024-01-01T12:34:56Z listening on port=9000", 9000 },
		{ "LOG:  listening on IPv4 address \"0.0.0.0\", port 5432", 5432 },
	};
	int ports[4];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ports_of(cases[i].line, 80, ports) != 1) {
			unit_fail(__FILE__, __LINE__, "no port in \"%s\"",
			    cases[i].line);
			continue;
		}
		CHECK_INT(ports[0], cases[i].port);
	}
}

UNIT_TEST(ready_log_ports_not_these)
{
	int ports[4];

	/* Times, the app's own port, lines without a listening word. */
	CHECK_INT(ports_of("started at 12:34:56", 80, ports), 0);
	CHECK_INT(ports_of("listening on port 80", 80, ports), 0);
	CHECK_INT(ports_of("GET /:8080 404", 80, ports), 0);
	CHECK_INT(ports_of("connected to db:5432", 80, ports), 0);
	CHECK_INT(ports_of("worker started 2024-01-01T12:34:56", 80, ports), 0);
	/* Each port once, several lines. */
	CHECK_INT(ports_of("listening on :3000\nlistening on :3000\n"
	    "metrics listening on port 9090\n", 80, ports), 2);
	CHECK_INT(ports[0], 3000);
	CHECK_INT(ports[1], 9090);
}
