/* The OCI commands that act on a container while it runs: pause, resume,
 * ps, update, and what they change for state, list, kill, exec and delete.
 * Driven the way an engine drives runc, asserting what the kernel says:
 * a counter that stops advancing, the cgroup files on the host, fork
 * failing at the new pids limit. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../bundle.h"
#include "../support.h"

static struct mr_run r;
static char *root, *bundle, *tmp;
static char own[600]; /* a rootless test's --root */
static json_t *cfg;

static void setup(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root");
	root = mrt_state_root();
	tmp = mrt_tmpdir();
}

static void teardown(void)
{
	mrt_run_free(&r);
	/* Nothing may outlive a test. */
	if (own[0])
		mrt_oci_delete_all(own);
	own[0] = 0;
	mrt_oci_delete_all(root);
	mrt_oci_free(&cfg, &bundle, &root, &tmp);
}

TestSuite(control, .init = setup, .fini = teardown, .timeout = 120);

/* `minirun --root ROOT ARGS…` as root; the result in r. */
#define MINIRUN(...) (mrt_run_free(&r), mrt_run(&r, MR_AS_ROOT, "--root", root, __VA_ARGS__, NULL))

static char *tmp_path(const char *name)
{
	return mrt_in(tmp, name);
}

static off_t size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* A bundle running `sh -c SCRIPT`, the test's tmp bound at the same path. */
static void write_bundle(const char *script)
{
	cfg = mrt_spec(false, (const char *[]){"/bin/sh", "-c", script, NULL});
	json_array_append_new(json_object_get(cfg, "mounts"),
	                      json_pack("{s:s, s:s, s:s, s:[s, s]}", "destination", tmp, "type", "bind", "source", tmp,
	                                "options", "rbind", "rw"));
	bundle = mrt_bundle(cfg);
}

/* run -d ID; its pid. */
static pid_t start(const char *id)
{
	mrt_run_free(&r);
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "run", "-d", "--bundle", bundle, id, NULL), 0,
	             "run -d %s: %s", id, r.err);
	pid_t pid;
	cr_assert_str_eq(mrt_oci_status(root, id, &pid), "running");
	return pid;
}

/* A container that appends a line to tmp/count every 20 ms (and keeps a
 * child besides); started, and counting. */
static pid_t start_counter(const char *id)
{
	char script[1024];
	snprintf(script, sizeof script, "sleep 1000 & while :; do echo x >> %s; sleep 0.02; done", tmp_path("count"));
	write_bundle(script);
	pid_t pid = start(id);
	for (int i = 0; i < 250 && size_of(tmp_path("count")) <= 0; i++)
		usleep(20 * 1000);
	cr_assert_gt(size_of(tmp_path("count")), 0, "the counter never counted");
	return pid;
}

/* Does the counter advance within `ms` milliseconds? */
static bool advances(int ms)
{
	off_t before = size_of(tmp_path("count"));
	for (int i = 0; i < ms / 10; i++) {
		usleep(10 * 1000);
		if (size_of(tmp_path("count")) != before)
			return true;
	}
	return false;
}

/* `ps --format json ID` as a list of pids (at most 64); their number. */
static size_t ps_pids(const char *id, pid_t pids[64])
{
	cr_assert_eq(MINIRUN("ps", "--format", "json", id), 0, "ps: %s", r.err);
	json_error_t jerr;
	json_t *arr = json_loads(r.out, 0, &jerr);
	cr_assert(json_is_array(arr), "ps --format json printed: %s", r.out);
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(arr) && n < 64; i++)
		pids[n++] = (pid_t)json_integer_value(json_array_get(arr, i));
	json_decref(arr);
	return n;
}

static bool has(const pid_t *pids, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* Is ctrl a v1 controller on this host (else it is cgroup2's)? */
static bool v1(const char *ctrl)
{
	char path[256];
	snprintf(path, sizeof path, "/sys/fs/cgroup/%s/cgroup.procs", ctrl);
	return exists(path);
}

/* The text of a file of pid's own cgroup in the tree carrying ctrl: v1file
 * on a v1 tree, v2file on cgroup2. Static buffer. */
static const char *limit_file(pid_t pid, const char *ctrl, const char *v1file, const char *v2file)
{
	static char text[256];
	char path[1200];
	const char *dir = mrt_cgroup_dir(pid, v1(ctrl) ? ctrl : NULL);
	cr_assert(*dir, "pid %d has no cgroup of its own in the %s tree", pid, ctrl);
	snprintf(path, sizeof path, "%s/%s", dir, v1(ctrl) ? v1file : v2file);
	char *t = mrt_read_file(path);
	cr_assert(t, "cannot read %s", path);
	snprintf(text, sizeof text, "%s", t);
	free(t);
	text[strcspn(text, "\n")] = 0;
	return text;
}

/* The container's saved config.json, linux.resources.OBJECT.KEY (0 if absent). */
static long long saved_limit(const char *id, const char *object, const char *key)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s/config.json", root, id);
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	cr_assert(doc, "%s: %s", path, jerr.text);
	json_t *v = json_object_get(
		json_object_get(json_object_get(json_object_get(doc, "linux"), "resources"), object), key);
	long long out = json_integer_value(v);
	json_decref(doc);
	return out;
}

/* ---- pause, resume ---------------------------------------------------- */

Test(control, pause_freezes_every_process_and_resume_thaws_them)
{
	pid_t pid = start_counter("p1");
	cr_assert(advances(2000), "the control: a running counter advances");
	cr_assert_eq(MINIRUN("pause", "p1"), 0, "pause: %s", r.err);
	cr_expect_str_eq(mrt_oci_status(root, "p1", NULL), "paused");
	cr_expect(!advances(300), "the counter advanced while paused");

	/* The kernel agrees: the cgroup reports frozen. */
	char path[1200];
	const char *dir = mrt_cgroup_dir(pid, NULL);
	if (*dir) {
		snprintf(path, sizeof path, "%s/cgroup.events", dir);
		char *events = mrt_read_file(path);
		cr_expect(events && strstr(events, "frozen 1"), "%s: %s", path, events ? events : "(unreadable)");
		free(events);
	} else {
		snprintf(path, sizeof path, "%s/freezer.state", mrt_cgroup_dir(pid, "freezer"));
		char *state = mrt_read_file(path);
		cr_expect(state && !strcmp(state, "FROZEN\n"), "%s: %s", path, state ? state : "(unreadable)");
		free(state);
	}

	/* list says so too, and the state document keeps the pid. */
	cr_assert_eq(MINIRUN("list", "--format", "json"), 0, "%s", r.err);
	json_error_t jerr;
	json_t *list = json_loads(r.out, 0, &jerr);
	json_t *row = json_array_get(list, 0);
	cr_expect_str_eq(json_string_value(json_object_get(row, "status")) ?: "", "paused", "list: %s", r.out);
	cr_expect_eq(json_integer_value(json_object_get(row, "pid")), pid);
	json_decref(list);

	cr_assert_eq(MINIRUN("resume", "p1"), 0, "resume: %s", r.err);
	cr_expect_str_eq(mrt_oci_status(root, "p1", NULL), "running");
	cr_expect(advances(2000), "the counter did not go on after resume");
}

Test(control, pause_and_resume_need_the_right_status)
{
	write_bundle("exec sleep 100");
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "c1", NULL), 0,
	             "create: %s", r.err);
	const char *cmds[] = {"pause", "resume"};
	for (size_t i = 0; i < 2; i++) {
		cr_expect_eq(MINIRUN(cmds[i], "c1"), 125, "%s of a created container", cmds[i]);
		cr_expect(strstr(r.err, "c1 is created"), "%s: %s", cmds[i], r.err);
	}
	cr_assert_eq(MINIRUN("start", "c1"), 0, "%s", r.err);
	cr_expect_eq(MINIRUN("resume", "c1"), 125);
	cr_expect(strstr(r.err, "c1 is running: only a paused container can be resumed"), "%s", r.err);

	cr_assert_eq(MINIRUN("pause", "c1"), 0, "%s", r.err);
	cr_expect_eq(MINIRUN("pause", "c1"), 125);
	cr_expect(strstr(r.err, "c1 is paused: only a running container can be paused"), "%s", r.err);
	/* A paused container runs nothing new, and is not deleted by mistake. */
	cr_expect_eq(MINIRUN("exec", "c1", "/bin/true"), 125);
	cr_expect(strstr(r.err, "c1 is paused"), "exec: %s", r.err);
	cr_expect_eq(MINIRUN("delete", "c1"), 125);
	cr_expect(strstr(r.err, "c1 is paused"), "delete: %s", r.err);
	cr_expect_str_eq(mrt_oci_status(root, "c1", NULL), "paused");

	cr_assert_eq(MINIRUN("kill", "c1", "KILL"), 0, "%s", r.err);
	cr_assert(mrt_oci_wait_status(root, "c1", "stopped"));
	cr_expect_eq(MINIRUN("pause", "c1"), 125);
	cr_expect(strstr(r.err, "c1 is stopped"), "pause: %s", r.err);
	cr_expect_eq(MINIRUN("resume", "c1"), 125);
	cr_expect(strstr(r.err, "c1 is stopped"), "resume: %s", r.err);
	cr_expect_eq(MINIRUN("update", "--pids-limit", "5", "c1"), 125);
	cr_expect(strstr(r.err, "c1 is stopped"), "update: %s", r.err);
}

Test(control, unknown_ids_are_errors_naming_the_id)
{
	const char *cmds[] = {"pause", "resume", "ps", "update"};
	for (size_t i = 0; i < 4; i++) {
		cr_expect_eq(MINIRUN(cmds[i], "nosuch"), 125, "%s", cmds[i]);
		cr_expect(strstr(r.err, "container \"nosuch\" does not exist"), "%s: %s", cmds[i], r.err);
	}
	cr_expect_eq(MINIRUN("pause"), 125);
	cr_expect(strstr(r.err, "expected one container ID"), "%s", r.err);
}

/* ---- kill and delete of a paused container -------------------------------- */

Test(control, signals_wait_for_resume_but_sigkill_does_not)
{
	char script[1024];
	snprintf(script, sizeof script, "trap 'echo term > %s; exit 3' TERM; echo ready > %s; while :; do sleep 0.05; done",
	         tmp_path("term"), tmp_path("ready"));
	write_bundle(script);
	start("k1");
	for (int i = 0; i < 250 && !exists(tmp_path("ready")); i++)
		usleep(20 * 1000);
	cr_assert_eq(MINIRUN("pause", "k1"), 0, "%s", r.err);
	cr_assert_eq(MINIRUN("kill", "k1", "TERM"), 0, "%s", r.err);
	cr_assert_eq(MINIRUN("kill", "--all", "k1", "TERM"), 0, "%s", r.err);
	usleep(300 * 1000);
	cr_expect(!exists(tmp_path("term")), "a paused container's handler ran");
	cr_expect_str_eq(mrt_oci_status(root, "k1", NULL), "paused", "kill (--all) must not resume it");
	cr_assert_eq(MINIRUN("resume", "k1"), 0, "%s", r.err);
	cr_expect(mrt_oci_wait_status(root, "k1", "stopped"), "TERM was not delivered on resume");
	cr_expect(exists(tmp_path("term")), "the TERM handler did not run");
}

Test(control, sigkill_and_delete_force_of_a_paused_container_leave_nothing)
{
	write_bundle("sleep 1000 & sleep 1000 & wait");
	const char *ids[] = {"dk", "df"};
	for (size_t i = 0; i < 2; i++) {
		pid_t pid = start(ids[i]), pids[64];
		size_t n = ps_pids(ids[i], pids);
		cr_expect(n == 3 && has(pids, n, pid), "%zu processes", n);
		cr_assert_eq(MINIRUN("pause", ids[i]), 0, "%s", r.err);
		if (i == 0) {
			cr_assert_eq(MINIRUN("kill", ids[i], "KILL"), 0, "%s", r.err);
			cr_expect(mrt_oci_wait_status(root, ids[i], "stopped"));
			cr_expect_eq(MINIRUN("delete", ids[i]), 0, "%s", r.err);
		} else {
			cr_expect_eq(MINIRUN("delete", "--force", ids[i]), 0, "%s", r.err);
		}
		char dir[1024];
		snprintf(dir, sizeof dir, "%s/%s", root, ids[i]);
		cr_expect(!exists(dir), "%s left its state", ids[i]);
		cr_expect(mrt_all_dead(pids, n), "%s left processes", ids[i]);
		snprintf(dir, sizeof dir, "minirun/%s", ids[i]);
		cr_expect(!mrt_cgroup_left(dir), "%s left its cgroup", ids[i]);
	}
}

/* ---- ps --------------------------------------------------------------------- */

Test(control, ps_lists_the_containers_processes)
{
	write_bundle("sleep 1000 & wait");
	pid_t pid = start("ps1"), pids[64];
	size_t n = ps_pids("ps1", pids);
	cr_assert_eq(n, 2, "ps --format json: %s", r.out);
	cr_expect(has(pids, n, pid), "the container's process %d is not listed: %s", pid, r.out);
	for (size_t i = 0; i < n; i++) {
		const char *dir = mrt_cgroup_dir(pids[i], NULL);
		cr_expect(strstr(dir, "/minirun/ps1"), "pid %d is in %s", pids[i], dir);
	}

	/* The table: ps -ef's header, then exactly the container's lines. */
	cr_assert_eq(MINIRUN("ps", "ps1"), 0, "%s", r.err);
	cr_expect(!strncmp(r.out, "UID", 3) && strstr(r.out, "PID") && strstr(r.out, "CMD"), "%s", r.out);
	size_t lines = 0;
	for (char *line = strchr(r.out, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		pid_t p = 0;
		cr_expect_eq(sscanf(line + 1, "%*s %d", &p), 1, "%s", line + 1);
		cr_expect(has(pids, n, p), "ps printed pid %d, not the container's: %s", p, r.out);
		lines++;
	}
	cr_expect_eq(lines, n, "%s", r.out);

	/* ps's own options, with or without "--". */
	char want[128];
	snprintf(want, sizeof want, "%d sh\n", pid);
	cr_assert_eq(MINIRUN("ps", "ps1", "-o", "pid,comm"), 0, "%s", r.err);
	cr_expect(strstr(r.out, "PID COMMAND\n") && strstr(r.out, want) && strstr(r.out, " sleep\n"), "%s", r.out);
	cr_assert_eq(MINIRUN("ps", "ps1", "--", "-o", "pid,comm"), 0, "%s", r.err);
	cr_expect(strstr(r.out, want), "%s", r.out);
	cr_expect_eq(MINIRUN("ps", "ps1", "-o", "comm"), 125);
	cr_expect(strstr(r.err, "PID column"), "%s", r.err);
	cr_expect_eq(MINIRUN("ps", "--format", "yaml", "ps1"), 125);

	/* A paused container's processes are listed all the same. */
	cr_assert_eq(MINIRUN("pause", "ps1"), 0, "%s", r.err);
	pid_t again[64];
	cr_expect_eq(ps_pids("ps1", again), n);
}

/* systemd in a container, or a nested runtime, makes cgroups inside the
 * container's own and moves processes there: they are the container's all
 * the same, for ps, kill --all and delete. Made from the host here, as the
 * test's sh has no rights to its cgroup tree. */
Test(control, cgroups_made_inside_the_containers_are_its_own)
{
	write_bundle("sleep 1000 & sleep 1000 & wait");
	pid_t pid = start("in1"), pids[64];
	size_t n = ps_pids("in1", pids);
	cr_assert_eq(n, 3, "ps --format json: %s", r.out);
	pid_t moved = pids[0] != pid ? pids[0] : pids[1];
	char inner[1200], procs[1300], v[16];
	snprintf(inner, sizeof inner, "%s/inner", mrt_cgroup_dir(pid, NULL));
	cr_assert_eq(mkdir(inner, 0755), 0, "mkdir %s", inner);
	strcat(inner, "/deeper");
	cr_assert_eq(mkdir(inner, 0755), 0, "mkdir %s", inner);
	snprintf(procs, sizeof procs, "%s/cgroup.procs", inner);
	snprintf(v, sizeof v, "%d", (int)moved);
	FILE *f = fopen(procs, "w");
	cr_assert(f && fputs(v, f) >= 0 && fclose(f) == 0, "move %d into %s", moved, inner);
	cr_assert(strstr(mrt_cgroup_dir(moved, NULL), "/in1/inner/deeper"), "%s", mrt_cgroup_dir(moved, NULL));

	pid_t listed[64];
	cr_expect_eq(ps_pids("in1", listed), 3, "ps lists the process in the inner cgroup too: %s", r.out);
	cr_expect(has(listed, 3, moved), "%d is not listed: %s", moved, r.out);
	/* sh, pid 1, ignores TERM; it exits once both sleeps died of it. */
	cr_assert_eq(MINIRUN("kill", "--all", "in1", "TERM"), 0, "%s", r.err);
	cr_expect(mrt_all_dead(&moved, 1), "kill --all missed the process in the inner cgroup");
	cr_expect(mrt_oci_wait_status(root, "in1", "stopped"));
	cr_expect_eq(MINIRUN("delete", "in1"), 0, "%s", r.err);
	cr_expect(!mrt_cgroup_left("minirun/in1"), "delete left the cgroup (or the one made inside it)");
}

/* ---- update ------------------------------------------------------------------ */

Test(control, update_pids_limit_reaches_the_kernel_and_the_workload)
{
	write_bundle("exec sleep 1000");
	pid_t pid = start("u1");
	cr_assert_eq(MINIRUN("update", "--pids-limit", "8", "u1"), 0, "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "pids", "pids.max", "pids.max"), "8");
	cr_expect_eq(saved_limit("u1", "pids", "limit"), 8, "not recorded in the saved config");
	/* 8 tasks: sleep, the probe, and at most 6 children */
	MINIRUN("exec", "u1", "/bin/probe", "forks", "20");
	int made = -1;
	cr_assert_eq(sscanf(r.out, "EAGAIN after %d", &made), 1, "out: %s err: %s", r.out, r.err);
	cr_expect(made >= 1 && made <= 6, "%d forks succeeded", made);

	/* the control: lifted, all 20 succeed */
	cr_assert_eq(MINIRUN("update", "--pids-limit", "-1", "u1"), 0, "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "pids", "pids.max", "pids.max"), "max");
	cr_expect_eq(MINIRUN("exec", "u1", "/bin/probe", "forks", "20"), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "forked 20\n");
}

Test(control, update_memory_limits_in_either_order)
{
	write_bundle("exec sleep 1000");
	pid_t pid = start("m1");
	cr_assert_eq(MINIRUN("update", "--memory", "48m", "--memory-swap", "80m", "m1"), 0, "%s", r.err);
	const char *swap_v1 = "memory.memsw.limit_in_bytes";
	cr_expect_str_eq(limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max"), "50331648");
	cr_expect_str_eq(limit_file(pid, "memory", swap_v1, "memory.swap.max"), v1("memory") ? "83886080" : "33554432");

	/* The saved swap limit counts: memory above it is refused, before
	 * anything is written. */
	cr_expect_eq(MINIRUN("update", "--memory", "100m", "m1"), 125);
	cr_expect(strstr(r.err, "m1") && strstr(r.err, "below the memory limit"), "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max"), "50331648");

	/* Up, then down: v1 wants memsw raised first and lowered last. */
	cr_assert_eq(MINIRUN("update", "--memory", "100m", "--memory-swap", "200m", "m1"), 0, "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max"), "104857600");
	cr_assert_eq(MINIRUN("update", "--memory", "20m", "--memory-swap", "30m", "m1"), 0, "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max"), "20971520");
	cr_expect_str_eq(limit_file(pid, "memory", swap_v1, "memory.swap.max"), v1("memory") ? "31457280" : "10485760");

	/* -1 lifts the memory limit, and the swap limit with it. */
	cr_assert_eq(MINIRUN("update", "--memory", "-1", "m1"), 0, "%s", r.err);
	const char *mem = limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max");
	cr_expect(!strcmp(mem, "max") || strtoull(mem, NULL, 10) > (1ULL << 62), "memory limit %s", mem);
	cr_expect_eq(saved_limit("m1", "memory", "swap"), -1);
}

Test(control, update_r_reads_a_resources_object_from_a_file_or_stdin)
{
	write_bundle("exec sleep 1000");
	pid_t pid = start("j1");
	/* As engines send it: zero values and members minirun ignores. */
	FILE *f = fopen(tmp_path("res.json"), "w");
	fputs("{\"memory\": {\"limit\": 33554432, \"reservation\": 0}, \"pids\": {\"limit\": 99},"
	      " \"cpu\": {\"shares\": 512, \"quota\": 50000, \"period\": 100000, \"cpus\": \"\", \"mems\": \"\"},"
	      " \"blockIO\": {\"weight\": 10}, \"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}", f);
	fclose(f);
	cr_assert_eq(MINIRUN("update", "-r", tmp_path("res.json"), "j1"), 0, "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "pids", "pids.max", "pids.max"), "99");
	cr_expect_str_eq(limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max"), "33554432");
	if (v1("cpu")) {
		cr_expect_str_eq(limit_file(pid, "cpu", "cpu.cfs_quota_us", ""), "50000");
		cr_expect_str_eq(limit_file(pid, "cpu", "cpu.shares", ""), "512");
	} else {
		cr_expect_str_eq(limit_file(pid, "cpu", "", "cpu.max"), "50000 100000");
	}

	/* -r - reads stdin; what it leaves out stays as it was. */
	f = fopen(tmp_path("pids.json"), "w");
	fputs("{\"pids\": {\"limit\": 77}}", f);
	fclose(f);
	mrt_run_free(&r);
	char *argv[] = {"--root", root, "update", "--resources", "-", "j1", NULL};
	cr_assert_eq(mrt_runv_stdin(&r, MR_AS_ROOT, tmp_path("pids.json"), argv), 0, "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "pids", "pids.max", "pids.max"), "77");
	cr_expect_str_eq(limit_file(pid, "memory", "memory.limit_in_bytes", "memory.max"), "33554432");
	cr_expect_eq(saved_limit("j1", "pids", "limit"), 77);
	cr_expect_eq(saved_limit("j1", "memory", "limit"), 33554432);
	cr_expect_eq(saved_limit("j1", "cpu", "shares"), 512);
}

Test(control, a_bad_update_changes_nothing)
{
	write_bundle("exec sleep 1000");
	pid_t pid = start("e1");
	cr_assert_eq(MINIRUN("update", "--pids-limit", "20", "e1"), 0, "%s", r.err);

	/* Refused before anything is written. */
	cr_expect_eq(MINIRUN("update", "--pids-limit", "7", "--memory", "12x", "e1"), 125);
	cr_expect(strstr(r.err, "--memory '12x': expected a size"), "%s", r.err);
	cr_expect_eq(MINIRUN("update", "--pids-limit", "7", "--cpu-period", "5", "e1"), 125);
	cr_expect(strstr(r.err, "--cpu-period '5'"), "%s", r.err);
	FILE *f = fopen(tmp_path("bad.json"), "w");
	fputs("{\"pids\": {\"limit\": 7}, \"memory\": {\"limit\": \"big\"}}", f);
	fclose(f);
	cr_expect_eq(MINIRUN("update", "-r", tmp_path("bad.json"), "e1"), 125);
	cr_expect(strstr(r.err, "bad.json: memory.limit: expected an integer"), "%s", r.err);
	f = fopen(tmp_path("broken.json"), "w");
	fputs("{\"pids\": {", f);
	fclose(f);
	cr_expect_eq(MINIRUN("update", "-r", tmp_path("broken.json"), "e1"), 125);
	cr_expect(strstr(r.err, "malformed JSON"), "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "pids", "pids.max", "pids.max"), "20");

	/* Refused by the kernel after the pids limit was written: put back,
	 * and the cgroup made for the cpuset removed again. */
	bool had_cpuset = v1("cpuset") && *mrt_cgroup_dir(pid, "cpuset");
	cr_expect_eq(MINIRUN("update", "--pids-limit", "7", "--cpuset-cpus", "999", "e1"), 125);
	cr_expect(strstr(r.err, "update container e1") && strstr(r.err, "cpuset.cpus"), "%s", r.err);
	cr_expect_str_eq(limit_file(pid, "pids", "pids.max", "pids.max"), "20", "the pids limit was not put back");
	if (v1("cpuset") && !had_cpuset)
		cr_expect_str_eq(mrt_cgroup_dir(pid, "cpuset"), "", "the cpuset cgroup was left");
	cr_expect_eq(saved_limit("e1", "pids", "limit"), 20, "a failed update was recorded");
}

/* ---- rootless ----------------------------------------------------------- */

Test(control, rootless_without_a_cgroup_says_why)
{
	cfg = mrt_spec(true, (const char *[]){"/bin/sleep", "100", NULL});
	json_t *map = json_pack("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", MR_AS_NOBODY, "size", 1);
	json_object_set(json_object_get(cfg, "linux"), "uidMappings", map);
	json_object_set_new(json_object_get(cfg, "linux"), "gidMappings", map);
	bundle = mrt_bundle(cfg);
	snprintf(own, sizeof own, "%s/nobody", root);
	cr_assert_eq(mrt_run_detached(&r, MR_AS_NOBODY, "--root", own, "run", "-d", "--bundle", bundle, "rl", NULL), 0,
	             "run -d: %s", r.err);
	const char *cmds[][4] = {{"pause", "rl"}, {"ps", "rl"}, {"update", "--pids-limit", "5", "rl"}};
	for (size_t i = 0; i < 3; i++) {
		mrt_run_free(&r);
		cr_expect_eq(mrt_run(&r, MR_AS_NOBODY, "--root", own, cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3], NULL),
		             125, "%s", cmds[i][0]);
		cr_expect(strstr(r.err, "container rl: it has no cgroup of its own") && strstr(r.err, "delegated"), "%s: %s",
		          cmds[i][0], r.err);
	}
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_NOBODY, "--root", own, "state", "rl", NULL), 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"running\""), "%s", r.out);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_NOBODY, "--root", own, "delete", "--force", "rl", NULL), 0, "%s", r.err);
}
