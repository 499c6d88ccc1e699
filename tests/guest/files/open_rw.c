/* open/openat/creat flags and errors, close, read/write/pread/pwrite/readv/writev, lseek. */
#include "../check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void)
{
    char dir[] = "/tmp/open_rwXXXXXX";
    char *made = mkdtemp(dir);
    CHECK(made != 0, "mkdtemp");
    CHECK_EQ(chdir(dir), 0, "chdir into the temp dir");

    int fd = open("f", O_CREAT | O_EXCL | O_RDWR, 0644);
    CHECK_EQ(fd >= 0, 1, "O_CREAT|O_EXCL creates");
    CHECK_ERRNO(open("f", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST, "O_CREAT|O_EXCL on an existing file is EEXIST");
    CHECK_ERRNO(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file is ENOTDIR");
    CHECK_ERRNO(open("missing", O_RDONLY), ENOENT, "a missing file is ENOENT");
    CHECK_ERRNO(open("missing/x", O_RDONLY), ENOENT, "a missing directory is ENOENT");
    CHECK_ERRNO(open("f/x", O_RDONLY), ENOTDIR, "a file as directory is ENOTDIR");
    CHECK_EQ(symlink("f", "sl"), 0, "symlink");
    CHECK_ERRNO(open("sl", O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a symlink is ELOOP");
    int d = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(d >= 0, 1, "O_DIRECTORY on a directory");
    CHECK_ERRNO(open(".", O_WRONLY), EISDIR, "writing a directory is EISDIR");

    CHECK_EQ(write(fd, "hello world", 11), 11, "write 11 bytes");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11, "SEEK_CUR after the write");
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "SEEK_SET 0");
    char buf[64] = {0};
    CHECK_EQ(read(fd, buf, 5), 5, "read 5");
    CHECK(memcmp(buf, "hello", 5) == 0, "read the first bytes");
    CHECK_EQ(lseek(fd, 1, SEEK_CUR), 6, "SEEK_CUR +1");
    CHECK_EQ(read(fd, buf, 64), 5, "read to the end is short");
    CHECK(memcmp(buf, "world", 5) == 0, "the rest");
    CHECK_EQ(read(fd, buf, 64), 0, "read at end is 0");
    CHECK_EQ(lseek(fd, -3, SEEK_END), 8, "SEEK_END -3");
    CHECK_ERRNO(lseek(fd, -100, SEEK_SET), EINVAL, "a negative offset is EINVAL");
    CHECK_ERRNO(lseek(fd, -100, SEEK_END), EINVAL, "before the start from the end is EINVAL");
    CHECK_ERRNO(lseek(fd, 0, 42), EINVAL, "a bad whence is EINVAL");
    CHECK_EQ(lseek(fd, 20, SEEK_SET), 20, "seek past the end");
    CHECK_EQ(write(fd, "Z", 1), 1, "write past the end");
    struct stat st;
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_size, 21, "the hole grows the file");
    CHECK_EQ(pread(fd, buf, 4, 11), 4, "pread in the hole");
    CHECK(buf[0] == 0 && buf[3] == 0, "the hole reads as zeros");

    CHECK_EQ(pwrite(fd, "HE", 2, 0), 2, "pwrite");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 21, "pwrite leaves the offset");
    CHECK_EQ(pread(fd, buf, 5, 0), 5, "pread");
    CHECK(memcmp(buf, "HEllo", 5) == 0, "pread sees the pwrite");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 21, "pread leaves the offset");
    CHECK_ERRNO(pread(fd, buf, 1, -1), EINVAL, "pread at a negative offset is EINVAL");
    CHECK_EQ(pread(fd, buf, 5, 100), 0, "pread past the end is 0");

    struct iovec iov[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind");
    CHECK_EQ(writev(fd, iov, 3), 5, "writev gathers 5 bytes");
    char a[2], b[4];
    struct iovec rv[2] = { { a, 2 }, { b, 4 } };
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind");
    CHECK_EQ(readv(fd, rv, 2), 6, "readv scatters 6 bytes");
    CHECK(memcmp(a, "ab", 2) == 0 && memcmp(b, "cde ", 4) == 0, "readv content");
    CHECK_ERRNO(writev(fd, iov, -1), EINVAL, "writev with a negative count is EINVAL");
    CHECK_EQ(close(fd), 0, "close");
    CHECK_ERRNO(close(fd), EBADF, "closing twice is EBADF");
    CHECK_ERRNO(close(-1), EBADF, "close(-1) is EBADF");
    CHECK_ERRNO(read(fd, buf, 1), EBADF, "read on a closed fd is EBADF");
    CHECK_ERRNO(write(fd, buf, 1), EBADF, "write on a closed fd is EBADF");

    fd = open("f", O_RDONLY);
    CHECK_ERRNO(write(fd, "x", 1), EBADF, "write on O_RDONLY is EBADF");
    close(fd);
    fd = open("f", O_WRONLY);
    CHECK_ERRNO(read(fd, buf, 1), EBADF, "read on O_WRONLY is EBADF");
    close(fd);

    fd = open("f", O_WRONLY | O_TRUNC);
    CHECK_EQ(fstat(fd, &st), 0, "fstat after O_TRUNC");
    CHECK_EQ(st.st_size, 0, "O_TRUNC empties the file");
    CHECK_EQ(write(fd, "0123", 4), 4, "write 4");
    close(fd);
    fd = open("f", O_WRONLY | O_APPEND);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "seek to 0 under O_APPEND");
    CHECK_EQ(write(fd, "45", 2), 2, "append 2");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6, "O_APPEND writes at the end");
    close(fd);
    fd = open("f", O_RDONLY);
    CHECK_EQ(read(fd, buf, 64), 6, "6 bytes after the append");
    CHECK(memcmp(buf, "012345", 6) == 0, "appended content");
    close(fd);

    fd = openat(d, "g", O_CREAT | O_WRONLY, 0600);
    CHECK_EQ(fd >= 0, 1, "openat relative to a dir fd");
    close(fd);
    CHECK_EQ(access("g", F_OK), 0, "openat made it in the dir");
    CHECK_ERRNO(openat(-1, "g", O_RDONLY), EBADF, "openat with a bad dir fd is EBADF");
    int f2 = open("f", O_RDONLY);
    CHECK_ERRNO(openat(f2, "g", O_RDONLY), ENOTDIR, "openat relative to a file is ENOTDIR");
    char abs[128];
    snprintf(abs, sizeof abs, "%s/g", dir);
    fd = openat(f2, abs, O_RDONLY);
    CHECK_EQ(fd >= 0, 1, "openat ignores the dir fd for an absolute path");
    close(fd); close(f2);
    fd = openat(AT_FDCWD, "g", O_RDONLY);
    CHECK_EQ(fd >= 0, 1, "openat AT_FDCWD");
    close(fd);

    fd = creat("c", 0644);
    CHECK_EQ(fd >= 0, 1, "creat");
    CHECK_EQ(write(fd, "abc", 3), 3, "creat opens for writing");
    CHECK_ERRNO(read(fd, buf, 1), EBADF, "creat is write-only");
    close(fd);
    fd = creat("c", 0644);
    CHECK_EQ(fstat(fd, &st), 0, "fstat");
    CHECK_EQ(st.st_size, 0, "creat truncates");
    close(fd);
    close(d);

    unlink("c"); unlink("g"); unlink("sl"); unlink("f");
    chdir("/");
    CHECK_EQ(rmdir(dir), 0, "clean up");
    return check_done("open_rw");
}
