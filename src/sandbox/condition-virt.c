/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What systemd-detect-virt (systemd 252 src/basic/virt.c) would say, for
 * ConditionVirtualization=: containers first (the same files and variables systemd reads), then
 * VMs in systemd's order from DMI and SMBIOS, UML, /proc/xen (dom0 is not a VM), CPUID,
 * /sys/hypervisor and the device tree. Only z/VM versus KVM on s390 answers -EOPNOTSUPP. */
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

static const char *dmi_vendor(void)
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

/* The SMBIOS "is a VM" bit (BIOS characteristics extension byte 2, bit 4): 1 set, 0 unset,
 * -1 unknown (the table is readable by root only). */
static int smbios_vm_bit(void)
{
        _cleanup_free_ char *s = NULL;
        size_t n;

        if (read_full_file("/sys/firmware/dmi/entries/0-0/raw", 64 * 1024, &s, &n) < 0 || n < 20 ||
            (unsigned char) s[1] < 20)
                return -1;
        return !!((unsigned char) s[19] & (1u << 4));
}

/* systemd's detect_vm_dmi(), NULL for none. */
static const char *vm_dmi(void)
{
#if defined(__i386__) || defined(__x86_64__) || defined(__arm__) || defined(__aarch64__) ||        \
        defined(__loongarch_lp64) || defined(__riscv)
        const char *v = dmi_vendor();
        if (v && streq(v, "amazon")) {
                /* EC2 metal or VM: the SMBIOS bit, else ".metal" in the product name */
                int bit = smbios_vm_bit();
                if (bit >= 0)
                        return bit ? "amazon" : NULL;
                _cleanup_free_ char *name = NULL;
                if (cond_read_line("/sys/class/dmi/id/product_name", &name) < 0)
                        return "amazon";
                const char *e = strstr(name, ".metal");
                return e && (e[6] == 0 || e[6] == '-') ? NULL : "amazon";
        }
        if (!v && smbios_vm_bit() == 1)
                return "vm-other";
        return v;
#else
        return NULL;
#endif
}

static bool uml(void)
{
        _cleanup_free_ char *s = NULL;
        if (read_full_file("/proc/cpuinfo", 4 * 1024 * 1024, &s, NULL) < 0)
                return false;
        const char *v = strstr(s, "vendor_id\t: ");
        return v && startswith(v + 12, "User Mode Linux");
}

/* Xen: 1 dom0 (the hardware domain, not a VM), 0 domU. */
static int xen_dom0(void)
{
        _cleanup_free_ char *f = NULL, *caps = NULL;
        unsigned long features;

        if (cond_read_line("/sys/hypervisor/properties/features", &f) >= 0 &&
            sscanf(f, "%lx", &features) == 1)
                return !!(features & (1ul << 11)); /* XENFEAT_dom0 */
        if (cond_read_line("/proc/xen/capabilities", &caps) < 0)
                return 0;
        for (char *p = caps; p;) {
                char *comma = strchr(p, ',');
                if (comma)
                        *comma = 0;
                if (streq(p, "control_d"))
                        return 1;
                p = comma ? comma + 1 : NULL;
        }
        return 0;
}

/* Device-tree hints of arm, powerpc and riscv guests (detect_vm_device_tree()). */
static const char *vm_device_tree(void)
{
#if defined(__arm__) || defined(__aarch64__) || defined(__powerpc__) || defined(__powerpc64__) ||  \
        defined(__riscv)
        _cleanup_free_ char *hv = NULL, *compat = NULL;
        _cleanup_closedir_ DIR *d = NULL;
        struct dirent *de;

        if (cond_read_line("/proc/device-tree/hypervisor/compatible", &hv) >= 0) {
                if (streq(hv, "linux,kvm"))
                        return "kvm";
                if (strstr(hv, "xen"))
                        return "xen";
                if (strstr(hv, "vmware"))
                        return "vmware";
                return "vm-other";
        }
        if (exists("/proc/device-tree/ibm,partition-name") &&
            exists("/proc/device-tree/hmc-managed?") &&
            !exists("/proc/device-tree/chosen/qemu,graphic-width"))
                return "powervm";
        d = opendir("/proc/device-tree");
        if (!d)
                return NULL;
        while ((de = readdir(d)))
                if (strstr(de->d_name, "fw-cfg"))
                        return "qemu";
        if (cond_read_line("/proc/device-tree/compatible", &compat) >= 0 &&
            streq(compat, "qemu,pseries"))
                return "qemu";
#endif
        return NULL;
}

/* systemd's detect_vm(), in its order. */
int cond_detect_vm(const char **ret_id, const char **ret_why)
{
        const char *dmi = vm_dmi(), *v = NULL;
        _cleanup_free_ char *hv = NULL;
        bool other = false;
        int dom0 = 0;

        if (dmi &&
            strv_contains(STRV_MAKE("oracle", "xen", "amazon", "parallels", "google"), dmi)) {
                *ret_id = dmi;
                return 1;
        }
        if (uml()) {
                *ret_id = "uml";
                return 1;
        }
        if (exists("/proc/xen")) {
                dom0 = xen_dom0();
                if (!dom0) {
                        *ret_id = "xen";
                        return 1;
                }
        }
#if defined(__i386__) || defined(__x86_64__)
        v = vm_cpuid();
        if (v && streq(v, "vm-other")) {
                other = true;
                v = NULL;
        }
#endif
        if (!v && !dom0) {
                if (dmi && streq(dmi, "vm-other"))
                        other = true;
                else
                        v = dmi;
        }
        if (!v && !dom0 && cond_read_line("/sys/hypervisor/type", &hv) >= 0) {
                if (streq(hv, "xen"))
                        v = "xen";
                else
                        other = true;
        }
        if (!v && !dom0) {
                v = vm_device_tree();
                if (v && streq(v, "vm-other")) {
                        other = true;
                        v = NULL;
                }
        }
#if defined(__s390__) || defined(__s390x__)
        if (!v && !dom0 && exists("/proc/sysinfo")) {
                *ret_why = "z/VM versus KVM on s390 is not read from /proc/sysinfo";
                return -EOPNOTSUPP;
        }
#endif
        (void) ret_why;
        if (!v && other)
                v = "vm-other";
        *ret_id = v ? v : "none";
        return !!v;
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
        r = cond_detect_vm(&id, ret_why);
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
