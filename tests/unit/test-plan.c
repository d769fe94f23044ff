/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "plan.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static Origin at(unsigned line)
{
        return (Origin){.file = "/x/t.service", .line = line, .implied_by = -1};
}

static void add_path(PathList *l, const char *p, bool ignore, unsigned line)
{
        l->items = realloc(l->items, (l->n + 1) * sizeof(PathEntry));
        l->items[l->n++] =
                (PathEntry){.path = strdup(p), .ignore_missing = ignore, .origin = at(line)};
}

static Unit *mk(void)
{
        Unit *u = unit_new("t.service");
        ExecCommandList *l = &u->service.exec[SERVICE_EXEC_START];
        l->items = calloc(1, sizeof(ExecCommand));
        l->n = 1;
        l->items[0].path = strdup("/bin/true");
        l->items[0].argv = NULL;
        strv_extend(&l->items[0].argv, "/bin/true");
        l->items[0].origin = at(3);
        return u;
}

static const MountOp *find(const SandboxPlan *p, const char *path)
{
        for (size_t i = 0; i < p->mounts.n; i++)
                if (streq(p->mounts.ops[i].path, path))
                        return &p->mounts.ops[i];
        return NULL;
}

static SandboxPlan *plan(Unit *u, bool rootless, bool lenient, int *ret, DiagList *d)
{
        PlanOptions o = {.rootless = rootless, .uid = 1000, .gid = 1000, .lenient = lenient};
        SandboxPlan *p = NULL;
        *ret = sandbox_plan_from_unit(u, &o, &p, d);
        return p;
}

TEST(path_compare)
{
        ASSERT_LT(plan_path_compare("/", "/a"), 0);
        ASSERT_LT(plan_path_compare("/a", "/a/b"), 0);
        ASSERT_LT(plan_path_compare("/a/b", "/ab"), 0);
        ASSERT_EQ(plan_path_compare("/a//b/", "/a/b"), 0);
        ASSERT_GT(plan_path_compare("/b", "/a/z"), 0);
}

TEST(nothing_means_no_namespaces)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(p->ns.unshare_flags, 0);
        ASSERT_FALSE(p->mounts.private_mounts);
        ASSERT_EQ(p->n_commands, 1);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(strict_with_carve_outs)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.protect_system = PROTECT_SYSTEM_STRICT;
        u->exec.protect_system_origin = at(5);
        u->exec.private_tmp = PRIVATE_TMP_YES;
        add_path(&u->exec.read_write_paths, "/var/lib/foo", false, 6);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWNS);
        ASSERT_FALSE(p->ns.unshare_flags & CLONE_NEWUSER);
        /* "/" comes first and is read-only. */
        ASSERT_STREQ(p->mounts.ops[0].path, "/");
        ASSERT_EQ(p->mounts.ops[0].kind, MOUNT_READ_ONLY);
        ASSERT_TRUE(p->mounts.ops[0].read_only);
        const MountOp *rw = find(p, "/var/lib/foo");
        ASSERT_NOT_NULL(rw);
        ASSERT_EQ(rw->kind, MOUNT_READ_WRITE);
        ASSERT_TRUE(rw->restack);
        ASSERT_EQ(rw->origin.line, 6);
        const MountOp *tmp = find(p, "/tmp");
        ASSERT_NOT_NULL(tmp);
        ASSERT_EQ(tmp->kind, MOUNT_PRIVATE_TMP);
        ASSERT_TRUE(tmp->restack);
        ASSERT_NOT_NULL(find(p, "/proc"));
        ASSERT_TRUE(find(p, "/proc")->restack);
        /* Sorted: every entry's parent entries come before it. */
        for (size_t i = 1; i < p->mounts.n; i++)
                ASSERT_LT(plan_path_compare(p->mounts.ops[i - 1].path, p->mounts.ops[i].path), 0);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(rw_implicit_without_ro_parent_is_dropped)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.protect_system = PROTECT_SYSTEM_FULL;
        add_path(&u->exec.read_write_paths, "/srv/x", false, 4);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(find(p, "/usr"));
        ASSERT_NOT_NULL(find(p, "/etc"));
        ASSERT_NOT_NULL(find(p, "/boot"));
        ASSERT_TRUE(find(p, "/boot")->ignore_missing);
        ASSERT_FALSE(find(p, "/usr")->ignore_missing);
        ASSERT_NULL(find(p, "/srv/x")); /* nothing read-only above it: a no-op */
        ASSERT_NULL(find(p, "/"));
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(duplicates_most_restrictive_wins)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        add_path(&u->exec.read_write_paths, "/opt/a", false, 4);
        add_path(&u->exec.read_only_paths, "/opt/a/", false, 5);
        add_path(&u->exec.no_exec_paths, "/opt/a", true, 6);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        /* /opt/a once, and the hidden credential stores of the other services */
        ASSERT_EQ(p->mounts.n, 2);
        ASSERT_EQ(p->mounts.ops[0].kind, MOUNT_READ_ONLY);
        ASSERT_TRUE(p->mounts.ops[0].noexec);
        ASSERT_FALSE(p->mounts.ops[0].ignore_missing);
        const MountOp *c = find(p, "/run/credentials");
        ASSERT_NOT_NULL(c);
        ASSERT_EQ(c->kind, MOUNT_INACCESSIBLE);
        ASSERT_TRUE(c->ignore_missing);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(inaccessible_masks_subtree)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.protect_home = PROTECT_HOME_YES;
        add_path(&u->exec.read_write_paths, "/home/x/data", false, 4);
        add_path(&u->exec.read_only_paths, "/homes", false, 5);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(find(p, "/home")->kind, MOUNT_INACCESSIBLE);
        ASSERT_NULL(find(p, "/home/x/data"));
        ASSERT_NOT_NULL(find(p, "/homes")); /* a sibling, not a child */
        ASSERT_TRUE(p->mounts.needs_inaccessible);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(tunables_and_private_devices)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.protect_kernel_tunables.value = true;
        u->exec.private_devices.value = true;
        SandboxPlan *p = plan(u, true, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(find(p, "/proc/kallsyms")->kind, MOUNT_INACCESSIBLE);
        ASSERT_EQ(find(p, "/proc/sys")->kind, MOUNT_READ_ONLY);
        ASSERT_EQ(find(p, "/sys")->kind, MOUNT_READ_ONLY);
        ASSERT_EQ(find(p, "/dev")->kind, MOUNT_PRIVATE_DEV);
        ASSERT_TRUE(find(p, "/sys/fs/cgroup")->restack);
        ASSERT_TRUE(p->ns.user_ns);
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWUSER);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(private_devices_as_root_is_refused)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.private_devices.value = true;
        u->exec.private_devices.origin = at(9);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-unsupported"));
        ASSERT_EQ(d.items[0].line, 9);
        diag_list_done(&d);
}

TEST(unsupported_and_lenient)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.user.value = strdup("nobody");
        u->exec.user.origin = at(7);
        u->exec.syscall_filter.configured = true;
        u->exec.syscall_filter.origin = at(8);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_EQ(diag_list_count(&d, DIAG_ERROR), 2);
        ASSERT_STREQ(d.items[0].file, "/x/t.service");
        ASSERT_EQ(d.items[0].line, 7);
        diag_list_done(&d);

        p = plan(u, false, true, &r, &d);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(p);
        ASSERT_EQ(diag_list_count(&d, DIAG_ERROR), 0);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-weakened"));
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(invalid_path_refused)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        add_path(&u->exec.read_only_paths, "/a/../etc", false, 4);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_ERROR(r, EINVAL);
        ASSERT_NULL(p);
        diag_list_done(&d);
}

TEST(extra_args_and_no_exec_start)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        char *extra[] = {(char *) "a", (char *) "b", NULL};
        PlanOptions o = {.extra_args = extra};
        SandboxPlan *p = NULL;
        ASSERT_OK(sandbox_plan_from_unit(u, &o, &p, &d));
        ASSERT_EQ(strv_length(p->commands[0].argv), 3);
        ASSERT_STREQ(p->commands[0].argv[2], "b");
        char *text = sandbox_plan_to_text(p);
        ASSERT_NOT_NULL(strstr(text, "ExecStart /bin/true a b"));
        free(text);
        p = sandbox_plan_free(p);

        exec_command_list_done(&u->service.exec[SERVICE_EXEC_START]);
        ASSERT_ERROR(sandbox_plan_from_unit(u, &o, &p, &d), EINVAL);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-no-exec-start"));
        diag_list_done(&d);
}

TEST(temporary_filesystem_options)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.temporary_filesystems.items = calloc(1, sizeof(TemporaryFileSystem));
        u->exec.temporary_filesystems.n = 1;
        u->exec.temporary_filesystems.items[0].path = strdup("/var");
        u->exec.temporary_filesystems.items[0].options = strdup("ro,size=1m,noexec");
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        const MountOp *m = find(p, "/var");
        ASSERT_EQ(m->kind, MOUNT_TMPFS);
        ASSERT_TRUE(m->read_only);
        ASSERT_STREQ(m->options, "mode=0755,size=1m");
        ASSERT_TRUE(m->flags & MS_NOEXEC);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(procfs_for_protect_proc)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.proc_subset = PROC_SUBSET_PID;
        u->exec.protect_hostname = PROTECT_HOSTNAME_YES;
        u->exec.protect_system = PROTECT_SYSTEM_STRICT;
        /* rootless: honoured (the run's PID namespace belongs to cordon's user namespace) */
        SandboxPlan *p = plan(u, true, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_FALSE(diag_list_has_rule(&d, "run-unsupported"));
        ASSERT_EQ(find(p, "/proc")->kind, MOUNT_PROCFS);
        sandbox_plan_free(p);
        diag_list_done(&d);
        /* PrivateUsers= as root: honoured (mounted before the user namespace), but not below a
         * RootDirectory= (refused, lenient: warned) */
        u->exec.private_users = PRIVATE_USERS_SELF;
        p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(find(p, "/proc")->kind, MOUNT_PROCFS);
        sandbox_plan_free(p);
        diag_list_done(&d);
        u->exec.root_directory.value = strdup("/srv/r");
        p = plan(u, false, true, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-weakened"));
        sandbox_plan_free(p);
        diag_list_done(&d);
        free(u->exec.root_directory.value);
        u->exec.root_directory.value = NULL;
        u->exec.private_users = PRIVATE_USERS_NO;

        p = plan(u, false, true, &r, &d);
        ASSERT_OK(r);
        const MountOp *proc = find(p, "/proc");
        ASSERT_EQ(proc->kind, MOUNT_PROCFS); /* wins over strict's rw-implicit /proc */
        ASSERT_STREQ(proc->options, "hidepid=off,subset=pid");
        ASSERT_FALSE(proc->ignore_missing);
        ASSERT_TRUE(proc->restack);
        /* The hostname files do not exist under subset=pid: no setup error for them. */
        ASSERT_TRUE(find(p, "/proc/sys/kernel/hostname")->ignore_missing);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(private_users_as_root)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.private_users = PRIVATE_USERS_SELF;
        u->exec.private_devices.value = true;
        u->exec.capability_bounding_set = 0;
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r); /* no host capabilities: PrivateDevices= and the bounding set hold */
        ASSERT_EQ(diag_list_count(&d, DIAG_WARNING), 0);
        ASSERT_TRUE(p->ns.user_ns);
        ASSERT_TRUE(p->ns.private_users);
        ASSERT_EQ(p->ns.uid, 0);
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWUSER);
        sandbox_plan_free(p);
        diag_list_done(&d);

        u->exec.private_users = PRIVATE_USERS_FULL; /* v258 mode: not honoured */
        p = plan(u, false, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_NULL(p);
        diag_list_done(&d);
}

TEST(part2_attached_lifts_its_refusals)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        PlanOptions o = {.part2 = true};
        SandboxPlan *p = NULL;
        u->exec.user.value = strdup("nobody");
        u->exec.syscall_filter.configured = true;
        u->exec.pam_name.value = strdup("login"); /* still not honoured */
        ASSERT_ERROR(sandbox_plan_from_unit(u, &o, &p, &d), EOPNOTSUPP);
        ASSERT_EQ(diag_list_count(&d, DIAG_ERROR), 1);
        ASSERT_NOT_NULL(strstr(d.items[0].message, "PAMName="));
        diag_list_done(&d);
}

TEST(root_directory)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.root_directory.value = strdup("/srv/r");
        u->exec.protect_system = PROTECT_SYSTEM_STRICT;
        add_path(&u->exec.read_write_paths, "/srv/r/a", false, 4); /* host path, inside */
        add_path(&u->exec.read_write_paths, "/b", false, 5);       /* host path, outside */
        add_path(&u->exec.read_only_paths, "/c", false, 6);
        u->exec.read_only_paths.items[0].relative_to_root = true; /* "+/c" */
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(p->mounts.root, "/srv/r");
        ASSERT_EQ(p->mounts.ops[0].kind, MOUNT_ROOT); /* first, and read-only (strict) */
        ASSERT_TRUE(p->mounts.ops[0].read_only);
        ASSERT_NOT_NULL(find(p, "/srv/r/a"));
        ASSERT_NULL(find(p, "/b")); /* outside the root: gone, as in systemd */
        ASSERT_NOT_NULL(find(p, "/srv/r/c"));
        ASSERT_EQ(find(p, "/srv/r/proc")->kind, MOUNT_PROCFS); /* MountAPIVFS= implied */
        ASSERT_STREQ(find(p, "/srv/r/proc")->source, "/proc");
        ASSERT_EQ(find(p, "/srv/r/run")->kind, MOUNT_RUN);
        ASSERT_NULL(find(p, "/usr")); /* nothing of the strict table outside the root */
        sandbox_plan_free(p);
        diag_list_done(&d);
}

static void add_dir(ExecDirectory *d, const char *path)
{
        d->items = realloc(d->items, (d->n + 1) * sizeof(ExecDirectoryItem));
        d->items[d->n++] = (ExecDirectoryItem){.path = strdup(path), .origin = at(8)};
}

TEST(exec_directories_writable)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        PlanOptions o = {.part2 = true};
        SandboxPlan *p = NULL;
        u->exec.protect_system = PROTECT_SYSTEM_STRICT;
        add_dir(&u->exec.directories[EXEC_DIRECTORY_STATE], "foo");
        add_dir(&u->exec.directories[EXEC_DIRECTORY_RUNTIME], "bar");
        add_dir(&u->exec.directories[EXEC_DIRECTORY_CONFIGURATION], "baz");
        ASSERT_OK(sandbox_plan_from_unit(u, &o, &p, &d));
        ASSERT_EQ(find(p, "/var/lib/foo")->kind, MOUNT_READ_WRITE);
        ASSERT_TRUE(find(p, "/var/lib/foo")->restack);
        ASSERT_EQ(find(p, "/run/bar")->kind, MOUNT_READ_WRITE);
        ASSERT_NULL(find(p, "/etc/baz")); /* ConfigurationDirectory= stays read-only */
        p = sandbox_plan_free(p);

        u->exec.dynamic_user.value = true; /* private/ layout for state, not for runtime */
        ASSERT_OK(sandbox_plan_from_unit(u, &o, &p, &d));
        ASSERT_EQ(find(p, "/var/lib/private")->kind, MOUNT_TMPFS);
        ASSERT_TRUE(find(p, "/var/lib/private")->read_only);
        ASSERT_EQ(find(p, "/var/lib/private/foo")->kind, MOUNT_RBIND);
        ASSERT_STREQ(find(p, "/var/lib/private/foo")->source, "/var/lib/private/foo");
        ASSERT_TRUE(find(p, "/var/lib/private/foo")->restack);
        ASSERT_EQ(find(p, "/run/bar")->kind, MOUNT_READ_WRITE);
        p = sandbox_plan_free(p);

        o.rootless = true; /* refused: the directories would be created below /var/lib */
        ASSERT_ERROR(sandbox_plan_from_unit(u, &o, &p, &d), EOPNOTSUPP);
        diag_list_done(&d);
}

TEST(lifecycle_settings_reach_the_plan)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;

        /* As the parser stores them: one word per element. */
        ASSERT_OK(strv_extend(&u->service.success_exit_status.strv, "3"));
        ASSERT_OK(strv_extend(&u->service.success_exit_status.strv, "SIGUSR1"));
        ASSERT_OK(strv_extend(&u->service.restart_force_exit_status.strv, "HUP"));
        ASSERT_OK(strv_extend(&u->service.restart_prevent_exit_status.strv, "255"));
        u->kill.kill_mode = KILL_MIXED;
        u->kill.kill_signal.value = SIGINT;
        u->service.restart = SERVICE_RESTART_ON_ABORT;
        u->service.timeout_stop_usec = 7 * 1000000ULL;
        u->unit.start_limit_burst = 9;
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(p->kill_mode, KILL_MIXED);
        ASSERT_EQ(p->kill_signal, SIGINT);
        ASSERT_EQ(p->final_kill_signal, SIGKILL); /* the default */
        ASSERT_TRUE(p->send_sigkill);
        ASSERT_FALSE(p->send_sighup);
        ASSERT_EQ(p->timeout_stop_usec, 7 * 1000000ULL);
        ASSERT_EQ(p->restart, SERVICE_RESTART_ON_ABORT);
        ASSERT_EQ(p->start_limit_burst, 9u);
        ASSERT_TRUE(p->success_status.codes[0] & (1u << 3));
        ASSERT_FALSE(p->success_status.codes[0] & 1u); /* 0 is success anyway, not listed */
        ASSERT_EQ(p->success_status.signals, UINT64_C(1) << SIGUSR1);
        ASSERT_EQ(p->force_status.signals, UINT64_C(1) << SIGHUP);
        ASSERT_TRUE(p->prevent_status.codes[31] & 0x80u);
        ASSERT_EQ(p->prevent_status.signals, 0u);
        sandbox_plan_free(p);
        diag_list_done(&d);
}

/* NetworkNamespacePath=/IPCNamespacePath=: joined instead of created (PrivateNetwork= then has
 * no effect, as systemd 252 documents); a joined IPC namespace gets its own mqueue; rootless
 * refused. */
TEST(namespace_paths_joined)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.private_network = (TriBool){.value = true, .set = true, .origin = at(4)};
        u->exec.network_namespace_path.value = strdup("/run/netns/x");
        u->exec.network_namespace_path.origin = at(5);
        u->exec.ipc_namespace_path.value = strdup("/run/ipcns/y");
        u->exec.ipc_namespace_path.origin = at(6);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(p->ns.network_path, "/run/netns/x");
        ASSERT_STREQ(p->ns.ipc_path, "/run/ipcns/y");
        ASSERT_FALSE(p->ns.unshare_flags & CLONE_NEWNET);
        ASSERT_FALSE(p->ns.unshare_flags & CLONE_NEWIPC);
        ASSERT_FALSE(p->ns.loopback_up);
        ASSERT_EQ(p->ns.network_origin.line, 5u);
        const MountOp *mq = find(p, "/dev/mqueue");
        ASSERT_TRUE(mq != NULL);
        ASSERT_EQ(mq->kind, MOUNT_MQUEUEFS);
        ASSERT_STREQ(mq->directive, "IPCNamespacePath=");
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWNS);
        _cleanup_free_ char *text = sandbox_plan_to_text(p);
        ASSERT_TRUE(strstr(text, "net: join /run/netns/x") != NULL);
        ASSERT_TRUE(strstr(text, "ipc: join /run/ipcns/y") != NULL);
        sandbox_plan_free(p);
        diag_list_done(&d);

        p = plan(u, true, false, &r, &d);
        ASSERT_EQ(r, -EOPNOTSUPP);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-unsupported"));
        sandbox_plan_free(p);
        diag_list_done(&d);

        free(u->exec.network_namespace_path.value);
        u->exec.network_namespace_path.value = strdup("run/netns/../x");
        p = plan(u, false, false, &r, &d);
        ASSERT_EQ(r, -EINVAL);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-invalid-path"));
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(private_pids)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.private_pids = (TriBool){.value = true, .set = true, .origin = at(7)};
        SandboxPlan *p = plan(u, true, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(p->ns.private_pids);
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWNS); /* for its own /proc */
        ASSERT_EQ(p->ns.pids_origin.line, 7u);
        sandbox_plan_free(p);
        diag_list_done(&d);

        u->service.type = SERVICE_FORKING;
        p = plan(u, false, false, &r, &d);
        ASSERT_EQ(r, -EOPNOTSUPP);
        ASSERT_TRUE(diag_list_has_rule(&d, "run-unsupported"));
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(private_tmp_disconnected)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.private_tmp = PRIVATE_TMP_DISCONNECTED;
        u->exec.private_tmp_origin = at(8);
        SandboxPlan *p = plan(u, true, false, &r, &d);
        ASSERT_OK(r);
        const MountOp *t = find(p, "/tmp"), *vt = find(p, "/var/tmp");
        ASSERT_EQ(t->kind, MOUNT_PRIVATE_TMP);
        ASSERT_EQ(vt->kind, MOUNT_PRIVATE_TMP);
        ASSERT_TRUE(t->source == NULL); /* a fresh tmpfs, nothing of the host */
        ASSERT_STREQ(t->directive, "PrivateTmp=disconnected");
        sandbox_plan_free(p);
        diag_list_done(&d);
}

TEST(protect_hostname_private)
{
        _cleanup_unit_free_ Unit *u = mk();
        DiagList d = {0};
        int r;
        u->exec.protect_hostname = PROTECT_HOSTNAME_PRIVATE;
        u->exec.protect_hostname_name = strdup("svc-name");
        u->exec.protect_hostname_origin = at(9);
        SandboxPlan *p = plan(u, false, false, &r, &d);
        ASSERT_OK(r); /* as root too: no sethostname() filter to apply */
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWUTS);
        ASSERT_TRUE(p->ns.hostname_private);
        ASSERT_STREQ(p->ns.hostname, "svc-name");
        ASSERT_TRUE(find(p, "/proc/sys/kernel/hostname") == NULL); /* stays writable */
        sandbox_plan_free(p);
        diag_list_done(&d);

        u->exec.protect_hostname = PROTECT_HOSTNAME_YES;
        free(u->exec.protect_hostname_name);
        u->exec.protect_hostname_name = NULL;
        p = plan(u, true, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_FALSE(p->ns.hostname_private);
        ASSERT_TRUE(p->ns.hostname == NULL);
        ASSERT_EQ(find(p, "/proc/sys/kernel/hostname")->kind, MOUNT_READ_ONLY);
        sandbox_plan_free(p);
        diag_list_done(&d);
}
