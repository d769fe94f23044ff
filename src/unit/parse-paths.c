/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Path-valued sandbox settings with systemd 252's syntax: Read*Paths= and friends, BindPaths=,
 * TemporaryFileSystem=, DeviceAllow=, IPAddressAllow=/IPAddressDeny=. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "extract-word.h"
#include "parse-helpers.h"
#include "parse-util.h"
#include "parsers.h"
#include "string-util.h"

/* Grows an array of n elements of size sz by one zeroed element; returns it or NULL. */
static void *array_grow(void **items, size_t *n, size_t sz)
{
        void *t;

        if (*n >= UNIT_LIST_MAX)
                return NULL;
        t = realloc(*items, (*n + 1) * sz);
        if (!t)
                return NULL;
        *items = t;
        memset((char *) t + *n * sz, 0, sz);
        return (char *) t + (*n)++ * sz;
}

static int list_full(DiagList *diags, const Directive *d, const Assignment *a)
{
        return invalid_value(diags, a, "%s=: too many entries (limit %u), ignoring the rest",
                             dname(d, a), UNIT_LIST_MAX);
}

/* ---------------------------------------------------------------- Read*Paths= etc. */

static PathList *path_list_for(Unit *u, const char *name)
{
        if (startswith(name, "ReadWrite"))
                return &u->exec.read_write_paths;
        if (startswith(name, "ReadOnly"))
                return &u->exec.read_only_paths;
        if (startswith(name, "Inaccessible"))
                return &u->exec.inaccessible_paths;
        if (startswith(name, "NoExec"))
                return &u->exec.no_exec_paths;
        if (startswith(name, "Exec"))
                return &u->exec.exec_paths;
        return NULL;
}

static void path_list_clear(PathList *l)
{
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        l->items = mfree(l->items);
        l->n = 0;
}

DECLARE_PARSER(config_parse_namespace_path_list)
{
        PathList *l = path_list_for(u, dname(d, a));
        Origin o = origin_from_assignment(a);
        bool per_word;
        const char *p = split_source(d, a, value, &per_word);
        int r;

        if (!l)
                return -EINVAL; /* table bug */
        if (isempty(p)) {
                path_list_clear(l);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;
                const char *why = NULL;
                bool ignore = false, prefix = false;
                PathEntry *e;
                char *w;

                r = next_word(&p, &word, NULL, EXTRACT_UNQUOTE, diags, d, a, value);
                if (r <= 0)
                        return r;

                /* "-" (ignore a missing path) must come before "+" (relative to RootDirectory=). */
                w = word;
                if (w[0] == '-') {
                        ignore = true;
                        w++;
                }
                if (w[0] == '+') {
                        prefix = true;
                        w++;
                }
                if (per_word && strchr(w, '%')) { /* specifiers after the prefixes */
                        char *x = strdup(w);
                        if (!x)
                                return -ENOMEM;
                        r = part_expand(u, a, per_word, &x);
                        if (r < 0) {
                                free(x);
                                return r;
                        }
                        free(word);
                        word = w = x;
                }
                if (!path_simplify_check_absolute(w, &why)) {
                        r = invalid_value(diags, a, "%s=: %s, ignoring: %s", dname(d, a), why,
                                          word);
                        if (r < 0)
                                return r;
                        continue;
                }
                e = array_grow((void **) &l->items, &l->n, sizeof(PathEntry));
                if (!e)
                        return l->n >= UNIT_LIST_MAX ? list_full(diags, d, a) : -ENOMEM;
                e->path = strdup(w);
                if (!e->path) {
                        l->n--;
                        return -ENOMEM;
                }
                e->ignore_missing = ignore;
                e->relative_to_root = prefix;
                e->origin = o;
        }
}

/* ---------------------------------------------------------------- BindPaths= */

static void bind_list_clear(BindMountList *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].source);
                free(l->items[i].destination);
        }
        l->items = mfree(l->items);
        l->n = 0;
}

static int bind_add(BindMountList *l, const char *src, const char *dst, bool ro, bool rbind,
                    bool ignore, Origin o)
{
        BindMount *b = array_grow((void **) &l->items, &l->n, sizeof(BindMount));

        if (!b)
                return l->n >= UNIT_LIST_MAX ? -E2BIG : -ENOMEM;
        b->source = strdup(src);
        b->destination = strdup(dst);
        if (!b->source || !b->destination) {
                free(b->source);
                free(b->destination);
                l->n--;
                return -ENOMEM;
        }
        b->read_only = ro;
        b->recursive = rbind;
        b->ignore_missing = ignore;
        b->origin = o;
        return 0;
}

DECLARE_PARSER(config_parse_bind_paths)
{
        BindMountList *l = &u->exec.bind_mounts;
        bool ro = strstr(dname(d, a), "ReadOnly") != NULL, per_word;
        Origin o = origin_from_assignment(a);
        const char *p = split_source(d, a, value, &per_word);
        int r;

        /* BindPaths= and BindReadOnlyPaths= share one list: "" on either clears both. */
        if (isempty(p)) {
                bind_list_clear(l);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *source = NULL, *destination = NULL, *options = NULL;
                const char *why = NULL, *dst;
                bool rbind = true, ignore = false;
                char *s;

                /* "SRC[:DST[:OPTIONS]]", words separated by whitespace; "\:" is a literal colon. */
                r = next_word(&p, &source, ":" WHITESPACE,
                              EXTRACT_UNQUOTE | EXTRACT_DONT_COALESCE_SEPARATORS, diags, d, a,
                              value);
                if (r <= 0)
                        return r;
                r = part_expand(u, a, per_word, &source); /* before the "-" check, as systemd */
                if (r < 0)
                        return r;

                s = source;
                if (s[0] == '-') {
                        ignore = true;
                        s++;
                }
                if (!path_simplify_check_absolute(s, &why)) {
                        r = invalid_value(diags, a, "%s=: source %s, ignoring: %s", dname(d, a),
                                          why, source);
                        if (r < 0)
                                return r;
                        continue;
                }
                dst = s;

                if (p && p[-1] == ':') {
                        r = extract_first_word(&p, &destination, ":" WHITESPACE,
                                               EXTRACT_UNQUOTE | EXTRACT_DONT_COALESCE_SEPARATORS);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0)
                                return invalid_value(diags, a,
                                                     "%s=: invalid syntax, ignoring the rest: %s",
                                                     dname(d, a), value);
                        if (r == 0) {
                                r = invalid_value(
                                        diags, a,
                                        "%s=: missing destination after ':', ignoring: %s",
                                        dname(d, a), s);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                        r = part_expand(u, a, per_word, &destination);
                        if (r < 0)
                                return r;
                        if (!path_simplify_check_absolute(destination, &why)) {
                                r = invalid_value(diags, a, "%s=: destination %s, ignoring: %s",
                                                  dname(d, a), why, destination);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                        dst = destination;

                        if (p && p[-1] == ':') {
                                r = extract_first_word(&p, &options, NULL, EXTRACT_UNQUOTE);
                                if (r == -ENOMEM)
                                        return r;
                                if (r < 0)
                                        return invalid_value(diags, a,
                                                             "%s=: invalid syntax, ignoring the "
                                                             "rest: %s",
                                                             dname(d, a), value);
                                if (isempty(options) || streq(options, "rbind"))
                                        rbind = true;
                                else if (streq(options, "norbind"))
                                        rbind = false;
                                else {
                                        r = invalid_value(diags, a,
                                                          "%s=: invalid option \"%s\", ignoring "
                                                          "the entry",
                                                          dname(d, a), options);
                                        if (r < 0)
                                                return r;
                                        continue;
                                }
                        }
                }

                r = bind_add(l, s, dst, ro, rbind, ignore, o);
                if (r == -E2BIG)
                        return list_full(diags, d, a);
                if (r < 0)
                        return r;
        }
}

/* ---------------------------------------------------------------- TemporaryFileSystem= */

DECLARE_PARSER(config_parse_temporary_filesystems)
{
        TemporaryFileSystemList *l = &u->exec.temporary_filesystems;
        Origin o = origin_from_assignment(a);
        bool per_word;
        const char *p = split_source(d, a, value, &per_word);
        int r;

        if (isempty(p)) {
                for (size_t i = 0; i < l->n; i++) {
                        free(l->items[i].path);
                        free(l->items[i].options);
                }
                l->items = mfree(l->items);
                l->n = 0;
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL, *path = NULL;
                const char *why = NULL, *w;
                TemporaryFileSystem *t;

                r = next_word(&p, &word, NULL, EXTRACT_UNQUOTE, diags, d, a, value);
                if (r <= 0)
                        return r;

                /* "PATH[:OPTIONS]": split at the first colon only. */
                w = word;
                r = extract_first_word(&w, &path, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
                if (r == -ENOMEM)
                        return r;
                if (r <= 0) {
                        r = invalid_value(diags, a, "%s=: invalid syntax, ignoring: %s",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = part_expand(u, a, per_word, &path); /* the options are not expanded */
                if (r < 0)
                        return r;
                if (!path_simplify_check_absolute(path, &why)) {
                        r = invalid_value(diags, a, "%s=: %s, ignoring: %s", dname(d, a), why,
                                          word);
                        if (r < 0)
                                return r;
                        continue;
                }
                t = array_grow((void **) &l->items, &l->n, sizeof(TemporaryFileSystem));
                if (!t)
                        return l->n >= UNIT_LIST_MAX ? list_full(diags, d, a) : -ENOMEM;
                t->path = TAKE_PTR(path);
                t->origin = o;
                if (!isempty(w)) {
                        t->options = strdup(w);
                        if (!t->options)
                                return -ENOMEM;
                }
        }
}

/* ---------------------------------------------------------------- DeviceAllow= */

DECLARE_PARSER(config_parse_device_allow)
{
        CGroupSettings *c = &u->cgroup;
        _cleanup_free_ char *path = NULL;
        bool per_word;
        const char *p = split_source(d, a, value, &per_word), *why = NULL;
        DeviceAllowEntry *e;
        size_t k = 0;
        int r;

        if (isempty(p)) {
                for (size_t i = 0; i < c->n_device_allow; i++)
                        free(c->device_allow[i].path);
                c->device_allow = mfree(c->device_allow);
                c->n_device_allow = 0;
                return 0;
        }
        r = extract_first_word(&p, &path, NULL, EXTRACT_UNQUOTE);
        if (r == -ENOMEM)
                return r;
        if (r <= 0)
                return invalid_value(diags, a, "%s=: invalid syntax, ignoring: %s", dname(d, a),
                                     value);
        r = part_expand(u, a, per_word, &path);
        if (r < 0)
                return r;
        if (!startswith(path, "char-") && !startswith(path, "block-")) {
                if (!path_simplify_check_absolute(path, &why))
                        return invalid_value(diags, a, "%s=: %s, ignoring: %s", dname(d, a), why,
                                             path);
                if (!path_startswith(path, "/dev") &&
                    !path_startswith(path, "/run/systemd/inaccessible"))
                        return invalid_value(diags, a,
                                             "%s=: invalid device node path \"%s\", ignoring",
                                             dname(d, a), path);
        } else if (isempty(strchr(path, '-') + 1)) {
                /* systemd keeps it (and matches nothing at run time); so do we, for scoring. */
                r = invalid_value(diags, a, "%s=: missing device class after \"%s\"", dname(d, a),
                                  path);
                if (r < 0)
                        return r;
        }
        if (!isempty(p) && !in_charset(p, "rwm"))
                return invalid_value(diags, a, "%s=: invalid device access \"%s\", ignoring",
                                     dname(d, a), p);

        e = array_grow((void **) &c->device_allow, &c->n_device_allow, sizeof(DeviceAllowEntry));
        if (!e)
                return c->n_device_allow >= UNIT_LIST_MAX ? list_full(diags, d, a) : -ENOMEM;
        e->path = TAKE_PTR(path);
        /* Empty access means "rwm"; kept in the canonical order. */
        for (const char *m = "rwm"; *m; m++)
                if (isempty(p) || strchr(p, *m))
                        e->access[k++] = *m;
        e->access[k] = '\0';
        e->origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- IPAddressAllow=/Deny= */

static bool is_localhost(const char *s)
{
        static const char *const names[] = {"localhost", "localhost.", "localhost.localdomain",
                                            "localhost.localdomain."};
        static const char *const suffixes[] = {".localhost", ".localhost.",
                                               ".localhost.localdomain", ".localhost.localdomain."};
        size_t n = strlen(s);

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (strcasecmp(s, names[i]) == 0)
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(suffixes); i++) {
                size_t k = strlen(suffixes[i]);
                if (n >= k && strcasecmp(s + n - k, suffixes[i]) == 0)
                        return true;
        }
        return false;
}

static void ip_mask(IPAddressEntry *e)
{
        unsigned bytes = e->family == AF_INET ? 4 : 16;

        for (unsigned i = 0; i < bytes; i++) {
                unsigned bits = e->prefixlen > i * 8 ? e->prefixlen - i * 8 : 0;
                if (bits < 8)
                        e->address[i] &= (uint8_t) (0xff00u >> bits);
        }
}

/* in_addr_prefix_from_string_auto(): "ADDR[/LEN]", without LEN the full length. */
static int ip_prefix_parse(const char *s, IPAddressEntry *ret)
{
        _cleanup_free_ char *addr = NULL;
        const char *slash = strchr(s, '/');
        IPAddressEntry e = {0};
        unsigned len;

        addr = slash ? strndup(s, slash - s) : strdup(s);
        if (!addr)
                return -ENOMEM;
        if (inet_pton(AF_INET, addr, e.address) == 1)
                e.family = AF_INET;
        else if (inet_pton(AF_INET6, addr, e.address) == 1)
                e.family = AF_INET6;
        else
                return -EINVAL;
        e.prefixlen = e.family == AF_INET ? 32 : 128;
        if (slash) {
                if (!in_charset(slash + 1, DIGITS) || isempty(slash + 1) ||
                    safe_atou(slash + 1, &len) < 0 || len > e.prefixlen)
                        return -EINVAL;
                e.prefixlen = len;
        }
        ip_mask(&e);
        *ret = e;
        return 0;
}

static int ip_list_add(IPAddressList *l, int family, const uint8_t *addr, unsigned prefixlen)
{
        IPAddressEntry n = {.family = family, .prefixlen = prefixlen}, *e;

        if (addr)
                memcpy(n.address, addr, sizeof(n.address));
        ip_mask(&n);
        /* systemd keeps a set: an identical (masked) prefix is not added twice. */
        for (size_t i = 0; i < l->n; i++)
                if (l->items[i].family == family && l->items[i].prefixlen == prefixlen &&
                    memcmp(l->items[i].address, n.address, sizeof(n.address)) == 0)
                        return 0;
        e = array_grow((void **) &l->items, &l->n, sizeof(IPAddressEntry));
        if (!e)
                return l->n >= UNIT_LIST_MAX ? -E2BIG : -ENOMEM;
        *e = n;
        if (prefixlen == 0) {
                if (family == AF_INET)
                        l->any_v4 = true;
                else
                        l->any_v6 = true;
        }
        return 0;
}

static int ip_list_add_str(IPAddressList *l, int family, const char *addr, unsigned prefixlen)
{
        uint8_t a[16] = {0};

        if (addr && inet_pton(family, addr, a) != 1)
                return -EINVAL;
        return ip_list_add(l, family, a, prefixlen);
}

DECLARE_PARSER(config_parse_ip_address_list)
{
        bool deny = strstr(dname(d, a), "Deny") != NULL;
        IPAddressList *l = deny ? &u->cgroup.ip_address_deny : &u->cgroup.ip_address_allow;
        const char *p = value;
        int r;

        l->origin = origin_from_assignment(a);
        if (isempty(value)) {
                l->items = mfree(l->items);
                l->n = 0;
                l->any_v4 = l->any_v6 = false;
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;
                IPAddressEntry e;

                r = next_word(&p, &word, NULL, 0, diags, d, a, value);
                if (r <= 0)
                        return r;

                if (streq(word, "any")) {
                        r = ip_list_add_str(l, AF_INET, NULL, 0);
                        if (r >= 0)
                                r = ip_list_add_str(l, AF_INET6, NULL, 0);
                } else if (is_localhost(word)) {
                        r = ip_list_add_str(l, AF_INET, "127.0.0.0", 8);
                        if (r >= 0)
                                r = ip_list_add_str(l, AF_INET6, "::1", 128);
                } else if (streq(word, "link-local")) {
                        r = ip_list_add_str(l, AF_INET, "169.254.0.0", 16);
                        if (r >= 0)
                                r = ip_list_add_str(l, AF_INET6, "fe80::", 64);
                } else if (streq(word, "multicast")) {
                        r = ip_list_add_str(l, AF_INET, "224.0.0.0", 4);
                        if (r >= 0)
                                r = ip_list_add_str(l, AF_INET6, "ff00::", 8);
                } else {
                        r = ip_prefix_parse(word, &e);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0) {
                                r = invalid_value(diags, a,
                                                  "%s=: invalid address prefix \"%s\", ignoring",
                                                  dname(d, a), word);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                        r = ip_list_add(l, e.family, e.address, e.prefixlen);
                }
                if (r == -E2BIG)
                        return list_full(diags, d, a);
                if (r < 0)
                        return r;
        }
}
