/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "parse-util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "string-util.h"

int parse_boolean(const char *v)
{
        if (!v)
                return -EINVAL;
        if (streq(v, "1") || ascii_strcasecmp(v, "yes") == 0 || ascii_strcasecmp(v, "y") == 0 ||
            ascii_strcasecmp(v, "true") == 0 || ascii_strcasecmp(v, "t") == 0 ||
            ascii_strcasecmp(v, "on") == 0)
                return 1;
        if (streq(v, "0") || ascii_strcasecmp(v, "no") == 0 || ascii_strcasecmp(v, "n") == 0 ||
            ascii_strcasecmp(v, "false") == 0 || ascii_strcasecmp(v, "f") == 0 ||
            ascii_strcasecmp(v, "off") == 0)
                return 0;
        return -EINVAL;
}

/* systemd reads integers like C does when no base is given (0x… hex, 0… octal), plus the
 * Python-style 0b/0o prefixes (its mangle_base()). */
static const char *mangle_base(const char *s, unsigned *base)
{
        const char *k;

        if (*base != 0)
                return s;
        if ((k = startswith(s, "0b")) || (k = startswith(s, "0B"))) {
                *base = 2;
                return k;
        }
        if ((k = startswith(s, "0o")) || (k = startswith(s, "0O"))) {
                *base = 8;
                return k;
        }
        return s;
}

/* Unsigned parsing as systemd's safe_atou*_full(): leading whitespace allowed, no trailing junk,
 * a minus sign is out of range (except "-0"); base 8 for modes refuses signs altogether. */
static int parse_unsigned(const char *s, unsigned base, unsigned long long *ret)
{
        unsigned long long l;
        char *end;

        if (!s)
                return -EINVAL;
        s += strspn(s, WHITESPACE);
        if (base == 8 && (*s == '+' || *s == '-'))
                return -EINVAL;
        s = mangle_base(s, &base);
        errno = 0;
        l = strtoull(s, &end, (int) base);
        if (errno > 0)
                return -errno;
        if (end == s || *end != '\0')
                return -EINVAL;
        if (l != 0 && s[0] == '-')
                return -ERANGE;
        *ret = l;
        return 0;
}

static int parse_signed(const char *s, long long *ret)
{
        unsigned base = 0;
        long long l;
        char *end;

        if (!s)
                return -EINVAL;
        s += strspn(s, WHITESPACE);
        s = mangle_base(s, &base);
        errno = 0;
        l = strtoll(s, &end, (int) base);
        if (errno > 0)
                return -errno;
        if (end == s || *end != '\0')
                return -EINVAL;
        *ret = l;
        return 0;
}

int safe_atou_full(const char *s, unsigned base, unsigned *ret)
{
        unsigned long long l;
        int r = parse_unsigned(s, base, &l);

        if (r < 0)
                return r;
        if (l > UINT32_MAX)
                return -ERANGE;
        *ret = (unsigned) l;
        return 0;
}

int safe_atou(const char *s, unsigned *ret)
{
        return safe_atou_full(s, 0, ret);
}

int safe_atoi(const char *s, int *ret)
{
        long long l;
        int r = parse_signed(s, &l);

        if (r < 0)
                return r;
        if (l < INT32_MIN || l > INT32_MAX)
                return -ERANGE;
        *ret = (int) l;
        return 0;
}

int safe_atou64(const char *s, uint64_t *ret)
{
        unsigned long long l;
        int r = parse_unsigned(s, 0, &l);

        if (r < 0)
                return r;
        *ret = (uint64_t) l;
        return 0;
}

int safe_atoi64(const char *s, int64_t *ret)
{
        long long l;
        int r = parse_signed(s, &l);

        if (r < 0)
                return r;
        *ret = (int64_t) l;
        return 0;
}

int parse_mode(const char *s, mode_t *ret)
{
        unsigned m;
        int r;

        r = safe_atou_full(s, 8, &m);
        if (r < 0)
                return r;
        if (m > 07777)
                return -ERANGE;
        *ret = (mode_t) m;
        return 0;
}

int parse_uid(const char *s, uid_t *ret)
{
        unsigned u;
        int r;

        /* Decimal only, like systemd: "0x10", "1e3", "0day" are not numbers. */
        if (!s || !in_charset(s, DIGITS) || isempty(s))
                return -EINVAL;
        r = safe_atou_full(s, 10, &u);
        if (r < 0)
                return r;
        if (u == 65535u || u == UINT32_MAX)
                return -ENXIO; /* reserved: 16-bit and 32-bit "-1" */
        *ret = (uid_t) u;
        return 0;
}

static const struct {
        const char *suffix;
        usec_t usec;
} time_units[] = {
        {"seconds", USEC_PER_SEC},
        {"second", USEC_PER_SEC},
        {"sec", USEC_PER_SEC},
        {"s", USEC_PER_SEC},
        {"minutes", 60 * USEC_PER_SEC},
        {"minute", 60 * USEC_PER_SEC},
        {"min", 60 * USEC_PER_SEC},
        {"months", 2629800 * USEC_PER_SEC},
        {"month", 2629800 * USEC_PER_SEC},
        {"M", 2629800 * USEC_PER_SEC},
        {"msec", USEC_PER_MSEC},
        {"ms", USEC_PER_MSEC},
        {"m", 60 * USEC_PER_SEC},
        {"hours", 3600 * USEC_PER_SEC},
        {"hour", 3600 * USEC_PER_SEC},
        {"hr", 3600 * USEC_PER_SEC},
        {"h", 3600 * USEC_PER_SEC},
        {"days", 86400 * USEC_PER_SEC},
        {"day", 86400 * USEC_PER_SEC},
        {"d", 86400 * USEC_PER_SEC},
        {"weeks", 604800 * USEC_PER_SEC},
        {"week", 604800 * USEC_PER_SEC},
        {"w", 604800 * USEC_PER_SEC},
        {"years", 31557600 * USEC_PER_SEC},
        {"year", 31557600 * USEC_PER_SEC},
        {"y", 31557600 * USEC_PER_SEC},
        {"usec", 1},
        {"us", 1},
        {"\xc2\xb5s", 1}, /* µs */
        {"\xce\xbcs", 1}, /* μs */
};

static int parse_time_component(const char **p, usec_t default_unit, usec_t *ret)
{
        const char *s = *p, *e;
        unsigned long long l;
        usec_t mult = default_unit, r;
        char *end;

        s += strspn(s, WHITESPACE);
        if (*s == '-' || (!isdigit((unsigned char) *s) && *s != '.'))
                return -EINVAL;
        errno = 0;
        l = strtoull(s, &end, 10);
        if (errno > 0)
                return -errno;
        e = end;
        /* fractional part */
        usec_t frac_num = 0, frac_den = 1;
        if (*e == '.') {
                e++;
                while (isdigit((unsigned char) *e)) {
                        if (frac_den < 1000000000ULL) {
                                frac_num = frac_num * 10 + (usec_t) (*e - '0');
                                frac_den *= 10;
                        }
                        e++;
                }
                if (e == end + 1 && end == s)
                        return -EINVAL;
        } else if (end == s)
                return -EINVAL;
        e += strspn(e, WHITESPACE);
        bool found = false;
        for (size_t i = 0; i < ELEMENTSOF(time_units); i++) {
                const char *k = startswith(e, time_units[i].suffix);
                if (k && (*k == '\0' || strchr(WHITESPACE DIGITS ".", *k))) {
                        mult = time_units[i].usec;
                        e = k;
                        found = true;
                        break;
                }
        }
        if (!found && *e != '\0' && !isdigit((unsigned char) *e))
                return -EINVAL;
        if (l > UINT64_MAX / mult)
                return -ERANGE;
        r = (usec_t) l * mult;
        r += frac_num * mult / frac_den;
        *ret = r;
        *p = e;
        return 0;
}

int parse_time(const char *s, usec_t *ret, usec_t default_unit)
{
        const char *p;
        usec_t sum = 0;
        bool something = false;

        if (!s)
                return -EINVAL;
        p = s + strspn(s, WHITESPACE);
        if (streq(p, "infinity")) {
                *ret = USEC_INFINITY;
                return 0;
        }
        for (;;) {
                usec_t v;
                int r;

                p += strspn(p, WHITESPACE);
                if (*p == '\0') {
                        if (!something)
                                return -EINVAL;
                        break;
                }
                r = parse_time_component(&p, default_unit, &v);
                if (r < 0)
                        return r;
                if (sum > UINT64_MAX - v)
                        return -ERANGE;
                sum += v;
                something = true;
        }
        *ret = sum;
        return 0;
}

int parse_nsec(const char *s, nsec_t *ret)
{
        usec_t u;
        int r;

        /* Bare numbers are nanoseconds; suffixed values go through the usec parser. */
        if (s && in_charset(s, DIGITS) && !isempty(s))
                return safe_atou64(s, ret);
        r = parse_time(s, &u, USEC_PER_SEC);
        if (r < 0)
                return r;
        if (u == USEC_INFINITY) {
                *ret = NSEC_INFINITY;
                return 0;
        }
        if (u > UINT64_MAX / NSEC_PER_USEC)
                return -ERANGE;
        *ret = u * NSEC_PER_USEC;
        return 0;
}

int parse_size(const char *s, uint64_t base, uint64_t *ret)
{
        static const char suffixes[] = "KMGTPE";
        unsigned long long l;
        char *end;
        uint64_t mult = 1;

        if (!s)
                return -EINVAL;
        s += strspn(s, WHITESPACE);
        if (*s == '-' || *s == '\0')
                return -EINVAL;
        errno = 0;
        l = strtoull(s, &end, 10);
        if (errno > 0)
                return -errno;
        if (end == s)
                return -EINVAL;
        uint64_t frac_num = 0, frac_den = 1;
        if (*end == '.') {
                end++;
                while (*end >= '0' && *end <= '9') {
                        if (frac_den < 1000000000ULL) {
                                frac_num = frac_num * 10 + (uint64_t) (*end - '0');
                                frac_den *= 10;
                        }
                        end++;
                }
        }
        end += strspn(end, WHITESPACE);
        if (*end != '\0') {
                const char *k = strchr(suffixes, *end);
                if (!k || *end == '\0')
                        return -EINVAL;
                for (const char *i = suffixes; i <= k; i++)
                        mult *= base;
                end++;
                if (*end == 'B' || (*end == 'i' && end[1] == 'B' && (end++, true)))
                        end++;
                if (*end != '\0')
                        return -EINVAL;
        } else if (frac_den != 1)
                return -EINVAL;
        if (l > UINT64_MAX / mult)
                return -ERANGE;
        *ret = (uint64_t) l * mult + frac_num * mult / frac_den;
        return 0;
}

int parse_percent(const char *s)
{
        unsigned v;
        const char *p;
        char buf[32];
        int r;

        if (!s || !(p = endswith(s, "%")) || (size_t) (p - s) >= sizeof buf)
                return -EINVAL;
        memcpy(buf, s, (size_t) (p - s));
        buf[p - s] = '\0';
        r = safe_atou(buf, &v);
        if (r < 0)
                return r;
        if (v > 100)
                return -ERANGE;
        return (int) v;
}

int parse_permyriad(const char *s)
{
        const char *p;
        unsigned whole, frac = 0, digits = 0;
        char buf[32];
        int r;

        if (!s)
                return -EINVAL;
        if ((p = endswith(s, "\xe2\x80\xb1"))) { /* ‱ */
                if ((size_t) (p - s) >= sizeof buf)
                        return -EINVAL;
                memcpy(buf, s, (size_t) (p - s));
                buf[p - s] = '\0';
                r = safe_atou(buf, &whole);
                if (r < 0)
                        return r;
                return whole > 10000 ? -ERANGE : (int) whole;
        }
        if (!(p = endswith(s, "%")) || (size_t) (p - s) >= sizeof buf)
                return -EINVAL;
        memcpy(buf, s, (size_t) (p - s));
        buf[p - s] = '\0';
        char *dot = strchr(buf, '.');
        if (dot) {
                *dot = '\0';
                for (const char *d = dot + 1; *d; d++) {
                        if (*d < '0' || *d > '9' || ++digits > 2)
                                return -EINVAL;
                        frac = frac * 10 + (unsigned) (*d - '0');
                }
                if (digits == 0)
                        return -EINVAL;
                if (digits == 1)
                        frac *= 10;
        }
        r = safe_atou(buf, &whole);
        if (r < 0)
                return r;
        if (whole > 100 || (whole == 100 && frac > 0))
                return -ERANGE;
        return (int) (whole * 100 + frac);
}

char *format_timespan(char *buf, size_t l, usec_t t, usec_t accuracy)
{
        static const struct {
                const char *suffix;
                usec_t usec;
        } table[] = {
                {"y", 31557600 * USEC_PER_SEC},
                {"month", 2629800 * USEC_PER_SEC},
                {"w", 604800 * USEC_PER_SEC},
                {"d", 86400 * USEC_PER_SEC},
                {"h", 3600 * USEC_PER_SEC},
                {"min", 60 * USEC_PER_SEC},
                {"s", USEC_PER_SEC},
                {"ms", USEC_PER_MSEC},
                {"us", 1},
        };
        char *p = buf;
        bool something = false;

        if (l == 0)
                return buf;
        if (t == USEC_INFINITY || t == 0) {
                snprintf(buf, l, "%s", t == 0 ? "0" : "infinity");
                return buf;
        }
        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(table) && t > 0; i++) {
                usec_t a, b;
                int n;

                if (t < accuracy && something)
                        break;
                if (t < table[i].usec)
                        continue;
                a = t / table[i].usec;
                b = t % table[i].usec;
                /* Below a minute a remainder is written as a fraction of this unit, with as many
                 * digits as the unit has sub-units (less what the accuracy makes noise), so the
                 * output parses back with parse_sec(): 1.500000s, 1.500ms — systemd's format. */
                int digits = 0;
                if (t < 60 * USEC_PER_SEC && b > 0) {
                        for (usec_t cc = table[i].usec; cc > 1; cc /= 10)
                                digits++;
                        for (usec_t cc = accuracy; cc > 1; cc /= 10) {
                                b /= 10;
                                digits--;
                        }
                }
                if (digits > 0) {
                        n = snprintf(p, l, "%s%" PRIu64 ".%0*" PRIu64 "%s", p > buf ? " " : "", a,
                                     digits, b, table[i].suffix);
                        t = 0;
                } else {
                        n = snprintf(p, l, "%s%" PRIu64 "%s", p > buf ? " " : "", a,
                                     table[i].suffix);
                        t = b;
                }
                if (n < 0 || (size_t) n >= l)
                        break;
                p += n;
                l -= (size_t) n;
                something = true;
        }
        return buf;
}
