/* Integration tests for capabilities and the user: the real minirun on the
 * real rootfs, asserting the exact masks the kernel reports from inside
 * the container (/proc/self/status, via /bin/probe status). */
#include "support.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIT(n) (UINT64_C(1) << (n))
#define NBS BIT(CAP_NET_BIND_SERVICE)

static const char *const sets[] = {"CapBnd", "CapPrm", "CapEff", "CapInh", "CapAmb"};

/* All five sets in `status` equal `mask`. */
static void assert_all_five(const char *status, uint64_t mask)
{
	for (size_t i = 0; i < 5; i++)
		cr_assert_eq(mrt_status_hex(status, sets[i]), mask, "%s is %016llx, want %016llx\n%s",
		             sets[i], (unsigned long long)mrt_status_hex(status, sets[i]),
		             (unsigned long long)mask, status);
}

static void assert_ok(const struct mr_run *r)
{
	cr_assert_eq(r->status, 0, "minirun exited %d\nstdout: %s\nstderr: %s", r->status, r->out,
	             r->err);
}

static char *slurp(const char *path)
{
	static char buf[16384];
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0, "open %s", path);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	cr_assert_gt(n, 0);
	buf[n] = 0;
	return buf;
}

/* What this host can grant: the test process's own bounding set (minirun
 * inherits it). */
static uint64_t host_bounding(void)
{
	return mrt_status_hex(slurp("/proc/self/status"), "CapBnd");
}

static bool host_lacks(unsigned cap)
{
	return !(host_bounding() & BIT(cap));
}

static uint64_t known_caps(void)
{
	unsigned last = (unsigned)atoi(slurp("/proc/sys/kernel/cap_last_cap"));
	return last >= 63 ? UINT64_MAX : BIT(last + 1) - 1;
}

/* ---- the five sets ---------------------------------------------------- */

Test(sets, no_caps_all_five_zero)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "@ROOTFS", "/bin/probe", "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, 0);
	mrt_run_free(&r);
}

Test(sets, one_cap_as_root)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--cap-add", "NET_BIND_SERVICE", "@ROOTFS", "/bin/probe", "status",
	        NULL);
	assert_ok(&r);
	assert_all_five(r.out, NBS);
	mrt_run_free(&r);
}

Test(sets, one_cap_as_uid_1000)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--user", "1000", "--cap-add", "cap_net_bind_service", "@ROOTFS",
	        "/bin/probe", "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, NBS);
	cr_assert_eq(mrt_status_long(r.out, "Uid"), 1000, "%s", r.out);
	cr_assert_eq(mrt_status_long(r.out, "Gid"), 1000, "%s", r.out);
	mrt_run_free(&r);
}

Test(sets, several_caps_comma_lists_and_repeats)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "-u", "1000:1000", "--cap-add", "chown,CAP_KILL", "--cap-add",
	        "Net_Bind_Service,kill", "@ROOTFS", "/bin/probe", "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, BIT(CAP_CHOWN) | BIT(CAP_KILL) | NBS);
	mrt_run_free(&r);
}

Test(sets, docker_spelling_drop_all_then_add)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE", "@ROOTFS",
	        "/bin/probe", "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, NBS);
	mrt_run_free(&r);
}

Test(sets, add_all_drop_one)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--cap-add", "ALL", "--cap-drop", "SYS_ADMIN", "@ROOTFS",
	        "/bin/probe", "status", NULL);
	assert_ok(&r);
	uint64_t want = known_caps() & host_bounding() & ~BIT(CAP_SYS_ADMIN);
	assert_all_five(r.out, want);
	if (host_lacks(CAP_SYS_RESOURCE))
		cr_assert(strstr(r.err, "skipping CAP_SYS_RESOURCE"), "%s", r.err);
	mrt_run_free(&r);
}

Test(sets, privileged_is_the_host_bounding_set_with_a_warning)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--privileged", "@ROOTFS", "/bin/probe", "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, host_bounding() & known_caps());
	cr_assert(strstr(r.err, "--privileged is dangerous"), "%s", r.err);
	if (host_lacks(CAP_SYS_RESOURCE))
		cr_assert(strstr(r.err, "--privileged: skipping CAP_SYS_RESOURCE"), "%s", r.err);
	mrt_run_free(&r);
}

Test(sets, no_new_privs_and_seccomp_still_follow)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "-u", "1000", "--cap-add", "NET_BIND_SERVICE", "@ROOTFS",
	        "/bin/probe", "status", NULL);
	assert_ok(&r);
	cr_assert_eq(mrt_status_long(r.out, "NoNewPrivs"), 1, "%s", r.out);
	mrt_run_free(&r);
}

/* ---- what the capabilities do ---------------------------------------- */

Test(effect, uid_1000_binds_port_80_only_with_net_bind_service)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--user", "1000:1000", "--cap-add", "NET_BIND_SERVICE", "@ROOTFS",
	        "/bin/probe", "bind", "80", NULL);
	assert_ok(&r);
	cr_assert_str_eq(r.out, "ok\n");
	mrt_run_free(&r);

	mrt_run(&r, MR_AS_ROOT, "--user", "1000:1000", "@ROOTFS", "/bin/probe", "bind", "80", NULL);
	cr_assert_str_eq(r.out, "EACCES\n", "stdout: %s stderr: %s", r.out, r.err);
	mrt_run_free(&r);
}

Test(effect, root_without_chown_cannot_chown)
{
	struct mr_run r;
	const char *script = "touch /tmp/x && chown 1000 /tmp/x && stat -c %u /tmp/x";
	mrt_run(&r, MR_AS_ROOT, "--tmpfs", "/tmp", "@ROOTFS", "/bin/sh", "-c", script, NULL);
	cr_assert_neq(r.status, 0);
	cr_assert(strstr(r.err, "Operation not permitted"), "stdout: %s stderr: %s", r.out, r.err);
	mrt_run_free(&r);

	mrt_run(&r, MR_AS_ROOT, "--tmpfs", "/tmp", "--cap-add", "CHOWN", "@ROOTFS", "/bin/sh", "-c",
	        script, NULL);
	assert_ok(&r);
	cr_assert_str_eq(r.out, "1000\n");
	mrt_run_free(&r);
}

/* ---- file capabilities: what exec could add is bounded ---------------- */

/* Host directories the tests made; removed after each test, failed or
 * not (criterion runs .fini after a failed assertion too). */
static char *made[4];
static size_t n_made;

static char *tmpdir(void)
{
	cr_assert_lt(n_made, sizeof made / sizeof *made);
	return made[n_made++] = mrt_tmpdir();
}

static void remove_dirs(void)
{
	char cmd[512];
	for (size_t i = 0; i < n_made; i++) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", made[i]);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", made[i]);
		free(made[i]);
	}
	n_made = 0;
}

TestSuite(file_caps, .fini = remove_dirs);
TestSuite(bad_input, .fini = remove_dirs);

/* A copy of /bin/probe in a fresh host directory with `setcap SPEC`. */
static char *probe_with_file_caps(const char *spec)
{
	char *dir = tmpdir(), cmd[1024];
	snprintf(cmd, sizeof cmd, "cp %s/bin/probe %s/probe && setcap %s %s/probe", mrt_rootfs(),
	         dir, spec, dir);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	return dir;
}

Test(file_caps, uid_1000_gains_nothing_from_file_caps)
{
	char *dir = probe_with_file_caps("cap_chown,cap_net_bind_service+p");
	char vol[512];
	snprintf(vol, sizeof vol, "%s:/fc", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--user", "1000", "--security-opt", "no-new-privileges=false",
	        "-v", vol, "@ROOTFS", "/fc/probe", "status", NULL);
	assert_ok(&r);
	cr_assert_eq(mrt_status_long(r.out, "NoNewPrivs"), 0, "%s", r.out);
	assert_all_five(r.out, 0);
	mrt_run_free(&r);

	/* The control: the kernel did read the xattr — a file with
	 * capabilities clears the ambient set at exec, a plain one keeps it. */
	mrt_run(&r, MR_AS_ROOT, "--user", "1000", "--security-opt", "no-new-privileges=false",
	        "--cap-add", "NET_BIND_SERVICE", "-v", vol, "@ROOTFS", "/fc/probe", "status", NULL);
	assert_ok(&r);
	cr_assert_eq(mrt_status_hex(r.out, "CapAmb"), 0, "%s", r.out);
	cr_assert_eq(mrt_status_hex(r.out, "CapPrm"), NBS, "%s", r.out);
	mrt_run_free(&r);
}

Test(file_caps, effective_bit_beyond_the_bounding_set_is_refused_and_explained)
{
	char *dir = probe_with_file_caps("cap_chown,cap_net_bind_service+ep");
	char vol[512];
	snprintf(vol, sizeof vol, "%s:/fc", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--verbose", "--user", "1000", "--security-opt",
	        "no-new-privileges=false", "-v", vol, "@ROOTFS", "/fc/probe", "status", NULL);
	/* The kernel refuses a capability-dumb binary that would not get its
	 * file-permitted capabilities: nothing ran, nothing was gained. */
	cr_assert_eq(r.status, 126, "stdout: %s stderr: %s", r.out, r.err);
	cr_assert_null(strstr(r.out, "CapPrm"), "%s", r.out);
	cr_assert(strstr(r.err, "has file capabilities"), "%s", r.err);
	cr_assert(strstr(r.err, "will refuse to exec"), "%s", r.err);
	mrt_run_free(&r);
}

/* ---- bad input: exit 125 and nothing launched ------------------------- */

static void assert_not_launched(const char *flag, const char *value, const char *expect)
{
	char *dir = tmpdir(), vol[512], marker[512];
	snprintf(vol, sizeof vol, "%s:/fc", dir);
	snprintf(marker, sizeof marker, "%s/launched", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, flag, value, "-v", vol, "@ROOTFS", "/bin/touch", "/fc/launched", NULL);
	cr_assert_eq(r.status, 125, "stderr: %s", r.err);
	cr_assert(strstr(r.err, expect), "want \"%s\" in: %s", expect, r.err);
	cr_assert_neq(access(marker, F_OK), 0, "the workload ran");
	mrt_run_free(&r);
}

Test(bad_input, control_the_marker_is_written_when_launched)
{
	char *dir = tmpdir(), vol[512], marker[512];
	snprintf(vol, sizeof vol, "%s:/fc", dir);
	snprintf(marker, sizeof marker, "%s/launched", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "-v", vol, "@ROOTFS", "/bin/touch", "/fc/launched", NULL);
	assert_ok(&r);
	cr_assert_eq(access(marker, F_OK), 0);
	mrt_run_free(&r);
}

Test(bad_input, unknown_name_suggests_the_closest)
{
	assert_not_launched("--cap-add", "NET_BIND_SERVIC", "did you mean NET_BIND_SERVICE?");
	assert_not_launched("--cap-drop", "CAP_SYS_ADMN", "did you mean CAP_SYS_ADMIN?");
}

Test(bad_input, ungrantable_cap_is_named)
{
	if (!host_lacks(CAP_SYS_RESOURCE))
		cr_skip_test("this host can grant CAP_SYS_RESOURCE");
	assert_not_launched("--cap-add", "SYS_RESOURCE", "cannot grant CAP_SYS_RESOURCE");
}

Test(bad_input, unknown_user_is_named)
{
	assert_not_launched("--user", "bob", "no user \"bob\" in the container's /etc/passwd");
}

/* ---- the user ----------------------------------------------------------- */

Test(user, names_from_the_containers_passwd_and_group)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--user", "nobody:tty", "@ROOTFS", "/bin/probe", "status", NULL);
	assert_ok(&r);
	cr_assert_eq(mrt_status_long(r.out, "Uid"), 65534, "%s", r.out);
	cr_assert_eq(mrt_status_long(r.out, "Gid"), 5, "%s", r.out);
	mrt_run_free(&r);
}

Test(user, supplementary_groups_cleared_or_added)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--user", "user", "@ROOTFS", "/bin/sh", "-c",
	        "grep Groups /proc/self/status; echo $HOME", NULL);
	assert_ok(&r);
	/* the kernel ends the list with a space, even an empty one */
	cr_assert_str_eq(r.out, "Groups:\t \n/home/user\n");
	mrt_run_free(&r);

	mrt_run(&r, MR_AS_ROOT, "--user", "1000", "--group-add", "tty", "--group-add", "4242",
	        "@ROOTFS", "/bin/sh", "-c", "grep Groups /proc/self/status", NULL);
	assert_ok(&r);
	cr_assert_str_eq(r.out, "Groups:\t5 4242 \n");
	mrt_run_free(&r);
}

/* ---- rootless: the sets are relative to the container's user namespace */

Test(rootless, no_caps_and_one_cap)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_NOBODY, "@ROOTFS", "/bin/probe", "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, 0);
	mrt_run_free(&r);

	mrt_run(&r, MR_AS_NOBODY, "--cap-add", "NET_BIND_SERVICE", "@ROOTFS", "/bin/probe",
	        "status", NULL);
	assert_ok(&r);
	assert_all_five(r.out, NBS);
	mrt_run_free(&r);
}

Test(rootless, the_cap_works_inside_the_namespace)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_NOBODY, "--cap-add", "NET_BIND_SERVICE", "@ROOTFS", "/bin/probe", "bind",
	        "80", NULL);
	assert_ok(&r);
	cr_assert_str_eq(r.out, "ok\n");
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_NOBODY, "@ROOTFS", "/bin/probe", "bind", "80", NULL);
	cr_assert_str_eq(r.out, "EACCES\n", "stdout: %s stderr: %s", r.out, r.err);
	mrt_run_free(&r);
}

Test(rootless, other_uids_are_a_clear_error)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_NOBODY, "--user", "1000", "@ROOTFS", "/bin/probe", "status", NULL);
	cr_assert_eq(r.status, 125, "stdout: %s stderr: %s", r.out, r.err);
	cr_assert(strstr(r.err, "rootless mode maps only uid 0"), "%s", r.err);
	cr_assert_null(strstr(r.out, "CapPrm"));
	mrt_run_free(&r);
}

Test(rootless, group_add_is_a_clear_error)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_NOBODY, "--group-add", "5", "@ROOTFS", "/bin/probe", "status", NULL);
	cr_assert_eq(r.status, 125, "stdout: %s stderr: %s", r.out, r.err);
	cr_assert(strstr(r.err, "rootless mode cannot set supplementary groups"), "%s", r.err);
	cr_assert_null(strstr(r.out, "CapPrm"));
	mrt_run_free(&r);
}

/* ---- --verbose explains what exec will do ----------------------------- */

Test(verbose, names_the_sets_and_the_ambient_carrier)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--verbose", "--user", "1000", "--cap-add", "NET_BIND_SERVICE",
	        "@ROOTFS", "/bin/probe", "status", NULL);
	assert_ok(&r);
	cr_assert(strstr(r.err, "caps:   ambient     0000000000000400 CAP_NET_BIND_SERVICE"), "%s",
	          r.err);
	cr_assert(strstr(r.err, "ambient set carries"), "%s", r.err);
	assert_all_five(r.out, NBS);
	mrt_run_free(&r);
}

/* ---- minirun caps ------------------------------------------------------- */

/* A process with sets nobody would pick by accident: permitted CHOWN|KILL,
 * effective KILL, bounding without NET_RAW, no_new_privs. */
static pid_t odd_process(void)
{
	int ready[2];
	cr_assert_eq(pipe(ready), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct d[2] = {
			{.effective = BIT(CAP_KILL), .permitted = BIT(CAP_CHOWN) | BIT(CAP_KILL)}, {0}};
		if (prctl(PR_CAPBSET_DROP, CAP_NET_RAW, 0, 0, 0) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_capset, &h, d))
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c;
	close(ready[1]);
	cr_assert_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	return pid;
}

static uint64_t caps_line(const char *out, const char *label)
{
	const char *p = strstr(out, label);
	cr_assert_not_null(p, "no %s in %s", label, out);
	return strtoull(p + strlen(label), NULL, 16);
}

Test(caps_cmd, pid_matches_proc_status)
{
	pid_t pid = odd_process();
	char pidstr[16], path[64];
	snprintf(pidstr, sizeof pidstr, "%d", (int)pid);
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	char *status = strdup(slurp(path));
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "caps", "--pid", pidstr, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_ok(&r);
	cr_assert_eq(caps_line(r.out, "\nbounding"), mrt_status_hex(status, "CapBnd"), "%s", r.out);
	cr_assert_eq(caps_line(r.out, "\npermitted"), mrt_status_hex(status, "CapPrm"));
	cr_assert_eq(caps_line(r.out, "\neffective"), mrt_status_hex(status, "CapEff"));
	cr_assert_eq(caps_line(r.out, "\ninheritable"), mrt_status_hex(status, "CapInh"));
	cr_assert_eq(caps_line(r.out, "\nambient"), mrt_status_hex(status, "CapAmb"));
	cr_assert_eq(mrt_status_hex(status, "CapPrm"), BIT(CAP_CHOWN) | BIT(CAP_KILL));
	cr_assert(strstr(r.out, "0000000000000021 CAP_CHOWN,CAP_KILL\n"), "%s", r.out);
	cr_assert(strstr(r.out, "NoNewPrivs   1\n"), "%s", r.out);
	mrt_run_free(&r);
	free(status);
}

Test(caps_cmd, json_for_machines)
{
	pid_t pid = odd_process();
	char pidstr[16];
	snprintf(pidstr, sizeof pidstr, "%d", (int)pid);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "caps", "--pid", pidstr, "--json", NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_ok(&r);
	const char *eff = strstr(r.out, "\"effective\"");
	cr_assert_not_null(eff, "%s", r.out);
	cr_assert(strstr(eff, "\"hex\": \"0000000000000020\""), "%s", r.out);
	cr_assert(strstr(r.out, "\"no_new_privs\": 1"), "%s", r.out);
	mrt_run_free(&r);
}

Test(caps_cmd, self_by_default)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "caps", NULL);
	assert_ok(&r);
	cr_assert_eq(caps_line(r.out, "\nbounding"), host_bounding(), "%s", r.out);
	cr_assert(strstr(r.out, "(minirun caps itself)"), "%s", r.out);
	mrt_run_free(&r);
}

Test(caps_cmd, decode)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "caps", "--decode", "0x401", NULL);
	assert_ok(&r);
	cr_assert_str_eq(r.out, "0000000000000401=CAP_CHOWN,CAP_NET_BIND_SERVICE\n");
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "caps", "--decode", "nothex", NULL);
	cr_assert_eq(r.status, 125);
	cr_assert(strstr(r.err, "--decode wants a hex mask"), "%s", r.err);
	mrt_run_free(&r);
}

Test(caps_cmd, usage_errors)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "caps", "--pid", "-3", NULL);
	cr_assert_eq(r.status, 125);
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "caps", "--pid", "999999999", NULL);
	cr_assert_eq(r.status, 125);
	cr_assert(strstr(r.err, "/proc/999999999/status"), "%s", r.err);
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "caps", "--bogus", NULL);
	cr_assert_eq(r.status, 125);
	cr_assert(strstr(r.err, "usage: minirun caps"), "%s", r.err);
	mrt_run_free(&r);
}

Test(caps_cmd, list_marks_what_the_host_cannot_grant)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "caps", "--list", NULL);
	assert_ok(&r);
	cr_assert(strstr(r.out, "10 CAP_NET_BIND_SERVICE\n"), "%s", r.out);
	const char *res = strstr(r.out, "24 CAP_SYS_RESOURCE");
	cr_assert_not_null(res, "%s", r.out);
	char line[256];
	snprintf(line, sizeof line, "%.*s", (int)strcspn(res, "\n"), res);
	cr_assert_eq(strstr(line, "cannot be granted") != NULL, host_lacks(CAP_SYS_RESOURCE), "%s",
	             line);
	mrt_run_free(&r);
}
