/* The pure parsers behind the Docker-style flags. */
#include <criterion/criterion.h>
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
