/* The cgroup code's pure parts (cgroups.c, cgroups_limits.c): the cgroup's name, and the arithmetic between
 * what OCI and Docker say and what cgroup v2 files take. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroups.h"
#include "minirun.h"

static struct mr_config cfg;
static struct mr_error err;

static void setup(void)
{
	mr_config_init(&cfg);
	memset(&err, 0, sizeof err);
}

static void teardown(void)
{
	mr_config_free(&cfg);
}

TestSuite(cgroups, .init = setup, .fini = teardown);

/* The name for cfg->cgroup_path = path (or none), as a static string. */
static const char *name_for(const char *path, const char *id, pid_t pid)
{
	static char buf[512];
	cfg.cgroup_path = path;
	cfg.id = id;
	char *name = mr_cgroup_name(&cfg, pid);
	cr_assert_not_null(name);
	snprintf(buf, sizeof buf, "%s", name);
	free(name);
	return buf;
}

Test(cgroups, name_from_id_pid_or_path)
{
	cr_expect_str_eq(name_for(NULL, NULL, 42), "minirun/run-42");
	cr_expect_str_eq(name_for(NULL, "web", 42), "minirun/web");
	cr_expect_str_eq(name_for("", "web", 42), "minirun/web");
	cr_expect_str_eq(name_for("/", NULL, 7), "minirun/run-7", "an empty path is no path");
	cr_expect_str_eq(name_for("/machine/web", "web", 42), "machine/web", "relative to each tree's root");
	cr_expect_str_eq(name_for("machine/web/", NULL, 42), "machine/web");
	cr_expect_str_eq(name_for("//a//b", NULL, 42), "a//b", "only the ends are trimmed");
}

Test(cgroups, systemd_style_paths_become_scopes)
{
	cr_expect_str_eq(name_for("system.slice:docker:abc", NULL, 1), "system.slice/docker-abc.scope");
	cr_expect_str_eq(name_for("machine-web.slice:libpod:abc", NULL, 1),
	                 "machine.slice/machine-web.slice/libpod-abc.scope");
	cr_expect_str_eq(name_for("a-b-c.slice:p:x", NULL, 1), "a.slice/a-b.slice/a-b-c.slice/p-x.scope");
	cr_expect_str_eq(name_for(":crio:abc", NULL, 1), "system.slice/crio-abc.scope");
	cr_expect_str_eq(name_for("-.slice:p:x", NULL, 1), "p-x.scope", "-.slice is the root");
	cr_expect_str_eq(name_for("user.slice::x", NULL, 1), "user.slice/x.scope");
	cr_expect_str_eq(name_for("a:b:c:d", NULL, 1), "a:b:c:d", "three colons: a plain path");
}

Test(cgroups, wanted_for_any_limit_or_on_request)
{
	cr_expect_not(mr_cgroup_wanted(&cfg), "no limits, no request: no cgroup");
	cfg.want_cgroup = true;
	cr_expect(mr_cgroup_wanted(&cfg));
	cfg.want_cgroup = false;
	struct mr_resources *r = &cfg.resources;
	int64_t *i64[] = {&r->memory, &r->memory_swap, &r->pids, &r->cpu_quota};
	for (size_t i = 0; i < sizeof i64 / sizeof *i64; i++) {
		*i64[i] = -1;
		cr_expect(mr_cgroup_wanted(&cfg), "limit %zu", i);
		*i64[i] = 0;
	}
	r->cpu_shares = 512;
	cr_expect(mr_cgroup_wanted(&cfg));
	r->cpu_shares = 0;
	r->cpu_period = 50000;
	cr_expect(mr_cgroup_wanted(&cfg));
	r->cpu_period = 0;
	r->cpuset_cpus = "0";
	cr_expect(mr_cgroup_wanted(&cfg));
	r->cpuset_cpus = NULL;
	r->cpuset_mems = "0";
	cr_expect(mr_cgroup_wanted(&cfg));
}

Test(cgroups, shares_to_weight_as_runc_and_crun)
{
	cr_expect_eq(mr_cgroup_cpu_weight(0), 0, "not set stays not set");
	cr_expect_eq(mr_cgroup_cpu_weight(2), 1);
	cr_expect_eq(mr_cgroup_cpu_weight(1024), 39);
	cr_expect_eq(mr_cgroup_cpu_weight(512), 20);
	cr_expect_eq(mr_cgroup_cpu_weight(262144), 10000);
	cr_expect_eq(mr_cgroup_cpu_weight(1), 1, "clamped to the v1 range first");
	cr_expect_eq(mr_cgroup_cpu_weight(1000000), 10000);
}

Test(cgroups, cpu_max)
{
	char buf[64] = "untouched";
	cr_expect_eq(mr_cgroup_cpu_max(0, 0, buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "untouched");
	cr_expect_eq(mr_cgroup_cpu_max(150000, 100000, buf, sizeof buf), 1);
	cr_expect_str_eq(buf, "150000 100000");
	cr_expect_eq(mr_cgroup_cpu_max(50000, 0, buf, sizeof buf), 1);
	cr_expect_str_eq(buf, "50000 100000", "the default period");
	cr_expect_eq(mr_cgroup_cpu_max(-1, 100000, buf, sizeof buf), 1);
	cr_expect_str_eq(buf, "max 100000");
	cr_expect_eq(mr_cgroup_cpu_max(0, 20000, buf, sizeof buf), 1);
	cr_expect_str_eq(buf, "max 20000");
}

Test(cgroups, swap_is_memory_plus_swap_in_oci_swap_alone_in_v2)
{
	struct mr_resources r = {0};
	int64_t swap = 12345;
	cr_expect_eq(mr_cgroup_swap_max(&r, &swap, &err), 0, "not set: nothing to write");
	r.memory = 512LL << 20;
	cr_expect_eq(mr_cgroup_swap_max(&r, &swap, &err), 0);
	r.memory_swap = 1LL << 30;
	cr_assert_eq(mr_cgroup_swap_max(&r, &swap, &err), 1);
	cr_expect_eq(swap, 512LL << 20);
	r.memory_swap = r.memory;
	cr_assert_eq(mr_cgroup_swap_max(&r, &swap, &err), 1);
	cr_expect_eq(swap, 0, "memory+swap = memory: no swap at all");
	r.memory_swap = -1;
	cr_assert_eq(mr_cgroup_swap_max(&r, &swap, &err), 1);
	cr_expect_eq(swap, -1, "unlimited");
}

Test(cgroups, swap_errors)
{
	struct mr_resources r = {.memory_swap = 1LL << 30};
	int64_t swap;
	cr_expect_eq(mr_cgroup_swap_max(&r, &swap, &err), -1);
	cr_expect(strstr(err.msg, "needs a memory limit") != NULL, "%s", err.msg);
	r.memory = -1;
	cr_expect_eq(mr_cgroup_swap_max(&r, &swap, &err), -1, "an unlimited memory cannot bound swap");
	r.memory = 2LL << 30;
	cr_expect_eq(mr_cgroup_swap_max(&r, &swap, &err), -1);
	cr_expect(strstr(err.msg, "below the memory limit") != NULL, "%s", err.msg);
	r.memory_swap = -2;
	cr_expect_eq(mr_cgroup_swap_max(&r, &swap, &err), -1);
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
}

Test(cgroups, merge_replaces_what_an_update_names)
{
	struct mr_resources now = {.memory = 64LL << 20, .memory_swap = 128LL << 20, .pids = 100, .cpu_shares = 512,
	                           .cpuset_cpus = "0"};
	struct mr_resources change = {.pids = 50, .cpu_quota = 50000, .cpu_period = 100000, .cpuset_mems = "0"};
	mr_cgroup_merge(&now, &change);
	cr_expect_eq(now.memory, 64LL << 20, "not named: kept");
	cr_expect_eq(now.memory_swap, 128LL << 20);
	cr_expect_eq(now.pids, 50);
	cr_expect_eq(now.cpu_shares, 512);
	cr_expect(now.cpu_quota == 50000 && now.cpu_period == 100000);
	cr_expect_str_eq(now.cpuset_cpus, "0");
	cr_expect_str_eq(now.cpuset_mems, "0");

	/* -1 lifts a limit; lifting memory lifts the swap limit with it */
	mr_cgroup_merge(&now, &(struct mr_resources){.memory = -1, .pids = -1});
	cr_expect_eq(now.memory, -1);
	cr_expect_eq(now.memory_swap, -1);
	cr_expect_eq(now.pids, -1);
	/* unless the same update names a swap limit */
	now.memory_swap = 0;
	mr_cgroup_merge(&now, &(struct mr_resources){.memory = -1});
	cr_expect_eq(now.memory_swap, 0, "no swap limit before: none made up");
	now = (struct mr_resources){.memory = 1LL << 30, .memory_swap = 2LL << 30};
	mr_cgroup_merge(&now, &(struct mr_resources){.memory = -1, .memory_swap = -1});
	cr_expect(now.memory == -1 && now.memory_swap == -1);
}

Test(cgroups, check_says_first_what_the_kernel_would_refuse)
{
	struct mr_resources r = {.cpu_quota = 50000, .cpu_period = 100000, .memory = 1LL << 30,
	                         .memory_swap = 2LL << 30};
	cr_expect_eq(mr_cgroup_check(&r, &err), 0, "%s", err.msg);
	r.cpu_quota = -1;
	cr_expect_eq(mr_cgroup_check(&r, &err), 0, "unlimited");
	r.cpu_quota = 999;
	cr_expect_eq(mr_cgroup_check(&r, &err), -1);
	cr_expect(strstr(err.msg, "cpu quota 999: expected at least 1000 microseconds"), "%s", err.msg);
	r.cpu_quota = 0;
	r.cpu_period = 999;
	cr_expect_eq(mr_cgroup_check(&r, &err), -1);
	cr_expect(strstr(err.msg, "cpu period 999"), "%s", err.msg);
	r.cpu_period = 1000001;
	cr_expect_eq(mr_cgroup_check(&r, &err), -1);
	r.cpu_period = 0;
	r.memory_swap = 1LL << 29;
	cr_expect_eq(mr_cgroup_check(&r, &err), -1);
	cr_expect(strstr(err.msg, "below the memory limit"), "%s", err.msg);
}
