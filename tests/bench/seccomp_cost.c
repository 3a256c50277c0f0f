/* seccomp_cost: how long each step of minirun's seccomp path takes, on
 * this machine, averaged over RUNS (default 50):
 *   - filling the rule list from the built-in table (seccomp_default.c),
 *   - handing the rules to libseccomp (seccomp_rule_add_array),
 *   - libseccomp generating the BPF program (seccomp_export_bpf),
 *   - mr_seccomp_prepare as a whole (what minirun runs before clone),
 *   - the kernel loading the program (seccomp(2) in a fresh child).
 * Built and run by tests/bench/profile.sh against a build's libminirun.a;
 * it uses lib/seccomp.h's internal API, so it is not part of the meson
 * build (a change there must not break the build of the project). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "minirun.h"
#include "mr_seccomp.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static void check(int rc, const struct mr_error *err)
{
	if (rc < 0) {
		mr_error_print(err);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 50;
	double table = 0, add = 0, export = 0, prepare = 0, load = 0;
	unsigned int len = 0;
	size_t rules = 0;
	for (int i = 0; i < runs; i++) {
		struct mr_config cfg;
		struct mr_error err = MR_ERROR_INIT;
		mr_config_init(&cfg);

		struct mr_sc_profile p;
		double t0 = now_us();
		check(mr_seccomp_load_for(&p, &cfg, &err), &err);
		double t1 = now_us();
		scmp_filter_ctx ctx;
		check(mr_seccomp_build(&p, &ctx, &err), &err);
		double t2 = now_us();
		seccomp_release(ctx);
		struct mr_seccomp *f = NULL;
		double t3 = now_us();
		check(mr_seccomp_compile(&p, &f, &err), &err);
		double t4 = now_us();
		rules = p.n_rules;
		mr_sc_profile_free(&p);
		mr_seccomp_free(f);
		table += t1 - t0;
		add += t2 - t1;
		export += (t4 - t3) - (t2 - t1);

		double t5 = now_us();
		check(mr_seccomp_prepare(&cfg, &err), &err);
		prepare += now_us() - t5;
		len = cfg.seccomp->prog.len;

		int pfd[2];
		if (pipe(pfd) < 0)
			return 1;
		pid_t pid = fork();
		if (pid == 0) {
			prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
			double a = now_us();
			int rc = mr_seccomp_apply(&cfg, &err);
			double b = rc < 0 ? -1 : now_us() - a;
			_exit(write(pfd[1], &b, sizeof b) == sizeof b ? 0 : 1);
		}
		double b = -1;
		if (read(pfd[0], &b, sizeof b) != sizeof b || b < 0)
			return 1;
		waitpid(pid, NULL, 0);
		close(pfd[0]);
		close(pfd[1]);
		load += b;
		mr_config_free(&cfg);
	}
	printf("default profile: %zu rules, %u BPF instructions (mean of %d runs)\n", rules, len, runs);
	printf("  rule list from the built-in table   %7.0f us\n", table / runs);
	printf("  libseccomp: add the rules           %7.0f us\n", add / runs);
	printf("  libseccomp: generate the BPF        %7.0f us\n", export / runs);
	printf("  mr_seccomp_prepare, all of it       %7.0f us  (in minirun, before clone)\n", prepare / runs);
	printf("  kernel: seccomp(2) loads it         %7.0f us  (in the workload, before exec)\n", load / runs);
	return 0;
}
