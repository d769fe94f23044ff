/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns.h"

int sbx_netns_loopback_up(void)
{
        /* The classic ioctl is enough for one flag and needs no netlink parser. */
        struct ifreq ifr = {0};
        int fd, r = 0;

        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                r = -errno;
        else if (!(ifr.ifr_flags & IFF_UP)) {
                ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
                if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
                        r = -errno;
        }
        close(fd);
        return r;
}

int sbx_ns_join(const char *path, int nstype)
{
        /* Symlinks are followed: /proc/PID/ns/net is one, and the path is the unit author's,
         * read before the service runs. What is opened must be a namespace of that type. */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        int type = ioctl(fd, NS_GET_NSTYPE);
        int r = 0;
        if (type < 0)
                r = errno == ENOTTY ? -EINVAL : -errno; /* not a namespace file at all */
        else if (type != nstype)
                r = -EINVAL;
        else if (setns(fd, nstype) < 0)
                r = -errno;
        close(fd);
        return r;
}
