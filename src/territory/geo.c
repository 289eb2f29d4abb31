/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * geo.c - centres of communes (rules/territory/coords.tsv) and the
 * great-circle distance between them.
 *
 * geo_load reads the file whole and parses it in place: each row's code
 * becomes a NUL-terminated string inside the buffer, and the rows,
 * already sorted by code in the file (checked here), are searched by
 * bisection. geo_open maps it and bisects the bytes of the rows instead,
 * parsing only the rows it meets (an evaluation wants a few centres). Numbers
 * are read by hand, not with strtod, so that the decimal point does not
 * depend on the locale (LC_NUMERIC is French in the program).
 */
#include "geo.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "xmalloc.h"
#include "ydoc.h"

struct geo_row {
	const char	*insee;
	double		 lat, lon;
};

struct geo {
	char		*buf;
	struct geo_row	*rows;
	int		 nrows;
	/* geo_open: the mapped file, its rows from byte `data` on */
	const char	*map;
	size_t		 maplen, data;
};

/*
 * A decimal number "-12.34567" at *p, up to the next tab, newline or NUL.
 * Returns 0 and advances *p, -1 when it is not one.
 */
static int
parse_decimal(char **p, double *out)
{
	char *s = *p;
	double v = 0, scale = 1;
	int neg = 0, digits = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			scale /= 10;
			v += (*s - '0') * scale;
		}
	if (digits == 0 || digits > 15 || (*s != '\t' && *s != '\n' &&
	    *s != '\r' && *s != '\0'))
		return -1;
	*out = neg ? -v : v;
	*p = s;
	return 0;
}

static int
valid_code(const char *s, size_t n)
{
	size_t i;

	if (n != 5)
		return 0;
	for (i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') &&
		    !(i == 1 && (s[i] == 'A' || s[i] == 'B')))
			return 0;
	return 1;
}

static struct geo *
geo_fail(struct geo *g)
{
	geo_free(g);
	return NULL;
}

struct geo *
geo_load(const char *path, struct error *err)
{
	struct geo *g = xcalloc(1, sizeof *g);
	char *p, *nl, *tab;
	int line = 0, cap = 0, header = 0;
	size_t len;

	if ((g->buf = file_slurp(path, &len, err)) == NULL)
		return geo_fail(g);
	for (p = g->buf; *p != '\0'; p = nl + 1) {
		struct geo_row r;
		char *q;

		line++;
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (*p == '#' || p == nl || (*p == '\r' && p + 1 == nl)) {
			if (*nl == '\0')
				break;
			continue;
		}
		if (!header) {
			if (strncmp(p, "insee\tlat\tlon", 13) != 0) {
				error_set(err, path, line, 1, _("expected the "
				    "header \"insee, lat, lon\" (tab-separated)"));
				return geo_fail(g);
			}
			header = 1;
			if (*nl == '\0')
				break;
			continue;
		}
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab == NULL || !valid_code(p, (size_t)(tab - p))) {
			error_set(err, path, line, 1, _("expected a commune "
			    "code of 5 characters, then a tab"));
			return geo_fail(g);
		}
		*tab = '\0';
		r.insee = p;
		q = tab + 1;
		if (parse_decimal(&q, &r.lat) == -1 || *q != '\t' ||
		    fabs(r.lat) > 90) {
			error_set(err, path, line, (int)(tab + 2 - p),
			    _("expected a latitude between -90 and 90"));
			return geo_fail(g);
		}
		tab = q++;
		if (parse_decimal(&q, &r.lon) == -1 || fabs(r.lon) > 180 ||
		    (q != nl && !(*q == '\r' && q + 1 == nl))) {
			error_set(err, path, line, (int)(tab + 2 - p),
			    _("expected a longitude between -180 and 180, then "
			    "the end of the line"));
			return geo_fail(g);
		}
		if (g->nrows > 0 && strcmp(g->rows[g->nrows - 1].insee,
		    r.insee) >= 0) {
			error_set(err, path, line, 1, _("commune \"%s\" is out "
			    "of order or repeated (rows are sorted by code)"),
			    r.insee);
			return geo_fail(g);
		}
		if (g->nrows == cap) {
			cap = cap ? 2 * cap : 1024;
			g->rows = xrealloc(g->rows, (size_t)cap *
			    sizeof *g->rows);
		}
		g->rows[g->nrows++] = r;
		if (*nl == '\0')
			break;
	}
	if (!header) {
		error_set(err, path, line, 1, _("no header \"insee, lat, "
		    "lon\": not a table of commune centres"));
		return geo_fail(g);
	}
	return g;
}

/* Whether the line at `p` (of `n` bytes) is a comment or blank. */
static int
skipped_line(const char *p, size_t n)
{
	return n == 0 || *p == '#' || (n == 1 && *p == '\r');
}

struct geo *
geo_open(const char *path, struct error *err)
{
	struct geo *g = xcalloc(1, sizeof *g);
	struct stat st;
	size_t o = 0;
	int fd, line = 0;
	void *m;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		error_set(err, path, 0, 0, _("cannot read the file"));
		if (fd != -1)
			close(fd);
		return geo_fail(g);
	}
	m = st.st_size > 0 ? mmap(NULL, (size_t)st.st_size, PROT_READ,
	    MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (m != MAP_FAILED) {
		g->map = m;
		g->maplen = (size_t)st.st_size;
	}
	/* the comments, then the header */
	while (g->map != NULL && o < g->maplen) {
		const char *nl = memchr(g->map + o, '\n', g->maplen - o);
		size_t n = (nl != NULL ? (size_t)(nl - g->map) : g->maplen) - o;

		line++;
		if (skipped_line(g->map + o, n)) {
			o += n + 1;
			continue;
		}
		if (n >= 13 && memcmp(g->map + o, "insee\tlat\tlon", 13) == 0) {
			g->data = o + n + 1 < g->maplen ? o + n + 1 :
			    g->maplen;
			return g;
		}
		error_set(err, path, line, 1, _("expected the header \"insee, "
		    "lat, lon\" (tab-separated)"));
		return geo_fail(g);
	}
	error_set(err, path, line, 1, _("no header \"insee, lat, lon\": not a "
	    "table of commune centres"));
	return geo_fail(g);
}

int
geo_is_full(const struct geo *g)
{
	return g != NULL && g->map == NULL;
}

/* Parse the mapped row of `n` bytes at `p`: 1 and *lat, *lon, or 0. */
static int
mapped_row(const char *p, size_t n, double *lat, double *lon)
{
	char row[96], *q;

	if (n >= sizeof row || n < 7 || p[5] != '\t')
		return 0;
	memcpy(row, p, n);
	row[n] = '\0';
	q = row + 6;
	if (parse_decimal(&q, lat) == -1 || *q != '\t' || fabs(*lat) > 90)
		return 0;
	q++;
	if (parse_decimal(&q, lon) == -1 || fabs(*lon) > 180 ||
	    !(*q == '\0' || (*q == '\r' && q[1] == '\0')))
		return 0;
	return 1;
}

/* geo_find in the mapped rows: bisection on bytes, each probe moved to
   the start of its line and past any comment. */
static int
mapped_find(const struct geo *g, const char *insee, double *lat,
    double *lon)
{
	size_t lo = g->data, hi = g->maplen, il = strlen(insee);

	if (il != 5)
		return 0;
	while (lo < hi) {
		size_t s = lo + (hi - lo) / 2, first, n;
		const char *nl;
		int c;

		while (s > lo && g->map[s - 1] != '\n')
			s--;
		first = s;
		for (;;) {
			nl = memchr(g->map + s, '\n', g->maplen - s);
			n = (nl != NULL ? (size_t)(nl - g->map) : g->maplen) - s;
			if (!skipped_line(g->map + s, n) || s + n >= hi)
				break;
			s += n + 1;
		}
		if (s >= hi || skipped_line(g->map + s, n)) {
			hi = first;	/* only comments from here */
			continue;
		}
		c = memcmp(insee, g->map + s, n < 5 ? n : 5);
		if (c == 0 && (n < 6 || g->map[s + 5] != '\t'))
			return 0;	/* not a row: check says so */
		if (c == 0)
			return mapped_row(g->map + s, n, lat, lon);
		if (c < 0)
			hi = first;
		else
			lo = s + n + 1;
	}
	return 0;
}

void
geo_free(struct geo *g)
{
	if (g == NULL)
		return;
	if (g->map != NULL)
		munmap((void *)g->map, g->maplen);
	free(g->buf);
	free(g->rows);
	free(g);
}

int
geo_find(const struct geo *g, const char *insee, double *lat, double *lon)
{
	int lo = 0, hi = g == NULL ? 0 : g->nrows;

	if (g != NULL && g->map != NULL)
		return mapped_find(g, insee, lat, lon);
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(insee, g->rows[mid].insee);

		if (c == 0) {
			*lat = g->rows[mid].lat;
			*lon = g->rows[mid].lon;
			return 1;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Haversine formula on a sphere of the Earth's mean radius (IUGG). */
double
geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180, radius = 6371.0088;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) *
	    cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	if (a > 1)
		a = 1;
	return 2 * radius * asin(sqrt(a));
}
