/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ydoc.c - libyaml events to a positioned tree.
 */
#include "ydoc.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#define YDOC_MAX_DEPTH	64
/* Bounds memory: a 4 MiB file of "- a" lines would make a million nodes. */
#define YDOC_MAX_NODES	200000

struct builder {
	struct ydoc	*doc;
	yaml_parser_t	 parser;
	struct error	*err;
	int		 depth;
	long		 nodes;
};

/*
 * The keys of one mapping, hashed so that finding a duplicate stays
 * linear in the size of the mapping (a 100k-key mapping was quadratic).
 * Open addressing over indices into the node's keys; kept in the arena.
 */
struct keyset {
	int	*slot;		/* index + 1, 0 = empty */
	size_t	 cap;		/* power of two */
};

static uint32_t
key_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Returns the index of an equal key already in `n`, or -1 after adding. */
static int
keyset_add(struct builder *b, struct keyset *ks, const struct ynode *n,
    const char *key)
{
	size_t i, mask;
	int k;

	if ((size_t)n->n * 2 >= ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 16;

		ks->slot = arena_alloc(&b->doc->arena, sizeof(int) * ncap);
		memset(ks->slot, 0, sizeof(int) * ncap);
		ks->cap = ncap;
		for (k = 0; k < n->n; k++) {
			i = key_hash(n->keys[k]) & (ncap - 1);
			while (ks->slot[i] != 0)
				i = (i + 1) & (ncap - 1);
			ks->slot[i] = k + 1;
		}
	}
	mask = ks->cap - 1;
	for (i = key_hash(key) & mask; ks->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(n->keys[ks->slot[i] - 1], key) == 0)
			return ks->slot[i] - 1;
	ks->slot[i] = n->n + 1;	/* the key about to be appended */
	return -1;
}

static int
parse_node(struct builder *b, yaml_event_t *ev, struct ynode **out);

static struct ynode *
node_new(struct builder *b, enum ynode_kind kind, const yaml_event_t *ev)
{
	struct ynode *n = arena_alloc(&b->doc->arena, sizeof *n);

	b->nodes++;
	n->kind = kind;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	return n;
}

static int
next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		const yaml_parser_t *p = &b->parser;

		return error_set(b->err, b->doc->file,
		    (int)p->problem_mark.line + 1,
		    (int)p->problem_mark.column + 1, "invalid YAML: %s%s%s",
		    p->problem ? p->problem : "syntax error",
		    p->context ? " " : "", p->context ? p->context : "");
	}
	return 0;
}

/* Append to a growable array kept in the arena (doubling). */
static void
grow(struct builder *b, struct ynode *n, int *cap, int is_map)
{
	int ncap;
	void *p;

	if (n->n < *cap)
		return;
	ncap = *cap ? *cap * 2 : 4;
	p = arena_alloc(&b->doc->arena, sizeof(struct ynode *) * (size_t)ncap);
	if (n->n)
		memcpy(p, n->items, sizeof(struct ynode *) * (size_t)n->n);
	n->items = p;
	if (is_map) {
		p = arena_alloc(&b->doc->arena, sizeof(char *) * (size_t)ncap);
		if (n->n)
			memcpy(p, n->keys, sizeof(char *) * (size_t)n->n);
		n->keys = p;
		p = arena_alloc(&b->doc->arena,
		    sizeof(struct ynode *) * (size_t)ncap);
		if (n->n)
			memcpy(p, n->kpos, sizeof(struct ynode *) * (size_t)n->n);
		n->kpos = p;
	}
	*cap = ncap;
}

static int
parse_collection(struct builder *b, yaml_event_t *start, struct ynode **out)
{
	int is_map = start->type == YAML_MAPPING_START_EVENT;
	yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT :
	    YAML_SEQUENCE_END_EVENT;
	struct ynode *n = node_new(b, is_map ? Y_MAP : Y_SEQ, start);
	int cap = 0;
	struct keyset ks = { NULL, 0 };
	yaml_event_t ev;

	if (++b->depth > YDOC_MAX_DEPTH)
		return error_set(b->err, b->doc->file, n->line, n->col,
		    "nesting deeper than %d levels", YDOC_MAX_DEPTH);
	if (b->nodes > YDOC_MAX_NODES)
		return error_set(b->err, b->doc->file, n->line, n->col,
		    "more than %d values in the file", YDOC_MAX_NODES);
	for (;;) {
		struct ynode *key = NULL, *val;

		if (next_event(b, &ev) == -1)
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		if (is_map) {
			if (parse_node(b, &ev, &key) == -1)
				return -1;
			if (key->kind != Y_SCALAR)
				return error_set(b->err, b->doc->file,
				    key->line, key->col,
				    "a mapping key must be a plain value");
			if (keyset_add(b, &ks, n, key->str) != -1)
				return error_set(b->err, b->doc->file,
				    key->line, key->col,
				    "duplicate key \"%s\"", key->str);
			if (next_event(b, &ev) == -1)
				return -1;
		}
		if (parse_node(b, &ev, &val) == -1)
			return -1;
		grow(b, n, &cap, is_map);
		if (is_map) {
			n->keys[n->n] = key->str;
			n->kpos[n->n] = key;
		}
		n->items[n->n++] = val;
	}
	b->depth--;
	*out = n;
	return 0;
}

/* Consumes `ev`. */
static int
parse_node(struct builder *b, yaml_event_t *ev, struct ynode **out)
{
	struct ynode *n;
	int rc = 0;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (b->nodes > YDOC_MAX_NODES) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    "more than %d values in the file", YDOC_MAX_NODES);
			break;
		}
		if (ev->data.scalar.anchor != NULL ||
		    (ev->data.scalar.tag != NULL &&
		    ev->data.scalar.plain_implicit == 0 &&
		    ev->data.scalar.quoted_implicit == 0)) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    "anchors and tags are not allowed");
			break;
		}
		n = node_new(b, Y_SCALAR, ev);
		n->str = arena_strndup(&b->doc->arena,
		    (const char *)ev->data.scalar.value, ev->data.scalar.length);
		if (strlen(n->str) != ev->data.scalar.length) {
			rc = error_set(b->err, b->doc->file, n->line, n->col,
			    "NUL byte in a value");
			break;
		}
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		*out = n;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor :
		    ev->data.mapping_start.anchor) != NULL) {
			rc = error_set(b->err, b->doc->file,
			    (int)ev->start_mark.line + 1,
			    (int)ev->start_mark.column + 1,
			    "anchors and tags are not allowed");
			break;
		}
		rc = parse_collection(b, ev, out);
		break;
	case YAML_ALIAS_EVENT:
		rc = error_set(b->err, b->doc->file,
		    (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "aliases are not allowed");
		break;
	default:
		rc = error_set(b->err, b->doc->file,
		    (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1, "unexpected YAML event");
		break;
	}
	yaml_event_delete(ev);
	return rc;
}

int
ydoc_parse(struct ydoc *doc, const char *file, const char *buf, size_t len,
    struct error *err)
{
	struct builder b;
	yaml_event_t ev;
	int rc = -1, done = 0;

	memset(doc, 0, sizeof *doc);
	arena_init(&doc->arena);
	doc->file = arena_strdup(&doc->arena, file);
	memset(&b, 0, sizeof b);
	b.doc = doc;
	b.err = err;
	if (!yaml_parser_initialize(&b.parser)) {
		error_set(err, file, 0, 0, "cannot initialise the YAML parser");
		goto out;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)buf,
	    len);
	while (!done) {
		if (next_event(&b, &ev) == -1)
			goto out;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			yaml_event_delete(&ev);
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_ALIAS_EVENT:
			if (doc->root != NULL) {
				error_set(err, doc->file,
				    (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    "more than one document in the file");
				yaml_event_delete(&ev);
				goto out;
			}
			if (parse_node(&b, &ev, &doc->root) == -1)
				goto out;
			break;
		default:
			yaml_event_delete(&ev);
			break;
		}
	}
	rc = 0;
out:
	yaml_parser_delete(&b.parser);
	if (rc == -1) {
		/* The error's file must outlive the arena. */
		if (err != NULL)
			err->file = file;
		ydoc_release(doc);
	}
	return rc;
}

FILE *
file_open_regular(const char *path, struct error *err)
{
	struct stat st;
	FILE *f;
	int fd;

	/* O_NONBLOCK: opening a FIFO with no writer must not block. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		error_set(err, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		error_set(err, path, 0, 0, "not a regular file");
		close(fd);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1 ||
	    (f = fdopen(fd, "rb")) == NULL) {
		error_set(err, path, 0, 0, "cannot open: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	return f;
}

char *
file_slurp(const char *path, size_t *lenp, struct error *err)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int is_stdin = strcmp(path, "-") == 0;

	if (is_stdin)
		f = stdin;
	else if ((f = file_open_regular(path, err)) == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if (cap > FILE_MAX_BYTES + 65536)
				cap = FILE_MAX_BYTES + 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		if (len > FILE_MAX_BYTES) {
			error_set(err, path, 0, 0, "file larger than %d MiB",
			    FILE_MAX_BYTES >> 20);
			free(buf);
			if (!is_stdin)
				fclose(f);
			return NULL;
		}
	}
	if (ferror(f)) {
		error_set(err, path, 0, 0, "cannot read: %s", strerror(errno));
		free(buf);
		if (!is_stdin)
			fclose(f);
		return NULL;
	}
	if (!is_stdin)
		fclose(f);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

int
ydoc_load(struct ydoc *doc, const char *path, struct error *err)
{
	size_t len;
	char *buf = file_slurp(path, &len, err);
	int rc;

	memset(doc, 0, sizeof *doc);
	if (buf == NULL)
		return -1;
	rc = ydoc_parse(doc, strcmp(path, "-") == 0 ? "<stdin>" : path, buf,
	    len, err);
	free(buf);
	return rc;
}

void
ydoc_release(struct ydoc *doc)
{
	arena_release(&doc->arena);
	doc->root = NULL;
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	int i;

	if (map == NULL || map->kind != Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->kind != Y_SCALAR || n->quoted)
		return 0;
	return n->str[0] == '\0' || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}
