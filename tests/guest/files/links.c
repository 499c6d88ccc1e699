/* link/linkat, symlink/symlinkat/readlink/readlinkat, rename/renameat/renameat2. */
#include "../check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static long nlink_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_nlink : -1;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return -1;
    int n = write(fd, text, strlen(text));
    close(fd);
    return n;
}

static int read_file(const char *path, char *buf, int size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int n = read(fd, buf, size - 1);
    close(fd);
    if (n >= 0) buf[n] = 0;
    return n;
}

int main(void)
{
    char dir[] = "/tmp/linksXXXXXX";
    char *made = mkdtemp(dir);
    CHECK(made != 0, "mkdtemp");
    CHECK_EQ(chdir(dir), 0, "chdir into the temp dir");
    int d = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(mkdir("sub", 0755), 0, "mkdir sub");
    CHECK_EQ(write_file("f", "data"), 4, "create f");
    char buf[256];

    /* hard links */
    CHECK_EQ(nlink_of("f"), 1, "one link");
    CHECK_EQ(link("f", "g"), 0, "link");
    CHECK_EQ(nlink_of("f"), 2, "two links");
    CHECK_EQ(linkat(d, "f", d, "sub/h", 0), 0, "linkat");
    CHECK_EQ(nlink_of("g"), 3, "three links");
    struct stat a, b;
    stat("f", &a); stat("sub/h", &b);
    CHECK_EQ(a.st_ino, b.st_ino, "the links share an inode");
    CHECK_EQ(write_file("g", "DATA"), 4, "write through g");
    CHECK_EQ(read_file("sub/h", buf, sizeof buf), 4, "read through h");
    CHECK_EQ(strcmp(buf, "DATA"), 0, "the links share content");
    CHECK_ERRNO(link("f", "g"), EEXIST, "link to an existing name is EEXIST");
    CHECK_ERRNO(link("missing", "x"), ENOENT, "link of a missing file is ENOENT");
    CHECK_ERRNO(link("sub", "sub2"), EPERM, "link of a directory is EPERM");
    CHECK_ERRNO(linkat(d, "f", d, "x", 0x1), EINVAL, "linkat with a bad flag is EINVAL");
    CHECK_EQ(unlink("g"), 0, "unlink g");
    CHECK_EQ(nlink_of("f"), 2, "two links after unlink");
    int fd = open("sub/h", O_RDONLY);
    CHECK_EQ(unlinkat(d, "sub/h", 0), 0, "unlinkat h");
    CHECK_EQ(nlink_of("f"), 1, "one link left");
    struct stat st;
    CHECK_EQ(unlink("f"), 0, "unlink the last name");
    CHECK_EQ(fstat(fd, &st), 0, "fstat an open unlinked file");
    CHECK_EQ(st.st_nlink, 0, "no links left");
    CHECK_EQ(read(fd, buf, sizeof buf), 4, "its data is still readable");
    close(fd);
    CHECK_EQ(write_file("f", "data"), 4, "create f again");

    /* symlinks */
    CHECK_EQ(symlink("f", "s"), 0, "symlink");
    CHECK_ERRNO(symlink("f", "s"), EEXIST, "symlink over an existing name is EEXIST");
    CHECK_EQ(readlink("s", buf, sizeof buf), 1, "readlink returns the length");
    CHECK_EQ(buf[0], 'f', "readlink returns the target");
    memset(buf, 'X', sizeof buf);
    CHECK_EQ(symlinkat("../f", d, "sub/s2"), 0, "symlinkat");
    CHECK_EQ(readlinkat(d, "sub/s2", buf, 2), 2, "readlinkat truncates to the buffer");
    CHECK_EQ(buf[0] == '.' && buf[1] == '.' && buf[2] == 'X', 1, "without a NUL");
    CHECK_EQ(readlinkat(d, "sub/s2", buf, sizeof buf), 4, "readlinkat");
    CHECK_EQ(memcmp(buf, "../f", 4), 0, "readlinkat target");
    CHECK_EQ(read_file("sub/s2", buf, sizeof buf), 4, "open follows a relative link");
    CHECK_EQ(strcmp(buf, "data"), 0, "relative to the link's directory");
    CHECK_ERRNO(readlink("f", buf, sizeof buf), EINVAL, "readlink of a file is EINVAL");
    CHECK_ERRNO(readlink("missing", buf, sizeof buf), ENOENT, "readlink of a missing name is ENOENT");
    CHECK_ERRNO(syscall(SYS_readlink, "s", buf, 0), EINVAL, "readlink with size 0 is EINVAL"); /* musl hides size 0 */
    CHECK_EQ(symlink("dangling-target", "dang"), 0, "a dangling symlink");
    CHECK_ERRNO(open("dang", O_RDONLY), ENOENT, "opening a dangling link is ENOENT");
    CHECK_EQ(lstat("dang", &st), 0, "lstat a dangling link");
    fd = open("dang", O_CREAT | O_WRONLY, 0644);
    CHECK_EQ(fd >= 0, 1, "O_CREAT through a dangling link creates the target");
    close(fd);
    CHECK_EQ(access("dangling-target", F_OK), 0, "the target exists now");
    CHECK_EQ(symlink("loop2", "loop1"), 0, "loop1");
    CHECK_EQ(symlink("loop1", "loop2"), 0, "loop2");
    CHECK_ERRNO(open("loop1", O_RDONLY), ELOOP, "a symlink loop is ELOOP");
    CHECK_EQ(symlink("sub", "sdir"), 0, "a link to a dir");
    CHECK_EQ(stat("sdir/s2", &st), 0, "a path through a dir link");
    CHECK_ERRNO(symlink("", "empty"), ENOENT, "an empty target is ENOENT");
    CHECK_EQ(link("s", "s-hard"), 0, "link to a symlink");
    CHECK_EQ(lstat("s-hard", &st), 0, "lstat");
    CHECK_EQ(S_ISLNK(st.st_mode), 1, "link() does not follow the symlink");
    CHECK_EQ(linkat(d, "s", d, "s-follow", AT_SYMLINK_FOLLOW), 0, "linkat AT_SYMLINK_FOLLOW");
    CHECK_EQ(lstat("s-follow", &st), 0, "lstat");
    CHECK_EQ(S_ISREG(st.st_mode), 1, "AT_SYMLINK_FOLLOW links the target");
    CHECK_EQ(nlink_of("f"), 2, "f has two links");

    /* rename */
    CHECK_EQ(write_file("r1", "one"), 3, "r1");
    CHECK_EQ(write_file("r2", "two"), 3, "r2");
    CHECK_EQ(rename("r1", "r3"), 0, "rename to a new name");
    CHECK_ERRNO(access("r1", F_OK), ENOENT, "the old name is gone");
    CHECK_EQ(rename("r3", "r2"), 0, "rename over a file");
    CHECK_EQ(read_file("r2", buf, sizeof buf), 3, "read r2");
    CHECK_EQ(strcmp(buf, "one"), 0, "rename replaced the content");
    CHECK_EQ(rename("r2", "r2"), 0, "rename to itself");
    CHECK_ERRNO(rename("missing", "x"), ENOENT, "rename of a missing name is ENOENT");
    CHECK_ERRNO(rename("r2", "sub"), EISDIR, "rename a file over a dir is EISDIR");
    CHECK_EQ(mkdir("e", 0755), 0, "mkdir e");
    CHECK_ERRNO(rename("e", "r2"), ENOTDIR, "rename a dir over a file is ENOTDIR");
    CHECK_ERRNO(rename("e", "sub"), ENOTEMPTY, "rename a dir over a non-empty dir is ENOTEMPTY");
    CHECK_ERRNO(rename("sub", "sub/inside"), EINVAL, "rename a dir into itself is EINVAL");
    CHECK_EQ(mkdir("e2", 0755), 0, "mkdir e2");
    CHECK_EQ(rename("e", "e2"), 0, "rename a dir over an empty dir");
    CHECK_ERRNO(access("e", F_OK), ENOENT, "e is gone");
    CHECK_EQ(renameat(d, "r2", d, "sub/r2"), 0, "renameat into sub");
    CHECK_EQ(read_file("sub/r2", buf, sizeof buf), 3, "read sub/r2");
    CHECK_EQ(write_file("n1", "1"), 1, "n1");
    CHECK_EQ(write_file("n2", "2"), 1, "n2");
    CHECK_ERRNO(syscall(SYS_renameat2, d, "n1", d, "n2", 1 /* RENAME_NOREPLACE */), EEXIST, "RENAME_NOREPLACE over a file is EEXIST");
    CHECK_EQ(read_file("n2", buf, sizeof buf), 1, "read n2");
    CHECK_EQ(buf[0], '2', "n2 is untouched");
    CHECK_EQ(syscall(SYS_renameat2, d, "n1", d, "n3", 1), 0, "RENAME_NOREPLACE to a new name");
    CHECK_EQ(access("n3", F_OK), 0, "n3 exists");
    CHECK_ERRNO(syscall(SYS_renameat2, d, "n3", d, "n2", 3), EINVAL, "RENAME_NOREPLACE|RENAME_EXCHANGE is EINVAL");
    CHECK_EQ(syscall(SYS_renameat2, d, "n3", d, "n2", 0), 0, "renameat2 with flags 0 replaces");
    CHECK_EQ(read_file("n2", buf, sizeof buf), 1, "read n2");
    CHECK_EQ(buf[0], '1', "n2 has n1's content");
    CHECK_EQ(rename("s", "s-renamed"), 0, "rename a symlink");
    CHECK_EQ(readlink("s-renamed", buf, sizeof buf), 1, "the symlink moved, not its target");

    const char *files[] = { "f", "s-renamed", "sub/s2", "sub/r2", "dang", "dangling-target", "loop1", "loop2", "sdir", "s-hard", "s-follow", "n2" };
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) CHECK_EQ(unlink(files[i]), 0, "unlink");
    CHECK_EQ(rmdir("e2"), 0, "rmdir e2");
    CHECK_EQ(rmdir("sub"), 0, "rmdir sub");
    close(d);
    chdir("/");
    CHECK_EQ(rmdir(dir), 0, "clean up");
    return check_done("links");
}
