/* minirun state ID: the container's state, as the runtime-spec defines it.
 *
 * Thin: reading the state and deciding the status live in lib/state.c. */
#include "commands.h"
#include "state.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"Usage: minirun [GLOBAL OPTIONS] state ID\n"
	"\n"
	"Print the state of container ID as the OCI runtime-spec defines it, in JSON:\n"
	"  ociVersion   the version of the runtime-spec the document follows\n"
	"  id           ID\n"
	"  status       creating, created (waiting for `minirun start`), running,\n"
	"               paused (frozen by `minirun pause`), or stopped (its process\n"
	"               exited; `minirun delete` removes it)\n"
	"  pid          its process as the host sees it (not once stopped)\n"
	"  bundle       the bundle it was created from\n"
	"  annotations  its config.json's annotations, if any\n"
	"The status is what is true now, not what was recorded: a container whose\n"
	"process exited is stopped even if nobody noticed. `state` never waits for\n"
	"another minirun acting on the container.\n"
	"Containers live in --root (default /run/minirun, or $XDG_RUNTIME_DIR/minirun\n"
	"when not root).\n"
	"\n"
	"  -h, --help   this text\n"
	"\n"
	"Exit status: 0; 125 if there is no container ID.\n"
	"Example: minirun state web | jq -r .status\n";

static const struct option options[] = {
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_state(int argc, char **argv)
{
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		fprintf(stderr, "minirun state: unknown option '%s'\n%s", argv[optind - 1], usage);
		return MR_EXIT_RUNTIME;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "minirun state: expected one container ID\n%s", usage);
		return MR_EXIT_RUNTIME;
	}

	const char *root = mr_globals.root ? mr_globals.root : mr_state_default_root();
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	if (mr_state_read(root, argv[optind], &st, &err) < 0) {
		mr_error_print(&err);
		return err.exit_code;
	}
	char *text = mr_state_json(&st, mr_state_status(&st));
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	mr_state_close(&st);
	if (!doc) {
		mr_fail(&err, 0, "container \"%s\": cannot build its state document", argv[optind]);
		mr_error_print(&err);
		return err.exit_code;
	}
	json_dumpf(doc, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(doc);
	return 0;
}
