/* floor.c - the per-request floor of libcurl alone: N curl_easy_perform on
 * one easy handle, the body to a sink.  usage: floor URL N [full]
 * "full" also sets the options shakedown sets per request (a header list,
 * a header callback, ACCEPT_ENCODING, a progress callback, the cookie
 * engine once), to separate libcurl's work from shakedown's own.
 * Copied from the benchmark rig's ../shared/perf/floor.c (written for
 * issue 14 by the session that measured the starting figures), so that a
 * clone can build it; `make bench` builds it into build/bench/floor. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static size_t sink(char *p, size_t s, size_t n, void *u) { (void)p; *(size_t *)u += s * n; return s * n; }
static size_t hsink(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }
static int prog(void *a, curl_off_t b, curl_off_t c, curl_off_t d, curl_off_t e) { return 0; }
int main(int argc, char **argv) {
	int n = argc > 2 ? atoi(argv[2]) : 2000, i, bad = 0;
	const char *o = argc > 3 ? argv[3] : ""; /* "full" = all of h,H,e,p,c */
	int full = strcmp(o, "full") == 0;
#define OPT(ch) (full || strchr(o, ch))
	size_t got = 0; long st = 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, argv[1]);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
	for (i = 0; i < n; i++) {
		struct curl_slist *h = NULL;
		if (OPT('h')) {
			h = curl_slist_append(h, "Content-Type:");
			h = curl_slist_append(h, "Expect:");
			curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		}
		if (OPT('H'))
			curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, hsink);
		if (OPT('e'))
			curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
		if (OPT('p')) {
			curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, prog);
			curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		}
		if (OPT('c') && i == 0)	/* once, as shakedown does */
			curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
		if (curl_easy_perform(c) != CURLE_OK) bad++;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
		if (st != 200) bad++;
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
		curl_slist_free_all(h);
	}
	curl_easy_cleanup(c);
	curl_global_cleanup();
	fprintf(stderr, "%d requests, %zu bytes, %d bad\n", n, got, bad);
	return bad != 0;
}
