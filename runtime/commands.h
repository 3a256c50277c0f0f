/* One function per subcommand, each in its own file. Each returns the exit
 * status for minirun. */
#ifndef MR_COMMANDS_H
#define MR_COMMANDS_H

int cmd_run(int argc, char **argv);      /* run.c: minirun [OPTIONS] ROOTFS CMD */
int cmd_caps(int argc, char **argv);     /* caps.c: minirun caps … */
int cmd_seccomp(int argc, char **argv);  /* seccomp.c: minirun seccomp … */

#endif
