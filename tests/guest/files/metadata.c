/* stat/fstat/lstat/fstatat, statx, statfs/fstatfs, chmod family, chown family, umask,
 * truncate/ftruncate, fallocate, access/faccessat, utimensat. */
#include "../check.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/mount.h>
#include <sys/syscall.h>

int main(void)
{
    char dir[] = "/tmp/metadataXXXXXX";
    char *made = mkdtemp(dir);
    CHECK(made != 0, "mkdtemp");
    CHECK_EQ(chdir(dir), 0, "chdir into the temp dir");
    umask(022);
    CHECK_EQ(umask(077), 022, "umask returns the old mask");
    int fd = open("f", O_CREAT | O_RDWR, 0666);
    CHECK_EQ(fd >= 0, 1, "create under umask 077");
    struct stat st, lst;
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_mode & 07777, 0600, "umask clears the group and other bits");
    CHECK_EQ(S_ISREG(st.st_mode), 1, "a regular file");
    CHECK_EQ(st.st_nlink, 1, "one link");
    CHECK_EQ(st.st_size, 0, "empty");
    CHECK_EQ(umask(022), 077, "umask back");
    CHECK_EQ(mkdir("d", 0777), 0, "mkdir");
    CHECK_EQ(stat("d", &st), 0, "stat the dir");
    CHECK_EQ(st.st_mode & 07777, 0755, "mkdir honours the umask");
    CHECK_EQ(S_ISDIR(st.st_mode), 1, "a directory");

    CHECK_EQ(write(fd, "12345", 5), 5, "write 5");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_size, 5, "stat size");
    CHECK_EQ(symlink("f", "sl"), 0, "symlink");
    CHECK_EQ(lstat("sl", &lst), 0, "lstat");
    CHECK_EQ(S_ISLNK(lst.st_mode), 1, "lstat sees the link");
    CHECK_EQ(lst.st_size, 1, "a symlink's size is its target's length");
    struct stat fst;
    CHECK_EQ(stat("sl", &fst), 0, "stat through the link");
    CHECK_EQ(fst.st_ino, st.st_ino, "stat follows the link");
    CHECK_EQ(fstatat(AT_FDCWD, "sl", &fst, AT_SYMLINK_NOFOLLOW), 0, "fstatat AT_SYMLINK_NOFOLLOW");
    CHECK_EQ(S_ISLNK(fst.st_mode), 1, "fstatat NOFOLLOW sees the link");
    CHECK_EQ(fstatat(fd, "", &fst, AT_EMPTY_PATH), 0, "fstatat AT_EMPTY_PATH");
    CHECK_EQ(fst.st_ino, st.st_ino, "AT_EMPTY_PATH stats the fd");
    CHECK_ERRNO(fstatat(fd, "", &fst, 0), ENOENT, "an empty path without AT_EMPTY_PATH is ENOENT");
    CHECK_ERRNO(stat("missing", &fst), ENOENT, "stat of a missing file is ENOENT");
    CHECK_ERRNO(stat("f/x", &fst), ENOTDIR, "stat through a file is ENOTDIR");
    CHECK_ERRNO(fstat(-1, &fst), EBADF, "fstat(-1) is EBADF");
    CHECK_ERRNO(fstatat(AT_FDCWD, "f", &fst, 0x4000000), EINVAL, "fstatat with a bad flag is EINVAL");
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(fstatat(dfd, "..", &fst, 0), 0, "fstatat relative to a dir fd");
    struct stat here;
    CHECK_EQ(stat(".", &here), 0, "stat .");
    CHECK_EQ(fst.st_ino, here.st_ino, "fstatat .. from the subdir is the temp dir");

    /* statx: mask, mode, size, nlink (raw buffer, offsets from linux/stat.h). */
    unsigned char sx[256];
    memset(sx, 0xff, sizeof sx);
    CHECK_EQ(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ffu /* STATX_BASIC_STATS */, sx), 0, "statx");
    uint32_t mask, nlink; uint16_t mode; uint64_t size, ino;
    memcpy(&mask, sx, 4); memcpy(&nlink, sx + 16, 4); memcpy(&mode, sx + 28, 2);
    memcpy(&ino, sx + 32, 8); memcpy(&size, sx + 40, 8);
    CHECK_EQ((mask & 0x7ff) == 0x7ff, 1, "statx fills the basic stats");
    CHECK_EQ(mode, S_IFREG | 0600, "statx mode");
    CHECK_EQ(size, 5, "statx size");
    CHECK_EQ(nlink, 1, "statx nlink");
    CHECK_EQ(ino, st.st_ino, "statx ino");
    CHECK_EQ(syscall(SYS_statx, AT_FDCWD, "sl", 0x100 /* AT_SYMLINK_NOFOLLOW */, 0x7ffu, sx), 0, "statx of the link");
    memcpy(&mode, sx + 28, 2);
    CHECK_EQ(S_ISLNK(mode), 1, "statx NOFOLLOW sees the link");
    CHECK_ERRNO(syscall(SYS_statx, AT_FDCWD, "missing", 0, 0x7ffu, sx), ENOENT, "statx of a missing file is ENOENT");
    CHECK_ERRNO(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x80000000u, sx), EINVAL, "statx with the reserved mask bit is EINVAL");

    /* /tmp need not be a tmpfs on the host, so mount one (we run as root). */
    struct statfs sf;
    CHECK_EQ(mkdir("m", 0755), 0, "mkdir the mount point");
    CHECK_EQ(mount("none", "m", "tmpfs", 0, 0), 0, "mount a tmpfs");
    CHECK_EQ(statfs("m", &sf), 0, "statfs");
    CHECK_EQ(sf.f_type, 0x01021994, "statfs says tmpfs");
    int mfd = open("m/x", O_CREAT | O_RDWR, 0600);
    CHECK_EQ(fstatfs(mfd, &sf), 0, "fstatfs");
    CHECK_EQ(sf.f_type, 0x01021994, "fstatfs says tmpfs");
    CHECK_EQ(sf.f_bsize > 0, 1, "a block size");
    close(mfd);
    CHECK_EQ(umount2("m", 0), 0, "umount");
    CHECK_EQ(rmdir("m"), 0, "rmdir the mount point");
    CHECK_ERRNO(statfs("missing", &sf), ENOENT, "statfs of a missing path is ENOENT");
    CHECK_ERRNO(fstatfs(-1, &sf), EBADF, "fstatfs(-1) is EBADF");

    CHECK_EQ(chmod("f", 0640), 0, "chmod");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_mode & 07777, 0640, "chmod sets the bits");
    CHECK_EQ(fchmod(fd, 0604), 0, "fchmod");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_mode & 07777, 0604, "fchmod sets the bits");
    CHECK_EQ(fchmodat(AT_FDCWD, "sl", 0611, 0), 0, "fchmodat follows the link");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_mode & 07777, 0611, "fchmodat changed the target");
    CHECK_EQ(fchmodat(dfd, "../f", 0600, 0), 0, "fchmodat relative to a dir fd");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_mode & 07777, 0600, "and back");
    CHECK_ERRNO(chmod("missing", 0600), ENOENT, "chmod of a missing file is ENOENT");
    CHECK_ERRNO(fchmod(-1, 0600), EBADF, "fchmod(-1) is EBADF");

    CHECK_EQ(chown("f", 1234, 5678), 0, "chown as root");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_uid, 1234, "chown sets the owner");
    CHECK_EQ(st.st_gid, 5678, "chown sets the group");
    CHECK_EQ(fchown(fd, 42, -1), 0, "fchown with group -1");
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_uid, 42, "fchown sets the owner");
    CHECK_EQ(st.st_gid, 5678, "group -1 keeps the group");
    CHECK_EQ(lchown("sl", 77, 88), 0, "lchown");
    CHECK_EQ(lstat("sl", &lst), 0, "lstat");
    CHECK_EQ(lst.st_uid, 77, "lchown changes the link");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_uid, 42, "lchown leaves the target");
    CHECK_EQ(fchownat(AT_FDCWD, "sl", 0, 0, 0), 0, "fchownat follows the link");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_uid, 0, "fchownat changed the target owner");
    CHECK_EQ(st.st_gid, 0, "fchownat changed the target group");
    CHECK_ERRNO(chown("missing", 0, 0), ENOENT, "chown of a missing file is ENOENT");
    CHECK_ERRNO(fchown(-1, 0, 0), EBADF, "fchown(-1) is EBADF");

    CHECK_EQ(truncate("f", 100), 0, "truncate up");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_size, 100, "truncate grows");
    CHECK_EQ(ftruncate(fd, 3), 0, "ftruncate down");
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_size, 3, "ftruncate shrinks");
    char buf[16];
    CHECK_EQ(pread(fd, buf, 16, 0), 3, "3 bytes left");
    CHECK(memcmp(buf, "123", 3) == 0, "the kept bytes");
    CHECK_EQ(ftruncate(fd, 8), 0, "ftruncate up again");
    CHECK_EQ(pread(fd, buf, 16, 0), 8, "8 bytes");
    CHECK(buf[3] == 0 && buf[7] == 0, "the grown part is zeros");
    CHECK_ERRNO(truncate("f", -1), EINVAL, "a negative length is EINVAL");
    CHECK_ERRNO(truncate("d", 0), EISDIR, "truncating a dir is EISDIR");
    CHECK_ERRNO(truncate("missing", 0), ENOENT, "truncating a missing file is ENOENT");
    int ro = open("f", O_RDONLY);
    CHECK_ERRNO(ftruncate(ro, 0), EINVAL, "ftruncate on a read-only fd is EINVAL");
    CHECK_ERRNO(ftruncate(-1, 0), EBADF, "ftruncate(-1) is EBADF");

    CHECK_EQ(fallocate(fd, 0, 0, 4096), 0, "fallocate mode 0");
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_size, 4096, "fallocate grows the size");
    CHECK_EQ(fallocate(fd, 0, 0, 10), 0, "fallocate inside the file");
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_size, 4096, "fallocate inside keeps the size");
    CHECK_ERRNO(fallocate(fd, 0, 0, 0), EINVAL, "fallocate of length 0 is EINVAL");
    CHECK_ERRNO(fallocate(fd, 0, -1, 10), EINVAL, "fallocate at a negative offset is EINVAL");
    CHECK_ERRNO(fallocate(ro, 0, 0, 10), EBADF, "fallocate on a read-only fd is EBADF");
    close(ro);

    CHECK_EQ(access("f", F_OK), 0, "access F_OK");
    CHECK_EQ(access("f", R_OK | W_OK), 0, "root may read and write");
    CHECK_ERRNO(access("missing", F_OK), ENOENT, "access of a missing file is ENOENT");
    CHECK_ERRNO(access("f", 0100), EINVAL, "access with a bad mode is EINVAL");
    CHECK_ERRNO(access("f", X_OK), EACCES, "X_OK on a file without x bits is EACCES even for root");
    CHECK_EQ(chmod("f", 0700), 0, "chmod +x");
    CHECK_EQ(access("f", X_OK), 0, "X_OK with an x bit");
    CHECK_EQ(faccessat(dfd, "../f", R_OK, 0), 0, "faccessat relative to a dir fd");
    CHECK_ERRNO(faccessat(dfd, "missing", R_OK, 0), ENOENT, "faccessat of a missing file is ENOENT");

    struct timespec ts[2] = { { 1000000000, 123456789 }, { 1500000000, 987654321 } };
    CHECK_EQ(utimensat(AT_FDCWD, "f", ts, 0), 0, "utimensat");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_atim.tv_sec, 1000000000, "atime seconds");
    CHECK_EQ(st.st_atim.tv_nsec, 123456789, "atime nanoseconds");
    CHECK_EQ(st.st_mtim.tv_sec, 1500000000, "mtime seconds");
    CHECK_EQ(st.st_mtim.tv_nsec, 987654321, "mtime nanoseconds");
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1600000000, 0 } };
    CHECK_EQ(utimensat(AT_FDCWD, "f", omit, 0), 0, "utimensat with UTIME_OMIT");
    CHECK_EQ(stat("f", &st), 0, "stat");
    CHECK_EQ(st.st_atim.tv_sec, 1000000000, "UTIME_OMIT keeps atime");
    CHECK_EQ(st.st_mtim.tv_sec, 1600000000, "mtime set");
    struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    time_t before = time(0);
    CHECK_EQ(futimens(fd, now), 0, "futimens UTIME_NOW");
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_mtim.tv_sec >= before && st.st_mtim.tv_sec <= before + 5, 1, "UTIME_NOW is now");
    CHECK_EQ(utimensat(AT_FDCWD, "sl", ts, AT_SYMLINK_NOFOLLOW), 0, "utimensat on the link itself");
    CHECK_EQ(lstat("sl", &lst), 0, "lstat");
    CHECK_EQ(lst.st_mtim.tv_sec, 1500000000, "the link's mtime");
    CHECK_ERRNO(utimensat(AT_FDCWD, "missing", ts, 0), ENOENT, "utimensat of a missing file is ENOENT");
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    CHECK_ERRNO(utimensat(AT_FDCWD, "f", bad, 0), EINVAL, "a bad nanosecond count is EINVAL");

    close(fd); close(dfd);
    unlink("sl"); unlink("f"); rmdir("d");
    chdir("/");
    CHECK_EQ(rmdir(dir), 0, "clean up");
    return check_done("metadata");
}
