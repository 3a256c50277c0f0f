/* probe: a small static program copied into the test rootfs. Each
 * subcommand reports what the kernel says from inside the container.
 *   probe status          print /proc/self/status
 *   probe bind PORT       bind TCP 0.0.0.0:PORT; print "ok" or the errno name
 *   probe fds             list open file descriptors, one per line
 *   probe exit N          exit with status N
 *   probe wait-signal     print "ready", wait for SIGTERM/SIGINT/SIGHUP/SIGUSR1,
 *                         print "got N" and exit 0
 *   probe sleep SECONDS   sleep (for tests that kill minirun meanwhile)
 *   probe write PATH      open PATH for writing; print "ok" or the errno name
 *   probe read PATH       print the size of PATH's content ("0" when masked)
 *   probe orphan          leave an orphan that exits at once, wait 300 ms,
 *                         print how many zombies the container has
 *   probe forks N         fork N children that wait; print "forked N", or
 *                         the errno name and how many succeeded: "EAGAIN
 *                         after 5" (exit 1); the children are killed after
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case EROFS: return "EROFS";
	case ENOENT: return "ENOENT";
	case EADDRINUSE: return "EADDRINUSE";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	default: return strerror(e);
	}
}

static int cat(const char *path)
{
	char buf[8192];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}

static int do_bind(int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return 1;
	int self = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != self)
			printf("%s\n", e->d_name);
	closedir(d);
	return 0;
}

static int wait_signal(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("ready\n");
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	printf("got %d\n", sig);
	return 0;
}

static int write_path(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	close(fd);
	printf("ok\n");
	return 0;
}

static int read_size(const char *path)
{
	char buf[4096];
	long total = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += n;
	close(fd);
	printf("%ld\n", total);
	return 0;
}

static int orphan(void)
{
	pid_t child = fork();
	if (child == 0) {
		if (fork() == 0)
			_exit(0); /* the orphan: re-parented to pid 1 */
		_exit(0);
	}
	waitpid(child, NULL, 0); /* our own child is reaped: only the orphan remains */
	usleep(300000);
	int zombies = 0;
	DIR *d = opendir("/proc");
	for (struct dirent *e; d && (e = readdir(d));) {
		char path[300], stat[512];
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, stat, sizeof stat - 1);
		close(fd);
		stat[n > 0 ? n : 0] = 0;
		char *paren = strrchr(stat, ')');
		zombies += paren && paren[1] == ' ' && paren[2] == 'Z';
	}
	if (d)
		closedir(d);
	printf("%d\n", zombies);
	return 0;
}

static int forks(int n)
{
	static pid_t kids[4096];
	int made = 0, rc = 0;
	for (; made < n && made < 4096; made++) {
		pid_t pid = fork();
		if (pid < 0) {
			printf("%s after %d\n", errno == EAGAIN ? "EAGAIN" : errname(errno), made);
			rc = 1;
			break;
		}
		if (pid == 0) {
			pause();
			_exit(0);
		}
		kids[made] = pid;
	}
	if (!rc)
		printf("forked %d\n", made);
	for (int i = 0; i < made; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < made; i++)
		waitpid(kids[i], NULL, 0);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "";
	if (!strcmp(cmd, "status"))
		return cat("/proc/self/status");
	if (!strcmp(cmd, "bind"))
		return do_bind(atoi(arg));
	if (!strcmp(cmd, "fds"))
		return fds();
	if (!strcmp(cmd, "exit"))
		return atoi(arg);
	if (!strcmp(cmd, "wait-signal"))
		return wait_signal();
	if (!strcmp(cmd, "sleep"))
		return sleep((unsigned)atoi(arg)) ? 1 : 0;
	if (!strcmp(cmd, "write"))
		return write_path(arg);
	if (!strcmp(cmd, "read"))
		return read_size(arg);
	if (!strcmp(cmd, "orphan"))
		return orphan();
	if (!strcmp(cmd, "forks"))
		return forks(atoi(arg));
	fprintf(stderr, "probe: unknown subcommand '%s'\n", cmd);
	return 2;
}
