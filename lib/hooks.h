/* hooks.c: OCI hooks, programs the runtime runs at points of the
 * lifecycle (enum mr_hook_kind in minirun.h), each with the container's
 * state document on its stdin. */
#ifndef MR_HOOKS_H
#define MR_HOOKS_H

#include "minirun.h"

/* Run cfg->hooks[kind] in order, each with state_json on stdin, its own
 * args and env, and its timeout (killed with SIGKILL when it expires).
 * Stops at the first hook that fails (non-zero exit, signal, timeout,
 * cannot exec) with an error naming it: "createRuntime hook 0
 * (/usr/bin/x): exited with status 3". */
int mr_hooks_run(const struct mr_config *cfg, enum mr_hook_kind kind, const char *state_json,
                 struct mr_error *err);

/* "prestart", "createRuntime"… as the runtime-spec spells them. */
const char *mr_hook_kind_name(enum mr_hook_kind kind);

#endif
