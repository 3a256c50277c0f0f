/* OCI bundles for the integration tests: the config `minirun spec` writes,
 * pointed at the test rootfs, edited with jansson, written to a temp dir. */
#ifndef MR_TEST_BUNDLE_H
#define MR_TEST_BUNDLE_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

/* `minirun spec [--rootless]`'s config.json, loaded, with root.path set to
 * the test rootfs and process.args to args (NULL-terminated). */
json_t *mrt_spec(bool rootless, const char *const *args);

/* Write cfg as DIR/config.json in a fresh temp dir (mode 0777); returns
 * DIR (malloc'd). Remove it with mrt_rm_rf. */
char *mrt_bundle(const json_t *cfg);

/* "DIR/NAME", in one of 8 static buffers used in turn (so a few can be
 * arguments of one call). */
char *mrt_in(const char *dir, const char *name);

/* A fresh state root for --root (mode 0777, malloc'd). */
char *mrt_state_root(void);

/* rm -rf path (the test's temp dirs). */
void mrt_rm_rf(const char *path);

/* The end of an OCI test: release *cfg, remove and free the directories
 * *bundle, *root and *tmp (those set), and set all four to NULL. Delete
 * the containers first (mrt_oci_delete_all). */
void mrt_oci_free(json_t **cfg, char **bundle, char **root, char **tmp);

/* The "status" of `minirun --root ROOT state ID`, or "" if it fails;
 * *pid gets its pid (0 if absent). Static buffer. */
const char *mrt_oci_status(const char *root, const char *id, pid_t *pid);

/* Poll mrt_oci_status until it is `want` (at most 10 s). */
bool mrt_oci_wait_status(const char *root, const char *id, const char *want);

/* delete --force every container under root: nothing outlives a test. */
void mrt_oci_delete_all(const char *root);

/* Read a whole small file (malloc'd, NUL-terminated), or NULL. */
char *mrt_read_file(const char *path);

/* Have the processes all died (gone, or zombies: dead, not yet reaped by
 * whoever is their parent now)? Polled for at most 5 s. */
bool mrt_all_dead(const pid_t *pids, size_t n);

/* Is there a cgroup `name` ("minirun/web") in any tree, v1 or cgroup2? */
bool mrt_cgroup_left(const char *name);

/* Where pid's cgroup is in the tree carrying controller ctrl (a v1
 * mount), or in the cgroup2 tree when ctrl is NULL: from /proc/PID/cgroup
 * and the host's mountinfo. Static buffer; "" if it has none of its own
 * there (or pid is gone). */
const char *mrt_cgroup_dir(pid_t pid, const char *ctrl);

#endif
