/* pipe/pipe2 (non-blocking, EOF, EPIPE with SIGPIPE ignored, ESPIPE), poll and select on pipes. */
#include "../check.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(void)
{
    int p[2];
    char buf[128];
    CHECK_EQ(pipe(p), 0, "pipe");
    CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY, "the read end is O_RDONLY");
    CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY, "the write end is O_WRONLY");
    CHECK_EQ(fcntl(p[0], F_GETFD), 0, "pipe sets no FD_CLOEXEC");
    struct stat st;
    CHECK_EQ(fstat(p[0], &st), 0, "fstat a pipe");
    CHECK_EQ(S_ISFIFO(st.st_mode), 1, "a pipe is a FIFO");
    CHECK_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe is ESPIPE");
    CHECK_ERRNO(lseek(p[1], 0, SEEK_CUR), ESPIPE, "lseek on the write end is ESPIPE");
    CHECK_ERRNO(pread(p[0], buf, 1, 0), ESPIPE, "pread on a pipe is ESPIPE");
    CHECK_ERRNO(pwrite(p[1], "x", 1, 0), ESPIPE, "pwrite on a pipe is ESPIPE");
    CHECK_ERRNO(write(p[0], "x", 1), EBADF, "writing the read end is EBADF");
    CHECK_ERRNO(read(p[1], buf, 1), EBADF, "reading the write end is EBADF");

    /* poll: nothing readable, writable at once */
    struct pollfd fds[2] = { { p[0], POLLIN, -1 }, { p[1], POLLOUT, -1 } };
    CHECK_EQ(poll(fds, 2, 0), 1, "only the write end is ready");
    CHECK_EQ(fds[0].revents, 0, "the read end has no events");
    CHECK_EQ(fds[1].revents, POLLOUT, "the write end is POLLOUT");
    CHECK_EQ(write(p[1], "hello", 5), 5, "write 5");
    CHECK_EQ(poll(fds, 2, 0), 2, "both are ready");
    CHECK_EQ(fds[0].revents, POLLIN, "the read end is POLLIN");
    CHECK_EQ(read(p[0], buf, sizeof buf), 5, "read gives what is there");
    CHECK_EQ(memcmp(buf, "hello", 5), 0, "content");
    struct pollfd bad = { 999, POLLIN, 0 };
    CHECK_EQ(poll(&bad, 1, 0), 1, "poll counts an invalid fd");
    CHECK_EQ(bad.revents, POLLNVAL, "as POLLNVAL");
    struct pollfd neg = { -1, POLLIN, 5 };
    CHECK_EQ(poll(&neg, 1, 0), 0, "a negative fd is ignored");
    CHECK_EQ(neg.revents, 0, "with revents 0");
    CHECK_EQ(poll(fds, 1, 30), 0, "poll times out on an empty pipe");

    /* woken by another process */
    pid_t child = fork();
    if (child == 0) { usleep(50000); write(p[1], "late", 4); _exit(0); }
    fds[0].revents = 0;
    CHECK_EQ(poll(fds, 1, 5000), 1, "poll woken by a child's write");
    CHECK_EQ(fds[0].revents, POLLIN, "POLLIN");
    waitpid(child, 0, 0);
    CHECK_EQ(read(p[0], buf, sizeof buf), 4, "read the child's bytes");

    /* select */
    fd_set r, w;
    FD_ZERO(&r); FD_ZERO(&w);
    FD_SET(p[0], &r); FD_SET(p[1], &w);
    struct timeval tv = { 0, 0 };
    int nfds = (p[0] > p[1] ? p[0] : p[1]) + 1;
    CHECK_EQ(select(nfds, &r, &w, 0, &tv), 1, "select: only the write end");
    CHECK_EQ(FD_ISSET(p[0], &r), 0, "the read end is not set");
    CHECK_EQ(!!FD_ISSET(p[1], &w), 1, "the write end is set");
    write(p[1], "x", 1);
    FD_ZERO(&r); FD_ZERO(&w);
    FD_SET(p[0], &r); FD_SET(p[1], &w);
    CHECK_EQ(select(nfds, &r, &w, 0, &tv), 2, "select: both");
    CHECK_EQ(!!FD_ISSET(p[0], &r), 1, "the read end is set");
    read(p[0], buf, 1);
    FD_ZERO(&r); FD_SET(p[0], &r);
    tv.tv_sec = 0; tv.tv_usec = 30000;
    CHECK_EQ(select(nfds, &r, 0, 0, &tv), 0, "select times out");
    CHECK_EQ(FD_ISSET(p[0], &r), 0, "and clears the set");
    /* a closed fd below the table size (Linux ignores fds above it) */
    int closed = dup(p[0]);
    close(closed);
    fd_set badset; FD_ZERO(&badset); FD_SET(closed, &badset);
    tv.tv_sec = 0; tv.tv_usec = 0;
    CHECK_ERRNO(select(closed + 1, &badset, 0, 0, &tv), EBADF, "select on a closed fd is EBADF");
    CHECK_ERRNO(select(-1, 0, 0, 0, &tv), EINVAL, "select with a negative nfds is EINVAL");

    /* EOF when the writer is gone; POLLHUP */
    write(p[1], "ab", 2);
    CHECK_EQ(close(p[1]), 0, "close the write end");
    CHECK_EQ(read(p[0], buf, sizeof buf), 2, "buffered data first");
    CHECK_EQ(read(p[0], buf, sizeof buf), 0, "then EOF");
    fds[0].revents = 0;
    CHECK_EQ(poll(fds, 1, 0), 1, "poll on a widowed read end");
    CHECK_EQ(fds[0].revents & POLLHUP, POLLHUP, "POLLHUP");
    FD_ZERO(&r); FD_SET(p[0], &r);
    CHECK_EQ(select(p[0] + 1, &r, 0, 0, &tv), 1, "select says readable at EOF");
    close(p[0]);

    /* pipe2 */
    CHECK_EQ(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0, "pipe2 O_NONBLOCK|O_CLOEXEC");
    CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC, "the read end is close-on-exec");
    CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC, "the write end is close-on-exec");
    CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK, "the read end is non-blocking");
    CHECK_ERRNO(read(p[0], buf, sizeof buf), EAGAIN, "reading an empty non-blocking pipe is EAGAIN");
    /* fill it */
    static char chunk[4096];
    long total = 0;
    for (;;) { long n = write(p[1], chunk, sizeof chunk); if (n < 0) break; total += n; if (total > (1 << 24)) break; }
    CHECK_EQ(errno, EAGAIN, "writing a full non-blocking pipe is EAGAIN");
    CHECK_EQ(total >= 4096 && total <= (1 << 20), 1, "the pipe holds some pages");
    struct pollfd wf = { p[1], POLLOUT, 0 };
    CHECK_EQ(poll(&wf, 1, 0), 0, "a full pipe is not writable");
    long drained = 0;
    for (;;) { long n = read(p[0], chunk, sizeof chunk); if (n <= 0) break; drained += n; }
    CHECK_EQ(drained, total, "everything written is read back");
    CHECK_ERRNO(pipe2(p, 0x1), EINVAL, "pipe2 with a bad flag is EINVAL");

    /* EPIPE with SIGPIPE ignored */
    CHECK_EQ(signal(SIGPIPE, SIG_IGN) != SIG_ERR, 1, "ignore SIGPIPE");
    CHECK_EQ(close(p[0]), 0, "close the read end");
    CHECK_ERRNO(write(p[1], "x", 1), EPIPE, "writing a pipe without readers is EPIPE");
    wf.revents = 0;
    CHECK_EQ(poll(&wf, 1, 0), 1, "poll on a pipe without readers");
    CHECK_EQ(wf.revents & POLLERR, POLLERR, "POLLERR");
    close(p[1]);

    /* SIGPIPE kills by default */
    CHECK_EQ(pipe(p), 0, "pipe");
    close(p[0]);
    child = fork();
    if (child == 0) { signal(SIGPIPE, SIG_DFL); write(p[1], "x", 1); _exit(0); }
    close(p[1]);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK_EQ(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, 1, "SIGPIPE kills a default writer");
    return check_done("pipes_poll");
}
