/* minirun pause, minirun resume: freeze every process of a running
 * container, or thaw a paused one. One file for both: they are one
 * command and its mirror image.
 *
 * Thin: the freezer is lib/cgroups.c's; state.c reads it back, so `state`
 * and `list` say "paused" while it is frozen. */
#include <stdio.h>
#include <string.h>

#include "cgroups.h"
#include "commands.h"
#include "oci_common.h"

static const char pause_usage[] =
"Usage: minirun [GLOBAL OPTIONS] pause ID\n"
"\n"
"Pause container ID: freeze every process in its cgroup (cgroup2's\n"
"cgroup.freeze, or the v1 freezer) and return once the kernel reports them\n"
"all frozen. They keep their memory and open files but get no CPU time;\n"
"a signal they handle waits for `minirun resume ID`, while SIGKILL (and on\n"
"cgroup v2 any signal that kills without a handler) acts at once: `kill ID\n"
"KILL` and `delete --force ID` work on a paused container. `state` and\n"
"`list` say paused. Only a running container can be paused.\n"
"\n"
"Exit status: 0; 125 if there is no container ID, it is not running, it has\n"
"no cgroup of its own (rootless without a delegated cgroup), or its\n"
"processes did not all freeze within 5 s (then they run on).\n";

static const char resume_usage[] =
"Usage: minirun [GLOBAL OPTIONS] resume ID\n"
"\n"
"Resume container ID, paused by `minirun pause`: thaw its processes, which\n"
"go on where they stopped and now receive the signals sent meanwhile.\n"
"\n"
"Exit status: 0; 125 if there is no container ID or it is not paused.\n";

static int freezer_command(int argc, char **argv, bool pause)
{
	const char *cmd = pause ? "pause" : "resume";
	struct mr_state st;
	int rc = oci_open_one(argc, argv, pause ? pause_usage : resume_usage, &st);
	if (rc >= 0)
		return rc;
	struct mr_error err = MR_ERROR_INIT;
	const char *status = mr_state_status(&st);
	if (strcmp(status, pause ? "running" : "paused"))
		rc = mr_fail(&err, 0, "container %s is %s: only a %s container can be %s", st.id, status,
		             pause ? "running" : "paused", pause ? "paused" : "resumed");
	else if ((rc = oci_need_cgroup(&st, cmd, &err)) == 0 && (rc = mr_cgroup_freeze(st.cgroup, pause, &err)) < 0)
		mr_error_prefix(&err, "%s container %s", cmd, st.id);
	mr_state_close(&st);
	return rc < 0 ? oci_report(&err) : 0;
}

int cmd_pause(int argc, char **argv)
{
	return freezer_command(argc, argv, true);
}

int cmd_resume(int argc, char **argv)
{
	return freezer_command(argc, argv, false);
}
