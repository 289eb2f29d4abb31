/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * randsit.c - random situations for property tests and benchmarks: every
 * variable absent (unknown) one time in five, otherwise a random value of
 * its type within its bounds and options.
 */
#include "randsit.h"

#include <string.h>

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

void
randsit_seed(unsigned long long seed)
{
	rng = seed | 1;
}

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (unsigned)(rng % n) : 0;
}

static struct value
random_scalar(struct situation *s, const struct var *v, int32_t date)
{
	static const char *const depts[] = { "32", "30", "41", "75", "2A" };
	static const char *const communes[] = { "32013", "30189", "41018",
	    "32160" };
	num_t lo = v->has_min ? v->min : 0;
	num_t hi = v->has_max ? v->max : NUM_INT(v->qt == Q_MONEY ? 3000 : 100);
	struct value x = value_unknown();

	switch (v->qt) {
	case Q_BOOL:
		return value_bool((int)rnd(2));
	case Q_INT:
		if (hi - lo > NUM_INT(130))
			hi = lo + NUM_INT(130);
		return value_num(lo + NUM_INT(rnd((unsigned)((hi - lo) /
		    NUM_SCALE) + 1)));
	case Q_MONEY:
		if (hi > NUM_INT(100000))
			hi = NUM_INT(100000);
		if (rnd(4) == 0)
			return value_num(0);
		return value_num(lo + NUM_INT(rnd((unsigned)((hi - lo) /
		    NUM_SCALE) + 1)) / (rnd(3) == 0 ? 1 : 10));
	case Q_ENUM:
		return value_istr(v->opts[rnd((unsigned)v->nopts)].value);
	case Q_DATE:
		x.t = V_DATE;
		x.u.d = date - (int32_t)rnd(365 * 20);
		return x;
	case Q_DEPARTMENT:
		return value_str(depts[rnd(5)]);
	case Q_COMMUNE:
		return value_str(communes[rnd(4)]);
	case Q_STRING:
		return value_str("x");
	default:
		(void)s;
		return x;
	}
}

static struct record *
random_record(struct situation *s, const struct var *v, int32_t date)
{
	struct record *rec = arena_alloc(&s->arena, sizeof *rec);
	int f;

	rec->nfields = v->nfields;
	rec->f = arena_alloc(&s->arena, sizeof *rec->f * (size_t)(v->nfields +
	    1));
	for (f = 0; f < v->nfields; f++)
		if (rnd(5) != 0)
			rec->f[f] = random_scalar(s, &v->fields[f], date);
	return rec;
}

void
randsit_fill(struct situation *s, int32_t date)
{
	int i, k;

	for (i = 0; i < s->rules->nvars; i++) {
		const struct var *v = &s->rules->vars[i];

		if (strcmp(v->id, "date") == 0 || rnd(5) == 0)
			continue;	/* absent: unknown */
		s->answered[i] = 1;
		switch (v->qt) {
		case Q_SET: {
			struct value *items = arena_alloc(&s->arena,
			    sizeof *items * (size_t)(v->nopts + 1));
			int n = 0;

			for (k = 0; k < v->nopts; k++)
				if (rnd(4) == 0)
					items[n++] = value_istr(v->opts[k].value);
			s->vals[i].t = V_LIST;
			s->vals[i].u.l.items = items;
			s->vals[i].u.l.n = n;
			break;
		}
		case Q_LIST: {
			int n = (int)rnd(4);
			struct value *items = arena_alloc(&s->arena,
			    sizeof *items * (size_t)(n + 1));

			for (k = 0; k < n; k++) {
				items[k].t = V_RECORD;
				items[k].u.r = random_record(s, v, date);
			}
			s->vals[i].t = V_LIST;
			s->vals[i].u.l.items = items;
			s->vals[i].u.l.n = n;
			break;
		}
		case Q_RECORD:
			s->vals[i].t = V_RECORD;
			s->vals[i].u.r = random_record(s, v, date);
			break;
		default:
			s->vals[i] = random_scalar(s, v, date);
			break;
		}
	}
}

