/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* "The service dies with cordon": every command of a run lives in one PID namespace whose init
 * is a tiny cordon-side reaper. The reaper has PR_SET_PDEATHSIG(SIGKILL) on cordon and also
 * exits when its control socket to cordon reads EOF; when it dies the kernel SIGKILLs every
 * process of the namespace, double-forked daemons included, even when cordon was SIGKILLed.
 * The reaper is PID 1 of the namespace (as systemd is for a service); the service is not. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct SbxPidNs {
        pid_t reaper; /* host pid of the namespace's init, 0 = not in use */
        int ctl;      /* control socket to the reaper */
        int outer;    /* cordon's own PID namespace (for '+' commands), or -1 */
        int inner;    /* the service's PID namespace, or -1 */
        int up;       /* read end of the pipe the reaper closes once set up, or -1 */
        int userns;   /* PrivateUsers=: the mapped user namespace the reaper was born in, or -1 */
} SbxPidNs;

#define SBX_PIDNS_INIT                                                                             \
        ((SbxPidNs){.reaper = 0, .ctl = -1, .outer = -1, .inner = -1, .up = -1, .userns = -1})

/* fork(), with clone3()'s CLONE_CLEAR_SIGHAND: the kernel resets every signal cordon handles to
 * SIG_DFL in the child (none of cordon's handlers can run there, not even between the fork and
 * the child's first instruction), and with CLONE_INTO_CGROUP when cgroup_fd >= 0 (*ret_placed:
 * born in that cgroup). Falls back to fork() when clone3() or a flag is refused (kernels before
 * 5.7, seccomp). *ret_reset: the signals (bit s - 1 for signal s) the child must still set to
 * SIG_DFL itself with sbx_signals_default(): the ignored ones (SIG_IGN survives the clone), or
 * every signal after the fallback. Raw clone3() skips glibc's fork handlers: cordon is
 * single-threaded and registers none; glibc takes the caller's tid from the kernel for
 * raise(). */
pid_t sbx_fork_clean(int cgroup_fd, uint64_t *ret_reset, bool *ret_placed);
/* Sets the signals of mask (bit s - 1) to SIG_DFL; SIGKILL and SIGSTOP are left alone. */
void sbx_signals_default(uint64_t mask);

/* Creates the namespace and its reaper; afterwards cordon's children are born inside it.
 * Needs CAP_SYS_ADMIN (real root). Returns 0 or -errno (nothing created). */
int sbx_pidns_start(SbxPidNs *ns);
/* The same, with the reaper born in a new user namespace mapping root and uid/gid (PrivateUsers=
 * as root, systemd's two-line maps), written here: each command's child then joins ns->userns
 * instead of creating its own and waiting for cordon to map it. When that cannot be done (no
 * clone3(), the maps refused), a plain sbx_pidns_start() with ns->userns = -1. */
int sbx_pidns_start_mapped(SbxPidNs *ns, uid_t uid, gid_t gid);
/* In a command's child, right before exec: waits until the reaper is set up (named cordon-init,
 * holding none of cordon's descriptors). Returns at once afterwards; NULL is fine. */
void sbx_pidns_wait_up(const SbxPidNs *ns);
/* Children forked next go into the service's namespace (inside=true) or cordon's own. */
int sbx_pidns_enter(const SbxPidNs *ns, bool inside);
/* Sends sig to every process of the namespace but its init (sig 0: just asks). Returns 1 when
 * some process got it, 0 when none is left, -errno when the reaper is gone. */
int sbx_pidns_signal_all(const SbxPidNs *ns, int sig);
/* Translates a PID as seen inside the namespace (PIDFile=, MAINPID=) to cordon's view; 0 when
 * no such process lives in the namespace. */
pid_t sbx_pidns_to_host(const SbxPidNs *ns, pid_t inner_pid);
/* Lists the reaper's children (daemons re-parented to it), host pids. */
/* The children of pid (from /proc/PID/task/PID/children), at most max. */
size_t sbx_children(pid_t pid, pid_t *pids, size_t max);
size_t sbx_pidns_orphans(const SbxPidNs *ns, pid_t *pids, size_t max);
/* The pid of host_pid inside its innermost namespace, 0 if unknown. */
pid_t sbx_pidns_inner_pid(pid_t host_pid);
/* The wait status of a process the reaper collected: 1 (known), 0 (not yet), -errno. */
int sbx_pidns_status(const SbxPidNs *ns, pid_t inner_pid, int *ret_status);
/* Waits for a process of the namespace that is not cordon's child (a re-parented daemon) to
 * exit; its wait status comes from the reaper. Returns 0, -EINTR on a signal, or -errno. */
int sbx_pidns_wait(const SbxPidNs *ns, pid_t host_pid, int *ret_status);
/* PIDFile=: the daemon wrote its pid as seen in the namespace; host tools (logrotate, init
 * scripts, kill $(cat …)) need the host's. Rewrites the file in place with host_pid when it still
 * holds exactly inner_pid; refuses symlinks on the way and anything but a plain file. Returns 1
 * rewritten, 0 left alone, -errno. */
int sbx_pidfile_rewrite(const char *path, pid_t inner_pid, pid_t host_pid);
/* PrivatePIDs=: the command runs as the only child of the process cordon started, which
 * forwards signals and its exit status (apply.c). True when pid is that child of main_pid (host
 * pids), e.g. the sender of a READY=1 with NotifyAccess=main. */
bool sbx_pidns_is_forwarded(pid_t main_pid, pid_t pid);
/* Ends the reaper (and so every process left in the namespace) and reaps it. */
void sbx_pidns_stop(SbxPidNs *ns);
/* The same, when the caller knows the namespace holds nothing but its init (a 0 answer of
 * sbx_pidns_signal_all() since cordon last forked into it): /proc is not read again. */
void sbx_pidns_stop_known(SbxPidNs *ns, bool empty);
