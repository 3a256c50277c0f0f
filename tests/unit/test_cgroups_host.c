/* cgroups.c on this host's real cgroup trees, called directly on forked
 * processes: the parts the Docker-style launch does not reach (join,
 * pids, kill) and the failure paths, asserting what the kernel's files
 * say. Needs root; each test uses a cgroup name of its own. Not a pure
 * unit test: it lives here because it links the library. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle.h"
#include "support.h"
#include "cgroups.h"
#include "cgroups_int.h" /* cg_set_devices on a cgroup made here */
#include "minirun.h"

static struct mr_config cfg;
static struct mr_error err;
static char id[64];
static char *name;
static pid_t kids[4];
static int n_kids;
static char devices_dir[600]; /* a device rules test's cgroup */

static void setup(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root");
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK) && access("/sys/fs/cgroup/unified/cgroup.procs", F_OK) &&
	    access("/sys/fs/cgroup/memory/cgroup.procs", F_OK))
		cr_skip_test("no cgroup filesystem under /sys/fs/cgroup");
	mr_config_init(&cfg);
	memset(&err, 0, sizeof err);
	snprintf(id, sizeof id, "unit-%d", (int)getpid());
	cfg.id = id;
	name = mr_cgroup_name(&cfg, 0);
}

static void teardown(void)
{
	for (int i = 0; i < n_kids; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n_kids; i++)
		waitpid(kids[i], NULL, 0);
	if (name) {
		struct mr_error ignored = MR_ERROR_INIT;
		mr_cgroup_destroy(name, &ignored);
	}
	free(name);
	mr_config_free(&cfg);
	if (devices_dir[0])
		rmdir(devices_dir);
	devices_dir[0] = 0;
}

TestSuite(cgroup_host, .init = setup, .fini = teardown, .timeout = 60);

/* A child that waits for a signal. */
static pid_t sleeper(void)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	kids[n_kids++] = pid;
	return pid;
}

/* The host file holding controller ctrl's v1 file (or v2 file) for name. */
static const char *host_file(const char *ctrl, const char *v1file, const char *v2file)
{
	static char path[512];
	snprintf(path, sizeof path, "/sys/fs/cgroup/%s/cgroup.procs", ctrl);
	if (access(path, F_OK) == 0)
		snprintf(path, sizeof path, "/sys/fs/cgroup/%s/%s/%s", ctrl, name, v1file);
	else
		snprintf(path, sizeof path, "/sys/fs/cgroup/%s/%s", name, v2file);
	return path;
}

static long long read_ll(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v = -2;
	if (f && fscanf(f, "%lld", &v) != 1)
		v = -3;
	if (f)
		fclose(f);
	return v;
}

static bool has_pid(const pid_t *pids, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

static char *read_text(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
	return buf;
}

Test(cgroup_host, enter_writes_limits_and_moves_the_process)
{
	pid_t kid = sleeper();
	cfg.resources.memory = 48LL << 20;
	cfg.resources.pids = 17;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, kid, &err), 0, "%s: %s", err.msg, strerror(err.errnum));
	cr_expect_eq(read_ll(host_file("memory", "memory.limit_in_bytes", "memory.max")), 48LL << 20);
	cr_expect_eq(read_ll(host_file("pids", "pids.max", "pids.max")), 17);
	pid_t *pids;
	size_t n;
	cr_assert_eq(mr_cgroup_pids(name, &pids, &n, &err), 0, "%s", err.msg);
	cr_expect_eq(n, 1);
	cr_expect(has_pid(pids, n, kid));
	free(pids);
	/* the kernel agrees: the child's /proc/PID/cgroup names the cgroup */
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)kid);
	cr_expect(strstr(read_text(path), name) != NULL, "%s", read_text(path));
}

Test(cgroup_host, join_kill_and_destroy)
{
	pid_t a = sleeper(), b = sleeper();
	cfg.want_cgroup = true;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, a, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_cgroup_join(name, b, &err), 0, "%s", err.msg);
	pid_t *pids;
	size_t n;
	cr_assert_eq(mr_cgroup_pids(name, &pids, &n, &err), 0);
	cr_expect(n == 2 && has_pid(pids, n, a) && has_pid(pids, n, b), "%zu pids", n);
	free(pids);

	cr_expect_eq(mr_cgroup_destroy(name, &err), -1, "processes are still inside");
	cr_expect_eq(err.errnum, EBUSY);

	cr_assert_eq(mr_cgroup_kill(name, SIGKILL, &err), 0, "%s", err.msg);
	int ws;
	cr_assert_eq(waitpid(a, &ws, 0), a);
	cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	cr_assert_eq(waitpid(b, &ws, 0), b);
	cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	n_kids = 0;
	cr_assert_eq(mr_cgroup_destroy(name, &err), 0, "%s", err.msg);
	cr_expect_not(mrt_cgroup_left(name));
}

Test(cgroup_host, kill_delivers_other_signals_to_every_process)
{
	/* not SIGKILL: frozen, signalled one by one, thawed */
	pid_t a = sleeper(), b = sleeper();
	cfg.resources.pids = 10;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, a, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_cgroup_join(name, b, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_cgroup_kill(name, SIGTERM, &err), 0, "%s", err.msg);
	int ws;
	cr_assert_eq(waitpid(a, &ws, 0), a);
	cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGTERM, "status %x", ws);
	cr_assert_eq(waitpid(b, &ws, 0), b);
	cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGTERM, "status %x", ws);
	n_kids = 0;
}

Test(cgroup_host, a_refused_value_leaves_nothing_behind)
{
	pid_t kid = sleeper();
	char before[4096], path[64];
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)kid);
	snprintf(before, sizeof before, "%s", read_text(path));
	cfg.resources.memory = 64LL << 20;
	cfg.resources.cpuset_cpus = "999";
	cr_assert_eq(mr_cgroup_enter(&cfg, name, kid, &err), -1);
	cr_expect(strstr(err.msg, "cpuset.cpus") && strstr(err.msg, "999"), "%s", err.msg);
	cr_expect(err.errnum == EINVAL || err.errnum == ERANGE, "%s", strerror(err.errnum));
	cr_expect(strstr(err.msg, "online") != NULL, "no hint: %s", err.msg);
	cr_expect_not(mrt_cgroup_left(name), "the cgroup was left behind");
	cr_expect_str_eq(read_text(path), before, "the process moved");
	pid_t *pids;
	size_t n;
	cr_expect_eq(mr_cgroup_pids(name, &pids, &n, &err), -1);
	cr_expect_eq(err.errnum, ENOENT);
}

Test(cgroup_host, swap_without_memory_fails_before_making_anything)
{
	pid_t kid = sleeper();
	cfg.resources.memory_swap = 64LL << 20;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, kid, &err), -1);
	cr_expect(strstr(err.msg, "needs a memory limit") != NULL, "%s", err.msg);
	cr_expect_not(mrt_cgroup_left(name));
}

Test(cgroup_host, bad_names_are_refused)
{
	const char *bad[] = {"", "/abs", "a/../b", "..", "a/./b", "a//b", "a/"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cr_expect_eq(mr_cgroup_enter(&cfg, bad[i], getpid(), &err), -1, "'%s' was accepted", bad[i]);
		cr_expect_eq(mr_cgroup_destroy(bad[i], &err), -1, "'%s' was accepted", bad[i]);
	}
	cr_expect_eq(mr_cgroup_destroy(name, &err), 0, "a cgroup that does not exist is not an error");
}

/* Run fn as uid 65534 in a child; its exit status. */
static int as_nobody(int (*fn)(void))
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(99);
		_exit(fn());
	}
	int ws;
	waitpid(pid, &ws, 0);
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static int rootless_with_a_limit(void)
{
	cfg.rootless = true;
	cfg.resources.memory = 64LL << 20;
	if (mr_cgroup_enter(&cfg, name, getpid(), &err) != -1)
		return 1;
	if (!strstr(err.msg, "memory limit") || !strstr(err.msg, "delegated") || err.errnum != EACCES) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	return 0;
}

static int rootless_without_limits(void)
{
	cfg.rootless = true;
	cfg.want_cgroup = true;
	if (mr_cgroup_enter(&cfg, name, getpid(), &err) != 1)
		return 1;
	if (err.exit_code || mr_cgroup_join(name, getpid(), &err) != 0)
		return 2; /* nothing to join is not an error */
	pid_t *pids;
	size_t n;
	return mr_cgroup_pids(name, &pids, &n, &err) == -1 && err.errnum == ENOENT ? 0 : 3;
}

Test(cgroup_host, rootless_limits_need_delegation)
{
	cr_expect_eq(as_nobody(rootless_with_a_limit), 0);
	cr_expect_not(mrt_cgroup_left(name));
}

Test(cgroup_host, rootless_without_limits_gets_no_cgroup)
{
	cr_expect_eq(as_nobody(rootless_without_limits), 0);
	cr_expect_not(mrt_cgroup_left(name));
}

/* ---- freezing, update ------------------------------------------------- */

/* A child that counts in memory shared with us, as fast as it can, and
 * handles SIGTERM (a signal without a handler would be fatal, and on
 * cgroup2 a fatal signal kills even a frozen process). */
static volatile unsigned long *counter;

static void exit_3(int sig)
{
	_exit(3);
}

static pid_t counting(void)
{
	if (!counter) {
		counter = mmap(NULL, sizeof *counter, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		cr_assert_neq(counter, MAP_FAILED);
	}
	/* The handler from before the fork: set in the child, it could come
	 * too late for a test that freezes and signals it at once. */
	void (*was)(int) = signal(SIGTERM, exit_3);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		for (;;)
			++*counter;
	}
	signal(SIGTERM, was);
	kids[n_kids++] = pid;
	return pid;
}

static bool counts(void)
{
	unsigned long before = *counter;
	usleep(100 * 1000);
	return *counter != before;
}

Test(cgroup_host, freeze_stops_every_process_until_thawed)
{
	pid_t kid = counting();
	cfg.want_cgroup = true;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, kid, &err), 0, "%s", err.msg);
	cr_expect_not(mr_cgroup_frozen(name));
	cr_assert(counts(), "the control: it counts");
	cr_assert_eq(mr_cgroup_freeze(name, true, &err), 0, "%s: %s", err.msg, strerror(err.errnum));
	cr_expect(mr_cgroup_frozen(name));
	cr_expect_not(counts(), "it counted while frozen");
	cr_assert_eq(mr_cgroup_freeze(name, false, &err), 0, "%s", err.msg);
	cr_expect_not(mr_cgroup_frozen(name));
	cr_expect(counts(), "it did not count on after the thaw");
}

Test(cgroup_host, kill_leaves_a_frozen_cgroup_frozen_but_sigkill_kills)
{
	pid_t kid = counting();
	cfg.want_cgroup = true;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, kid, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_cgroup_freeze(name, true, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_cgroup_kill(name, SIGTERM, &err), 0, "%s", err.msg);
	usleep(100 * 1000);
	cr_expect(mr_cgroup_frozen(name), "kill thawed a paused cgroup");
	cr_expect_eq(waitpid(kid, NULL, WNOHANG), 0, "a frozen process died before the thaw");
	cr_assert_eq(mr_cgroup_kill(name, SIGKILL, &err), 0, "%s", err.msg);
	int ws;
	cr_assert_eq(waitpid(kid, &ws, 0), kid);
	cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL, "status %x", ws);
	n_kids = 0;
	cr_expect_not(mr_cgroup_frozen(name), "SIGKILL leaves it thawed (as runc)");
}

Test(cgroup_host, freeze_needs_the_cgroup)
{
	cr_expect_eq(mr_cgroup_freeze(name, true, &err), -1);
	cr_expect_eq(err.errnum, ENOENT);
	cr_expect_not(mr_cgroup_frozen(name));
}

Test(cgroup_host, update_adds_a_controller_and_puts_back_what_fails)
{
	pid_t a = sleeper(), b = sleeper();
	cfg.resources.memory = 48LL << 20;
	cr_assert_eq(mr_cgroup_enter(&cfg, name, a, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_cgroup_join(name, b, &err), 0, "%s", err.msg);
	struct mr_resources r = {.memory = 32LL << 20, .pids = 17};
	cr_assert_eq(mr_cgroup_update(name, &r, &err), 0, "%s: %s", err.msg, strerror(err.errnum));
	cr_expect_eq(read_ll(host_file("memory", "memory.limit_in_bytes", "memory.max")), 32LL << 20);
	cr_expect_eq(read_ll(host_file("pids", "pids.max", "pids.max")), 17);
	/* both processes moved into the pids cgroup, made just now */
	char path[64], want[128];
	snprintf(want, sizeof want, "pids:/%s\n", name);
	for (pid_t *p = (pid_t[]){a, b, 0}; *p; p++) {
		snprintf(path, sizeof path, "/proc/%d/cgroup", (int)*p);
		cr_expect(strstr(read_text(path), want) || !strstr(read_text(path), ":pids:"), "%s", read_text(path));
	}

	r.pids = 5;
	r.cpuset_cpus = "999";
	cr_expect_eq(mr_cgroup_update(name, &r, &err), -1);
	cr_expect(strstr(err.msg, "cpuset.cpus") != NULL, "%s", err.msg);
	cr_expect_eq(read_ll(host_file("pids", "pids.max", "pids.max")), 17, "the pids limit was not put back");
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)a);
	snprintf(want, sizeof want, "cpuset:/%s\n", name);
	cr_expect_null(strstr(read_text(path), want), "moved into the cpuset cgroup: %s", read_text(path));

	/* checked before anything is written */
	r = (struct mr_resources){.pids = 9, .memory_swap = 1LL << 20};
	cr_expect_eq(mr_cgroup_update(name, &r, &err), -1);
	cr_expect(strstr(err.msg, "needs a memory limit") != NULL, "%s", err.msg);
	cr_expect_eq(read_ll(host_file("pids", "pids.max", "pids.max")), 17);
}

/* ---- the device rules, v2 (a BPF program) and v1 (the devices files) -- */

/* What a process may do with /dev/kmsg (1:11) and a node it makes for
 * loop0 (block 7:0, which root may open): a bit for each that works. */
enum { KMSG_READ = 1, KMSG_WRITE = 2, LOOP_MKNOD = 4, LOOP_OPEN = 8, NULL_RW = 16 };

static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static int device_accesses(const char *dir)
{
	char node[600];
	snprintf(node, sizeof node, "%s/loop", dir);
	unlink(node);
	int mk = mknod(node, S_IFBLK | 0600, makedev(7, 0)) == 0;
	int bits = try_open("/dev/kmsg", O_RDONLY) * KMSG_READ | try_open("/dev/kmsg", O_WRONLY) * KMSG_WRITE |
	           mk * LOOP_MKNOD | (mk && try_open(node, O_RDONLY)) * LOOP_OPEN |
	           try_open("/dev/null", O_RDWR) * NULL_RW;
	unlink(node);
	return bits;
}

/* In the cgroup at `path` (v2 or v1), with n rules: what a process there
 * may do. */
static int accesses_under_rules(const char *path, bool v2, struct mr_device_rule *rules, size_t n)
{
	struct mr_resources r = {.devices = true, .device_rules = rules, .n_device_rules = n};
	struct cg_dir d = {.v2 = v2};
	snprintf(d.path, sizeof d.path, "%s", path);
	cr_assert_eq(mkdir(path, 0755), 0, "mkdir %s", path);
	int rc = cg_set_devices(&d, &r, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	char *tmp = mrt_tmpdir();
	pid_t pid = fork();
	if (pid == 0) {
		char procs[1100];
		snprintf(procs, sizeof procs, "%s/cgroup.procs", path);
		FILE *f = fopen(procs, "w");
		if (!f || fputs("0", f) < 0 || fclose(f) != 0)
			_exit(99);
		_exit(device_accesses(tmp));
	}
	int ws;
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	mrt_rm_rf(tmp);
	free(tmp);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) != 99, "could not join %s", path);
	return WEXITSTATUS(ws);
}

static void expect_rules_hold(const char *root, bool v2)
{
	char *tmp = mrt_tmpdir();
	int outside = device_accesses(tmp);
	mrt_rm_rf(tmp);
	free(tmp);
	cr_assert_eq(outside, KMSG_READ | KMSG_WRITE | LOOP_MKNOD | LOOP_OPEN | NULL_RW,
	             "the control: outside the cgroup every access works (got %#x)", outside);
	/* /dev/kmsg read and write allowed, then write denied: the later
	 * deny wins for write; mknod is allowed, opening the node not; the
	 * usual /dev/null is. */
	struct mr_device_rule rules[] = {{true, 'c', 1, 11, "rw"}, {false, 'c', 1, 11, "w"}};
	snprintf(devices_dir, sizeof devices_dir, "%s/%s-devices", root, id);
	int inside = accesses_under_rules(devices_dir, v2, rules, 2);
	cr_expect_eq(inside, KMSG_READ | LOOP_MKNOD | NULL_RW, "in the cgroup: %#x", inside);
	rmdir(devices_dir);
	/* Every device allowed (a privileged container's rule). */
	struct mr_device_rule all[] = {{true, 'a', -1, -1, "rwm"}};
	inside = accesses_under_rules(devices_dir, v2, all, 1);
	cr_expect_eq(inside, outside, "allow all: %#x", inside);
}

Test(cgroup_host, device_rules_as_a_bpf_program_on_cgroup2)
{
	const char *root = access("/sys/fs/cgroup/unified/cgroup.procs", F_OK) == 0 ? "/sys/fs/cgroup/unified"
	                   : access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 ? "/sys/fs/cgroup" : NULL;
	if (!root)
		cr_skip_test("no cgroup2 tree");
	expect_rules_hold(root, true);
}

Test(cgroup_host, device_rules_in_the_v1_devices_controller)
{
	if (access("/sys/fs/cgroup/devices/devices.allow", F_OK))
		cr_skip_test("no v1 devices controller mounted");
	expect_rules_hold("/sys/fs/cgroup/devices", false);
}
