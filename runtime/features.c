/* minirun features: the runtime-spec's features document (features.md,
 * features-linux.md): what minirun recognises in a config.json, so that an
 * engine can tell before it asks. What minirun implements, not what this
 * host supports; the capability list goes up to what the kernel knows. */
#include "caps.h"
#include "commands.h"
#include "hooks.h"
#include "mr_seccomp.h"
#include "oci.h"

#include <cap-ng.h>
#include <getopt.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: minirun [GLOBAL OPTIONS] features\n"
	"\n"
	"Print, in JSON, what minirun recognises in a bundle's config.json, as the\n"
	"OCI runtime-spec's features document: the spec versions it reads\n"
	"(ociVersionMin/Max), the hooks, the mount options, and under \"linux\" the\n"
	"namespaces, capabilities, cgroup versions, seccomp actions, operators,\n"
	"architectures and flags, and the security modules it does not implement\n"
	"(AppArmor, SELinux, Intel RDT, idmapped mounts: enabled false). Its\n"
	"annotations name minirun's version and (run.minirun.commands) the OCI\n"
	"commands it has, pause, resume, ps and update among them.\n"
	"It describes minirun, not this host: a namespace listed here may still be\n"
	"missing from the kernel.\n"
	"\n"
	"  -h, --help   this text\n"
	"\n"
	"Example: minirun features | jq '.linux.seccomp.actions'\n";

/* linux.namespaces[].type as config-linux.md spells them */
static const char *const namespaces[] = {
	"pid", "network", "mount", "ipc", "uts", "user", "cgroup", NULL,
};

/* seccomp_json.c takes any architecture libseccomp can resolve: these are
 * the runtime-spec's names, kept when this libseccomp knows them. */
static const char *const seccomp_archs[] = {
	"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
	"SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
	"SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
	"SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X",
	"SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
	"SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB", NULL,
};

static json_t *hook_names(void)
{
	json_t *arr = json_array();
	for (int k = 0; k < MR_HOOK_COUNT; k++)
		json_array_append_new(arr, json_string(mr_hook_kind_name(k)));
	return arr;
}

static json_t *strings(const char *const *list)
{
	json_t *arr = json_array();
	for (; *list; list++)
		json_array_append_new(arr, json_string(*list));
	return arr;
}

/* "SCMP_ARCH_X86_64" → libseccomp's "x86_64", as seccomp_json.c resolves it. */
static bool arch_known(const char *name)
{
	char lower[32];
	const char *p = name + strlen("SCMP_ARCH_");
	size_t n = strlen(p);
	if (n >= sizeof lower)
		return false;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
	return seccomp_arch_resolve_name(lower) != 0;
}

static json_t *archs(void)
{
	json_t *arr = json_array();
	for (const char *const *a = seccomp_archs; *a; a++)
		if (arch_known(*a))
			json_array_append_new(arr, json_string(*a));
	return arr;
}

/* Every capability libcap-ng names, up to the last the kernel knows. */
static json_t *capabilities(void)
{
	json_t *arr = json_array();
	char name[64];
	for (unsigned cap = 0; cap <= mr_cap_last(); cap++)
		if (capng_capability_to_name(cap))
			json_array_append_new(arr, json_string(mr_cap_name(cap, name, sizeof name)));
	return arr;
}

static json_t *enabled(bool on)
{
	return json_pack("{s:b}", "enabled", on);
}

static json_t *features_doc(void)
{
	const struct scmp_version *v = seccomp_version();
	char libseccomp[32];
	snprintf(libseccomp, sizeof libseccomp, "%u.%u.%u", v ? v->major : 0, v ? v->minor : 0,
	         v ? v->micro : 0);
	/* What lib/seccomp_json.c accepts, from its own tables. */
	json_t *names = mr_seccomp_json_names();
	json_t *seccomp = json_pack("{s:b, s:O, s:O, s:o, s:O}", "enabled", true,
	                            "actions", json_object_get(names, "actions"),
	                            "operators", json_object_get(names, "operators"),
	                            "archs", archs(), "knownFlags", json_object_get(names, "flags"));
	json_decref(names);
	json_t *cgroup = json_pack("{s:b, s:b, s:b, s:b, s:b}", "v1", true, "v2", true,
	                           "systemd", false, "systemdUser", false, "rdma", false);
	json_t *linux_ = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o}}",
	                           "namespaces", strings(namespaces),
	                           "capabilities", capabilities(), "cgroup", cgroup,
	                           "seccomp", seccomp, "apparmor", enabled(false),
	                           "selinux", enabled(false), "intelRdt", enabled(false),
	                           "mountExtensions", "idmap", enabled(false));
	/* The spec has no field for the commands; annotations are its place
	 * for "implementation-specific features". */
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:{s:s, s:s, s:s}}",
	                 "ociVersionMin", "1.0.0", "ociVersionMax", "1.2.0",
	                 "hooks", hook_names(), "mountOptions", mr_oci_mount_options(),
	                 "linux", linux_, "annotations",
	                 "run.minirun.version", MINIRUN_VERSION,
	                 "run.minirun.commands", mr_oci_commands(),
	                 "io.github.seccomp.libseccomp.version", libseccomp);
}

static const struct option options[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_features(int argc, char **argv)
{
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		fprintf(stderr, "minirun features: unknown option '%s'\n%s", argv[optind - 1], usage);
		return MR_EXIT_RUNTIME;
	}
	if (optind != argc) {
		fprintf(stderr, "minirun features: unexpected argument '%s'\n%s", argv[optind], usage);
		return MR_EXIT_RUNTIME;
	}
	json_t *doc = features_doc();
	if (!doc) {
		struct mr_error err = MR_ERROR_INIT;
		mr_fail(&err, 0, "features: cannot build the document");
		mr_error_print(&err);
		return err.exit_code;
	}
	json_dumpf(doc, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(doc);
	return 0;
}
