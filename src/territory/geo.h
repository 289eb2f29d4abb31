/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * geo.h - centres of communes and the distance between two of them.
 *
 * rules/territory/coords.tsv gives the latitude and longitude of the
 * communes that the GeoNames gazetteer names without ambiguity (about a
 * quarter of them, the larger ones: see its header and doc/territory.md).
 * A commune missing from it has no known centre; nothing here guesses one.
 * The table is read only when routing needs the nearest office.
 */
#ifndef GEO_H
#define GEO_H

#include "error.h"

struct geo;

/*
 * Read the table at `path` (comment lines starting with '#', a header
 * "insee\tlat\tlon", then one row per commune sorted by code). Returns the
 * table (free with geo_free) or NULL with `err` filled (file, line,
 * column) when the file cannot be read or is malformed: a bad code, a
 * number that does not parse or is out of range, rows out of order.
 * err->file is `path`, which must outlive the error.
 */
struct geo	*geo_load(const char *path, struct error *err);
/*
 * The same table mapped, not read: only its header is checked here, and
 * geo_find bisects the mapped rows, reading the few it meets, so that one
 * evaluation does not parse 8,000 rows for a handful of offices. A row
 * that does not parse is a centre not known (geo_load, which `check`
 * runs, reports it). NULL with `err` filled as geo_load does when the
 * file cannot be mapped or has no header.
 */
struct geo	*geo_open(const char *path, struct error *err);
/* Whether `g` was read whole (geo_load), not mapped (geo_open). */
int		 geo_is_full(const struct geo *g);
void		 geo_free(struct geo *);

/*
 * The centre of commune `insee`: 1 with *lat and *lon set (degrees), 0
 * when the table has none.
 */
int	geo_find(const struct geo *, const char *insee, double *lat,
	    double *lon);

/* Great-circle distance in kilometres between two points (degrees). */
double	geo_distance_km(double lat1, double lon1, double lat2, double lon2);

#endif
