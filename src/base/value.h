/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * value.h - the values expressions compute with.
 *
 * Numbers are exact decimals: int64 counts of millionths (6 decimal places),
 * so 651.69 * 1.5 is exactly 977.535 and money rounds to the cent as a
 * paying body would, without binary floating-point surprises. Dates are
 * days since 1970-01-01. A value may be *unknown* (three-valued logic).
 */
#ifndef VALUE_H
#define VALUE_H

#include <stdint.h>

typedef int64_t num_t;
#define NUM_SCALE	INT64_C(1000000)
#define NUM_INT(i)	((num_t)(i) * NUM_SCALE)

enum vtype { V_UNKNOWN, V_BOOL, V_NUM, V_STR, V_DATE, V_LIST, V_RECORD };

struct record;

struct value {
	enum vtype	 t;
	/* V_STR: the string is interned (rules_intern), so two interned
	 * strings are equal only if the pointers are. */
	unsigned char	 interned;
	union {
		int			 b;
		num_t			 n;
		const char		*s;
		int32_t			 d;
		struct {
			const struct value	*items;
			int			 n;
		} l;
		const struct record	*r;
	} u;
};

/* A record: field values in the order of its type's fields. */
struct record {
	int			 nfields;
	struct value		*f;
};

static inline struct value
value_unknown(void)
{
	struct value v = { .t = V_UNKNOWN };
	return v;
}

static inline struct value
value_bool(int b)
{
	struct value v = { .t = V_BOOL, .u.b = b != 0 };
	return v;
}

static inline struct value
value_num(num_t n)
{
	struct value v = { .t = V_NUM, .u.n = n };
	return v;
}

static inline struct value
value_str(const char *s)
{
	struct value v = { .t = V_STR, .u.s = s };
	return v;
}

/* An interned string (an option value or an expression literal). */
static inline struct value
value_istr(const char *s)
{
	struct value v = { .t = V_STR, .interned = 1, .u.s = s };
	return v;
}

/*
 * Parse a decimal number: "12", "-3.5", "651.69". With `lenient`, also the
 * habits of French agents: "1 200,50", "1200€", "1 200 €", "1.200,50".
 * Returns 0 and sets *out, or -1 (not a number, more than 6 decimals,
 * out of range).
 */
int	num_parse(const char *s, int lenient, num_t *out);
/* Shortest exact decimal text ("651.69", "12", "0.005"). buf >= 32. */
char	*num_format(num_t n, char *buf);
/* Fixed two decimals, rounded half away from zero ("573.49"). buf >= 32. */
char	*num_format_cents(num_t n, char *buf);
/* a*b and a/b exact to 6 decimals, half away from zero; -1 on overflow or /0. */
int	num_mul(num_t a, num_t b, num_t *out);
int	num_div(num_t a, num_t b, num_t *out);
/* Round to `digits` decimals (0..6): mode 0 half away, 1 floor, 2 ceil. */
num_t	num_round(num_t a, int digits, int mode);

/* "YYYY-MM-DD" to days since epoch; -1 if invalid. */
int	date_parse(const char *s, int32_t *out);
/* Days since epoch to "YYYY-MM-DD". buf >= 16. */
char	*date_format(int32_t d, char *buf);
void	date_split(int32_t d, int *y, int *m, int *day);
int32_t	date_from_ymd(int y, int m, int d);
/* Whole years from `from` to `to` (an age). */
int	date_years_between(int32_t from, int32_t to);
/* Today in local time. */
int32_t	date_today(void);

/* Three-valued equality of two known values of the same type. */
int	value_equal(const struct value *a, const struct value *b);

#endif
