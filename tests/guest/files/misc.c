/* sendfile, memfd_create, sync/fsync/fdatasync, mount/umount2 of a tmpfs. */
#include "../check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>

int main(void)
{
    char dir[] = "/tmp/miscXXXXXX";
    char *made = mkdtemp(dir);
    CHECK(made != 0, "mkdtemp");
    CHECK_EQ(chdir(dir), 0, "chdir into the temp dir");
    char buf[256];

    /* sendfile */
    int in = open("in", O_CREAT | O_RDWR, 0644);
    CHECK_EQ(write(in, "abcdefghij", 10), 10, "write the source");
    int out = open("out", O_CREAT | O_RDWR, 0644);
    CHECK_EQ(lseek(in, 0, SEEK_SET), 0, "rewind");
    CHECK_EQ(sendfile(out, in, 0, 4), 4, "sendfile 4 bytes from the offset");
    CHECK_EQ(lseek(in, 0, SEEK_CUR), 4, "sendfile moved the source offset");
    off_t off = 6;
    CHECK_EQ(sendfile(out, in, &off, 100), 4, "sendfile with an offset stops at the end");
    CHECK_EQ(off, 10, "the offset was advanced");
    CHECK_EQ(lseek(in, 0, SEEK_CUR), 4, "and the file offset was not");
    CHECK_EQ(sendfile(out, in, &off, 100), 0, "sendfile at the end is 0");
    CHECK_EQ(pread(out, buf, sizeof buf, 0), 8, "8 bytes sent");
    CHECK_EQ(memcmp(buf, "abcdghij", 8), 0, "the sent bytes");
    int p[2];
    pipe(p);
    off = 0;
    CHECK_EQ(sendfile(p[1], in, &off, 3), 3, "sendfile into a pipe");
    CHECK_EQ(read(p[0], buf, sizeof buf), 3, "read the pipe");
    CHECK_EQ(memcmp(buf, "abc", 3), 0, "pipe content");
    CHECK_ERRNO(sendfile(out, -1, 0, 1), EBADF, "sendfile from a bad fd is EBADF");
    int wo = open("in", O_WRONLY);
    CHECK_ERRNO(sendfile(out, wo, 0, 1), EBADF, "sendfile from a write-only fd is EBADF");
    close(wo);
    off = -1;
    CHECK_ERRNO(sendfile(out, in, &off, 1), EINVAL, "sendfile at a negative offset is EINVAL");
    close(p[0]); close(p[1]);

    /* sync family */
    sync();
    CHECK_EQ(fsync(out), 0, "fsync");
    CHECK_EQ(fdatasync(out), 0, "fdatasync");
    CHECK_ERRNO(fsync(-1), EBADF, "fsync(-1) is EBADF");
    CHECK_ERRNO(fdatasync(-1), EBADF, "fdatasync(-1) is EBADF");
    CHECK_EQ(syncfs(out), 0, "syncfs");
    close(in); close(out);

    /* memfd_create */
    int m = memfd_create("tessera-test", MFD_CLOEXEC);
    CHECK_EQ(m >= 0, 1, "memfd_create");
    CHECK_EQ(fcntl(m, F_GETFD), FD_CLOEXEC, "MFD_CLOEXEC");
    CHECK_EQ(fcntl(m, F_GETFL) & O_ACCMODE, O_RDWR, "a memfd is read-write");
    struct stat st;
    CHECK_EQ(fstat(m, &st), 0, "fstat a memfd");
    CHECK_EQ(S_ISREG(st.st_mode), 1, "a memfd is a regular file");
    CHECK_EQ(st.st_size, 0, "empty");
    CHECK_EQ(write(m, "memory", 6), 6, "write a memfd");
    CHECK_EQ(ftruncate(m, 4096), 0, "ftruncate a memfd");
    CHECK_EQ(fstat(m, &st), 0, "fstat");
    CHECK_EQ(st.st_size, 4096, "the memfd size");
    char *map = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
    CHECK_EQ(map != MAP_FAILED, 1, "mmap a memfd");
    if (map != MAP_FAILED) {
        CHECK_EQ(memcmp(map, "memory", 6), 0, "the mapping shows the written bytes");
        map[0] = 'M';
        CHECK_EQ(pread(m, buf, 6, 0), 6, "pread the memfd");
        CHECK_EQ(memcmp(buf, "Memory", 6), 0, "read sees the store through the mapping");
        munmap(map, 4096);
    }
    /* The guest's runner has no /proc mounted: mount it where it is missing. */
    if (access("/proc/self", F_OK) != 0) mount("proc", "/proc", "proc", 0, 0);
    snprintf(buf, sizeof buf, "/proc/self/fd/%d", m);
    char target[256];
    long n = readlink(buf, target, sizeof target - 1);
    CHECK_EQ(n > 0, 1, "readlink /proc/self/fd of a memfd");
    if (n > 0) { target[n] = 0; CHECK_EQ(strncmp(target, "/memfd:tessera-test (deleted)", 29), 0, "it is named /memfd:NAME (deleted)"); }
    close(m);
    CHECK_ERRNO(memfd_create("x", 0x1000), EINVAL, "memfd_create with a bad flag is EINVAL");

    /* mount/umount2 of a tmpfs */
    CHECK_EQ(mkdir("mnt", 0755), 0, "mkdir the mount point");
    int before = open("mnt/hidden", O_CREAT | O_WRONLY, 0644);
    close(before);
    CHECK_EQ(mount("none", "mnt", "tmpfs", 0, "mode=0700"), 0, "mount a tmpfs");
    CHECK_ERRNO(access("mnt/hidden", F_OK), ENOENT, "the mount hides the dir's contents");
    CHECK_EQ(stat("mnt", &st), 0, "stat the mount root");
    CHECK_EQ(st.st_mode & 07777, 0700, "mode= sets the root's mode");
    struct statfs sf;
    CHECK_EQ(statfs("mnt", &sf), 0, "statfs");
    CHECK_EQ(sf.f_type, 0x01021994, "a tmpfs");
    int f = open("mnt/inside", O_CREAT | O_RDWR, 0644);
    CHECK_EQ(f >= 0, 1, "create a file in the tmpfs");
    CHECK_EQ(write(f, "x", 1), 1, "write it");
    CHECK_ERRNO(rename("mnt/inside", "moved"), EXDEV, "rename across mounts is EXDEV");
    CHECK_ERRNO(link("mnt/inside", "linked"), EXDEV, "link across mounts is EXDEV");
    CHECK_ERRNO(umount2("mnt", 0), EBUSY, "umount with an open file is EBUSY");
    close(f);
    CHECK_ERRNO(rmdir("mnt"), EBUSY, "rmdir of a mount point is EBUSY");
    CHECK_EQ(umount2("mnt", 0), 0, "umount2");
    CHECK_EQ(access("mnt/hidden", F_OK), 0, "the old contents are back");
    CHECK_ERRNO(access("mnt/inside", F_OK), ENOENT, "the tmpfs contents are gone");
    CHECK_ERRNO(umount2("mnt", 0), EINVAL, "umount of a non-mount is EINVAL");
    CHECK_ERRNO(umount2("missing", 0), ENOENT, "umount of a missing path is ENOENT");
    CHECK_ERRNO(mount("none", "missing", "tmpfs", 0, 0), ENOENT, "mount on a missing dir is ENOENT");
    CHECK_ERRNO(mount("none", "mnt", "no-such-fs", 0, 0), ENODEV, "an unknown fs type is ENODEV");

    unlink("mnt/hidden"); rmdir("mnt"); unlink("in"); unlink("out");
    chdir("/");
    CHECK_EQ(rmdir(dir), 0, "clean up");
    return check_done("misc");
}
