/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RemoveIPC=: objects of the service's uid/gid go, everything else stays (E095). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "remove-ipc.h"
#include "tests.h"

#define SVC 4242

static void touch_owned(const char *path, uid_t uid)
{
        int fd = open(path, O_CREAT | O_WRONLY, 0600);
        if (fd < 0 || fchown(fd, uid, uid) < 0)
                abort();
        close(fd);
}

TEST(root_is_exempt)
{
        RemoveIpcOptions o = {.shm_dir = "/nonexistent", .mqueue_dir = "/nonexistent"};
        ASSERT_EQ(remove_ipc(0, 0, &o), 0);
}

TEST(removes_only_the_service_objects)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to hand IPC objects to another uid");
        char dir[] = "/tmp/test-rmipc.XXXXXX", shm[128], mq[128], p[256];
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(shm, sizeof shm, "%s/shm", dir);
        snprintf(mq, sizeof mq, "%s/mq", dir);
        ASSERT_EQ(mkdir(shm, 01777), 0);
        ASSERT_EQ(mkdir(mq, 01777), 0);
        snprintf(p, sizeof p, "%s/svc-seg", shm);
        touch_owned(p, SVC);
        snprintf(p, sizeof p, "%s/root-seg", shm);
        touch_owned(p, 0);
        snprintf(p, sizeof p, "%s/sub", shm);
        ASSERT_EQ(mkdir(p, 0700), 0);
        ASSERT_EQ(chown(p, SVC, SVC), 0);
        snprintf(p, sizeof p, "%s/sub/inner", shm);
        touch_owned(p, SVC);
        snprintf(p, sizeof p, "%s/link", shm);
        ASSERT_EQ(symlink("/etc/hostname", p), 0);
        ASSERT_EQ(lchown(p, SVC, SVC), 0);
        snprintf(p, sizeof p, "%s/svc-queue", mq);
        touch_owned(p, SVC);

        int shm_svc = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        int shm_root = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        int sem_svc = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
        int msg_svc = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        ASSERT_TRUE(shm_svc >= 0 && shm_root >= 0 && sem_svc >= 0 && msg_svc >= 0);
        struct shmid_ds sd;
        ASSERT_EQ(shmctl(shm_svc, IPC_STAT, &sd), 0);
        sd.shm_perm.uid = SVC;
        ASSERT_EQ(shmctl(shm_svc, IPC_SET, &sd), 0);
        struct semid_ds semd;
        union {
                int val;
                struct semid_ds *buf;
        } arg = {.buf = &semd};
        ASSERT_EQ(semctl(sem_svc, 0, IPC_STAT, arg), 0);
        semd.sem_perm.gid = SVC; /* matched by gid */
        ASSERT_EQ(semctl(sem_svc, 0, IPC_SET, arg), 0);
        struct msqid_ds md;
        ASSERT_EQ(msgctl(msg_svc, IPC_STAT, &md), 0);
        md.msg_perm.uid = SVC;
        ASSERT_EQ(msgctl(msg_svc, IPC_SET, &md), 0);

        RemoveIpcOptions o = {.shm_dir = shm, .mqueue_dir = mq};
        int r = remove_ipc(SVC, SVC, &o);
        ASSERT_EQ(r, 3 + 5); /* 3 SysV objects, 4 shm entries (seg, inner, sub, link), 1 queue */

        struct stat st;
        ASSERT_LT(shmctl(shm_svc, IPC_STAT, &sd), 0);
        ASSERT_EQ(shmctl(shm_root, IPC_STAT, &sd), 0); /* not ours: kept */
        ASSERT_LT(semctl(sem_svc, 0, IPC_STAT, arg), 0);
        ASSERT_LT(msgctl(msg_svc, IPC_STAT, &md), 0);
        snprintf(p, sizeof p, "%s/root-seg", shm);
        ASSERT_EQ(stat(p, &st), 0);
        snprintf(p, sizeof p, "%s/svc-seg", shm);
        ASSERT_NE(stat(p, &st), 0);
        snprintf(p, sizeof p, "%s/sub", shm);
        ASSERT_NE(stat(p, &st), 0);
        ASSERT_EQ(stat("/etc/hostname", &st), 0); /* the link went, not its target */
        snprintf(p, sizeof p, "%s/svc-queue", mq);
        ASSERT_NE(stat(p, &st), 0);

        (void) shmctl(shm_root, IPC_RMID, NULL);
        snprintf(p, sizeof p, "rm -rf %s", dir);
        ASSERT_EQ(system(p), 0);
}
