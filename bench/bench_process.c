/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench_process.c - whole-process timings of the `aiguillage` binary
 * (issue 19): wall time from fork to exit (or to the first full-screen
 * frame), median and p90 of N runs, the median processor time (user and
 * system) of the child and its peak resident memory as wait4() reports
 * them. Run by bench/whole.sh (`make bench`);
 * never a timed test.
 *
 *   bench_process run N LABEL [-c DIR] [-i ITEMS] -- PROGRAM ARGS...
 *	run the command N times, output to /dev/null; -c removes DIR
 *	before every run (a cold cache); -i ITEMS also prints ITEMS per
 *	second of the median run (throughput of a batch).
 *   bench_process frame N LABEL TEXT [-c DIR] -- PROGRAM ARGS...
 *	start the command on a pseudo-terminal (80x24, TERM=xterm) and
 *	stop the clock when TEXT has been written to it: the end of the
 *	first frame; then end it with SIGTERM.
 *	-k KEYS TEXT2: once TEXT is seen, type KEYS and stop the clock
 *	when TEXT2 is written (a search typed, its results shown): the
 *	peak RSS is then that of the program once it has searched.
 *   bench_process gen RULES_DIR OUT_DIR N
 *	write N random situations (tests/support/randsit.c) as YAML files
 *	OUT_DIR/s0000.yaml…, for the batch throughput.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "randsit.h"
#include "rules.h"
#include "situation.h"
#include "timing.h"

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
rm_tree(const char *dir)
{
	if (dir != NULL)
		(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether `text` occurs in the first `len` bytes of `buf`. */
static int
contains(const char *buf, size_t len, const char *text, size_t tl)
{
	size_t i;

	for (i = 0; i + tl <= len; i++)
		if (memcmp(buf + i, text, tl) == 0)
			return 1;
	return 0;
}

/* The processor time of a child, user and system, in seconds. */
static double
cpu_of(const struct rusage *ru)
{
	return (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 +
	    (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
}

/* Run argv once; returns the wall time, the child's peak RSS in *rss_kb
   and its processor time in *cpu. */
static double
run_once(char **argv, long *rss_kb, double *cpu)
{
	struct rusage ru;
	double t0 = timing_now(), t;
	int status, fd;
	pid_t pid = fork();

	if (pid == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("wait4");
		exit(1);
	}
	t = timing_now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
		fprintf(stderr, "bench_process: %s failed (status %d)\n",
		    argv[0], status);
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	*cpu = cpu_of(&ru);
	return t;
}

/* Wait on `master` until `text` is written to it (buf holds what came,
   *len its length): 1, or 0 when it ends or stays silent 5 s. */
static int
wait_text(int master, char *buf, size_t size, size_t *len, const char *text)
{
	size_t tl = strlen(text);

	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 5000) <= 0)
			return 0;
		n = read(master, buf + *len, size - 1 - *len);
		if (n <= 0)
			return 0;
		*len += (size_t)n;
		buf[*len] = '\0';
		if (contains(buf, *len, text, tl))
			return 1;
		if (*len == size - 1) {		/* keep a tail: a split text */
			memmove(buf, buf + *len - tl, tl);
			*len = tl;
		}
	}
}

/* Start argv on a pty, time until `text` is seen (then, with `keys`,
   until `text2` is seen once they are typed), then SIGTERM it (its
   processor time in *cpu includes its exit on SIGTERM). */
static double
frame_once(char **argv, const char *text, const char *keys,
    const char *text2, long *rss_kb, double *cpu)
{
	struct winsize ws = { 24, 80, 0, 0 };
	struct rusage ru;
	static char buf[1 << 16];
	size_t len = 0;
	const char *wanted = text;
	double t0 = timing_now(), t = -1;
	int master, status;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);

	if (pid == -1) {
		perror("forkpty");
		exit(1);
	}
	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait_text(master, buf, sizeof buf, &len, text)) {
		if (keys == NULL)
			t = timing_now() - t0;
		else if (len = 0, wanted = text2, write(master, keys,
		    strlen(keys)) == (ssize_t)strlen(keys) &&
		    wait_text(master, buf, sizeof buf, &len, text2))
			t = timing_now() - t0;
	}
	kill(pid, SIGTERM);
	for (;;) {	/* drain, so that the child is never blocked writing */
		struct pollfd p = { master, POLLIN, 0 };
		char junk[4096];

		if (poll(&p, 1, 200) <= 0 || read(master, junk, sizeof junk) <= 0)
			break;
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("wait4");
		exit(1);
	}
	close(master);
	if (t < 0) {
		fprintf(stderr, "bench_process: \"%s\" never appeared\n",
		    wanted);
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	*cpu = cpu_of(&ru);
	return t;
}

static int
gen(const char *rules_dir, const char *out, int n)
{
	struct error err = { 0 };
	int32_t date = date_from_ymd(2026, 11, 15);
	struct rules *r = rules_load(rules_dir, date, &err);
	struct situation sit;
	char path[4096];
	int i;

	if (r == NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col,
		    err.msg);
		return 1;
	}
	mkdir(out, 0700);
	randsit_seed(19);
	situation_init(&sit, r);
	for (i = 0; i < n; i++) {
		char *y;
		FILE *f;

		situation_clear(&sit);
		randsit_fill(&sit, date);
		y = situation_to_yaml(&sit, 0);
		snprintf(path, sizeof path, "%s/s%04d.yaml", out, i);
		if ((f = fopen(path, "w")) == NULL) {
			perror(path);
			return 1;
		}
		fputs(y, f);
		fclose(f);
		free(y);
	}
	situation_release(&sit);
	rules_free(r);
	return 0;
}

static void
usage(void)
{
	fputs("usage: bench_process run N LABEL [-c DIR] [-i ITEMS] -- CMD...\n"
	    "       bench_process frame N LABEL TEXT [-c DIR] [-k KEYS TEXT2] "
	    "-- CMD...\n"
	    "       bench_process gen RULES_DIR OUT_DIR N\n", stderr);
	exit(2);
}

static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	const char *label, *text = NULL, *cold = NULL, *keys = NULL;
	const char *text2 = NULL;
	double *t, *cpu, mid, cmid;
	long rss, peak = 0, items = 0, *rs;
	int n, i, a, frame;

	if (argc >= 5 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], argv[3], atoi(argv[4]));
	if (argc < 5)
		usage();
	frame = strcmp(argv[1], "frame") == 0;
	if (!frame && strcmp(argv[1], "run") != 0)
		usage();
	n = atoi(argv[2]);
	label = argv[3];
	a = 4;
	if (frame)
		text = argv[a++];
	for (; a < argc && strcmp(argv[a], "--") != 0; a++) {
		if (strcmp(argv[a], "-c") == 0 && a + 1 < argc)
			cold = argv[++a];
		else if (strcmp(argv[a], "-i") == 0 && a + 1 < argc)
			items = atol(argv[++a]);
		else if (frame && strcmp(argv[a], "-k") == 0 && a + 2 < argc) {
			keys = argv[++a];
			text2 = argv[++a];
		}
		else
			usage();
	}
	if (a + 1 >= argc || n < 1)
		usage();
	a++;
	t = calloc((size_t)n, sizeof *t);
	cpu = calloc((size_t)n, sizeof *cpu);
	rs = calloc((size_t)n, sizeof *rs);
	if (t == NULL || cpu == NULL || rs == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		rm_tree(cold);
		t[i] = frame ? frame_once(argv + a, text, keys, text2, &rss,
		    &cpu[i]) :
		    run_once(argv + a, &rss, &cpu[i]);
		rs[i] = rss;
		if (rss > peak)
			peak = rss;
	}
	qsort(rs, (size_t)n, sizeof *rs, long_cmp);
	qsort(t, (size_t)n, sizeof *t, timing_cmp);
	qsort(cpu, (size_t)n, sizeof *cpu, timing_cmp);
	mid = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	cmid = n % 2 ? cpu[n / 2] : (cpu[n / 2 - 1] + cpu[n / 2]) / 2;
	/* The processor time says what the program costs when the wall
	   time also says how busy the machine was. */
	/* The peak RSS of each run: the largest, and their median (the
	   page cache can map a file in larger pieces in one run). */
	printf("%-34s median %7.2f ms, p90 %7.2f, best %7.2f (%d runs); "
	    "CPU %6.2f ms; peak RSS %5.1f MB (median %.1f)", label,
	    mid * 1e3, t[n * 9 / 10] * 1e3, t[0] * 1e3, n, cmid * 1e3,
	    (double)peak / 1024.0, (double)rs[n / 2] / 1024.0);
	if (items > 0)
		printf("; %.0f items/s", (double)items / mid);
	putchar('\n');
	free(t);
	free(cpu);
	free(rs);
	return 0;
}
