/* minirun: dispatch to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{"caps", cmd_caps},
	{"seccomp", cmd_seccomp},
};

int main(int argc, char **argv)
{
	/* `minirun caps …` is a subcommand; anything else is the Docker-style
	 * launch `minirun [OPTIONS] ROOTFS COMMAND` (write ./caps for a rootfs
	 * directory of that name). */
	if (argc > 1)
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (!strcmp(argv[1], commands[i].name))
				return commands[i].fn(argc - 1, argv + 1);
	return cmd_run(argc, argv);
}
