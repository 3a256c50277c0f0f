/* One test per config.json field (issue 6), the runtime-spec's config.md
 * and config-linux.md as the checklist: each builds a bundle from `minirun
 * spec`, changes one field, runs it on the real busybox rootfs and asserts
 * what the kernel reports inside (/proc/self/status, mountinfo, /bin/probe,
 * /bin/sysprobe, busybox applets) or on the host (cgroup files, namespace
 * inodes). A wrong value must fail with 125 and a message naming its JSON
 * path. Hooks are test_oci_lifecycle.c's. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../bundle.h"
#include "../support.h"

static struct mr_run r;
static char *root, *bundle, *tmp;
static json_t *cfg;
static char netns[64];          /* an `ip netns` this test added */
static char host_mounts[4][512]; /* mounts this test made on the host */

static void setup(void)
{
	root = mrt_state_root();
	tmp = mrt_tmpdir();
}

static void teardown(void)
{
	mrt_run_free(&r);
	mrt_oci_delete_all(root);
	/* Host mounts first: rm -rf must never walk into one. */
	for (int i = 3; i >= 0; i--)
		if (host_mounts[i][0] && umount2(host_mounts[i], MNT_DETACH) < 0)
			fprintf(stderr, "umount %s: %s\n", host_mounts[i], strerror(errno));
	if (netns[0]) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "ip netns delete %s", netns);
		if (system(cmd) != 0)
			fprintf(stderr, "could not delete netns %s\n", netns);
	}
	mrt_oci_free(&cfg, &bundle, &root, &tmp);
}

TestSuite(fields, .init = setup, .fini = teardown, .timeout = 90);

/* ---- building the bundle ----------------------------------------------- */

/* The config `minirun spec` writes (read-only root, the usual mounts,
 * namespaces, masked paths, seccomp), running args. */
static void spec(const char *const *args)
{
	cfg = mrt_spec(false, args);
}

/* The object at a dotted path ("linux.resources.pids"), made if missing. */
static json_t *object_at(const char *path)
{
	char copy[256], *save = NULL;
	snprintf(copy, sizeof copy, "%s", path);
	json_t *obj = cfg;
	for (char *key = strtok_r(copy, ".", &save); key; key = strtok_r(NULL, ".", &save)) {
		json_t *next = json_object_get(obj, key);
		if (!json_is_object(next)) {
			next = json_object();
			json_object_set_new(obj, key, next);
		}
		obj = next;
	}
	return obj;
}

/* Set the member at a dotted path ("process.user.umask") to value (stolen). */
static void set(const char *path, json_t *value)
{
	char parent[256];
	const char *dot = strrchr(path, '.');
	snprintf(parent, sizeof parent, "%.*s", dot ? (int)(dot - path) : 0, path);
	json_object_set_new(dot ? object_at(parent) : cfg, dot ? dot + 1 : path, value);
}

static void unset(const char *path)
{
	char parent[256];
	const char *dot = strrchr(path, '.');
	snprintf(parent, sizeof parent, "%.*s", dot ? (int)(dot - path) : 0, path);
	json_object_del(dot ? object_at(parent) : cfg, dot ? dot + 1 : path);
}

/* Append value (stolen) to the array at a dotted path, made if missing. */
static void append(const char *path, json_t *value)
{
	char parent[256];
	const char *dot = strrchr(path, '.');
	snprintf(parent, sizeof parent, "%.*s", dot ? (int)(dot - path) : 0, path);
	json_t *holder = dot ? object_at(parent) : cfg;
	const char *key = dot ? dot + 1 : path;
	json_t *arr = json_object_get(holder, key);
	if (!json_is_array(arr)) {
		arr = json_array();
		json_object_set_new(holder, key, arr);
	}
	json_array_append_new(arr, value);
}

static void add_mount(const char *dest, const char *type, const char *source, json_t *options)
{
	append("mounts", json_pack("{s:s, s:s, s:s, s:o}", "destination", dest, "type", type, "source", source,
	                           "options", options));
}

/* A writable tmpfs at dest: the test rootfs itself stays read-only. */
static void add_tmpfs(const char *dest)
{
	add_mount(dest, "tmpfs", "tmpfs", json_pack("[s, s]", "nosuid", "nodev"));
}

static void remove_mount(const char *dest)
{
	json_t *mounts = json_object_get(cfg, "mounts");
	for (size_t i = 0; i < json_array_size(mounts); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(mounts, i), "destination")) ?: "", dest))
			json_array_remove(mounts, i--);
}

static void remove_namespace(const char *type)
{
	json_t *ns = json_object_get(json_object_get(cfg, "linux"), "namespaces");
	for (size_t i = 0; i < json_array_size(ns); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(ns, i), "type")) ?: "", type))
			json_array_remove(ns, i--);
}

static size_t n_namespaces(void)
{
	return json_array_size(json_object_get(json_object_get(cfg, "linux"), "namespaces"));
}

/* The five capability sets, each a JSON array (stolen). */
static void set_caps(json_t *bounding, json_t *effective, json_t *permitted, json_t *inheritable, json_t *ambient)
{
	set("process.capabilities", json_pack("{s:o, s:o, s:o, s:o, s:o}", "bounding", bounding, "effective",
	                                      effective, "permitted", permitted, "inheritable", inheritable,
	                                      "ambient", ambient));
}

static void write_bundle(void)
{
	if (bundle) {
		mrt_rm_rf(bundle);
		free(bundle);
	}
	bundle = mrt_bundle(cfg);
}

/* A container id no other test (nor another test program, running at the
 * same time) uses: cgroups are named after ids, across every --root. */
static const char *new_id(void)
{
	static char id[64];
	static int n;
	snprintf(id, sizeof id, "fields-%d-%d", (int)getpid(), ++n);
	return id;
}

/* `minirun --root ROOT run --bundle BUNDLE ID` on the bundle as written;
 * returns the status, r has the output. */
static int run_written(void)
{
	mrt_run_free(&r);
	return mrt_run(&r, MR_AS_ROOT, "--root", root, "run", "--bundle", bundle, new_id(), NULL);
}

/* Write the bundle and run it. */
static int run(void)
{
	write_bundle();
	return run_written();
}

/* Write the bundle and `create` it as id; returns the container's pid. */
static pid_t create(const char *id)
{
	write_bundle();
	mrt_run_free(&r);
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, id, NULL), 0,
	             "create: %s", r.err);
	pid_t pid;
	cr_assert_str_eq(mrt_oci_status(root, id, &pid), "created");
	cr_assert_gt(pid, 0);
	return pid;
}

/* A run that must fail as a bad config: 125, and stderr naming `what`
 * (the JSON path) and `also` (the value, or NULL). */
static void expect_config_error(const char *what, const char *also)
{
	cr_expect_eq(run(), 125, "expected a config error for %s; out: %s err: %s", what, r.out, r.err);
	cr_expect(strstr(r.err, what), "stderr does not name %s: %s", what, r.err);
	if (also)
		cr_expect(strstr(r.err, also), "stderr does not name %s: %s", also, r.err);
}

/* ---- reading what the kernel says -------------------------------------- */

/* The line of mountinfo (as text) whose mount point is `at`, the last one
 * (the top of a stack); static buffer, "" if none. */
static const char *mount_line(const char *mountinfo, const char *at)
{
	static char found[1024];
	found[0] = 0;
	char *copy = strdup(mountinfo), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char point[512];
		if (sscanf(line, "%*s %*s %*s %*s %511s", point) == 1 && !strcmp(point, at))
			snprintf(found, sizeof found, "%s", line);
	}
	free(copy);
	return found;
}

/* Is `word` one of the options of a mountinfo line: its per-mount options
 * (field 6), or with `super` the filesystem's (the last field)? */
static bool has_option(const char *line, bool super, const char *word)
{
	char opts[512] = "";
	if (super) {
		const char *sep = strstr(line, " - ");
		if (!sep || sscanf(sep + 3, "%*s %*s %511s", opts) != 1)
			return false;
	} else if (sscanf(line, "%*s %*s %*s %*s %*s %511s", opts) != 1) {
		return false;
	}
	char *save = NULL;
	for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save))
		if (!strcmp(o, word))
			return true;
	return false;
}

/* "net:[4026531840]" for the host's (our) namespace of that kind. */
static const char *host_ns(const char *kind)
{
	static char link[128];
	char path[64];
	snprintf(path, sizeof path, "/proc/self/ns/%s", kind);
	ssize_t n = readlink(path, link, sizeof link - 1);
	cr_assert_gt(n, 0, "readlink %s", path);
	link[n] = 0;
	return link;
}

/* Does this process (the test, as root) have capability cap? */
static bool have_cap(int cap)
{
	char *status = mrt_read_file("/proc/self/status");
	uint64_t eff = mrt_status_hex(status, "CapEff");
	free(status);
	return eff != UINT64_MAX && (eff >> cap & 1);
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static char *tmp_path(const char *name)
{
	return mrt_in(tmp, name);
}

/* A mount(2) on the host, undone in teardown. */
static void host_mount(const char *src, const char *target, const char *type, unsigned long flags, const char *data)
{
	cr_assert_eq(mount(src, target, type, flags, data), 0, "mount %s on %s: %s", src ? src : type, target,
	             strerror(errno));
	for (int i = 0; i < 4; i++)
		if (!host_mounts[i][0] || !strcmp(host_mounts[i], target)) {
			snprintf(host_mounts[i], sizeof host_mounts[i], "%s", target);
			return;
		}
	cr_assert_fail("too many host mounts");
}

/* ==== process ============================================================ */

Test(fields, process_args_are_passed_exactly)
{
	spec((const char *[]){"/bin/sh", "-c", "printf '[%s]' \"$@\"", "sh", "a b", "", "c*", "$HOME", NULL});
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "[a b][][c*][$HOME]");
}

Test(fields, process_env_is_exactly_the_list)
{
	/* env itself as the program: a shell would add PWD, SHLVL… */
	spec((const char *[]){"/usr/bin/env", NULL});
	set("process.env", json_pack("[s, s, s]", "FOO=bar baz", "EMPTY=", "HOME=/elsewhere"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "FOO=bar baz\nEMPTY=\nHOME=/elsewhere\n", "no PATH unless given");

	/* Without HOME, the user's from /etc/passwd is added (as runc does);
	 * still no PATH. */
	set("process.env", json_pack("[s]", "ONLY=1"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "ONLY=1\nHOME=/root\n");
}

Test(fields, process_env_entry_without_equals_is_an_error)
{
	spec((const char *[]){"/usr/bin/env", NULL});
	set("process.env", json_pack("[s, s]", "GOOD=1", "BAD"));
	expect_config_error("process.env[1]", "\"BAD\"");
}

Test(fields, process_cwd)
{
	spec((const char *[]){"/bin/pwd", NULL});
	set("process.cwd", json_string("/usr/bin"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "/usr/bin\n");

	set("process.cwd", json_string("/nonexistent"));
	cr_expect_eq(run(), 125);
	cr_expect(strstr(r.err, "/nonexistent"), "stderr: %s", r.err);

	set("process.cwd", json_string("usr"));
	expect_config_error("process.cwd", "\"usr\"");
}

Test(fields, process_user_uid_gid_and_additional_gids)
{
	spec((const char *[]){"/bin/cat", "/proc/self/status", NULL});
	set("process.user", json_pack("{s:i, s:i, s:[i, i]}", "uid", 1000, "gid", 1001, "additionalGids", 5, 65534));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect(strstr(r.out, "\nUid:\t1000\t1000\t1000\t1000\n"), "%s", r.out);
	cr_expect(strstr(r.out, "\nGid:\t1001\t1001\t1001\t1001\n"), "%s", r.out);
	const char *groups = strstr(r.out, "\nGroups:\t");
	cr_assert(groups, "%s", r.out);
	char line[128];
	sscanf(groups + 9, "%127[^\n]", line);
	cr_expect_str_eq(line, "5 65534 ", "supplementary groups exactly additionalGids");
}

Test(fields, process_user_umask)
{
	spec((const char *[]){"/bin/sh", "-c", "umask; touch /tmp/f; stat -c %a /tmp/f", NULL});
	add_tmpfs("/tmp");
	set("process.user.umask", json_integer(027));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "0027\n640\n");

	/* Absent: 0022, as runc. */
	unset("process.user.umask");
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "0022\n644\n");
}

#define CAP_CHOWN_BIT 0x1ull
#define CAP_KILL_BIT 0x20ull

Test(fields, process_capabilities_five_sets_apart)
{
	spec((const char *[]){"/bin/probe", "status", NULL});
	set_caps(json_pack("[s, s]", "CAP_CHOWN", "CAP_KILL"), json_pack("[s]", "CAP_KILL"), json_pack("[s]", "CAP_KILL"),
	         json_array(), json_array());
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_eq(mrt_status_hex(r.out, "CapBnd"), CAP_CHOWN_BIT | CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapEff"), CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapPrm"), CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapInh"), 0, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapAmb"), 0, "%s", r.out);
}

Test(fields, process_capabilities_ambient_reach_a_non_root_user)
{
	/* For uid 1000 only ambient capabilities survive execve (into
	 * permitted and effective); they must be inheritable and permitted. */
	spec((const char *[]){"/bin/probe", "status", NULL});
	set("process.user", json_pack("{s:i, s:i}", "uid", 1000, "gid", 1000));
	set_caps(json_pack("[s, s]", "CAP_CHOWN", "CAP_KILL"), json_pack("[s, s]", "CAP_CHOWN", "CAP_KILL"),
	         json_pack("[s, s]", "CAP_CHOWN", "CAP_KILL"), json_pack("[s, s]", "CAP_CHOWN", "CAP_KILL"),
	         json_pack("[s]", "CAP_KILL"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_eq(mrt_status_hex(r.out, "CapBnd"), CAP_CHOWN_BIT | CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapInh"), CAP_CHOWN_BIT | CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapAmb"), CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapPrm"), CAP_KILL_BIT, "%s", r.out);
	cr_expect_eq(mrt_status_hex(r.out, "CapEff"), CAP_KILL_BIT, "%s", r.out);
}

Test(fields, process_capabilities_unknown_name_is_an_error)
{
	spec((const char *[]){"/bin/true", NULL});
	set_caps(json_pack("[s]", "CAP_KILL"), json_pack("[s]", "CAP_KILL"), json_pack("[s]", "CAP_KILL"),
	         json_array(), json_pack("[s, s]", "CAP_KILL", "CAP_KIL"));
	expect_config_error("process.capabilities.ambient[1]", "CAP_KIL\"");
	cr_expect(strstr(r.err, "did you mean CAP_KILL"), "no suggestion: %s", r.err);
}

Test(fields, process_rlimits_nofile)
{
	spec((const char *[]){"/bin/sh", "-c", "ulimit -Sn; ulimit -Hn; grep 'Max open files' /proc/self/limits", NULL});
	set("process.rlimits", json_pack("[{s:s, s:i, s:i}]", "type", "RLIMIT_NOFILE", "soft", 100, "hard", 200));
	cr_assert_eq(run(), 0, "%s", r.err);
	unsigned soft, hard, lsoft, lhard;
	cr_assert_eq(sscanf(r.out, "%u\n%u\nMax open files %u %u", &soft, &hard, &lsoft, &lhard), 4, "%s", r.out);
	cr_expect_eq(soft, 100);
	cr_expect_eq(hard, 200);
	cr_expect_eq(lsoft, 100);
	cr_expect_eq(lhard, 200);
}

Test(fields, process_rlimits_errors)
{
	spec((const char *[]){"/bin/true", NULL});
	set("process.rlimits", json_pack("[{s:s, s:i, s:i}]", "type", "RLIMIT_NOFILE", "soft", 300, "hard", 200));
	expect_config_error("process.rlimits[0]", "above the hard limit");

	set("process.rlimits", json_pack("[{s:s, s:i, s:i}]", "type", "RLIMIT_FOO", "soft", 1, "hard", 1));
	expect_config_error("process.rlimits[0].type", "RLIMIT_FOO");

	/* Raising a hard limit above minirun's own needs CAP_SYS_RESOURCE,
	 * which this host does not grant: a clear error, not a silent cap. */
	if (have_cap(24 /* CAP_SYS_RESOURCE */))
		cr_skip_test("the test runs with CAP_SYS_RESOURCE: raising a hard limit works here");
	struct rlimit own;
	cr_assert_eq(getrlimit(RLIMIT_NOFILE, &own), 0);
	cr_assert_neq(own.rlim_max, RLIM_INFINITY);
	set("process.rlimits", json_pack("[{s:s, s:i, s:I}]", "type", "RLIMIT_NOFILE", "soft", 100, "hard",
	                                 (json_int_t)own.rlim_max + 1000));
	cr_expect_eq(run(), 125, "out: %s err: %s", r.out, r.err);
	cr_expect(strstr(r.err, "process.rlimits") && strstr(r.err, "RLIMIT_NOFILE") &&
	                  strstr(r.err, "CAP_SYS_RESOURCE"),
	          "stderr: %s", r.err);
}

/* Replace every `from` in the bundle's config.json with `to`: for what
 * jansson cannot write, such as 18446744073709551615. */
static void patch_config(const char *from, const char *to)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/config.json", bundle);
	char *text = mrt_read_file(path);
	cr_assert_not_null(text);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	for (char *p = text, *hit; *p; p = hit + strlen(from)) {
		if (!(hit = strstr(p, from))) {
			fputs(p, f);
			break;
		}
		fprintf(f, "%.*s%s", (int)(hit - p), p, to);
	}
	fclose(f);
	free(text);
}

Test(fields, process_rlimits_unlimited_as_engines_write_it)
{
	/* podman --ulimit core=-1 writes RLIM_INFINITY as 18446744073709551615.
	 * Read at create, and again from the saved config by exec. */
	struct rlimit own;
	cr_assert_eq(getrlimit(RLIMIT_CORE, &own), 0);
	if (own.rlim_max != RLIM_INFINITY && !have_cap(24 /* CAP_SYS_RESOURCE */))
		cr_skip_test("minirun's own RLIMIT_CORE is limited here and cannot be raised");
	spec((const char *[]){"/bin/sh", "-c", "ulimit -Sc; ulimit -Hc", NULL});
	set("process.rlimits", json_pack("[{s:s, s:I, s:I}]", "type", "RLIMIT_CORE", "soft", (json_int_t)4242424242,
	                                 "hard", (json_int_t)4242424242));
	write_bundle();
	patch_config("4242424242", "18446744073709551615");
	cr_assert_eq(run_written(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "unlimited\nunlimited\n");

	mrt_run_free(&r);
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "unlimited", NULL), 0,
	             "create: %s", r.err);
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "exec", "unlimited", "/bin/sh", "-c", "ulimit -Hc", NULL), 0,
	             "exec: %s", r.err);
	cr_expect_str_eq(r.out, "unlimited\n");
}

Test(fields, process_no_new_privileges)
{
	spec((const char *[]){"/bin/cat", "/proc/self/status", NULL});
	set("process.noNewPrivileges", json_false());
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_eq(mrt_status_long(r.out, "NoNewPrivs"), 0, "%s", r.out);
	set("process.noNewPrivileges", json_true());
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_eq(mrt_status_long(r.out, "NoNewPrivs"), 1, "%s", r.out);
	/* Absent means false (the spec's default, not the CLI's). */
	unset("process.noNewPrivileges");
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_eq(mrt_status_long(r.out, "NoNewPrivs"), 0, "%s", r.out);
}

Test(fields, process_oom_score_adj)
{
	spec((const char *[]){"/bin/cat", "/proc/self/oom_score_adj", NULL});
	set("process.oomScoreAdj", json_integer(500));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "500\n");

	set("process.oomScoreAdj", json_integer(1001));
	expect_config_error("process.oomScoreAdj", "1001");

	/* Lowering it below the inherited value needs CAP_SYS_RESOURCE. */
	char *own = mrt_read_file("/proc/self/oom_score_adj");
	int base = own ? atoi(own) : 0;
	free(own);
	if (have_cap(24) || base <= -1000)
		cr_skip_test("cannot provoke the lowering error here");
	set("process.oomScoreAdj", json_integer(base - 100));
	cr_expect_eq(run(), 125, "out: %s err: %s", r.out, r.err);
	cr_expect(strstr(r.err, "process.oomScoreAdj"), "stderr: %s", r.err);
}

/* ==== root =============================================================== */

Test(fields, root_readonly_true_refuses_writes)
{
	spec((const char *[]){"/bin/probe", "write", "/created-by-test", NULL});
	set("root.readonly", json_true());
	cr_assert_eq(run(), 1, "%s %s", r.out, r.err);
	cr_expect_str_eq(r.out, "EROFS\n");
}

/* A private copy of the test rootfs at DIR/name (the shared one is never
 * written to). */
static char *copy_rootfs(const char *dir, const char *name)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	sh("cp -a '%s' '%s'", mrt_rootfs(), path);
	return path;
}

Test(fields, root_readonly_false_on_a_copy_allows_writes)
{
	spec((const char *[]){"/bin/probe", "write", "/created-by-test", NULL});
	const char *copy = copy_rootfs(tmp, "rootfs");
	set("root.path", json_string(copy));
	set("root.readonly", json_false());
	cr_assert_eq(run(), 0, "%s %s", r.out, r.err);
	cr_expect_str_eq(r.out, "ok\n");
	char made[700];
	snprintf(made, sizeof made, "%s/created-by-test", copy);
	cr_expect_eq(access(made, F_OK), 0, "the file is not in the rootfs on the host");
}

Test(fields, root_path_relative_to_the_bundle)
{
	spec((const char *[]){"/bin/cat", "/marker", NULL});
	set("root.path", json_string("rootfs"));
	write_bundle();
	/* The bundle's own rootfs, told apart from any other by a marker. */
	const char *copy = copy_rootfs(bundle, "rootfs");
	sh("echo bundle-rootfs > '%s/marker'", copy);
	cr_assert_eq(run_written(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "bundle-rootfs\n");

	set("root.path", json_string("nosuch"));
	cr_expect_eq(run(), 125);
	char want[600];
	snprintf(want, sizeof want, "%s/nosuch", bundle);
	cr_expect(strstr(r.err, want), "stderr does not name %s: %s", want, r.err);
}

/* ==== hostname =========================================================== */

Test(fields, hostname)
{
	spec((const char *[]){"/bin/hostname", NULL});
	set("hostname", json_string("fields-host"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "fields-host\n");
}

Test(fields, hostname_without_a_uts_namespace_is_an_error)
{
	spec((const char *[]){"/bin/hostname", NULL});
	set("hostname", json_string("fields-host"));
	remove_namespace("uts");
	char before[256];
	gethostname(before, sizeof before);
	expect_config_error("hostname", "uts");
	char after[256];
	gethostname(after, sizeof after);
	cr_expect_str_eq(after, before, "the host was renamed");
}

/* ==== mounts ============================================================= */

Test(fields, mounts_bind_read_only)
{
	sh("mkdir %s/vol && echo content > %s/vol/file", tmp, tmp);
	spec((const char *[]){"/bin/sh", "-c", "cat /mnt/vol/file; /bin/probe write /mnt/vol/new", NULL});
	add_mount("/mnt/vol", "bind", tmp_path("vol"), json_pack("[s, s]", "rbind", "ro"));
	cr_assert_eq(run(), 1, "%s %s", r.out, r.err);
	cr_expect_str_eq(r.out, "content\nEROFS\n");
	cr_expect_neq(access(tmp_path("vol/new"), F_OK), 0);

	/* The same bind rw: the write reaches the host. */
	remove_mount("/mnt/vol");
	add_mount("/mnt/vol", "bind", tmp_path("vol"), json_pack("[s, s]", "rbind", "rw"));
	cr_assert_eq(run(), 0, "%s %s", r.out, r.err);
	cr_expect_str_eq(r.out, "content\nok\n");
	cr_expect_eq(access(tmp_path("vol/new"), F_OK), 0);
}

Test(fields, mounts_rbind_takes_submounts_bind_does_not)
{
	sh("mkdir -p %s/src/sub", tmp);
	host_mount("tmpfs", tmp_path("src/sub"), "tmpfs", 0, "size=1m");
	sh("echo below > %s/src/sub/marker", tmp);
	spec((const char *[]){"/bin/sh", "-c", "cat /mnt/src/sub/marker 2>&1 || echo missing", NULL});
	add_mount("/mnt/src", "bind", tmp_path("src"), json_pack("[s]", "rbind"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "below\n", "rbind must carry the submount");

	remove_mount("/mnt/src");
	add_mount("/mnt/src", "bind", tmp_path("src"), json_pack("[s]", "bind"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect(strstr(r.out, "missing"), "bind must not carry the submount: %s", r.out);
}

Test(fields, mounts_tmpfs_with_options)
{
	spec((const char *[]){"/bin/sh", "-c", "cat /proc/self/mountinfo; echo; stat -c 'mode %a' /scratch", NULL});
	add_mount("/scratch", "tmpfs", "tmpfs", json_pack("[s, s, s, s, s]", "nosuid", "noexec", "nodev", "size=1m",
	                                                  "mode=750"));
	cr_assert_eq(run(), 0, "%s", r.err);
	const char *line = mount_line(r.out, "/scratch");
	cr_assert(*line, "no /scratch in mountinfo: %s", r.out);
	cr_expect(strstr(line, " - tmpfs "), "%s", line);
	cr_expect(has_option(line, false, "noexec") && has_option(line, false, "nosuid") &&
	                  has_option(line, false, "nodev"),
	          "%s", line);
	cr_expect(has_option(line, true, "size=1024k") && has_option(line, true, "mode=750"), "%s", line);
	cr_expect(strstr(r.out, "mode 750\n"), "%s", r.out);
}

Test(fields, mounts_relative_bind_source_is_the_bundles)
{
	spec((const char *[]){"/bin/cat", "/mnt/data/file", NULL});
	add_mount("/mnt/data", "bind", "data", json_pack("[s, s]", "rbind", "ro"));
	write_bundle();
	sh("mkdir %s/data && echo from-the-bundle > %s/data/file", bundle, bundle);
	cr_assert_eq(run_written(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "from-the-bundle\n");
}

Test(fields, mounts_missing_source_is_an_error)
{
	spec((const char *[]){"/bin/true", NULL});
	add_mount("/mnt/data", "bind", "no-such-source", json_pack("[s]", "rbind"));
	write_bundle();
	char want[600];
	snprintf(want, sizeof want, "%s/no-such-source", bundle);
	cr_expect_eq(run_written(), 125);
	cr_expect(strstr(r.err, want), "stderr does not name %s: %s", want, r.err);
}

/* ==== linux.namespaces =================================================== */

Test(fields, namespaces_network_omitted_is_the_hosts)
{
	spec((const char *[]){"/bin/readlink", "/proc/self/ns/net", NULL});
	remove_namespace("network");
	cr_assert_eq(run(), 0, "%s", r.err);
	char want[160];
	snprintf(want, sizeof want, "%s\n", host_ns("net"));
	cr_expect_str_eq(r.out, want);

	append("linux.namespaces", json_pack("{s:s}", "type", "network"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_neq(r.out, want, "a listed network namespace must be new");
}

Test(fields, namespaces_path_joins_an_existing_one)
{
	snprintf(netns, sizeof netns, "minirun-test-%d", (int)getpid());
	sh("ip netns add %s", netns);
	char path[128];
	snprintf(path, sizeof path, "/run/netns/%s", netns);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);

	spec((const char *[]){"/bin/readlink", "/proc/self/ns/net", NULL});
	remove_namespace("network");
	append("linux.namespaces", json_pack("{s:s, s:s}", "type", "network", "path", path));
	cr_assert_eq(run(), 0, "%s", r.err);
	char want[64];
	snprintf(want, sizeof want, "net:[%lu]\n", (unsigned long)st.st_ino);
	cr_expect_str_eq(r.out, want);
}

Test(fields, namespaces_unknown_type_is_an_error)
{
	spec((const char *[]){"/bin/true", NULL});
	append("linux.namespaces", json_pack("{s:s}", "type", "foo"));
	char path[64];
	snprintf(path, sizeof path, "linux.namespaces[%zu].type", n_namespaces() - 1);
	expect_config_error(path, "\"foo\"");
}

Test(fields, namespaces_time_is_a_clear_error)
{
	spec((const char *[]){"/bin/true", NULL});
	append("linux.namespaces", json_pack("{s:s}", "type", "time"));
	char path[64];
	snprintf(path, sizeof path, "linux.namespaces[%zu].type", n_namespaces() - 1);
	expect_config_error(path, "time namespace is not supported");
}

/* ==== linux.uidMappings, gidMappings ===================================== */

static void map_100000(void)
{
	append("linux.namespaces", json_pack("{s:s}", "type", "user"));
	set("linux.uidMappings", json_pack("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", 100000, "size", 65536));
	set("linux.gidMappings", json_pack("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", 100000, "size", 65536));
}

/* The rootfs's /dev belongs to the host's root, for whom the container's
 * root (host uid 100000) cannot create mount points there: leave the /dev
 * mounts out. */
static void remove_dev_mounts(void)
{
	remove_mount("/dev");
	remove_mount("/dev/pts");
	remove_mount("/dev/shm");
	remove_mount("/dev/mqueue");
}

/* The mapping itself, without /dev (devices in a user namespace are the
 * next test's). */
Test(fields, id_mappings_as_root)
{
	spec((const char *[]){"/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g", NULL});
	map_100000();
	remove_dev_mounts();
	cr_assert_eq(run(), 0, "%s", r.err);
	unsigned in[2], out[2], size[2];
	int uid = -1, gid = -1;
	cr_assert_eq(sscanf(r.out, "%u %u %u\n%u %u %u\n%d\n%d", &in[0], &out[0], &size[0], &in[1], &out[1], &size[1],
	                    &uid, &gid),
	             8, "%s", r.out);
	for (int i = 0; i < 2; i++) {
		cr_expect_eq(in[i], 0);
		cr_expect_eq(out[i], 100000);
		cr_expect_eq(size[i], 65536);
	}
	cr_expect_eq(uid, 0);
	cr_expect_eq(gid, 0);

	/* On the host the container's root is uid 100000. */
	json_decref(cfg);
	spec((const char *[]){"/bin/sleep", "100", NULL});
	map_100000();
	remove_dev_mounts();
	pid_t pid = create(new_id());
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	char *status = mrt_read_file(path);
	cr_assert(status);
	cr_expect(strstr(status, "\nUid:\t100000\t100000\t100000\t100000\n"), "%s", status);
	cr_expect(strstr(status, "\nGid:\t100000\t100000\t100000\t100000\n"), "%s", status);
	free(status);
}

/* With a user namespace, the default devices in a fresh /dev still work
 * (mknod is not allowed there: they must come from the host). */
Test(fields, id_mappings_with_the_default_dev)
{
	spec((const char *[]){"/bin/sh", "-c", "echo x > /dev/null && stat -c '%t:%T' /dev/null; id -u", NULL});
	map_100000();
	/* The container's root may not create /dev/pts in the host-owned
	 * rootfs: mount /dev only (a fresh tmpfs, with the default devices). */
	remove_mount("/dev/pts");
	remove_mount("/dev/shm");
	remove_mount("/dev/mqueue");
	cr_assert_eq(run(), 0, "out: %s err: %s", r.out, r.err);
	cr_expect_str_eq(r.out, "1:3\n0\n");
}

/* The state root minirun makes itself is 0700 (root's only): the
 * container's root, uid 100000 on the host, must still start. */
Test(fields, id_mappings_with_a_private_state_root)
{
	spec((const char *[]){"/usr/bin/id", "-u", NULL});
	map_100000();
	remove_dev_mounts();
	write_bundle();
	char own[600];
	snprintf(own, sizeof own, "%s/private", root);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", own, "run", "--bundle", bundle, new_id(), NULL), 0, "%s",
	             r.err);
	cr_expect_str_eq(r.out, "0\n");
	mrt_run_free(&r);
	struct stat st;
	cr_assert_eq(stat(own, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700, "the state root is %o", st.st_mode & 0777);
}

/* ==== linux.maskedPaths, readonlyPaths =================================== */

Test(fields, masked_paths_read_empty)
{
	spec((const char *[]){"/bin/sh", "-c", "/bin/probe read /etc/group; ls -A /home | wc -l", NULL});
	set("linux.maskedPaths", json_pack("[s, s, s]", "/etc/group", "/home", "/no/such/path"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "0\n0\n");

	/* Not listed: the rootfs's own content. */
	set("linux.maskedPaths", json_array());
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_neq(r.out, "0\n0\n");
}

Test(fields, readonly_paths_refuse_writes)
{
	spec((const char *[]){"/bin/sh", "-c", "/bin/probe write /data/x; /bin/probe write /scratch/x", NULL});
	add_tmpfs("/data");
	add_tmpfs("/scratch");
	set("linux.readonlyPaths", json_pack("[s]", "/data"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "EROFS\nok\n");
}

Test(fields, absent_path_lists_mask_nothing)
{
	spec((const char *[]){"/bin/cat", "/proc/self/mountinfo", NULL});
	/* `minirun spec` lists the usual ones: they are applied… */
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect(*mount_line(r.out, "/proc/acpi") && *mount_line(r.out, "/proc/sys"), "%s", r.out);
	/* …and without the lists, nothing is (OCI: only what is listed). */
	unset("linux.maskedPaths");
	unset("linux.readonlyPaths");
	cr_assert_eq(run(), 0, "%s", r.err);
	const char *defaults[] = {"/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
	                          "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/proc/asound", "/proc/bus",
	                          "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", "/proc/interrupts"};
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		cr_expect(!*mount_line(r.out, defaults[i]), "%s is masked or read-only: %s", defaults[i], r.out);
}

/* ==== linux.rootfsPropagation ============================================ */

/* The optional fields of a mountinfo line ("shared:3 master:1"). */
static const char *optional_fields(const char *line)
{
	static char out[256];
	out[0] = 0;
	const char *p = line;
	for (int i = 0; i < 6 && p; i++)
		p = strchr(p + 1, ' ');
	const char *end = p ? strstr(p, " - ") : NULL;
	if (p && end && end > p)
		snprintf(out, sizeof out, "%.*s", (int)(end - p - 1), p + 1);
	return out;
}

/* The root as a shared mount on the host (a read-only bind of the test
 * rootfs): a slave inside then has a master to show. Returns its peer
 * group "N" of "shared:N". */
static int shared_root(void)
{
	char *at = tmp_path("shared-root");
	sh("mkdir %s", at);
	host_mount(mrt_rootfs(), at, NULL, MS_BIND, NULL);
	host_mount(NULL, at, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
	host_mount(NULL, at, NULL, MS_SHARED, NULL);
	set("root.path", json_string(at));
	char *mi = mrt_read_file("/proc/self/mountinfo");
	int group = -1;
	const char *shared = strstr(optional_fields(mount_line(mi, at)), "shared:");
	if (shared)
		group = atoi(shared + 7);
	free(mi);
	cr_assert_gt(group, 0, "the host bind is not shared");
	return group;
}

Test(fields, rootfs_propagation_slave)
{
	spec((const char *[]){"/bin/cat", "/proc/self/mountinfo", NULL});
	int group = shared_root();
	set("linux.rootfsPropagation", json_string("slave"));
	cr_assert_eq(run(), 0, "%s", r.err);
	char want[32];
	snprintf(want, sizeof want, "master:%d", group);
	cr_expect_str_eq(optional_fields(mount_line(r.out, "/")), want, "%s", mount_line(r.out, "/"));
}

Test(fields, rootfs_propagation_private)
{
	spec((const char *[]){"/bin/cat", "/proc/self/mountinfo", NULL});
	shared_root();
	set("linux.rootfsPropagation", json_string("private"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(optional_fields(mount_line(r.out, "/")), "", "%s", mount_line(r.out, "/"));
}

Test(fields, rootfs_propagation_unknown_is_an_error)
{
	spec((const char *[]){"/bin/true", NULL});
	set("linux.rootfsPropagation", json_string("sideways"));
	expect_config_error("linux.rootfsPropagation", "\"sideways\"");
}

/* ==== linux.sysctl ======================================================= */

Test(fields, sysctl_in_the_network_namespace)
{
	/* The bind of port 80 by uid 1000 without capabilities shows the
	 * kernel applies it, not only that the file reads back. */
	spec((const char *[]){"/bin/sh", "-c", "cat /proc/sys/net/ipv4/ip_unprivileged_port_start; /bin/probe bind 80",
	                      NULL});
	set("process.user", json_pack("{s:i, s:i}", "uid", 1000, "gid", 1000));
	set_caps(json_array(), json_array(), json_array(), json_array(), json_array());
	set("linux.sysctl", json_pack("{s:s}", "net.ipv4.ip_unprivileged_port_start", "0"));
	cr_assert_eq(run(), 0, "%s %s", r.out, r.err);
	cr_expect_str_eq(r.out, "0\nok\n");

	unset("linux.sysctl");
	cr_assert_eq(run(), 1, "%s %s", r.out, r.err);
	cr_expect_str_eq(r.out, "1024\nEACCES\n");
}

Test(fields, sysctl_in_the_ipc_namespace)
{
	spec((const char *[]){"/bin/cat", "/proc/sys/kernel/shmmax", NULL});
	set("linux.sysctl", json_pack("{s:s}", "kernel.shmmax", "12345678"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "12345678\n");
	char *host = mrt_read_file("/proc/sys/kernel/shmmax");
	cr_expect_str_neq(host ? host : "", "12345678\n", "the host's value changed");
	free(host);
}

Test(fields, sysctl_not_namespaced_is_an_error)
{
	char *before = mrt_read_file("/proc/sys/vm/swappiness");
	cr_assert(before);
	int value = atoi(before);
	char other[16];
	snprintf(other, sizeof other, "%d", value == 10 ? 11 : 10);
	spec((const char *[]){"/bin/true", NULL});
	set("linux.sysctl", json_pack("{s:s}", "vm.swappiness", other));
	expect_config_error("linux.sysctl", "vm.swappiness");
	char *after = mrt_read_file("/proc/sys/vm/swappiness");
	cr_expect_str_eq(after ? after : "", before, "the host's vm.swappiness changed");
	if (after && strcmp(after, before)) {
		FILE *f = fopen("/proc/sys/vm/swappiness", "we"); /* put it back */
		if (f)
			fputs(before, f), fclose(f);
	}
	free(before);
	free(after);

	/* A network sysctl without a network namespace would be the host's. */
	remove_namespace("network");
	set("linux.sysctl", json_pack("{s:s}", "net.ipv4.ip_unprivileged_port_start", "0"));
	expect_config_error("net.ipv4.ip_unprivileged_port_start", "shared with the host");
}

/* ==== linux.devices ====================================================== */

Test(fields, devices_made_as_listed)
{
	spec((const char *[]){"/bin/stat", "-c", "%F %t,%T %a %u:%g", "/dev/fuse", NULL});
	set("linux.devices", json_pack("[{s:s, s:s, s:i, s:i, s:i, s:i, s:i}]", "path", "/dev/fuse", "type", "c", "major",
	                               10, "minor", 229, "fileMode", 0600, "uid", 0, "gid", 5));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "character special file a,e5 600 0:5\n");
}

Test(fields, devices_defaults_in_a_fresh_dev)
{
	spec((const char *[]){"/bin/sh", "-c",
	                      "for d in null zero full random urandom tty; do stat -c '%n %F %t,%T %a' /dev/$d; done; "
	                      "readlink /dev/ptmx; readlink /dev/fd; echo x > /dev/null && echo writable",
	                      NULL});
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "/dev/null character special file 1,3 666\n"
	                        "/dev/zero character special file 1,5 666\n"
	                        "/dev/full character special file 1,7 666\n"
	                        "/dev/random character special file 1,8 666\n"
	                        "/dev/urandom character special file 1,9 666\n"
	                        "/dev/tty character special file 5,0 666\n"
	                        "pts/ptmx\n/proc/self/fd\nwritable\n");
}

Test(fields, devices_bad_type_is_an_error)
{
	spec((const char *[]){"/bin/true", NULL});
	set("linux.devices", json_pack("[{s:s, s:s, s:i, s:i}]", "path", "/dev/x", "type", "z", "major", 1, "minor", 3));
	expect_config_error("linux.devices[0].type", "\"z\"");
}

/* ==== linux.resources.devices: the device cgroup ========================= */

/* A container holding CAP_MKNOD, with a tmpfs at /tmp that allows device
 * nodes: it makes nodes for the host's /dev/kmsg (char 1:11) and loop0
 * (block 7:0) and says which opens work, with /dev/loop7 (made from
 * linux.devices) and /dev/null beside them. */
static void mknod_container(json_t *rules)
{
	spec((const char *[]){"/bin/sh", "-c",
	                      "cd /tmp && mknod kmsg c 1 11 && mknod loop b 7 0 && echo made; "
	                      "if (: >kmsg) 2>/dev/null; then echo kmsg-write; fi; "
	                      "if (: <loop) 2>/dev/null; then echo loop-read; fi; "
	                      "if (: >loop) 2>/dev/null; then echo loop-write; fi; "
	                      "if (: </dev/loop7) 2>/dev/null; then echo loop7-read; fi; "
	                      "if (: >/dev/null) 2>/dev/null; then echo null-write; fi",
	                      NULL});
	add_mount("/tmp", "tmpfs", "tmpfs", json_pack("[s]", "nosuid"));
	set_caps(json_pack("[s]", "CAP_MKNOD"), json_pack("[s]", "CAP_MKNOD"), json_pack("[s]", "CAP_MKNOD"),
	         json_array(), json_array());
	set("linux.devices", json_pack("[{s:s, s:s, s:i, s:i}]", "path", "/dev/loop7", "type", "b", "major", 7,
	                               "minor", 7));
	if (rules)
		set("linux.resources.devices", rules);
}

Test(fields, resources_devices_deny_all_but_what_is_allowed)
{
	/* The control: allow everything (podman --privileged writes this). */
	mknod_container(json_pack("[{s:b, s:s}]", "allow", 1, "access", "rwm"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_assert_str_eq(r.out, "made\nkmsg-write\nloop-read\nloop-write\nloop7-read\nnull-write\n");
	json_decref(cfg);

	/* Deny all (as podman and containerd write it), allow loop0 read: the
	 * rest of what it made stays shut; linux.devices and the usual nodes
	 * are allowed after the config's rules, as runc does. */
	mknod_container(json_pack("[{s:b, s:s}, {s:b, s:s, s:i, s:i, s:s}]", "allow", 0, "access", "rwm", "allow", 1,
	                          "type", "b", "major", 7, "minor", 0, "access", "r"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "made\nloop-read\nloop7-read\nnull-write\n");
	json_decref(cfg);

	/* No rules at all: denied all the same. */
	mknod_container(NULL);
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "made\nloop7-read\nnull-write\n");
}

Test(fields, resources_devices_bad_rules_are_errors)
{
	spec((const char *[]){"/bin/true", NULL});
	set("linux.resources.devices", json_pack("[{s:b}, {s:s}]", "allow", 0, "access", "rwm"));
	expect_config_error("linux.resources.devices[1].allow", "missing");
	set("linux.resources.devices", json_pack("[{s:b, s:s}]", "allow", 1, "access", "rwx"));
	expect_config_error("linux.resources.devices[0].access", "\"rwx\"");
	set("linux.resources.devices", json_pack("[{s:b, s:s}]", "allow", 1, "type", "p"));
	expect_config_error("linux.resources.devices[0].type", "\"p\"");
}

/* ==== linux.seccomp ====================================================== */

Test(fields, seccomp_profile)
{
	spec((const char *[]){"/bin/sh", "-c", "grep Seccomp: /proc/self/status; /bin/sysprobe each getppid umask", NULL});
	set("linux.seccomp", json_pack("{s:s, s:[{s:[s], s:s, s:i}]}", "defaultAction", "SCMP_ACT_ALLOW", "syscalls",
	                               "names", "getppid", "action", "SCMP_ACT_ERRNO", "errnoRet", 1));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "Seccomp:\t2\ngetppid EPERM\numask ok\n");

	/* errnoRet is the errno seen. */
	set("linux.seccomp", json_pack("{s:s, s:[{s:[s], s:s, s:i}]}", "defaultAction", "SCMP_ACT_ALLOW", "syscalls",
	                               "names", "getppid", "action", "SCMP_ACT_ERRNO", "errnoRet", ENOSYS));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "Seccomp:\t2\ngetppid ENOSYS\numask ok\n");
}

Test(fields, seccomp_absent_means_no_filter)
{
	spec((const char *[]){"/bin/cat", "/proc/self/status", NULL});
	unset("linux.seccomp");
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_eq(mrt_status_long(r.out, "Seccomp"), 0, "%s", r.out);
}

Test(fields, seccomp_bad_action_is_an_error)
{
	spec((const char *[]){"/bin/true", NULL});
	set("linux.seccomp", json_pack("{s:s}", "defaultAction", "SCMP_ACT_MAYBE"));
	expect_config_error("linux.seccomp", "SCMP_ACT_MAYBE");
}

/* ==== linux.resources ==================================================== */

/* A file of pid's cgroup in ctrl's v1 tree (NULL: the cgroup2 tree). */
static char *cgroup_file(pid_t pid, const char *ctrl, const char *file)
{
	char path[1200];
	snprintf(path, sizeof path, "%s/%s", mrt_cgroup_dir(pid, ctrl), file);
	char *text = mrt_read_file(path);
	cr_assert(text, "no %s (is the container in a cgroup of its own?)", path);
	return text;
}

Test(fields, resources_pids_limit)
{
	/* pids.max counts every task of the cgroup: probe itself (pid 1, no
	 * init in OCI mode) and its children. */
	spec((const char *[]){"/bin/probe", "forks", "20", NULL});
	set("linux.resources.pids.limit", json_integer(10));
	cr_assert_eq(run(), 1, "out: %s err: %s", r.out, r.err);
	cr_expect_str_eq(r.out, "EAGAIN after 9\n");

	unset("linux.resources.pids");
	cr_assert_eq(run(), 0, "out: %s err: %s", r.out, r.err);
	cr_expect_str_eq(r.out, "forked 20\n");
}

Test(fields, resources_memory_limit_on_the_host_and_gone_after_delete)
{
	spec((const char *[]){"/bin/sleep", "100", NULL});
	set("linux.resources.memory.limit", json_integer(64 << 20));
	const char *id = new_id();
	pid_t pid = create(id);
	/* v1 when the container has a memory cgroup there, else v2. */
	char *limit = *mrt_cgroup_dir(pid, "memory") ? cgroup_file(pid, "memory", "memory.limit_in_bytes")
	                                         : cgroup_file(pid, NULL, "memory.max");
	cr_expect_eq(strtoll(limit, NULL, 10), 64 << 20, "memory limit %s", limit);
	free(limit);

	/* Every cgroup of its own the container has, in every tree. */
	char dirs[12][1024];
	int n = 0;
	const char *ctrls[] = {NULL, "memory", "pids", "cpu", "cpuset", "freezer"};
	for (size_t i = 0; i < sizeof ctrls / sizeof *ctrls; i++) {
		const char *d = mrt_cgroup_dir(pid, ctrls[i]);
		if (*d && n < 12)
			snprintf(dirs[n++], sizeof dirs[0], "%s", d);
	}
	cr_assert_gt(n, 0, "the container has no cgroup of its own");
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "--force", id, NULL), 0, "%s", r.err);
	for (int i = 0; i < n; i++)
		cr_expect_neq(access(dirs[i], F_OK), 0, "delete left %s", dirs[i]);
}

Test(fields, resources_cpu_quota_and_period)
{
	spec((const char *[]){"/bin/sleep", "100", NULL});
	set("linux.resources.cpu", json_pack("{s:i, s:i}", "quota", 25000, "period", 50000));
	pid_t pid = create(new_id());
	if (*mrt_cgroup_dir(pid, "cpu")) {
		char *quota = cgroup_file(pid, "cpu", "cpu.cfs_quota_us");
		char *period = cgroup_file(pid, "cpu", "cpu.cfs_period_us");
		cr_expect_str_eq(quota, "25000\n");
		cr_expect_str_eq(period, "50000\n");
		free(quota);
		free(period);
	} else {
		char *max = cgroup_file(pid, NULL, "cpu.max");
		cr_expect_str_eq(max, "25000 50000\n");
		free(max);
	}
}

Test(fields, resources_run_leaves_no_cgroup)
{
	/* run: the cgroup goes when the container exits. The script prints
	 * its own cgroup path (the host's view: no cgroup namespace). */
	spec((const char *[]){"/bin/cat", "/proc/self/cgroup", NULL});
	remove_namespace("cgroup");
	set("linux.resources.pids.limit", json_integer(50));
	cr_assert_eq(run(), 0, "%s", r.err);
	const char *line = strstr(r.out, ":pids:");
	cr_assert(line, "%s", r.out);
	char path[512], dir[700];
	cr_assert_eq(sscanf(line + 6, "%511s", path), 1);
	cr_assert_str_neq(path, "/", "not in a cgroup of its own: %s", r.out);
	snprintf(dir, sizeof dir, "/sys/fs/cgroup/pids%s", path);
	if (access("/sys/fs/cgroup/pids", F_OK) != 0)
		cr_skip_test("no v1 pids tree");
	cr_expect_neq(access(dir, F_OK), 0, "run left %s", dir);
}

/* ==== annotations, unknown fields, ociVersion ============================ */

Test(fields, annotations_and_unknown_fields_are_ignored)
{
	spec((const char *[]){"/bin/echo", "ran", NULL});
	set("annotations", json_pack("{s:s, s:s}", "org.example.key", "value", "com.example.other", ""));
	set("futureTopLevel", json_pack("{s:[i, i]}", "anything", 1, 2));
	set("process.futureProcessField", json_true());
	set("linux.futureLinuxField", json_string("x"));
	set("linux.intelRdt", json_pack("{s:s}", "closID", "ignored"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "ran\n");
}

Test(fields, annotation_values_must_be_strings)
{
	spec((const char *[]){"/bin/true", NULL});
	set("annotations", json_pack("{s:i}", "org.example.number", 1));
	expect_config_error("annotations[\"org.example.number\"]", "a string");
}

Test(fields, oci_version_must_be_1_x)
{
	spec((const char *[]){"/bin/echo", "ran", NULL});
	set("ociVersion", json_string("1.0.0"));
	cr_assert_eq(run(), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "ran\n");

	set("ociVersion", json_string("2.0"));
	expect_config_error("ociVersion", "\"2.0\"");
	unset("ociVersion");
	expect_config_error("ociVersion", "missing");
}
