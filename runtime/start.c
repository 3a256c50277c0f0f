/* minirun start: let a created container run its program. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "oci_common.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] start ID\n"
"\n"
"Start container ID, made by `minirun create`: its process, waiting just\n"
"before its program, execs it now; then the poststart hooks run. A\n"
"container starts once: starting a running or stopped one is an error.\n";

int cmd_start(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc != 2) {
		fputs("minirun start: expected one container ID (see minirun start --help)\n", stderr);
		return MR_EXIT_RUNTIME;
	}
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	if (mr_state_open(oci_root(), argv[1], &st, &err) < 0)
		return oci_report(&err);
	const char *status = mr_state_status(&st);
	int rc = 0;
	if (strcmp(status, "created"))
		rc = mr_fail(&err, 0, "container %s is %s: only a created container can be started", st.id, status);
	else
		rc = oci_start(&st, &err);
	mr_state_close(&st);
	return rc < 0 ? oci_report(&err) : 0;
}
