/* minirun seccomp: what the filter of a container is, before it runs.
 *
 *   minirun seccomp --print [--cap-add CAPS] [PROFILE.json]
 *   minirun seccomp --export-bpf FILE [--cap-add CAPS] [PROFILE.json]
 *
 * Thin: loading, compiling and the table layout live in lib/seccomp*.c. */
#include "caps.h"
#include "commands.h"
#include "mr_seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: minirun seccomp --print [--cap-add CAPS] [PROFILE.json]\n"
	"       minirun seccomp --export-bpf FILE [--cap-add CAPS] [PROFILE.json]\n"
	"Show the rule table of the built-in seccomp profile (or of a Docker/OCI\n"
	"JSON profile) as a container with the given capabilities would get it,\n"
	"or write its compiled BPF program to FILE (struct sock_filter[], 8 bytes\n"
	"per instruction: what seccomp(2) receives).\n";

struct opts {
	bool print;
	const char *bpf_file;
	const char *profile;
	char *adds[64];
	size_t n_adds;
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "minirun seccomp: %s%s%s\n%s", what, arg ? ": " : "",
	        arg ? arg : "", usage);
	return MR_EXIT_RUNTIME;
}

/* Returns -1 to go on, or the exit status (help, usage error). */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--print")) {
			o->print = true;
		} else if (!strcmp(a, "--export-bpf") || !strcmp(a, "--cap-add")) {
			if (i + 1 >= argc)
				return usage_error("missing value for", a);
			if (!strcmp(a, "--export-bpf"))
				o->bpf_file = argv[++i];
			else if (o->n_adds < sizeof o->adds / sizeof *o->adds)
				o->adds[o->n_adds++] = argv[++i];
			else
				return usage_error("too many --cap-add", NULL);
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option", a);
		} else if (o->profile) {
			return usage_error("only one profile at a time", a);
		} else {
			o->profile = a;
		}
	}
	if (o->print == !!o->bpf_file)
		return usage_error("say either --print or --export-bpf FILE", NULL);
	return -1;
}

static int write_bpf(const char *path, const struct mr_seccomp *f,
                     struct mr_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return mr_fail(err, errno, "open %s", path);
	size_t size = f->prog.len * sizeof *f->prog.filter;
	ssize_t n = write(fd, f->prog.filter, size);
	int saved = errno;
	if (close(fd) < 0 && n >= 0)
		n = -1, saved = errno;
	if (n != (ssize_t)size)
		return mr_fail(err, n < 0 ? saved : EIO, "write %s", path);
	printf("wrote %u BPF instructions (%zu bytes) to %s\n",
	       (unsigned)f->prog.len, size, path);
	return 0;
}

static int run(const struct opts *o, struct mr_error *err)
{
	struct mr_caps caps = {0};
	struct mr_sc_profile p;
	struct mr_seccomp *f = NULL;
	if (o->n_adds && mr_caps_from_flags(&caps, o->adds, o->n_adds, NULL, 0,
	                                    false, err) < 0)
		return -1;
	int rc = o->profile ? mr_seccomp_load_file(&p, o->profile, caps.bounding, err)
	                    : mr_seccomp_default(&p, caps.bounding, err);
	if (rc == 0 && o->print)
		mr_seccomp_print(stdout, &p);
	if (rc == 0 && o->bpf_file)
		rc = mr_seccomp_compile(&p, &f, err);
	if (rc == 0 && f)
		rc = write_bpf(o->bpf_file, f, err);
	mr_seccomp_free(f);
	mr_sc_profile_free(&p);
	return rc;
}

int cmd_seccomp(int argc, char **argv)
{
	struct opts o = {0};
	struct mr_error err = MR_ERROR_INIT;
	int rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (run(&o, &err) < 0) {
		mr_error_print(&err);
		return err.exit_code ? err.exit_code : MR_EXIT_RUNTIME;
	}
	return 0;
}
