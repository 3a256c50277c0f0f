/* minirun create: set a bundle's container up and leave it waiting, just
 * before its program, for `minirun start`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "oci_common.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] create [OPTIONS] ID\n"
"\n"
"Create container ID from a bundle (a directory with config.json and the\n"
"root filesystem it names): namespaces, mounts, cgroup, capabilities are\n"
"all set up, and the container's process waits just before exec'ing\n"
"process.args until `minirun start ID`. create returns once it waits, so\n"
"errors in the bundle are reported here. Its state lives in ROOT/ID\n"
"(--root, default /run/minirun, or $XDG_RUNTIME_DIR/minirun unprivileged).\n"
"\n"
"  -b, --bundle DIR          the bundle (default: the current directory)\n"
"      --pid-file FILE       write the container's pid (as the host sees it)\n"
"      --console-socket SOCK a unix socket to receive the pty master when\n"
"                            process.terminal is true (as runc)\n"
"      --preserve-fds N      pass fds 3 .. 3+N-1 on to the container\n"
"      --no-pivot, --no-new-keyring   accepted for runc compatibility\n"
"\n"
"Then: minirun start ID; minirun state ID; minirun kill ID; minirun delete ID.\n";

enum { OPT_PID_FILE = 256, OPT_CONSOLE, OPT_PRESERVE, OPT_IGNORED };

static const struct option options[] = {
	{"bundle", required_argument, NULL, 'b'},
	{"pid-file", required_argument, NULL, OPT_PID_FILE},
	{"console-socket", required_argument, NULL, OPT_CONSOLE},
	{"preserve-fds", required_argument, NULL, OPT_PRESERVE},
	{"no-pivot", no_argument, NULL, OPT_IGNORED},
	{"no-new-keyring", no_argument, NULL, OPT_IGNORED},
	{"detach", no_argument, NULL, 'd'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* The options create and run share; returns 1 for --help, -1 on error. */
int oci_parse_create_opts(int argc, char **argv, struct oci_create_opts *o, const char *help)
{
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long_only(argc, argv, "+b:dh", options, NULL)) != -1) {
		switch (opt) {
		case 'b': o->bundle = optarg; break;
		case 'd': o->detach = true; break;
		case OPT_PID_FILE: o->pid_file = optarg; break;
		case OPT_CONSOLE: o->console_socket = optarg; break;
		case OPT_PRESERVE:
			if (!oci_parse_preserve_fds(argv[0], optarg, &o->preserve_fds))
				return -1;
			break;
		case OPT_IGNORED: break;
		case 'h': fputs(help, stdout); return 1;
		default:
			fprintf(stderr, "minirun %s: unknown option '%s' (see minirun %s --help)\n", argv[0],
			        argv[optind - 1], argv[0]);
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "minirun %s: expected one container ID (see minirun %s --help)\n", argv[0], argv[0]);
		return -1;
	}
	o->id = argv[optind];
	return 0;
}

int cmd_create(int argc, char **argv)
{
	struct oci_create_opts o = {0};
	int rc = oci_parse_create_opts(argc, argv, &o, usage);
	if (rc)
		return rc > 0 ? 0 : MR_EXIT_RUNTIME;
	o.detach = true;
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	json_t *doc;
	mr_config_init(&cfg);
	rc = oci_create(&o, &cfg, &doc, &st, &err);
	if (rc == 0)
		mr_state_close(&st);
	mr_config_free(&cfg);
	json_decref(doc);
	return rc < 0 ? oci_report(&err) : 0;
}
