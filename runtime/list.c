/* minirun list: the containers under --root, as runc lists them.
 *
 * Thin: the directory walk and the status live in lib/state.c. */
#include "caps.h"
#include "commands.h"
#include "state.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"Usage: minirun [GLOBAL OPTIONS] list [-f table|json] [-q]\n"
	"\n"
	"List the containers in --root (default /run/minirun, or\n"
	"$XDG_RUNTIME_DIR/minirun when not root), sorted by ID, with their status now:\n"
	"created (waiting for `minirun start`), running, paused (by `minirun pause`),\n"
	"or stopped (delete removes it).\n"
	"\n"
	"  -f, --format table   columns ID PID STATUS BUNDLE CREATED OWNER (default);\n"
	"                       PID is 0 once stopped\n"
	"  -f, --format json    an array of objects: ociVersion, id, pid, status,\n"
	"                       bundle, created, owner and annotations (as runc's)\n"
	"  -q, --quiet          only the IDs, one a line\n"
	"  -h, --help           this text\n"
	"\n"
	"Example: minirun list -q | xargs -r -n1 minirun delete --force\n";

static const struct option options[] = {
	{"format", required_argument, NULL, 'f'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct list_opts {
	bool json, quiet;
};

/* Returns -1 to go on, or the exit status (help, usage error). */
static int parse_opts(int argc, char **argv, struct list_opts *o)
{
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:f:qh", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json")) {
				fprintf(stderr, "minirun list: --format \"%s\": use table or json\n", optarg);
				return MR_EXIT_RUNTIME;
			}
			o->json = !strcmp(optarg, "json");
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fprintf(stderr, "minirun list: %s '%s'\n%s", opt == ':' ? "missing value for"
			        : "unknown option", argv[optind - 1], usage);
			return MR_EXIT_RUNTIME;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "minirun list: unexpected argument '%s'\n%s", argv[optind], usage);
		return MR_EXIT_RUNTIME;
	}
	return -1;
}

/* One container as runc prints it. */
struct row {
	char *id, *status, *bundle, *created, *owner;
	pid_t pid;
	json_t *annotations;
};

/* Read one container; false if it cannot be read (a notice says why), or
 * silently when it has no state.json: deleted meanwhile, or a create that
 * has not saved yet. */
static bool read_row(const char *root, const char *id, struct row *r)
{
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	if (mr_state_read(root, id, &st, &err) < 0) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/state.json", root, id);
		if (access(path, F_OK) == 0)
			mr_notice("list: skipping %s: %s", id, err.msg);
		return false;
	}
	const char *status = mr_state_status(&st);
	r->id = strdup(id);
	r->status = strdup(status);
	r->bundle = strdup(st.bundle);
	r->created = strdup(st.created);
	r->owner = mr_user_name("/etc/passwd", st.owner);
	r->pid = strcmp(status, "stopped") ? st.pid : 0;
	r->annotations = st.annotations ? json_incref(st.annotations) : NULL;
	mr_state_close(&st);
	return r->id && r->status && r->bundle && r->created && r->owner;
}

static void free_row(struct row *r)
{
	free(r->id);
	free(r->status);
	free(r->bundle);
	free(r->created);
	free(r->owner);
	json_decref(r->annotations);
}

static void print_json(const struct row *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "ociVersion", "1.2.0",
		                      "id", r->id, "pid", (int)r->pid, "status", r->status,
		                      "bundle", r->bundle, "created", r->created);
		if (r->annotations && json_object_size(r->annotations))
			json_object_set(o, "annotations", r->annotations);
		json_object_set_new(o, "owner", json_string(r->owner));
		json_array_append_new(arr, o);
	}
	json_dumpf(arr, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(arr);
}

/* runc's tabwriter: each column as wide as its widest cell (at least 12)
 * plus 3 spaces; the last column unpadded. */
static void print_table(const struct row *rows, size_t n)
{
	enum { COLS = 6 };
	static const char *const head[COLS] = {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"};
	size_t width[COLS];
	char pid[16];
	for (int c = 0; c < COLS; c++)
		width[c] = strlen(head[c]);
	for (size_t i = 0; i < n; i++) {
		const char *cell[COLS] = {rows[i].id, pid, rows[i].status, rows[i].bundle,
		                          rows[i].created, rows[i].owner};
		snprintf(pid, sizeof pid, "%d", (int)rows[i].pid);
		for (int c = 0; c < COLS; c++)
			if (strlen(cell[c]) > width[c])
				width[c] = strlen(cell[c]);
	}
	for (size_t i = 0; i <= n; i++) {
		const struct row *r = i ? &rows[i - 1] : NULL;
		if (r)
			snprintf(pid, sizeof pid, "%d", (int)r->pid);
		const char *cell[COLS] = {r ? r->id : head[0], r ? pid : head[1],
		                          r ? r->status : head[2], r ? r->bundle : head[3],
		                          r ? r->created : head[4], r ? r->owner : head[5]};
		for (int c = 0; c < COLS - 1; c++)
			printf("%-*s", (int)(width[c] < 12 ? 12 : width[c]) + 3, cell[c]);
		printf("%s\n", cell[COLS - 1]);
	}
}

int cmd_list(int argc, char **argv)
{
	struct list_opts o = {0};
	int rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;

	const char *root = mr_globals.root ? mr_globals.root : mr_state_default_root();
	struct mr_error err = MR_ERROR_INIT;
	char **ids;
	size_t n;
	if (mr_state_list(root, &ids, &n, &err) < 0) {
		free(ids);
		mr_error_print(&err);
		return err.exit_code;
	}
	struct row *rows = calloc(n + 1, sizeof *rows);
	size_t kept = 0;
	for (size_t i = 0; rows && i < n; i++) {
		if (read_row(root, ids[i], &rows[kept]))
			kept++;
		else
			free_row(&rows[kept]), memset(&rows[kept], 0, sizeof rows[kept]);
	}
	if (!rows) {
		mr_fail(&err, 0, "list: out of memory");
		mr_error_print(&err);
		rc = err.exit_code;
	} else if (o.quiet) {
		for (size_t i = 0; i < kept; i++)
			puts(rows[i].id);
	} else if (o.json) {
		print_json(rows, kept);
	} else {
		print_table(rows, kept);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	for (size_t i = 0; rows && i < kept; i++)
		free_row(&rows[i]);
	free(rows);
	return rc < 0 ? 0 : rc;
}
