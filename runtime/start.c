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
	struct mr_state st;
	int rc = oci_open_one(argc, argv, usage, &st);
	if (rc >= 0)
		return rc;
	struct mr_error err = MR_ERROR_INIT;
	const char *status = mr_state_status(&st);
	if (strcmp(status, "created"))
		rc = mr_fail(&err, 0, "container %s is %s: only a created container can be started", st.id, status);
	else
		rc = oci_start(&st, &err);
	mr_state_close(&st);
	return rc < 0 ? oci_report(&err) : 0;
}
