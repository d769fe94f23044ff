/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* --dry-run: the plan as text. Stable output (golden tests pin it): no addresses, no pids. */
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>

#include "path-util.h"
#include "plan.h"
#include "strbuf.h"

static void put_origin(StrBuf *b, const char *directive, const Origin *o)
{
        if (directive)
                strbuf_printf(b, "  # %s", directive);
        if (o->file)
                strbuf_printf(b, " at %s:%u", path_basename(o->file), o->line);
        else if (o->implied_by >= 0)
                strbuf_puts(b, " (implied)");
        strbuf_putc(b, '\n');
}

static void put_flags(StrBuf *b, unsigned long f)
{
        static const struct {
                unsigned long flag;
                const char *name;
        } names[] = {
                {MS_NOSUID, "nosuid"},   {MS_NODEV, "nodev"},       {MS_NOEXEC, "noexec"},
                {MS_NOATIME, "noatime"}, {MS_RELATIME, "relatime"}, {MS_STRICTATIME, "strictatime"},
        };
        bool first = true;
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (f & names[i].flag) {
                        strbuf_printf(b, "%s%s", first ? " flags=" : ",", names[i].name);
                        first = false;
                }
}

static void put_namespaces(StrBuf *b, const PlanNamespaces *ns)
{
        static const struct {
                unsigned long flag;
                const char *name;
        } names[] = {
                {CLONE_NEWUSER, "user"}, {CLONE_NEWNS, "mnt"},  {CLONE_NEWNET, "net"},
                {CLONE_NEWIPC, "ipc"},   {CLONE_NEWUTS, "uts"},
        };
        strbuf_puts(b, "namespaces:");
        if (ns->unshare_flags == 0 && !ns->network_path && !ns->ipc_path)
                strbuf_puts(b, " none (the service shares the caller's namespaces)");
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (ns->unshare_flags & names[i].flag)
                        strbuf_printf(b, " %s", names[i].name);
        if (ns->private_pids)
                strbuf_puts(b, " pid");
        if (ns->network_path || ns->ipc_path)
                strbuf_printf(b, " (joined:%s%s)", ns->network_path ? " net" : "",
                              ns->ipc_path ? " ipc" : "");
        strbuf_putc(b, '\n');
        if (ns->private_users) {
                strbuf_puts(b, "  user: map root to itself only, setgroups deny");
                put_origin(b, "PrivateUsers=yes", &ns->users_origin);
        } else if (ns->unshare_flags & CLONE_NEWUSER)
                strbuf_puts(b, "  user: map the caller's uid and gid to themselves, "
                               "setgroups deny (rootless)\n");
        if (ns->network_path) {
                strbuf_printf(b, "  net: join %s (must be a network namespace)", ns->network_path);
                put_origin(b, "NetworkNamespacePath=", &ns->network_origin);
        } else if (ns->loopback_up) {
                strbuf_puts(b, "  net: loopback only, lo up");
                put_origin(b, "PrivateNetwork=yes", &ns->network_origin);
        }
        if (ns->ipc_path) {
                strbuf_printf(b, "  ipc: join %s (must be an IPC namespace)", ns->ipc_path);
                put_origin(b, "IPCNamespacePath=", &ns->ipc_origin);
        } else if (ns->unshare_flags & CLONE_NEWIPC) {
                strbuf_puts(b, "  ipc: private System V IPC and POSIX message queues");
                put_origin(b, "PrivateIPC=yes", &ns->ipc_origin);
        }
        if ((ns->unshare_flags & CLONE_NEWUTS) && ns->hostname_private) {
                if (ns->hostname)
                        strbuf_printf(b, "  uts: private hostname \"%s\", changeable",
                                      ns->hostname);
                else
                        strbuf_puts(b, "  uts: private hostname (same name as the host), "
                                       "changeable");
                put_origin(b, "ProtectHostname=private", &ns->uts_origin);
        } else if (ns->unshare_flags & CLONE_NEWUTS) {
                strbuf_puts(b, "  uts: private hostname (same name as the host)");
                put_origin(b, "ProtectHostname=yes", &ns->uts_origin);
        }
        if (ns->private_pids) {
                strbuf_puts(b, "  pid: each command is PID 1 of its own PID namespace, with its "
                               "own /proc");
                put_origin(b, "PrivatePIDs=yes", &ns->pids_origin);
        }
}

static void put_mounts(StrBuf *b, const PlanMounts *m)
{
        if (!m->private_mounts) {
                strbuf_puts(b, "mounts: none (the service shares the caller's mount namespace)\n");
                return;
        }
        strbuf_printf(b, "mounts: %zu operation%s, / made recursively private first\n", m->n,
                      m->n == 1 ? "" : "s");
        for (size_t i = 0; i < m->n; i++) {
                const MountOp *op = &m->ops[i];
                strbuf_printf(b, "  %3zu %-12s %s", i + 1, mount_kind_to_string(op->kind),
                              op->path);
                if (op->source)
                        strbuf_printf(b, " from=%s", op->source);
                if (op->options)
                        strbuf_printf(b, " options=%s", op->options);
                put_flags(b, op->flags);
                if (op->read_only && op->kind != MOUNT_READ_ONLY && op->kind != MOUNT_INACCESSIBLE)
                        strbuf_puts(b, " ro");
                if (op->noexec && op->kind != MOUNT_NOEXEC)
                        strbuf_puts(b, " noexec");
                if (op->exec && op->kind != MOUNT_EXEC)
                        strbuf_puts(b, " exec");
                if (op->restack)
                        strbuf_puts(b, " keep-own-flags");
                if (op->ignore_missing)
                        strbuf_puts(b, " if-exists");
                put_origin(b, op->directive, &op->origin);
        }
        if (m->propagation != MOUNT_PROPAGATION_DEFAULT) {
                strbuf_printf(b, "  then / %s (never connected to the host)",
                              mount_propagation_to_string(m->propagation));
                put_origin(b, "MountFlags=", &m->propagation_origin);
        }
}

char *sandbox_plan_to_text(const SandboxPlan *p)
{
        StrBuf b = STRBUF_INIT;

        strbuf_printf(&b, "unit: %s\n", p->unit_id);
        strbuf_printf(&b, "type: %s\n", strnull(service_type_to_string(p->type)));
        put_namespaces(&b, &p->ns);
        plan_image_print(&b, &p->image); /* RootImage= (image-plan.c) */
        put_mounts(&b, &p->mounts);
        if (p->workdir.path) {
                strbuf_printf(&b, "working directory: %s%s", p->workdir.path,
                              p->workdir.missing_ok ? " (if it exists)" : "");
                put_origin(&b, "WorkingDirectory=", &p->workdir.origin);
        } else
                strbuf_puts(&b, "working directory: /\n");
        strbuf_puts(&b, "environment (base; the unit's own variables, identity and run-time "
                        "values are added when it runs):\n");
        for (char **e = p->environment; e && *e; e++)
                strbuf_printf(&b, "  %s\n", *e);
        (void) cgroup_plan_to_text(p->cgroup, &b);
        strbuf_puts(&b, "commands:\n");
        for (size_t i = 0; i < p->n_commands; i++) {
                const PlanCommand *c = &p->commands[i];
                strbuf_printf(&b, "  %s%s%s %s", exec_command_type_to_string(c->type),
                              c->flags & EXEC_COMMAND_IGNORE_FAILURE ? " -" : "",
                              c->flags & EXEC_COMMAND_FULLY_PRIVILEGED ? " + (no sandbox)" : "",
                              c->path);
                for (char **a = c->argv ? c->argv + 1 : NULL; a && *a; a++)
                        strbuf_printf(&b, " %s", *a);
                put_origin(&b, NULL, &c->origin);
        }
        return strbuf_steal(&b);
}
