/* minirun: dispatch to one subcommand per file.
 *
 *   minirun [OPTIONS] ROOTFS COMMAND [ARG...]     the Docker-style launch (run.c)
 *   minirun caps … | seccomp …                      tools (caps.c, seccomp.c)
 *   minirun [GLOBAL OPTIONS] spec|create|start|state|kill|delete|run|exec|
 *                            list|features|pause|resume|ps|update …
 *                                                   the OCI runtime CLI, as runc's */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "minirun.h"

struct mr_globals mr_globals;

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	bool oci; /* takes the global options */
} commands[] = {
	{"caps", cmd_caps, false},         {"seccomp", cmd_seccomp, false},
	{"spec", cmd_spec, true},          {"create", cmd_create, true},
	{"start", cmd_start, true},        {"state", cmd_state, true},
	{"kill", cmd_kill, true},          {"delete", cmd_delete, true},
	{"run", cmd_bundle_run, true},     {"exec", cmd_exec, true},
	{"list", cmd_list, true},          {"features", cmd_features, true},
	{"pause", cmd_pause, true},        {"resume", cmd_resume, true},
	{"ps", cmd_ps, true},              {"update", cmd_update, true},
};

const char *mr_oci_commands(void)
{
	static char list[256];
	if (!list[0])
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (commands[i].oci)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? " " : "",
				         commands[i].name);
	return list;
}

/* "--root DIR" or "--root=DIR": the value, advancing *i past it. */
static const char *global_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);
	if (strncmp(argv[*i], name, len))
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* The global options engines put before the subcommand. Returns the index
 * of the subcommand, or -1 on an unknown option. */
static int parse_globals(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		if ((v = global_value(argc, argv, &i, "--root")))
			mr_globals.root = v;
		else if ((v = global_value(argc, argv, &i, "--log")))
			mr_globals.log = v;
		else if ((v = global_value(argc, argv, &i, "--log-format")))
			mr_globals.log_format = v;
		else if ((v = global_value(argc, argv, &i, "--rootless")))
			; /* minirun decides by its own uid */
		else if (!strcmp(argv[i], "--debug"))
			mr_globals.debug = true;
		else if (!strcmp(argv[i], "--systemd-cgroup"))
			mr_globals.systemd_cgroup = true;
		else
			return -1;
	}
	return i;
}

int main(int argc, char **argv)
{
	/* `minirun caps …` is a subcommand; anything else not starting with a
	 * global option is the Docker-style launch `minirun [OPTIONS] ROOTFS
	 * COMMAND` (write ./run for a rootfs directory named like a
	 * subcommand). */
	int first = parse_globals(argc, argv);
	if (first < 0)
		return cmd_run(argc, argv); /* Docker-style flags */
	if (first < argc) {
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
			if (strcmp(argv[first], commands[i].name))
				continue;
			if (first > 1 && !commands[i].oci)
				break;
			if (mr_globals.log) {
				struct mr_error err = MR_ERROR_INIT;
				if (mr_log_open(mr_globals.log, mr_globals.log_format, &err) < 0) {
					mr_error_print(&err);
					return MR_EXIT_RUNTIME;
				}
			}
			return commands[i].fn(argc - first, argv + first);
		}
	}
	if (first != 1) {
		fprintf(stderr, "minirun: global options (--root, --log, --log-format, --debug, --systemd-cgroup) "
		                "go before one of: %s\n", mr_oci_commands());
		return MR_EXIT_RUNTIME;
	}
	return cmd_run(argc, argv);
}
