/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The host side of Condition*=/Assert*=: one test per type with systemd 252's semantics
 * (src/shared/condition.c). cordon's own process stands in for systemd's manager (uid, groups,
 * capability bounding set, environment, cgroup). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <grp.h>
#include <linux/magic.h>
#include <linux/netlink.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "cleanup.h"
#include "condition-internal.h"
#include "condition.h"
#include "credentials.h"
#include "env-util.h"
#include "extract-word.h"
#include "fileio.h"
#include "names.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

#ifndef NETLINK_AUDIT
#define NETLINK_AUDIT 9
#endif
#define AUDIT_GET_FEATURE    1019
#define UNSUPPORTED(c, text) ((c)->why = (text), -EOPNOTSUPP)

int cond_cgroup_unified(void)
{
        struct statfs fs;

        if (statfs("/sys/fs/cgroup/", &fs) < 0)
                return -errno;
        return fs.f_type == CGROUP2_SUPER_MAGIC;
}

static int test_path(const CondItem *c)
{
        struct stat st;

        if (c->type == COND_PATH_EXISTS)
                return access(c->parameter, F_OK) >= 0;
        if (c->type == COND_PATH_IS_DIRECTORY)
                return stat(c->parameter, &st) >= 0 && S_ISDIR(st.st_mode);
        if (c->type == COND_PATH_IS_SYMBOLIC_LINK)
                return lstat(c->parameter, &st) >= 0 && S_ISLNK(st.st_mode);
        if (c->type == COND_FILE_NOT_EMPTY)
                return stat(c->parameter, &st) >= 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        if (c->type == COND_FILE_IS_EXECUTABLE)
                return stat(c->parameter, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
        return -EINVAL;
}

static int test_glob(const CondItem *c)
{
        glob_t g = {0};
        int r = glob(c->parameter, GLOB_NOSORT | GLOB_BRACE, NULL, &g);

        globfree(&g);
        if (r == GLOB_NOSPACE)
                return -ENOMEM;
        return r == 0;
}

static int test_mount_point(CondItem *c)
{
        struct statx sx;

        if (path_equal(c->parameter, "/"))
                return 1;
        if (statx(AT_FDCWD, c->parameter, 0, STATX_TYPE, &sx) < 0)
                return 0; /* systemd: errors → not a mount point */
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
                return UNSUPPORTED(c, "the kernel does not report mount roots (statx)");
        return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

/* path_is_read_only_fs(): 1 read-only, 0 writable, -errno. */
static int read_only_fs(const char *path)
{
        struct statvfs st;

        if (statvfs(path, &st) < 0)
                return -errno;
        if (st.f_flag & ST_RDONLY)
                return 1;
        return access(path, W_OK) < 0 && errno == EROFS;
}

static int blockdev_encrypted(const char *sysfs, unsigned depth)
{
        _cleanup_free_ char *uuid = NULL, *slaves = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;
        int found = 0;

        if (depth == 0)
                return -EINVAL;
        _cleanup_free_ char *p = path_join(sysfs, "dm/uuid");
        if (!p)
                return -ENOMEM;
        int r = cond_read_line(p, &uuid);
        if (r < 0 && r != -ENOENT)
                return r;
        if (r >= 0 && startswith(uuid, "CRYPT-"))
                return 1;
        slaves = path_join(sysfs, "slaves");
        if (!slaves)
                return -ENOMEM;
        d = opendir(slaves);
        if (!d)
                return errno == ENOENT ? 0 : -errno;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                _cleanup_free_ char *q = path_join(slaves, de->d_name);
                if (!q)
                        return -ENOMEM;
                r = blockdev_encrypted(q, depth - 1);
                if (r < 0)
                        return r;
                if (r == 0)
                        return 0; /* every underlying device must be encrypted */
                found = 1;
        }
        return found;
}

static int test_encrypted(CondItem *c)
{
        struct stat st;
        struct statfs fs;
        char sys[64];

        if (lstat(c->parameter, &st) < 0 || statfs(c->parameter, &fs) < 0)
                return 0;
        if (major(st.st_dev) == 0) {
                if (fs.f_type == BTRFS_SUPER_MAGIC)
                        return UNSUPPORTED(c, "btrfs: the backing device is not looked up");
                return 0; /* no block device */
        }
        snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", major(st.st_dev), minor(st.st_dev));
        return blockdev_encrypted(sys, 10) > 0;
}

static bool hidden_or_backup(const char *f)
{
        if (f[0] == '.' ||
            strv_contains(STRV_MAKE("lost+found", "aquota.user", "aquota.group"), f) ||
            endswith(f, "~"))
                return true;
        const char *dot = strrchr(f, '.');
        return dot && strv_contains(STRV_MAKE("rpmnew", "rpmsave", "rpmorig", "dpkg-old",
                                              "dpkg-new", "dpkg-tmp", "dpkg-dist", "dpkg-bak",
                                              "dpkg-backup", "dpkg-remove", "ucf-new", "ucf-old",
                                              "ucf-dist", "swp", "bak", "old", "new"),
                                    dot + 1);
}

static int test_dir_not_empty(const CondItem *c)
{
        _cleanup_closedir_ DIR *d = opendir(c->parameter);
        struct dirent *de;

        if (!d) /* systemd: only ENOENT/ENOTDIR make it false */
                return !(errno == ENOENT || errno == ENOTDIR);
        while ((de = readdir(d)))
                if (!hidden_or_backup(de->d_name))
                        return 1;
        return 0;
}

static int proc_cmdline(const CondContext *ctx, char **ret);

/* systemd.condition-needs-update= from the command line or, with lower priority, systemd's EFI
 * options ($SYSTEMD_EFI_OPTIONS, else the SystemdOptions EFI variable, which cordon does not
 * read: -EOPNOTSUPP when it exists). 1 and *ret when given, 0 when not. */
static int needs_update_override(const CondContext *ctx, bool *ret)
{
        static const char key[] = "systemd.condition-needs-update";
        _cleanup_free_ char *line = NULL;
        const char *id;
        int r = proc_cmdline(ctx, &line);

        if (r >= 0) {
                r = cond_cmdline_get_bool(line, key, ret);
                if (r != 0)
                        return r; /* systemd ignores a bad value (< 0) */
        }
        const char *efi = strv_env_get(ctx->environment, "SYSTEMD_EFI_OPTIONS");
        if (efi)
                return cond_cmdline_get_bool(efi, key, ret);
        if (cond_detect_container(&id) == 0 &&
            access("/sys/firmware/efi/efivars/"
                   "SystemdOptions-8cf2644b-4b0b-428f-9387-6d876050dc67",
                   F_OK) >= 0)
                return -EOPNOTSUPP;
        return 0;
}

static int test_needs_update(CondItem *c, const CondContext *ctx)
{
        struct stat usr, other;
        _cleanup_free_ char *stamp = NULL;
        bool b;

        int r = needs_update_override(ctx, &b);
        if (r == -EOPNOTSUPP)
                return UNSUPPORTED(c, "the SystemdOptions EFI variable is not read");
        if (r > 0)
                return b;
        const char *initrd = strv_env_get(ctx->environment, "SYSTEMD_IN_INITRD");
        if (initrd ? parse_boolean(initrd) > 0 : access("/etc/initrd-release", F_OK) >= 0)
                return 0;
        if (read_only_fs(c->parameter) > 0)
                return 0;
        stamp = path_join(c->parameter, ".updated");
        if (!stamp)
                return -ENOMEM;
        if (lstat(stamp, &other) < 0 || lstat("/usr/", &usr) < 0)
                return 1;
        if (usr.st_mtim.tv_sec != other.st_mtim.tv_sec)
                return usr.st_mtim.tv_sec > other.st_mtim.tv_sec;
        if (usr.st_mtim.tv_nsec == 0 || other.st_mtim.tv_nsec > 0)
                return usr.st_mtim.tv_nsec > other.st_mtim.tv_nsec;
        /* Seconds equal, the stamp without nanoseconds: TIMESTAMP_NSEC= in it decides. */
        _cleanup_free_ char *data = NULL;
        char **kv = NULL;
        uint64_t ts;
        DiagList diags = {0};
        if (read_full_file(stamp, 64 * 1024, &data, NULL) < 0)
                return 1;
        r = env_file_parse(data, strlen(data), stamp, &kv, &diags);
        diag_list_done(&diags);
        if (r < 0)
                return 1;
        const char *v = strv_env_get(kv, "TIMESTAMP_NSEC");
        r = !v || safe_atou64(v, &ts) < 0 ? 1
                                          : (uint64_t) usr.st_mtim.tv_sec * 1000000000ULL +
                                                            (uint64_t) usr.st_mtim.tv_nsec >
                                                    ts;
        strv_free(kv);
        return r;
}

static int proc_cmdline(const CondContext *ctx, char **ret)
{
        const char *e = strv_env_get(ctx->environment, "SYSTEMD_PROC_CMDLINE");
        const char *id;
        size_t n;
        int r;

        if (e) {
                *ret = strdup(e);
                return *ret ? 0 : -ENOMEM;
        }
        if (cond_detect_container(&id) > 0) {
                /* PID 1's arguments, NULs as blanks (get_process_cmdline()) */
                r = read_full_file("/proc/1/cmdline", 64 * 1024, ret, &n);
                if (r < 0)
                        return r;
                while (n > 0 && (*ret)[n - 1] == 0)
                        n--;
                for (size_t i = 0; i < n; i++)
                        if ((*ret)[i] == 0)
                                (*ret)[i] = ' ';
                (*ret)[n] = 0;
                return 0;
        }
        return read_full_file("/proc/cmdline", 64 * 1024, ret, NULL);
}

static int test_credential(const CondItem *c, const CondContext *ctx)
{
        if (!credential_name_is_valid(c->parameter))
                return 0;
        static const char *const vars[] = {"CREDENTIALS_DIRECTORY",
                                           "ENCRYPTED_CREDENTIALS_DIRECTORY"};
        for (size_t i = 0; i < ELEMENTSOF(vars); i++) {
                const char *d = strv_env_get(ctx->environment, vars[i]);
                if (isempty(d) || !path_is_absolute(d))
                        continue;
                _cleanup_free_ char *j = path_join(d, c->parameter);
                struct stat st;
                if (!j)
                        return -ENOMEM;
                if (lstat(j, &st) >= 0)
                        return 1;
                if (errno != ENOENT)
                        return -errno;
        }
        return 0;
}

static int test_virtualization(CondItem *c)
{
        const char *id, *why;
        int kind, b, r;

        if (streq(c->parameter, "private-users"))
                return cond_running_in_userns();
        r = cond_detect_virtualization(&id, &kind, &why);
        if (r < 0)
                return UNSUPPORTED(c, why);
        b = parse_boolean(c->parameter);
        if (b >= 0)
                return b == (kind != 0);
        if (streq(c->parameter, "vm"))
                return kind == 1;
        if (streq(c->parameter, "container"))
                return kind == 2;
        return kind != 0 && streq(c->parameter, id);
}

static const char *native_architecture(void)
{
#if defined(__x86_64__)
        return "x86-64";
#elif defined(__i386__)
        return "x86";
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return "arm64";
#elif defined(__arm__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return "ppc64-le";
#elif defined(__s390x__)
        return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
        return "riscv64";
#else
        return NULL;
#endif
}

static int test_architecture(CondItem *c)
{
        struct utsname u;
        const char *a, *b;

        if (uname(&u) < 0)
                return -errno;
        a = cond_architecture_from_uname(u.machine);
        if (!a)
                return UNSUPPORTED(c, "this machine's architecture is not in cordon's table");
        if (streq(c->parameter, "native")) {
                b = native_architecture();
                if (!b)
                        return UNSUPPORTED(c, "cordon does not know its own architecture's name");
                return streq(a, b);
        }
        if (!cond_architecture_is_known(c->parameter))
                return 0;
        return streq(a, c->parameter);
}

static int test_firmware(CondItem *c)
{
        const char *arg;

        if (streq(c->parameter, "device-tree"))
                return access("/sys/firmware/devicetree/", F_OK) >= 0;
        if ((arg = startswith(c->parameter, "device-tree-compatible("))) {
                const char *end = strrchr(arg, ')');
                _cleanup_free_ char *data = NULL;
                size_t n;
                if (!end || end[1])
                        return 0;
                if (read_full_file("/proc/device-tree/compatible", 64 * 1024, &data, &n) < 0 ||
                    n == 0 || data[n - 1] != 0)
                        return 0;
                for (size_t i = 0; i < n; i += strlen(data + i) + 1)
                        if (strlen(data + i) == (size_t) (end - arg) &&
                            strneq(data + i, arg, (size_t) (end - arg)))
                                return 1;
                return 0;
        }
        if (streq(c->parameter, "uefi")) {
                const char *id;
                return cond_detect_container(&id) == 0 && access("/sys/firmware/efi/", F_OK) >= 0;
        }
        if ((arg = startswith(c->parameter, "smbios-field("))) {
                const char *end = strrchr(arg, ')');
                _cleanup_free_ char *expr = NULL, *field = NULL, *want = NULL, *have = NULL;
                if (!end || end[1])
                        return -EINVAL;
                expr = strndup(arg, (size_t) (end - arg));
                if (!expr)
                        return -ENOMEM;
                const char *e = expr;
                int r = extract_first_word(&e, &field, "!<=>$", EXTRACT_RETAIN_SEPARATORS);
                if (r <= 0 || isempty(e))
                        return r < 0 ? r : -EINVAL;
                delete_trailing_chars(field, WHITESPACE);
                CondCompareOp op = cond_compare_op_parse(&e, COND_CMP_ALLOW_FNMATCH |
                                                                     COND_CMP_EQUAL_BY_STRING);
                if (op < 0)
                        return op;
                r = extract_first_word(&e, &want, NULL, EXTRACT_UNQUOTE);
                if (r <= 0 || !isempty(e))
                        return r < 0 ? r : -EINVAL;
                if (!filename_is_valid(field))
                        return -EINVAL;
                _cleanup_free_ char *p = path_join("/sys/class/dmi/id", field);
                if (!p)
                        return -ENOMEM;
                r = read_full_file(p, 64 * 1024, &have, NULL);
                if (r == -ENOENT)
                        return 0;
                if (r < 0)
                        return r;
                delete_trailing_chars(have, WHITESPACE);
                return cond_version_compare(op, have, want);
        }
        return 0;
}

static int test_host(CondItem *c)
{
        const char *p = c->parameter;
        char id[33];
        size_t n = 0;

        /* A machine ID: 32 hex digits, or a UUID with dashes at 8-4-4-4-12. */
        for (size_t i = 0; p[i] && n < 33; i++) {
                if (p[i] == '-' && strlen(p) == 36 && (i == 8 || i == 13 || i == 18 || i == 23))
                        continue;
                if (!strchr("0123456789abcdefABCDEF", p[i]))
                        break;
                id[n++] = (char) (p[i] | 0x20);
        }
        if (n == 32 && (strlen(p) == 32 || strlen(p) == 36)) {
                _cleanup_free_ char *m = NULL;
                id[32] = 0;
                int r = cond_read_line("/etc/machine-id", &m);
                if (r < 0)
                        return r;
                return streq(ascii_strlower(m), id);
        }
        struct utsname u;
        if (uname(&u) < 0)
                return -errno;
        const char *h =
                isempty(u.nodename) || streq(u.nodename, "(none)") ? "localhost" : u.nodename;
        int r = fnmatch(c->parameter, h, FNM_CASEFOLD);
        return r == 0 ? 1 : r == FNM_NOMATCH ? 0 : -EINVAL;
}

static int sysfs_bool(const char *dir, const char *attr, const char *truth)
{
        _cleanup_free_ char *p = path_join(dir, attr), *v = NULL;
        if (!p)
                return -ENOMEM;
        int r = cond_read_line(p, &v);
        if (r < 0)
                return r;
        return truth ? streq(v, truth) : !!strstr(v, "");
}

/* on_ac_power(): an online non-battery supply, else a discharging battery means no. */
static int on_ac_power(CondItem *c)
{
        _cleanup_closedir_ DIR *d = opendir("/sys/class/power_supply");
        bool online = false, discharging = false;
        struct dirent *de;

        if (!d)
                return 1;
        while ((de = readdir(d))) {
                _cleanup_free_ char *dir = NULL, *type = NULL, *v = NULL;
                if (de->d_name[0] == '.')
                        continue;
                dir = path_join("/sys/class/power_supply", de->d_name);
                _cleanup_free_ char *tp = dir ? path_join(dir, "type") : NULL;
                if (!tp)
                        return -ENOMEM;
                if (cond_read_line(tp, &type) < 0)
                        continue;
                if (streq(type, "USB"))
                        return UNSUPPORTED(c, "a USB power supply's source/sink role is not read");
                if (streq(type, "Battery")) {
                        if (sysfs_bool(dir, "scope", "Device") > 0 ||
                            sysfs_bool(dir, "present", "0") > 0)
                                continue;
                        int r = sysfs_bool(dir, "status", "Discharging");
                        if (r != 0)
                                discharging = true; /* unreadable: assumed discharging */
                        continue;
                }
                _cleanup_free_ char *op = path_join(dir, "online");
                unsigned u;
                if (!op)
                        return -ENOMEM;
                if (cond_read_line(op, &v) < 0 || safe_atou(v, &u) < 0)
                        continue;
                if (u > 0)
                        online = true;
        }
        return online || !discharging;
}

static int test_security(CondItem *c)
{
        const char *p = c->parameter, *id;
        struct statfs fs;

        if (streq(p, "selinux"))
                return statfs("/sys/fs/selinux", &fs) >= 0 && fs.f_type == SELINUX_MAGIC;
        if (streq(p, "smack"))
                return access("/sys/fs/smackfs/", F_OK) >= 0;
        if (streq(p, "apparmor")) {
                _cleanup_free_ char *v = NULL;
                return cond_read_line("/sys/module/apparmor/parameters/enabled", &v) >= 0 &&
                       parse_boolean(v) > 0;
        }
        if (streq(p, "audit")) {
                struct {
                        struct nlmsghdr hdr;
                        struct nlmsgerr err;
                } msg = {.hdr = {.nlmsg_len = NLMSG_LENGTH(0),
                                 .nlmsg_type = AUDIT_GET_FEATURE,
                                 .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK}};
                _cleanup_close_ int fd =
                        socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);
                if (fd < 0)
                        return !(errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT ||
                                 errno == EPERM);
                if (send(fd, &msg, msg.hdr.nlmsg_len, MSG_NOSIGNAL) < 0)
                        return 1;
                for (int i = 0; i < 50; i++) { /* the kernel answers at once; wait ≤ 0.5 s */
                        ssize_t n = recv(fd, &msg, sizeof(msg), 0);
                        if (n < 0 && errno == EAGAIN) {
                                usleep(10000);
                                continue;
                        }
                        if (n == (ssize_t) sizeof(msg) && msg.hdr.nlmsg_type == NLMSG_ERROR)
                                return msg.err.error != -ECONNREFUSED;
                        return 1;
                }
                return 1;
        }
        if (streq(p, "ima"))
                return access("/sys/kernel/security/ima/", F_OK) >= 0;
        if (streq(p, "tomoyo"))
                return access("/sys/kernel/security/tomoyo/version", F_OK) >= 0;
        if (streq(p, "uefi-secureboot")) {
                if (cond_detect_container(&id) > 0 || access("/sys/firmware/efi/", F_OK) < 0)
                        return 0;
                return UNSUPPORTED(c, "the Secure Boot EFI variables are not read");
        }
        if (streq(p, "tpm2")) {
                _cleanup_closedir_ DIR *d = NULL;
                if (cond_detect_container(&id) > 0 || !(d = opendir("/sys/class/tpmrm")))
                        return 0; /* no TPM2 subsystem */
                return UNSUPPORTED(c, "the firmware's TPM2 support is not read");
        }
        return 0;
}

static int test_capability(const CondItem *c)
{
        _cleanup_free_ char *st = NULL;
        int cap = capability_from_name(c->parameter);

        if (cap < 0)
                return -EINVAL;
        int r = read_full_file("/proc/self/status", 1024 * 1024, &st, NULL);
        if (r < 0)
                return r;
        const char *p = strstr(st, "\nCapBnd:");
        if (!p)
                return 1; /* systemd: assumed present */
        unsigned long long caps = strtoull(p + 8, NULL, 16);
        return !!(caps & (1ULL << cap));
}

static int test_first_boot(const CondItem *c)
{
        int b = parse_boolean(c->parameter);
        if (b < 0)
                return b;
        return (access("/run/systemd/first-boot", F_OK) >= 0) == b;
}

static bool uid_is_system(uid_t u)
{
        return u <= 999; /* SYSTEM_UID_MAX of Debian's systemd 252 */
}

static bool in_gid(gid_t g)
{
        gid_t list[1024];
        int n;

        if (getgid() == g || getegid() == g)
                return true;
        n = getgroups((int) ELEMENTSOF(list), list);
        for (int i = 0; i < n; i++)
                if (list[i] == g)
                        return true;
        return false;
}

static int test_user(const CondItem *c, const CondContext *ctx)
{
        uid_t id;
        const char *p = c->parameter;

        if (streq(p, "root"))
                return getuid() == 0 || geteuid() == 0;
        if (streq(p, "nobody"))
                return getuid() == 65534 || geteuid() == 65534;
        if (streq(p, "@system"))
                return uid_is_system(getuid()) || uid_is_system(geteuid());
        if (parse_uid(p, &id) >= 0)
                return id == getuid() || id == geteuid();
        /* getusername_malloc(): $USER first */
        const char *user = strv_env_get(ctx->environment, "USER");
        if (user && streq(user, p))
                return 1;
        if (!user) {
                struct passwd *pw = getpwuid(getuid());
                if (pw && streq(pw->pw_name, p))
                        return 1;
        }
        struct passwd *pw = getpwnam(p);
        if (!pw)
                return 0;
        return pw->pw_uid == getuid() || pw->pw_uid == geteuid();
}

static int test_group(const CondItem *c)
{
        gid_t id;

        if (parse_uid(c->parameter, &id) >= 0) /* parse_gid() is parse_uid() */
                return in_gid(id);
        struct group *g = getgrnam(c->parameter);
        return g && in_gid(g->gr_gid);
}

/* The manager's root cgroup: PID 1's cgroup without "/init.scope" (cg_get_root_path()), from
 * the unified line or, on cgroup v1, the name=systemd one. *ret is that path ("" for "/"). */
static int cgroup_root_path(bool unified, char **ret)
{
        _cleanup_free_ char *data = NULL;
        const char *key = unified ? "0::" : ":name=systemd:";
        int r = read_full_file("/proc/1/cgroup", 64 * 1024, &data, NULL);

        if (r < 0)
                return r;
        const char *p = strstr(data, key);
        if (!p || (unified && p != data && p[-1] != '\n'))
                return -ENODATA;
        p += strlen(key);
        _cleanup_free_ char *path = strndup(p, strcspn(p, "\n"));
        if (!path)
                return -ENOMEM;
        char *e = endswith(path, "/init.scope");
        if (e)
                *e = 0;
        *ret = strdup(streq(path, "/") ? "" : path);
        return *ret ? 0 : -ENOMEM;
}

static int cgroup_root(char **ret)
{
        _cleanup_free_ char *p = NULL;
        int r = cgroup_root_path(true, &p);
        if (r < 0)
                return r;
        *ret = strjoin("/sys/fs/cgroup", p);
        return *ret ? 0 : -ENOMEM;
}

/* cg_mask_supported() on cgroup v1: the controller's hierarchy below the root is writable. */
static int v1_controller_ok(const char *name)
{
        _cleanup_free_ char *root = NULL;
        if (cgroup_root_path(false, &root) < 0)
                return -1;
        _cleanup_free_ char *p = strjoin("/sys/fs/cgroup/", name, root, "/cgroup.procs");
        if (!p)
                return -ENOMEM;
        return faccessat(AT_FDCWD, p, W_OK, AT_SYMLINK_NOFOLLOW) >= 0;
}

static int test_controller(CondItem *c)
{
        _cleanup_free_ char *root = NULL, *file = NULL, *have = NULL;
        _cleanup_strv_free_ char **list = NULL;
        int r, unified;

        unified = cond_cgroup_unified();
        if (unified < 0)
                return unified;
        if (streq(c->parameter, "v2") || streq(c->parameter, "v1"))
                return (unified > 0) == streq(c->parameter, "v2");
        if (unified) {
                if (cgroup_root(&root) < 0)
                        return UNSUPPORTED(c, "PID 1's cgroup is not readable");
                file = path_join(root, "cgroup.controllers");
                if (!file)
                        return -ENOMEM;
                if (cond_read_line(file, &have) < 0)
                        return UNSUPPORTED(c, "the root cgroup's cgroup.controllers is not "
                                              "readable");
                for (const char *p = have;;) {
                        _cleanup_free_ char *w = NULL;
                        r = extract_first_word(&p, &w, NULL, 0);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        if (strv_extend(&list, w) < 0)
                                return -ENOMEM;
                }
        }
        for (const char *p = c->parameter;;) {
                _cleanup_free_ char *w = NULL;
                r = extract_first_word(&p, &w, NULL, 0);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                /* Unknown names are skipped; BPF pseudo-controllers are never in the mask
                 * systemd compares with (cg_mask_supported()), nor v1-only ones on v2. */
                if (!strv_contains(STRV_MAKE("cpu", "cpuacct", "cpuset", "io", "blkio", "memory",
                                             "devices", "pids", "bpf-firewall", "bpf-devices",
                                             "bpf-foreign", "bpf-socket-bind",
                                             "bpf-restrict-network-interfaces"),
                                   w))
                        continue;
                if (unified) {
                        if (!strv_contains(STRV_MAKE("cpu", "cpuset", "io", "memory", "pids"), w) ||
                            !strv_contains(list, w))
                                return 0;
                        continue;
                }
                if (!strv_contains(STRV_MAKE("cpu", "cpuacct", "cpuset", "blkio", "memory",
                                             "devices", "pids"),
                                   w))
                        return 0;
                r = v1_controller_ok(w);
                if (r < 0)
                        return UNSUPPORTED(c, "PID 1's cgroup is not readable");
                if (r == 0)
                        return 0;
        }
        return 1; /* also when no name was known: systemd says true */
}

static uint64_t physical_memory(void)
{
        long pages = sysconf(_SC_PHYS_PAGES), ps = sysconf(_SC_PAGESIZE);
        uint64_t mem = (uint64_t) pages * (uint64_t) ps, lim;
        _cleanup_free_ char *root = NULL, *file = NULL, *v = NULL;
        int unified = cond_cgroup_unified();

        /* the smaller of RAM and the manager's root cgroup's limit */
        if (unified < 0 || cgroup_root_path(unified > 0, &root) < 0)
                return mem;
        file = unified > 0 ? strjoin("/sys/fs/cgroup", root, "/memory.max")
                           : strjoin("/sys/fs/cgroup/memory", root, "/memory.limit_in_bytes");
        if (!file || cond_read_line(file, &v) < 0 || streq(v, "max") || safe_atou64(v, &lim) < 0)
                return mem;
        return MIN(mem, lim - lim % (uint64_t) ps);
}

static int test_cpus(const CondItem *c)
{
        for (size_t n = 1024; n <= 1024 * 1024; n *= 2) {
                cpu_set_t *set = CPU_ALLOC(n);
                size_t sz = CPU_ALLOC_SIZE(n);
                if (!set)
                        return -ENOMEM;
                if (sched_getaffinity(0, sz, set) >= 0) {
                        unsigned k = (unsigned) CPU_COUNT_S(sz, set);
                        CPU_FREE(set);
                        return cond_cpus_test(k, c->parameter);
                }
                CPU_FREE(set);
                if (errno != EINVAL)
                        return -errno;
        }
        return -EINVAL;
}

static int test_cpu_feature(const CondItem *c)
{
#if defined(__i386__) || defined(__x86_64__)
        static const struct {
                unsigned leaf, sub;
                char reg; /* 'b', 'c', 'd' */
                unsigned bit;
                const char *name;
        } flags[] = {
                {1, 0, 'd', 0, "fpu"},
                {1, 0, 'd', 1, "vme"},
                {1, 0, 'd', 2, "de"},
                {1, 0, 'd', 3, "pse"},
                {1, 0, 'd', 4, "tsc"},
                {1, 0, 'd', 5, "msr"},
                {1, 0, 'd', 6, "pae"},
                {1, 0, 'd', 7, "mce"},
                {1, 0, 'd', 8, "cx8"},
                {1, 0, 'd', 9, "apic"},
                {1, 0, 'd', 11, "sep"},
                {1, 0, 'd', 12, "mtrr"},
                {1, 0, 'd', 13, "pge"},
                {1, 0, 'd', 14, "mca"},
                {1, 0, 'd', 15, "cmov"},
                {1, 0, 'd', 16, "pat"},
                {1, 0, 'd', 17, "pse36"},
                {1, 0, 'd', 19, "clflush"},
                {1, 0, 'd', 23, "mmx"},
                {1, 0, 'd', 24, "fxsr"},
                {1, 0, 'd', 25, "sse"},
                {1, 0, 'd', 26, "sse2"},
                {1, 0, 'd', 28, "ht"},
                {1, 0, 'c', 0, "pni"},
                {1, 0, 'c', 1, "pclmul"},
                {1, 0, 'c', 3, "monitor"},
                {1, 0, 'c', 9, "ssse3"},
                {1, 0, 'c', 12, "fma3"},
                {1, 0, 'c', 13, "cx16"},
                {1, 0, 'c', 19, "sse4_1"},
                {1, 0, 'c', 20, "sse4_2"},
                {1, 0, 'c', 22, "movbe"},
                {1, 0, 'c', 23, "popcnt"},
                {1, 0, 'c', 25, "aes"},
                {1, 0, 'c', 26, "xsave"},
                {1, 0, 'c', 27, "osxsave"},
                {1, 0, 'c', 28, "avx"},
                {1, 0, 'c', 29, "f16c"},
                {1, 0, 'c', 30, "rdrand"},
                {7, 0, 'b', 3, "bmi1"},
                {7, 0, 'b', 5, "avx2"},
                {7, 0, 'b', 8, "bmi2"},
                {7, 0, 'b', 18, "rdseed"},
                {7, 0, 'b', 19, "adx"},
                {7, 0, 'b', 29, "sha_ni"},
                {0x80000001U, 0, 'd', 11, "syscall"},
                {0x80000001U, 0, 'd', 27, "rdtscp"},
                {0x80000001U, 0, 'd', 29, "lm"},
                {0x80000001U, 0, 'c', 0, "lahf_lm"},
                {0x80000001U, 0, 'c', 5, "abm"},
                {0x80000007U, 0, 'd', 8, "constant_tsc"},
        };
        _cleanup_free_ char *want = strdup(c->parameter);

        if (!want)
                return -ENOMEM;
        ascii_strlower(want);
        for (size_t i = 0; i < ELEMENTSOF(flags); i++) {
                unsigned a, b, cc, d;
                if (!streq(flags[i].name, want))
                        continue;
                if (!__get_cpuid_count(flags[i].leaf, flags[i].sub, &a, &b, &cc, &d))
                        return 0;
                unsigned reg = flags[i].reg == 'b' ? b : flags[i].reg == 'c' ? cc : d;
                return !!(reg & (1U << flags[i].bit));
        }
        return 0;
#else
        return 0; /* systemd: no CPUID, no flags */
#endif
}

static int test_os_release(const CondItem *c)
{
        _cleanup_free_ char *data = NULL;
        _cleanup_strv_free_ char **kv = NULL;
        const char *file = "/etc/os-release";
        int r = read_full_file(file, 1024 * 1024, &data, NULL);

        if (r == -ENOENT) {
                file = "/usr/lib/os-release";
                r = read_full_file(file, 1024 * 1024, &data, NULL);
        }
        if (r < 0)
                return r;
        DiagList diags = {0};
        r = env_file_parse(data, strlen(data), file, &kv, &diags);
        diag_list_done(&diags);
        if (r < 0)
                return r;
        return cond_os_release_test(kv, c->parameter);
}

static int test_psi(CondItem *c)
{
        static const char *const names[] = {"memory", "cpu", "io"};
        const char *type = names[c->type - COND_MEMORY_PRESSURE];
        _cleanup_free_ char *slice = NULL, *path = NULL, *data = NULL;
        unsigned limit, window, avg[3];
        bool full = c->type != COND_CPU_PRESSURE;
        int r;

        if (access("/proc/pressure/cpu", F_OK) < 0 || access("/proc/pressure/io", F_OK) < 0 ||
            access("/proc/pressure/memory", F_OK) < 0)
                return 1; /* systemd: PSI not supported, the check is skipped */
        r = cond_psi_parse(c->parameter, &slice, &limit, &window);
        if (r < 0)
                return r;
        if (slice) {
                /* The slice below the system manager's root cgroup; systemd skips the check
                 * (true) without cgroup v2, without the controller or without the slice. */
                _cleanup_free_ char *root = NULL, *ctl = NULL, *have = NULL, *sp = NULL;
                r = cond_cgroup_unified();
                if (r <= 0)
                        return r < 0 ? r : 1;
                if (cgroup_root(&root) < 0)
                        return UNSUPPORTED(c, "PID 1's cgroup is not readable");
                ctl = path_join(root, "cgroup.controllers");
                if (!ctl)
                        return -ENOMEM;
                if (cond_read_line(ctl, &have) < 0)
                        return UNSUPPORTED(c,
                                           "the root cgroup's cgroup.controllers is not readable");
                _cleanup_free_ char *padded = strjoin(" ", have, " "),
                                    *want = strjoin(" ", type, " ");
                if (!padded || !want)
                        return -ENOMEM;
                if (!strstr(padded, want))
                        return 1;
                r = cond_slice_to_path(slice, &sp);
                if (r < 0)
                        return r;
                path = strjoin(root, isempty(sp) ? "" : "/", sp, "/", type, ".pressure");
                full = true; /* cgroups report cpu "full"; older kernels fall back to "some" */
        } else
                path = strjoin("/proc/pressure/", type);
        if (!path)
                return -ENOMEM;
        r = read_full_file(path, 64 * 1024, &data, NULL);
        if (r == -ENOENT && slice)
                return 1; /* no such slice (any more): systemd skips the check */
        if (r < 0)
                return r;
        const char *line = full ? strstr(data, "full ") : NULL;
        if (!line)
                line = strstr(data, "some ");
        if (!line)
                return -ENODATA;
        r = cond_psi_line_parse(line, avg);
        if (r < 0)
                return r;
        return avg[window == 10 ? 0 : window == 60 ? 1 : 2] <= limit;
}

static int test_one(CondItem *c, const CondContext *ctx)
{
        _cleanup_free_ char *s = NULL;
        struct utsname u;
        int r;

        switch (c->type) {
        case COND_PATH_EXISTS:
        case COND_PATH_IS_DIRECTORY:
        case COND_PATH_IS_SYMBOLIC_LINK:
        case COND_FILE_NOT_EMPTY:
        case COND_FILE_IS_EXECUTABLE:
                return test_path(c);
        case COND_PATH_EXISTS_GLOB:
                return test_glob(c);
        case COND_PATH_IS_MOUNT_POINT:
                return test_mount_point(c);
        case COND_PATH_IS_READ_WRITE:
                r = read_only_fs(c->parameter);
                return r <= 0 && r != -ENOENT;
        case COND_PATH_IS_ENCRYPTED:
                return test_encrypted(c);
        case COND_DIRECTORY_NOT_EMPTY:
                return test_dir_not_empty(c);
        case COND_NEEDS_UPDATE:
                return test_needs_update(c, ctx);
        case COND_KERNEL_COMMAND_LINE:
                r = proc_cmdline(ctx, &s);
                return r < 0 ? r : cond_cmdline_has(s, c->parameter);
        case COND_KERNEL_VERSION:
                if (uname(&u) < 0)
                        return -errno;
                return cond_kernel_version_test(u.release, c->parameter);
        case COND_CREDENTIAL:
                return test_credential(c, ctx);
        case COND_VIRTUALIZATION:
                return test_virtualization(c);
        case COND_ARCHITECTURE:
                return test_architecture(c);
        case COND_FIRMWARE:
                return test_firmware(c);
        case COND_HOST:
                return test_host(c);
        case COND_AC_POWER:
                r = parse_boolean(c->parameter);
                if (r < 0)
                        return r;
                int ac = on_ac_power(c);
                return ac < 0 ? ac : (ac != 0) == (r != 0);
        case COND_SECURITY:
                return test_security(c);
        case COND_CAPABILITY:
                return test_capability(c);
        case COND_FIRST_BOOT:
                return test_first_boot(c);
        case COND_USER:
                return test_user(c, ctx);
        case COND_GROUP:
                return test_group(c);
        case COND_CONTROL_GROUP_CONTROLLER:
                return test_controller(c);
        case COND_CPUS:
                return test_cpus(c);
        case COND_MEMORY:
                return cond_memory_test(physical_memory(), c->parameter);
        case COND_ENVIRONMENT:
                return cond_environment_has(ctx->environment, c->parameter);
        case COND_CPU_FEATURE:
                return test_cpu_feature(c);
        case COND_OS_RELEASE:
                return test_os_release(c);
        case COND_MEMORY_PRESSURE:
        case COND_CPU_PRESSURE:
        case COND_IO_PRESSURE:
                return test_psi(c);
        case _COND_TYPE_MAX:
        case _COND_TYPE_INVALID:
                break;
        }
        return -EINVAL;
}

int cond_item_test(CondItem *c, const CondContext *ctx)
{
        int r;

        c->why = NULL;
        c->error = 0;
        r = test_one(c, ctx);
        if (r == -EOPNOTSUPP && c->why) {
                c->verdict = COND_UNSUPPORTED;
                c->error = r;
                return r;
        }
        if (r < 0) {
                c->verdict = COND_ERROR;
                c->error = r;
                return r;
        }
        r = (r > 0) != c->negate;
        c->verdict = r ? COND_SUCCEEDED : COND_FAILED;
        return r;
}
