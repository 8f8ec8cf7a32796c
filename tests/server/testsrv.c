/* testsrv.c - the HTTP/1.1 server shakedown's tests run against: binds
 * 127.0.0.1 port 0, writes the port to a file (or stdout), one forked
 * child per connection with keep-alive, and a route per behaviour a test
 * needs.  Test infrastructure only: plain C, no libraries.
 *
 *   testsrv [-r ROOT] [-p PORTFILE] [-a ADDR] [-P PORT] [-d DELAY_MS]
 *
 * -a/-P listen elsewhere than 127.0.0.1:0 (a container's 0.0.0.0:80, or
 * ::1 for IPv6), and -d waits before listening: a slow-starting app for
 * readiness benchmarks.
 *
 * Routes: /reply/NAME (ROOT/replies/NAME.http: a case's whole answer)
 * /hello /echo (the method, path, query, headers and body it got,
 * as JSON, and X-Echo-Method) /status/NNN?location=URL (NNN with that
 * Location) /to-host/NNN?host=H&to=/p (NNN with Location
 * http://H:<this port>/p, another origin for the same server)
 * /redirect?to= /slow?ms= /big?bytes= /hostile /headers?n=v (each n: v
 * a response header, Set-Cookie included) /connections /close /clock (when
 * it began to listen and now, in ns of CLOCK_REALTIME), and files under
 * ROOT.  Query values are not percent-decoded. */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define REQ_MAX		(1 << 20)
#define LIFETIME	600		/* seconds: a safety net */

struct req {
	char	 method[16];
	char	 path[4096];
	char	 query[4096];
	char	 headers[65536];	/* raw header block */
	char	*body;
	size_t	 bodylen;
	int	 close;
};

static const char *root;
static long long listen_ns;		/* when listen() returned */

static long long
realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
static volatile long *accepted;		/* shared with the children */
static volatile long *calls;		/* /eventually counters, by key */
#define NCALLS	16

static void __attribute__((noreturn))
die(const char *what)
{
	fprintf(stderr, "testsrv: %s: %s\n", what, strerror(errno));
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

static int head_only;		/* the request being answered is a HEAD */

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 404: return "Not Found";
	default: return "Status";
	}
}

static void
respond(int fd, int status, const char *type, const char *extra,
    const void *body, size_t len)
{
	char head[8192];
	int n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nServer: testsrv\r\n"
	    "Content-Type: %s\r\nContent-Length: %zu\r\n%s\r\n", status,
	    reason(status), type, len, extra ? extra : "");
	write_all(fd, head, (size_t)n);
	if (!head_only)
		write_all(fd, body, len);
}

/* Value of a query parameter, or NULL; not decoded (tests need none). */
static const char *
param(const struct req *r, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name);
	const char *p = r->query;

	while (*p) {
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			snprintf(out, outlen, "%.*s", (int)strcspn(p + n + 1, "&"),
			    p + n + 1);
			return out;
		}
		p += strcspn(p, "&");
		if (*p == '&')
			p++;
	}
	return NULL;
}

static const char *
header(const struct req *r, const char *name, char *out, size_t outlen)
{
	const char *p = r->headers;
	size_t n = strlen(name);

	while (*p) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			snprintf(out, outlen, "%.*s", (int)strcspn(p, "\r\n"), p);
			return out;
		}
		p += strcspn(p, "\n");
		if (*p)
			p++;
	}
	return NULL;
}

/* Appends s JSON-escaped. */
static size_t
json_str(char *out, size_t cap, size_t at, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && at + 8 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			at += (size_t)snprintf(out + at, cap - at, "\\%c", c);
		else if (c < 0x20)
			at += (size_t)snprintf(out + at, cap - at, "\\u%04x", c);
		else
			out[at++] = (char)c;
	}
	out[at] = '\0';
	return at;
}

static void
route_echo(int fd, const struct req *r)
{
	size_t cap = 65536 + r->bodylen * 6 + sizeof(r->headers) * 6, at = 0;
	char *out = malloc(cap), extra[64], name[256];
	const char *p = r->headers, *colon, *v;
	int first = 1;

	at += (size_t)snprintf(out, cap, "{\"method\":\"%s\",\"path\":\"", r->method);
	at = json_str(out, cap, at, r->path, strlen(r->path));
	at += (size_t)snprintf(out + at, cap - at, "\",\"query\":\"");
	at = json_str(out, cap, at, r->query, strlen(r->query));
	at += (size_t)snprintf(out + at, cap - at, "\",\"headers\":{");
	while (*p) {
		size_t len = strcspn(p, "\r\n");

		if ((colon = memchr(p, ':', len)) != NULL) {
			size_t i, nl = (size_t)(colon - p);

			for (i = 0; i < nl && i < sizeof(name) - 1; i++)
				name[i] = (char)tolower((unsigned char)p[i]);
			name[i] = '\0';
			for (v = colon + 1; *v == ' '; v++)
				;
			at += (size_t)snprintf(out + at, cap - at, "%s\"%s\":\"",
			    first ? "" : ",", name);
			at = json_str(out, cap, at, v, len - (size_t)(v - p));
			at += (size_t)snprintf(out + at, cap - at, "\"");
			first = 0;
		}
		p += len;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	at += (size_t)snprintf(out + at, cap - at, "},\"body\":\"");
	at = json_str(out, cap, at, r->body ? r->body : "", r->bodylen);
	at += (size_t)snprintf(out + at, cap - at, "\"}");
	snprintf(extra, sizeof(extra), "X-Echo-Method: %s\r\n", r->method);
	respond(fd, 200, "application/json", extra, out, at);
	free(out);
}

static void
route_big(int fd, const struct req *r)
{
	char v[32], head[256], chunk[8192];
	long n = param(r, "bytes", v, sizeof(v)) ? atol(v) : 0, k;
	int hn;

	memset(chunk, 'x', sizeof(chunk));
	hn = snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nServer: testsrv\r\n"
	    "Content-Type: text/plain\r\nContent-Length: %ld\r\n\r\n", n);
	write_all(fd, head, (size_t)hn);
	for (; n > 0; n -= k) {
		k = n < (long)sizeof(chunk) ? n : (long)sizeof(chunk);
		if (write_all(fd, chunk, (size_t)k) == -1)
			return;
	}
}

static void
route_hostile(int fd)
{
	static const char body[] = "ctrl:\x01\x02\x07\x08\x0b\x0c\x0e\x1f\x7f "
	    "ansi:\x1b[31mred\x1b[0m invalid:\xff\xfe lone:\x80 cut:\xe2\x82 "
	    "cdata:]]> markup:<&>\"' nul:\0:end\n";

	respond(fd, 200, "text/plain", "X-Hostile: a\x01" "b\x7f\r\n", body,
	    sizeof(body) - 1);
}

static void
route_headers(int fd, const struct req *r)
{
	char extra[8192] = "";
	const char *p = r->query;
	size_t n = 0, k;

	while (*p && n < sizeof(extra) - 512) {
		k = strcspn(p, "&");
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, "%.*s\r\n",
		    (int)k, p);
		for (char *e = extra + n - k - 2; e < extra + n - 2; e++)
			if (*e == '=') {
				*e = ':';
				break;
			}
		p += k + (p[k] == '&');
	}
	respond(fd, 200, "text/plain", extra, "headers", 7);
}

static const char *
mime(const char *path)
{
	const char *ext = strrchr(path, '.');
	static const char *const map[][2] = {
		{ ".html", "text/html; charset=utf-8" }, { ".css", "text/css" },
		{ ".js", "text/javascript" }, { ".json", "application/json" },
		{ ".xml", "application/xml" }, { ".txt", "text/plain" },
		{ ".png", "image/png" },
	};
	size_t i;

	for (i = 0; ext && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(ext, map[i][0]) == 0)
			return map[i][1];
	return "application/octet-stream";
}

/* s with each %XX decoded, in place. */
static void
pct_decode(char *s)
{
	char *o = s, hex[3] = "";

	for (; *s; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			memcpy(hex, s + 1, 2);
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* A file under ROOT; ?type=T (percent-decoded) is its Content-Type. */
static void
route_file(int fd, const struct req *r)
{
	char path[8192], type[512], *data;
	struct stat st;
	int f;

	if (root == NULL || strstr(r->path, "..") != NULL) {
		respond(fd, 404, "text/plain", NULL, "not found", 9);
		return;
	}
	snprintf(path, sizeof(path), "%s%s", root, r->path);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		strncat(path, "/index.html", sizeof(path) - strlen(path) - 1);
	if ((f = open(path, O_RDONLY)) == -1 || fstat(f, &st) == -1) {
		respond(fd, 404, "text/plain", NULL, "not found", 9);
		if (f != -1)
			close(f);
		return;
	}
	data = malloc((size_t)st.st_size + 1);
	if (param(r, "type", type, sizeof(type)))
		pct_decode(type);
	else
		snprintf(type, sizeof(type), "%s", mime(path));
	if (read(f, data, (size_t)st.st_size) == st.st_size)
		respond(fd, 200, type, NULL, data, (size_t)st.st_size);
	free(data);
	close(f);
}

/*
 * /reply/NAME: the whole answer a case carries in its own file,
 * ROOT/replies/NAME.http (curl's tests/data style): the status line and
 * headers one a line (LF, sent as CRLF), an empty line, then the body's
 * bytes as they are.  Content-Length is added when the file has none.
 */
static void
route_reply(int fd, const struct req *r)
{
	char path[8192], *data, *body, *line, *nl;
	size_t headlen, bodylen;
	struct stat st;
	int f, has_len = 0;
	FILE *out;

	snprintf(path, sizeof(path), "%s/replies/%s.http", root ? root : ".",
	    r->path + 7);
	if (root == NULL || strstr(r->path, "..") != NULL ||
	    (f = open(path, O_RDONLY)) == -1) {
		respond(fd, 404, "text/plain", NULL, "no such reply", 13);
		return;
	}
	if (fstat(f, &st) == -1 || (data = calloc(1, (size_t)st.st_size + 1)) ==
	    NULL || read(f, data, (size_t)st.st_size) != st.st_size) {
		close(f);
		respond(fd, 500, "text/plain", NULL, "unreadable reply", 16);
		return;
	}
	close(f);
	body = strstr(data, "\n\n");
	headlen = body ? (size_t)(body - data) : (size_t)st.st_size;
	body = body ? body + 2 : data + st.st_size;
	bodylen = (size_t)(data + st.st_size - body);
	data[headlen] = '\0';
	if ((out = fdopen(dup(fd), "w")) == NULL) {
		free(data);
		return;
	}
	for (line = data; line && *line; line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		has_len |= strncasecmp(line, "Content-Length:", 15) == 0;
		fprintf(out, "%s\r\n", line);
	}
	if (!has_len)
		fprintf(out, "Content-Length: %zu\r\n", bodylen);
	fputs("\r\n", out);
	fwrite(body, 1, bodylen, out);
	fclose(out);
	free(data);
}

/* 503 until the `after`th call with that key, then 200 and the count:
 * an eventually consistent endpoint for retry: tests. */
static void
route_eventually(int fd, const struct req *r)
{
	char v[64], text[64];
	long after = param(r, "after", v, sizeof(v)) ? atol(v) : 3, n;
	unsigned k = param(r, "key", v, sizeof(v)) ? (unsigned char)v[0] : 0;

	n = __atomic_add_fetch(&calls[k % NCALLS], 1, __ATOMIC_SEQ_CST);
	snprintf(text, sizeof(text), "{\"calls\":%ld}", n);
	respond(fd, n >= after ? 200 : 503, "application/json", NULL, text,
	    strlen(text));
}

/* /to-host/NNN?host=H&to=/p: status NNN, Location http://H:PORT/p, this
 * server's own port under another name (localhost for 127.0.0.1): a
 * redirect to another origin. */
static void
route_to_host(int fd, const struct req *r)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	char host[256], to[2048], extra[2400];
	int port = 0;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.ss_family == AF_INET6 ?
		    ((struct sockaddr_in6 *)&sa)->sin6_port :
		    ((struct sockaddr_in *)&sa)->sin_port);
	snprintf(extra, sizeof(extra), "Location: http://%s:%d%s\r\n",
	    param(r, "host", host, sizeof(host)) ? host : "localhost", port,
	    param(r, "to", to, sizeof(to)) ? to : "/echo");
	respond(fd, atoi(r->path + 9), "text/plain", extra, "moved", 5);
}

/* Returns 0 to keep the connection, -1 to close it. */
static int
route(int fd, struct req *r)
{
	char v[4096], extra[4300], text[64];
	long n;

	if (strcmp(r->path, "/hello") == 0) {
		static const char hello[] = "<html><head><title>Hello</title>"
		    "</head><body><h1>Hello World</h1></body></html>";
		respond(fd, 200, "text/html; charset=utf-8", NULL, hello,
		    sizeof(hello) - 1);
	} else if (strncmp(r->path, "/reply/", 7) == 0)
		route_reply(fd, r);
	else if (strcmp(r->path, "/echo") == 0)
		route_echo(fd, r);
	else if (strncmp(r->path, "/status/", 8) == 0) {
		n = atol(r->path + 8);
		extra[0] = '\0';
		if (param(r, "location", v, sizeof(v)))
			snprintf(extra, sizeof(extra), "Location: %s\r\n", v);
		snprintf(text, sizeof(text), "status %ld", n);
		respond(fd, (int)n, "text/plain", extra, text, strlen(text));
	} else if (strncmp(r->path, "/to-host/", 9) == 0)
		route_to_host(fd, r);
	else if (strcmp(r->path, "/redirect") == 0) {
		snprintf(extra, sizeof(extra), "Location: %s\r\n",
		    param(r, "to", v, sizeof(v)) ? v : "/");
		respond(fd, 302, "text/plain", extra, "moved", 5);
	} else if (strcmp(r->path, "/slow") == 0) {
		n = param(r, "ms", v, sizeof(v)) ? atol(v) : 1000;
		usleep((useconds_t)n * 1000);
		respond(fd, 200, "text/plain", NULL, "slow", 4);
	} else if (strcmp(r->path, "/big") == 0)
		route_big(fd, r);
	else if (strcmp(r->path, "/hostile") == 0)
		route_hostile(fd);
	else if (strcmp(r->path, "/headers") == 0)
		route_headers(fd, r);
	else if (strcmp(r->path, "/connections") == 0) {
		snprintf(text, sizeof(text), "%ld", *accepted);
		respond(fd, 200, "text/plain", NULL, text, strlen(text));
	} else if (strcmp(r->path, "/close") == 0)
		return -1;
	else if (strcmp(r->path, "/eventually") == 0)
		route_eventually(fd, r);
	else if (strcmp(r->path, "/login") == 0)
		respond(fd, 204, "text/plain", "Set-Cookie: sid=s3ss10n-cookie; "
		    "Path=/; HttpOnly; SameSite=Lax; Max-Age=3600\r\n"
		    "Set-Cookie: theme=dark\r\n", "", 0);
	else if (strcmp(r->path, "/whoami") == 0) {
		if (header(r, "Cookie", v, sizeof(v)) &&
		    strstr(v, "sid=s3ss10n-cookie") != NULL)
			respond(fd, 200, "application/json", NULL,
			    "{\"user\":\"demo\"}", 15);
		else
			respond(fd, 401, "application/json", NULL,
			    "{\"error\":\"no session\"}", 22);
	} else if (strcmp(r->path, "/clock") == 0) {
		snprintf(v, sizeof(v), "clock listen=%lld now=%lld\n", listen_ns,
		    realtime_ns());
		respond(fd, 200, "text/plain", NULL, v, strlen(v));
	}
	else
		route_file(fd, r);
	return r->close ? -1 : 0;
}

/* Reads one request; returns 0, or -1 at EOF or on a bad request. */
static int
read_request(int fd, char *buf, size_t *have, struct req *r)
{
	char *end, *line, v[64], *sp;
	size_t headlen;
	ssize_t n;

	while ((end = memmem(buf, *have, "\r\n\r\n", 4)) == NULL) {
		if (*have >= REQ_MAX - 1 || (n = read(fd, buf + *have,
		    REQ_MAX - 1 - *have)) <= 0)
			return -1;
		*have += (size_t)n;
	}
	headlen = (size_t)(end - buf) + 4;
	memset(r, 0, sizeof(*r));
	line = buf;
	if (sscanf(line, "%15s %4095s", r->method, r->path) != 2) {
		respond(fd, 400, "text/plain", NULL, "bad request", 11);
		return -1;
	}
	if ((sp = strchr(r->path, '?')) != NULL) {
		snprintf(r->query, sizeof(r->query), "%s", sp + 1);
		*sp = '\0';
	}
	line = memchr(buf, '\n', headlen) + 1;
	snprintf(r->headers, sizeof(r->headers), "%.*s",
	    (int)(headlen - (size_t)(line - buf)), line);
	r->close = header(r, "Connection", v, sizeof(v)) &&
	    strcasecmp(v, "close") == 0;
	r->bodylen = header(r, "Content-Length", v, sizeof(v)) ?
	    (size_t)atol(v) : 0;
	if (r->bodylen > REQ_MAX - headlen) {
		respond(fd, 413, "text/plain", NULL, "too large", 9);
		return -1;
	}
	while (*have < headlen + r->bodylen) {
		if ((n = read(fd, buf + *have, REQ_MAX - 1 - *have)) <= 0)
			return -1;
		*have += (size_t)n;
	}
	r->body = malloc(r->bodylen + 1);
	memcpy(r->body, buf + headlen, r->bodylen);
	memmove(buf, buf + headlen + r->bodylen, *have - headlen - r->bodylen);
	*have -= headlen + r->bodylen;
	return 0;
}

static void
serve(int fd)
{
	struct timeval tv = { 30, 0 };
	char *buf = malloc(REQ_MAX);
	struct req *r = malloc(sizeof(*r));
	size_t have = 0;
	int keep, one = 1;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	do {
		if (read_request(fd, buf, &have, r) == -1)
			break;
		head_only = strcmp(r->method, "HEAD") == 0;
		keep = route(fd, r) == 0;
		free(r->body);
	} while (keep);
	free(r);
	free(buf);
	close(fd);
}

/* An IPv4 address, or an IPv6 one (::1) when it holds a colon. */
static int
listen_any(const char *addr, int port)
{
	struct sockaddr_in sa;
	struct sockaddr_in6 sa6;
	int fd, one = 1, v6 = strchr(addr, ':') != NULL;

	if ((fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	memset(&sa6, 0, sizeof(sa6));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa6.sin6_family = AF_INET6;
	sa6.sin6_port = htons((unsigned short)port);
	if (v6 ? inet_pton(AF_INET6, addr, &sa6.sin6_addr) != 1 :
	    inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		die("bad address");
	if (v6 ? bind(fd, (struct sockaddr *)&sa6, sizeof(sa6)) == -1 :
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		die("bind");
	if (listen(fd, 64) == -1)
		die("listen");
	listen_ns = realtime_ns();
	return fd;
}

static void
tell_port(int fd, const char *portfile)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	char tmp[4096];
	FILE *f;
	int port;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1)
		die("getsockname");
	port = ntohs(sa.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&sa)->sin6_port :
	    ((struct sockaddr_in *)&sa)->sin_port);
	if (portfile == NULL) {
		printf("%d\n", port);
		fflush(stdout);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
	if ((f = fopen(tmp, "w")) == NULL)
		die(tmp);
	fprintf(f, "%d\n", port);
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
	const char *portfile = NULL, *addr = "127.0.0.1";
	int lfd, cfd, ch, port = 0, delay = 0;
	pid_t parent = getpid();

	while ((ch = getopt(argc, argv, "r:p:a:P:d:")) != -1) {
		if (ch == 'r')
			root = optarg;
		else if (ch == 'p')
			portfile = optarg;
		else if (ch == 'a')
			addr = optarg;
		else if (ch == 'P')
			port = atoi(optarg);
		else if (ch == 'd')
			delay = atoi(optarg);
		else {
			fprintf(stderr, "usage: testsrv [-r ROOT] [-p PORTFILE] "
			    "[-a ADDR] [-P PORT] [-d DELAY_MS]\n");
			return 2;
		}
	}
	calls = mmap(NULL, NCALLS * sizeof(*calls), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	accepted = mmap(NULL, sizeof(*accepted), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (accepted == MAP_FAILED)
		die("mmap");
	signal(SIGCHLD, SIG_IGN);		/* children are reaped for us */
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);
	alarm(LIFETIME);
	if (delay > 0)
		usleep((useconds_t)delay * 1000);
	lfd = listen_any(addr, port);
	tell_port(lfd, portfile);
	for (;;) {
		if ((cfd = accept(lfd, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		(*accepted)++;
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
