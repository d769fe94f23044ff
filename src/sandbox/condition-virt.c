/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What systemd-detect-virt (systemd 252 src/basic/virt.c) would say, for
 * ConditionVirtualization=: containers first (the same files and variables systemd reads), then
 * VMs from DMI, /proc/xen, CPUID and /sys/hypervisor. Cordon cannot decide Xen dom0 versus domU,
 * Amazon EC2 metal versus VM without the SMBIOS table, VMs on architectures without CPUID
 * (device tree, z/VM): those answer -EOPNOTSUPP instead of a guess. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "cleanup.h"
#include "condition-internal.h"
#include "condition.h"
#include "fileio.h"
#include "string-util.h"
#include "strv.h"

static const char *const container_ids[] = {
        "lxc", "lxc-libvirt", "systemd-nspawn", "docker", "podman",          "rkt",
        "wsl", "proot",       "pouch",          "openvz", "container-other",
};
static const char *const vm_ids[] = {
        "kvm",     "amazon",    "qemu", "bochs",     "xen",      "uml", "vmware",
        "oracle",  "microsoft", "zvm",  "parallels", "bhyve",    "qnx", "acrn",
        "powervm", "apple",     "sre",  "google",    "vm-other",
};

bool cond_virtualization_is_container(const char *id)
{
        return strv_contains((char **) container_ids, id) && id;
}

bool cond_virtualization_is_vm(const char *id)
{
        return strv_contains((char **) vm_ids, id) && id;
}

/* First line of a small file, trailing newline removed; -errno. */
int cond_read_line(const char *path, char **ret)
{
        _cleanup_free_ char *s = NULL;
        int r = read_full_file(path, 64 * 1024, &s, NULL);

        if (r < 0)
                return r;
        s[strcspn(s, "\n")] = 0;
        *ret = TAKE_PTR(s);
        return 0;
}

static bool exists(const char *p)
{
        return access(p, F_OK) >= 0;
}

static const char *container_files(void)
{
        if (exists("/run/.containerenv"))
                return "podman";
        if (exists("/.dockerenv"))
                return "docker";
        return NULL;
}

static const char *container_translate(const char *name)
{
        if (streq(name, "oci")) {
                const char *f = container_files();
                return f ? f : "container-other";
        }
        for (size_t i = 0; i < ELEMENTSOF(container_ids) - 2; i++) /* not openvz/other */
                if (streq(name, container_ids[i]))
                        return container_ids[i];
        return "container-other";
}

/* $container in PID 1's environment (needs ptrace access to PID 1): 1 found, 0 not, -errno. */
static int pid1_container_env(char **ret)
{
        _cleanup_free_ char *env = NULL;
        size_t n;
        int r = read_full_file("/proc/1/environ", 1024 * 1024, &env, &n);

        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i += strlen(env + i) + 1) {
                const char *v = startswith(env + i, "container=");
                if (v) {
                        *ret = strdup(v);
                        return *ret ? 1 : -ENOMEM;
                }
        }
        return 0;
}

static int cgroupns_nested(void)
{
        /* systemd's running_in_cgroupns() */
        if (cond_cgroup_unified() <= 0)
                return exists("/sys/fs/cgroup/systemd") &&
                       !exists("/sys/fs/cgroup/systemd/release_agent");
        if (!exists("/sys/fs/cgroup/cgroup.events"))
                return 0;
        if (exists("/sys/fs/cgroup/cgroup.type"))
                return 1;
        return !exists("/sys/kernel/cgroup/features");
}

int cond_detect_container(const char **ret_id)
{
        _cleanup_free_ char *o = NULL, *m = NULL;
        const char *id = NULL;
        int r;

        if (exists("/proc/vz") && !exists("/proc/bc")) {
                *ret_id = "openvz";
                return 1;
        }
        if (cond_read_line("/proc/sys/kernel/osrelease", &o) >= 0 &&
            (strstr(o, "Microsoft") || strstr(o, "WSL"))) {
                *ret_id = "wsl";
                return 1;
        }
        /* proot: our tracer's comm starts with "proot" */
        {
                _cleanup_free_ char *st = NULL, *comm = NULL;
                if (read_full_file("/proc/self/status", 1024 * 1024, &st, NULL) >= 0) {
                        const char *t = strstr(st, "\nTracerPid:");
                        unsigned long pid = t ? strtoul(t + 11, NULL, 10) : 0;
                        char p[64];
                        snprintf(p, sizeof(p), "/proc/%lu/comm", pid);
                        if (pid > 0 && cond_read_line(p, &comm) >= 0 && startswith(comm, "proot")) {
                                *ret_id = "proot";
                                return 1;
                        }
                }
        }
        r = cond_read_line("/run/host/container-manager", &m);
        if (r >= 0 && !isempty(m))
                id = container_translate(m);
        else {
                free(m);
                m = NULL;
                r = cond_read_line("/run/systemd/container", &m);
                if (r >= 0 && !isempty(m))
                        id = container_translate(m);
                else {
                        free(m);
                        m = NULL;
                        if (getpid() == 1) {
                                const char *e = getenv("container");
                                if (e && isempty(e)) {
                                        *ret_id = "none";
                                        return 0;
                                }
                                if (e)
                                        id = container_translate(e);
                        } else if (pid1_container_env(&m) > 0 && !isempty(m))
                                id = container_translate(m);
                }
        }
        if (!id)
                id = container_files();
        if (!id && cgroupns_nested() > 0)
                id = "container-other";
        *ret_id = id ? id : "none";
        return !!id;
}

#if defined(__i386__) || defined(__x86_64__)
static const char *vm_cpuid(void)
{
        static const struct {
                const char sig[13];
                const char *id;
        } table[] = {
                {"XenVMMXenVMM", "xen"},    {"KVMKVMKVM", "kvm"},
                {"Linux KVM Hv", "kvm"},    {"TCGTCGTCGTCG", "qemu"},
                {"VMwareVMware", "vmware"}, {"Microsoft Hv", "microsoft"},
                {"bhyve bhyve ", "bhyve"},  {"QNXQVMBSQG", "qnx"},
                {"ACRNACRNACRN", "acrn"},   {"SRESRESRESRE", "sre"},
                {"Apple VZ", "apple"},
        };
        unsigned eax, ebx, ecx, edx;
        union {
                unsigned u[3];
                char text[13];
        } sig = {0};

        if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || !(ecx & 0x80000000U))
                return NULL;
        __cpuid(0x40000000U, eax, ebx, ecx, edx);
        sig.u[0] = ebx;
        sig.u[1] = ecx;
        sig.u[2] = edx;
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (memcmp(sig.text, table[i].sig, sizeof(sig.text)) == 0)
                        return table[i].id;
        return "vm-other";
}
#endif

static const char *vm_dmi(void)
{
        static const char *const files[] = {
                "/sys/class/dmi/id/product_name",    "/sys/class/dmi/id/sys_vendor",
                "/sys/class/dmi/id/board_vendor",    "/sys/class/dmi/id/bios_vendor",
                "/sys/class/dmi/id/product_version",
        };
        static const struct {
                const char *vendor, *id;
        } table[] = {
                {"KVM", "kvm"},
                {"OpenStack", "kvm"},
                {"KubeVirt", "kvm"},
                {"Amazon EC2", "amazon"},
                {"QEMU", "qemu"},
                {"VMware", "vmware"},
                {"VMW", "vmware"},
                {"innotek GmbH", "oracle"},
                {"VirtualBox", "oracle"},
                {"Oracle Corporation", "oracle"},
                {"Xen", "xen"},
                {"Bochs", "bochs"},
                {"Parallels", "parallels"},
                {"BHYVE", "bhyve"},
                {"Hyper-V", "microsoft"},
                {"Apple Virtualization", "apple"},
                {"Google Compute Engine", "google"},
        };

        for (size_t f = 0; f < ELEMENTSOF(files); f++) {
                _cleanup_free_ char *s = NULL;
                if (cond_read_line(files[f], &s) < 0)
                        continue;
                for (size_t i = 0; i < ELEMENTSOF(table); i++)
                        if (startswith(s, table[i].vendor))
                                return table[i].id;
        }
        return NULL;
}

static bool uml(void)
{
        _cleanup_free_ char *s = NULL;
        if (read_full_file("/proc/cpuinfo", 4 * 1024 * 1024, &s, NULL) < 0)
                return false;
        const char *v = strstr(s, "vendor_id\t: ");
        return v && startswith(v + 12, "User Mode Linux");
}

static int detect_vm(const char **ret_id, const char **ret_why)
{
        const char *dmi = vm_dmi();
        _cleanup_free_ char *hv = NULL;

        if (dmi && streq(dmi, "amazon")) {
                *ret_why = "Amazon EC2 DMI: metal or VM needs the SMBIOS table";
                return -EOPNOTSUPP;
        }
        if (dmi && strv_contains(STRV_MAKE("oracle", "xen", "parallels", "google"), dmi)) {
                *ret_id = dmi;
                return 1;
        }
        if (uml()) {
                *ret_id = "uml";
                return 1;
        }
        if (exists("/proc/xen")) {
                *ret_why = "Xen: dom0 or domU is not decided by cordon";
                return -EOPNOTSUPP;
        }
#if defined(__i386__) || defined(__x86_64__)
        const char *c = vm_cpuid();
        if (c && !streq(c, "vm-other")) {
                *ret_id = c;
                return 1;
        }
        if (dmi) {
                *ret_id = dmi;
                return 1;
        }
        if (cond_read_line("/sys/hypervisor/type", &hv) >= 0) {
                *ret_id = streq(hv, "xen") ? "xen" : "vm-other";
                return 1;
        }
        *ret_id = c ? c : "none";
        return !!c;
#else
        if (dmi) {
                *ret_id = dmi;
                return 1;
        }
        *ret_why = "no CPUID on this architecture (device tree and z/VM detection not "
                   "implemented)";
        return -EOPNOTSUPP;
#endif
}

int cond_detect_virtualization(const char **ret_id, int *ret_kind, const char **ret_why)
{
        const char *id = NULL;
        int r = cond_detect_container(&id);

        *ret_why = NULL;
        if (r > 0) {
                *ret_id = id;
                *ret_kind = 2;
                return 0;
        }
        r = detect_vm(&id, ret_why);
        if (r < 0)
                return r;
        *ret_id = id;
        *ret_kind = r > 0 ? 1 : 0;
        return 0;
}

/* One line of /proc/self/{uid,gid}_map: 1 if it is not the full identity map. */
static int userns_has_mapping(const char *path)
{
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        unsigned long a, b, c;

        if (!f)
                return errno == ENOENT ? 0 : -errno;
        int n = fscanf(f, "%lu %lu %lu", &a, &b, &c);
        if (n == EOF)
                return 1; /* empty: an uninitialized user namespace */
        if (n != 3)
                return -EBADMSG;
        return !(a == 0 && b == 0 && c == 4294967295UL);
}

int cond_running_in_userns(void)
{
        _cleanup_free_ char *line = NULL;
        int r = userns_has_mapping("/proc/self/uid_map");

        if (r != 0)
                return r;
        r = userns_has_mapping("/proc/self/gid_map");
        if (r != 0)
                return r;
        r = cond_read_line("/proc/self/setgroups", &line);
        if (r < 0)
                return r == -ENOENT ? 0 : r;
        return streq(strstrip(line), "deny");
}
