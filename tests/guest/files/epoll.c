/* eventfd counts, epoll reports readiness of pipes and eventfds and wakes for a child's write. */
#include "../check.h"
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>

int main(void)
{
    int efd = eventfd(0, EFD_NONBLOCK);
    uint64_t v = 0;
    CHECK_ERRNO(read(efd, &v, 8), EAGAIN, "an empty eventfd is EAGAIN");
    v = 5; write(efd, &v, 8);
    v = 2; write(efd, &v, 8);
    CHECK_EQ(read(efd, &v, 8), 8, "eventfd read gives 8 bytes");
    CHECK_EQ(v, 7, "eventfd sums the writes");
    CHECK_ERRNO(read(efd, &v, 4), EINVAL, "a short eventfd read is EINVAL");

    int p[2];
    CHECK_EQ(pipe(p), 0, "pipe");
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0, "epoll_create1");
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 42 };
    CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e), 0, "watch the pipe");
    CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e), EEXIST, "watching twice is EEXIST");
    CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &e), ENOENT, "modifying an unwatched fd is ENOENT");
    CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e), EINVAL, "an epoll cannot watch itself");
    CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_DEL, 999, &e), EBADF, "a bad fd is EBADF");
    struct epoll_event out[4];
    CHECK_EQ(epoll_wait(ep, out, 4, 0), 0, "nothing is ready yet");
    CHECK_ERRNO(epoll_wait(ep, out, 0, 0), EINVAL, "maxevents 0 is EINVAL");

    if (fork() == 0) {
        usleep(50000);
        write(p[1], "x", 1);
        _exit(0);
    }
    int n = epoll_wait(ep, out, 4, 5000);
    CHECK_EQ(n, 1, "woken by the child's write");
    CHECK_EQ(out[0].data.u64, 42, "with the watch's data");
    CHECK(out[0].events & EPOLLIN, "as readable");
    wait(0);

    e.events = EPOLLIN;
    e.data.u64 = 7;
    CHECK_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e), 0, "watch the eventfd");
    v = 1; write(efd, &v, 8);
    CHECK_EQ(epoll_wait(ep, out, 4, 0), 2, "both are ready");
    char c;
    read(p[0], &c, 1);
    read(efd, &v, 8);
    CHECK_EQ(epoll_wait(ep, out, 4, 0), 0, "drained, nothing is ready");
    return check_done("epoll");
}
