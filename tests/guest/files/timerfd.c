/* timerfd counts expirations, wakes poll and epoll, and reports what is left. */
#include "../check.h"
#include <stdint.h>
#include <poll.h>
#include <sys/timerfd.h>
#include <time.h>

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(void)
{
    CHECK_ERRNO(timerfd_create(12345, 0), EINVAL, "an unknown clock is EINVAL");
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    CHECK(fd >= 0, "timerfd_create");
    uint64_t count = 0;
    CHECK_ERRNO(read(fd, &count, 8), EAGAIN, "a disarmed timer has nothing to read");

    struct itimerspec once = { { 0, 0 }, { 0, 100 * 1000000L } };
    CHECK_EQ(timerfd_settime(fd, 0, &once, 0), 0, "arm 100 ms");
    struct itimerspec left;
    CHECK_EQ(timerfd_gettime(fd, &left), 0, "gettime");
    CHECK(left.it_value.tv_sec == 0 && left.it_value.tv_nsec > 0 && left.it_value.tv_nsec <= 100 * 1000000L, "time left is at most 100 ms");
    long long start = now_ms();
    struct pollfd p = { .fd = fd, .events = POLLIN };
    CHECK_EQ(poll(&p, 1, 5000), 1, "poll wakes at expiry");
    long long waited = now_ms() - start;
    CHECK(waited >= 90 && waited < 2000, "after about 100 ms");
    CHECK_EQ(read(fd, &count, 8), 8, "read gives 8 bytes");
    CHECK_EQ(count, 1, "one expiration");
    CHECK_ERRNO(read(fd, &count, 8), EAGAIN, "and then nothing");

    struct itimerspec periodic = { { 0, 20 * 1000000L }, { 0, 20 * 1000000L } };
    timerfd_settime(fd, 0, &periodic, 0);
    struct timespec pause = { 0, 150 * 1000000L };
    nanosleep(&pause, 0);
    read(fd, &count, 8);
    CHECK(count >= 3, "a periodic timer counts every expiration");
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    timerfd_settime(fd, 0, &off, 0);
    CHECK_EQ(timerfd_gettime(fd, &left), 0, "gettime after disarm");
    CHECK(left.it_value.tv_sec == 0 && left.it_value.tv_nsec == 0, "disarmed shows zero");
    return check_done("timerfd");
}
