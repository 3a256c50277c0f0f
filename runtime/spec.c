/* minirun spec [--rootless] [--bundle DIR]: write a starter config.json.
 * Thin: the config itself is lib/oci_spec.c's. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "oci.h"

static const char usage[] =
"Usage: minirun spec [--rootless] [--bundle DIR]\n"
"\n"
"Write a starter config.json into DIR (default: the current directory).\n"
"\n"
"An OCI bundle is a directory holding config.json, which says what to run\n"
"and how to isolate it (runtime-spec 1.x, as runc and crun read it), and\n"
"the container's root filesystem, by default in rootfs/ next to it.\n"
"\n"
"The config runs sh as root in the container with new pid, network, ipc,\n"
"uts, mount and cgroup namespaces; a read-only root; only the capabilities\n"
"AUDIT_WRITE, KILL and NET_BIND_SERVICE; no_new_privs; minirun's seccomp\n"
"profile (linux.seccomp, editable); and the kernel files that leak host\n"
"secrets masked. Edit it before use: process.args is what runs,\n"
"process.terminal true gives an interactive shell a terminal.\n"
"\n"
"Options:\n"
"      --rootless       for a normal user: a user namespace maps you to root\n"
"                       in the container (no other ids exist there)\n"
"  -b, --bundle DIR     write DIR/config.json instead of ./config.json\n"
"  -h, --help           this text\n"
"\n"
"Next steps, in the bundle directory:\n"
"  mkdir rootfs             then fill it with a root filesystem, e.g.\n"
"                           examples/mkrootfs.sh rootfs (busybox), or\n"
"                           docker export $(docker create busybox) | tar -C rootfs -x\n"
"  minirun run mycontainer  run it (pick any name; from elsewhere add --bundle DIR)\n"
"\n"
"An existing config.json is never overwritten.\n";

static const struct option options[] = {
	{"rootless", no_argument, NULL, 'r'},
	{"bundle", required_argument, NULL, 'b'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Create path, refusing an existing file (O_EXCL: no race with another
 * writer), and write the config with two-space indentation. */
static int write_config(const char *path, const json_t *spec, struct mr_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST)
		return mr_fail(err, 0, "%s already exists: remove it first, or write elsewhere with --bundle DIR", path);
	if (fd < 0 && errno == ENOENT)
		return mr_fail(err, 0, "%s: the bundle directory does not exist (mkdir it first)", path);
	if (fd < 0)
		return mr_fail(err, errno, "create %s", path);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return mr_fail(err, errno, "create %s", path);
	}
	int rc = json_dumpf(spec, f, JSON_INDENT(2));
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	int saved = errno;
	if (fclose(f) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc < 0) {
		unlink(path);
		return mr_fail(err, saved, "write %s", path);
	}
	return 0;
}

int cmd_spec(int argc, char **argv)
{
	struct mr_error err = MR_ERROR_INIT;
	const char *bundle = ".";
	bool rootless = false;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":b:h", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		} else if (opt == 'r') {
			rootless = true;
		} else if (opt == 'b') {
			bundle = optarg;
		} else {
			mr_fail(&err, 0, "spec: %s '%s' (see minirun spec --help)",
			        opt == ':' ? "missing value for option" : "unknown option", argv[optind - 1]);
			mr_error_print(&err);
			return err.exit_code;
		}
	}
	if (optind < argc) {
		mr_fail(&err, 0, "spec: unexpected argument '%s' (see minirun spec --help)", argv[optind]);
		mr_error_print(&err);
		return err.exit_code;
	}
	if (!rootless && geteuid() != 0)
		mr_notice("you are not root: `minirun spec --rootless` writes a config a normal user can run");
	char path[4096];
	snprintf(path, sizeof path, "%s/config.json", bundle);
	json_t *spec = mr_oci_spec(rootless);
	int rc = spec ? write_config(path, spec, &err) : mr_fail(&err, ENOMEM, "spec: building the config");
	json_decref(spec);
	if (rc < 0) {
		mr_error_print(&err);
		return err.exit_code;
	}
	return 0;
}
