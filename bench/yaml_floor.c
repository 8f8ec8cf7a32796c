/* yaml_floor.c - the load floor: read FILE, then only libyaml's event
 * parser (.yaml) or jansson's json_loadb (.json), nothing kept.
 * usage: yaml_floor FILE.  Copied from the benchmark rig's
 * ../shared/perf/yaml_floor.c (written for issue 14 by the session that
 * measured the starting figures); `make bench` builds it into
 * build/bench/yaml_floor. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
int main(int argc, char **argv) {
	FILE *f = fopen(argv[1], "rb"); long n; char *buf; size_t ev = 0;
	fseek(f, 0, SEEK_END); n = ftell(f); rewind(f);
	buf = malloc(n + 1); fread(buf, 1, n, f); fclose(f);
	if (strstr(argv[1], ".json")) {
		json_error_t e; json_t *j = json_loadb(buf, n, 0, &e);
		if (!j) return 1;
		if (argc > 2) json_decref(j);
		printf("json ok\n"); return 0;
	}
	yaml_parser_t p; yaml_event_t e;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (unsigned char *)buf, n);
	for (;;) {
		if (!yaml_parser_parse(&p, &e)) return 1;
		int done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e); ev++;
		if (done) break;
	}
	yaml_parser_delete(&p);
	printf("%zu events\n", ev);
	return 0;
}
