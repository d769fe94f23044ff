/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Run time of resource control: the run's cgroups. Each needed hierarchy gets a cgroup
 * cordon-<unit>-<pid>-<random> next to cordon's own; the limits are written while it is still
 * empty (the devices list cannot always be changed once populated); every command moves itself
 * in right after fork, before it builds its sandbox; at the end whatever is left is killed and
 * the cgroups are removed. A cordon killed by SIGKILL leaves empty cgroups behind (its processes
 * die with its PID namespace); the next run that uses cgroups removes empty cordon-* cgroups whose
 * cordon is gone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "fileio.h"
#include "path-util.h"
#include "string-util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

#define CG_ROOT "/sys/fs/cgroup"

char *sbx_cgroup_failure = NULL;

struct SbxCgroup {
        char *dir[_CG_HIER_MAX];
        int enter_fd[_CG_HIER_MAX]; /* v1: "tasks" (else cgroup.procs), for the child's own move */
        int v2_fd; /* the cgroup2 directory: clone3(CLONE_INTO_CGROUP), else its cgroup.procs */
        int bpf_fd[2];
        int bind_fd[2];
        int dev_fd;
};

/* ---------------------------------------------------------------- layout */

static bool is_fs(const char *path, long magic)
{
        struct statfs s;
        return statfs(path, &s) >= 0 && (long) s.f_type == magic;
}

/* The mount point of hierarchy h for the layout, e.g. /sys/fs/cgroup/memory. */
static const char *hier_mount(CgLayout layout, CgHierarchy h)
{
        static const char *const v1[_CG_HIER_MAX] = {
                [CG_HIER_CPU] = CG_ROOT "/cpu",       [CG_HIER_CPUSET] = CG_ROOT "/cpuset",
                [CG_HIER_MEMORY] = CG_ROOT "/memory", [CG_HIER_DEVICES] = CG_ROOT "/devices",
                [CG_HIER_PIDS] = CG_ROOT "/pids",     [CG_HIER_UNIFIED] = CG_ROOT "/unified",
        };
        if (layout == CG_LAYOUT_UNIFIED)
                return h == CG_HIER_UNIFIED ? CG_ROOT : NULL;
        if (layout == CG_LAYOUT_LEGACY && h == CG_HIER_UNIFIED)
                return NULL;
        return v1[h];
}

/* /proc/self/cgroup, read once per process: cordon never moves itself, and a run looks its own
 * cgroup up when planning and again for each hierarchy it creates a cgroup in. */
static int self_cgroup(char **ret)
{
        static char *cached = NULL;

        if (!cached) {
                int r = read_full_file("/proc/self/cgroup", 65536, &cached, NULL);
                if (r < 0)
                        return r;
        }
        *ret = strdup(cached);
        return *ret ? 0 : -ENOMEM;
}

/* Our own cgroup in hierarchy h, from /proc/self/cgroup ("4:memory:/a/b", "0::/a"). */
static int own_cgroup(CgHierarchy h, char **ret)
{
        _cleanup_free_ char *s = NULL;
        const char *want = h == CG_HIER_UNIFIED ? "" : cg_hierarchy_to_string(h);
        int r = self_cgroup(&s);

        if (r < 0)
                return r;
        for (char *line = s, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = 0;
                char *ctrls = strchr(line, ':'), *path;
                if (!ctrls || !(path = strchr(ctrls + 1, ':')))
                        continue;
                *ctrls++ = 0;
                *path++ = 0;
                bool match = false;
                if (h == CG_HIER_UNIFIED)
                        match = streq(line, "0") && isempty(ctrls);
                else
                        for (char *w = ctrls, *e; w && !match; w = e) {
                                e = strchr(w, ',');
                                if (e)
                                        *e++ = 0;
                                match = streq(w, want);
                        }
                if (!match)
                        continue;
                char *p = strdup(path);
                if (!p)
                        return -ENOMEM;
                *ret = p;
                return 0;
        }
        return -ENOENT;
}

static int own_dir(CgLayout layout, CgHierarchy h, char **ret)
{
        _cleanup_free_ char *own = NULL;
        const char *m = hier_mount(layout, h);
        int r;

        if (!m)
                return -EOPNOTSUPP;
        r = own_cgroup(h, &own);
        if (r < 0)
                return r;
        char *d = path_join(m, own);
        if (!d)
                return -ENOMEM;
        *ret = d;
        return 0;
}

/* The hierarchies mounted, whoever may write to them. */
static CgLayout host_layout(void)
{
        if (is_fs(CG_ROOT, CGROUP2_SUPER_MAGIC))
                return CG_LAYOUT_UNIFIED;
        if (is_fs(CG_ROOT "/memory", CGROUP_SUPER_MAGIC) ||
            is_fs(CG_ROOT "/pids", CGROUP_SUPER_MAGIC))
                return is_fs(CG_ROOT "/unified", CGROUP2_SUPER_MAGIC) ? CG_LAYOUT_HYBRID
                                                                      : CG_LAYOUT_LEGACY;
        return CG_LAYOUT_NONE;
}

CgLayout cgroup_detect_layout(void)
{
        /* Once per process: the mounts and our own cgroup do not change under a planning cordon
         * (and fuzz-plan plans many units). */
        static CgLayout cached = _CG_LAYOUT_INVALID;
        if (cached != _CG_LAYOUT_INVALID)
                return cached;
        CgLayout layout = host_layout();

        if (layout == CG_LAYOUT_NONE)
                return (cached = layout);

        /* We may create cgroups only where our own cgroup's directory is writable to us (as root;
         * or a delegated v2 subtree). */
        _cleanup_free_ char *d = NULL;
        CgHierarchy probe = layout == CG_LAYOUT_LEGACY   ? CG_HIER_PIDS
                            : layout == CG_LAYOUT_HYBRID ? CG_HIER_MEMORY
                                                         : CG_HIER_UNIFIED;
        if (own_dir(layout, probe, &d) < 0 || access(d, W_OK) < 0)
                layout = CG_LAYOUT_NONE;
        return (cached = layout);
}

int cgroup_plan_for_run(const Unit *u, CgLayout layout, bool rootless, uid_t uid, bool lenient,
                        CgroupPlan **ret, DiagList *diags)
{
        /* Planning as root without being root can only be --dry-run --mode=root: plan what root
         * would get here. */
        if (layout == CG_LAYOUT_AUTO)
                layout = !rootless && geteuid() != 0 ? host_layout() : cgroup_detect_layout();
        if (rootless && layout != CG_LAYOUT_NONE) {
                _cleanup_free_ char *d = NULL;
                struct stat st;
                if (layout != CG_LAYOUT_UNIFIED || own_dir(layout, CG_HIER_UNIFIED, &d) < 0 ||
                    stat(d, &st) < 0 || st.st_uid != uid)
                        layout = CG_LAYOUT_NONE;
        }
        CgPlanOptions o = {.layout = layout, .lenient = lenient, .rootless = rootless};
        return cgroup_plan_from_unit(u, &o, ret, diags);
}

/* ---------------------------------------------------------------- helpers */

static int write_file(const char *dir, const char *file, const char *value)
{
        _cleanup_free_ char *p = path_join(dir, file);
        _cleanup_close_ int fd = -1;

        if (!p)
                return -ENOMEM;
        fd = open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        size_t n = strlen(value);
        ssize_t k = write(fd, value, n);
        if (k < 0)
                return -errno;
        return (size_t) k == n ? 0 : -EIO;
}

static int copy_file(const char *from_dir, const char *to_dir, const char *file)
{
        _cleanup_free_ char *p = path_join(from_dir, file), *v = NULL;

        if (!p)
                return -ENOMEM;
        int r = read_full_file(p, 4096, &v, NULL);
        if (r < 0)
                return r;
        strstrip(v);
        return write_file(to_dir, file, isempty(v) ? "\n" : v);
}

/* Whether the cgroup directory has processes (cgroup.procs non-empty). */
static bool dir_populated(const char *dir)
{
        _cleanup_free_ char *p = path_join(dir, "cgroup.procs"), *v = NULL;

        if (!p || read_full_file(p, 65536, &v, NULL) < 0)
                return false;
        return !isempty(strstrip(v));
}

static void kill_procs(const char *dir)
{
        _cleanup_free_ char *p = path_join(dir, "cgroup.procs"), *v = NULL;

        if (!p || read_full_file(p, 1 << 20, &v, NULL) < 0)
                return;
        for (char *s = v, *e; s && *s; s = e) {
                e = strchr(s, '\n');
                if (e)
                        *e++ = 0;
                long pid = strtol(s, NULL, 10);
                if (pid > 1)
                        (void) kill((pid_t) pid, SIGKILL);
        }
}

/* Removes empty cordon-* cgroups of cordon processes that no longer exist. A cgroup of a live
 * cordon (its pid is in the name) is never touched. */
static void remove_stale(const char *parent)
{
        /* getdents64() into a stack buffer: opendir() would add an fstat() and a 32 KiB
         * buffer to every run for a directory of a few entries */
        _cleanup_close_ int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        _Alignas(struct dirent64) char buf[4096];
        ssize_t n;

        if (fd < 0)
                return;
        while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
                for (ssize_t off = 0; off < n;) {
                        const struct dirent64 *de = (const struct dirent64 *) (buf + off);
                        off += de->d_reclen;
                        const char *s = startswith(de->d_name, "cordon-");
                        const char *dash;
                        if (!s || de->d_type != DT_DIR || !(dash = strrchr(s, '-')) || dash == s)
                                continue;
                        /* cordon-UNIT-PID-RANDOM: the pid is the second to last field */
                        const char *q = dash - 1;
                        while (q > s && *q != '-')
                                q--;
                        long pid = strtol(q + 1, NULL, 10);
                        if (pid <= 0 || kill((pid_t) pid, 0) == 0 || errno != ESRCH)
                                continue;
                        /* fails (EBUSY) while processes are left: keep it */
                        (void) unlinkat(fd, de->d_name, AT_REMOVEDIR);
                }
}

/* ---------------------------------------------------------------- create / destroy */

/* Records what failed, for the CLI's message. */
static void failed_at(char **ret_failed, const char *fmt, ...) _printf_(2, 3);
static void failed_at(char **ret_failed, const char *fmt, ...)
{
        va_list ap;
        char *m;

        if (!ret_failed)
                return;
        va_start(ap, fmt);
        if (vasprintf(&m, fmt, ap) < 0)
                m = NULL;
        va_end(ap);
        free(*ret_failed);
        *ret_failed = m;
}

static int make_dir(SbxCgroup *cg, const CgroupPlan *p, CgHierarchy h, const char *name,
                    char **ret_failed)
{
        _cleanup_free_ char *parent = NULL;
        int r = own_dir(p->layout, h, &parent);

        if (r < 0) {
                failed_at(ret_failed, "%s", hier_mount(p->layout, h) ?: cg_hierarchy_to_string(h));
                return r;
        }
        remove_stale(parent);
        cg->dir[h] = path_join(parent, name);
        if (!cg->dir[h])
                return -ENOMEM;
        if (mkdir(cg->dir[h], 0755) < 0) {
                r = -errno;
                free(cg->dir[h]);
                cg->dir[h] = NULL;
                failed_at(ret_failed, "%s/%s", parent, name);
                return r;
        }
        /* A v1 cpuset cgroup starts with no CPUs and no memory nodes: inherit the parent's. */
        if (h == CG_HIER_CPUSET && p->layout != CG_LAYOUT_UNIFIED)
                for (size_t i = 0; i < 2; i++) {
                        const char *f = i == 0 ? "cpuset.cpus" : "cpuset.mems";
                        r = copy_file(parent, cg->dir[h], f);
                        if (r < 0) {
                                failed_at(ret_failed, "%s/%s", cg->dir[h], f);
                                return r;
                        }
                }
        /* The child moves itself (sbx_cgroup_enter_rest()): v2 by being born in the directory
         * or through its cgroup.procs, v1 through "tasks" (cgroup.procs where there is none). */
        if (h == CG_HIER_UNIFIED) {
                cg->v2_fd = open(cg->dir[h], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (cg->v2_fd < 0) {
                        r = -errno;
                        failed_at(ret_failed, "%s", cg->dir[h]);
                        return r;
                }
                return 0;
        }
        for (size_t i = 0; i < 2 && cg->enter_fd[h] < 0; i++) {
                _cleanup_free_ char *f = path_join(cg->dir[h], i == 0 ? "tasks" : "cgroup.procs");
                if (!f)
                        return -ENOMEM;
                cg->enter_fd[h] = open(f, O_WRONLY | O_CLOEXEC);
                if (cg->enter_fd[h] < 0 && i == 1) {
                        r = -errno;
                        failed_at(ret_failed, "%s", f);
                        return r;
                }
        }
        return 0;
}

/* On a unified host the controllers must be enabled in the parent's (cordon's own cgroup's)
 * subtree_control. cgroup v2 refuses that (EBUSY) while that cgroup holds processes, cordon
 * included, unless it is the root cgroup; moving cordon into a leaf of its own is not
 * implemented, so then the start fails and says why. */
static int enable_v2_controllers(const CgroupPlan *p, const char *dir, char **ret_failed)
{
        static const struct {
                const char *prefix, *controller;
        } map[] = {
                {"memory.", "+memory"},
                {"pids.", "+pids"},
                {"cpu.", "+cpu"},
                {"cpuset.", "+cpuset"},
        };
        _cleanup_free_ char *parent = path_dirname(dir);

        if (!parent)
                return -ENOMEM;
        for (size_t i = 0; i < ELEMENTSOF(map); i++) {
                bool needed = false;
                for (size_t k = 0; k < p->n_writes && !needed; k++)
                        needed = startswith(p->writes[k].file, map[i].prefix);
                if (!needed)
                        continue;
                int r = write_file(parent, "cgroup.subtree_control", map[i].controller);
                if (r == -EBUSY)
                        failed_at(ret_failed,
                                  "%s/cgroup.subtree_control (cordon's own cgroup holds processes; "
                                  "cgroup v2 then cannot hand controllers down)",
                                  parent);
                else if (r < 0)
                        failed_at(ret_failed, "%s/cgroup.subtree_control", parent);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The BPF programs of the plan, on the run's v2 cgroup (detached when it is removed). */
static int attach_bpf(const CgroupPlan *p, SbxCgroup *cg, char **ret_failed)
{
        const char *dir = cg->dir[CG_HIER_UNIFIED];
        int fd = cg->v2_fd, r;

        if (fd < 0) {
                failed_at(ret_failed, "%s", strnull(dir));
                return -ENOENT;
        }
        if (p->firewall && (r = cg_bpf_firewall_attach(&p->fw, fd, cg->bpf_fd, NULL)) < 0) {
                failed_at(ret_failed, "BPF firewall (IPAddressAllow=/IPAddressDeny=) on %s", dir);
                return r;
        }
        if (p->device_bpf &&
            (r = cg_bpf_devices_attach(p->device_rules, fd, &cg->dev_fd, NULL)) < 0) {
                failed_at(ret_failed, "BPF device program (DevicePolicy=/DeviceAllow=) on %s", dir);
                return r;
        }
        if (p->socket_bind && (r = cg_bpf_socket_bind_attach(&p->sb, fd, cg->bind_fd, NULL)) < 0) {
                failed_at(ret_failed, "BPF bind filter (SocketBindAllow=/SocketBindDeny=) on %s",
                          dir);
                return r;
        }
        return 0;
}

/* The plan's writes, in order. A cgroup file takes one value per write() (a devices file one
 * rule: the v1 handler parses the whole buffer as a single rule), so consecutive writes to the
 * same file share one open (PrivateDevices= alone writes ten devices.allow lines); an error
 * still belongs to exactly one write and names its value and directive. */
static int write_values(const CgroupPlan *p, const SbxCgroup *cg, char **ret_failed)
{
        _cleanup_close_ int fd = -1;

        for (size_t i = 0; i < p->n_writes; i++) {
                const CgWrite *w = &p->writes[i], *prev = i > 0 ? &p->writes[i - 1] : NULL;
                if (!prev || prev->hier != w->hier || !streq(prev->file, w->file)) {
                        _cleanup_free_ char *path = path_join(cg->dir[w->hier], w->file);
                        if (!path)
                                return -ENOMEM;
                        if (fd >= 0)
                                close(fd);
                        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
                        if (fd < 0) {
                                int r = -errno;
                                failed_at(ret_failed, "%s", path);
                                return r;
                        }
                }
                size_t n = strlen(w->value);
                ssize_t k = write(fd, w->value, n);
                if (k < 0 || (size_t) k != n) {
                        int r = k < 0 ? -errno : -EIO;
                        if (w->origin.file)
                                failed_at(ret_failed, "%s/%s: \"%s\" (%s at %s:%u)",
                                          cg->dir[w->hier], w->file, w->value, w->directive,
                                          path_basename(w->origin.file), w->origin.line);
                        else
                                failed_at(ret_failed, "%s/%s: \"%s\" (%s)", cg->dir[w->hier],
                                          w->file, w->value, strnull(w->directive));
                        return r;
                }
        }
        return 0;
}

int sbx_cgroup_create(const CgroupPlan *p, const char *unit_id, SbxCgroup **ret, char **ret_failed)
{
        _cleanup_(sbx_cgroup_destroyp) SbxCgroup *cg = calloc(1, sizeof(SbxCgroup));
        char name[256];
        uint32_t rnd = 0;
        int r;

        if (!cg)
                return -ENOMEM;
        for (size_t h = 0; h < _CG_HIER_MAX; h++)
                cg->enter_fd[h] = -1;
        cg->v2_fd = -1;
        cg->bpf_fd[0] = cg->bpf_fd[1] = cg->bind_fd[0] = cg->bind_fd[1] = cg->dev_fd = -1;
        if (p->layout <= CG_LAYOUT_NONE) {
                failed_at(ret_failed, "no writable cgroup hierarchy");
                return -EOPNOTSUPP;
        }

        if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) < 0)
                rnd = (uint32_t) time(NULL) ^ (uint32_t) getpid();
        snprintf(name, sizeof(name), "cordon-%.128s-%d-%08" PRIx32, unit_id ? unit_id : "unit",
                 (int) getpid(), rnd);
        for (CgHierarchy h = 0; h < _CG_HIER_MAX; h++) {
                if (!(p->hierarchies & (1u << h)))
                        continue;
                r = make_dir(cg, p, h, name, ret_failed);
                if (r < 0)
                        return r;
                if (h == CG_HIER_UNIFIED && p->layout == CG_LAYOUT_UNIFIED) {
                        r = enable_v2_controllers(p, cg->dir[h], ret_failed);
                        if (r < 0)
                                return r;
                }
        }
        r = write_values(p, cg, ret_failed);
        if (r < 0)
                return r;
        if (p->firewall || p->device_bpf || p->socket_bind) {
                r = attach_bpf(p, cg, ret_failed);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(cg);
        return 0;
}

/* A write to cgroup.procs takes the kernel's global threadgroup lock for writing, which waits
 * for an RCU grace period: 5-36 ms per move on a busy 2-CPU machine, the largest single cost of
 * a start. Moving only the calling thread (pid 0 into a v1 "tasks" file) needs no such lock,
 * and the child that calls this is single-threaded, so that moves the whole process. cgroup v2
 * has no such file for domain cgroups: there the child is born in place (sbx_cgroup_v2_fd()). */
int sbx_cgroup_enter_rest(const SbxCgroup *cg, bool v2_placed)
{
        if (!cg)
                return 0;
        for (size_t h = 0; h < _CG_HIER_MAX; h++)
                if (cg->enter_fd[h] >= 0 && write(cg->enter_fd[h], "0", 1) != 1)
                        return -errno;
        if (cg->v2_fd >= 0 && !v2_placed) {
                int fd = openat(cg->v2_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
                if (fd < 0)
                        return -errno;
                int r = write(fd, "0", 1) == 1 ? 0 : -errno;
                close(fd);
                return r;
        }
        return 0;
}

int sbx_cgroup_enter(const SbxCgroup *cg)
{
        return sbx_cgroup_enter_rest(cg, false);
}

int sbx_cgroup_v2_fd(const SbxCgroup *cg)
{
        return cg ? cg->v2_fd : -1;
}

int sbx_cgroup_attach(const SbxCgroup *cg, pid_t pid)
{
        char buf[32];

        if (!cg)
                return 0;
        snprintf(buf, sizeof(buf), "%d", (int) pid);
        for (size_t h = 0; h < _CG_HIER_MAX; h++)
                if (cg->dir[h]) {
                        int r = write_file(cg->dir[h], "cgroup.procs", buf);
                        if (r < 0)
                                return r;
                }
        return 0;
}

const char *sbx_cgroup_path(const SbxCgroup *cg, CgHierarchy h)
{
        return cg && h >= 0 && h < _CG_HIER_MAX ? cg->dir[h] : NULL;
}

/* Removes the (empty) child cgroups a service made below its own, deepest first: with
 * ProtectControlGroups=private the service may mkdir in its cgroup namespace, and its cgroup
 * could not be removed otherwise. cgroupfs has no symlinks; the depth is bounded. */
static void rmdir_children(int dirfd, unsigned depth)
{
        if (depth > 64)
                return;
        int fd = dup(dirfd);
        if (fd < 0)
                return;
        DIR *d = fdopendir(fd);
        if (!d) {
                close(fd);
                return;
        }
        for (struct dirent *de; (de = readdir(d));) {
                if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                int sub =
                        openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0)
                        continue;
                rmdir_children(sub, depth + 1);
                close(sub);
                for (int i = 0;
                     i < 100 && unlinkat(dirfd, de->d_name, AT_REMOVEDIR) < 0 && errno == EBUSY;
                     i++)
                        (void) usleep(10 * 1000);
        }
        closedir(d);
}

/* Empties the busy cgroups (mask: 1u << CgHierarchy) and removes them. cgroup.kill (v2, Linux
 * 5.14) reaches every process at once, even ones forking right now; without it, kill what
 * cgroup.procs lists until nothing is left (bounded). */
static void empty_and_remove(SbxCgroup *cg, unsigned busy)
{
        bool killed = (busy & (1u << CG_HIER_UNIFIED)) &&
                      write_file(cg->dir[CG_HIER_UNIFIED], "cgroup.kill", "1") >= 0;
        for (int round = 0; round < 500; round++) {
                bool any = false;
                for (size_t h = 0; h < _CG_HIER_MAX; h++)
                        if ((busy & (1u << h)) && dir_populated(cg->dir[h])) {
                                any = true;
                                if (!killed || round % 50 == 49)
                                        kill_procs(cg->dir[h]);
                        }
                if (!any)
                        break;
                (void) usleep(10 * 1000);
        }
        for (size_t h = 0; h < _CG_HIER_MAX; h++) {
                if (!(busy & (1u << h)))
                        continue;
                int top = open(cg->dir[h], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (top >= 0) {
                        rmdir_children(top, 0);
                        close(top);
                }
                /* An exiting process may still hold the cgroup for a moment. */
                for (int i = 0; i < 100 && rmdir(cg->dir[h]) < 0 && errno == EBUSY; i++)
                        (void) usleep(10 * 1000);
        }
}

SbxCgroup *sbx_cgroup_destroy(SbxCgroup *cg)
{
        unsigned busy = 0;

        if (!cg)
                return NULL;
        /* Usually nothing is left by now (the PID namespace died with its init): then rmdir
         * succeeds at once, as the kernel refuses it (EBUSY) while a process or a child cgroup
         * is left, and only such a cgroup needs emptying. */
        for (size_t h = 0; h < _CG_HIER_MAX; h++)
                if (cg->dir[h] && rmdir(cg->dir[h]) < 0 && errno == EBUSY)
                        busy |= 1u << h;
        if (busy)
                empty_and_remove(cg, busy);
        for (size_t h = 0; h < _CG_HIER_MAX; h++) {
                if (cg->enter_fd[h] >= 0)
                        close(cg->enter_fd[h]);
                free(cg->dir[h]);
        }
        for (size_t i = 0; i < 2; i++) {
                if (cg->bpf_fd[i] >= 0)
                        close(cg->bpf_fd[i]);
                if (cg->bind_fd[i] >= 0)
                        close(cg->bind_fd[i]);
        }
        if (cg->dev_fd >= 0)
                close(cg->dev_fd);
        if (cg->v2_fd >= 0)
                close(cg->v2_fd);
        free(cg);
        return NULL;
}
