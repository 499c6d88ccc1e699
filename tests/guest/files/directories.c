/* mkdir/mkdirat, rmdir, unlink/unlinkat, getdents64, chdir/fchdir/getcwd, mknod FIFO. */
#include "../check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <dirent.h>
#include <sys/syscall.h>

struct dirent64_raw { unsigned long long ino; long long off; unsigned short reclen; unsigned char type; char name[]; };

int main(void)
{
    char dir[] = "/tmp/directoriesXXXXXX";
    char *made = mkdtemp(dir);
    CHECK(made != 0, "mkdtemp");
    CHECK_EQ(chdir(dir), 0, "chdir into the temp dir");
    umask(022);

    CHECK_EQ(mkdir("a", 0755), 0, "mkdir");
    CHECK_ERRNO(mkdir("a", 0755), EEXIST, "mkdir of an existing dir is EEXIST");
    CHECK_ERRNO(mkdir("missing/b", 0755), ENOENT, "mkdir under a missing dir is ENOENT");
    int d = open("a", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(mkdirat(d, "b", 0755), 0, "mkdirat");
    CHECK_ERRNO(mkdirat(d, "b", 0755), EEXIST, "mkdirat of an existing dir is EEXIST");
    struct stat st;
    CHECK_EQ(stat("a/b", &st), 0, "mkdirat made a/b");
    CHECK_EQ(stat("a", &st), 0, "stat a");
    CHECK_EQ(st.st_nlink, 3, "a has 3 links (itself, ., b/..)");
    int f = open("a/file", O_CREAT | O_WRONLY, 0644);
    close(f);
    CHECK_ERRNO(mkdir("a/file", 0755), EEXIST, "mkdir over a file is EEXIST");
    CHECK_ERRNO(mkdir("a/file/x", 0755), ENOTDIR, "mkdir under a file is ENOTDIR");

    CHECK_ERRNO(rmdir("a"), ENOTEMPTY, "rmdir of a non-empty dir is ENOTEMPTY");
    CHECK_ERRNO(rmdir("a/file"), ENOTDIR, "rmdir of a file is ENOTDIR");
    CHECK_ERRNO(rmdir("missing"), ENOENT, "rmdir of a missing dir is ENOENT");
    CHECK_ERRNO(rmdir("a/b/."), EINVAL, "rmdir of . is EINVAL");
    CHECK_ERRNO(unlink("a"), EISDIR, "unlink of a dir is EISDIR");
    CHECK_ERRNO(unlink("missing"), ENOENT, "unlink of a missing file is ENOENT");
    CHECK_ERRNO(unlinkat(d, "b", 0), EISDIR, "unlinkat of a dir without AT_REMOVEDIR is EISDIR");
    CHECK_ERRNO(unlinkat(d, "file", AT_REMOVEDIR), ENOTDIR, "unlinkat AT_REMOVEDIR of a file is ENOTDIR");
    CHECK_ERRNO(unlinkat(d, "file", 0x1), EINVAL, "unlinkat with a bad flag is EINVAL");

    /* getdents64: every name exactly once. */
    const char *names[] = { ".", "..", "b", "file", "n1", "n2", "n3", "n4", "n5", "n6" };
    int want = 10;
    for (int i = 4; i < want; i++) { int g = openat(d, names[i], O_CREAT | O_WRONLY, 0644); close(g); }
    int seen[10] = {0}, others = 0;
    char buf[64];    /* small, so it takes several calls */
    int calls = 0, fd = open("a", O_RDONLY | O_DIRECTORY);
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) { CHECK_EQ(n, 0, "getdents64 ends with 0"); break; }
        calls++;
        for (long off = 0; off < n;) {
            struct dirent64_raw *e = (struct dirent64_raw *)(buf + off);
            int found = 0;
            for (int i = 0; i < want; i++) if (strcmp(e->name, names[i]) == 0) { seen[i]++; found = 1; }
            if (!found) others++;
            if (strcmp(e->name, "b") == 0) CHECK_EQ(e->type, DT_DIR, "b is DT_DIR");
            if (strcmp(e->name, "file") == 0) CHECK_EQ(e->type, DT_REG, "file is DT_REG");
            off += e->reclen;
        }
    }
    int once = 1;
    for (int i = 0; i < want; i++) if (seen[i] != 1) { once = 0; say("  %s seen %d times\n", names[i], seen[i]); }
    CHECK(once, "getdents64 gives every name once");
    CHECK_EQ(others, 0, "and no other names");
    CHECK(calls > 1, "a small buffer takes several calls");
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind the dir");
    char big[4096];
    long again = syscall(SYS_getdents64, fd, big, sizeof big);
    CHECK(again > 0, "getdents64 again after rewinding");
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind the dir");
    CHECK_ERRNO(syscall(SYS_getdents64, fd, big, 8), EINVAL, "a buffer too small for one entry is EINVAL");
    close(fd);
    fd = open("a/file", O_RDONLY);
    CHECK_ERRNO(syscall(SYS_getdents64, fd, big, sizeof big), ENOTDIR, "getdents64 on a file is ENOTDIR");
    close(fd);
    CHECK_ERRNO(syscall(SYS_getdents64, -1, big, sizeof big), EBADF, "getdents64 on a bad fd is EBADF");
    for (int i = 4; i < want; i++) CHECK_EQ(unlinkat(d, names[i], 0), 0, "unlinkat a file");

    /* chdir/fchdir/getcwd */
    char cwd[256];
    CHECK(getcwd(cwd, sizeof cwd) == cwd, "getcwd");
    CHECK_EQ(strcmp(cwd, dir), 0, "getcwd names the temp dir");
    CHECK_EQ(chdir("a/b"), 0, "chdir a/b");
    char want_cwd[256];
    snprintf(want_cwd, sizeof want_cwd, "%s/a/b", dir);
    CHECK(getcwd(cwd, sizeof cwd) == cwd && strcmp(cwd, want_cwd) == 0, "getcwd after chdir");
    CHECK_EQ(syscall(SYS_getcwd, cwd, sizeof cwd), strlen(want_cwd) + 1, "the getcwd syscall returns the length with the NUL");
    CHECK_ERRNO(syscall(SYS_getcwd, cwd, 2), ERANGE, "getcwd with a small buffer is ERANGE");
    CHECK_ERRNO(syscall(SYS_getcwd, cwd, 0), ERANGE, "getcwd with size 0 is ERANGE");
    CHECK_EQ(chdir(".."), 0, "chdir ..");
    CHECK(getcwd(cwd, sizeof cwd) == cwd && strcmp(cwd, want_cwd) != 0 && strncmp(cwd, dir, strlen(dir)) == 0, "chdir .. went up");
    CHECK_ERRNO(chdir("file"), ENOTDIR, "chdir to a file is ENOTDIR");
    CHECK_ERRNO(chdir("missing"), ENOENT, "chdir to a missing dir is ENOENT");
    int top = open(dir, O_RDONLY | O_DIRECTORY);
    CHECK_EQ(fchdir(top), 0, "fchdir");
    CHECK(getcwd(cwd, sizeof cwd) == cwd && strcmp(cwd, dir) == 0, "getcwd after fchdir");
    fd = open("a/file", O_RDONLY);
    CHECK_ERRNO(fchdir(fd), ENOTDIR, "fchdir to a file is ENOTDIR");
    close(fd);
    CHECK_ERRNO(fchdir(-1), EBADF, "fchdir(-1) is EBADF");
    close(top);

    /* mknod of a FIFO */
    CHECK_EQ(mknod("fifo", S_IFIFO | 0644, 0), 0, "mknod a FIFO");
    CHECK_EQ(lstat("fifo", &st), 0, "lstat the FIFO");
    CHECK_EQ(S_ISFIFO(st.st_mode), 1, "it is a FIFO");
    CHECK_EQ(st.st_mode & 07777, 0644 & ~022 & 0644, "FIFO mode");
    CHECK_ERRNO(mknod("fifo", S_IFIFO | 0644, 0), EEXIST, "mknod over an existing name is EEXIST");
    CHECK_EQ(mkfifo("fifo2", 0600), 0, "mkfifo");
    int rd = open("fifo2", O_RDONLY | O_NONBLOCK);
    CHECK_EQ(rd >= 0, 1, "open the FIFO read end non-blocking");
    int wr = open("fifo2", O_WRONLY | O_NONBLOCK);
    CHECK_EQ(wr >= 0, 1, "open the FIFO write end with a reader");
    CHECK_EQ(write(wr, "fifo", 4), 4, "write the FIFO");
    CHECK_EQ(read(rd, buf, sizeof buf), 4, "read the FIFO");
    CHECK_EQ(memcmp(buf, "fifo", 4), 0, "FIFO content");
    close(wr); close(rd);
    CHECK_ERRNO(open("fifo", O_WRONLY | O_NONBLOCK), ENXIO, "a non-blocking FIFO writer without readers is ENXIO");

    CHECK_EQ(unlink("fifo"), 0, "unlink the FIFO");
    CHECK_EQ(unlink("fifo2"), 0, "unlink fifo2");
    CHECK_EQ(unlink("a/file"), 0, "unlink a/file");
    CHECK_EQ(unlinkat(d, "b", AT_REMOVEDIR), 0, "unlinkat AT_REMOVEDIR");
    CHECK_ERRNO(stat("a/b", &st), ENOENT, "b is gone");
    CHECK_EQ(stat("a", &st), 0, "stat a");
    CHECK_EQ(st.st_nlink, 2, "a has 2 links again");
    close(d);
    CHECK_EQ(rmdir("a"), 0, "rmdir an empty dir");
    chdir("/");
    CHECK_EQ(rmdir(dir), 0, "clean up");
    return check_done("directories");
}
