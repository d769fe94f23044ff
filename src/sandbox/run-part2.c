/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run-part2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cleanup.h"
#include "credentials.h"
#include "environ.h"
#include "exec-stdio.h"
#include "exec-util.h"
#include "strv.h"

static void make_invocation_id(char out[static 33])
{
        uint8_t b[16] = {0};
        if (getrandom(b, sizeof b, 0) != sizeof b) {
                /* getrandom() cannot fail for 16 bytes once the pool is up; fall back anyway */
                for (size_t i = 0; i < sizeof b; i++)
                        b[i] = (uint8_t) (getpid() * 31 + (int) i * 17);
        }
        b[6] = (b[6] & 0x0f) | 0x40; /* a v4 UUID, as sd_id128_randomize() makes */
        b[8] = (b[8] & 0x3f) | 0x80;
        for (size_t i = 0; i < sizeof b; i++)
                snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static int build_environment(const Unit *u, const Part2 *p, const Part2Options *o, char ***ret,
                             DiagList *diags)
{
        _cleanup_strv_free_ char **mgr = NULL, **files = NULL;
        EnvironParams ep = {0};
        int r;

        r = environ_manager_default(o->root, &mgr);
        if (r < 0)
                return r;
        r = environ_load_files(u, o->root, &files, diags);
        if (r < 0)
                return r;
        ep.manager_environment = mgr;
        ep.files_environment = files;
        ep.host_environment = o->host_environment;
        ep.setenv = o->setenv;
        ep.invocation_id = p->invocation_id;
        ep.notify_socket = o->notify_socket;
        for (size_t t = 0; o->dir_prefix && t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                ep.prefix[t] = o->dir_prefix[t]; /* rootless: $RUNTIME_DIRECTORY=$XDG_…/NAME */
        privileges_environ_params(p->priv, &ep);
        return environ_build(u, &ep, ret, diags);
}

/* Exec-time $VARIABLE expansion of every command (not for ':' commands), against the final
 * environment, as exec_child() does right before execve(); done here because the child must
 * not allocate. */
#define IN_SET_EXEC_LATE(t)                                                                        \
        ((t) == SERVICE_EXEC_START_POST || (t) == SERVICE_EXEC_RELOAD ||                           \
         (t) == SERVICE_EXEC_STOP || (t) == SERVICE_EXEC_STOP_POST)

static int expand_commands(SandboxPlan *plan)
{
        for (size_t i = 0; i < plan->n_commands; i++) {
                PlanCommand *c = &plan->commands[i];
                char **n = NULL;
                int r;

                if (c->flags & EXEC_COMMAND_NO_ENV_EXPAND)
                        continue;
                /* These see $MAINPID (and ExecStop*= $SERVICE_RESULT…), known only when they
                 * start: the executor expands them then. */
                if (IN_SET_EXEC_LATE(c->type))
                        continue;
                r = exec_expand_argv(c->argv, plan->environment, &n);
                if (r < 0)
                        return r;
                strv_free(c->argv);
                c->argv = n;
        }
        return 0;
}

int part2_attach(const Unit *u, SandboxPlan *plan, const Part2Options *o, Part2 **ret,
                 DiagList *diags, int *ret_exit_status)
{
        Part2 *p;
        char **env = NULL;
        int r;

        *ret_exit_status = 226; /* NAMESPACE: generic set-up failure */
        p = calloc(1, sizeof(*p));
        if (!p)
                return -ENOMEM;
        make_invocation_id(p->invocation_id);

        PrivilegesOptions po = {
                .root = o->root, .rootless = o->rootless, .invocation_id = p->invocation_id};
        r = privileges_prepare(u, &po, &p->priv, diags);
        if (r < 0) {
                *ret_exit_status = r == -ESRCH ? 217 : 228;
                goto fail;
        }
        uid_t uid = p->priv->switch_user ? p->priv->uid : getuid();
        gid_t gid = p->priv->switch_user ? p->priv->gid : getgid();

        r = exec_dirs_setup_at(u, o->root, o->dir_prefix, uid, gid, &p->dirs, ret_exit_status,
                               diags);
        if (r < 0)
                goto fail;

        if (credentials_needed(u)) {
                const char *base = o->root && strcmp(o->root, "/") != 0 ? o->root : "";
                /* below the runtime prefix, as $CREDENTIALS_DIRECTORY says (environ.c): rootless
                 * $XDG_RUNTIME_DIR/credentials/UNIT, as systemd's user manager */
                const char *run = o->dir_prefix && o->dir_prefix[EXEC_DIRECTORY_RUNTIME]
                                          ? o->dir_prefix[EXEC_DIRECTORY_RUNTIME]
                                          : "/run";
                if (asprintf(&p->credentials_dir, "%s%s/credentials/%s", base, run, u->id) < 0) {
                        p->credentials_dir = NULL;
                        r = -ENOMEM;
                        goto fail;
                }
                CredentialsOptions co = {
                        .directory = p->credentials_dir,
                        .uid = uid,
                        .gid = gid,
                        .received_directory = o->received_credentials,
                        .received_encrypted_directory = credentials_dir_from_env(
                                o->host_environment, "ENCRYPTED_CREDENTIALS_DIRECTORY")};
                r = credentials_setup(u, &co, diags);
                if (r < 0) {
                        free(p->credentials_dir);
                        p->credentials_dir = NULL;
                        *ret_exit_status = 243; /* CREDENTIALS */
                        goto fail;
                }
        }

        r = build_environment(u, p, o, &env, diags);
        if (r < 0) {
                *ret_exit_status = 204; /* MEMORY / environment */
                goto fail;
        }
        strv_free(plan->environment);
        plan->environment = env;
        r = expand_commands(plan);
        if (r < 0) {
                *ret_exit_status = 203; /* EXEC */
                goto fail;
        }
        /* StandardInput=/Output=/Error=: opened by the child before its namespaces (K7) */
        r = stdio_plan_build(u, u->exec.umask, o->lenient, &plan->stdio, &p->stdin_data, diags,
                             ret_exit_status);
        if (r < 0)
                goto fail;
        plan->pre_exec_hook = privileges_pre_exec_hook;
        plan->pre_exec_data = p->priv;
        *ret = p;
        return 0;
fail:
        part2_detach(u, p, NULL);
        return r;
}

void part2_detach(const Unit *u, Part2 *p, DiagList *diags)
{
        if (!p)
                return;
        if (p->priv)
                (void) privileges_after_stop(u, p->priv);
        (void) exec_dirs_remove_runtime_diag(u, &p->dirs, diags);
        exec_dirs_done(&p->dirs);
        if (p->credentials_dir)
                (void) credentials_remove(p->credentials_dir);
        free(p->credentials_dir);
        free(p->stdin_data);
        p->priv = privileges_free(p->priv); /* releases the dynamic uid last */
        free(p);
}
