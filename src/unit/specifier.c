/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Specifier expansion with the meanings of systemd 252's unit_full_printf() (src/core/
 * unit-printf.c, src/shared/specifier.c). The manager is the system manager unless the unit was
 * loaded with options->user. Host facts come from UnitLoadOptions when set, else the system. */
#include "specifier.h"

#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanup.h"
#include "fileio.h"
#include "path-util.h"
#include "strbuf.h"
#include "string-util.h"
#include "unit-name.h"

typedef int (*SpecifierLookup)(const Unit *u, char c, char **ret);

static const UnitLoadOptions *opts(const Unit *u)
{
        static const UnitLoadOptions none = {0};
        return u->options ? u->options : &none;
}

static bool is_user(const Unit *u)
{
        return opts(u)->user;
}

static const char *root_or_null(const Unit *u)
{
        const char *r = opts(u)->root;
        return isempty(r) || streq(r, "/") ? NULL : r;
}

static int dup_or_empty(const char *s, char **ret)
{
        *ret = strdup(strempty(s));
        return *ret ? 0 : -ENOMEM;
}

static int unhex(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

int unit_name_unescape(const char *s, char **ret)
{
        _cleanup_free_ char *r = strdup(s);
        char *t;

        if (!r)
                return -ENOMEM;
        t = r;
        for (const char *f = s; *f; f++) {
                if (*f == '-')
                        *t++ = '/';
                else if (*f == '\\') {
                        int a, b;
                        if (f[1] != 'x')
                                return -EINVAL;
                        a = unhex(f[2]);
                        if (a < 0)
                                return -EINVAL;
                        b = unhex(f[3]);
                        if (b < 0)
                                return -EINVAL;
                        *t++ = (char) ((a << 4) | b);
                        f += 3;
                } else
                        *t++ = *f;
        }
        *t = '\0';
        *ret = TAKE_PTR(r);
        return 0;
}

int unit_name_path_unescape(const char *s, char **ret)
{
        _cleanup_free_ char *w = NULL;
        char *p;
        int r;

        if (isempty(s))
                return -EINVAL;
        if (streq(s, "-")) {
                p = strdup("/");
                if (!p)
                        return -ENOMEM;
                *ret = p;
                return 0;
        }
        r = unit_name_unescape(s, &w);
        if (r < 0)
                return r;
        if (w[0] == '/' || (w[0] && w[strlen(w) - 1] == '/'))
                return -EINVAL; /* no leading or trailing slashes */
        p = strjoin("/", w);
        if (!p)
                return -ENOMEM;
        if (!path_is_normalized(p)) {
                free(p);
                return -EINVAL;
        }
        *ret = p;
        return 0;
}

/* ---- unit name specifiers */

static int spec_unit(const Unit *u, char c, char **ret)
{
        const char *dot = strrchr(u->id, '.');
        _cleanup_free_ char *tmp = NULL;
        const char *dash;

        switch (c) {
        case 'n':
                return dup_or_empty(u->id, ret);
        case 'N':
                *ret = strndup(u->id, dot ? (size_t) (dot - u->id) : strlen(u->id));
                return *ret ? 0 : -ENOMEM;
        case 'p':
                return dup_or_empty(u->prefix, ret);
        case 'P':
                return unit_name_unescape(strempty(u->prefix), ret);
        case 'i':
                return dup_or_empty(u->instance, ret);
        case 'I':
                return unit_name_unescape(strempty(u->instance), ret);
        case 'j':
        case 'J':
                dash = strrchr(strempty(u->prefix), '-');
                tmp = strdup(dash ? dash + 1 : strempty(u->prefix));
                if (!tmp)
                        return -ENOMEM;
                if (c == 'j') {
                        *ret = TAKE_PTR(tmp);
                        return 0;
                }
                return unit_name_unescape(tmp, ret);
        case 'f':
                return unit_name_path_unescape(u->instance ? u->instance : strempty(u->prefix),
                                               ret);
        default:
                return -EINVAL;
        }
}

/* %y %Y: the fragment's real path and its directory. A buffer's virtual path is kept as is. */
static int spec_fragment(const Unit *u, char c, char **ret)
{
        _cleanup_free_ char *p = NULL;
        char buf[PATH_MAX];

        if (!u->fragment_path)
                return -ENOENT;
        p = strdup(realpath(u->fragment_path, buf) ? buf : u->fragment_path);
        if (!p)
                return -ENOMEM;
        if (c == 'y') {
                *ret = TAKE_PTR(p);
                return 0;
        }
        *ret = path_dirname(p);
        return *ret ? 0 : -ENOMEM;
}

/* ---- manager directories */

static const char *xdg_or_home(const char *var, const char *home_suffix, char **buf)
{
        const char *v = getenv(var), *home = getenv("HOME");

        if (path_is_absolute(v))
                return v;
        if (!path_is_absolute(home))
                return NULL;
        *buf = strjoin(home, home_suffix);
        return *buf;
}

static int spec_dirs(const Unit *u, char c, char **ret)
{
        _cleanup_free_ char *buf = NULL;
        const char *base = NULL, *suffix = "";

        if (!is_user(u)) {
                switch (c) {
                case 'C':
                        base = "/var/cache";
                        break;
                case 'E':
                        base = "/etc";
                        break;
                case 'L':
                        base = "/var/log";
                        break;
                case 'S':
                        base = "/var/lib";
                        break;
                case 't':
                        base = "/run";
                        break;
                case 'd':
                        base = "/run/credentials/";
                        suffix = u->id;
                        break;
                default:
                        return -EINVAL;
                }
        } else {
                switch (c) {
                case 'C':
                        base = xdg_or_home("XDG_CACHE_HOME", "/.cache", &buf);
                        break;
                case 'E':
                case 'S':
                        base = xdg_or_home("XDG_CONFIG_HOME", "/.config", &buf);
                        break;
                case 'L':
                        base = xdg_or_home("XDG_CONFIG_HOME", "/.config", &buf);
                        suffix = "/log";
                        break;
                case 't':
                case 'd':
                        base = getenv("XDG_RUNTIME_DIR");
                        if (!path_is_absolute(base))
                                return -ENXIO;
                        if (c == 'd')
                                return (*ret = strjoin(base, "/credentials/", u->id)) ? 0 : -ENOMEM;
                        break;
                default:
                        return -EINVAL;
                }
                if (!base)
                        return -ENXIO;
        }
        *ret = strjoin(base, suffix);
        return *ret ? 0 : -ENOMEM;
}

/* ---- the manager's user */

static int spec_creds(const Unit *u, char c, char **ret)
{
        uid_t uid = is_user(u) ? getuid() : 0;
        gid_t gid = is_user(u) ? getgid() : 0;
        int n;

        switch (c) {
        case 'u':
        case 'g': {
                /* uid/gid 0 is "root" without asking NSS, as systemd does. */
                const char *name = NULL;
                if (c == 'u' && uid == 0)
                        name = "root";
                else if (c == 'g' && gid == 0)
                        name = "root";
                else if (c == 'u') {
                        struct passwd *pw = getpwuid(uid);
                        name = pw ? pw->pw_name : NULL;
                } else {
                        struct group *gr = getgrgid(gid);
                        name = gr ? gr->gr_name : NULL;
                }
                if (name)
                        return dup_or_empty(name, ret);
                n = asprintf(ret, "%u", c == 'u' ? (unsigned) uid : (unsigned) gid);
                break;
        }
        case 'U':
                n = asprintf(ret, "%u", (unsigned) uid);
                break;
        case 'G':
                n = asprintf(ret, "%u", (unsigned) gid);
                break;
        default:
                return -EINVAL;
        }
        return n < 0 ? -ENOMEM : 0;
}

/* %h %s: $HOME / $SHELL when set and absolute, else the passwd entry of the running user. */
static int spec_home_shell(const Unit *u, char c, char **ret)
{
        const char *e = getenv(c == 'h' ? "HOME" : "SHELL");
        struct passwd *pw;
        uid_t uid = getuid();

        (void) u;
        if (path_is_absolute(e) && path_is_normalized(e))
                return dup_or_empty(e, ret);
        if (uid == 0)
                return dup_or_empty(c == 'h' ? "/root" : "/bin/sh", ret);
        pw = getpwuid(uid);
        if (!pw)
                return -ESRCH;
        e = c == 'h' ? pw->pw_dir : pw->pw_shell;
        if (!path_is_absolute(e))
                return -EINVAL;
        return dup_or_empty(e, ret);
}

/* %T %V: $TMPDIR, $TEMP, $TMP when absolute, else /tmp and /var/tmp (always those under
 * --root). */
static int spec_tmp(const Unit *u, char c, char **ret)
{
        static const char *const vars[] = {"TMPDIR", "TEMP", "TMP"};

        for (size_t i = 0; !root_or_null(u) && i < ELEMENTSOF(vars); i++) {
                const char *e = getenv(vars[i]);
                if (path_is_absolute(e) && path_is_normalized(e))
                        return dup_or_empty(e, ret);
        }
        return dup_or_empty(c == 'T' ? "/tmp" : "/var/tmp", ret);
}

/* ---- host facts */

static int read_root_file(const Unit *u, const char *path, char **ret)
{
        _cleanup_free_ char *p = NULL;
        size_t n;

        p = strjoin(strempty(root_or_null(u)), path);
        if (!p)
                return -ENOMEM;
        return read_full_file(p, 64 * 1024, ret, &n);
}

/* A 128-bit id as 32 lowercase hex digits (dashes dropped, as sd_id128_to_string). */
static int normalize_id128(const char *s, char **ret)
{
        char out[33];
        size_t n = 0;

        for (const char *p = s; *p && *p != '\n'; p++) {
                if (*p == '-')
                        continue;
                if (unhex(*p) < 0 || n >= 32)
                        return -EINVAL;
                out[n++] = (char) (*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
        }
        if (n != 32)
                return -EINVAL;
        out[32] = '\0';
        return dup_or_empty(out, ret);
}

static int spec_id128(const Unit *u, char c, char **ret)
{
        const char *given = c == 'm' ? opts(u)->machine_id : opts(u)->boot_id;
        _cleanup_free_ char *data = NULL;
        int r;

        if (given)
                return normalize_id128(given, ret);
        if (c == 'm')
                r = read_root_file(u, "/etc/machine-id", &data);
        else
                r = read_full_file("/proc/sys/kernel/random/boot_id", 4096, &data, NULL);
        if (r < 0)
                return r == -ENOENT ? -ENOMEDIUM : r;
        return normalize_id128(data, ret);
}

static int host_name(const Unit *u, char **ret)
{
        char buf[HOST_NAME_MAX + 1] = {};

        if (opts(u)->hostname)
                return dup_or_empty(opts(u)->hostname, ret);
        if (gethostname(buf, sizeof(buf) - 1) < 0)
                return -errno;
        return dup_or_empty(buf, ret);
}

/* Value of KEY in an os-release/machine-info style file (shell quoting subset). */
static int env_file_get(const char *data, const char *key, char **ret)
{
        size_t kl = strlen(key);

        *ret = NULL;
        for (const char *l = data; l && *l;) {
                const char *e = strchr(l, '\n');
                size_t len = e ? (size_t) (e - l) : strlen(l);

                l += strspn(l, " \t");
                if (strneq(l, key, kl) && l[kl] == '=') {
                        const char *v = l + kl + 1, *end = l + len;
                        StrBuf b = STRBUF_INIT;
                        char q = 0;

                        while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
                                end--;
                        for (const char *p = v; p < end; p++) {
                                if (!q && (*p == '"' || *p == '\'')) {
                                        q = *p;
                                        continue;
                                }
                                if (q && *p == q) {
                                        q = 0;
                                        continue;
                                }
                                if (*p == '\\' && q != '\'' && p + 1 < end)
                                        p++;
                                strbuf_putc(&b, *p);
                        }
                        free(*ret);
                        *ret = strbuf_steal(&b);
                        if (!*ret)
                                return -ENOMEM;
                        /* later assignments win, keep scanning */
                }
                if (!e)
                        break;
                l = e + 1;
        }
        return 0;
}

static int spec_host(const Unit *u, char c, char **ret)
{
        struct utsname uts;
        char *dot;
        int r;

        switch (c) {
        case 'H':
                return host_name(u, ret);
        case 'l':
                r = host_name(u, ret);
                if (r >= 0 && (dot = strchr(*ret, '.')))
                        *dot = '\0';
                return r;
        case 'q': {
                _cleanup_free_ char *data = NULL;
                if (read_full_file("/etc/machine-info", 64 * 1024, &data, NULL) >= 0) {
                        r = env_file_get(data, "PRETTY_HOSTNAME", ret);
                        if (r < 0)
                                return r;
                        if (!isempty(*ret))
                                return 0;
                        *ret = mfree(*ret);
                }
                return spec_host(u, 'l', ret);
        }
        case 'v':
                if (uname(&uts) < 0)
                        return -errno;
                return dup_or_empty(uts.release, ret);
        case 'a': {
                static const char *const arch[][2] = {
                        {"x86_64", "x86-64"},
                        {"aarch64", "arm64"},
                        {"ppc64le", "ppc64-le"},
                        {"ppc64", "ppc64"},
                        {"s390x", "s390x"},
                        {"riscv64", "riscv64"},
                        {"loongarch64", "loongarch64"},
                        {"mips64", "mips64"},
                };
                if (uname(&uts) < 0)
                        return -errno;
                for (size_t i = 0; i < ELEMENTSOF(arch); i++)
                        if (streq(uts.machine, arch[i][0]))
                                return dup_or_empty(arch[i][1], ret);
                if (uts.machine[0] == 'i' && endswith(uts.machine, "86"))
                        return dup_or_empty("x86", ret);
                if (startswith(uts.machine, "arm"))
                        return dup_or_empty("arm", ret);
                return dup_or_empty(uts.machine, ret);
        }
        default:
                return -EINVAL;
        }
}

static int spec_os_release(const Unit *u, char c, char **ret)
{
        static const char *const keys[][2] = {
                {"o", "ID"},       {"w", "VERSION_ID"}, {"W", "VARIANT_ID"},
                {"B", "BUILD_ID"}, {"M", "IMAGE_ID"},   {"A", "IMAGE_VERSION"},
        };
        _cleanup_free_ char *data = NULL;
        const char *key = NULL;
        int r;

        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                if (keys[i][0][0] == c)
                        key = keys[i][1];
        if (!key)
                return -EINVAL;
        r = read_root_file(u, "/etc/os-release", &data);
        if (r == -ENOENT)
                r = read_root_file(u, "/usr/lib/os-release", &data);
        if (r < 0)
                return r == -ENOENT ? -EUNATCH : r;
        r = env_file_get(data, key, ret);
        if (r < 0)
                return r;
        return *ret ? 0 : dup_or_empty("", ret);
}

/* Deprecated cgroup specifiers: systemd still expands them (with a warning). A service's default
 * cgroup lives in system.slice. */
static int spec_cgroup(const Unit *u, char c, char **ret)
{
        switch (c) {
        case 'c':
                *ret = strjoin("/system.slice/", u->id);
                return *ret ? 0 : -ENOMEM;
        case 'r':
                return dup_or_empty("/system.slice", ret);
        case 'R':
                return dup_or_empty("", ret);
        default:
                return -EINVAL;
        }
}

typedef struct SpecifierEntry {
        char c;
        SpecifierLookup lookup;
} SpecifierEntry;

static const SpecifierEntry specifier_table[] = {
        {'n', spec_unit},       {'N', spec_unit},       {'p', spec_unit},
        {'P', spec_unit},       {'i', spec_unit},       {'I', spec_unit},
        {'j', spec_unit},       {'J', spec_unit},       {'f', spec_unit},
        {'y', spec_fragment},   {'Y', spec_fragment},   {'c', spec_cgroup},
        {'r', spec_cgroup},     {'R', spec_cgroup},     {'C', spec_dirs},
        {'d', spec_dirs},       {'E', spec_dirs},       {'L', spec_dirs},
        {'S', spec_dirs},       {'t', spec_dirs},       {'h', spec_home_shell},
        {'s', spec_home_shell}, {'a', spec_host},       {'A', spec_os_release},
        {'b', spec_id128},      {'B', spec_os_release}, {'H', spec_host},
        {'l', spec_host},       {'q', spec_host},       {'m', spec_id128},
        {'M', spec_os_release}, {'o', spec_os_release}, {'v', spec_host},
        {'w', spec_os_release}, {'W', spec_os_release}, {'g', spec_creds},
        {'G', spec_creds},      {'u', spec_creds},      {'U', spec_creds},
        {'T', spec_tmp},        {'V', spec_tmp},
};

static SpecifierLookup specifier_find(char c)
{
        for (size_t i = 0; i < ELEMENTSOF(specifier_table); i++)
                if (specifier_table[i].c == c)
                        return specifier_table[i].lookup;
        return NULL;
}

/* Reports at a's location and returns err (or -ENOMEM). */
_printf_(5, 6) static int spec_diag(const Assignment *a, DiagList *diags, const char *rule,
                                    DiagSeverity sev, const char *fmt, ...)
{
        _cleanup_free_ char *msg = NULL;
        va_list ap;
        int n;

        if (!diags)
                return 0;
        va_start(ap, fmt);
        n = vasprintf(&msg, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        return diag_add(diags, a ? a->file : NULL, a ? assignment_systemd_line(a) : 0,
                        a ? a->column : 0, rule, sev, NULL, "%s", msg);
}

int specifier_expand(const Unit *u, const Assignment *a, const char *s, char **ret, DiagList *diags)
{
        StrBuf b = STRBUF_INIT;
        int r;

        for (const char *f = s; *f; f++) {
                SpecifierLookup lookup;
                _cleanup_free_ char *w = NULL;

                if (*f != '%') {
                        strbuf_putc(&b, *f);
                        goto check;
                }
                f++;
                if (*f == '\0') {
                        /* systemd keeps a stray trailing '%'; cordon says so. */
                        strbuf_putc(&b, '%');
                        r = spec_diag(a, diags, "unknown-specifier", DIAG_WARNING,
                                      "Stray '%%' at the end of the value, kept literally.");
                        if (r < 0)
                                goto fail;
                        break;
                }
                if (*f == '%') {
                        strbuf_putc(&b, '%');
                        goto check;
                }
                lookup = specifier_find(*f);
                if (!lookup) {
                        if (strchr(ALPHANUMERICAL, *f)) {
                                r = spec_diag(a, diags, "unknown-specifier", DIAG_ERROR,
                                              "Unknown specifier '%%%c', ignoring assignment.", *f);
                                if (r >= 0)
                                        r = -EBADMSG;
                                goto fail;
                        }
                        /* Not a possible specifier: systemd copies "%x" through. */
                        strbuf_putc(&b, '%');
                        strbuf_putc(&b, *f);
                        r = spec_diag(a, diags, "unknown-specifier", DIAG_WARNING,
                                      "'%%%c' is not a specifier, kept literally.", *f);
                        if (r < 0)
                                goto fail;
                        goto check;
                }
                r = lookup(u, *f, &w);
                if (r == -ENOMEM)
                        goto fail;
                if (r < 0) {
                        r = spec_diag(a, diags, "specifier-failed", DIAG_ERROR,
                                      "Failed to resolve specifier '%%%c', ignoring assignment: "
                                      "%s",
                                      *f, strerror(-r));
                        if (r >= 0)
                                r = -EBADMSG;
                        goto fail;
                }
                if (*f == 'c' || *f == 'r' || *f == 'R') {
                        r = spec_diag(a, diags, "deprecated-specifier", DIAG_WARNING,
                                      "Specifier '%%%c' is deprecated and does not work as "
                                      "intended.",
                                      *f);
                        if (r < 0)
                                goto fail;
                }
                strbuf_puts(&b, w);
        check:
                if (b.oom) {
                        r = -ENOMEM;
                        goto fail;
                }
                if (b.len > UNIT_EXPANSION_MAX) {
                        r = spec_diag(a, diags, "specifier-too-long", DIAG_ERROR,
                                      "Value too long after expanding specifiers, ignoring "
                                      "assignment.");
                        if (r >= 0)
                                r = -E2BIG;
                        goto fail;
                }
        }
        if (b.oom) {
                r = -ENOMEM;
                goto fail;
        }
        *ret = strbuf_steal(&b);
        if (!*ret)
                return dup_or_empty("", ret);
        return 0;
fail:
        strbuf_done(&b);
        return r;
}
