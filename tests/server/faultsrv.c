/* faultsrv.c - an HTTP/1.1 server that misbehaves on purpose, so the
 * tests can show what shakedown does when an app or the network breaks
 * mid-response: binds 127.0.0.1 port 0, writes the port to a file (or
 * stdout), one forked child per connection.  Test infrastructure only:
 * plain C and zlib (for the gzip bomb).
 *
 *   faultsrv [-p PORTFILE]
 *
 * Routes, one fault each:
 *   /reset          Content-Length: 100000, 1000 bytes, then a TCP RST
 *   /bad-status     a malformed status line ("HTTP/1.1 abc Broken"), close
 *   /endless        chunked, chunks forever (until the client goes away)
 *   /trickle        Content-Length: 100, one byte a second
 *   /huge-headers   1 MiB of X-Filler header lines, then a small body
 *   /gzip-bomb      Content-Encoding: gzip, ~1 MiB that inflates to 1 GiB
 *                   of zeros (built at startup in a few ms)
 *   /redirect-loop  302 Location: /redirect-loop, forever
 *   /short-body     Content-Length: 1000, 10 bytes, close
 *   /no-response    reads the request, closes without a byte
 *   /ok             a plain 200, for sanity (keep-alive)
 * The server keeps serving after every fault: each is confined to the
 * connection's child, and children are reaped by SIGCHLD = SIG_IGN. */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <zlib.h>

#define REQ_MAX		65536		/* request header bytes */
#define LIFETIME	600		/* seconds: a safety net */
#define IO_TIMEOUT	30		/* seconds a read or write may block */
#define BOMB_BYTES	(1ULL << 30)	/* what the gzip bomb inflates to */
#define HEADERS_BYTES	(1 << 20)	/* /huge-headers' filler */

static void __attribute__((noreturn))
die(const char *what)
{
	fprintf(stderr, "faultsrv: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, s, n)) <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
write_str(int fd, const char *s)
{
	return write_all(fd, s, strlen(s));
}

/* A well-formed response with a body; the connection stays open. */
static int
respond(int fd, int status, const char *reason, const char *extra,
    const char *body)
{
	char head[1024];
	int n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nServer: faultsrv\r\n"
	    "Content-Type: text/plain\r\nContent-Length: %zu\r\n%s\r\n", status,
	    reason, strlen(body), extra ? extra : "");
	if (write_all(fd, head, (size_t)n) == -1)
		return -1;
	return write_str(fd, body);
}

/* Closes with a TCP RST instead of a FIN: SO_LINGER with a zero timeout. */
static void
reset(int fd)
{
	struct linger lg = { 1, 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void
route_reset(int fd)
{
	char body[1000];

	memset(body, 'r', sizeof(body));
	if (write_str(fd, "HTTP/1.1 200 OK\r\nServer: faultsrv\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n") == -1 ||
	    write_all(fd, body, sizeof(body)) == -1)
		return;
	usleep(100 * 1000);		/* let the bytes leave before the RST */
	reset(fd);
	_exit(0);
}

static void
route_endless(int fd)
{
	static char chunk[65536 + 16];
	int n;

	if (write_str(fd, "HTTP/1.1 200 OK\r\nServer: faultsrv\r\n"
	    "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n") == -1)
		return;
	n = snprintf(chunk, sizeof(chunk), "%x\r\n", 65536);
	memset(chunk + n, 'e', 65536);
	memcpy(chunk + n + 65536, "\r\n", 2);
	while (write_all(fd, chunk, (size_t)n + 65536 + 2) == 0)
		;
}

static void
route_trickle(int fd)
{
	int i;

	if (write_str(fd, "HTTP/1.1 200 OK\r\nServer: faultsrv\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 100\r\n\r\n") == -1)
		return;
	for (i = 0; i < 100; i++) {
		sleep(1);
		if (write_all(fd, "t", 1) == -1)
			return;
	}
}

static void
route_huge_headers(int fd)
{
	char line[1024 + 1];
	int i, n;

	if (write_str(fd, "HTTP/1.1 200 OK\r\nServer: faultsrv\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 6\r\n") == -1)
		return;
	/* 1024 lines of 1024 bytes: "X-Filler-NNNN: aaa…\r\n". */
	for (i = 0; i < HEADERS_BYTES / 1024; i++) {
		n = snprintf(line, sizeof(line), "X-Filler-%04d: ", i);
		memset(line + n, 'a', sizeof(line) - 1 - (size_t)n - 2);
		memcpy(line + sizeof(line) - 3, "\r\n", 3);
		if (write_all(fd, line, sizeof(line) - 1) == -1)
			return;
	}
	if (write_str(fd, "\r\nsmall\n") == -1)
		return;
}

/* The gzip bomb, built once at startup: a gzip header and a deflate segment
 * holding 1 MiB of zeros, ended by a full flush so that the same bytes
 * (the segment) follow for each further MiB, then the end: a final empty
 * block and the trailer (CRC-32 and size of the 1 GiB).  About 1 MiB. */
static unsigned char zeros[1 << 20];
static unsigned char *bomb_head, *bomb_seg, *bomb_end;
static size_t bomb_headlen, bomb_seglen, bomb_endlen;

static unsigned char *
deflate_zeros(z_stream *z, size_t n, int flush, size_t *len)
{
	unsigned char *out;
	size_t cap = 1 << 20;

	if ((out = malloc(cap)) == NULL)
		die("malloc");
	z->next_in = zeros;
	z->avail_in = (uInt)n;
	z->next_out = out;
	z->avail_out = (uInt)cap;
	if (deflate(z, flush) == Z_STREAM_ERROR || z->avail_in != 0 ||
	    z->avail_out == 0) {
		fprintf(stderr, "faultsrv: deflate failed\n");
		exit(2);
	}
	*len = cap - z->avail_out;
	return out;
}

static void
bomb_build(void)
{
	unsigned long crc, crc1;
	unsigned char *p;
	z_stream z;
	int i;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_RLE) != Z_OK) {
		fprintf(stderr, "faultsrv: deflateInit2 failed\n");
		exit(2);
	}
	bomb_head = deflate_zeros(&z, sizeof(zeros), Z_FULL_FLUSH, &bomb_headlen);
	bomb_seg = deflate_zeros(&z, sizeof(zeros), Z_FULL_FLUSH, &bomb_seglen);
	bomb_end = deflate_zeros(&z, 0, Z_FINISH, &bomb_endlen);
	deflateEnd(&z);
	/* The first segment must be the header then the repeated one. */
	if (bomb_headlen <= bomb_seglen || bomb_endlen < 8 ||
	    memcmp(bomb_head + bomb_headlen - bomb_seglen, bomb_seg,
	    bomb_seglen) != 0) {
		fprintf(stderr, "faultsrv: this zlib's deflate does not repeat\n");
		exit(2);
	}
	crc1 = crc32(0L, zeros, sizeof(zeros));
	for (crc = crc1, i = 1; i < (int)(BOMB_BYTES / sizeof(zeros)); i++)
		crc = crc32_combine(crc, crc1, sizeof(zeros));
	p = bomb_end + bomb_endlen - 8;
	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(crc >> (8 * i));
	for (i = 0; i < 4; i++)		/* ISIZE: the size modulo 2^32 */
		p[4 + i] = (unsigned char)((BOMB_BYTES & 0xffffffffULL) >> (8 * i));
}

static void
route_gzip_bomb(int fd)
{
	unsigned long long n = BOMB_BYTES >> 20, i;
	char head[256];
	int hn;

	hn = snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nServer: faultsrv\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "Content-Encoding: gzip\r\nContent-Length: %llu\r\n\r\n",
	    (unsigned long long)bomb_headlen + (n - 1) * bomb_seglen +
	    bomb_endlen);
	if (write_all(fd, head, (size_t)hn) == -1 ||
	    write_all(fd, bomb_head, bomb_headlen) == -1)
		return;
	for (i = 1; i < n; i++)
		if (write_all(fd, bomb_seg, bomb_seglen) == -1)
			return;
	write_all(fd, bomb_end, bomb_endlen);
}

/* Reads one request's head; returns its path (a static buffer), or NULL at
 * EOF or on a request too large.  Request bodies are not expected, not read. */
static const char *
read_request(int fd, char *buf, size_t *have, int *close_after)
{
	static char path[4096];
	char method[16], *end, *p;
	size_t headlen;
	ssize_t n;

	while ((end = memmem(buf, *have, "\r\n\r\n", 4)) == NULL) {
		if (*have >= REQ_MAX - 1 || (n = read(fd, buf + *have,
		    REQ_MAX - 1 - *have)) <= 0)
			return NULL;
		*have += (size_t)n;
	}
	headlen = (size_t)(end - buf) + 4;
	buf[headlen - 1] = '\0';
	if (sscanf(buf, "%15s %4095s", method, path) != 2)
		return NULL;
	if ((p = strchr(path, '?')) != NULL)
		*p = '\0';
	*close_after = strcasestr(buf, "\nConnection: close") != NULL;
	memmove(buf, buf + headlen, *have - headlen);
	*have -= headlen;
	return path;
}

/* Answers one request; returns 0 to keep the connection, -1 to close it. */
static int
route(int fd, const char *path)
{
	if (strcmp(path, "/ok") == 0)
		return respond(fd, 200, "OK", NULL, "ok\n");
	if (strcmp(path, "/redirect-loop") == 0)
		return respond(fd, 302, "Found", "Location: /redirect-loop\r\n",
		    "round and round\n");
	if (strcmp(path, "/reset") == 0)
		route_reset(fd);
	else if (strcmp(path, "/bad-status") == 0)
		write_str(fd, "HTTP/1.1 abc Broken\r\n\r\n");
	else if (strcmp(path, "/endless") == 0)
		route_endless(fd);
	else if (strcmp(path, "/trickle") == 0)
		route_trickle(fd);
	else if (strcmp(path, "/huge-headers") == 0)
		route_huge_headers(fd);
	else if (strcmp(path, "/gzip-bomb") == 0)
		route_gzip_bomb(fd);
	else if (strcmp(path, "/short-body") == 0)
		write_str(fd, "HTTP/1.1 200 OK\r\nServer: faultsrv\r\n"
		    "Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
		    "only ten\r\n");
	else if (strcmp(path, "/no-response") == 0)
		;
	else
		return respond(fd, 404, "Not Found", NULL, "no such fault\n");
	return -1;
}

static void
serve(int fd)
{
	struct timeval tv = { IO_TIMEOUT, 0 };
	char *buf = malloc(REQ_MAX);
	const char *path;
	size_t have = 0;
	int close_after, one = 1;

	if (buf == NULL)
		die("malloc");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while ((path = read_request(fd, buf, &have, &close_after)) != NULL)
		if (route(fd, path) == -1 || close_after)
			break;
	free(buf);
	close(fd);
}

static int
listen_local(void)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		die("bind");
	if (listen(fd, 64) == -1)
		die("listen");
	return fd;
}

static void
tell_port(int fd, const char *portfile)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char tmp[4096];
	FILE *f;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1)
		die("getsockname");
	if (portfile == NULL) {
		printf("%d\n", ntohs(sa.sin_port));
		fflush(stdout);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
	if ((f = fopen(tmp, "w")) == NULL)
		die(tmp);
	fprintf(f, "%d\n", ntohs(sa.sin_port));
	if (fclose(f) != 0 || rename(tmp, portfile) == -1)
		die(portfile);
}

static void
on_term(int sig)
{
	(void)sig;
	_exit(0);
}

int
main(int argc, char **argv)
{
	const char *portfile = NULL;
	int lfd, cfd, ch;
	pid_t parent = getpid();

	while ((ch = getopt(argc, argv, "p:")) != -1) {
		if (ch == 'p')
			portfile = optarg;
		else {
			fprintf(stderr, "usage: faultsrv [-p PORTFILE]\n");
			return 2;
		}
	}
	signal(SIGCHLD, SIG_IGN);		/* children are reaped for us */
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);
	alarm(LIFETIME);
	bomb_build();
	lfd = listen_local();
	tell_port(lfd, portfile);
	for (;;) {
		if ((cfd = accept(lfd, NULL, NULL)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		switch (fork()) {
		case -1:
			die("fork");
		case 0:
			close(lfd);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(0);
			alarm(LIFETIME);
			serve(cfd);
			_exit(0);
		default:
			close(cfd);
		}
	}
}
