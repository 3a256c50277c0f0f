/* Resource limits (issue 6): the real minirun with --memory, --pids-limit,
 * --cpus… on the real rootfs, asserting what the kernel does (fork fails,
 * the OOM killer kills) and what its cgroup files say. Works on cgroup
 * v2, v1 and hybrid hosts: each test finds the tree that carries its
 * controller. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bundle.h"
#include "../support.h"

static struct mr_run r;

static void cleanup(void)
{
	mrt_run_free(&r);
}

static void need_root_and_cgroups(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root");
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) && access("/sys/fs/cgroup/memory/cgroup.procs", F_OK))
		cr_skip_test("no cgroup filesystem under /sys/fs/cgroup");
}

TestSuite(cgroups, .init = need_root_and_cgroups, .fini = cleanup, .timeout = 120);

/* The host's tree carrying controller ctrl: its v1 mount, or cgroup2. */
static bool v1(const char *ctrl)
{
	char path[256];
	snprintf(path, sizeof path, "/sys/fs/cgroup/%s/cgroup.procs", ctrl);
	return access(path, F_OK) == 0;
}

/* Run `minirun FLAGS… -v TREE:/run/cg:ro ROOTFS sh -c SCRIPT` where the
 * script prints FILES of the container's own cgroup in ctrl's tree. The
 * container finds it as the one whose cgroup.procs lists its pid 1: the
 * kernel shows pids in the reader's pid namespace, and no other
 * container's processes are visible there. (Other tests' cgroups come and
 * go meanwhile: the script's status says nothing, its output all.) */
static int run_reading(const char *ctrl, const char *files, const char *flags[])
{
	char vol[128], script[512];
	snprintf(vol, sizeof vol, "/sys/fs/cgroup%s%s:/run/cg:ro", v1(ctrl) ? "/" : "", v1(ctrl) ? ctrl : "");
	snprintf(script, sizeof script,
	         "for d in /run/cg/minirun/*/; do grep -qsx 1 ${d}cgroup.procs && cd $d && cat %s; done; true",
	         files);
	char *argv[32];
	size_t n = 0;
	while (flags[n])
		argv[n] = (char *)flags[n], n++;
	const char *tail[] = {"-v", vol, "@ROOTFS", "/bin/sh", "-c", script, NULL};
	for (size_t i = 0; i < 7; i++)
		argv[n++] = (char *)tail[i];
	return mrt_runv(&r, MR_AS_ROOT, argv);
}

/* The cgroup name minirun narrated with --verbose ("minirun/run-123"). */
static const char *narrated_name(const char *err)
{
	static char name[64];
	const char *at = strstr(err, "/minirun/run-");
	int pid = 0;
	cr_assert(at && sscanf(at, "/minirun/run-%d", &pid) == 1, "no cgroup in the narration: %s", err);
	snprintf(name, sizeof name, "minirun/run-%d", pid);
	return name;
}

/* ---- each limit, as the kernel enforces it ----------------------------- */

Test(cgroups, pids_limit_makes_fork_fail_with_eagain)
{
	/* 8 tasks: the init, the probe, and at most 6 children */
	mrt_run(&r, MR_AS_ROOT, "--pids-limit", "8", "@ROOTFS", "/bin/probe", "forks", "20", NULL);
	int made = -1;
	cr_assert_eq(sscanf(r.out, "EAGAIN after %d", &made), 1, "out: %s err: %s", r.out, r.err);
	cr_expect(made >= 1 && made <= 6, "%d forks succeeded", made);
	cr_expect_eq(r.status, 1);
	mrt_run_free(&r);
	/* the control: without the limit all 20 succeed */
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "@ROOTFS", "/bin/probe", "forks", "20", NULL), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "forked 20\n");
}

Test(cgroups, a_memory_hog_is_oom_killed)
{
	/* dd's 64 MiB buffer does not fit in 32 MiB (nor in swap: none) */
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--memory", "32m", "--memory-swap", "32m", "@ROOTFS", "/bin/dd",
	                     "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1", NULL), 137, "err: %s", r.err);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "@ROOTFS", "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1",
	                     NULL), 0, "the control: %s", r.err);
}

Test(cgroups, memory_limits_reach_the_kernel)
{
	const char *flags[] = {"--memory", "48m", "--memory-swap", "80m", NULL};
	if (v1("memory")) {
		cr_assert_eq(run_reading("memory", "memory.limit_in_bytes memory.memsw.limit_in_bytes", flags), 0,
		             "%s", r.err);
		cr_expect_str_eq(r.out, "50331648\n83886080\n", "v1 counts memory+swap together");
	} else {
		cr_assert_eq(run_reading("memory", "memory.max memory.swap.max", flags), 0, "%s", r.err);
		cr_expect_str_eq(r.out, "50331648\n33554432\n", "v2 counts swap alone");
	}
}

Test(cgroups, cpu_quota_and_shares_reach_the_kernel)
{
	const char *flags[] = {"--cpus", "0.5", "--cpu-shares", "512", NULL};
	if (v1("cpu")) {
		cr_assert_eq(run_reading("cpu", "cpu.cfs_quota_us cpu.cfs_period_us cpu.shares", flags), 0, "%s", r.err);
		cr_expect_str_eq(r.out, "50000\n100000\n512\n");
	} else {
		cr_assert_eq(run_reading("cpu", "cpu.max cpu.weight", flags), 0, "%s", r.err);
		cr_expect_str_eq(r.out, "50000 100000\n20\n", "weight 1 + (512 - 2) * 9999 / 262142");
	}
}

Test(cgroups, cpuset_pins_the_container)
{
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		cr_skip_test("one CPU: nothing to pin to");
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--cpuset-cpus", "1", "@ROOTFS", "/bin/grep", "Cpus_allowed_list",
	                     "/proc/self/status", NULL), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "Cpus_allowed_list:\t1\n");
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "@ROOTFS", "/bin/grep", "Cpus_allowed_list", "/proc/self/status", NULL), 0);
	cr_expect_str_neq(r.out, "Cpus_allowed_list:\t1\n", "the control");
}

Test(cgroups, the_container_is_alone_in_its_cgroup)
{
	/* Its cgroup namespace is rooted at its own cgroup in every tree, and
	 * the cgroup2 one (/sys/fs/cgroup inside, also on hybrid hosts) holds
	 * only its processes: a host process would read as pid 0. */
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--memory", "64m", "@ROOTFS", "/bin/sh", "-c",
	                     "grep -vc ':/$' /proc/self/cgroup; grep -c '^0$' /sys/fs/cgroup/cgroup.procs; "
	                     "grep -c . /sys/fs/cgroup/cgroup.procs", NULL), 0, "%s", r.err);
	int outside = -1, zeros = -1, procs = -1;
	cr_assert_eq(sscanf(r.out, "%d %d %d", &outside, &zeros, &procs), 3, "out: %s", r.out);
	cr_expect_eq(outside, 0, "cgroups outside the namespace root");
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) && access("/sys/fs/cgroup/unified/cgroup.controllers", F_OK))
		return; /* a pure v1 host: its cgroup2 has no cgroups */
	cr_expect_eq(zeros, 0, "host processes in the container's cgroup2");
	cr_expect(procs >= 2 && procs <= 4, "%d processes", procs);
}

/* ---- nothing left behind, clear errors ------------------------------------- */

Test(cgroups, no_cgroup_is_left_behind)
{
	/* the workload succeeds, fails, is not found, or the kernel refuses a
	 * limit (setup fails after the cgroup was made) */
	const char *cmds[][4] = {{"/bin/true"}, {"/bin/sh", "-c", "exit 3"}, {"/nope"}};
	int expect[] = {0, 3, 127};
	for (size_t i = 0; i < 3; i++) {
		mrt_run(&r, MR_AS_ROOT, "--verbose", "--memory", "64m", "--pids-limit", "50", "@ROOTFS", cmds[i][0],
		        cmds[i][1], cmds[i][2], NULL);
		cr_expect_eq(r.status, expect[i], "%s: %s", cmds[i][0], r.err);
		cr_expect_not(mrt_cgroup_left(narrated_name(r.err)), "%s left %s", cmds[i][0], narrated_name(r.err));
		mrt_run_free(&r);
	}
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--verbose", "--memory", "64m", "--cpuset-cpus", "999", "@ROOTFS",
	                     "/bin/true", NULL), 125);
	cr_expect(strstr(r.err, "cpuset.cpus") != NULL, "%s", r.err);
	cr_expect_not(mrt_cgroup_left(narrated_name(r.err)), "a failed setup left %s", narrated_name(r.err));
}

Test(cgroups, bad_values_are_clear_errors)
{
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--verbose", "--memory", "12x", "@ROOTFS", "/bin/true", NULL), 125);
	cr_expect(strstr(r.err, "--memory '12x': expected a size like 512m or 2g") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "cgroup") == NULL, "something was made: %s", r.err);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--pids-limit", "many", "@ROOTFS", "/bin/true", NULL), 125);
	cr_expect(strstr(r.err, "--pids-limit 'many'") != NULL, "%s", r.err);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--cpus", "0.001", "@ROOTFS", "/bin/true", NULL), 125);
	cr_expect(strstr(r.err, "at least 0.01") != NULL, "%s", r.err);
	mrt_run_free(&r);
	/* a swap limit without a memory limit: refused, and the workload never ran */
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--memory-swap", "1g", "@ROOTFS", "/bin/echo", "ran", NULL), 125);
	cr_expect(strstr(r.err, "needs a memory limit") != NULL, "%s", r.err);
	cr_expect_str_eq(r.out, "");
}

Test(cgroups, rootless_limits_need_delegation)
{
	/* As a normal user the cgroup trees are root's: a clear error that
	 * says what would help, and no container half made. */
	cr_expect_eq(mrt_run(&r, MR_AS_NOBODY, "--memory", "64m", "@ROOTFS", "/bin/echo", "ran", NULL), 125);
	cr_expect(strstr(r.err, "memory limit") && strstr(r.err, "delegated"), "%s", r.err);
	cr_expect_str_eq(r.out, "", "the workload ran");
	mrt_run_free(&r);
	/* the control: without limits a rootless container runs */
	cr_expect_eq(mrt_run(&r, MR_AS_NOBODY, "@ROOTFS", "/bin/echo", "ran", NULL), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "ran\n");
}

/* ---- the device cgroup -------------------------------------------------- */

/* A shell script that makes nodes for the host's /dev/kmsg (char 1:11)
 * and loop0 (block 7:0) in a directory of its own in the rootfs (shared
 * with other tests; a --tmpfs would be nodev) and says what opening them
 * gives, with /dev/null for a control. Opening loop0 to read needs no
 * capability, nor opening /dev/kmsg to write. (A subshell each: sh exits
 * when a redirection of `:` fails.) */
static const char device_script[] =
	"d=$(mktemp -d) && mknod $d/kmsg c 1 11 && mknod $d/loop b 7 0 && echo made; "
	"if (: >$d/kmsg) 2>/dev/null; then echo kmsg-open; fi; "
	"if (: <$d/loop) 2>/dev/null; then echo loop-open; fi; "
	"if (: >/dev/null); then echo null-open; fi; rm -r $d";

Test(cgroups, mknod_holders_cannot_open_the_nodes_they_make)
{
	/* The control: --privileged allows every device, as Docker's. */
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--privileged", "@ROOTFS", "/bin/sh", "-c", device_script, NULL), 0, "%s",
	             r.err);
	cr_assert_str_eq(r.out, "made\nkmsg-open\nloop-open\nnull-open\n", "the control failed: %s", r.err);
	mrt_run_free(&r);
	/* CAP_MKNOD alone: the nodes can be made, not opened. */
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--verbose", "--cap-add", "MKNOD", "@ROOTFS", "/bin/sh", "-c",
	                     device_script, NULL), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "made\nnull-open\n");
	cr_expect(strstr(r.err, "devices"), "the narration names no device rules: %s", r.err);
	cr_expect_not(mrt_cgroup_left(narrated_name(r.err)), "left %s", narrated_name(r.err));
	mrt_run_free(&r);
	/* Without CAP_MKNOD no node can be made, and no cgroup is needed: the
	 * fast path stays as it was. */
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--verbose", "@ROOTFS", "/bin/true", NULL), 0, "%s", r.err);
	cr_expect_null(strstr(r.err, "cgroup: /"), "a cgroup was made: %s", r.err);
}
