/* test_http.c - the libcurl client against the real C test server
 * (build/testsrv, or $TESTSRV) on a random 127.0.0.1 port. */
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "../../base/http.h"
#include "../../base/sha256.h"

struct server {
	pid_t	pid;
	char	base[64];
};

static int
server_start(struct server *s)
{
	char portfile[] = "/tmp/testsrv-port-XXXXXX", port[16] = "";
	const char *bin = getenv("TESTSRV") ? getenv("TESTSRV") : "build/testsrv";
	FILE *f;
	int fd, i;

	if ((fd = mkstemp(portfile)) == -1)
		return -1;
	close(fd);
	unlink(portfile);
	if ((s->pid = fork()) == 0) {
		execl(bin, bin, "-p", portfile, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 400 && port[0] == '\0'; i++) {
		if ((f = fopen(portfile, "r")) != NULL) {
			if (fgets(port, sizeof(port), f) == NULL)
				port[0] = '\0';
			fclose(f);
		}
		if (port[0] == '\0')
			usleep(10000);
	}
	unlink(portfile);
	port[strcspn(port, "\n")] = '\0';
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%s", port);
	return port[0] ? 0 : -1;
}

static void
server_stop(struct server *s)
{
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
}

/* One request; method and path relative to the server. */
static enum http_err
get(struct http_client *c, struct server *s, const char *method,
    const char *path, struct http_request *req, struct http_response *resp,
    char *err)
{
	char url[256];

	snprintf(url, sizeof(url), "%s%s", s->base, path);
	req->method = method;
	req->url = url;
	http_response_clear(resp);
	return http_do(c, req, resp, err, 512);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

UNIT_TEST(http_get_status_headers_body)
{
	struct http_client *c = http_client_new(0);
	struct http_request req = { 0 };
	struct http_response resp;
	struct server s;
	char err[512];

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	CHECK_INT(get(c, &s, "GET", "/hello", &req, &resp, err), HTTP_OK);
	CHECK_INT(resp.status, 200);
	CHECK_STR(resp.version, "HTTP/1.1");
	CHECK_STR(resp.reason, "OK");
	CHECK_STR(http_response_header(&resp, "content-TYPE"),
	    "text/html; charset=utf-8");
	CHECK(http_response_header(&resp, "x-nope") == NULL);
	CHECK_CONTAINS(buf_str(&resp.body), "<h1>Hello World</h1>");
	CHECK_INT(resp.truncated, 0);
	CHECK(resp.seconds > 0);
	CHECK_INT(get(c, &s, "HEAD", "/hello", &req, &resp, err), HTTP_OK);
	CHECK_INT(resp.status, 200);
	CHECK_INT(resp.body.len, 0);
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}

UNIT_TEST(http_bodies_methods_headers)
{
	struct http_client *c = http_client_new(0);
	struct http_header h[] = { { "X-Request-Id", "abc" }, { "X-Empty", "" } };
	struct http_header form[] = { { "a b", "c&d" }, { "e", "é" } };
	struct http_request req = { 0 };
	struct http_response resp;
	char err[512], path[] = "/tmp/upload-XXXXXX";
	struct server s;
	FILE *f;

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	req.headers = h;
	req.nheaders = 2;
	req.body = "{\"a\":1}";
	req.body_len = 7;
	CHECK_INT(get(c, &s, "POST", "/echo?x=1", &req, &resp, err), HTTP_OK);
	CHECK_CONTAINS(buf_str(&resp.body), "\"method\":\"POST\"");
	CHECK_CONTAINS(buf_str(&resp.body), "\"query\":\"x=1\"");
	CHECK_CONTAINS(buf_str(&resp.body), "\"x-request-id\":\"abc\"");
	CHECK_CONTAINS(buf_str(&resp.body), "\"x-empty\":\"\"");
	CHECK_CONTAINS(buf_str(&resp.body), "\"body\":\"{\\\"a\\\":1}\"");
	CHECK(strstr(buf_str(&resp.body), "expect") == NULL);
	memset(&req, 0, sizeof(req));
	req.form = form;
	req.nform = 2;
	CHECK_INT(get(c, &s, "PUT", "/echo", &req, &resp, err), HTTP_OK);
	CHECK_CONTAINS(buf_str(&resp.body), "\"method\":\"PUT\"");
	CHECK_CONTAINS(buf_str(&resp.body), "\"body\":\"a%20b=c%26d&e=%C3%A9\"");
	CHECK_CONTAINS(buf_str(&resp.body),
	    "\"content-type\":\"application/x-www-form-urlencoded\"");
	memset(&req, 0, sizeof(req));
	f = fdopen(mkstemp(path), "w");
	fputs("file body\n", f);
	fclose(f);
	req.body_file = path;
	CHECK_INT(get(c, &s, "PATCH", "/echo", &req, &resp, err), HTTP_OK);
	CHECK_CONTAINS(buf_str(&resp.body), "\"method\":\"PATCH\"");
	CHECK_CONTAINS(buf_str(&resp.body), "\"body\":\"file body\\u000a\"");
	CHECK(strstr(buf_str(&resp.body), "content-type") == NULL);
	unlink(path);
	CHECK_INT(get(c, &s, "PATCH", "/echo", &req, &resp, err), HTTP_EFAIL);
	CHECK_CONTAINS(err, "cannot read body file");
	memset(&req, 0, sizeof(req));
	CHECK_INT(get(c, &s, "DELETE", "/echo", &req, &resp, err), HTTP_OK);
	CHECK_CONTAINS(buf_str(&resp.body), "\"method\":\"DELETE\"");
	CHECK_STR(http_response_header(&resp, "X-Echo-Method"), "DELETE");
	CHECK_INT(get(c, &s, "POST", "/echo", &req, &resp, err), HTTP_OK);
	CHECK_CONTAINS(buf_str(&resp.body), "\"content-length\":\"0\"");
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}

UNIT_TEST(http_one_connection_per_client)
{
	struct http_client *c = http_client_new(0);
	struct http_request req = { 0 };
	struct http_response resp;
	struct server s;
	char err[512];
	int i;

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	for (i = 0; i < 5; i++)
		CHECK_INT(get(c, &s, i % 2 ? "HEAD" : "GET", "/hello", &req,
		    &resp, err), HTTP_OK);
	CHECK_INT(get(c, &s, "GET", "/connections", &req, &resp, err), HTTP_OK);
	CHECK_STR(buf_str(&resp.body), "1");
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}

UNIT_TEST(http_redirects)
{
	struct http_client *c = http_client_new(0);
	struct http_request req = { 0 };
	struct http_response resp;
	struct server s;
	char err[512];

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	CHECK_INT(get(c, &s, "GET", "/redirect?to=/hello", &req, &resp, err), HTTP_OK);
	CHECK_INT(resp.status, 302);
	CHECK_STR(http_response_header(&resp, "location"), "/hello");
	req.follow = 1;
	CHECK_INT(get(c, &s, "GET", "/redirect?to=/hello", &req, &resp, err), HTTP_OK);
	CHECK_INT(resp.status, 200);
	CHECK(http_response_header(&resp, "location") == NULL);
	CHECK_CONTAINS(resp.url, "/hello");
	CHECK_CONTAINS(buf_str(&resp.body), "Hello World");
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}

UNIT_TEST(http_errors_timeout_refused_closed)
{
	struct http_client *c = http_client_new(0);
	struct http_request req = { 0 };
	struct http_response resp;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	struct server s, dead;
	char err[512] = "";
	double t0;
	int fd;

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	req.timeout_ms = 200;
	t0 = now();
	CHECK_INT(get(c, &s, "GET", "/slow?ms=2000", &req, &resp, err), HTTP_ETIMEOUT);
	CHECK(now() - t0 < 1.5);
	CHECK_CONTAINS(err, "/slow?ms=2000: ");
	req.timeout_ms = 0;
	CHECK_INT(get(c, &s, "GET", "/close", &req, &resp, err), HTTP_EFAIL);
	CHECK_CONTAINS(err, "GET http://127.0.0.1:");
	/* A port that was just bound and closed: nothing listens there. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(fd, (struct sockaddr *)&sa, &len);
	close(fd);
	snprintf(dead.base, sizeof(dead.base), "http://127.0.0.1:%d",
	    ntohs(sa.sin_port));
	CHECK_INT(get(c, &dead, "GET", "/", &req, &resp, err), HTTP_ECONNECT);
	CHECK_CONTAINS(err, dead.base);
	CHECK_CONTAINS(err, "onnect");
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}

UNIT_TEST(http_body_cap_and_hostile_bytes)
{
	struct http_client *c = http_client_new(1000);
	struct http_request req = { 0 };
	struct http_response resp;
	struct server s;
	char err[512];

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	CHECK_INT(get(c, &s, "GET", "/big?bytes=100000", &req, &resp, err), HTTP_OK);
	CHECK_INT(resp.truncated, 1);
	CHECK_INT(resp.body.len, 1000);
	CHECK_INT(resp.status, 200);
	CHECK_INT(get(c, &s, "GET", "/big?bytes=1000", &req, &resp, err), HTTP_OK);
	CHECK_INT(resp.truncated, 0);
	CHECK_INT(resp.body.len, 1000);
	CHECK_INT(get(c, &s, "GET", "/hostile", &req, &resp, err), HTTP_OK);
	CHECK(memmem(resp.body.data, resp.body.len, "\x1b[31mred", 8) != NULL);
	CHECK(memmem(resp.body.data, resp.body.len, "nul:\0:end", 9) != NULL);
	CHECK(memmem(resp.body.data, resp.body.len, "\xff\xfe", 2) != NULL);
	CHECK_STR(http_response_header(&resp, "x-hostile"), "a\x01" "b\x7f");
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}

UNIT_TEST(http_redirect_rules)
{
	int keep;

	CHECK_STR(http_redirect_method(303, "POST", &keep), "GET");
	CHECK_INT(keep, 0);
	CHECK_STR(http_redirect_method(303, "DELETE", &keep), "GET");
	CHECK_STR(http_redirect_method(303, "HEAD", &keep), "HEAD");
	CHECK_INT(keep, 1);
	CHECK_STR(http_redirect_method(302, "POST", &keep), "GET");
	CHECK_INT(keep, 0);
	CHECK_STR(http_redirect_method(301, "POST", &keep), "GET");
	CHECK_STR(http_redirect_method(301, "PUT", &keep), "PUT");
	CHECK_INT(keep, 1);
	CHECK_STR(http_redirect_method(307, "POST", &keep), "POST");
	CHECK_INT(keep, 1);
	CHECK_STR(http_redirect_method(308, "PATCH", &keep), "PATCH");
	CHECK(http_redirect_method(300, "GET", &keep) == NULL);
	CHECK(http_redirect_method(304, "GET", &keep) == NULL);
}

UNIT_TEST(http_urls)
{
	char err[256], *u;

	u = http_url_from("http", "::1", 8080);
	CHECK_STR(u, "http://[::1]:8080");
	free(u);
	u = http_url_from("http", "[::1]", 8080);
	CHECK_STR(u, "http://[::1]:8080");
	free(u);
	u = http_url_from("http", "docker", 2375);
	CHECK_STR(u, "http://docker:2375");
	free(u);
	CHECK_INT(http_url_check("http://[::1]:8080/x", err, sizeof(err)), 0);
	CHECK_INT(http_url_check("https://user@example.com/", err, sizeof(err)), 0);
	CHECK_INT(http_url_check("http://::1:8080/x", err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "an IPv6 address goes in brackets");
	CHECK_INT(http_url_check("localhost:8080", err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "it has no scheme");
	CHECK_INT(http_url_check("ftp://example.com/", err, sizeof(err)), -1);
	CHECK_STR(err, "not an http:// or https:// URL");
	CHECK_INT(http_url_check("http://a b/", err, sizeof(err)), -1);
	CHECK_STR(err, "it holds a space at byte 9 (percent-encode it: %20)");
	CHECK_INT(http_url_check("http://127.0.0.1:99999/", err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "Port number");
}

/* The body's digest only when the request asks for it (a sha256:
 * check); the size is counted either way. */
UNIT_TEST(http_hash_only_when_asked)
{
	struct http_client *c = http_client_new(0);
	struct http_request req = { 0 };
	struct http_response resp;
	struct sha256 h;
	struct server s;
	char err[512], want[65];

	http_response_init(&resp);
	CHECK_INT(server_start(&s), 0);
	CHECK_INT(get(c, &s, "GET", "/hello", &req, &resp, err), HTTP_OK);
	CHECK_STR(resp.sha256, "");
	CHECK(resp.size > 0);
	CHECK_INT(resp.size, resp.body.len);
	req.hash = 1;
	CHECK_INT(get(c, &s, "GET", "/hello", &req, &resp, err), HTTP_OK);
	sha256_init(&h);
	sha256_update(&h, buf_str(&resp.body), resp.body.len);
	sha256_hex(&h, want);
	CHECK_STR(resp.sha256, want);
	http_response_clear(&resp);
	http_client_free(c);
	server_stop(&s);
}
