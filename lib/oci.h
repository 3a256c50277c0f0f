/* oci.c: an OCI bundle's config.json (runtime-spec 1.x), read with jansson,
 * into the same struct mr_config the command-line flags fill. */
#ifndef MR_OCI_H
#define MR_OCI_H

#include "minirun.h"

#include <jansson.h>

/* Read BUNDLE/config.json into cfg (initialised with mr_config_init).
 * *doc receives the parsed document: strings in cfg point into it, so
 * json_decref it only after mr_config_free. root.path and relative bind
 * sources are resolved against the bundle. Unknown fields are ignored; a
 * wrong value is an error naming its JSON path, prefixed with the file:
 * ".../config.json: process.capabilities.bounding[2]: unknown capability
 * \"CAP_FOO\"". Malformed JSON reports file, line and column. On failure
 * *doc is NULL (released) and cfg is only fit for mr_config_free.
 *
 * The spec's semantics, not the CLI's defaults: the env is exactly
 * process.env, no hostname, masks or namespaces unless listed, seccomp
 * only with linux.seccomp (compiled here into cfg->seccomp; without it
 * cfg->seccomp_unconfined), no_new_privs only when true, no minirun init
 * (cfg->init false), cfg->oci_mounts and cfg->want_cgroup set. The
 * caller sets cfg->id. ns_path strings point into the document (do not
 * free them as run.c frees --net's). */
int mr_oci_load(struct mr_config *cfg, const char *bundle, json_t **doc, struct mr_error *err);

/* Parse a config.json (or a process.json) the way mr_oci_load does. JSON
 * has no integer limit, but jansson stops at 2^63-1, and engines write
 * "unlimited" rlimits as 2^64-1 (RLIM_INFINITY: podman --ulimit
 * core=-1). So when jansson reports a too big integer the file is read
 * again with every number as a double, which the loader accepts wherever
 * an integer goes (whole numbers below 2^53 only). NULL with *je
 * filled in when the file cannot be read or is not JSON. */
json_t *mr_oci_parse_file(const char *path, json_error_t *je);

/* 2^53: below it a double holds every integer exactly; 2^53 itself may be
 * 2^53 + 1 rounded. Readers refuse a double from here up rather than take
 * a value other than the one written. */
#define MR_JSON_EXACT 9007199254740992.0

/* The same for an already parsed document (tests); messages are the bare
 * JSON paths ("process.args: …"). A relative bundle is taken against the
 * current directory. */
int mr_oci_load_json(struct mr_config *cfg, const json_t *root, const char *bundle,
                     struct mr_error *err);

/* A `process` object alone (exec --process FILE): args, env, cwd, user,
 * capabilities, rlimits, noNewPrivileges, terminal, oomScoreAdj into cfg,
 * replacing those fields whole (env, caps, NNP as the spec defaults them).
 * `where` is the object's JSON path in messages: "process" gives
 * "process.args: …"; for a file of its own pass its name. */
int mr_oci_load_process(struct mr_config *cfg, const json_t *process, const char *where,
                        struct mr_error *err);

/* A linux.resources object alone (update -r FILE): memory limit and
 * swap, pids limit, cpu shares, quota, period, cpus and mems, read and
 * checked as the config loader reads them, into r; members not given
 * leave r's as they are (so 0: not set), a cpus or mems of "" too. The
 * rest (devices, blockIO, hugepageLimits…) is ignored, as the loader
 * ignores it. `where` is the object's JSON path in messages
 * ("linux.resources", or "" for a file of its own: "memory.limit: …").
 * Strings point into res. */
int mr_oci_load_resources(const json_t *res, const char *where, struct mr_resources *r, struct mr_error *err);

/* The other way, for update to record what it set: r's limits (those not
 * 0 or NULL) into the resources object res, its other members kept. -1
 * when out of memory. */
int mr_oci_store_resources(json_t *res, const struct mr_resources *r);

/* oci_spec.c: a starter config.json (minirun spec), runc's layout with
 * secure defaults: sh as root, a read-only rootfs, AUDIT_WRITE, KILL and
 * NET_BIND_SERVICE only, no_new_privs, the default masked and read-only
 * paths, and the built-in seccomp profile as linux.seccomp. rootless adds
 * a user namespace mapping the caller to root and drops devpts' gid=5.
 * NULL when out of memory. */
json_t *mr_oci_spec(bool rootless);

/* The mount options mounts[].options may hold (besides filesystem data
 * such as "mode=755"), sorted: for `minirun features`. */
json_t *mr_oci_mount_options(void);

#endif
