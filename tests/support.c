#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *env_or_die(const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v) {
		fprintf(stderr, "test support: %s is not set (run through `meson test`)\n", name);
		abort();
	}
	return v;
}

const char *mrt_minirun(void) { return env_or_die("MINIRUN_BIN"); }
const char *mrt_rootfs(void) { return env_or_die("MINIRUN_TEST_ROOTFS"); }

struct buf {
	char *data;
	size_t len, cap;
};

static void buf_read(struct buf *b, int fd, int *open)
{
	if (b->cap - b->len < 4096) {
		b->cap = b->cap * 2 + 8192;
		b->data = realloc(b->data, b->cap);
	}
	ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return;
		*open = 0;
		return;
	}
	b->len += (size_t)n;
}

/* minirun's argv: the binary, then argv with "@ROOTFS" replaced. */
static char **command_line(char *const argv[])
{
	size_t n = 0;
	while (argv[n])
		n++;
	char **args = calloc(n + 2, sizeof *args);
	args[0] = (char *)mrt_minirun();
	for (size_t i = 0; i < n; i++)
		args[i + 1] = strcmp(argv[i], "@ROOTFS") ? argv[i] : (char *)mrt_rootfs();
	return args;
}

int mrt_runv(struct mr_run *r, uid_t as, char *const argv[])
{
	return mrt_runv_stdin(r, as, "/dev/null", argv);
}

int mrt_runv_stdin(struct mr_run *r, uid_t as, const char *input, char *const argv[])
{
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		abort();
	char **args = command_line(argv);

	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		setpgid(0, 0);
		int in = open(input, O_RDONLY);
		dup2(in, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		if (as != 0) {
			if (setgroups(0, NULL) || setresgid(as, as, as) || setresuid(as, as, as)) {
				perror("test support: dropping to an unprivileged uid");
				_exit(99);
			}
		}
		execv(args[0], args);
		perror("test support: exec minirun");
		_exit(99);
	}
	free(args);
	close(out[1]);
	close(err[1]);

	struct buf bo = {0}, be = {0};
	int oo = 1, eo = 1;
	time_t deadline = time(NULL) + 30;
	while (oo || eo) {
		struct pollfd p[2] = {{oo ? out[0] : -1, POLLIN, 0}, {eo ? err[0] : -1, POLLIN, 0}};
		int left = (int)(deadline - time(NULL));
		if (left <= 0 || poll(p, 2, left * 1000) == 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (oo && p[0].revents)
			buf_read(&bo, out[0], &oo);
		if (eo && p[1].revents)
			buf_read(&be, err[0], &eo);
	}
	close(out[0]);
	close(err[0]);
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	r->out = bo.data ? bo.data : strdup("");
	r->out[bo.len] = 0;
	r->err = be.data ? be.data : strdup("");
	r->err[be.len] = 0;
	return r->status;
}

/* The NULL-terminated variadic arguments into argv (at most 127). */
static void collect(char *argv[128], va_list ap)
{
	size_t n = 0;
	char *a;
	while ((a = va_arg(ap, char *)) && n < 127)
		argv[n++] = a;
	argv[n] = NULL;
}

int mrt_run(struct mr_run *r, uid_t as, ...)
{
	char *argv[128];
	va_list ap;
	va_start(ap, as);
	collect(argv, ap);
	va_end(ap);
	return mrt_runv(r, as, argv);
}

void mrt_run_free(struct mr_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

static const char *field_value(const char *text, const char *field)
{
	size_t fl = strlen(field);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, field, fl) && p[fl] == ':')
			return p + fl + 1;
	}
	return NULL;
}

uint64_t mrt_status_hex(const char *text, const char *field)
{
	const char *v = field_value(text, field);
	return v ? strtoull(v, NULL, 16) : UINT64_MAX;
}

long mrt_status_long(const char *text, const char *field)
{
	const char *v = field_value(text, field);
	return v ? strtol(v, NULL, 10) : -1;
}

char *mrt_tmpdir(void)
{
	char *d = strdup("/tmp/minirun-test-XXXXXX");
	if (!mkdtemp(d))
		abort();
	chmod(d, 0777);
	return d;
}

/* Like mrt_runv, but minirun's stdout and stderr are files, read once it
 * exits: a process it leaves behind (create, run -d, exec -d) inherits
 * them and must not keep a pipe open. */
int mrt_runv_detached(struct mr_run *r, uid_t as, char *const argv[])
{
	char out_path[] = "/tmp/minirun-test-out-XXXXXX", err_path[] = "/tmp/minirun-test-err-XXXXXX";
	int out = mkstemp(out_path), err = mkstemp(err_path);
	if (out < 0 || err < 0)
		abort();
	unlink(out_path);
	unlink(err_path);
	char **args = command_line(argv);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(out, 1);
		dup2(err, 2);
		if (as != 0 && (setgroups(0, NULL) || setresgid(as, as, as) || setresuid(as, as, as)))
			_exit(99);
		execv(args[0], args);
		_exit(99);
	}
	free(args);
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	int fds[2] = {out, err};
	char **dst[2] = {&r->out, &r->err};
	for (int i = 0; i < 2; i++) {
		off_t len = lseek(fds[i], 0, SEEK_END);
		*dst[i] = calloc(1, (size_t)len + 1);
		if (pread(fds[i], *dst[i], (size_t)len, 0) < 0)
			(*dst[i])[0] = 0;
		close(fds[i]);
	}
	return r->status;
}

int mrt_run_detached(struct mr_run *r, uid_t as, ...)
{
	char *argv[128];
	va_list ap;
	va_start(ap, as);
	collect(argv, ap);
	va_end(ap);
	return mrt_runv_detached(r, as, argv);
}
