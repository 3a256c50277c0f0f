/* Unit tests for lib/oci.c (config.json into struct mr_config),
 * lib/oci_spec.c (minirun spec) and lib/seccomp_export.c.
 *
 * Configs are written with single quotes for readability; load() turns
 * them into JSON. A later member replaces an earlier one of the same name
 * (jansson keeps the last), so tests append to a minimal valid config. */
#include "caps.h"
#include "mr_seccomp.h"
#include "oci.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define CAP(c) (UINT64_C(1) << (c))
#define SPEC_CAPS (CAP(CAP_AUDIT_WRITE) | CAP(CAP_KILL) | CAP(CAP_NET_BIND_SERVICE))
#define MINIMAL "'ociVersion': '1.2.0', 'root': {'path': 'rootfs'}, 'process': {'args': ['sh']}"

static struct mr_config cfg;
static struct mr_error err;
static json_t *doc;

static void teardown(void)
{
	mr_config_free(&cfg);
	json_decref(doc);
	doc = NULL;
}

TestSuite(oci, .fini = teardown);
TestSuite(oci_errors, .fini = teardown);
TestSuite(oci_spec, .fini = teardown);
TestSuite(seccomp_export);

/* ---- helpers ------------------------------------------------------------ */

/* 'single' quotes into "double" ones. */
static json_t *parse(const char *text)
{
	char *s = strdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	cr_assert(j, "test JSON is malformed at %d:%d: %s\n%s", je.line, je.column, je.text, s);
	free(s);
	return j;
}

/* A new config and no error, after freeing what an earlier load left. */
static void fresh(void)
{
	teardown();
	mr_config_init(&cfg);
	err = (struct mr_error)MR_ERROR_INIT;
}

/* {MINIMAL, extra} for the bundle /bundle; returns mr_oci_load_json's result. */
static int load(const char *extra)
{
	char text[8192];
	snprintf(text, sizeof text, "{" MINIMAL "%s%s}", *extra ? ", " : "", extra);
	fresh();
	doc = parse(text);
	return mr_oci_load_json(&cfg, doc, "/bundle", &err);
}

static void load_ok(const char *extra)
{
	cr_assert_eq(load(extra), 0, "%s", err.msg);
}

/* The load fails, with every one of the (up to two) texts in the message. */
static void expect_error(const char *extra, const char *want, const char *want2)
{
	cr_assert_eq(load(extra), -1, "loaded: %s", extra);
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
	cr_expect(strstr(err.msg, want), "want \"%s\" in: %s", want, err.msg);
	if (want2)
		cr_expect(strstr(err.msg, want2), "want \"%s\" in: %s", want2, err.msg);
}

static size_t count(char **list)
{
	size_t n = 0;
	while (list && list[n])
		n++;
	return n;
}

static const struct mr_mount *mount_at(const char *dest)
{
	for (size_t i = 0; i < cfg.n_mounts; i++)
		if (!strcmp(cfg.mounts[i].dest, dest))
			return &cfg.mounts[i];
	cr_assert_fail("no mount on %s", dest);
	return NULL;
}

static char *stderr_text(void)
{
	static char text[2048];
	fflush(stderr);
	size_t n = fread(text, 1, sizeof text - 1, cr_get_redirected_stderr());
	text[n] = 0;
	return text;
}

/* ---- the OCI defaults ---------------------------------------------------- */

Test(oci, minimal_config_gets_the_spec_defaults_not_the_cli_ones)
{
	load_ok("");
	cr_expect_str_eq(cfg.argv[0], "sh");
	cr_expect_null(cfg.argv[1]);
	cr_expect_eq(cfg.n_env, 0, "mr_config_init's PATH/HOME must go");
	cr_expect_null(cfg.env[0]);
	cr_expect_null(cfg.hostname);
	cr_expect_eq(count(cfg.masked_paths), 0);
	cr_expect_eq(count(cfg.readonly_paths), 0);
	cr_expect_not(cfg.no_new_privs);
	cr_expect(cfg.seccomp_unconfined);
	cr_expect_null(cfg.seccomp);
	cr_expect_not(cfg.init, "the process is pid 1 itself");
	cr_expect(cfg.oci_mounts);
	cr_expect(cfg.want_cgroup);
	cr_expect_not(cfg.terminal);
	cr_expect_str_eq(cfg.cwd, "/");
	cr_expect_str_eq(cfg.user, "0:0");
	cr_expect_null(cfg.group_add);
	cr_expect_eq(cfg.umask, 022);
	cr_expect_not(cfg.set_oom_score_adj);
	cr_expect_eq(cfg.n_mounts, 0);
	cr_expect_eq(cfg.n_rlimits, 0);
	cr_expect_not(cfg.readonly_rootfs);
	cr_expect_eq(cfg.caps.bounding | cfg.caps.effective | cfg.caps.permitted | cfg.caps.inheritable |
	             cfg.caps.ambient, 0);
	for (int i = 0; i < MR_NS_COUNT; i++) {
		cr_expect_not(cfg.ns[i], "namespace %d without being listed", i);
		cr_expect_null(cfg.ns_path[i]);
	}
	cr_expect_null(cfg.cgroup_path);
	cr_expect_eq(cfg.resources.memory, 0);
	for (int k = 0; k < MR_HOOK_COUNT; k++)
		cr_expect_eq(cfg.n_hooks[k], 0);
	cr_expect_null(cfg.id, "the caller sets the id");
}

/* ---- root ----------------------------------------------------------------- */

Test(oci, root_path_relative_to_the_bundle)
{
	load_ok("'root': {'path': './images//rootfs/', 'readonly': true}");
	cr_expect_str_eq(cfg.rootfs, "/bundle/images/rootfs");
	cr_expect(cfg.readonly_rootfs);
}

Test(oci, root_path_absolute_is_kept)
{
	load_ok("'root': {'path': '/srv/root'}");
	cr_expect_str_eq(cfg.rootfs, "/srv/root");
	cr_expect_not(cfg.readonly_rootfs);
}

Test(oci, relative_bundle_is_made_absolute)
{
	char cwd[PATH_MAX], want[PATH_MAX + 32];
	cr_assert(getcwd(cwd, sizeof cwd));
	snprintf(want, sizeof want, "%s/b/rootfs", strcmp(cwd, "/") ? cwd : "");
	fresh();
	doc = parse("{" MINIMAL "}");
	cr_assert_eq(mr_oci_load_json(&cfg, doc, "./b", &err), 0, "%s", err.msg);
	cr_expect_str_eq(cfg.rootfs, want);
}

Test(oci_errors, root_and_version)
{
	expect_error("'root': {'readonly': true}", "root.path: missing", NULL);
	expect_error("'root': 'rootfs'", "root: expected an object", "got \"rootfs\"");
	expect_error("'ociVersion': '0.5.0'", "ociVersion: expected a runtime-spec 1.x version", "\"0.5.0\"");
	expect_error("'ociVersion': 1", "ociVersion", "got 1");
	expect_error("'process': null", "process: missing", "args");
}

Test(oci_errors, top_level_must_be_an_object)
{
	fresh();
	doc = parse("['not', 'a', 'config']");
	cr_assert_eq(mr_oci_load_json(&cfg, doc, "/bundle", &err), -1);
	cr_expect(strstr(err.msg, "expected a JSON object"), "%s", err.msg);
}

/* ---- process -------------------------------------------------------------- */

Test(oci, process_fields)
{
	load_ok("'process': {'terminal': true, 'args': ['/bin/echo', 'hi'], 'cwd': '/srv',"
	        " 'env': ['PATH=/bin', 'A=1', 'EMPTY=', 'A=2'],"
	        " 'user': {'uid': 1000, 'gid': 100, 'umask': 63, 'additionalGids': [5, 27]},"
	        " 'noNewPrivileges': true, 'oomScoreAdj': -500,"
	        " 'apparmorProfile': 'ignored', 'selinuxLabel': 'ignored', 'somethingNew': {'x': 1}}");
	cr_expect(cfg.terminal);
	cr_expect_str_eq(cfg.argv[0], "/bin/echo");
	cr_expect_str_eq(cfg.argv[1], "hi");
	cr_expect_null(cfg.argv[2]);
	cr_expect_str_eq(cfg.cwd, "/srv");
	cr_expect_eq(cfg.n_env, 3, "A=2 replaces A=1");
	cr_expect_str_eq(mr_config_getenv(&cfg, "PATH"), "/bin");
	cr_expect_str_eq(mr_config_getenv(&cfg, "A"), "2");
	cr_expect_str_eq(mr_config_getenv(&cfg, "EMPTY"), "");
	cr_expect_null(mr_config_getenv(&cfg, "HOME"), "no HOME unless the config has one");
	cr_expect_str_eq(cfg.user, "1000:100");
	cr_assert_eq(count(cfg.group_add), 2);
	cr_expect_str_eq(cfg.group_add[0], "5");
	cr_expect_str_eq(cfg.group_add[1], "27");
	cr_expect_eq(cfg.umask, 077);
	cr_expect(cfg.no_new_privs);
	cr_expect(cfg.set_oom_score_adj);
	cr_expect_eq(cfg.oom_score_adj, -500);
}

Test(oci, process_alone_for_exec)
{
	fresh();
	doc = parse("{'args': ['ps'], 'env': ['X=y'], 'capabilities': {'bounding': ['CAP_KILL']}}");
	cr_assert_eq(mr_oci_load_process(&cfg, doc, "process", &err), 0, "%s", err.msg);
	cr_expect_str_eq(cfg.argv[0], "ps");
	cr_expect_eq(cfg.n_env, 1);
	cr_expect_eq(cfg.caps.bounding, CAP(CAP_KILL) & mr_caps_own_bounding());
	cr_expect_not(cfg.no_new_privs);
	json_t *bad = parse("{'args': []}");
	cr_expect_eq(mr_oci_load_process(&cfg, bad, "exec.json", &err), -1);
	cr_expect(strstr(err.msg, "exec.json.args: expected a non-empty array of strings"), "%s", err.msg);
	json_decref(bad);
}

Test(oci_errors, process_args)
{
	expect_error("'process': {'args': []}", "process.args: expected a non-empty array of strings", NULL);
	expect_error("'process': {'cwd': '/'}", "process.args: missing", NULL);
	expect_error("'process': {'args': 'sh'}", "process.args: expected a non-empty array of strings", NULL);
	expect_error("'process': {'args': ['sh', 3]}", "process.args[1]: expected a string, got 3", NULL);
}

Test(oci_errors, process_values)
{
	expect_error("'process': {'args': ['sh'], 'env': ['A=1', 'NOEQUALS']}", "process.env[1]",
	             "\"KEY=value\"");
	expect_error("'process': {'args': ['sh'], 'cwd': 'srv'}", "process.cwd", "absolute");
	expect_error("'process': {'args': ['sh'], 'terminal': 'yes'}", "process.terminal: expected true or false",
	             NULL);
	expect_error("'process': {'args': ['sh'], 'user': {'uid': -1}}", "process.user.uid", "got -1");
	expect_error("'process': {'args': ['sh'], 'user': {'uid': 0, 'additionalGids': [1, 'wheel']}}",
	             "process.user.additionalGids[1]", "got \"wheel\"");
	expect_error("'process': {'args': ['sh'], 'user': {'umask': 512}}", "process.user.umask", NULL);
	expect_error("'process': {'args': ['sh'], 'oomScoreAdj': 1001}", "process.oomScoreAdj",
	             "from -1000 to 1000");
}

/* ---- capabilities ----------------------------------------------------------- */

Test(oci, capabilities_each_set)
{
	uint64_t want = CAP(CAP_CHOWN) | CAP(CAP_KILL) | CAP(CAP_SETUID) | CAP(CAP_NET_RAW) | CAP(CAP_SETGID);
	if ((mr_caps_own_bounding() & want) != want)
		cr_skip_test("this host cannot grant CHOWN, KILL, SETUID, SETGID and NET_RAW");
	load_ok("'process': {'args': ['sh'], 'capabilities': {"
	        " 'bounding': ['CAP_CHOWN', 'CAP_KILL', 'CAP_SETUID', 'CAP_NET_RAW', 'CAP_SETGID'],"
	        " 'effective': ['CAP_KILL'], 'inheritable': ['CAP_SETUID'],"
	        " 'permitted': ['CAP_KILL', 'cap_net_raw'], 'ambient': ['CAP_SETGID']}}");
	cr_expect_eq(cfg.caps.bounding, want);
	cr_expect_eq(cfg.caps.effective, CAP(CAP_KILL));
	cr_expect_eq(cfg.caps.inheritable, CAP(CAP_SETUID));
	cr_expect_eq(cfg.caps.permitted, CAP(CAP_KILL) | CAP(CAP_NET_RAW));
	cr_expect_eq(cfg.caps.ambient, CAP(CAP_SETGID));
}

Test(oci_errors, unknown_capability_names_its_path_and_a_suggestion)
{
	expect_error("'process': {'args': ['sh'], 'capabilities': {'bounding': ['CAP_KILL', 'CAP_CHOWN', "
	             "'CAP_FOO']}}", "process.capabilities.bounding[2]: unknown capability \"CAP_FOO\"", NULL);
	expect_error("'process': {'args': ['sh'], 'capabilities': {'ambient': ['CAP_NET_BIND_SERVIC']}}",
	             "process.capabilities.ambient[0]: unknown capability",
	             "did you mean CAP_NET_BIND_SERVICE?");
	expect_error("'process': {'args': ['sh'], 'capabilities': ['CAP_KILL']}",
	             "process.capabilities: expected an object", NULL);
	expect_error("'process': {'args': ['sh'], 'capabilities': {'effective': [7]}}",
	             "process.capabilities.effective[0]: expected a capability name", NULL);
}

/* A capability the host cannot grant is dropped from every set, with one
 * notice, as runc does. The test's own process (criterion forks one per
 * test) drops CAP_SYS_ADMIN from its bounding set to be such a host. */
Test(oci, capability_the_host_lacks_is_dropped_with_a_notice, .init = cr_redirect_stderr)
{
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) != 0 && (mr_caps_own_bounding() & CAP(CAP_SYS_ADMIN)))
		cr_skip_test("cannot drop CAP_SYS_ADMIN from the bounding set here");
	if (!(mr_caps_own_bounding() & CAP(CAP_KILL)))
		cr_skip_test("this host cannot grant CAP_KILL");
	load_ok("'process': {'args': ['sh'], 'capabilities': {'bounding': ['CAP_SYS_ADMIN', 'CAP_KILL'],"
	        " 'effective': ['CAP_SYS_ADMIN'], 'permitted': ['CAP_SYS_ADMIN', 'CAP_KILL'],"
	        " 'inheritable': ['CAP_SYS_ADMIN'], 'ambient': ['CAP_SYS_ADMIN']}}");
	cr_expect_eq(cfg.caps.bounding, CAP(CAP_KILL));
	cr_expect_eq(cfg.caps.permitted, CAP(CAP_KILL));
	cr_expect_eq(cfg.caps.effective | cfg.caps.inheritable | cfg.caps.ambient, 0);
	char *text = stderr_text();
	const char *named = strstr(text, "CAP_SYS_ADMIN");
	cr_assert(strstr(text, "notice") && named, "stderr: %s", text);
	cr_expect_null(strstr(named + 1, "CAP_SYS_ADMIN"), "one notice: %s", text);
}

/* ---- rlimits ----------------------------------------------------------------- */

Test(oci, rlimits)
{
	load_ok("'process': {'args': ['sh'], 'rlimits': [{'type': 'RLIMIT_NOFILE', 'soft': 1024, 'hard': 4096},"
	        " {'type': 'RLIMIT_CORE', 'soft': 0, 'hard': 0}, {'type': 'RLIMIT_RTTIME', 'hard': 9, 'soft': 8}]}");
	cr_assert_eq(cfg.n_rlimits, 3);
	cr_expect_eq(cfg.rlimits[0].resource, RLIMIT_NOFILE);
	cr_expect_eq(cfg.rlimits[0].soft, 1024);
	cr_expect_eq(cfg.rlimits[0].hard, 4096);
	cr_expect_eq(cfg.rlimits[1].resource, RLIMIT_CORE);
	cr_expect_eq(cfg.rlimits[1].hard, 0);
	cr_expect_eq(cfg.rlimits[2].resource, RLIMIT_RTTIME);
}

Test(oci_errors, rlimits)
{
	expect_error("'process': {'args': ['sh'], 'rlimits': [{'type': 'RLIMIT_FILES', 'soft': 1, 'hard': 1}]}",
	             "process.rlimits[0].type: unknown resource \"RLIMIT_FILES\"", "NOFILE");
	expect_error("'process': {'args': ['sh'], 'rlimits': [{'type': 'RLIMIT_NOFILE', 'soft': 10, 'hard': 5}]}",
	             "process.rlimits[0]: soft limit 10 is above the hard limit 5", NULL);
	expect_error("'process': {'args': ['sh'], 'rlimits': [{'type': 'RLIMIT_NOFILE', 'soft': 1, 'hard': 1},"
	             " {'type': 'RLIMIT_NOFILE', 'soft': 2, 'hard': 2}]}", "process.rlimits[1]", "twice");
	expect_error("'process': {'args': ['sh'], 'rlimits': [{'type': 'RLIMIT_NOFILE', 'soft': 1}]}",
	             "process.rlimits[0]", "\"hard\"");
	expect_error("'process': {'args': ['sh'], 'rlimits': [{'type': 'RLIMIT_NOFILE', 'soft': 1.5, 'hard': 2}]}",
	             "process.rlimits[0].soft", "got 1.5");
}

/* ---- mounts --------------------------------------------------------------------- */

Test(oci, mounts_bind_and_filesystems)
{
	load_ok("'mounts': ["
	        " {'destination': '/data', 'type': 'bind', 'source': 'data', 'options': ['rbind', 'ro', 'rslave']},"
	        " {'destination': '/plain', 'type': 'bind', 'source': '/srv/plain'},"
	        " {'destination': '/opt', 'source': '/srv/opt', 'options': ['bind', 'nosuid', 'private']},"
	        " {'destination': '/dev', 'type': 'tmpfs', 'source': 'tmpfs',"
	        "  'options': ['nosuid', 'strictatime', 'mode=755', 'size=65536k']},"
	        " {'destination': '/dev/pts', 'type': 'devpts', 'source': 'devpts', 'options':"
	        "  ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5']},"
	        " {'destination': '/proc', 'type': 'proc'},"
	        " {'destination': 'rel', 'type': 'tmpfs', 'options': ['nodev', 'noatime', 'nodiratime', 'relatime',"
	        "  'sync', 'remount', 'ro', 'rw', 'noexec', 'exec', 'runbindable']}]");
	cr_assert_eq(cfg.n_mounts, 7);
	const struct mr_mount *m = mount_at("/data");
	cr_expect_eq(m->kind, MR_MOUNT_BIND);
	cr_expect_str_eq(m->source, "/bundle/data", "relative to the bundle");
	cr_expect_not(m->nonrecursive, "rbind");
	cr_expect_eq(m->flags, MS_RDONLY);
	cr_expect_eq(m->propagation, MS_REC | MS_SLAVE);
	m = mount_at("/plain");
	cr_expect_eq(m->kind, MR_MOUNT_BIND);
	cr_expect(m->nonrecursive, "type bind without rbind");
	cr_expect_str_eq(m->source, "/srv/plain");
	m = mount_at("/opt");
	cr_expect_eq(m->kind, MR_MOUNT_BIND, "the bind option without a type");
	cr_expect(m->nonrecursive);
	cr_expect_eq(m->flags, MS_NOSUID);
	cr_expect_eq(m->propagation, MS_PRIVATE);
	m = mount_at("/dev");
	cr_expect_eq(m->kind, MR_MOUNT_FS);
	cr_expect_str_eq(m->fstype, "tmpfs");
	cr_expect_str_eq(m->source, "tmpfs");
	cr_expect_eq(m->flags, MS_NOSUID | MS_STRICTATIME);
	cr_expect_str_eq(m->data, "mode=755,size=65536k");
	m = mount_at("/dev/pts");
	cr_expect_eq(m->flags, MS_NOSUID | MS_NOEXEC);
	cr_expect_str_eq(m->data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
	m = mount_at("/proc");
	cr_expect_str_eq(m->source, "proc", "no source: the type");
	cr_expect_null(m->data);
	cr_expect_eq(m->flags, 0);
	m = mount_at("/rel");
	cr_expect_eq(m->flags, MS_NODEV | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_SYNCHRONOUS | MS_REMOUNT);
	cr_expect_eq(m->propagation, MS_REC | MS_UNBINDABLE);
	cr_expect_null(m->data);
	cr_expect_str_eq(cfg.mounts[0].dest, "/data", "in the listed order");
	cr_expect_str_eq(cfg.mounts[6].dest, "/rel");
}

Test(oci_errors, mounts)
{
	expect_error("'mounts': [{'destination': '/a', 'type': 'tmpfs'}, {'type': 'tmpfs'}]",
	             "mounts[1].destination: missing", NULL);
	expect_error("'mounts': [{'destination': '/a', 'type': 'bind'}]", "mounts[0].source: missing", NULL);
	expect_error("'mounts': [{'destination': '/a', 'source': '/b'}]", "mounts[0].type: missing", NULL);
	expect_error("'mounts': [{'destination': '/a', 'type': 'tmpfs', 'options': ['ro', 5]}]",
	             "mounts[0].options[1]", "got 5");
	expect_error("'mounts': {'destination': '/a'}", "mounts: expected an array", NULL);
	expect_error("'mounts': ['/a']", "mounts[0]: expected an object", NULL);
}

/* ---- linux ------------------------------------------------------------------------ */

Test(oci, namespaces)
{
	load_ok("'linux': {'namespaces': [{'type': 'pid'}, {'type': 'network', 'path': '/run/netns/blue'},"
	        " {'type': 'mount'}, {'type': 'ipc'}, {'type': 'uts'}, {'type': 'user'}, {'type': 'cgroup'}]}");
	for (int i = 0; i < MR_NS_COUNT; i++)
		cr_expect(cfg.ns[i], "namespace %d", i);
	cr_expect_str_eq(cfg.ns_path[MR_NS_NET], "/run/netns/blue");
	cr_expect_null(cfg.ns_path[MR_NS_PID]);
	load_ok("'linux': {'namespaces': [{'type': 'mount'}]}");
	cr_expect(cfg.ns[MR_NS_MOUNT]);
	cr_expect_not(cfg.ns[MR_NS_PID] || cfg.ns[MR_NS_NET] || cfg.ns[MR_NS_USER] || cfg.ns[MR_NS_UTS]);
}

Test(oci_errors, namespaces)
{
	expect_error("'linux': {'namespaces': [{'type': 'pid'}, {'type': 'foo'}]}",
	             "linux.namespaces[1].type: unknown namespace \"foo\" "
	             "(expected pid, network, mount, ipc, uts, user, cgroup)", NULL);
	expect_error("'linux': {'namespaces': [{'type': 'time'}]}", "linux.namespaces[0].type",
	             "time namespace is not supported");
	expect_error("'linux': {'namespaces': [{'type': 'pid'}, {'type': 'pid'}]}", "linux.namespaces[1].type",
	             "twice");
	expect_error("'linux': {'namespaces': [{'type': 'network', 'path': 'netns'}]}",
	             "linux.namespaces[0].path", "absolute");
	expect_error("'linux': {'namespaces': [{'path': '/proc/1/ns/pid'}]}", "linux.namespaces[0].type: missing",
	             NULL);
}

Test(oci, id_mappings)
{
	load_ok("'linux': {'namespaces': [{'type': 'user'}],"
	        " 'uidMappings': [{'containerID': 0, 'hostID': 100000, 'size': 65536}, {'containerID': 65536,"
	        "  'hostID': 1000, 'size': 1}], 'gidMappings': [{'containerID': 0, 'hostID': 200000, 'size': 10}]}");
	cr_assert_eq(cfg.n_uid_map, 2);
	cr_expect_eq(cfg.uid_map[0].inside, 0);
	cr_expect_eq(cfg.uid_map[0].outside, 100000);
	cr_expect_eq(cfg.uid_map[0].count, 65536);
	cr_expect_eq(cfg.uid_map[1].inside, 65536);
	cr_expect_eq(cfg.uid_map[1].outside, 1000);
	cr_assert_eq(cfg.n_gid_map, 1);
	cr_expect_eq(cfg.gid_map[0].outside, 200000);
	cr_expect_eq(cfg.gid_map[0].count, 10);
}

Test(oci_errors, id_mappings)
{
	expect_error("'linux': {'namespaces': [{'type': 'user'}], 'uidMappings': [{'containerID': 0, 'hostID': 1,"
	             " 'size': 0}]}", "linux.uidMappings[0].size: expected an integer from 1 to 4294967295",
	             "got 0");
	expect_error("'linux': {'namespaces': [{'type': 'user'}], 'gidMappings': [{'containerID': 0, 'hostID': '1',"
	             " 'size': 1}]}", "linux.gidMappings[0].hostID", "got \"1\"");
	expect_error("'linux': {'namespaces': [{'type': 'user'}], 'uidMappings': [{'containerID': 0, 'size': 1}]}",
	             "linux.uidMappings[0]", "\"hostID\"");
	expect_error("'linux': {'uidMappings': [{'containerID': 0, 'hostID': 1, 'size': 1}]}",
	             "linux.uidMappings", "needs a user namespace");
}

Test(oci, masked_and_readonly_paths_exactly_as_listed)
{
	load_ok("'linux': {'maskedPaths': ['/proc/kcore', '/secret'], 'readonlyPaths': ['/proc/sys']}");
	cr_assert_eq(count(cfg.masked_paths), 2);
	cr_expect_str_eq(cfg.masked_paths[0], "/proc/kcore");
	cr_expect_str_eq(cfg.masked_paths[1], "/secret");
	cr_assert_eq(count(cfg.readonly_paths), 1);
	cr_expect_str_eq(cfg.readonly_paths[0], "/proc/sys");
	load_ok("'linux': {'maskedPaths': []}");
	cr_expect_eq(count(cfg.masked_paths), 0);
	cr_expect_eq(count(cfg.readonly_paths), 0);
}

Test(oci, propagation_sysctl_devices)
{
	load_ok("'linux': {'rootfsPropagation': 'rslave', 'sysctl': {'net.ipv4.ip_forward': '1',"
	        " 'kernel.msgmax': '8192'}, 'devices': [{'type': 'c', 'path': '/dev/fuse', 'major': 10, 'minor': 229,"
	        " 'fileMode': 438, 'uid': 0, 'gid': 0}, {'type': 'b', 'path': '/dev/sda', 'major': 8, 'minor': 0,"
	        " 'fileMode': 432, 'uid': 5, 'gid': 6}, {'type': 'u', 'path': '/dev/u', 'major': 1, 'minor': 3},"
	        " {'type': 'p', 'path': '/dev/fifo'}]}");
	cr_expect_eq(cfg.rootfs_propagation, MS_REC | MS_SLAVE);
	cr_assert_eq(cfg.n_sysctl, 2);
	cr_expect_str_eq(cfg.sysctl[0].key, "net.ipv4.ip_forward");
	cr_expect_str_eq(cfg.sysctl[0].value, "1");
	cr_expect_str_eq(cfg.sysctl[1].key, "kernel.msgmax");
	cr_expect_str_eq(cfg.sysctl[1].value, "8192");
	cr_assert_eq(cfg.n_devices, 4);
	cr_expect_eq(cfg.devices[0].type, 'c');
	cr_expect_str_eq(cfg.devices[0].path, "/dev/fuse");
	cr_expect_eq(cfg.devices[0].major, 10);
	cr_expect_eq(cfg.devices[0].minor, 229);
	cr_expect_eq(cfg.devices[0].mode, 0666);
	cr_expect_eq(cfg.devices[1].type, 'b');
	cr_expect_eq(cfg.devices[1].mode, 0660);
	cr_expect_eq(cfg.devices[1].uid, 5);
	cr_expect_eq(cfg.devices[1].gid, 6);
	cr_expect_eq(cfg.devices[2].type, 'c', "u is unbuffered character");
	cr_expect_eq(cfg.devices[2].mode, 0666, "default mode");
	cr_expect_eq(cfg.devices[3].type, 'p');
}

Test(oci_errors, propagation_sysctl_devices)
{
	expect_error("'linux': {'rootfsPropagation': 'sideways'}", "linux.rootfsPropagation", "\"sideways\"");
	expect_error("'linux': {'sysctl': {'net.ipv4.ip_forward': 1}}", "linux.sysctl[\"net.ipv4.ip_forward\"]",
	             "expected a string");
	expect_error("'linux': {'devices': [{'type': 'c', 'path': '/dev/x', 'minor': 1}]}", "linux.devices[0]",
	             "\"major\"");
	expect_error("'linux': {'devices': [{'type': 'x', 'path': '/dev/x'}]}", "linux.devices[0].type",
	             "unknown device type \"x\"");
	expect_error("'linux': {'devices': [{'type': 'p', 'path': 'dev/x'}]}", "linux.devices[0].path", NULL);
}

Test(oci, seccomp_is_compiled_when_given)
{
	load_ok("'linux': {'seccomp': {'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [{'names': ['mount'],"
	        " 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 1}]}}");
	cr_expect_not(cfg.seccomp_unconfined);
	cr_assert_not_null(cfg.seccomp);
	cr_expect_gt(cfg.seccomp->prog.len, 0);
}

Test(oci_errors, seccomp)
{
	expect_error("'linux': {'seccomp': {'defaultAction': 'SCMP_ACT_SOMETIMES'}}", "linux.seccomp",
	             "SCMP_ACT_SOMETIMES");
}

Test(oci, resources_and_cgroups_path)
{
	load_ok("'linux': {'cgroupsPath': '/machine/c1', 'resources': {'memory': {'limit': 536870912, 'swap': -1,"
	        " 'reservation': 1}, 'pids': {'limit': 100}, 'cpu': {'shares': 512, 'quota': 50000, 'period': 100000,"
	        " 'cpus': '0-1', 'mems': '0'}, 'devices': [{'allow': false, 'access': 'rwm'}]}}");
	cr_expect_str_eq(cfg.cgroup_path, "/machine/c1");
	cr_expect_eq(cfg.resources.memory, 536870912);
	cr_expect_eq(cfg.resources.memory_swap, -1);
	cr_expect_eq(cfg.resources.pids, 100);
	cr_expect_eq(cfg.resources.cpu_shares, 512);
	cr_expect_eq(cfg.resources.cpu_quota, 50000);
	cr_expect_eq(cfg.resources.cpu_period, 100000);
	cr_expect_str_eq(cfg.resources.cpuset_cpus, "0-1");
	cr_expect_str_eq(cfg.resources.cpuset_mems, "0");
}

/* The device cgroup: the config's rules in order, then an allow rule for
 * each node of linux.devices; none of it in a user namespace, where mknod
 * is refused anyway. */
Test(oci, device_rules_from_resources_and_devices)
{
	load_ok("'linux': {'namespaces': [{'type': 'mount'}], 'devices': [{'path': '/dev/fuse', 'type': 'c', "
	        "'major': 10, 'minor': 229}, {'path': '/dev/fifo', 'type': 'p'}], 'resources': {'devices': ["
	        "{'allow': false, 'access': 'rwm'}, {'allow': true, 'type': 'b', 'major': 7, 'access': 'r'}, "
	        "{'allow': true, 'type': '', 'minor': 3}]}}");
	cr_expect(cfg.resources.devices);
	cr_assert_eq(cfg.resources.n_device_rules, 4, "3 rules and /dev/fuse (a fifo needs none)");
	const struct mr_device_rule *d = cfg.resources.device_rules;
	cr_expect(!d[0].allow && d[0].type == 'a' && d[0].major == -1 && d[0].minor == -1);
	cr_expect_str_eq(d[0].access, "rwm");
	cr_expect(d[1].allow && d[1].type == 'b' && d[1].major == 7 && d[1].minor == -1);
	cr_expect_str_eq(d[1].access, "r");
	cr_expect(d[2].allow && d[2].type == 'a' && d[2].minor == 3, "Go's \"\" type is all");
	cr_expect(d[3].allow && d[3].type == 'c' && d[3].major == 10 && d[3].minor == 229);
	cr_expect_str_eq(d[3].access, "rwm");

	load_ok("'linux': {'namespaces': [{'type': 'mount'}]}");
	cr_expect(cfg.resources.devices, "no rules: every device but the usual denied all the same");
	cr_expect_eq(cfg.resources.n_device_rules, 0);

	load_ok("'linux': {'namespaces': [{'type': 'user'}], 'uidMappings': [{'containerID': 0, 'hostID': 1000, "
	        "'size': 1}], 'gidMappings': [{'containerID': 0, 'hostID': 1000, 'size': 1}], 'resources': {"
	        "'devices': [{'allow': false, 'access': 'rwm'}]}}");
	cr_expect_not(cfg.resources.devices, "a user namespace needs no device cgroup");

	expect_error("'linux': {'resources': {'devices': [{'access': 'r'}]}}", "linux.resources.devices[0].allow",
	             "missing");
	expect_error("'linux': {'resources': {'devices': [{'allow': true, 'major': -2}]}}",
	             "linux.resources.devices[0].major", NULL);
	expect_error("'linux': {'resources': {'devices': [{'allow': true, 'access': 'rr'}, {'allow': 1}]}}",
	             "linux.resources.devices[1].allow", NULL);
}

Test(oci, a_resources_object_alone)
{
	/* What engines pass to update -r: Go's zero values ("" cpus) and
	 * members minirun does not write are no change. */
	doc = parse("{'memory': {'limit': 33554432, 'reservation': 0}, 'pids': {'limit': 99}, 'cpu': {'shares': 512,"
	            " 'cpus': '', 'mems': ''}, 'blockIO': {'weight': 10}, 'devices': []}");
	struct mr_resources r = {.memory_swap = 1LL << 30, .cpuset_cpus = "0"};
	cr_assert_eq(mr_oci_load_resources(doc, "", &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.memory, 33554432);
	cr_expect_eq(r.memory_swap, 1LL << 30, "not given: kept");
	cr_expect_eq(r.pids, 99);
	cr_expect_eq(r.cpu_shares, 512);
	cr_expect_str_eq(r.cpuset_cpus, "0", "\"\" is not set");
	cr_expect_null(r.cpuset_mems);

	/* and back: the limits into an object, its other members kept */
	json_t *saved = parse("{'devices': [{'allow': false}], 'memory': {'reservation': 5}}");
	r.cpu_quota = -1;
	cr_assert_eq(mr_oci_store_resources(saved, &r), 0);
	struct mr_resources again = {0};
	cr_assert_eq(mr_oci_load_resources(saved, "linux.resources", &again, &err), 0, "%s", err.msg);
	cr_expect(again.memory == 33554432 && again.memory_swap == 1LL << 30 && again.pids == 99 &&
	          again.cpu_shares == 512 && again.cpu_quota == -1 && again.cpu_period == 0);
	cr_expect_str_eq(again.cpuset_cpus, "0");
	cr_expect(json_array_size(json_object_get(saved, "devices")) == 1 &&
	          json_integer_value(json_object_get(json_object_get(saved, "memory"), "reservation")) == 5);
	json_decref(saved);
}

Test(oci_errors, a_resources_object_alone)
{
	doc = parse("{'cpu': {'quota': 'lots'}}");
	struct mr_resources r = {0};
	cr_expect_eq(mr_oci_load_resources(doc, "", &r, &err), -1);
	cr_expect_str_eq(err.msg, "cpu.quota: expected an integer, -1 for unlimited, got \"lots\"");
	cr_expect_eq(mr_oci_load_resources(doc, "linux.resources", &r, &err), -1);
	cr_expect(!strncmp(err.msg, "linux.resources.cpu.quota:", 26), "%s", err.msg);
	json_t *arr = parse("[]");
	cr_expect_eq(mr_oci_load_resources(arr, "", &r, &err), -1);
	cr_expect(strstr(err.msg, "expected a resources object"), "%s", err.msg);
	json_decref(arr);
}

Test(oci_errors, resources)
{
	expect_error("'linux': {'resources': {'memory': {'limit': '1G'}}}", "linux.resources.memory.limit",
	             "got \"1G\"");
	expect_error("'linux': {'resources': {'cpu': {'quota': -2}}}", "linux.resources.cpu.quota",
	             "-1 for unlimited");
	expect_error("'linux': {'resources': {'pids': 5}}", "linux.resources.pids: expected an object", NULL);
	expect_error("'linux': []", "linux: expected an object", NULL);
}

/* ---- hostname, hooks, annotations ------------------------------------------------ */

Test(oci, hostname_with_a_uts_namespace)
{
	load_ok("'hostname': 'box', 'linux': {'namespaces': [{'type': 'uts'}]}");
	cr_expect_str_eq(cfg.hostname, "box");
}

Test(oci_errors, hostname_without_a_uts_namespace)
{
	expect_error("'hostname': 'box'", "hostname", "uts namespace");
	expect_error("'hostname': 7, 'linux': {'namespaces': [{'type': 'uts'}]}", "hostname: expected a string",
	             NULL);
}

Test(oci, hooks_of_every_kind)
{
	load_ok("'hooks': {'prestart': [{'path': '/bin/a'}], 'createRuntime': [{'path': '/bin/b', 'args': ['b', '-x'],"
	        " 'env': ['K=V'], 'timeout': 5}, {'path': '/bin/b2'}], 'createContainer': [{'path': '/bin/c'}],"
	        " 'startContainer': [{'path': '/bin/d'}], 'poststart': [{'path': '/bin/e'}],"
	        " 'poststop': [{'path': '/bin/f'}], 'unknownKind': [{'path': 'whatever'}]}");
	const char *paths[MR_HOOK_COUNT] = {"/bin/a", "/bin/b", "/bin/c", "/bin/d", "/bin/e", "/bin/f"};
	for (int k = 0; k < MR_HOOK_COUNT; k++) {
		cr_assert_geq(cfg.n_hooks[k], 1, "kind %d", k);
		cr_expect_str_eq(cfg.hooks[k][0].path, paths[k]);
	}
	cr_assert_eq(cfg.n_hooks[MR_HOOK_CREATE_RUNTIME], 2);
	const struct mr_hook *h = &cfg.hooks[MR_HOOK_CREATE_RUNTIME][0];
	cr_expect_str_eq(h->args[0], "b");
	cr_expect_str_eq(h->args[1], "-x");
	cr_expect_null(h->args[2]);
	cr_expect_str_eq(h->env[0], "K=V");
	cr_expect_null(h->env[1]);
	cr_expect_eq(h->timeout, 5);
	h = &cfg.hooks[MR_HOOK_PRESTART][0];
	cr_expect_null(h->args);
	cr_expect_null(h->env);
	cr_expect_eq(h->timeout, 0);
}

Test(oci_errors, hooks_and_annotations)
{
	expect_error("'hooks': {'poststop': [{'path': 'relative'}]}", "hooks.poststop[0].path", "absolute");
	expect_error("'hooks': {'poststart': [{'path': '/bin/x', 'timeout': 0}]}", "hooks.poststart[0].timeout",
	             "got 0");
	expect_error("'hooks': {'prestart': [{'path': '/bin/x', 'args': ['x', null]}]}", "hooks.prestart[0].args[1]",
	             NULL);
	expect_error("'annotations': {'a': 'b', 'n': 1}", "annotations[\"n\"]: expected a string", NULL);
	expect_error("'annotations': ['a']", "annotations: expected an object", NULL);
}

Test(oci, annotations_and_unknown_fields_are_accepted)
{
	load_ok("'annotations': {'org.example': 'x'}, 'domainname': 'ignored', 'vm': {'hypervisor': {}},"
	        " 'linux': {'intelRdt': {}, 'personality': {'domain': 'LINUX'}}");
}

/* ---- files: mr_oci_load --------------------------------------------------------------- */

static char bundle[64];

static void write_config(const char *text)
{
	char path[128];
	snprintf(bundle, sizeof bundle, "/tmp/minirun-oci-XXXXXX");
	cr_assert(mkdtemp(bundle));
	snprintf(path, sizeof path, "%s/config.json", bundle);
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static void remove_bundle(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/config.json", bundle);
	unlink(path);
	rmdir(bundle);
}

Test(oci, load_from_a_bundle_directory)
{
	write_config("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"},\n"
	             " \"process\": {\"args\": [\"true\"]}}\n");
	fresh();
	int rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_not_null(doc);
	char want[128];
	snprintf(want, sizeof want, "%s/rootfs", bundle);
	cr_expect_str_eq(cfg.rootfs, want);
	cr_expect_str_eq(cfg.argv[0], "true");
}

Test(oci_errors, malformed_file_reports_line_and_column)
{
	write_config("{\n  \"ociVersion\": \"1.2.0\",\n  \"root\": {\"path\": oops}\n}\n");
	fresh();
	int rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, -1);
	cr_expect_null(doc);
	char where[128];
	snprintf(where, sizeof where, "%s/config.json:3:", bundle);
	cr_expect(strstr(err.msg, where), "want %s in: %s", where, err.msg);
	cr_expect(strstr(err.msg, "malformed JSON"), "%s", err.msg);
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
}

Test(oci_errors, file_errors_name_the_file)
{
	write_config("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": []}}");
	fresh();
	int rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, -1);
	cr_expect_null(doc, "the document is released on failure");
	cr_expect(strstr(err.msg, "/config.json: process.args: expected a non-empty array"), "%s", err.msg);
	err = (struct mr_error)MR_ERROR_INIT;
	cr_expect_eq(mr_oci_load(&cfg, "/nonexistent/bundle", &doc, &err), -1);
	cr_expect_eq(err.errnum, ENOENT);
	cr_expect(strstr(err.msg, "/nonexistent/bundle/config.json"), "%s", err.msg);
}

Test(oci, unlimited_rlimits_as_engines_write_them)
{
	/* podman --ulimit core=-1 writes RLIM_INFINITY as 2^64-1, which no
	 * JSON library with 64-bit signed integers can hold. The rest of the
	 * document must still read as it would without it. */
	write_config("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"},\n"
	             " \"process\": {\"args\": [\"true\"], \"user\": {\"uid\": 1000, \"gid\": 1001},\n"
	             "  \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 18446744073709551615,"
	             " \"hard\": 18446744073709551615},\n"
	             "   {\"type\": \"RLIMIT_NOFILE\", \"soft\": 1024, \"hard\": 18446744073709551615}]},\n"
	             " \"linux\": {\"resources\": {\"memory\": {\"limit\": 67108864}, \"pids\": {\"limit\": 100}}}}\n");
	fresh();
	int rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_eq(cfg.n_rlimits, 2);
	cr_expect_eq(cfg.rlimits[0].soft, RLIM_INFINITY);
	cr_expect_eq(cfg.rlimits[0].hard, RLIM_INFINITY);
	cr_expect_eq(cfg.rlimits[1].soft, 1024);
	cr_expect_eq(cfg.rlimits[1].hard, RLIM_INFINITY);
	cr_expect_str_eq(cfg.user, "1000:1001", "whole numbers read as doubles are still integers");
	cr_expect_eq(cfg.resources.memory, 67108864);
	cr_expect_eq(cfg.resources.pids, 100);
}

Test(oci_errors, big_numbers_elsewhere_are_still_refused)
{
	/* Only an rlimit may be 2^64-1; in such a document a fraction or a
	 * number too big for its field is still an error with its path. */
	write_config("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"},\n"
	             " \"process\": {\"args\": [\"true\"], \"user\": {\"uid\": 18446744073709551615}}}\n");
	fresh();
	int rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, -1);
	cr_expect(strstr(err.msg, "process.user.uid: ") && strstr(err.msg, "cannot be read exactly"), "%s", err.msg);
	write_config("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"},\n"
	             " \"process\": {\"args\": [\"true\"], \"user\": {\"uid\": 10.5},\n"
	             "  \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 18446744073709551615}]}}\n");
	fresh();
	rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, -1);
	cr_expect(strstr(err.msg, "process.user.uid") && strstr(err.msg, "got 10.5"), "%s", err.msg);

	/* A seccomp argument that a double may have rounded (2^53 + 1) must
	 * not reach a filter as another value. */
	write_config("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"},\n"
	             " \"process\": {\"args\": [\"true\"],\n"
	             "  \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 18446744073709551615}]},\n"
	             " \"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"ioctl\"],"
	             " \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 9007199254740993,"
	             " \"op\": \"SCMP_CMP_EQ\"}]}]}}}\n");
	fresh();
	rc = mr_oci_load(&cfg, bundle, &doc, &err);
	remove_bundle();
	cr_assert_eq(rc, -1);
	cr_expect(strstr(err.msg, "value") && strstr(err.msg, "cannot be read exactly"), "%s", err.msg);
}

/* ---- minirun spec ---------------------------------------------------------------- */

/* mr_oci_spec's config, as text and back, loaded like a bundle's. */
static void load_spec(bool rootless)
{
	json_t *spec = mr_oci_spec(rootless);
	cr_assert_not_null(spec);
	char *text = json_dumps(spec, JSON_INDENT(2));
	json_decref(spec);
	cr_assert_not_null(text);
	json_error_t je;
	doc = json_loads(text, 0, &je);
	free(text);
	cr_assert_not_null(doc, "%s", je.text);
	mr_config_free(&cfg);
	mr_config_init(&cfg);
	cr_assert_eq(mr_oci_load_json(&cfg, doc, "/bundle", &err), 0, "%s", err.msg);
}

Test(oci_spec, loads_back_with_the_secure_defaults)
{
	if ((mr_caps_own_bounding() & SPEC_CAPS) != SPEC_CAPS)
		cr_skip_test("this host cannot grant AUDIT_WRITE, KILL and NET_BIND_SERVICE");
	load_spec(false);
	cr_expect_eq(cfg.caps.bounding, SPEC_CAPS);
	cr_expect_eq(cfg.caps.effective, SPEC_CAPS);
	cr_expect_eq(cfg.caps.permitted, SPEC_CAPS);
	cr_expect_eq(cfg.caps.inheritable, 0);
	cr_expect_eq(cfg.caps.ambient, 0);
	cr_expect(cfg.no_new_privs);
	cr_expect_not(cfg.seccomp_unconfined);
	cr_assert_not_null(cfg.seccomp, "linux.seccomp compiled");
	cr_expect(cfg.readonly_rootfs);
	cr_expect_str_eq(cfg.rootfs, "/bundle/rootfs");
	cr_expect_str_eq(cfg.hostname, "minirun");
	cr_expect_str_eq(cfg.argv[0], "sh");
	cr_expect_str_eq(cfg.user, "0:0");
	cr_expect_eq(cfg.n_env, 2);
	cr_expect_str_eq(mr_config_getenv(&cfg, "TERM"), "xterm");
	cr_expect_not(cfg.terminal);
	cr_assert_eq(cfg.n_rlimits, 1);
	cr_expect_eq(cfg.rlimits[0].resource, RLIMIT_NOFILE);
	cr_expect_eq(cfg.rlimits[0].soft, 1024);
	cr_expect_eq(cfg.rlimits[0].hard, 1024);
	enum mr_ns want[] = {MR_NS_PID, MR_NS_NET, MR_NS_IPC, MR_NS_UTS, MR_NS_MOUNT, MR_NS_CGROUP};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_expect(cfg.ns[want[i]], "namespace %d", want[i]);
	cr_expect_not(cfg.ns[MR_NS_USER]);
	cr_expect_eq(cfg.n_uid_map, 0);
	cr_expect_eq(count(cfg.masked_paths), count((char **)mr_default_masked_paths));
	cr_expect_eq(count(cfg.readonly_paths), count((char **)mr_default_readonly_paths));
	cr_expect_str_eq(cfg.masked_paths[0], mr_default_masked_paths[0]);
	cr_assert_eq(cfg.n_mounts, 7);
	cr_expect_str_eq(mount_at("/dev/pts")->data, "newinstance,ptmxmode=0666,mode=0620,gid=5");
	cr_expect_eq(mount_at("/sys")->flags, MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY);
	cr_expect_str_eq(mount_at("/sys/fs/cgroup")->fstype, "cgroup");
	cr_expect_str_eq(mount_at("/dev/shm")->data, "mode=1777,size=65536k");
}

Test(oci_spec, spec_seccomp_is_the_built_in_profile)
{
	load_spec(false);
	struct mr_sc_profile p;
	struct mr_seccomp *f = NULL;
	cr_assert_eq(mr_seccomp_default(&p, cfg.caps.bounding, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_seccomp_compile(&p, &f, &err), 0, "%s", err.msg);
	mr_sc_profile_free(&p);
	cr_assert_eq(cfg.seccomp->prog.len, f->prog.len);
	cr_expect_eq(memcmp(cfg.seccomp->prog.filter, f->prog.filter, f->prog.len * sizeof *f->prog.filter), 0);
	mr_seccomp_free(f);
}

Test(oci_spec, rootless_maps_the_caller)
{
	load_spec(true);
	cr_expect(cfg.ns[MR_NS_USER]);
	cr_expect(cfg.ns[MR_NS_NET], "the network namespace stays");
	cr_assert_eq(cfg.n_uid_map, 1);
	cr_expect_eq(cfg.uid_map[0].inside, 0);
	cr_expect_eq(cfg.uid_map[0].outside, getuid());
	cr_expect_eq(cfg.uid_map[0].count, 1);
	cr_assert_eq(cfg.n_gid_map, 1);
	cr_expect_eq(cfg.gid_map[0].outside, getgid());
	cr_expect_str_eq(mount_at("/dev/pts")->data, "newinstance,ptmxmode=0666,mode=0620", "no gid=5");
	cr_expect(cfg.no_new_privs);
	cr_expect_not_null(cfg.seccomp);
}

/* ---- seccomp export ------------------------------------------------------------ */

static void expect_same_rules(const struct mr_sc_profile *a, const struct mr_sc_profile *b)
{
	cr_expect_eq(a->default_action, b->default_action);
	cr_expect_eq(a->n_arches, b->n_arches);
	cr_expect_eq(a->flags, b->flags);
	cr_assert_eq(a->n_rules, b->n_rules);
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct mr_sc_rule *x = &a->rules[i], *y = &b->rules[i];
		cr_expect_str_eq(x->name, y->name, "rule %zu", i);
		cr_expect_eq(x->action, y->action, "rule %zu (%s)", i, x->name);
		cr_assert_eq(x->n_conds, y->n_conds, "rule %zu (%s)", i, x->name);
		for (unsigned c = 0; c < x->n_conds; c++) {
			cr_expect_eq(x->conds[c].index, y->conds[c].index);
			cr_expect_eq(x->conds[c].op, y->conds[c].op);
			cr_expect_eq(x->conds[c].value, y->conds[c].value, "rule %zu (%s)", i, x->name);
			cr_expect_eq(x->conds[c].value2, y->conds[c].value2);
		}
	}
}

static void expect_same_bpf(const struct mr_sc_profile *a, const struct mr_sc_profile *b)
{
	struct mr_seccomp *fa = NULL, *fb = NULL;
	cr_assert_eq(mr_seccomp_compile(a, &fa, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_seccomp_compile(b, &fb, &err), 0, "%s", err.msg);
	cr_assert_eq(fa->prog.len, fb->prog.len);
	cr_expect_eq(memcmp(fa->prog.filter, fb->prog.filter, fa->prog.len * sizeof *fa->prog.filter), 0);
	cr_expect_eq(fa->flags, fb->flags);
	mr_seccomp_free(fa);
	mr_seccomp_free(fb);
}

/* Export the default profile for caps, read it back, compare. */
static void round_trip(uint64_t caps)
{
	struct mr_sc_profile def, back;
	cr_assert_eq(mr_seccomp_default(&def, caps, &err), 0, "%s", err.msg);
	json_t *j = mr_seccomp_to_json(&def);
	cr_assert_not_null(j);
	cr_assert_eq(mr_seccomp_load_json(&back, j, "exported", caps, &err), 0, "%s", err.msg);
	json_decref(j);
	expect_same_rules(&def, &back);
	expect_same_bpf(&def, &back);
	mr_sc_profile_free(&def);
	mr_sc_profile_free(&back);
}

Test(seccomp_export, default_profile_round_trips_without_capabilities)
{
	round_trip(0);
}

Test(seccomp_export, default_profile_round_trips_with_the_spec_capabilities)
{
	round_trip(SPEC_CAPS);
}

Test(seccomp_export, default_profile_round_trips_with_sys_admin)
{
	round_trip(CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_PTRACE) | CAP(CAP_BPF));
}

Test(seccomp_export, json_shape)
{
	struct mr_sc_profile p;
	cr_assert_eq(mr_seccomp_default(&p, 0, &err), 0, "%s", err.msg);
	json_t *j = mr_seccomp_to_json(&p);
	mr_sc_profile_free(&p);
	cr_assert_not_null(j);
	cr_expect_str_eq(json_string_value(json_object_get(j, "defaultAction")), "SCMP_ACT_ERRNO");
	cr_expect_eq(json_integer_value(json_object_get(j, "defaultErrnoRet")), ENOSYS);
	cr_expect_geq(json_array_size(json_object_get(j, "architectures")), 1);
	json_t *first = json_array_get(json_object_get(j, "syscalls"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(first, "action")), "SCMP_ACT_ALLOW");
	cr_expect_gt(json_array_size(json_object_get(first, "names")), 10, "a table row is one entry");
	cr_expect_not_null(json_object_get(first, "comment"));
	json_decref(j);
}

Test(seccomp_export, values_above_2_63_survive)
{
	struct mr_sc_profile p, back;
	mr_sc_profile_init(&p, "test", SCMP_ACT_ALLOW, 0);
	struct mr_sc_rule r = {.name = "ioctl", .action = SCMP_ACT_ERRNO(EPERM), .n_conds = 1,
	                       .conds = {{1, SCMP_CMP_MASKED_EQ, UINT64_C(0xffffffff00000000), UINT64_C(1) << 63}},
	                       .cap = -1};
	cr_assert_eq(mr_sc_profile_add(&p, &r, &err), 0);
	p.flags = SECCOMP_FILTER_FLAG_LOG;
	json_t *j = mr_seccomp_to_json(&p);
	cr_assert_not_null(j);
	cr_assert_eq(mr_seccomp_load_json(&back, j, "exported", 0, &err), 0, "%s", err.msg);
	json_decref(j);
	expect_same_rules(&p, &back);
	mr_sc_profile_free(&p);
	mr_sc_profile_free(&back);
}
