/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_territory.c - unit tests of the territory module: the commune
 * search table (tests/data/commune-queries.tsv, one test per query),
 * folding, labels, office lookup, the data·inclusion export and the
 * sector import (tests/data/import-*.csv). Run from the source tree root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "annuaire.h"
#include "geo.h"
#include "strbuf.h"
#include "territory.h"
#include "ydoc.h"

#define RULES	"rules"
#define QUERIES	"tests/data/commune-queries.tsv"

static struct territory *T;

struct qcase {
	char	*query, *expected, *note;
	int	 line;
};

static int
setup(void **state)
{
	struct error err;

	(void)state;
	T = territory_load(RULES, &err);
	if (T == NULL) {
		fprintf(stderr, "territory_load: %s:%d: %s\n",
		    err.file ? err.file : "", err.line, err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	territory_free(T);
	return 0;
}

static void
test_query(void **state)
{
	const struct qcase *q = *state;
	const struct commune *out[5];
	int n = territory_search(T, q->query, out, 5);

	if (*q->expected == '\0') {
		if (n != 0)
			fail_msg("%s:%d: \"%s\": expected no result, got %s %s",
			    QUERIES, q->line, q->query, out[0]->insee,
			    out[0]->name);
		return;
	}
	if (n == 0)
		fail_msg("%s:%d: \"%s\": expected %s, got nothing (%s)",
		    QUERIES, q->line, q->query, q->expected, q->note);
	if (strcmp(out[0]->insee, q->expected) != 0)
		fail_msg("%s:%d: \"%s\": expected %s, got %s %s (%s)",
		    QUERIES, q->line, q->query, q->expected, out[0]->insee,
		    out[0]->name, q->note);
}

static void
test_fold(void **state)
{
	char buf[128];

	(void)state;
	territory_fold("Saint-Étienne-du-Rouvray", buf, sizeof buf);
	assert_string_equal(buf, "saint etienne du rouvray");
	territory_fold("  L’Isle-Jourdain ", buf, sizeof buf);
	assert_string_equal(buf, "l isle jourdain");
	territory_fold("Bœurs-en-Othe", buf, sizeof buf);
	assert_string_equal(buf, "boeurs en othe");
	territory_fold("ST JEAN ste  marie sts", buf, sizeof buf);
	assert_string_equal(buf, "saint jean sainte marie saints");
	territory_fold("stade", buf, sizeof buf);
	assert_string_equal(buf, "stade");
	territory_fold("\xff\xfe" "Auch", buf, sizeof buf);
	assert_string_equal(buf, "auch");
	territory_fold("---", buf, sizeof buf);
	assert_string_equal(buf, "");
	/* Truncation keeps a NUL. */
	territory_fold("abcdefgh", buf, 4);
	assert_string_equal(buf, "abc");
}

/* Has `c` a postal code beginning with the n characters of `pre`? */
static int
ref_has_postcode(const struct commune *c, const char *pre, size_t n)
{
	const char *p = c->postcodes;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (len >= n && strncmp(p, pre, n) == 0)
			return 1;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The postal code index against a scan of the whole table: for every
 * 2-digit prefix of a code and a sixteenth of the 3-, 4- and 5-digit
 * ones, the search by postal code finds exactly the communes with such
 * a code, each once, by rank (a 5-digit code: those first, then up to
 * four communes whose INSEE code it is: current, delegated, associated,
 * arrondissement).
 */
static void
test_search_postal(void **state)
{
	struct error err;
	char **pre = NULL;
	int npre = 0, cap = 0, i, j, k, m, checked = 0;

	(void)state;
	assert_int_equal(territory_communes_load(T, &err), 0);
	for (i = 0; i < T->ncommunes; i++) {
		const char *p = T->communes[i].postcodes;

		while (*p != '\0') {
			size_t len = strcspn(p, ","), l;

			for (l = 2; l <= 5 && l <= len; l++) {
				if (strspn(p, "0123456789") < l)
					break;
				if (npre == cap) {
					cap = cap ? cap * 2 : 1024;
					pre = realloc(pre, sizeof *pre *
					    (size_t)cap);
					assert_non_null(pre);
				}
				pre[npre] = strndup(p, l);
				assert_non_null(pre[npre++]);
			}
			p += len + (p[len] == ',');
		}
	}
	qsort(pre, (size_t)npre, sizeof *pre, cmp_cstr);
	for (k = 0, m = 0; k < npre; k++) {
		if (m > 0 && strcmp(pre[m - 1], pre[k]) == 0) {
			free(pre[k]);
			continue;
		}
		pre[m++] = pre[k];
	}
	npre = m;
	for (k = 0; k < npre; k++) {
		size_t len = strlen(pre[k]);
		const struct commune **out;
		int expect = 0, n;

		if (len > 2 && k % 16 != 0)
			continue;
		for (i = 0; i < T->ncommunes; i++)
			expect += ref_has_postcode(&T->communes[i], pre[k], len);
		assert_true(expect > 0);
		out = calloc((size_t)expect + 8, sizeof *out);
		assert_non_null(out);
		n = territory_search(T, pre[k], out, expect + 8);
		if (len < 5)
			assert_int_equal(n, expect);
		else
			assert_in_range(n, expect, expect + 4);	/* + INSEE */
		for (i = 0; i < expect; i++) {
			assert_true(ref_has_postcode(out[i], pre[k], len));
			for (j = 0; j < i; j++)
				assert_ptr_not_equal(out[i], out[j]);
			if (len < 5 && i > 0)
				assert_true(out[i - 1]->rank < out[i]->rank);
		}
		free(out);
		checked++;
	}
	for (k = 0; k < npre; k++)
		free(pre[k]);
	free(pre);
	assert_true(checked > 400);
	/* No postal code of Corsica begins "2A": the INSEE code only. */
	{
		const struct commune *out[4];

		assert_int_equal(territory_search(T, "2A004", out, 4), 1);
		assert_string_equal(out[0]->insee, "2A004");
		assert_int_equal(territory_search(T, "99", out, 4), 0);
	}
}

static void
test_search_details(void **state)
{
	const struct commune *out[10];
	char label[128];
	int n, i;

	(void)state;
	n = territory_search(T, "l isle jourdain", out, 10);
	assert_true(n >= 2);
	assert_string_equal(out[0]->insee, "32160");
	assert_string_equal(out[0]->postcodes, "32600");
	n = territory_search(T, "32000", out, 10);
	assert_true(n >= 1);
	assert_string_equal(out[0]->name, "Auch");
	/* Homonyms keep their department in the label. */
	n = territory_search(T, "onzain", out, 10);
	assert_true(n >= 1);
	territory_commune_label(T, out[0], label, sizeof label);
	assert_string_equal(label, "Onzain — Veuzain-sur-Loire (41)");
	assert_string_equal(territory_commune_resolve(T, out[0])->insee,
	    "41167");
	/* A déléguée with its commune's code, name and postal codes is
	   the same place: listed once, by name, postal code or code. */
	assert_int_equal(territory_search(T, "montauban de bretagne", out,
	    10), 1);
	assert_int_equal(territory_search(T, "35184", out, 10), 1);
	/* Six communes, Saint-M'Hervon and Vitré (INSEE 35360), not
	   Montauban twice. */
	assert_int_equal(territory_search(T, "35360", out, 10), 8);
	for (n = 0, i = 0; i < 8; i++)
		n += strcmp(out[i]->insee, "35184") == 0;
	assert_int_equal(n, 1);
	/* One with a name of its own stays. */
	assert_true(territory_search(T, "saint m hervon", out, 10) >= 1);
	assert_int_equal(out[0]->type, COMMUNE_DELEGUEE);
	/* max 0 still counts. */
	assert_true(territory_search(T, "saint", out, 0) > 100);
	assert_int_equal(territory_search(T, "", out, 10), 0);
	assert_int_equal(territory_search(T, "zzzzqqq", out, 10), 0);
	assert_non_null(territory_commune(T, "2A004"));
	assert_null(territory_commune(T, "41999"));
}

static int
find_office(const struct office *o, int n, const char *id,
    enum office_why why)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(o[i].service->id, id) == 0)
			return o[i].why == why ? i : -2;
	return -1;
}

static void
test_offices(void **state)
{
	struct office o[32];
	int n, i;

	(void)state;
	/* Gers: no MDS sector names Eauze -> the MDS of the department
	   nearest first, by distance between commune centres (Nogaro,
	   16 km, within the kind's nearest_max_km of 25), then the general
	   contact. */
	n = territory_offices(T, "32119", "mds", o, 32);
	assert_true(n >= 2);
	assert_int_equal(o[0].why, OFFICE_NEAREST);
	assert_true(o[0].km > 0 && o[0].km <= 25);
	for (i = 1; i < n && o[i].why == OFFICE_NEAREST; i++)
		assert_true(o[i].km >= o[i - 1].km);
	assert_int_equal(o[i].why, OFFICE_CONTACT_GENERAL);
	assert_string_equal(o[i].service->id, "gers-numero-vert-social");
	assert_int_equal(territory_routing(o, n), ROUTING_NEAREST);
	assert_string_equal(territory_routing_id(ROUTING_NEAREST), "nearest");
	/* L'Isle-Jourdain and Auch: the nearest MDS is farther than 25 km,
	   so the general contact comes first, the nearest ones after it
	   with their distance. */
	n = territory_offices(T, "32160", "mds", o, 32);
	assert_true(n >= 2);
	assert_string_equal(o[0].service->id, "gers-numero-vert-social");
	assert_int_equal(o[0].why, OFFICE_CONTACT_GENERAL);
	assert_int_equal(o[1].why, OFFICE_NEAREST);
	assert_true(o[1].km > 25);
	for (i = 2; i < n && o[i].why == OFFICE_NEAREST; i++)
		assert_true(o[i].km >= o[i - 1].km);
	assert_int_equal(territory_routing(o, n), ROUTING_CONTACT);
	n = territory_offices(T, "32013", "mds", o, 2);
	assert_int_equal(n, 2);
	assert_int_equal(o[0].why, OFFICE_CONTACT_GENERAL);
	assert_string_equal(o[1].service->id, "mds32-nogaro-accueil-social");
	assert_true(o[1].km > 25);
	/* Room for one office only: the contact. */
	n = territory_offices(T, "32013", "mds", o, 1);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].why, OFFICE_CONTACT_GENERAL);
	/* A communal kind: only the offices of the commune or of its
	   EPCI. Auch: the CIAS of Grand Auch, never the CCAS of Fleurance
	   (23 km, another intercommunality); Condom: the CIAS of the
	   Ténarèze; L'Isle-Jourdain: none in its EPCI, nothing. */
	n = territory_offices(T, "32013", "ccas", o, 32);
	assert_true(n >= 1);
	assert_string_equal(o[0].service->id, "cias32-grand-auch-accueil");
	assert_int_equal(o[0].km, 0);
	assert_int_equal(find_office(o, n, "ccas32-fleurance-accueil",
	    OFFICE_NEAREST), -1);
	n = territory_offices(T, "32107", "ccas", o, 32);
	assert_true(n >= 1);
	assert_string_equal(o[0].service->id,
	    "cias32-tenareze-condom-accueil");
	assert_int_equal(find_office(o, n, "ccas32-fleurance-accueil",
	    OFFICE_NEAREST), -1);
	assert_int_equal(territory_offices(T, "32160", "ccas", o, 32), 0);
	/* The same kind, not communal (France services: anyone may go to
	   any of them): the nearest first, whatever the EPCI. */
	n = territory_offices(T, "32013", "france_services", o, 32);
	assert_true(n >= 2);
	assert_int_equal(o[0].why, OFFICE_NEAREST);
	assert_int_equal(o[1].why, OFFICE_NEAREST);
	/* Nogaro: its own MDS, 0 km away, comes first. */
	n = territory_offices(T, "32296", "mds", o, 32);
	assert_true(n >= 1);
	assert_string_equal(o[0].service->id, "mds32-nogaro-accueil-social");
	assert_int_equal(o[0].why, OFFICE_NEAREST);
	assert_int_equal(o[0].km, 0);
	assert_string_equal(territory_office_name(&o[0]),
	    o[0].service->structure->name);
	/* Aignan has no known centre -> the general contact. */
	n = territory_offices(T, "32001", "mds", o, 32);
	assert_true(n >= 1);
	assert_string_equal(o[0].service->id, "gers-numero-vert-social");
	assert_int_equal(o[0].why, OFFICE_CONTACT_GENERAL);
	assert_int_equal(o[0].km, -1);
	/* The general contact is shown by its own name (a line to call,
	   SPEC §4.6: the numéro vert social), not the GIP that runs it; an
	   office by its structure's. */
	assert_string_equal(territory_office_name(&o[0]),
	    "Numéro vert social « Gers Solidaire »");
	assert_int_equal(territory_routing(o, n), ROUTING_CONTACT);
	/* Not sectorised: the department's offices. */
	n = territory_offices(T, "32013", "mdph", o, 32);
	assert_true(find_office(o, n, "mdph32-accueil", OFFICE_DEPARTMENT)
	    >= 0);
	/* CAF in the Gard: antennas, then the national number. */
	n = territory_offices(T, "30189", "caf", o, 32);
	assert_true(n >= 2);
	assert_int_equal(o[0].why, OFFICE_DEPARTMENT);
	assert_int_equal(o[n - 1].why, OFFICE_NATIONAL);
	/* Lines are national and come first. */
	n = territory_offices(T, "41018", "line_115", o, 32);
	assert_true(n >= 1);
	assert_int_equal(o[0].why, OFFICE_NATIONAL);
	/* A commune without a directory file: national only. */
	n = territory_offices(T, "75056", "caf", o, 32);
	assert_true(n >= 1);
	assert_int_equal(o[0].why, OFFICE_NATIONAL);
	/* Unknown commune or kind. */
	assert_int_equal(territory_offices(T, "99999", "mds", o, 32), 0);
	assert_int_equal(territory_offices(T, "32013", "nope", o, 32), 0);
	/* Delegated code resolves to its commune (Veuves -> Veuzain, which
	   has no known centre: the general contact). */
	n = territory_offices(T, "41272", "mds", o, 32);
	assert_true(n >= 1);
	assert_string_equal(o[0].service->id, "cd41-contact");
	assert_int_equal(territory_routing(o, n), ROUTING_CONTACT);
	/* Every office exposes its verification status. */
	assert_true(o[0].service->verif.status == VERIF_TO_VERIFY ||
	    o[0].service->verif.status == VERIF_VERIFIED);
}

/* A table of commune centres written to a temporary file. */
static struct geo *
geo_from(const char *text, struct error *err)
{
	char path[] = "/tmp/aig-geo-XXXXXX";
	struct geo *g;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	memset(err, 0, sizeof *err);
	g = geo_load(path, err);
	unlink(path);
	return g;
}

static void
test_geo(void **state)
{
	struct error err;
	struct geo *g;
	double lat, lon;

	(void)state;
	/* Auch to Nogaro, Paris to Marseille (haversine, mean radius) */
	assert_int_equal((int)(geo_distance_km(43.64561, 0.58856, 43.75821,
	    -0.03385) * 10 + 0.5), 516);
	assert_int_equal((int)(geo_distance_km(48.8566, 2.3522, 43.2965,
	    5.3698) + 0.5), 660);
	assert_true(geo_distance_km(45, 5, 45, 5) == 0);
	/* the shipped table: Nogaro has a centre, Aignan none */
	memset(&err, 0, sizeof err);
	g = geo_load(RULES "/territory/coords.tsv", &err);
	assert_non_null(g);
	assert_int_equal(geo_find(g, "32296", &lat, &lon), 1);
	assert_true(lat > 43.75 && lat < 43.76 && lon < 0 && lon > -0.04);
	assert_int_equal(geo_find(g, "32001", &lat, &lon), 0);
	assert_int_equal(geo_find(g, "2A004", &lat, &lon), 1);
	geo_free(g);
	/* a malformed table: where and why */
	g = geo_from("# c\ninsee\tlat\tlon\n01001\t91.0\t5.0\n", &err);
	assert_null(g);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.col, 7);
	assert_non_null(strstr(err.msg, "latitude"));
	g = geo_from("insee\tlat\tlon\n01002\t45\t5\n01001\t45\t5\n",
	    &err);
	assert_null(g);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "out of order"));
	g = geo_from("insee\tlat\tlon\n0100\t45\t5\n", &err);
	assert_null(g);
	assert_int_equal(err.line, 2);
	g = geo_from("insee\tlat\tlon\n01001\t45,5\t5\n", &err);
	assert_null(g);
	g = geo_from("01001\t45\t5\n", &err);
	assert_null(g);
	assert_non_null(strstr(err.msg, "header"));
	g = geo_from("insee\tlat\tlon\n01001\t-45.5\t-5.25\r\n", &err);
	assert_non_null(g);
	assert_int_equal(geo_find(g, "01001", &lat, &lon), 1);
	assert_true(lat == -45.5 && lon == -5.25);
	geo_free(g);
}

/* geo_open over `text` (a temporary file), the file gone before return:
   the mapping outlives it. */
static struct geo *
geo_mapped_from(const char *text, struct error *err)
{
	char path[] = "/tmp/aig-geo-XXXXXX";
	struct geo *g;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	memset(err, 0, sizeof *err);
	g = geo_open(path, err);
	unlink(path);
	return g;
}

/*
 * The mapped table (geo_open, what routing uses) answers as the table
 * read whole: every row of the shipped file, codes between and around
 * them, and small files with comments between rows, no final newline,
 * a malformed row (not known, where geo_load refuses the file).
 */
static void
test_geo_mapped(void **state)
{
	static const char *const odd[] = {
		"00000", "01000", "01001", "19999", "2A000", "2B999", "99999",
		"2C001", "ZZZZZ", "0100", "010011", ""
	};
	struct error err;
	struct geo *full, *g;
	double lat, lon, lat2, lon2;
	char code[6], *buf, *p;
	size_t len, k;
	int rows = 0, found;

	(void)state;
	memset(&err, 0, sizeof err);
	full = geo_load(RULES "/territory/coords.tsv", &err);
	g = geo_open(RULES "/territory/coords.tsv", &err);
	assert_non_null(full);
	assert_non_null(g);
	assert_true(geo_is_full(full) && !geo_is_full(g));
	buf = file_slurp(RULES "/territory/coords.tsv", &len, &err);
	assert_non_null(buf);
	for (p = buf; *p != '\0'; p = strchr(p, '\n') + 1) {
		if (p[0] >= '0' && p[0] <= '9' && strchr(p, '\t') == p + 5) {
			memcpy(code, p, 5);
			code[5] = '\0';
			assert_int_equal(geo_find(g, code, &lat, &lon), 1);
			assert_int_equal(geo_find(full, code, &lat2, &lon2), 1);
			assert_true(lat == lat2 && lon == lon2);
			/* a code just after: the same answer from both */
			code[4] = code[4] == '9' ? 'X' : (char)(code[4] + 1);
			found = geo_find(full, code, &lat2, &lon2);
			assert_int_equal(geo_find(g, code, &lat, &lon), found);
			rows++;
		}
		if (strchr(p, '\n') == NULL)
			break;
	}
	assert_true(rows > 8000);
	for (k = 0; k < sizeof odd / sizeof *odd; k++)
		assert_int_equal(geo_find(g, odd[k], &lat, &lon),
		    geo_find(full, odd[k], &lat2, &lon2));
	free(buf);
	geo_free(full);
	geo_free(g);
	/* comments between rows, no final newline, CRLF */
	g = geo_mapped_from("# a\ninsee\tlat\tlon\n01001\t1\t2\n# b\n\n"
	    "01002\t3\t4\r\n01003\t5.5\t-6\n# c\n01004\t7\t8", &err);
	assert_non_null(g);
	assert_int_equal(geo_find(g, "01001", &lat, &lon), 1);
	assert_true(lat == 1 && lon == 2);
	assert_int_equal(geo_find(g, "01002", &lat, &lon), 1);
	assert_true(lat == 3 && lon == 4);
	assert_int_equal(geo_find(g, "01003", &lat, &lon), 1);
	assert_true(lat == 5.5 && lon == -6);
	assert_int_equal(geo_find(g, "01004", &lat, &lon), 1);
	assert_true(lat == 7 && lon == 8);
	assert_int_equal(geo_find(g, "01005", &lat, &lon), 0);
	assert_int_equal(geo_find(g, "01000", &lat, &lon), 0);
	geo_free(g);
	/* a malformed row is a centre not known; its neighbours are */
	g = geo_mapped_from("insee\tlat\tlon\n01001\t1\t2\n01002\t91\t4\n"
	    "01003\t5\t6\n", &err);
	assert_non_null(g);
	assert_int_equal(geo_find(g, "01002", &lat, &lon), 0);
	assert_int_equal(geo_find(g, "01001", &lat, &lon), 1);
	assert_int_equal(geo_find(g, "01003", &lat, &lon), 1);
	geo_free(g);
	/* no header, an empty file: refused as geo_load does */
	g = geo_mapped_from("01001\t45\t5\n", &err);
	assert_null(g);
	assert_non_null(strstr(err.msg, "header"));
	g = geo_mapped_from("", &err);
	assert_null(g);
	assert_non_null(strstr(err.msg, "header"));
}

static void
test_phone(void **state)
{
	char buf[32];

	(void)state;
	territory_phone_format("+33562674040", buf, sizeof buf);
	assert_string_equal(buf, "05 62 67 40 40");
	territory_phone_format("0800323130", buf, sizeof buf);
	assert_string_equal(buf, "0 800 32 31 30");
	territory_phone_format("115", buf, sizeof buf);
	assert_string_equal(buf, "115");
}

static void
test_services_find(void **state)
{
	const struct service *out[64];
	struct service_filter f = { NULL, NULL, NULL, NULL };
	int n, i;

	(void)state;
	f.kind = "mdph";
	n = territory_services_find(T, &f, out, 64);
	assert_true(n >= 3);
	for (i = 0; i < n && i < 64; i++)
		assert_string_equal(out[i]->kind, "mdph");
	f.kind = NULL;
	f.dep = "national";
	n = territory_services_find(T, &f, out, 64);
	for (i = 0; i < n && i < 64; i++)
		assert_null(out[i]->dep);
	f.dep = NULL;
	f.text = "maison departementale solidarites mer";
	n = territory_services_find(T, &f, out, 64);
	assert_true(n >= 1);
	f.text = "zzzz";
	assert_int_equal(territory_services_find(T, &f, out, 64), 0);
}

static void
test_check_shipped(void **state)
{
	char *w = NULL;

	(void)state;
	assert_int_equal(territory_check(T, &w), 0);
	assert_null(w);
}

static void
test_export(void **state)
{
	char *json = territory_export_json(T, 0);
	char *ver = territory_export_json(T, EXPORT_VERIFIED_ONLY);
	char path[] = "/tmp/aig-export-XXXXXX";
	char cmd[128];
	int fd;

	(void)state;
	assert_non_null(json);
	/* only the two keys that say what is verified and what is open */
	assert_null(strstr(json, "\"x_kind\""));
	assert_null(strstr(json, "\"x_horaires_texte\""));
	assert_non_null(strstr(json, "\"x_verification\""));
	assert_non_null(strstr(json, "\"aiguillage--cd32\""));
	/* planned offices are not exported as open */
	assert_null(strstr(json, "\"aiguillage--mds41-freteval\""));
	/* the Gers council is to verify: left out of a verified-only export */
	assert_null(strstr(ver, "\"aiguillage--cd32\""));
	assert_null(strstr(ver, "\"a_verifier\""));
	assert_non_null(strstr(ver, "\"verifie\""));
	free(ver);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, strlen(json)), (int)strlen(json));
	close(fd);
	snprintf(cmd, sizeof cmd, "python3 -m json.tool %s >/dev/null", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	free(json);
}

/* A rules tree in a temporary directory, sharing the shipped data. */
static char *
temp_rules(void)
{
	char tmpl[] = "/tmp/aig-rules-XXXXXX";
	char *dir, *p, cwd[4096];

	assert_non_null(mkdtemp(tmpl));
	dir = strdup(tmpl);
	assert_non_null(getcwd(cwd, sizeof cwd));
	p = malloc(strlen(dir) + 32);
	sprintf(p, "%s/territory", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = malloc(2 * (strlen(dir) + strlen(cwd)) + 128);
	sprintf(p, "ln -s %s/rules/services %s/services && ln -s "
	    "%s/rules/territory/communes.tsv %s/territory/communes.tsv",
	    cwd, dir, cwd, dir);
	assert_int_equal(system(p), 0);
	free(p);
	return dir;
}

static void
rm_rf(const char *dir)
{
	char *cmd = malloc(strlen(dir) + 16);

	sprintf(cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static int
has_problem(const struct import_result *r, int line, const char *text)
{
	int i;

	for (i = 0; i < r->nlisted; i++)
		if ((line < 0 || r->problems[i].line == line) &&
		    strstr(r->problems[i].msg, text) != NULL)
			return 1;
	return 0;
}

/*
 * A row found by code without the commune table (the mapped file's
 * binary search, what `eval` uses) is the row of the table: every 29th
 * row and every row of department 41, each type; unknown codes give
 * NULL; a row asked twice is the same pointer.
 */
static void
test_lazy_lookup(void **state)
{
	struct error err;
	struct territory *lazy = territory_load(RULES, &err);
	int i, checked = 0;

	(void)state;
	assert_non_null(lazy);
	assert_int_equal(lazy->ncommunes, 0);
	assert_int_equal(territory_communes_load(T, &err), 0);
	assert_true(T->ncommunes > 30000);
	for (i = 0; i < T->ncommunes; i++) {
		const struct commune *a = &T->communes[i], *b;

		if (i % 29 != 0 && strcmp(a->dep, "41") != 0)
			continue;
		b = territory_commune_typed(lazy, a->insee, a->type);
		assert_non_null(b);
		assert_string_equal(a->insee, b->insee);
		assert_string_equal(a->name, b->name);
		assert_string_equal(a->dep, b->dep);
		assert_string_equal(a->postcodes, b->postcodes);
		assert_string_equal(a->epci, b->epci);
		assert_string_equal(a->parent, b->parent);
		assert_string_equal(a->key, b->key);
		assert_int_equal(a->population, b->population);
		assert_ptr_equal(b, territory_commune_typed(lazy, a->insee,
		    a->type));
		checked++;
	}
	assert_true(checked > 1500);
	assert_null(territory_commune(lazy, "00000"));
	assert_null(territory_commune(lazy, "99999"));
	assert_null(territory_commune(lazy, "3201"));
	assert_null(territory_commune_typed(lazy, "32013",
	    COMMUNE_DELEGUEE));
	assert_string_equal(territory_commune(lazy, "01001")->name,
	    "L'Abergement-Clémenciat");
	assert_non_null(territory_commune(lazy, "98901"));
	/* Departments, from the mapped table: the same answer as the
	   loaded table's, for every department and for codes that are
	   none ("97" only starts "971"...). */
	for (i = 0; i < T->ndeps; i++)
		assert_true(territory_has_department(lazy, T->deps[i]));
	{
		static const char *const none[] = { "97", "00", "20", "2C",
		    "999", "9", "" };
		size_t k;

		for (k = 0; k < sizeof none / sizeof *none; k++) {
			assert_false(territory_has_department(lazy, none[k]));
			assert_false(territory_has_department(T, none[k]));
		}
	}
	assert_true(territory_has_department(lazy, "2A"));
	assert_true(territory_has_department(lazy, "971"));
	assert_int_equal(lazy->ncommunes, 0);	/* still not loaded */
	territory_free(lazy);
}

/* A kind's nearest_max_km that is no distance, or on a kind that is
   not the department's: refused where it is. */
static void
test_kind_nearest_bad(void **state)
{
	static const char *const bad[] = {
		"s/nearest_max_km: 25/nearest_max_km: far/",
		"s/nearest_max_km: 25/nearest_max_km: 0/",
		"s/nearest_max_km: 25/nearest_max_km: -3/",
		"s/nearest_max_km: 25/nearest_max_km: 2.5/",
		"s/nearest_max_km: 25/nearest_max_km: [25]/",
		"s/departmental: true, sectorised: true, nearest_max_km: 25/"
		    "sectorised: true, nearest_max_km: 25/"
	};
	char tmpl[] = "/tmp/aig-rules-XXXXXX", cwd[4096];
	struct strbuf cmd = STRBUF_INIT;
	struct error err;
	size_t k;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(getcwd(cwd, sizeof cwd));
	for (k = 0; k < sizeof bad / sizeof *bad; k++) {
		memset(&err, 0, sizeof err);
		strbuf_release(&cmd);
		strbuf_printf(&cmd, "rm -rf %s/* && mkdir %s/territory %s/services && "
		    "ln -s %s/rules/territory/communes.tsv %s/territory/ && "
		    "for f in %s/rules/services/*.yaml; do ln -s $f "
		    "%s/services/; done && rm %s/services/kinds.yaml && "
		    "sed '0,/nearest_max_km: 25/{%s}' "
		    "%s/rules/services/kinds.yaml >%s/services/kinds.yaml",
		    tmpl, tmpl, tmpl, cwd, tmpl, cwd, tmpl, tmpl, bad[k], cwd,
		    tmpl);
		assert_int_equal(system(strbuf_str(&cmd)), 0);
		assert_null(territory_load(tmpl, &err));
		assert_non_null(strstr(err.msg, "nearest_max_km"));
		assert_non_null(strstr(err.file, "kinds.yaml"));
		assert_true(err.line > 1 && err.col > 1);
	}
	strbuf_release(&cmd);
	rm_rf(tmpl);
}

static void
test_import_bad(void **state)
{
	struct import_result r;
	struct error err;
	char *dir = temp_rules(), *p;
	struct territory *t;
	struct stat st;

	(void)state;
	t = territory_load(dir, &err);
	assert_non_null(t);
	assert_int_equal(territory_import_check(t, "tests/data/import-41-bad.csv",
	    &r, &err), 0);
	assert_int_equal(r.nproblems, 3);
	assert_true(has_problem(&r, 6, "unknown commune code \"41999\""));
	assert_true(has_problem(&r, 18, "duplicate: commune \"41018\""));
	assert_true(has_problem(&r, 0, "\"41136\" (Mer) has no office"));
	assert_int_equal(territory_import_write(t, &r, "bad.csv", NULL, &err),
	    -1);
	territory_import_release(&r);
	p = malloc(strlen(dir) + 32);
	sprintf(p, "%s/territory/sectors", dir);
	assert_int_equal(stat(p, &st), -1);
	free(p);

	assert_int_equal(territory_import_check(t,
	    "tests/data/import-41-errors.csv", &r, &err), 0);
	assert_true(has_problem(&r, 2, "is in department 32"));
	assert_true(has_problem(&r, 3, "use \"41167\""));
	assert_true(has_problem(&r, 4, "unknown office \"mds41-foo\""));
	assert_true(has_problem(&r, 5, "has no sectors"));
	assert_true(has_problem(&r, 6, "department 30"));
	assert_true(has_problem(&r, 7, "expected 2 fields"));
	assert_true(has_problem(&r, 8, "national service"));
	assert_true(has_problem(&r, 0, "\"41018\" (Blois) has no office"));
	assert_true(has_problem(&r, 0, "\"41269\" (Vendôme) has no office"));
	assert_int_equal(r.nproblems, 9);
	territory_import_release(&r);

	assert_int_equal(territory_import_check(t, "/nonexistent.csv", &r,
	    &err), -1);
	territory_import_release(&r);
	territory_free(t);
	rm_rf(dir);
	free(dir);
}

static void
test_import_clean(void **state)
{
	struct import_result r;
	struct error err;
	char *dir = temp_rules(), *written = NULL, *w = NULL;
	struct territory *t;
	struct office o[16];
	int n;

	(void)state;
	t = territory_load(dir, &err);
	assert_non_null(t);
	assert_int_equal(territory_import_check(t,
	    "tests/data/import-41-clean.csv", &r, &err), 0);
	assert_int_equal(r.nproblems, 0);
	assert_string_equal(r.dep, "41");
	assert_int_equal(r.nkinds, 2);
	assert_int_equal(r.kind_communes[0], 267);
	assert_int_equal(r.kind_offices[0], 3);
	assert_int_equal(territory_import_write(t, &r, "import-41-clean.csv",
	    &written, &err), 0);
	assert_non_null(strstr(written, "/territory/sectors/41.yaml"));
	free(written);
	territory_import_release(&r);
	territory_free(t);

	/* The loader reads the sectors back. */
	t = territory_load(dir, &err);
	if (t == NULL)
		fail_msg("reload: %s:%d: %s", err.file, err.line, err.msg);
	n = territory_offices(t, "41136", "mds", o, 16);
	assert_true(n >= 1);
	assert_string_equal(o[0].service->id, "mds41-vendome-accueil-social");
	assert_int_equal(o[0].why, OFFICE_SECTOR);
	n = territory_offices(t, "41272", "mds_pmi", o, 16);
	assert_string_equal(o[0].service->id, "mds41-mer-pmi");
	assert_int_equal(territory_check(t, &w), 0);
	free(w);
	territory_free(t);
	rm_rf(dir);
	free(dir);
}

/* DILA opening slots to OSM opening_hours (annuaire_osm_hours). */
static void
test_osm_hours(void **state)
{
	char out[256], why[128];
	/* day_from, day_to, start1, end1, start2, end2 (minutes, -1: none) */
	const int two[][6] = { { 0, 4, 510, 720, 810, 1020 } };
	const int split[][6] = {
		{ 1, 1, 540, 720, -1, -1 }, { 3, 3, 840, 1020, -1, -1 },
		{ 0, 0, 540, 720, -1, -1 }
	};
	/* a day named in two slots gets both; same days grouped */
	const int merged[][6] = {
		{ 0, 4, 540, 720, -1, -1 }, { 2, 2, 840, 1020, -1, -1 },
		{ 5, 5, 540, 720, -1, -1 }
	};
	const int wrap[][6] = { { 5, 0, 600, 720, -1, -1 } };
	const int overlap[][6] = {
		{ 0, 0, 540, 720, -1, -1 }, { 0, 0, 700, 800, -1, -1 }
	};
	const int none[][6] = { { 0, 4, -1, -1, -1, -1 } };

	(void)state;
	assert_int_equal(annuaire_osm_hours(two, 1, out, sizeof out, why,
	    sizeof why), 0);
	assert_string_equal(out, "Mo-Fr 08:30-12:00,13:30-17:00");
	assert_int_equal(annuaire_osm_hours(split, 3, out, sizeof out, why,
	    sizeof why), 0);
	assert_string_equal(out, "Mo-Tu 09:00-12:00; Th 14:00-17:00");
	assert_int_equal(annuaire_osm_hours(merged, 3, out, sizeof out, why,
	    sizeof why), 0);
	assert_string_equal(out, "Mo-Tu 09:00-12:00; We 09:00-12:00,"
	    "14:00-17:00; Th-Sa 09:00-12:00");
	assert_int_equal(annuaire_osm_hours(wrap, 1, out, sizeof out, why,
	    sizeof why), 0);
	assert_string_equal(out, "Mo 10:00-12:00; Sa-Su 10:00-12:00");
	assert_int_equal(annuaire_osm_hours(overlap, 2, out, sizeof out, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "overlapping hours on lundi"));
	assert_int_equal(annuaire_osm_hours(none, 1, out, sizeof out, why,
	    sizeof why), 0);
	assert_string_equal(out, "");
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_search_details),
		cmocka_unit_test(test_search_postal),
		cmocka_unit_test(test_offices),
		cmocka_unit_test(test_geo),
		cmocka_unit_test(test_geo_mapped),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_services_find),
		cmocka_unit_test(test_check_shipped),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_lazy_lookup),
		cmocka_unit_test(test_kind_nearest_bad),
		cmocka_unit_test(test_import_bad),
		cmocka_unit_test(test_import_clean),
		cmocka_unit_test(test_osm_hours),
	};
	struct CMUnitTest *tests;
	struct qcase *cases = NULL;
	char line[1024], *names;
	FILE *f = fopen(QUERIES, "r");
	int n = 0, cap = 0, lineno = 0, header = 0, i, rc;
	size_t nfixed = sizeof fixed / sizeof fixed[0];

	if (f == NULL) {
		perror(QUERIES);
		return 1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *q, *e, *note;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!header++)
			continue;
		q = line;
		if ((e = strchr(q, '\t')) == NULL)
			continue;
		*e++ = '\0';
		if ((note = strchr(e, '\t')) != NULL)
			*note++ = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			cases = realloc(cases, sizeof *cases * (size_t)cap);
		}
		cases[n].query = strdup(q);
		cases[n].expected = strdup(e);
		cases[n].note = strdup(note ? note : "");
		cases[n].line = lineno;
		n++;
	}
	fclose(f);
	tests = calloc((size_t)n + nfixed, sizeof *tests);
	names = calloc((size_t)n, 80);
	for (i = 0; i < n; i++) {
		snprintf(names + i * 80, 80, "commune \"%s\"", cases[i].query);
		tests[i].name = names + i * 80;
		tests[i].test_func = test_query;
		tests[i].initial_state = &cases[i];
	}
	memcpy(tests + n, fixed, sizeof fixed);
	rc = _cmocka_run_group_tests("territory", tests, (size_t)n + nfixed,
	    setup, teardown);
	for (i = 0; i < n; i++) {
		free(cases[i].query);
		free(cases[i].expected);
		free(cases[i].note);
	}
	free(cases);
	free(tests);
	free(names);
	return rc;
}
