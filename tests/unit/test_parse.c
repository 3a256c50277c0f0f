/* The pure parsers behind the Docker-style flags. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "minirun.h"
#include "parse.h"

static struct mr_error err;
static struct mr_mount m;

static void cleanup(void)
{
	mr_mount_clear(&m);
	memset(&err, 0, sizeof err);
}

TestSuite(parse, .fini = cleanup);

Test(parse, volume_plain)
{
	cr_assert_eq(mr_parse_volume("/srv/data:/data", &m, &err), 0);
	cr_expect_eq(m.kind, MR_MOUNT_BIND);
	cr_expect_str_eq(m.source, "/srv/data");
	cr_expect_str_eq(m.dest, "/data");
	cr_expect_eq(m.flags, 0);
}

Test(parse, volume_options)
{
	cr_assert_eq(mr_parse_volume("/a:/b:ro,nosuid,nodev,noexec", &m, &err), 0);
	cr_expect_eq(m.flags, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	mr_mount_clear(&m);
	cr_assert_eq(mr_parse_volume("/a:/b:ro,rw", &m, &err), 0);
	cr_expect_eq(m.flags, 0, "the last word wins");
}

Test(parse, volume_errors)
{
	cr_expect_eq(mr_parse_volume("/only-source", &m, &err), -1);
	cr_expect(strstr(err.msg, "expected SRC:DST") != NULL, "%s", err.msg);
	cr_expect_eq(mr_parse_volume("rel:/b", &m, &err), -1);
	cr_expect(strstr(err.msg, "absolute host path") != NULL, "%s", err.msg);
	cr_expect_eq(mr_parse_volume("/a:rel", &m, &err), -1);
	cr_expect(strstr(err.msg, "destination must be an absolute") != NULL, "%s", err.msg);
	cr_expect_eq(mr_parse_volume("/a:/b:shiny", &m, &err), -1);
	cr_expect(strstr(err.msg, "unknown option 'shiny'") != NULL, "%s", err.msg);
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
}

Test(parse, tmpfs_defaults_and_data)
{
	cr_assert_eq(mr_parse_tmpfs("/run", &m, &err), 0);
	cr_expect_eq(m.kind, MR_MOUNT_FS);
	cr_expect_str_eq(m.fstype, "tmpfs");
	cr_expect_eq(m.flags, MS_NOSUID | MS_NODEV | MS_NOEXEC);
	cr_expect_null(m.data);
	mr_mount_clear(&m);
	cr_assert_eq(mr_parse_tmpfs("/run:exec,size=64m,mode=1777,ro", &m, &err), 0);
	cr_expect_eq(m.flags, MS_NOSUID | MS_NODEV | MS_RDONLY);
	cr_expect_str_eq(m.data, "size=64m,mode=1777");
	mr_mount_clear(&m);
	cr_expect_eq(mr_parse_tmpfs("run", &m, &err), -1);
}

Test(parse, env)
{
	char *host[] = {"HOME=/home/me", "TERM=xterm", NULL};
	char *out;
	cr_assert_eq(mr_parse_env("A=b=c", host, &out, &err), 0);
	cr_expect_str_eq(out, "A=b=c");
	free(out);
	cr_assert_eq(mr_parse_env("TERM", host, &out, &err), 0);
	cr_expect_str_eq(out, "TERM=xterm");
	free(out);
	cr_assert_eq(mr_parse_env("TER", host, &out, &err), 0);
	cr_expect_null(out, "a prefix of a host variable is not that variable");
	cr_expect_eq(mr_parse_env("=x", host, &out, &err), -1);
}

Test(parse, net)
{
	enum mr_net_mode mode;
	char *path;
	cr_assert_eq(mr_parse_net("host", &mode, &path, &err), 0);
	cr_expect_eq(mode, MR_NET_HOST);
	cr_assert_eq(mr_parse_net("none", &mode, &path, &err), 0);
	cr_expect_eq(mode, MR_NET_NEW);
	cr_assert_eq(mr_parse_net("ns:/run/netns/x", &mode, &path, &err), 0);
	cr_expect_eq(mode, MR_NET_JOIN);
	cr_expect_str_eq(path, "/run/netns/x");
	free(path);
	cr_expect_eq(mr_parse_net("bridge", &mode, &path, &err), -1);
	cr_expect(strstr(err.msg, "expected host, none") != NULL, "%s", err.msg);
}

Test(parse, config_env_replaces)
{
	struct mr_config cfg;
	mr_config_init(&cfg);
	cr_expect_str_eq(mr_config_getenv(&cfg, "HOME"), "/root");
	mr_config_setenv(&cfg, "HOME", "/home/x");
	mr_config_setenv(&cfg, "HOMEX", "y");
	cr_expect_str_eq(mr_config_getenv(&cfg, "HOME"), "/home/x");
	cr_expect_str_eq(mr_config_getenv(&cfg, "HOMEX"), "y");
	cr_expect_null(mr_config_getenv(&cfg, "HOM"));
	cr_expect_null(cfg.env[cfg.n_env]);
	mr_config_free(&cfg);
}

/* ---- resource limits ------------------------------------------------------- */

Test(parse, bytes_with_docker_units)
{
	int64_t v;
	cr_assert_eq(mr_parse_bytes("--memory", "512m", false, &v, &err), 0);
	cr_expect_eq(v, 512LL << 20);
	cr_assert_eq(mr_parse_bytes("--memory", "2G", false, &v, &err), 0);
	cr_expect_eq(v, 2LL << 30);
	cr_assert_eq(mr_parse_bytes("--memory", "64k", false, &v, &err), 0);
	cr_expect_eq(v, 64LL << 10);
	cr_assert_eq(mr_parse_bytes("--memory", "1t", false, &v, &err), 0);
	cr_expect_eq(v, 1LL << 40);
	cr_assert_eq(mr_parse_bytes("--memory", "4096", false, &v, &err), 0);
	cr_expect_eq(v, 4096);
	cr_assert_eq(mr_parse_bytes("--memory", "512mb", false, &v, &err), 0);
	cr_expect_eq(v, 512LL << 20);
	cr_assert_eq(mr_parse_bytes("--memory", "2GiB", false, &v, &err), 0);
	cr_expect_eq(v, 2LL << 30);
	cr_assert_eq(mr_parse_bytes("--memory", "1.5g", false, &v, &err), 0);
	cr_expect_eq(v, 3LL << 29);
	cr_assert_eq(mr_parse_bytes("--memory", "100b", false, &v, &err), 0);
	cr_expect_eq(v, 100);
}

Test(parse, bytes_errors)
{
	int64_t v = 7;
	cr_expect_eq(mr_parse_bytes("--memory", "12x", false, &v, &err), -1);
	cr_expect_str_eq(err.msg, "--memory '12x': expected a size like 512m or 2g");
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
	const char *bad[] = {"", "m", "-1", "-5m", "1.5.3g", "12 m", "0", "0k", "1.m", "12mm", "3kib2", "1e6"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect_eq(mr_parse_bytes("--memory", bad[i], false, &v, &err), -1, "'%s' was accepted", bad[i]);
	cr_expect_eq(mr_parse_bytes("--memory", "99999999999t", false, &v, &err), -1);
	cr_expect(strstr(err.msg, "too large") != NULL, "%s", err.msg);
	cr_expect_eq(mr_parse_bytes("--memory", "99999999999999999999999", false, &v, &err), -1);
	cr_expect_eq(v, 7, "a failed parse leaves the value alone");
}

Test(parse, bytes_unlimited_only_where_allowed)
{
	int64_t v;
	cr_assert_eq(mr_parse_bytes("--memory-swap", "-1", true, &v, &err), 0);
	cr_expect_eq(v, -1);
	cr_expect_eq(mr_parse_bytes("--memory-swap", "-2", true, &v, &err), -1);
	cr_expect_str_eq(err.msg, "--memory-swap '-2': expected a size like 512m or 2g, or -1 for unlimited");
}

Test(parse, cpus_as_a_cfs_quota)
{
	int64_t quota;
	uint64_t period;
	cr_assert_eq(mr_parse_cpus("1.5", &quota, &period, &err), 0);
	cr_expect_eq(quota, 150000);
	cr_expect_eq(period, 100000);
	cr_assert_eq(mr_parse_cpus("2", &quota, &period, &err), 0);
	cr_expect_eq(quota, 200000);
	cr_assert_eq(mr_parse_cpus("0.01", &quota, &period, &err), 0);
	cr_expect_eq(quota, 1000);
	cr_assert_eq(mr_parse_cpus("0.25", &quota, &period, &err), 0);
	cr_expect_eq(quota, 25000);
	cr_expect_eq(mr_parse_cpus("0.001", &quota, &period, &err), -1);
	cr_expect(strstr(err.msg, "at least 0.01") != NULL, "%s", err.msg);
	cr_expect_eq(mr_parse_cpus("0", &quota, &period, &err), -1);
	cr_expect_eq(mr_parse_cpus("1.5x", &quota, &period, &err), -1);
	cr_expect_str_eq(err.msg, "--cpus '1.5x': expected a number of CPUs like 1.5");
	cr_expect_eq(mr_parse_cpus("-1", &quota, &period, &err), -1);
	cr_expect_eq(mr_parse_cpus("", &quota, &period, &err), -1);
	cr_expect_eq(mr_parse_cpus("99999999999", &quota, &period, &err), -1);
}

Test(parse, pids_limit)
{
	int64_t v;
	cr_assert_eq(mr_parse_pids_limit("100", &v, &err), 0);
	cr_expect_eq(v, 100);
	cr_assert_eq(mr_parse_pids_limit("-1", &v, &err), 0);
	cr_expect_eq(v, -1);
	cr_expect_eq(mr_parse_pids_limit("0", &v, &err), -1);
	cr_expect_str_eq(err.msg, "--pids-limit '0': expected a number of processes like 100, or -1 for unlimited");
	cr_expect_eq(mr_parse_pids_limit("10k", &v, &err), -1);
	cr_expect_eq(mr_parse_pids_limit("-2", &v, &err), -1);
	cr_expect_eq(mr_parse_pids_limit("+5", &v, &err), -1);
}

Test(parse, cpu_shares_in_the_kernels_range)
{
	uint64_t v;
	cr_assert_eq(mr_parse_cpu_shares("512", &v, &err), 0);
	cr_expect_eq(v, 512);
	cr_assert_eq(mr_parse_cpu_shares("2", &v, &err), 0);
	cr_assert_eq(mr_parse_cpu_shares("262144", &v, &err), 0);
	cr_expect_eq(mr_parse_cpu_shares("1", &v, &err), -1);
	cr_expect(strstr(err.msg, "from 2 to 262144") != NULL, "%s", err.msg);
	cr_expect_eq(mr_parse_cpu_shares("262145", &v, &err), -1);
	cr_expect_eq(mr_parse_cpu_shares("lots", &v, &err), -1);
}

Test(parse, cpuset_lists)
{
	const char *good[] = {"0", "0-1", "0,2", "0-2,4,6-7", "12"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		cr_expect_eq(mr_parse_cpuset("--cpuset-cpus", good[i], &err), 0, "'%s' was refused", good[i]);
	const char *bad[] = {"", "a", "0-", "-1", "2-1", "0,,1", "0,", "1 2", "0-1-2"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect_eq(mr_parse_cpuset("--cpuset-cpus", bad[i], &err), -1, "'%s' was accepted", bad[i]);
	cr_expect_str_eq(err.msg, "--cpuset-cpus '0-1-2': expected CPU numbers and ranges like 0-2,4");
}

Test(parse, cpu_quota_and_period_in_the_kernels_range)
{
	int64_t quota;
	uint64_t period;
	cr_assert_eq(mr_parse_cpu_quota("50000", &quota, &err), 0);
	cr_expect_eq(quota, 50000);
	cr_assert_eq(mr_parse_cpu_quota("-1", &quota, &err), 0);
	cr_expect_eq(quota, -1);
	cr_expect_eq(mr_parse_cpu_quota("999", &quota, &err), -1);
	cr_expect_str_eq(err.msg, "--cpu-quota '999': expected microseconds of CPU time per period, at least 1000 "
	                          "(1 ms), or -1 for unlimited");
	cr_expect_eq(mr_parse_cpu_quota("1.5", &quota, &err), -1);
	cr_assert_eq(mr_parse_cpu_period("1000", &period, &err), 0);
	cr_assert_eq(mr_parse_cpu_period("1000000", &period, &err), 0);
	cr_expect_eq(period, 1000000);
	cr_expect_eq(mr_parse_cpu_period("1000001", &period, &err), -1);
	cr_expect(strstr(err.msg, "--cpu-period '1000001': expected microseconds from 1000 to 1000000"), "%s", err.msg);
	cr_expect_eq(mr_parse_cpu_period("-1", &period, &err), -1, "a period cannot be unlimited");
}

Test(parse, resource_flags_by_name)
{
	struct mr_resources r = {0};
	cr_assert_eq(mr_parse_resource("memory", "512m", &r, &err), 0);
	cr_expect_eq(r.memory, 512LL << 20);
	cr_assert_eq(mr_parse_resource("memory", "-1", &r, &err), 0, "update lifts a limit with -1");
	cr_expect_eq(r.memory, -1);
	cr_assert_eq(mr_parse_resource("memory-swap", "1g", &r, &err), 0);
	cr_expect_eq(r.memory_swap, 1LL << 30);
	cr_assert_eq(mr_parse_resource("pids-limit", "100", &r, &err), 0);
	cr_expect_eq(r.pids, 100);
	cr_assert_eq(mr_parse_resource("cpus", "0.5", &r, &err), 0);
	cr_expect(r.cpu_quota == 50000 && r.cpu_period == 100000, "%lld %llu", (long long)r.cpu_quota,
	          (unsigned long long)r.cpu_period);
	cr_assert_eq(mr_parse_resource("cpu-period", "20000", &r, &err), 0);
	cr_assert_eq(mr_parse_resource("cpu-quota", "10000", &r, &err), 0);
	cr_expect(r.cpu_quota == 10000 && r.cpu_period == 20000);
	cr_assert_eq(mr_parse_resource("cpu-share", "512", &r, &err), 0, "runc's spelling");
	cr_expect_eq(r.cpu_shares, 512);
	cr_assert_eq(mr_parse_resource("cpuset-cpus", "0-1", &r, &err), 0);
	cr_assert_eq(mr_parse_resource("cpuset-mems", "0", &r, &err), 0);
	cr_expect(!strcmp(r.cpuset_cpus, "0-1") && !strcmp(r.cpuset_mems, "0"));
	cr_expect_eq(mr_parse_resource("memory", "12x", &r, &err), -1);
	cr_expect_str_eq(err.msg, "--memory '12x': expected a size like 512m or 2g, or -1 for unlimited");
	cr_expect_eq(mr_parse_resource("cpuset-mems", "a", &r, &err), -1);
	cr_expect(strstr(err.msg, "--cpuset-mems 'a'"), "%s", err.msg);
	cr_expect_eq(mr_parse_resource("blkio-weight", "10", &r, &err), -1);
	cr_expect_str_eq(err.msg, "--blkio-weight: not a resource limit");
}

Test(parse, ps_output_cut_down_to_the_containers_pids)
{
	const char *ps = "UID        PID  PPID  C STIME TTY          TIME CMD\n"
	                 "root         1     0  0 10:00 ?        00:00:01 /sbin/init splash\n"
	                 "root       812     1  0 10:01 ?        00:00:00 /bin/sh -c sleep 1000 & wait\n"
	                 "root       813   812  0 10:01 ?        00:00:00 sleep 1000\n"
	                 "\n"
	                 "root      8120     1  0 10:02 ?        00:00:00 ps -ef\n";
	pid_t mine[] = {812, 813};
	char *out = mr_ps_filter(ps, mine, 2, &err);
	cr_assert(out, "%s", err.msg);
	cr_expect_str_eq(out, "UID        PID  PPID  C STIME TTY          TIME CMD\n"
	                      "root       812     1  0 10:01 ?        00:00:00 /bin/sh -c sleep 1000 & wait\n"
	                      "root       813   812  0 10:01 ?        00:00:00 sleep 1000\n");
	free(out);
	/* -o pid,comm puts PID first; no process: the header alone */
	out = mr_ps_filter("  PID COMMAND\n  812 sh\n", mine, 0, &err);
	cr_expect_str_eq(out, "  PID COMMAND\n");
	free(out);

	cr_expect_null(mr_ps_filter("COMMAND\nsh\n", mine, 2, &err));
	cr_expect(strstr(err.msg, "no PID column") && strstr(err.msg, "\"COMMAND\""), "%s", err.msg);
	cr_expect_null(mr_ps_filter("  PID COMMAND\n  abc sh\n", mine, 2, &err));
	cr_expect(strstr(err.msg, "no process id in column 1 of \"  abc sh\""), "%s", err.msg);
	cr_expect_null(mr_ps_filter("USER PID\nroot\n", mine, 2, &err), "a line too short for the PID column");
}
