/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* How a run ended, as systemd reports it: the service result, and the environment the commands
 * that run afterwards (ExecStartPost=, ExecReload=, ExecStop*=) see. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "spawn-internal.h"
#include "string-util.h"
#include "strv.h"

bool sbx_status_in(const PlanStatusSet *set, int raw)
{
        if (WIFEXITED(raw))
                return set->codes[WEXITSTATUS(raw) / 8] & (1u << (WEXITSTATUS(raw) % 8));
        return WIFSIGNALED(raw) && WTERMSIG(raw) < 64 && (set->signals >> WTERMSIG(raw)) & 1;
}

char **sbx_env_plus(const SandboxPlan *p, const char *a, const char *b, const char *c)
{
        char **l = strv_copy(p->environment);
        if (!l)
                return NULL;
        const char *add[] = {a, b, c};
        for (size_t i = 0; i < ELEMENTSOF(add); i++)
                if (add[i] && strv_extend(&l, add[i]) < 0)
                        return strv_free(l);
        return l;
}

/* systemd's is_clean_exit() for a daemon: exit 0, SIGHUP/SIGINT/SIGTERM/SIGPIPE, or what
 * SuccessExitStatus= lists. */
bool sbx_clean_exit(const SandboxPlan *p, int raw)
{
        if (WIFEXITED(raw))
                return WEXITSTATUS(raw) == 0 || sbx_status_in(&p->success_status, raw);
        int sig = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
        return sig == SIGHUP || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE ||
               (sig > 0 && sbx_status_in(&p->success_status, raw));
}

bool sbx_plan_has_command(const SandboxPlan *p, ExecCommandType type)
{
        for (size_t i = 0; i < p->n_commands; i++)
                if (p->commands[i].type == type)
                        return true;
        return false;
}

/* ExecStop*= see how the service ended, as systemd.exec(5) describes: $SERVICE_RESULT,
 * $EXIT_CODE, $EXIT_STATUS (from the main process's raw wait status when it ran). */
int sbx_make_stop_env(const SandboxPlan *p, Session *s, const char *result, bool ran, int raw)
{
        char code[32] = "", status[48] = "";
        const char *svc = result;

        /* only for ExecStop*=: a copy of the environment less for every run without them */
        if (!sbx_plan_has_command(p, SERVICE_EXEC_STOP) &&
            !sbx_plan_has_command(p, SERVICE_EXEC_STOP_POST))
                return 0;
        if (ran && WIFEXITED(raw)) {
                snprintf(code, sizeof(code), "EXIT_CODE=exited");
                snprintf(status, sizeof(status), "EXIT_STATUS=%d", WEXITSTATUS(raw));
        } else if (ran && WIFSIGNALED(raw)) {
                const char *name = sigabbrev_np(WTERMSIG(raw));
                snprintf(code, sizeof(code), "EXIT_CODE=%s", WCOREDUMP(raw) ? "dumped" : "killed");
                snprintf(status, sizeof(status), "EXIT_STATUS=%s", name ? name : "?");
        }
        if (!svc && ran) /* SuccessExitStatus= and the clean signals count, as for the result */
                svc = sbx_clean_exit(p, raw) ? "success"
                      : WIFEXITED(raw)       ? "exit-code"
                      : WCOREDUMP(raw)       ? "core-dump"
                                             : "signal";
        _cleanup_free_ char *r = strjoin_real("SERVICE_RESULT=", svc ? svc : "success", NULL);
        if (!r)
                return -ENOMEM;
        strv_free(s->stop_env);
        s->stop_env = sbx_env_plus(p, r, code[0] ? code : NULL, status[0] ? status : NULL);
        return s->stop_env ? 0 : -ENOMEM;
}

/* $MAINPID for ExecStartPost=/ExecReload= (the main process may change with MAINPID=). */
int sbx_set_post_env(const SandboxPlan *p, Session *s)
{
        char mp[32];
        if (s->svc.main_pid <= 0 || (!sbx_plan_has_command(p, SERVICE_EXEC_START_POST) &&
                                     !sbx_plan_has_command(p, SERVICE_EXEC_RELOAD)))
                return 0;
        snprintf(mp, sizeof(mp), "MAINPID=%d", (int) sbx_service_pid(s, s->svc.main_pid));
        strv_free(s->post_env);
        s->post_env = sbx_env_plus(p, mp, NULL, NULL);
        return s->post_env ? 0 : -ENOMEM;
}

/* systemd's service result for the run: a clean exit (0, SIGHUP/SIGINT/SIGTERM/SIGPIPE, or
 * SuccessExitStatus=) is success, else exit-code/signal/core-dump; result overrides. */
const char *sbx_service_result(const SandboxPlan *p, const SbxRunResult *res, const char *result,
                               bool ran, int raw)
{
        if (res->condition_failed)
                return "exec-condition";
        if (result)
                return result;
        if (res->setup_failed || (res->failed_command && !ran))
                return "exit-code";
        if (!ran) /* no main process (oneshot without one failing): the commands decide */
                return res->failed_command ? "exit-code" : "success";
        if (WIFEXITED(raw) && (WEXITSTATUS(raw) == 0 || sbx_status_in(&p->success_status, raw)))
                return res->failed_command && res->failed_command->type != SERVICE_EXEC_START
                               ? "exit-code"
                               : "success";
        int sig = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
        if (sig == SIGHUP || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE ||
            (sig > 0 && sbx_status_in(&p->success_status, raw)))
                return "success";
        if (WIFSIGNALED(raw))
                return WCOREDUMP(raw) ? "core-dump" : "signal";
        return "exit-code";
}
