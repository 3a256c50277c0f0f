/* minirun run: create + start, then (unless --detach) wait for the
 * container in the foreground, pass its exit status on and delete it. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "oci_common.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] run [OPTIONS] ID\n"
"\n"
"Create and start container ID from a bundle (see minirun create --help),\n"
"then wait for it: signals minirun receives go to the container, its exit\n"
"status is minirun's (128+N if a signal N killed it), and the container is\n"
"deleted when it ends. With --detach (-d), return once it runs.\n"
"\n"
"  -b, --bundle DIR          the bundle (default: the current directory)\n"
"  -d, --detach              do not wait; delete it later with minirun delete\n"
"      --pid-file FILE       write the container's pid\n"
"      --console-socket SOCK receive the pty master (process.terminal); without\n"
"                            it a terminal container uses minirun's own stdio\n"
"      --preserve-fds N      pass fds 3 .. 3+N-1 on to the container\n"
"\n"
"Example: mkdir -p b/rootfs && <fill b/rootfs> && cd b && minirun spec &&\n"
"         minirun run demo\n";

int cmd_bundle_run(int argc, char **argv)
{
	struct oci_create_opts o = {0};
	int rc = oci_parse_create_opts(argc, argv, &o, usage);
	if (rc)
		return rc > 0 ? 0 : MR_EXIT_RUNTIME;
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	json_t *doc;
	mr_config_init(&cfg);
	rc = oci_create(&o, &cfg, &doc, &st, &err);
	bool open = rc == 0; /* st is open and locked */
	if (open && oci_start(&st, &err) < 0) {
		struct mr_error ignored = MR_ERROR_INIT;
		oci_stop(&st, &ignored);
		oci_destroy(&st, &ignored);
		rc = -1;
	}
	if (rc == 0 && !o.detach) {
		/* Unlocked while it runs, so that state, kill and exec work. */
		pid_t pid = st.pid;
		mr_state_close(&st);
		rc = mr_wait(&cfg, pid);
		struct mr_error derr = MR_ERROR_INIT;
		open = mr_state_open(oci_root(), o.id, &st, &derr) == 0;
		if (open && oci_destroy(&st, &derr) < 0)
			mr_error_print(&derr);
		/* not open: someone deleted it meanwhile, which is fine */
	}
	if (open)
		mr_state_close(&st);
	mr_config_free(&cfg);
	json_decref(doc);
	return rc < 0 ? oci_report(&err) : rc;
}
