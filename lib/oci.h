/* oci.c: an OCI bundle's config.json (runtime-spec 1.x), read with jansson,
 * into the same struct mr_config the command-line flags fill. */
#ifndef MR_OCI_H
#define MR_OCI_H

#include "minirun.h"

#include <jansson.h>

/* Read BUNDLE/config.json into cfg (initialised with mr_config_init).
 * *doc receives the parsed document: strings in cfg point into it, so
 * json_decref it only after mr_config_free. root.path is resolved against
 * the bundle. Unknown fields are ignored; a wrong value is an error naming
 * its JSON path: "process.capabilities.bounding[2]: unknown capability
 * \"CAP_FOO\"". Malformed JSON reports file, line and column. */
int mr_oci_load(struct mr_config *cfg, const char *bundle, json_t **doc, struct mr_error *err);

/* The same for an already parsed document (tests, exec --process): `where`
 * prefixes messages ("config.json"). */
int mr_oci_load_json(struct mr_config *cfg, const json_t *root, const char *bundle,
                     struct mr_error *err);

/* A `process` object alone (exec --process FILE): args, env, cwd, user,
 * capabilities, rlimits, noNewPrivileges, terminal… into cfg. */
int mr_oci_load_process(struct mr_config *cfg, const json_t *process, const char *where,
                        struct mr_error *err);

/* A starter config.json (minirun spec): busybox's sh, secure defaults;
 * rootless: a user namespace mapping the caller, no network namespace
 * changes that need root. */
json_t *mr_oci_spec(bool rootless);

#endif
