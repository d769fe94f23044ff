/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cli.h"
#include "condition.h"
#include "dbus-wait.h"
#include "exec-dirs.h"
#include "exec-stdio.h"
#include "log.h"
#include "part2-print.h"
#include "path-util.h"
#include "plan.h"
#include "run-part2.h"
#include "spawn.h"
#include "strv.h"

/* cordon's own status when it refuses to start (unsupported or invalid unit): EX_CONFIG. Setup
 * failures after fork use systemd's codes (226 NAMESPACE, 200 CHDIR, 203 EXEC). */
#define EXIT_RUN_REFUSED 78

static void run_help(void)
{
        printf("Usage: cordon run [OPTIONS...] UNIT [-- ARGS...]\n\n"
               "Run the unit's ExecCondition=, ExecStartPre=, ExecStart= (with ARGS appended),\n"
               "ExecStartPost=, ExecReload= (on SIGHUP) and, when it stops or cordon gets\n"
               "SIGINT/SIGTERM, ExecStop= and ExecStopPost= in the foreground, under the\n"
               "sandbox the unit describes and with systemd 252's service semantics, without\n"
               "systemd: Condition*=/Assert*=, namespaces and mounts (RootDirectory=,\n"
               "RootImage=), identity (User=, DynamicUser=), capabilities, seccomp filters,\n"
               "resource limits and cgroups, environment, *Directory=, credentials,\n"
               "Type=simple|exec|oneshot|forking|notify|dbus, Restart=, watchdog, stop\n"
               "semantics. A directive cordon cannot apply exactly is an error naming\n"
               "file:line.\n\n"
               "Options:\n"
               "  -h --help              Show this help\n"
               "     --root=DIR          Look units up below DIR\n"
               "     --dry-run           Print the plan (conditions, namespaces, numbered mount\n"
               "                         operations, cgroup files, identity, capabilities,\n"
               "                         seccomp filters, environment, credentials and the\n"
               "                         directive each comes from) and run nothing\n"
               "     --lenient           Run even if some directives cannot be applied,\n"
               "                         printing what was weakened\n"
               "     --setenv=NAME=VALUE Add to the (minimal) environment of the commands\n"
               "     --mode=root|rootless With --dry-run: plan as root or as an unprivileged\n"
               "                         user would run it (default: as the caller)\n"
               "     --systemd-version=N Read the unit as systemd N would (default 252), e.g.\n"
               "                         257 for PrivatePIDs=, 254 for ImportCredential=\n\n"
               "SIGTERM/SIGINT stop the service like `systemctl stop`; SIGHUP runs\n"
               "ExecReload=. With RemainAfterExit=yes cordon keeps running after the\n"
               "service's processes exit, until SIGTERM/SIGINT (then ExecStop=). WatchdogSec=,\n"
               "MAINPID= and STATUS= work through cordon's own NOTIFY_SOCKET; a failed\n"
               "service's last STATUS= is printed.\n"
               "As root, every process of the service lives in a PID namespace of its own and\n"
               "dies with cordon, even on SIGKILL; rootless, a user namespace owns it.\n"
               "Resource settings (MemoryMax=, TasksMax=, CPUQuota=, DeviceAllow=,\n"
               "IPAddressDeny=, SocketBindDeny=, ...) are applied in per-run cgroups next to\n"
               "cordon's own; rootless they need a delegated cgroup v2 subtree.\n"
               "RootImage= (root only) attaches the image's partitions (GPT, MBR or a bare\n"
               "file system) to loop devices for the run; they are released when the run\n"
               "ends, even if cordon is killed.\n"
               "Credentials (LoadCredential=, SetCredential=, *Encrypted= with the host key\n"
               "/var/lib/systemd/credential.secret or $SYSTEMD_CREDENTIAL_SECRET,\n"
               "ImportCredential=) are placed in /run/credentials/UNIT; LoadCredential=NAME\n"
               "also searches cordon's own $CREDENTIALS_DIRECTORY and the credstore dirs.\n\n"
               "Exit status: the main process's status, 128+N if it was killed by signal N;\n"
               "0 when a Condition*= skipped the unit, 1 when an Assert*= failed; systemd's\n"
               "codes when a command could not be set up (200 CHDIR, 203 EXEC, 217 USER,\n"
               "219 CGROUP, 226 NAMESPACE, 243 CREDENTIALS, ...); %d when cordon refuses the\n"
               "unit; 2 on usage errors.\n",
               EXIT_RUN_REFUSED);
}

static void origin_print(FILE *f, const Origin *o)
{
        if (o->file)
                fprintf(f, "%s:%u", o->file, o->line);
        else
                fputs("(built-in or implied)", f);
}

static void report_failure(const SandboxPlan *p, const SbxRunResult *res)
{
        const PlanCommand *c = res->failed_command;
        const SbxFailure *f = &res->failure;

        if (!c)
                return;
        /* Lifecycle (F): what the failed service last said, and a watchdog stop. */
        if (res->status_text[0])
                fprintf(stderr, "cordon: %s last reported STATUS=%s\n", p->unit_id,
                        res->status_text);
        if (res->result && streq(res->result, "watchdog"))
                fprintf(stderr,
                        "cordon: %s: watchdog timeout (no WATCHDOG=1 within WatchdogSec=, or "
                        "WATCHDOG=trigger): stopped with WatchdogSignal=.\n",
                        p->unit_id);
        if (res->not_ready && p->type == SERVICE_DBUS) {
                fprintf(stderr, "cordon: Type=dbus service %s (", c->path);
                origin_print(stderr, &c->origin);
                fprintf(stderr, ") did not take its BusName= before it %s (status %d).\n",
                        res->result && streq(res->result, "timeout")
                                ? "timed out (TimeoutStartSec=)"
                                : "exited",
                        res->failed_status);
                return;
        }
        if (res->not_ready) {
                fprintf(stderr, "cordon: Type=notify service %s (", c->path);
                origin_print(stderr, &c->origin);
                fprintf(stderr, ") did not send READY=1 before it %s (status %d).\n",
                        res->result && streq(res->result, "timeout")
                                ? "timed out (TimeoutStartSec=)"
                                : "exited",
                        res->failed_status);
                return;
        }
        if (!res->setup_failed) {
                fprintf(stderr, "cordon: %s= command %s (", exec_command_type_to_string(c->type),
                        c->path);
                origin_print(stderr, &c->origin);
                if (res->failed_status > 128)
                        fprintf(stderr, ") was killed by signal %d.\n", res->failed_status - 128);
                else
                        fprintf(stderr, ") exited with status %d.\n", res->failed_status);
                return;
        }
        fprintf(stderr, "cordon: %s= (", exec_command_type_to_string(c->type));
        origin_print(stderr, &c->origin);
        fprintf(stderr, "): sandbox setup failed at step %d '%s'", f->step,
                strnull(sandbox_step_to_string(f->step)));
        if (f->index >= 0 && (size_t) f->index < p->mounts.n) {
                const MountOp *op = &p->mounts.ops[f->index];
                fprintf(stderr, ", mount operation %d (%s %s) from %s at ", f->index + 1,
                        mount_kind_to_string(op->kind), op->path, op->directive);
                origin_print(stderr, &op->origin);
        } else if (f->step == STEP_CHDIR && p->workdir.path) {
                fprintf(stderr, ", WorkingDirectory=%s at ", p->workdir.path);
                origin_print(stderr, &p->workdir.origin);
        } else if (f->step == STEP_STDIO && f->index <= -2 && f->index >= -4) {
                int fd = -2 - f->index; /* the child reports -2 - fd */
                fprintf(stderr, ", %s%s at ", stdio_directive(fd), strempty(p->stdio.path[fd]));
                origin_print(stderr, &p->stdio.origin[fd]);
        } else if (f->step == STEP_EXEC)
                fprintf(stderr, ", executing %s", c->path);
        else if ((f->step == STEP_JOIN_NET && p->ns.network_path) ||
                 (f->step == STEP_JOIN_IPC && p->ns.ipc_path)) { /* B */
                bool net = f->step == STEP_JOIN_NET;
                fprintf(stderr, ", %s=%s at ", net ? "NetworkNamespacePath" : "IPCNamespacePath",
                        net ? p->ns.network_path : p->ns.ipc_path);
                origin_print(stderr, net ? &p->ns.network_origin : &p->ns.ipc_origin);
        }
        fprintf(stderr, ": %s (exit status %d)\n", strerror(f->error), res->failed_status);
        if (f->step == STEP_ROOT_IMAGE && sbx_image_strerror(f->error))
                fprintf(stderr, "cordon: %s.\n", sbx_image_strerror(f->error));
        if (f->error == ELOOP)
                fprintf(stderr, "cordon: a path contains a symlink; cordon refuses to follow "
                                "symlinks while building the sandbox.\n");
}

static int stop_step_from_env(void)
{
        const char *s = getenv("CORDON_TEST_STOP_AT_STEP");
        if (isempty(s))
                return -1;
        int step = sandbox_step_from_string(s);
        return step < 0 ? -1 : step;
}

/* Condition*=/Assert*= as systemctl start tests them, before anything runs. Returns -1 to go
 * on, else cordon's exit status: 0 (skipped), EXIT_ASSERT_FAILED, or EXIT_RUN_REFUSED when
 * cordon cannot decide. --dry-run prints the verdicts and goes on. */
#define EXIT_ASSERT_FAILED 1
static int run_check_conditions(const Unit *u, bool dry_run)
{
        extern char **environ;
        CondList conds = {0}, asserts = {0};
        CondContext ctx = {.environment = environ, .test_all = dry_run};
        const CondItem *undecided = NULL, *undecided2 = NULL;
        int ret = -1, r;

        r = cond_lists_from_unit(u, &conds, &asserts);
        if (r < 0) {
                log_error_errno(r, "refusing to run %s: cannot read its conditions: %m", u->id);
                return EXIT_RUN_REFUSED;
        }
        int rc = cond_list_test(&conds, &ctx, &undecided);
        /* systemd tests asserts only when the conditions hold */
        int ra = rc > 0 || dry_run ? cond_list_test(&asserts, &ctx, &undecided2) : 1;
        for (size_t i = 0; i < conds.n + asserts.n; i++) {
                const CondItem *c = i < conds.n ? &conds.items[i] : &asserts.items[i - conds.n];
                _cleanup_free_ char *s = NULL;
                if (c->verdict != COND_ERROR || !(s = cond_item_format(c, i >= conds.n)))
                        continue;
                log_warning("%s:%u: Couldn't determine result for %s, assuming failed: %s",
                            strnull(c->origin.file), c->origin.line, s, strerror(-c->error));
        }
        if (dry_run && conds.n + asserts.n > 0) {
                _cleanup_free_ char *text = cond_lists_to_text(&conds, &asserts);
                if (text)
                        fputs(text, stdout);
        } else if (rc == 0) {
                const CondItem *c = cond_list_find_failed(&conds);
                _cleanup_free_ char *s = c ? cond_item_format(c, false) : NULL;
                if (c && c->trigger)
                        log_info("%s was skipped because no trigger condition checks were met.",
                                 u->id);
                else if (s)
                        log_info("%s was skipped because of an unmet condition check (%s) at "
                                 "%s:%u.",
                                 u->id, s, strnull(c->origin.file), c->origin.line);
                log_info("Condition check resulted in %s being skipped.", u->id);
                ret = EXIT_OK;
        } else if (rc < 0 || ra < 0) {
                const CondItem *c = rc < 0 ? undecided : undecided2;
                _cleanup_free_ char *s = c ? cond_item_format(c, rc >= 0) : NULL;
                log_error("refusing to run %s: cordon cannot decide %s at %s:%u as systemd would "
                          "(%s).",
                          u->id, strnull(s), c ? strnull(c->origin.file) : "?",
                          c ? c->origin.line : 0, c && c->why ? c->why : "not supported");
                ret = EXIT_RUN_REFUSED;
        } else if (ra == 0) {
                const CondItem *c = cond_list_find_failed(&asserts);
                _cleanup_free_ char *s = c ? cond_item_format(c, true) : NULL;
                if (c && !c->trigger)
                        log_error("Assertion failed for %s: %s at %s:%u.", u->id, strnull(s),
                                  strnull(c->origin.file), c->origin.line);
                else
                        log_error("Assertion failed for %s: no trigger assert (|) held.", u->id);
                ret = EXIT_ASSERT_FAILED;
        }
        cond_list_done(&conds);
        cond_list_done(&asserts);
        return ret;
}

/* SbxRunOptions.restart_check: a restart tests the conditions again (systemd's restart job). */
static int restart_conditions(void *userdata)
{
        return run_check_conditions(userdata, false) < 0;
}

typedef struct RunArgs {
        UnitLoadOptions lo;
        char **setenv; /* owned */
        bool dry_run, lenient;
        int mode; /* -1: the caller's; 0 root; 1 rootless */
        const char *unit;
        char **extra;                 /* ARGS after "--" (points into argv) */
        const char *const *user_dirs; /* rootless: where *Directory= live (exec-dirs.h) */
} RunArgs;

/* Returns -1 to go on, or the exit status to return now. */
static int run_parse_args(int argc, char **argv, RunArgs *a)
{
        enum { ARG_ROOT = 0x100, ARG_DRY_RUN, ARG_LENIENT, ARG_SETENV, ARG_MODE, ARG_VERSION };
        static const struct option options[] = {
                {"help", no_argument, NULL, 'h'},
                {"root", required_argument, NULL, ARG_ROOT},
                {"dry-run", no_argument, NULL, ARG_DRY_RUN},
                {"lenient", no_argument, NULL, ARG_LENIENT},
                {"setenv", required_argument, NULL, ARG_SETENV},
                {"mode", required_argument, NULL, ARG_MODE},
                {"systemd-version", required_argument, NULL, ARG_VERSION},
                {},
        };
        int c;

        a->mode = -1;
        optind = 0;
        /* "+" stops at the first non-option: everything after UNIT belongs to the service. */
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        run_help();
                        return EXIT_OK;
                case ARG_ROOT:
                        a->lo.root = optarg;
                        break;
                case ARG_DRY_RUN:
                        a->dry_run = true;
                        break;
                case ARG_LENIENT:
                        a->lenient = true;
                        break;
                case ARG_SETENV:
                        if (!strchr(optarg, '=') || optarg[0] == '=' || strchr(optarg, '\n')) {
                                log_error("--setenv= expects NAME=VALUE, got '%s'.", optarg);
                                return EXIT_USAGE;
                        }
                        if (strv_extend(&a->setenv, optarg) < 0)
                                return log_oom(), EXIT_USAGE;
                        break;
                case ARG_MODE:
                        if (streq(optarg, "root"))
                                a->mode = 0;
                        else if (streq(optarg, "rootless"))
                                a->mode = 1;
                        else {
                                log_error("--mode= expects root or rootless, got '%s'.", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case ARG_VERSION: /* B: e.g. 257 for PrivatePIDs= */
                        if (cli_parse_systemd_version(optarg, &a->lo.systemd_version) < 0) {
                                log_error("Invalid --systemd-version=%s (expected 200…300).",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                default:
                        return EXIT_USAGE;
                }
        }
        if (a->mode >= 0 && !a->dry_run) {
                log_error("--mode= only applies to --dry-run.");
                return EXIT_USAGE;
        }
        if (optind >= argc) {
                log_error("No unit given. Usage: cordon run [OPTIONS...] UNIT [-- ARGS...]");
                return EXIT_USAGE;
        }
        a->unit = argv[optind++];
        if (optind < argc && streq(argv[optind], "--"))
                optind++;
        else if (optind < argc) {
                log_error("Unexpected argument '%s'; pass service arguments after '--'.",
                          argv[optind]);
                return EXIT_USAGE;
        }
        a->extra = argv + optind;
        return -1;
}

/* Type=dbus: connects to the bus and watches BusName= before the service starts (systemd
 * refuses Type=dbus without BusName=). As root the system bus, rootless the session bus. */
static int run_open_bus(const Unit *u, SbxBus **ret)
{
        const StringSetting *name = &u->service.bus_name;
        const Origin *t = &u->service.type_origin;
        _cleanup_free_ char *address = NULL;
        /* "Type=dbus (f:l)", or "Type=dbus (implied by BusName= at f:l)" without Type= */
        const char *how = t->implied_by >= 0 ? "implied by BusName= at " : "";
        int r;

        if (!name->value) {
                log_error("refusing to run %s: Type=dbus (%s:%u) but no BusName=; systemd "
                          "refuses such a unit.",
                          u->id, strnull(t->file), t->line);
                return -EINVAL;
        }
        r = sbx_bus_address_default(sbx_is_privileged(), NULL, &address);
        if (r < 0) {
                log_error("refusing to run %s: Type=dbus (%s%s:%u) needs the session bus, but "
                          "neither "
                          "$DBUS_SESSION_BUS_ADDRESS nor $XDG_RUNTIME_DIR is set.",
                          u->id, how, strnull(t->file), t->line);
                return r;
        }
        r = sbx_bus_open(address, 5000, ret);
        if (r >= 0) {
                r = sbx_bus_watch_name(*ret, name->value);
                if (r < 0)
                        *ret = sbx_bus_free(*ret);
        }
        if (r < 0)
                log_error_errno(r,
                                "refusing to run %s: Type=dbus (%s%s:%u) waits for BusName=%s on "
                                "the bus at %s, which cordon cannot use: %m",
                                u->id, how, strnull(t->file), t->line, name->value, address);
        return r;
}

/* Part 2 attached, the plan's paths resolved, the lifecycle run; returns cordon's status. */
static int run_execute(Unit *u, SandboxPlan *plan, const RunArgs *a, bool rootless)
{
        _cleanup_free_ char *bad = NULL;
        extern char **environ;
        int r;

        r = sbx_resolve_plan_paths(plan, &bad);
        if (r < 0) {
                log_error_errno(r,
                                "refusing to run %s: cannot resolve '%s' safely "
                                "(symlinks are followed only when owned by root in a directory "
                                "only root can write): %m",
                                u->id, strnull(bad));
                return EXIT_RUN_REFUSED;
        }

        /* Run part 2: identity, directories, credentials, environment, capabilities, seccomp
         * (installed as the plan's pre-exec hook). */
        Part2Options p2o = {
                .rootless = rootless,
                .root = a->lo.root,
                .setenv = a->setenv,
                .host_environment = environ,
                .received_credentials = getenv("CREDENTIALS_DIRECTORY"),
                .dir_prefix = rootless ? a->user_dirs : NULL,
                .lenient = a->lenient,
        };
        SbxRunOptions ro = {.stop_at_step = stop_step_from_env(), .notify_fd = -1};
        _cleanup_free_ char *notify = NULL;
        if (plan->notify_access != NOTIFY_NONE) { /* Type=notify, WatchdogSec=, NotifyAccess= */
                const char *dir = sbx_is_privileged() ? "/run" : getenv("XDG_RUNTIME_DIR");
                r = sbx_notify_open(plan, isempty(dir) ? "/tmp" : dir, &notify, &ro.notify_fd);
                if (r < 0) {
                        log_error_errno(r, "failed to create the notification socket of %s: %m",
                                        u->id);
                        return 226;
                }
                p2o.notify_socket = notify;
        }

        _cleanup_(sbx_bus_freep) SbxBus *bus = NULL;
        if (plan->type == SERVICE_DBUS) {
                r = run_open_bus(u, &bus);
                if (r < 0) {
                        sbx_notify_close(notify, ro.notify_fd);
                        return EXIT_RUN_REFUSED;
                }
                ro.bus = bus;
        }
        ro.restart_check = restart_conditions;
        ro.restart_check_userdata = u;

        Part2 *p2 = NULL;
        int status = 226;
        DiagList p2diags = {0};
        r = part2_attach(u, plan, &p2o, &p2, &p2diags, &status);
        cli_print_diags_plain(&p2diags, stderr);
        diag_list_done(&p2diags);
        if (r < 0) {
                sbx_notify_close(notify, ro.notify_fd);
                log_error_errno(r, "failed to set up %s: %m", u->id);
                return status;
        }
        if (plan->pre_exec_hook == privileges_pre_exec_hook)
                plan->pre_exec_hook_no_setuid = privileges_pre_exec_hook_no_setuid;
        if (plan->ns.private_users && p2->priv && p2->priv->switch_user) {
                /* PrivateUsers= maps the service's identity too (systemd: "0 0 1" + "U U 1"). */
                plan->ns.service_uid = p2->priv->uid;
                plan->ns.service_gid = p2->priv->gid;
                plan->ns.map_service = true;
        }

        if (plan->kill_mode == KILL_NONE)
                log_warning("%s: KillMode=none: stopping sends no signal (systemd would leave the "
                            "service's processes running; under cordon they end with the run).",
                            u->id);
        /* RootImage= (image.c): dissected, locked and attached once for the whole run; every
         * command mounts the same loop devices. */
        r = sbx_image_attach(&plan->image);
        if (r < 0) {
                part2_detach(u, p2, NULL);
                sbx_notify_close(notify, ro.notify_fd);
                const char *why = sbx_image_strerror(r);
                log_error_errno(r, "%s: RootImage= at %s:%u: cannot use %s: %s%s%m", u->id,
                                strnull(plan->image.origin.file), plan->image.origin.line,
                                plan->image.path, strempty(why), why ? ": " : "");
                return 226; /* systemd's EXIT_NAMESPACE */
        }
        fflush(stdout);
        fflush(stderr);
        SbxRunResult res;
        r = sbx_run_service(plan, &ro, &res);
        sbx_image_detach(&plan->image);
        DiagList stop_diags = {0};
        part2_detach(u, p2, &stop_diags);
        cli_print_diags_plain(&stop_diags, stderr);
        diag_list_done(&stop_diags);
        sbx_notify_close(notify, ro.notify_fd);
        if (r < 0) {
                if (sbx_cgroup_failure) {
                        log_error_errno(r, "cannot set up the cgroups of %s: %s: %m", u->id,
                                        sbx_cgroup_failure);
                        return 219; /* systemd's EXIT_CGROUP */
                }
                log_error_errno(r, "failed to prepare the run of %s: %m", u->id);
                return 226;
        }
        if (res.condition_failed)
                log_info("%s: ExecCondition= failed, the unit was skipped.", u->id);
        report_failure(plan, &res);
        if (res.no_pid_namespace)
                log_warning("%s: no PID namespace could be created: processes the service started "
                            "would survive if cordon were killed with SIGKILL.",
                            u->id);
        if (res.restarts > 0)
                log_info("%s: restarted %u time%s (Restart=).", u->id, res.restarts,
                         res.restarts == 1 ? "" : "s");
        if (res.start_limit_hit) {
                log_error("%s: start request repeated too quickly, giving up "
                          "(StartLimitIntervalSec=, StartLimitBurst=).",
                          u->id);
                return res.exit_status != 0 ? res.exit_status : 1;
        }
        return res.exit_status;
}

int verb_run(int argc, char **argv)
{
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_sandbox_plan_free_ SandboxPlan *plan = NULL;
        RunArgs a = {0};
        DiagList diags = {0};
        int r;

        r = run_parse_args(argc, argv, &a);
        if (r >= 0) {
                strv_free(a.setenv);
                return r;
        }
        r = cli_load_unit(a.unit, &a.lo, &u, &diags);
        if (r < 0) {
                diag_list_done(&diags);
                strv_free(a.setenv);
                return EXIT_USAGE;
        }
        /* Conditions first, as systemd's unit_start(): a skipped unit runs nothing at all. */
        r = run_check_conditions(u, a.dry_run);
        if (r >= 0) {
                cli_print_diags_plain(&diags, stderr);
                diag_list_done(&diags);
                strv_free(a.setenv);
                return r;
        }
        /* Strict: a unit with parse problems (unknown directives, invalid values that systemd
         * would ignore, possibly weakening the sandbox) is not run. */
        size_t load_errors = diag_list_count(&diags, DIAG_WARNING);

        /* Rootless, *Directory= live where systemd's user manager puts them; --mode=rootless
         * (dry runs, golden tests) describes the fake uid 1000 without looking at $HOME. */
        _cleanup_(exec_dir_prefixes_done) ExecDirPrefixes user_dirs = {{NULL}};
        r = a.mode == 1
                    ? exec_dir_prefixes_user("/run/user/1000", NULL, NULL, "/home/user", &user_dirs)
                    : exec_dir_prefixes_from_environment(&user_dirs);
        if (r < 0) {
                diag_list_done(&diags);
                strv_free(a.setenv);
                return log_oom(), EXIT_RUN_REFUSED;
        }
        a.user_dirs = (const char *const *) user_dirs.prefix;
        PlanOptions po = {
                .rootless = a.mode >= 0 ? a.mode == 1 : !sbx_is_privileged(),
                .uid = a.mode == 1 ? 1000 : geteuid(),
                .gid = a.mode == 1 ? 1000 : getegid(),
                .lenient = a.lenient,
                .extra_args = a.extra,
                .lang = isempty(getenv("LANG")) ? NULL : getenv("LANG"),
                .setenv = a.setenv,
                .part2 = true, /* identity, capabilities, seccomp, environment: run-part2.c */
                .dir_prefix = a.user_dirs,
        };
        r = sandbox_plan_from_unit(u, &po, &plan, &diags);
        cli_print_diags_plain(&diags, stderr);
        diag_list_done(&diags);
        if (r < 0 || (load_errors > 0 && !a.lenient)) {
                if (r == -ENOMEM)
                        log_oom();
                else if (r < 0)
                        log_error("refusing to run %s: the sandbox it describes cannot be built "
                                  "as written.",
                                  u->id);
                else
                        log_error("refusing to run %s: %zu problem%s in the unit file; systemd "
                                  "would ignore those settings (--lenient runs it anyway).",
                                  u->id, load_errors, load_errors == 1 ? "" : "s");
                strv_free(a.setenv);
                return EXIT_RUN_REFUSED;
        }

        if (a.dry_run) {
                /* Part 2's view (identity, capabilities, seccomp, directories) is pure too. */
                _cleanup_free_ char *text = sandbox_plan_to_text(plan);
                _cleanup_free_ char *text2 = part2_plan_to_text(u, po.rootless);
                strv_free(a.setenv);
                if (!text || !text2)
                        return log_oom(), EXIT_RUN_REFUSED;
                fputs(text, stdout);
                fputs(text2, stdout);
                return EXIT_OK;
        }
        r = run_execute(u, plan, &a, po.rootless);
        strv_free(a.setenv);
        return r;
}
