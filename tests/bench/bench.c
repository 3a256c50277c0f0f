/* bench: time start-to-exit launches of several container runtimes, side by
 * side, and print a table of median and p90 wall time and peak RSS.
 *
 *   bench [-n RUNS] [-w WARMUP] [-r RAW.tsv] [-s SUMMARY.tsv] [-l LOGDIR]
 *         --contender=NAME ARGV... [--contender=NAME ARGV...]...
 *
 * A contender whose flag is --contender-cgroup2=NAME is started in a
 * private mount namespace in which /sys/fs/cgroup is the bare cgroup2
 * hierarchy (for crun, which refuses hybrid v1+v2 hosts). The namespace is
 * made once, up front, and each such launch only setns(2)s into it.
 * One whose flag is --contender-nobody=NAME runs as uid and gid 65534 with
 * no supplementary groups (a rootless launch; bench itself must be root).
 *
 * In every argument, "{id}" is replaced by an id unique to the launch
 * (container runtimes keep state per container id).
 *
 * Launches alternate between the contenders (round-robin, the starting
 * contender rotating each round), so that drift on the host (page cache,
 * frequency, other load) spreads evenly over all of them. Each launch is
 * fork + exec of the contender's command; the wall time runs from just
 * before fork to the return of wait4(), which also reports the peak RSS
 * (ru_maxrss: the largest resident set of the process or of any
 * descendant it waited for) and the CPU time of the whole tree.
 *
 * The first contender is the reference of the ratio columns. This is a
 * benchmark: it reports, it never fails on a time. It exits non-zero only
 * when a launch itself fails (the runtime's stderr is kept in LOGDIR).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct contender {
	const char *name;
	bool cgroup2;   /* run in the cgroup2-only mount namespace */
	bool nobody;    /* run as uid/gid 65534, no groups (rootless) */
	char **argv;    /* template, with {id} */
	int argc;
	double *wall_ms, *cpu_ms;
	long *rss_kb;
	int n, failures;
	int logfd;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static __attribute__((noreturn)) void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* A mount namespace like ours, but with the cgroup2 hierarchy alone at
 * /sys/fs/cgroup. Returns an fd to setns(2) into; our own namespace is
 * left as it was. */
static int make_cgroup2_ns(void)
{
	int host = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (host < 0)
		die("open /proc/self/ns/mnt");
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		die("getcwd");
	if (unshare(CLONE_NEWNS) < 0)
		die("unshare(CLONE_NEWNS) for the cgroup2 namespace (needs root)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private");
	if (umount2("/sys/fs/cgroup", MNT_DETACH) < 0 && errno != EINVAL)
		die("detach /sys/fs/cgroup");
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mount cgroup2 on /sys/fs/cgroup");
	int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open the cgroup2 namespace");
	if (setns(host, CLONE_NEWNS) < 0 || chdir(cwd) < 0)
		die("return to the host's mount namespace");
	close(host);
	return fd;
}

static char *subst_id(const char *arg, const char *id)
{
	const char *p = strstr(arg, "{id}");
	if (!p)
		return (char *)arg;
	char *s;
	if (asprintf(&s, "%.*s%s%s", (int)(p - arg), arg, id, p + 4) < 0)
		die("asprintf");
	return s;
}

/* One launch; returns 0 and fills the figures, or -1 if it failed. */
static int launch(struct contender *c, int cg2fd, const char *id, double *wall, double *cpu, long *rss)
{
	char *argv[c->argc + 1];
	for (int i = 0; i < c->argc; i++)
		argv[i] = subst_id(c->argv[i], id);
	argv[c->argc] = NULL;

	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (c->cgroup2 && setns(cg2fd, CLONE_NEWNS) < 0)
			_exit(120);
		if (c->nobody && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		                  setresuid(65534, 65534, 65534) < 0))
			_exit(121);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(c->logfd, 2);
		execvp(argv[0], argv);
		dprintf(2, "bench: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int ws;
	struct rusage ru;
	while (wait4(pid, &ws, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4");
	double t1 = now_ms();
	for (int i = 0; i < c->argc; i++)
		if (argv[i] != c->argv[i])
			free(argv[i]);
	if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		dprintf(c->logfd, "bench: launch %s of %s: %s %d\n", id, c->name,
		        WIFEXITED(ws) ? "exit status" : "signal", WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws));
		return -1;
	}
	*wall = t1 - t0;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	*rss = ru.ru_maxrss;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static double pct(const double *v, int n, double p)
{
	if (n == 0)
		return 0;
	int k = (int)(p / 100.0 * n + 0.999999) - 1;
	return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

static void usage(void)
{
	fprintf(stderr, "usage: bench [-n RUNS] [-w WARMUP] [-r RAW.tsv] [-s SUMMARY.tsv] [-l LOGDIR] "
	                "--contender[-cgroup2|-nobody]=NAME ARGV... ...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int runs = 200, warmup = 5;
	const char *raw_path = NULL, *summary_path = NULL, *logdir = ".";
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--contender", 11) != 0; i++) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "-n"))
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-w"))
			warmup = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-r"))
			raw_path = argv[++i];
		else if (!strcmp(argv[i], "-s"))
			summary_path = argv[++i];
		else if (!strcmp(argv[i], "-l"))
			logdir = argv[++i];
		else
			usage();
	}
	if (runs < 1 || warmup < 0)
		usage();

	struct contender cs[32];
	int nc = 0;
	bool any_cg2 = false;
	while (i < argc) {
		const char *a = argv[i];
		bool cg2 = !strncmp(a, "--contender-cgroup2=", 20);
		bool nobody = !strncmp(a, "--contender-nobody=", 19);
		if (!cg2 && !nobody && strncmp(a, "--contender=", 12) != 0)
			usage();
		if (nc == 32)
			usage();
		struct contender *c = &cs[nc++];
		memset(c, 0, sizeof *c);
		c->name = strchr(a, '=') + 1;
		c->cgroup2 = cg2;
		c->nobody = nobody;
		any_cg2 |= cg2;
		c->argv = &argv[++i];
		while (i < argc && strncmp(argv[i], "--contender", 11) != 0)
			i++, c->argc++;
		if (c->argc == 0)
			usage();
		c->wall_ms = calloc((size_t)runs, sizeof(double));
		c->cpu_ms = calloc((size_t)runs, sizeof(double));
		c->rss_kb = calloc((size_t)runs, sizeof(long));
		char *log;
		if (asprintf(&log, "%s/%s.log", logdir, c->name) < 0)
			die("asprintf");
		c->logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (c->logfd < 0)
			die(log);
		free(log);
	}
	if (nc == 0)
		usage();
	int cg2fd = any_cg2 ? make_cgroup2_ns() : -1;

	FILE *raw = NULL;
	if (raw_path && !(raw = fopen(raw_path, "w")))
		die(raw_path);
	if (raw)
		fprintf(raw, "round\tcontender\twall_ms\tcpu_ms\tmaxrss_kb\n");

	char id[64];
	unsigned long seq = 0;
	for (int round = -warmup; round < runs; round++) {
		for (int k = 0; k < nc; k++) {
			struct contender *c = &cs[((round + warmup) + k) % nc];
			double wall, cpu;
			long rss;
			snprintf(id, sizeof id, "bench-%d-%lu", (int)getpid(), seq++);
			if (launch(c, cg2fd, id, &wall, &cpu, &rss) < 0) {
				c->failures++;
				continue;
			}
			if (round < 0)
				continue;
			c->wall_ms[c->n] = wall;
			c->cpu_ms[c->n] = cpu;
			c->rss_kb[c->n] = rss;
			c->n++;
			if (raw)
				fprintf(raw, "%d\t%s\t%.4f\t%.4f\t%ld\n", round, c->name, wall, cpu, rss);
		}
	}
	if (raw)
		fclose(raw);

	FILE *summary = NULL;
	if (summary_path && !(summary = fopen(summary_path, "w")))
		die(summary_path);
	if (summary)
		fprintf(summary, "contender\truns\tfailures\tmedian_ms\tp90_ms\tmin_ms\tcpu_median_ms\tpeak_rss_mib\n");
	double ref_med = 0, ref_rss = 0;
	printf("%-20s %6s %9s %9s %9s %9s %10s %9s %9s\n", "contender", "runs", "median", "p90", "min",
	       "cpu med", "peak RSS", "× median", "× RSS");
	printf("%-20s %6s %9s %9s %9s %9s %10s %9s %9s\n", "", "", "ms", "ms", "ms", "ms", "MiB",
	       "(minirun)", "(minirun)");
	int failed = 0;
	for (int k = 0; k < nc; k++) {
		struct contender *c = &cs[k];
		failed += c->failures;
		if (c->n == 0) {
			if (summary)
				fprintf(summary, "%s\t0\t%d\t\t\t\t\t\n", c->name, c->failures);
			printf("%-20s %6d   all launches failed, see %s/%s.log\n", c->name, 0, logdir, c->name);
			continue;
		}
		qsort(c->wall_ms, (size_t)c->n, sizeof(double), cmp_double);
		qsort(c->cpu_ms, (size_t)c->n, sizeof(double), cmp_double);
		qsort(c->rss_kb, (size_t)c->n, sizeof(long), cmp_long);
		double med = pct(c->wall_ms, c->n, 50), rss = (double)c->rss_kb[(c->n - 1) / 2] / 1024.0;
		if (k == 0)
			ref_med = med, ref_rss = rss;
		printf("%-20s %6d %9.3f %9.3f %9.3f %9.3f %10.2f %9.2f %9.2f%s\n", c->name, c->n, med,
		       pct(c->wall_ms, c->n, 90), c->wall_ms[0], pct(c->cpu_ms, c->n, 50), rss, med / ref_med,
		       rss / ref_rss, c->failures ? "  (some launches failed)" : "");
		if (summary)
			fprintf(summary, "%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.3f\n", c->name, c->n, c->failures, med,
			        pct(c->wall_ms, c->n, 90), c->wall_ms[0], pct(c->cpu_ms, c->n, 50), rss);
	}
	if (summary)
		fclose(summary);
	if (failed)
		fprintf(stderr, "bench: %d launches failed; the runtimes' messages are in %s/*.log\n", failed, logdir);
	return failed ? 1 : 0;
}
