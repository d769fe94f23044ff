/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The post-fork child. It only walks the plan; every decision was made in plan.c. */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apply.h"
#include "exec-stdio.h"
#include "mount.h"
#include "netns.h"
#include "path-util.h"
#include "pidns.h"
#include "spawn-internal.h"
#include "userns.h"

#define SKIPPED           (-2) /* in the per-op state array */
#define NO_FD             (-1)
#define LAZY              (-3) /* in the per-op state array: see lazy() */
#define DEV_LATER         (-4) /* in the per-op state array: see dev_deferrable() */
#define ESTABLISH_SKIPPED 1    /* establish() result: path missing, '-' given */

int sbx_step_exit_status(SandboxStep step)
{
        switch (step) {
        case STEP_CHDIR:
                return 200; /* EXIT_CHDIR */
        case STEP_EXEC:
                return 203; /* EXIT_EXEC */
        case STEP_JOIN_NET:
                return 225; /* EXIT_NETWORK, as systemd for NetworkNamespacePath= */
        case STEP_JOIN_IPC:
        case STEP_DEATHSIG:
        case STEP_UNSHARE:
        case STEP_ID_MAP:
        case STEP_LOOPBACK:
        case STEP_PROPAGATION:
        case STEP_ROOT_IMAGE:
        case STEP_MOUNT_ESTABLISH:
        case STEP_MOUNT_SNAPSHOT:
        case STEP_MOUNT_READ_ONLY:
        case STEP_MOUNT_EXEC:
        case STEP_MOUNT_FINAL:
        case STEP_PIVOT_ROOT:
        case STEP_PRE_EXEC: /* the hook's own code is used instead, see fail_with() */
        case STEP_STDIO:    /* 208/209/222, see the call (K7) */
        case _STEP_MAX:
        case _STEP_INVALID:
                break;
        }
        return 226; /* EXIT_NAMESPACE */
}

_noreturn_ static void fail_with(const SbxChild *c, SandboxStep step, int error, int index,
                                 int exit_status)
{
        SbxFailure f = {.step = step, .error = error < 0 ? -error : error, .index = index};
        ssize_t n = write(c->error_fd, &f, sizeof(f));
        (void) n;
        _exit(exit_status);
}

_noreturn_ static void fail(const SbxChild *c, SandboxStep step, int error, int index)
{
        fail_with(c, step, error, index, sbx_step_exit_status(step));
}

static void step_begin(const SbxChild *c, SandboxStep step)
{
        /* Fault injection for the cleanup tests (F01): stop here and let the harness kill us. */
        if (c->stop_at_step == (int) step)
                raise(SIGSTOP);
}

static void closep_fd(int *fd)
{
        if (*fd >= 0)
                close(*fd);
}
#define _cleanup_fd_ __attribute__((cleanup(closep_fd)))

/* ---------------------------------------------------------------- pass 1 */

/* Empty, mode-0000, read-only sources for InaccessiblePaths=: one directory, one file. The
 * file also stands in for device nodes, sockets and FIFOs (no mknod needed, works rootless). */
static int inaccessible_prepare(void)
{
        int m = sbx_fs_new("tmpfs", "mode=0000,size=4k,nr_inodes=8",
                           MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (m < 0)
                return m;
        int f = openat(m, "reg", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0000);
        if (f < 0 || mkdirat(m, "dir", 0000) < 0) {
                int r = -errno;
                if (f >= 0)
                        close(f);
                close(m);
                return r;
        }
        close(f);
        int r = sbx_setattr(m, MOUNT_ATTR_RDONLY, 0, true);
        if (r < 0) {
                close(m);
                return r;
        }
        return m;
}

/* A clone of the host's /dev/NAME, or NO_FD when it is missing or a symlink. */
static int host_node(int host_dev, const char *name)
{
        struct stat st;
        if (host_dev < 0)
                return NO_FD;
        int c = sbx_clone(host_dev, name, false);
        if (c >= 0 && (fstat(c, &st) < 0 || S_ISLNK(st.st_mode))) {
                close(c);
                c = NO_FD;
        }
        return c < 0 ? NO_FD : c;
}

/* What PrivateDevices= puts in the new /dev: host nodes, binds, and our own entries. */
static const char *const dev_nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
static const char *const dev_binds[] = {"mqueue", "hugepages"};
static const char *const dev_links[][2] = {
        {"fd", "/proc/self/fd"},
        {"stdin", "/proc/self/fd/0"},
        {"stdout", "/proc/self/fd/1"},
        {"stderr", "/proc/self/fd/2"},
        {"log", "/run/systemd/journal/dev-log"},
        {"ptmx", "pts/ptmx"},
};

/* Detached clones of the host's nodes and binds, taken before the new /dev covers them. */
typedef struct DevSources {
        int node[ELEMENTSOF(dev_nodes)];
        int bind[ELEMENTSOF(dev_binds)];
} DevSources;

/* Clones the host nodes. A missing one is skipped as systemd does; device nodes are bind
 * mounts, so this works in a user namespace. One component each below the host's /dev, not
 * followed: a symlink is skipped too. Returns the host /dev's descriptor (or -errno). */
static int dev_sources(DevSources *src)
{
        int host = sbx_open_nofollow("/dev", SBX_CREATE_NONE);
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++)
                src->node[i] = host_node(host, dev_nodes[i]);
        for (size_t i = 0; i < ELEMENTSOF(dev_binds); i++)
                src->bind[i] = host_node(host, dev_binds[i]);
        return host;
}

static void dev_sources_done(DevSources *src)
{
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++)
                if (src->node[i] >= 0)
                        close(src->node[i]);
        for (size_t i = 0; i < ELEMENTSOF(dev_binds); i++)
                if (src->bind[i] >= 0)
                        close(src->bind[i]);
        *src = (DevSources){0};
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++)
                src->node[i] = NO_FD;
        for (size_t i = 0; i < ELEMENTSOF(dev_binds); i++)
                src->bind[i] = NO_FD;
}

/* True when NAME is something dev_build() may put right below /dev. */
static bool dev_entry(const char *name, size_t len)
{
        const char *own[] = {"pts", "shm"};
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++)
                if (strlen(dev_nodes[i]) == len && strncmp(dev_nodes[i], name, len) == 0)
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(dev_binds); i++)
                if (strlen(dev_binds[i]) == len && strncmp(dev_binds[i], name, len) == 0)
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(dev_links); i++)
                if (strlen(dev_links[i][0]) == len && strncmp(dev_links[i][0], name, len) == 0)
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(own); i++)
                if (strlen(own[i]) == len && strncmp(own[i], name, len) == 0)
                        return true;
        return false;
}

/* The new /dev on target: a tmpfs with the cloned nodes (consumed), a fresh devpts and shm,
 * the binds, the links. *ret_dev (if not NULL) gets the tmpfs's mount descriptor. */
static int dev_build(const MountOp *op, DevSources *src, int target, int *ret_dev)
{
        _cleanup_fd_ int dev = sbx_fs_new("tmpfs", "mode=0755,size=4m,nr_inodes=64k", op->flags);
        int r;

        if (dev < 0)
                return dev;
        r = sbx_attach(dev, target);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(dev_nodes); i++) {
                if (src->node[i] < 0)
                        continue;
                /* An empty file to mount the node on (umask is 0 here). */
                if (mknodat(dev, dev_nodes[i], S_IFREG | 0666, 0) < 0)
                        return -errno;
                r = sbx_attach_at(src->node[i], dev, dev_nodes[i]);
                if (r < 0)
                        return r;
        }

        /* A fresh devpts instance: the service cannot reach the host's terminals. */
        if (mkdirat(dev, "pts", 0755) < 0)
                return -errno;
        {
                _cleanup_fd_ int pts =
                        sbx_fs_new("devpts", "ptmxmode=0666,mode=0620", MS_NOSUID | MS_NOEXEC);
                if (pts < 0 || (r = sbx_attach_at(pts, dev, "pts")) < 0)
                        return pts < 0 ? pts : r;
        }

        /* A private /dev/shm (systemd binds the host's: a shared channel, escapes.md E009). */
        if (mkdirat(dev, "shm", 01777) < 0)
                return -errno;
        {
                _cleanup_fd_ int shm = sbx_fs_new("tmpfs", "mode=1777", MS_NOSUID | MS_NODEV);
                if (shm < 0 || (r = sbx_attach_at(shm, dev, "shm")) < 0)
                        return shm < 0 ? shm : r;
        }

        /* /dev/mqueue and /dev/hugepages as systemd does; PrivateIPC= mounts a fresh mqueue. */
        for (size_t i = 0; i < ELEMENTSOF(dev_binds); i++) {
                if (mkdirat(dev, dev_binds[i], 0755) < 0)
                        return -errno;
                if (src->bind[i] >= 0 && (r = sbx_attach_at(src->bind[i], dev, dev_binds[i])) < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(dev_links); i++)
                if (symlinkat(dev_links[i][1], dev, dev_links[i][0]) < 0)
                        return -errno;
        if (ret_dev) {
                *ret_dev = dev;
                dev = NO_FD;
        }
        return 0;
}

static int private_dev(const MountOp *op)
{
        DevSources src;
        _cleanup_fd_ int host = dev_sources(&src);
        /* (the host's /dev itself is the usual target: opened once) */
        _cleanup_fd_ int own = strcmp(op->path, "/dev") == 0 && host >= 0
                                       ? NO_FD
                                       : sbx_open_nofollow(op->path, SBX_CREATE_DIR);
        int target = own == NO_FD ? host : own;
        int r = target < 0 ? target : dev_build(op, &src, target, NULL);
        dev_sources_done(&src);
        return r;
}

static int new_fs(const MountOp *op, const char *fstype)
{
        _cleanup_fd_ int t = sbx_open_nofollow(op->path, SBX_CREATE_DIR);
        if (t < 0)
                return t;
        _cleanup_fd_ int m = sbx_fs_new(fstype, op->options, op->flags);
        if (m < 0)
                return m;
        return sbx_attach(m, t);
}

static bool has_source(const MountOp *op)
{
        return op->source &&
               (op->kind == MOUNT_BIND || op->kind == MOUNT_RBIND || op->kind == MOUNT_BIND_DEV ||
                op->kind == MOUNT_SYSFS || (op->kind == MOUNT_PROCFS && !op->options));
}

/* Bind sources are host paths: clone them all before the first mount, so a mount made for an
 * earlier entry (PrivateTmp=, a tmpfs over PREFIX/private, …) cannot hide or replace them.
 * state[i] receives the detached clone, SKIPPED ('-' and missing), or NO_FD. */
static int clone_sources(const PlanMounts *m, int *state, size_t *ret_failed)
{
        for (size_t i = 0; i < m->n; i++) {
                const MountOp *op = &m->ops[i];
                state[i] = NO_FD;
                if (!has_source(op))
                        continue;
                _cleanup_fd_ int s = sbx_open_nofollow(op->source, SBX_CREATE_NONE);
                if (s == -ENOENT && op->ignore_missing) {
                        state[i] = SKIPPED;
                        continue;
                }
                int c = s < 0 ? s : sbx_clone(s, NULL, op->kind != MOUNT_BIND);
                if (c < 0) {
                        *ret_failed = i;
                        return c;
                }
                state[i] = c;
        }
        return 0;
}

/* Returns 0, ESTABLISH_SKIPPED, or -errno. shared: a detached mount to clone for this op (private
 * tmp), the pre-cloned bind source, SKIPPED, or -1. */
static int establish(const MountOp *op, int inaccessible, int shared)
{
        struct stat st;
        int r;

        switch (op->kind) {
        case MOUNT_INACCESSIBLE: {
                _cleanup_fd_ int t = sbx_open_nofollow(op->path, SBX_CREATE_NONE);
                if (t == -ENOENT && op->ignore_missing)
                        return ESTABLISH_SKIPPED;
                if (t < 0)
                        return t;
                if (fstat(t, &st) < 0)
                        return -errno;
                _cleanup_fd_ int c =
                        sbx_clone(inaccessible, S_ISDIR(st.st_mode) ? "dir" : "reg", false);
                if (c < 0)
                        return c;
                return sbx_attach(c, t);
        }
        case MOUNT_ROOT: {
                /* Bound onto itself: a mount point that pivot_root() can make the new /. */
                _cleanup_fd_ int t = sbx_open_nofollow(op->path, SBX_CREATE_NONE);
                if (t < 0)
                        return t;
                _cleanup_fd_ int c = sbx_clone(t, NULL, true);
                if (c < 0)
                        return c;
                return sbx_attach(c, t);
        }
        case MOUNT_PROCFS:
                if (op->options)
                        return new_fs(op, "proc");
                _fallthrough_; /* MountAPIVFS=: the host's /proc */
        case MOUNT_BIND_DEV:
        case MOUNT_SYSFS:
        case MOUNT_BIND:
        case MOUNT_RBIND: {
                /* shared: the source, cloned before any mount (see clone_sources()). */
                if (shared == SKIPPED)
                        return ESTABLISH_SKIPPED;
                if (fstat(shared, &st) < 0)
                        return -errno;
                _cleanup_fd_ int t = sbx_open_nofollow(
                        op->path, S_ISDIR(st.st_mode) ? SBX_CREATE_DIR : SBX_CREATE_FILE);
                if (t < 0)
                        return t;
                return sbx_attach(shared, t);
        }
        case MOUNT_PRIVATE_TMP:
                if (shared >= 0) {
                        _cleanup_fd_ int t = sbx_open_nofollow(op->path, SBX_CREATE_DIR);
                        if (t < 0)
                                return t;
                        _cleanup_fd_ int c = sbx_clone(shared, NULL, true);
                        if (c < 0)
                                return c;
                        return sbx_attach(c, t);
                }
                _fallthrough_;
        case MOUNT_TMPFS:
        case MOUNT_RUN:
                return new_fs(op, "tmpfs");
        case MOUNT_MQUEUEFS:
                return new_fs(op, "mqueue");
        case MOUNT_CGROUP2:
                return new_fs(op, "cgroup2");
        case MOUNT_PRIVATE_DEV:
                return private_dev(op);
        case MOUNT_READ_ONLY:
        case MOUNT_READ_WRITE:
        case MOUNT_READ_WRITE_IMPLICIT:
        case MOUNT_NOEXEC:
        case MOUNT_EXEC: {
                /* Only check existence now; the flips come in later passes. */
                if (strcmp(op->path, "/") == 0)
                        return 0;
                int t = sbx_open_nofollow(op->path, SBX_CREATE_NONE);
                if (t == -ENOENT && op->ignore_missing)
                        return ESTABLISH_SKIPPED;
                if (t < 0)
                        return t;
                close(t);
                return 0;
        }
        case _MOUNT_KIND_MAX:
        case _MOUNT_KIND_INVALID:
                break;
        }
        r = -EINVAL;
        return r;
}

/* A restacked op (its mount keeps its own flags under a read-only parent) with no other op at
 * or below its path, whose establish() would attach a new mount that the snapshot pass then
 * copies right away (PrivateTmp='s /tmp and /var/tmp): the new mount stays detached instead and
 * goes in where the snapshot would (read-only pass). One open_tree() and two attaches fewer. */
static bool is_leaf(const PlanMounts *m, size_t i)
{
        for (size_t j = 0; j < m->n; j++)
                if (j != i && path_startswith(m->ops[j].path, m->ops[i].path))
                        return false;
        return true;
}

static bool deferrable(const PlanMounts *m, size_t i)
{
        const MountOp *op = &m->ops[i];
        if (!op->restack || strcmp(op->path, "/") == 0 ||
            (op->kind != MOUNT_PRIVATE_TMP && op->kind != MOUNT_TMPFS && op->kind != MOUNT_RUN))
                return false;
        return is_leaf(m, i);
}

/* A '-' op that only flips flags (ProtectKernelTunables='s /proc/acpi, /proc/sys…) with no
 * other op at or below its path: only such an op's mount could make the path appear or vanish
 * between the passes, so the flip itself finds out (ENOENT: skipped) and establish() need not
 * open the path first. */
static bool lazy(const PlanMounts *m, size_t i)
{
        const MountOp *op = &m->ops[i];
        if (!op->ignore_missing || op->restack || strcmp(op->path, "/") == 0 ||
            !(op->read_only || op->noexec || op->exec))
                return false;
        return (op->kind == MOUNT_READ_ONLY || op->kind == MOUNT_READ_WRITE ||
                op->kind == MOUNT_READ_WRITE_IMPLICIT || op->kind == MOUNT_NOEXEC ||
                op->kind == MOUNT_EXEC) &&
               is_leaf(m, i);
}

/* PrivateDevices='s /dev when restacked (ProtectSystem=strict): instead of building it now, copying
 * the whole tree (a dozen mounts) before / turns read-only and putting the copy back, the host
 * nodes are cloned now and the tree is built at its place in the read-only pass, after /. Only
 * when every op below it is a '-' one for something the new /dev never holds (ProtectKernelLogs='s
 * /dev/kmsg): those are skipped, as they would be on finding it missing there. */
static bool dev_deferrable(const PlanMounts *m, size_t i)
{
        const MountOp *op = &m->ops[i];
        if (op->kind != MOUNT_PRIVATE_DEV || !op->restack || strcmp(op->path, "/") == 0)
                return false;
        for (size_t j = 0; j < m->n; j++) {
                const MountOp *o = &m->ops[j];
                const char *rest = j == i ? NULL : path_startswith(o->path, op->path);
                if (j != i && o->kind == MOUNT_PRIVATE_DEV)
                        return false; /* one at a time (the sources are kept in one place) */
                if (!rest)
                        continue;
                if (!*rest || !o->ignore_missing || o->restack ||
                    dev_entry(rest, strcspn(rest, "/")))
                        return false;
                if (o->kind != MOUNT_INACCESSIBLE && o->kind != MOUNT_READ_ONLY &&
                    o->kind != MOUNT_READ_WRITE && o->kind != MOUNT_READ_WRITE_IMPLICIT &&
                    o->kind != MOUNT_NOEXEC && o->kind != MOUNT_EXEC)
                        return false;
        }
        return true;
}

/* The detached mount of a deferrable op; its mount point is made now, while / is writable. */
static int establish_deferred(const MountOp *op, int shared)
{
        int t = sbx_open_nofollow(op->path, SBX_CREATE_DIR);
        if (t < 0)
                return t;
        close(t);
        if (shared >= 0)
                return sbx_clone(shared, NULL, true);
        return sbx_fs_new("tmpfs", op->options, op->flags);
}

/* Changes flags on the subtree at path; "/" in place (a mount stacked on the root directory
 * would not be seen by this process). */
static int flip_path(const char *path, unsigned long long set, unsigned long long clr)
{
        _cleanup_fd_ int t = sbx_open_nofollow(path, SBX_CREATE_NONE);
        if (t < 0)
                return t;
        if (path[0] == '/' && path[1] == 0)
                return sbx_setattr(t, set, clr, true);
        return sbx_flip(t, set, clr);
}

/* flip_path() for an op in state *state: a LAZY op's missing path skips it from now on;
 * failures other than that are the ones establish() would have reported. */
static int flip_op(const SbxChild *c, const MountOp *op, int *state, size_t i,
                   unsigned long long set, unsigned long long clr)
{
        int r = flip_path(op->path, set, clr);
        if (r >= 0 || *state != LAZY)
                return r;
        if (r == -ENOENT) {
                *state = SKIPPED;
                return 0;
        }
        fail(c, STEP_MOUNT_ESTABLISH, r, (int) i);
}

/* RootDirectory=: the prepared root becomes /, the old root is detached entirely (nothing of
 * the host stays reachable through it). */
static int pivot_into(const char *root)
{
        _cleanup_fd_ int t = sbx_open_nofollow(root, SBX_CREATE_NONE);
        if (t < 0)
                return t;
        if (fchdir(t) < 0)
                return -errno;
        /* pivot_root(".", "."): the old root ends up stacked below the new one. */
        if (syscall(SYS_pivot_root, ".", ".") < 0)
                return -errno;
        if (umount2(".", MNT_DETACH) < 0)
                return -errno;
        if (chdir("/") < 0)
                return -errno;
        return 0;
}

/* ProtectProc=/ProcSubset='s procfs when it is the run's /proc itself (no RootDirectory=). */
static const MountOp *plan_procfs(const SandboxPlan *p)
{
        for (size_t i = 0; i < p->mounts.n; i++)
                if (p->mounts.ops[i].kind == MOUNT_PROCFS && p->mounts.ops[i].options &&
                    strcmp(p->mounts.ops[i].path, "/proc") == 0)
                        return &p->mounts.ops[i];
        return NULL;
}

static bool skip_procfs(const SbxChild *c, const MountOp *op)
{
        return c->procfs_early && op == plan_procfs(c->plan);
}

static void apply_mounts(const SbxChild *c)
{
        const PlanMounts *m = &c->plan->mounts;
        int *state = c->scratch; /* per op: NO_FD, SKIPPED, or a snapshot fd */
        _cleanup_fd_ int inaccessible = NO_FD;
        DevSources dev_src; /* for the op in state DEV_LATER */
        const char *dev_later = NULL;
        int r;

        if (c->plan->image.path) {
                /* RootImage= (image.c): the image's file systems on the root before any mount
                 * lands inside it. A failure names the root op (RootImage= at file:line). */
                int root_op = -1;
                for (size_t i = 0; i < m->n && root_op < 0; i++)
                        if (m->ops[i].kind == MOUNT_ROOT)
                                root_op = (int) i;
                step_begin(c, STEP_ROOT_IMAGE);
                r = sbx_image_mount(&c->plan->image, m->root);
                if (r < 0)
                        fail(c, STEP_ROOT_IMAGE, r, root_op);
        }

        step_begin(c, STEP_MOUNT_ESTABLISH);
        if (m->needs_inaccessible) {
                inaccessible = inaccessible_prepare();
                if (inaccessible < 0)
                        fail(c, STEP_MOUNT_ESTABLISH, inaccessible, -1);
        }
        size_t failed = 0, k = 0;
        r = clone_sources(m, state, &failed);
        if (r < 0)
                fail(c, STEP_MOUNT_ESTABLISH, r, (int) failed);
        for (size_t i = 0; i < m->n; i++) {
                int shared = -1;
                if (skip_procfs(c, &m->ops[i])) {
                        state[i] = NO_FD; /* mounted already, with its options */
                        continue;
                }
                if (has_source(&m->ops[i]))
                        shared = state[i];
                else if (m->ops[i].kind == MOUNT_PRIVATE_TMP && k < ELEMENTSOF(c->shared_tmp))
                        shared = c->shared_tmp[k++];
                if (dev_later && path_startswith(m->ops[i].path, dev_later)) {
                        state[i] = SKIPPED; /* not in the new /dev (dev_deferrable()) */
                        continue;
                }
                if (lazy(m, i)) {
                        state[i] = LAZY;
                        continue;
                }
                if (!dev_later && dev_deferrable(m, i)) {
                        /* the mount point now, while / is writable */
                        int t = sbx_open_nofollow(m->ops[i].path, SBX_CREATE_DIR);
                        if (t < 0)
                                fail(c, STEP_MOUNT_ESTABLISH, t, (int) i);
                        close(t);
                        t = dev_sources(&dev_src);
                        if (t >= 0)
                                close(t);
                        dev_later = m->ops[i].path;
                        state[i] = DEV_LATER;
                        continue;
                }
                if (deferrable(m, i)) {
                        state[i] = establish_deferred(&m->ops[i], shared);
                        if (state[i] < 0)
                                fail(c, STEP_MOUNT_ESTABLISH, state[i], (int) i);
                        continue;
                }
                r = establish(&m->ops[i], inaccessible, shared);
                if (has_source(&m->ops[i]) && state[i] >= 0)
                        close(state[i]);
                if (r < 0)
                        fail(c, STEP_MOUNT_ESTABLISH, r, (int) i);
                state[i] = r == ESTABLISH_SKIPPED ? SKIPPED : NO_FD;
        }

        /* Snapshots of subtrees that must survive a read-only parent with their own flags,
         * taken after every mount exists and before any flag changes (systemd's deny list). */
        step_begin(c, STEP_MOUNT_SNAPSHOT);
        for (size_t i = 0; i < m->n; i++) {
                if (state[i] == SKIPPED || state[i] >= 0 || state[i] == DEV_LATER ||
                    !m->ops[i].restack)
                        continue; /* (>= 0: deferred, see deferrable()) */
                _cleanup_fd_ int t = sbx_open_nofollow(m->ops[i].path, SBX_CREATE_NONE);
                if (t < 0)
                        fail(c, STEP_MOUNT_SNAPSHOT, t, (int) i);
                state[i] = sbx_clone(t, NULL, true);
                if (state[i] < 0)
                        fail(c, STEP_MOUNT_SNAPSHOT, state[i], (int) i);
        }

        /* Read-only pass, parents before children (the plan is sorted). */
        step_begin(c, STEP_MOUNT_READ_ONLY);
        for (size_t i = 0; i < m->n; i++) {
                const MountOp *op = &m->ops[i];
                if (state[i] == SKIPPED)
                        continue;
                bool ro = op->read_only && op->kind != MOUNT_INACCESSIBLE;
                if (state[i] == DEV_LATER) {
                        /* Built now, over the read-only /: with its own flags from the start. */
                        _cleanup_fd_ int t = sbx_open_nofollow(op->path, SBX_CREATE_NONE);
                        int dev = NO_FD;
                        r = t < 0 ? t : dev_build(op, &dev_src, t, &dev);
                        dev_sources_done(&dev_src);
                        if (r < 0)
                                fail(c, STEP_MOUNT_ESTABLISH, r, (int) i);
                        state[i] = NO_FD;
                        /* /dev itself read-only, its submounts (shm, pts, mqueue) not. */
                        r = ro ? sbx_setattr(dev, MOUNT_ATTR_RDONLY, 0, false) : 0;
                        close(dev);
                        if (r < 0)
                                fail(c, STEP_MOUNT_READ_ONLY, r, (int) i);
                        continue;
                }
                if (state[i] >= 0) {
                        /* A snapshot to put back: made read-only before it goes back (as the
                         * flip below would, without stacking one more mount over it). */
                        bool ro_now = ro && strcmp(op->path, "/") != 0;
                        r = ro_now ? sbx_setattr(state[i], MOUNT_ATTR_RDONLY, 0,
                                                 op->kind != MOUNT_PRIVATE_DEV)
                                   : 0;
                        _cleanup_fd_ int t =
                                r < 0 ? r : sbx_open_nofollow(op->path, SBX_CREATE_NONE);
                        r = t < 0 ? t : sbx_attach(state[i], t);
                        close(state[i]);
                        state[i] = NO_FD;
                        if (r < 0)
                                fail(c, STEP_MOUNT_READ_ONLY, r, (int) i);
                        if (ro_now)
                                continue;
                }
                if (!ro)
                        continue;
                if (op->kind == MOUNT_PRIVATE_DEV) {
                        /* /dev itself read-only, its submounts (shm, pts, mqueue) not. */
                        _cleanup_fd_ int t = sbx_open_nofollow(op->path, SBX_CREATE_NONE);
                        r = t < 0 ? t : sbx_setattr(t, MOUNT_ATTR_RDONLY, 0, false);
                } else
                        r = flip_op(c, op, &state[i], i, MOUNT_ATTR_RDONLY, 0);
                if (r < 0)
                        fail(c, STEP_MOUNT_READ_ONLY, r, (int) i);
        }

        step_begin(c, STEP_MOUNT_EXEC);
        for (size_t i = 0; i < m->n; i++) {
                const MountOp *op = &m->ops[i];
                if (state[i] == SKIPPED || (!op->noexec && !op->exec))
                        continue;
                r = op->noexec ? flip_op(c, op, &state[i], i, MOUNT_ATTR_NOEXEC, 0)
                               : flip_op(c, op, &state[i], i, 0, MOUNT_ATTR_NOEXEC);
                if (r < 0)
                        fail(c, STEP_MOUNT_EXEC, r, (int) i);
        }

        if (m->root) {
                step_begin(c, STEP_PIVOT_ROOT);
                r = pivot_into(m->root);
                if (r < 0)
                        fail(c, STEP_PIVOT_ROOT, r, -1);
        }

        step_begin(c, STEP_MOUNT_FINAL);
        if (m->propagation == MOUNT_PROPAGATION_SHARED ||
            m->propagation == MOUNT_PROPAGATION_SLAVE) {
                /* Inside our own namespace only: the host link was cut when / became private. */
                unsigned long f = m->propagation == MOUNT_PROPAGATION_SHARED ? MS_SHARED : MS_SLAVE;
                if (mount(NULL, "/", NULL, MS_REC | f, NULL) < 0)
                        fail(c, STEP_MOUNT_FINAL, errno, -1);
        }
}

/* ---------------------------------------------------------------- namespaces */

/* Makes / (or only /proc) private and mounts the run's PID namespace's /proc. */
static void cut_and_mount_proc(SbxChild *c, bool proc, bool early)
{
        const SandboxPlan *p = c->plan;
        /* First, so nothing below leaks to the host and nothing from the host arrives later
         * (systemd uses slave; private also closes E062). Without mount directives only /proc is
         * cut off: the service's other mounts still reach the host, as under systemd. */
        const char *cut = p->ns.unshare_flags & CLONE_NEWNS ? "/" : "/proc";
        if (mount(NULL, cut, NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                fail(c, STEP_PROPAGATION, errno, -1);
        /* /proc shows the namespace's processes, so getpid() and /proc agree; mounted before the
         * plan's mounts, which then clone and restrict it (MountAPIVFS=, ProtectKernelTunables=,
         * InaccessiblePaths=, ProtectProc=…). */
        if (!proc)
                return;
        /* Before a user namespace of the service's own, ProtectProc='s options go on this very
         * mount: from inside, a new procfs of the run's PID namespace is not permitted. */
        const MountOp *op = early ? plan_procfs(p) : NULL;
        if (mount("proc", "/proc", "proc", op ? op->flags : MS_NOSUID | MS_NODEV | MS_NOEXEC,
                  op ? op->options : NULL) < 0) {
                /* Rootless in a container that masks parts of /proc the kernel refuses a new
                 * procfs in a user namespace (EPERM): the inherited /proc stays, showing the
                 * outer pids, as before there was a PID namespace. ProtectProc= still fails. */
                if (errno == EPERM && c->in_userns && !plan_procfs(p))
                        return;
                fail(c, STEP_PROPAGATION, errno, -1);
        }
        c->procfs_early = op != NULL;
}

static void apply_namespaces(SbxChild *c)
{
        const SandboxPlan *p = c->plan;
        unsigned long flags = p->ns.unshare_flags;
        int r;

        if (c->pid_ns)
                flags |= CLONE_NEWNS; /* for the namespace's own /proc */
        if (c->in_userns || c->userns_fd >= 0)
                flags &= ~(unsigned long) CLONE_NEWUSER;

        /* Joined before the user namespace is created: setns() needs CAP_SYS_ADMIN over the
         * namespace's owner. Joining instead of creating (systemd 252: PrivateNetwork= then has
         * no effect; no loopback set-up, the namespace is someone else's). */
        step_begin(c, STEP_JOIN_NET);
        if (p->ns.network_path && (r = sbx_ns_join(p->ns.network_path, CLONE_NEWNET)) < 0)
                fail(c, STEP_JOIN_NET, r, -1);
        step_begin(c, STEP_JOIN_IPC);
        if (p->ns.ipc_path && (r = sbx_ns_join(p->ns.ipc_path, CLONE_NEWIPC)) < 0)
                fail(c, STEP_JOIN_IPC, r, -1);

        step_begin(c, STEP_UNSHARE);
        /* A user namespace created here (PrivateUsers= as root) may not mount a /proc of the
         * run's PID namespace, which belongs to the initial one: mount it first, in a mount
         * namespace of our own, which the user namespace's then copies. */
        bool early_proc = c->pid_ns && ((flags & CLONE_NEWUSER) || c->userns_fd >= 0);
        if (early_proc) {
                if (unshare(CLONE_NEWNS) < 0)
                        fail(c, STEP_UNSHARE, errno, -1);
                cut_and_mount_proc(c, true, true);
        }
        /* Joining the run's user namespace, already mapped, then creating the others is what
         * one unshare() with CLONE_NEWUSER does (that one is created first and owns the rest). */
        if (c->userns_fd >= 0 && setns(c->userns_fd, CLONE_NEWUSER) < 0)
                fail(c, STEP_UNSHARE, errno, -1);
        if (flags && unshare((int) flags) < 0)
                fail(c, STEP_UNSHARE, errno, -1);
        /* ProtectHostname=private:NAME (v258): the new UTS namespace gets the name. */
        if (p->ns.hostname && sethostname(p->ns.hostname, strlen(p->ns.hostname)) < 0)
                fail(c, STEP_UNSHARE, errno, -1);
        step_begin(c, STEP_ID_MAP);
        if (c->sync_fd >= 0) {
                /* Ask the parent to write the two-line maps, wait for its answer. */
                char b = 1;
                if (write(c->sync_fd, &b, 1) != 1 || read(c->sync_fd, &b, 1) != 1 || b != 1)
                        fail(c, STEP_ID_MAP, EPERM, -1);
        } else if ((flags & CLONE_NEWUSER) && (r = sbx_userns_map_self(p->ns.uid, p->ns.gid)) < 0)
                fail(c, STEP_ID_MAP, r, -1);
        step_begin(c, STEP_LOOPBACK);
        if (p->ns.loopback_up && (r = sbx_netns_loopback_up()) < 0)
                fail(c, STEP_LOOPBACK, r, -1);
        if (flags & CLONE_NEWNS) {
                step_begin(c, STEP_PROPAGATION);
                cut_and_mount_proc(c, c->pid_ns && !early_proc, false);
                if (p->ns.unshare_flags & CLONE_NEWNS)
                        apply_mounts(c);
        }
}

/* ---------------------------------------------------------------- PrivatePIDs= */

static volatile pid_t pid1_child = 0;

static void pid1_forward(int sig)
{
        int saved = errno;
        if (pid1_child > 0)
                (void) kill(pid1_child, sig);
        errno = saved;
}

/* The process cordon started stays behind as a small forwarder: signals cordon sends to it go to
 * the command, and it exits as the command did, so cordon sees the command's status as its own
 * child's. (A process cannot make a new PID namespace for its own children once it uses one for
 * them, as cordon does for the run's, so this process creates it.) */
_noreturn_ static void pid1_wait(const SbxChild *c, pid_t child)
{
        struct sigaction sa = {.sa_handler = pid1_forward, .sa_flags = SA_RESTART};
        sigset_t none;
        int st;

        close(c->error_fd); /* only the command reports set-up failures */
        if (c->sync_fd >= 0)
                close(c->sync_fd);
        pid1_child = child;
        sigemptyset(&sa.sa_mask);
        for (int s = 1; s < _NSIG; s++)
                if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD)
                        (void) sigaction(s, &sa, NULL);
        sigemptyset(&none);
        (void) sigprocmask(SIG_SETMASK, &none, NULL);
        while (waitpid(child, &st, 0) < 0)
                if (errno != EINTR)
                        _exit(226);
        if (WIFEXITED(st))
                _exit(WEXITSTATUS(st));
        /* Killed: die of the same signal (no core of this process). */
        int sig = WIFSIGNALED(st) ? WTERMSIG(st) : SIGKILL;
        struct rlimit no_core = {0, 0};
        (void) setrlimit(RLIMIT_CORE, &no_core);
        (void) signal(sig, SIG_DFL);
        (void) raise(sig);
        _exit(128 + sig);
}

/* PrivatePIDs=yes (v257): the command becomes PID 1 of a new PID namespace, nested in the run's
 * (so the run's init still takes it down with cordon). Returns in the command's process. */
static void private_pids_fork(SbxChild *c)
{
        int alive[2];

        /* The forwarder holds the write end until it exits: the command can tell whether it
         * died before PR_SET_PDEATHSIG took effect (getppid() reads 0 in the new namespace). */
        if (pipe2(alive, O_CLOEXEC) < 0 || unshare(CLONE_NEWPID) < 0)
                fail(c, STEP_UNSHARE, errno, -1);
        pid_t pid = fork();
        if (pid < 0)
                fail(c, STEP_UNSHARE, errno, -1);
        if (pid > 0) {
                close(alive[0]);
                pid1_wait(c, pid);
        }
        /* The forwarder's death (with cordon's, or a SIGKILL) ends the whole namespace. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
                fail(c, STEP_DEATHSIG, errno, -1);
        close(alive[1]);
        struct pollfd pf = {.fd = alive[0], .events = POLLIN};
        if (poll(&pf, 1, 0) != 0)
                _exit(226); /* EOF: the forwarder is gone already */
        close(alive[0]);
        c->pid_ns = true; /* gets a /proc of its own namespace */
}

/* ---------------------------------------------------------------- exec */

/* WorkingDirectory= (systemd 252's apply_working_directory()): entered once the service's
 * identity is in place, so a directory its user may not enter fails (200 CHDIR) instead of being
 * entered with root's rights; '-' keeps "/" on any failure, as systemd keeps going. */
static void enter_workdir(void *userdata)
{
        const SbxChild *c = userdata;
        const SandboxPlan *p = c->plan;

        step_begin(c, STEP_CHDIR);
        int r = sbx_chdir_safe(p->workdir.path ? p->workdir.path : "/");
        if (r < 0 && !p->workdir.missing_ok)
                fail(c, STEP_CHDIR, r, -1);
}

static int exec_command(const PlanCommand *cmd, char **env)
{
        static const char *const dirs[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                           "/usr/bin"};
        char buf[4096];
        int r = -ENOENT;

        if (strchr(cmd->path, '/')) {
                execve(cmd->path, cmd->argv, env);
                return -errno;
        }
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                if ((size_t) snprintf(buf, sizeof(buf), "%s/%s", dirs[i], cmd->path) >= sizeof(buf))
                        return -ENAMETOOLONG;
                execve(buf, cmd->argv, env);
                if (errno != ENOENT)
                        r = -errno; /* remember EACCES & co over "not found" */
        }
        return r;
}

_noreturn_ void sbx_child_run(const SbxChild *child)
{
        SbxChild local = *child;
        SbxChild *c = &local;
        const SandboxPlan *p = c->plan;
        sigset_t all;
        int r;

        /* Clean signal state: the parent forwards signals and may have blocked some. Its
         * handlers are gone already (CLONE_CLEAR_SIGHAND); what it ignores is not. */
        sbx_signals_default(c->reset_signals);
        sigemptyset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);

        step_begin(c, STEP_DEATHSIG);
        /* The service dies with cordon; re-check in case cordon died before prctl(). */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
                fail(c, STEP_DEATHSIG, errno, -1);
        /* In the run's PID namespace the parent is outside (getppid() is 0); there cordon's
         * death kills the namespace's init and with it this process. */
        if (getppid() != (c->pid_ns ? 0 : c->parent))
                _exit(226);
        (void) setsid();
        /* Descriptors cordon inherited from its caller must not reach the service (a directory
         * fd would be a way out of every mount restriction): all of them close on exec, like
         * ours; stdin, stdout and stderr pass through. */
        if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                fail(c, STEP_DEATHSIG, errno, -1);
        umask(0000); /* modes of what we create are exact; the service gets 0022 below */
        /* StandardInput=/Output=/Error= (exec-stdio.c): host paths, so before any namespace. */
        if (p->stdio.set) {
                int fd = 0;
                r = sbx_stdio_apply(&p->stdio, &fd);
                if (r < 0)
                        fail_with(c, STEP_STDIO, r, -2 - fd, stdio_exit_status(fd));
        }

        if (c->sandboxed && p->ns.private_pids)
                private_pids_fork(c);
        if (c->sandboxed)
                apply_namespaces(c);

        /* "/" first (the namespace's root, never cordon's directory); WorkingDirectory= itself
         * once the identity is the service's (enter_workdir()). */
        r = sbx_chdir_safe("/");
        if (r < 0)
                fail(c, STEP_CHDIR, r, -1);
        umask(0022);
        if (p->ignore_sigpipe)
                (void) signal(SIGPIPE, SIG_IGN);

        step_begin(c, STEP_PRE_EXEC);
        sbx_pidns_wait_up(sbx_run_pidns); /* nothing of the service before its init is set up */
        /* '!' commands keep the identity (no uid/gid switch) but get everything else. */
        int (*hook)(const void *, void (*)(void *), void *, int *) =
                (c->command->flags & EXEC_COMMAND_NO_SETUID) && p->pre_exec_hook_no_setuid
                        ? p->pre_exec_hook_no_setuid
                        : p->pre_exec_hook;
        if (c->sandboxed && hook) {
                int status = 226;
                r = hook(p->pre_exec_data, enter_workdir, c, &status);
                if (r < 0)
                        fail_with(c, STEP_PRE_EXEC, r, -1, status);
        } else
                enter_workdir(c);

        step_begin(c, STEP_EXEC);
        r = exec_command(c->command, c->env ? c->env : p->environment);
        fail(c, STEP_EXEC, r, -1);
}
