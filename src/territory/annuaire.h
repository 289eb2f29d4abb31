/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * annuaire.h - import of the DILA "Annuaire de l'administration, base de
 * données locales" (JSON, format V1.4) into the local directory.
 *
 * The file is read as a stream, one record at a time, so the national
 * file (63,000 offices) needs no more memory than its largest record.
 * The records of one department whose `pivot[].type_service_local` maps
 * to a service kind (kinds.yaml, `annuaire:`) become structures and
 * services of a directory file in the local data directory
 * (<local>/services/<dep>-annuaire.yaml, doc/territory.md §4b), each
 * office's commune list its sector. No function here prints or exits.
 */
#ifndef ANNUAIRE_H
#define ANNUAIRE_H

#include "error.h"
#include "territory.h"

/* A validated import, ready to be written. */
struct annuaire_result {
	char			*dep;		/* the department */
	struct import_problem	*problems;	/* line: the record's line */
	int			 nproblems;
	char			**notes;	/* reported, not refused */
	int			 nnotes;
	int			 nread;		/* records in the file */
	int			 nkept;		/* offices kept */
	/* per kind: offices, offices with a sector, communes in sectors */
	const char		**kinds;
	int			*kind_offices, *kind_sectors, *kind_communes;
	int			 nkinds;
	/* types of the department's records that map to no kind */
	char			**skipped;
	int			*nskipped;
	int			 nskip;
	char			*date;		/* latest date_modification */
	char			*text;		/* the directory file */
};

/*
 * Read and validate the annuaire JSON `path` for department `dep` ("32";
 * NULL: the department of the first office of a mapped type, and the
 * file must hold no other). Every problem is recorded with its record id
 * and line; nothing is written. Returns 0 when the file could be read
 * (check res->nproblems), -1 with `err` filled (file, line, column) when
 * it cannot be read or is not JSON of that form. Release `res` with
 * territory_annuaire_release in both cases.
 */
int	territory_annuaire_check(const struct territory *, const char *path,
	    const char *dep, struct annuaire_result *res, struct error *err);
void	territory_annuaire_release(struct annuaire_result *);

/*
 * Write a clean import (res->nproblems == 0) as
 * <local_dir>/services/<dep>-annuaire.yaml, replacing an earlier import
 * of the department. Atomic. Returns 0, or -1 with `err` filled;
 * `written` (if not NULL) receives the path, malloc'ed, caller frees.
 */
int	territory_annuaire_write(const struct territory *,
	    const struct annuaire_result *, char **written, struct error *err);

/*
 * Convert opening hours to OSM opening_hours. `days` holds n slots:
 * day_from, day_to (0 = Monday … 6 = Sunday; a range may wrap), and up
 * to two intervals in minutes (start1, end1, start2, end2; -1 when
 * absent). Writes "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00" into
 * `out`; "" when no slot has hours. Returns 0, or -1 with a reason in
 * `why` (overlapping intervals, too many in a day).
 */
int	annuaire_osm_hours(const int (*slots)[6], int n, char *out,
	    size_t size, char *why, size_t whysize);

#endif
