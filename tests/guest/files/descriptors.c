/* fcntl (F_DUPFD, FD_CLOEXEC, O_NONBLOCK, F_SETLK/F_GETLK), flock, dup/dup2/dup3, close_range. */
#include "../check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(void)
{
    char path[] = "/tmp/descriptorsXXXXXX";
    int fd = mkstemp(path);
    CHECK_EQ(fd >= 0, 1, "mkstemp");
    CHECK_EQ(write(fd, "0123456789", 10), 10, "write");

    /* dup family */
    int d1 = dup(fd);
    CHECK_EQ(d1 > fd, 1, "dup gives a new fd");
    CHECK_EQ(lseek(fd, 3, SEEK_SET), 3, "seek the original");
    CHECK_EQ(lseek(d1, 0, SEEK_CUR), 3, "the dup shares the offset");
    CHECK_ERRNO(dup(-1), EBADF, "dup(-1) is EBADF");
    CHECK_EQ(dup2(fd, 50), 50, "dup2 to 50");
    CHECK_EQ(lseek(50, 0, SEEK_CUR), 3, "fd 50 shares the offset");
    CHECK_EQ(dup2(d1, 50), 50, "dup2 over an open fd");
    CHECK_EQ(dup2(50, 50), 50, "dup2 to itself returns the fd");
    CHECK_ERRNO(dup2(99, 51), EBADF, "dup2 from a closed fd is EBADF");
    CHECK_ERRNO(fcntl(51, F_GETFD), EBADF, "and does not open the target");
    CHECK_ERRNO(dup2(fd, -1), EBADF, "dup2 to -1 is EBADF");
    CHECK_EQ(dup3(fd, 51, O_CLOEXEC), 51, "dup3 with O_CLOEXEC");
    CHECK_EQ(fcntl(51, F_GETFD), FD_CLOEXEC, "dup3 set FD_CLOEXEC");
    CHECK_EQ(fcntl(50, F_GETFD), 0, "dup2 clears FD_CLOEXEC");
    CHECK_ERRNO(dup3(fd, fd, 0), EINVAL, "dup3 to the same fd is EINVAL");

    /* fcntl */
    CHECK_EQ(fcntl(fd, F_DUPFD, 60), 60, "F_DUPFD takes the lowest fd >= 60");
    CHECK_EQ(fcntl(fd, F_DUPFD, 60), 61, "F_DUPFD skips a used fd");
    CHECK_EQ(fcntl(61, F_GETFD), 0, "F_DUPFD clears FD_CLOEXEC");
    CHECK_EQ(fcntl(fd, F_DUPFD_CLOEXEC, 60), 62, "F_DUPFD_CLOEXEC");
    CHECK_EQ(fcntl(62, F_GETFD), FD_CLOEXEC, "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
    CHECK_ERRNO(fcntl(fd, F_DUPFD, -1), EINVAL, "F_DUPFD with a negative minimum is EINVAL");
    CHECK_EQ(fcntl(fd, F_GETFD), 0, "no FD_CLOEXEC at first");
    CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "F_GETFD sees it");
    CHECK_EQ(fcntl(d1, F_GETFD), 0, "FD_CLOEXEC is per descriptor");
    CHECK_EQ(fcntl(fd, F_SETFD, 0), 0, "clear FD_CLOEXEC");
    CHECK_EQ(fcntl(fd, F_GETFD), 0, "cleared");
    int fl = fcntl(fd, F_GETFL);
    CHECK_EQ(fl & O_ACCMODE, O_RDWR, "F_GETFL access mode");
    CHECK_EQ(fl & O_NONBLOCK, 0, "not non-blocking");
    CHECK_EQ(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0, "F_SETFL O_NONBLOCK");
    CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK, "F_GETFL sees O_NONBLOCK");
    CHECK_EQ(fcntl(d1, F_GETFL) & O_NONBLOCK, O_NONBLOCK, "status flags are shared with the dup");
    CHECK_EQ(fcntl(fd, F_SETFL, O_APPEND), 0, "F_SETFL O_APPEND");
    CHECK_EQ(fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK | O_ACCMODE), O_APPEND | O_RDWR, "F_SETFL replaced the flags, kept the access mode");
    CHECK_EQ(fcntl(fd, F_SETFL, 0), 0, "F_SETFL 0");
    CHECK_ERRNO(fcntl(-1, F_GETFL), EBADF, "fcntl(-1) is EBADF");
    CHECK_ERRNO(fcntl(fd, 9999), EINVAL, "an unknown command is EINVAL");

    /* record locks: F_GETLK from another process sees ours */
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    CHECK_EQ(fcntl(fd, F_SETLK, &lk), 0, "F_SETLK a write lock on 0..4");
    lk.l_type = F_WRLCK; lk.l_start = 0; lk.l_len = 0;
    CHECK_EQ(fcntl(fd, F_GETLK, &lk), 0, "F_GETLK in the owner");
    CHECK_EQ(lk.l_type, F_UNLCK, "our own lock does not conflict");
    pid_t child = fork();
    if (child == 0) {
        int ok = 1;
        struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 1 };
        if (fcntl(fd, F_GETLK, &q) != 0) ok = 0;
        if (q.l_type != F_WRLCK || q.l_start != 0 || q.l_len != 5 || q.l_pid != getppid()) ok = 0;
        struct flock w = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 1 };
        errno = 0;
        if (fcntl(fd, F_SETLK, &w) != -1 || (errno != EAGAIN && errno != EACCES)) ok = 0;
        struct flock free_range = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 5 };
        if (fcntl(fd, F_SETLK, &free_range) != 0) ok = 0;
        _exit(ok ? 0 : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    CHECK_EQ(status, 0, "a child sees the conflict (F_GETLK) and cannot take it (F_SETLK EAGAIN), but locks a free range");
    lk.l_type = F_UNLCK; lk.l_start = 0; lk.l_len = 0;
    CHECK_EQ(fcntl(fd, F_SETLK, &lk), 0, "F_SETLK F_UNLCK");
    lk.l_type = 42;
    CHECK_ERRNO(fcntl(fd, F_SETLK, &lk), EINVAL, "a bad lock type is EINVAL");
    int ro = open(path, O_RDONLY);
    struct flock wl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    CHECK_ERRNO(fcntl(ro, F_SETLK, &wl), EBADF, "a write lock on a read-only fd is EBADF");

    /* flock */
    CHECK_EQ(flock(fd, LOCK_EX | LOCK_NB), 0, "flock LOCK_EX|LOCK_NB");
    int other = open(path, O_RDWR);
    CHECK_ERRNO(flock(other, LOCK_EX | LOCK_NB), EWOULDBLOCK, "a second open file cannot take it");
    CHECK_ERRNO(flock(other, LOCK_SH | LOCK_NB), EWOULDBLOCK, "nor share it");
    CHECK_EQ(flock(d1, LOCK_EX | LOCK_NB), 0, "a dup shares the lock");
    CHECK_EQ(flock(fd, LOCK_UN), 0, "LOCK_UN");
    CHECK_EQ(flock(other, LOCK_SH | LOCK_NB), 0, "now another may share");
    CHECK_EQ(flock(ro, LOCK_SH | LOCK_NB), 0, "two shared locks");
    CHECK_ERRNO(flock(fd, LOCK_EX | LOCK_NB), EWOULDBLOCK, "exclusive is refused while shared");
    CHECK_EQ(close(other), 0, "closing releases");
    CHECK_EQ(flock(ro, LOCK_UN), 0, "unlock");
    CHECK_EQ(flock(fd, LOCK_EX | LOCK_NB), 0, "exclusive again");
    CHECK_ERRNO(flock(fd, 0), EINVAL, "flock with no operation is EINVAL");
    CHECK_ERRNO(flock(-1, LOCK_EX), EBADF, "flock(-1) is EBADF");
    flock(fd, LOCK_UN);
    close(ro);

    /* close_range */
    for (int i = 70; i < 75; i++) CHECK_EQ(dup2(fd, i), i, "dup2 into 70..74");
    CHECK_EQ(syscall(SYS_close_range, 71, 73, 0), 0, "close_range 71..73");
    CHECK_EQ(fcntl(70, F_GETFD), 0, "70 stays open");
    CHECK_ERRNO(fcntl(71, F_GETFD), EBADF, "71 is closed");
    CHECK_ERRNO(fcntl(73, F_GETFD), EBADF, "73 is closed");
    CHECK_EQ(fcntl(74, F_GETFD), 0, "74 stays open");
    CHECK_EQ(syscall(SYS_close_range, 70, 74, 4 /* CLOSE_RANGE_CLOEXEC */), 0, "close_range CLOSE_RANGE_CLOEXEC");
    CHECK_EQ(fcntl(70, F_GETFD), FD_CLOEXEC, "70 is close-on-exec");
    CHECK_EQ(fcntl(74, F_GETFD), FD_CLOEXEC, "74 is close-on-exec");
    CHECK_ERRNO(syscall(SYS_close_range, 74, 70, 0), EINVAL, "a reversed range is EINVAL");
    CHECK_ERRNO(syscall(SYS_close_range, 70, 74, 0x80), EINVAL, "a bad flag is EINVAL");
    CHECK_EQ(syscall(SYS_close_range, 60, ~0u, 0), 0, "close_range to the end");
    CHECK_ERRNO(fcntl(60, F_GETFD), EBADF, "60 is closed");
    CHECK_ERRNO(fcntl(74, F_GETFD), EBADF, "74 is closed");
    CHECK_EQ(fcntl(51, F_GETFD), FD_CLOEXEC, "51 stays open");

    close(50); close(51); close(d1); close(fd);
    CHECK_EQ(unlink(path), 0, "clean up");
    return check_done("descriptors");
}
