/* minirun delete: remove a stopped container (its cgroup, its state), or
 * with --force any container, killing it first. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "oci_common.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] delete [--force] ID\n"
"\n"
"Delete container ID: remove its cgroup, run its poststop hooks and remove\n"
"its state. The container must have stopped; --force (-f) kills every\n"
"process in it first (SIGKILL) and waits for them to be gone; it is no\n"
"error for a container that does not exist (as with runc).\n";

int cmd_delete(int argc, char **argv)
{
	static const struct option options[] = {
		{"force", no_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	bool force = false;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long_only(argc, argv, "+fh", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (opt != 'f') {
			fprintf(stderr, "minirun delete: unknown option '%s' (see minirun delete --help)\n",
			        argv[optind - 1]);
			return MR_EXIT_RUNTIME;
		}
		force = true;
	}
	if (argc - optind != 1) {
		fputs("minirun delete: expected one container ID (see minirun delete --help)\n", stderr);
		return MR_EXIT_RUNTIME;
	}
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	if (mr_state_open(oci_root(), argv[optind], &st, &err) < 0) {
		/* As runc: --force means "make sure it is gone", and an engine
		 * cleaning up after a failed create asks for exactly that. */
		char dir[4096];
		struct stat sb;
		snprintf(dir, sizeof dir, "%s/%s", oci_root(), argv[optind]);
		if (force && mr_state_check_id(argv[optind], &(struct mr_error)MR_ERROR_INIT) == 0 &&
		    stat(dir, &sb) < 0 && errno == ENOENT)
			return 0;
		return oci_report(&err);
	}
	const char *status = mr_state_status(&st);
	int rc = 0;
	if (strcmp(status, "stopped") && !force)
		rc = mr_fail(&err, 0, "container %s is %s: stop it first (minirun kill %s KILL) or use delete --force",
		             st.id, status, st.id);
	else if (oci_stop(&st, &err) < 0 || oci_destroy(&st, &err) < 0)
		rc = -1;
	mr_state_close(&st);
	return rc < 0 ? oci_report(&err) : 0;
}
