/* shard.c - longest-processing-time-first assignment of spec files to
 * shards, weighed by past durations (a JUnit report) or by size. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "shard.h"
#include "../../base/xalloc.h"
#include "../../base/error.h"

struct item {
	size_t	 pos;		/* in the list */
	double	 weight;
	int	 shard;
};

int
shard_parse(const char *s, int *index, int *total)
{
	char *end;
	long i, n;

	i = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	s = end + 1;
	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n < 1 || n > 1000 || i < 1 || i > n)
		return -1;
	*index = (int)i;
	*total = (int)n;
	return 0;
}

/* Seconds per spec file in a JUnit report: each <testcase file="…"
 * time="…"> adds to its file. */
static void
add_times(xmlNode *n, double *w, const struct specfiles *l)
{
	xmlChar *file, *time;
	size_t i;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "testcase") == 0 &&
		    (file = xmlGetProp(n, BAD_CAST "file")) != NULL) {
			time = xmlGetProp(n, BAD_CAST "time");
			for (i = 0; i < l->n; i++)
				if (strcmp(l->v[i], (char *)file) == 0)
					w[i] += time ? atof((char *)time) : 0;
			xmlFree(time);
			xmlFree(file);
		}
		add_times(n->children, w, l);
	}
}

static int
durations_weights(const char *path, const struct specfiles *l, double *w,
    char *err, size_t errlen)
{
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	double known = 0;
	size_t i, n = 0;

	if (doc == NULL)
		return error_set(err, errlen, "--durations %s: not a readable JUnit "
		    "report", path);
	add_times(xmlDocGetRootElement(doc), w, l);
	xmlFreeDoc(doc);
	for (i = 0; i < l->n; i++)
		if (w[i] > 0) {
			known += w[i];
			n++;
		}
	for (i = 0; i < l->n; i++)	/* a new file weighs the mean */
		if (w[i] <= 0)
			w[i] = n ? known / (double)n : 1;
	return 0;
}

static void
size_weights(const struct specfiles *l, double *w)
{
	struct stat st;
	size_t i;

	for (i = 0; i < l->n; i++)
		w[i] = stat(l->v[i], &st) == 0 ? (double)st.st_size + 1 : 1;
}

static int
heaviest_first(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
by_position(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Each item to the shard with the least weight so far. */
static void
assign(struct item *it, size_t n, int total)
{
	double *load = xcalloc((size_t)total, sizeof(*load));
	size_t i;
	int s, best;

	qsort(it, n, sizeof(*it), heaviest_first);
	for (i = 0; i < n; i++) {
		for (best = 0, s = 1; s < total; s++)
			if (load[s] < load[best])
				best = s;
		it[i].shard = best + 1;
		load[best] += it[i].weight;
	}
	qsort(it, n, sizeof(*it), by_position);
	free(load);
}

int
shard_select(struct specfiles *l, int index, int total, const char *durations,
    char *err, size_t errlen)
{
	double *w = xcalloc(l->n ? l->n : 1, sizeof(*w));
	struct item *it = xcalloc(l->n ? l->n : 1, sizeof(*it));
	size_t i, kept = 0;

	if (durations != NULL) {
		if (durations_weights(durations, l, w, err, errlen) == -1) {
			free(w);
			free(it);
			return -1;
		}
	} else
		size_weights(l, w);
	for (i = 0; i < l->n; i++) {
		it[i].pos = i;
		it[i].weight = w[i];
	}
	assign(it, l->n, total);
	for (i = 0; i < l->n; i++) {
		if (it[i].shard == index)
			l->v[kept++] = l->v[i];
		else
			free(l->v[i]);
	}
	l->n = kept;
	free(w);
	free(it);
	return 0;
}
