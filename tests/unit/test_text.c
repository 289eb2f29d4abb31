/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_text.c - text for people: strbuf, utf8 (width, wrap, fold), typo
 * (French and English typography at display time), opening hours
 * (format_hours) and the plain interview's lines fitted to a terminal
 * (outfilter_wrap).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "i18n.h"
#include "outfilter.h"
#include "strbuf.h"
#include "typo.h"
#include "utf8.h"

#define NBSP	"\xc2\xa0"
#define NNBSP	"\xe2\x80\xaf"

static void
test_strbuf(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char *s;
	int i;

	(void)state;
	assert_string_equal(strbuf_str(&b), "");
	for (i = 0; i < 1000; i++)
		strbuf_printf(&b, "%d,", i % 10);
	strbuf_addc(&b, '!');
	strbuf_addn(&b, "xyz", 2);
	assert_int_equal(b.len, 2003);
	assert_memory_equal(b.s + 1998, "9,!xy", 5);
	s = strbuf_detach(&b);
	assert_null(b.s);
	assert_int_equal(strlen(s), 2003);
	free(s);
	s = strbuf_detach(&b);		/* empty: "" */
	assert_string_equal(s, "");
	free(s);
	strbuf_add(&b, "a");
	strbuf_release(&b);
	assert_int_equal(b.len, 0);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("À vérifier"), 10);
	assert_int_equal(utf8_width("1" NNBSP "394,75" NBSP "€"), 10);
	assert_int_equal(utf8_width("日本"), 4);		/* wide */
	assert_int_equal(utf8_width("e\xcc\x81"), 1);	/* combining */
	assert_int_equal(utf8_width("a\xff" "b"), 3);	/* invalid byte */
	assert_int_equal(utf8_width("\xc3"), 1);	/* cut sequence */
	assert_int_equal(utf8_width_n("été", 2), 1);
}

struct lines {
	char	buf[16][64];
	int	n;
};

static void
collect(void *ctx, const char *p, size_t n)
{
	struct lines *l = ctx;

	if (l->n < 16)
		snprintf(l->buf[l->n++], 64, "%.*s", (int)n, p);
}

static void
test_wrap(void **state)
{
	struct lines l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(utf8_wrap("un deux trois quatre", 9, 0, collect, &l),
	    3);
	assert_string_equal(l.buf[0], "un deux");
	assert_string_equal(l.buf[1], "trois");
	assert_string_equal(l.buf[2], "quatre");
	/* a phone number tied by no-break spaces is never cut */
	memset(&l, 0, sizeof l);
	utf8_wrap("Appelez le 0" NBSP "805" NBSP "16" NBSP "00" NBSP "75 vite",
	    16, 0, collect, &l);
	assert_string_equal(l.buf[0], "Appelez le");
	assert_string_equal(l.buf[1], "0" NBSP "805" NBSP "16" NBSP "00" NBSP
	    "75");
	assert_string_equal(l.buf[2], "vite");
	/* a word longer than the line stands alone, or is cut on screen */
	memset(&l, 0, sizeof l);
	utf8_wrap("voir https://www.example.fr/long ici", 10, 0, collect, &l);
	assert_string_equal(l.buf[1], "https://www.example.fr/long");
	assert_string_equal(l.buf[2], "ici");
	memset(&l, 0, sizeof l);
	assert_int_equal(utf8_wrap("abcdéfghij", 4, UTF8_WRAP_CUT, collect,
	    &l), 3);
	assert_string_equal(l.buf[1], "éfgh");
	/* newlines break; an empty text is one empty line */
	memset(&l, 0, sizeof l);
	assert_int_equal(utf8_wrap("a\n\nb\n", 10, 0, collect, &l), 3);
	assert_string_equal(l.buf[1], "");
	memset(&l, 0, sizeof l);
	assert_int_equal(utf8_wrap("", 10, 0, collect, &l), 1);
	/* exactly the width, then a space */
	memset(&l, 0, sizeof l);
	utf8_wrap("abcde fgh", 5, 0, collect, &l);
	assert_string_equal(l.buf[0], "abcde");
	assert_string_equal(l.buf[1], "fgh");
}

static void
test_fold(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(utf8_fold("  L'Isle-Jourdain ", out, sizeof out), 15);
	assert_string_equal(out, "l isle jourdain");
	utf8_fold("ŒUVRE Élan Straße", out, sizeof out);
	assert_string_equal(out, "oeuvre elan strasse");
	utf8_fold("abcdefgh", out, 4);
	assert_string_equal(out, "abc");
}

static void
check_typo(const char *in, const char *lang, int flags, const char *want)
{
	char *got = typo_apply(in, lang, flags);

	assert_string_equal(got, want);
	free(got);
}

static void
test_typo_fr(void **state)
{
	(void)state;
	check_typo("Danger : 17 ; SMS 114 ! Quoi ?", "fr", 0,
	    "Danger" NBSP ": 17" NNBSP "; SMS 114" NNBSP "!" " Quoi" NNBSP "?");
	check_typo("quoi?", "fr", 0, "quoi" NNBSP "?");
	check_typo("« mot »", "fr", 0, "«" NNBSP "mot" NNBSP "»");
	check_typo("«mot»", "fr", 0, "«" NNBSP "mot" NNBSP "»");
	check_typo("Téléphone : 0 805 16 00 75", "fr", 0,
	    "Téléphone" NBSP ": 0" NBSP "805" NBSP "16" NBSP "00" NBSP "75");
	check_typo("8 000 € et 50 %", "fr", 0,
	    "8" NBSP "000" NBSP "€ et 50" NBSP "%");
	/* a slash between two names never starts a line: "AED / TISF" */
	check_typo("AED / TISF, ASLL / AVDL", "fr", 0,
	    "AED" NBSP "/ TISF, ASLL" NBSP "/ AVDL");
	check_typo("AED / TISF", "en", 0, "AED" NBSP "/ TISF");
	check_typo("Horaires : 24/7", "fr", 0,
	    "Horaires" NBSP ": 24" NBSP "h/24, 7" NBSP "j/7");
	/* left alone: addresses, hours, times, what is already right */
	check_typo("https://caf.fr/a?b=1 de 09:00-12:30, 124/72", "fr", 0,
	    "https://caf.fr/a?b=1 de 09:00-12:30, 124/72");
	check_typo("a" NNBSP "; b" NBSP ": c", "fr", 0,
	    "a" NNBSP "; b" NBSP ": c");
	/* apostrophes on paper only */
	check_typo("l'aide d'urgence", "fr", 0, "l'aide d'urgence");
	check_typo("l'aide d'urgence", "fr", TYPO_PRINT,
	    "l\xe2\x80\x99" "aide d\xe2\x80\x99urgence");
	check_typo("' 'a", "fr", TYPO_PRINT, "' 'a");
	/* idempotent */
	{
		char *once = typo_apply("Note : « 24/7 » ; 1 000 € ?", "fr",
		    TYPO_PRINT);
		char *twice = typo_apply(once, "fr", TYPO_PRINT);

		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}
}

static void
test_typo_en(void **state)
{
	(void)state;
	check_typo("Phone: 0 805 16 00 75; open 24/7!", "en", 0,
	    "Phone: 0" NBSP "805" NBSP "16" NBSP "00" NBSP "75; open 24/7!");
	check_typo("the MDS's office", "en", TYPO_PRINT,
	    "the MDS\xe2\x80\x99s office");
}

static void
check_hours(const char *osm, const char *want)
{
	char buf[512];

	assert_string_equal(format_hours(osm, buf, sizeof buf), want);
}

/* The directory's opening hours (OSM syntax) as people read them. */
static void
test_hours(void **state)
{
	const char *dir = getenv("AIGUILLAGE_LOCALEDIR");
	char small[12];

	(void)state;
	i18n_init("en", dir);
	check_hours("Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
	    "Monday to Friday 8:30\xe2\x80\x93" "12:00, 13:30\xe2\x80\x93" "17:00; "
	    "Saturday 9:00\xe2\x80\x93" "12:00");
	check_hours("Mo,We 10:00-11:30", "Monday, Wednesday "
	    "10:00\xe2\x80\x93" "11:30");
	check_hours("Mo 09:00-12:00; Tu 14:00-17:00; We-Fr 09:00-12:00",
	    "Monday 9:00\xe2\x80\x93" "12:00; Tuesday 14:00\xe2\x80\x93" "17:00; "
	    "Wednesday to Friday 9:00\xe2\x80\x93" "12:00");
	check_hours("24/7", "24/7");	/* typo.c spells it in French */
	check_hours("Mo-Su 00:00-24:00", "Monday to Sunday "
	    "0:00\xe2\x80\x93" "24:00");
	check_hours("PH off", "public holidays: closed");
	check_hours("08:00-12:00", "8:00\xe2\x80\x93" "12:00");
	/* Free text and what the subset does not know: as it is. */
	check_hours("standard ouvert de 7h45 à 18 h 30",
	    "standard ouvert de 7h45 à 18 h 30");
	check_hours("Monday 9-5", "Monday 9-5");
	check_hours("Mo-Fr 8:30-12:00", "Mo-Fr 8:30-12:00");
	check_hours("Mo-Fr 25:00-26:00", "Mo-Fr 25:00-26:00");
	check_hours("Mo-Fr 24:30-12:00", "Mo-Fr 24:30-12:00");
	check_hours("Mo-Fr 08:00-12:00;", "Mo-Fr 08:00-12:00;");
	check_hours("Mo-Fr 08:00-12:00 open", "Mo-Fr 08:00-12:00 open");
	check_hours("Mo-Xx 08:00-12:00", "Mo-Xx 08:00-12:00");
	check_hours("", "");
	/* Cut to the buffer before a whole character, never past it:
	   "Monday to Friday 8:30" and the en dash's three bytes. */
	assert_string_equal(format_hours("Mo-Fr 08:30-12:00", small,
	    sizeof small), "Monday to F");
	{
		char cut[24];

		assert_string_equal(format_hours("Mo-Fr 08:30-12:00", cut,
		    sizeof cut), "Monday to Friday 8:30");
		assert_int_equal(strlen(cut), 21);
	}
	/* French, with the catalogue of the build. */
	if (dir != NULL && i18n_init("fr", dir) == 0) {
		check_hours("Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
		    "du lundi au vendredi 8" NBSP "h" NBSP "30\xe2\x80\x93" "12" NBSP
		    "h, 13" NBSP "h" NBSP "30\xe2\x80\x93" "17" NBSP "h" NNBSP "; "
		    "samedi 9" NBSP "h\xe2\x80\x93" "12" NBSP "h");
		check_hours("PH off", "jours fériés" NBSP ": fermé");
	}
	i18n_set_lang("en");
}

/* What a stream wrapped at `width` makes of the writes of `fn`. */
static char *
wrapped(int width, void (*fn)(FILE *))
{
	FILE *to = tmpfile(), *w;
	char *s;
	long n;

	assert_non_null(to);
	w = outfilter_wrap_width(to, width);
	assert_non_null(w);
	fn(w);
	assert_int_equal(fclose(w), 0);
	n = ftell(to);
	s = calloc(1, (size_t)n + 1);
	rewind(to);
	assert_int_equal(fread(s, 1, (size_t)n, to), (size_t)n);
	fclose(to);
	return s;
}

#define COND	"          [?] résider en France de façon stable et " \
	"régulière" NNBSP "; hors Union européenne" NBSP ": titre de " \
	"séjour autorisant à travailler depuis au moins 10" NBSP "ans"

static void
write_cond(FILE *f)
{
	fputs("short line\n", f);
	fputs(COND "\n", f);
	fputs("[2] Parmi ces situations, l'une se produit-elle maintenant "
	    "ou dans les 48 heures" NNBSP "?\n", f);
	fputs("À VÉRIFIER Demande de logement social (HLM) (Nouvelle "
	    "demande" NBSP ": numéro unique délivré sous un mois)\n", f);
}

static void
write_prompt(FILE *f)
{
	fputs("[1] Une question ?\n> ", f);
	fflush(f);
	fputs("une réponse tapée, longue, bien plus longue que la ligne\n",
	    f);
	fputs("la suite, longue elle aussi, revient à la ligne comme il "
	    "faut\n", f);
}

/* More than the stream's buffer in one write: cut anywhere by it. */
static void
write_big(FILE *f)
{
	struct strbuf b = STRBUF_INIT;
	int i;

	for (i = 0; i < 400; i++)
		strbuf_add(&b, COND "\n");
	fputs(strbuf_str(&b), f);
	strbuf_release(&b);
}

static void
test_outfilter_wrap(void **state)
{
	char *s, *line, *save;
	int nlines = 0;

	(void)state;
	s = wrapped(40, write_cond);
	assert_string_equal(s,
	    "short line\n"
	    "          [?] résider en France de façon\n"
	    "              stable et régulière" NNBSP "; hors\n"
	    "              Union européenne" NBSP ": titre\n"
	    "              de séjour autorisant à\n"
	    "              travailler depuis au moins\n"
	    "              10" NBSP "ans\n"
	    "[2] Parmi ces situations, l'une se\n"
	    "    produit-elle maintenant ou dans les\n"
	    "    48 heures" NNBSP "?\n"
	    "À VÉRIFIER Demande de logement\n"
	    "    social (HLM) (Nouvelle demande" NBSP ":\n"
	    "    numéro unique délivré sous un mois)\n");
	free(s);
	/* a prompt goes out as it is, and the answer after it */
	s = wrapped(40, write_prompt);
	assert_string_equal(s, "[1] Une question ?\n> une réponse tapée, "
	    "longue, bien plus longue que la ligne\n"
	    "la suite, longue elle aussi, revient\n"
	    "    à la ligne comme il faut\n");
	free(s);
	/* 400 lines in one write: every one wrapped the same */
	s = wrapped(40, write_big);
	for (line = strtok_r(s, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		assert_true(utf8_width(line) <= 40);
		nlines++;
	}
	assert_int_equal(nlines, 400 * 6);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_typo_fr),
		cmocka_unit_test(test_typo_en),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_outfilter_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
