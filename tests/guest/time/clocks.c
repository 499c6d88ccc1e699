/* Clocks: CLOCK_MONOTONIC never goes back, nanosleep(50 ms) sleeps at least 50 ms and well under
 * a second, gettimeofday agrees with CLOCK_REALTIME, clock_getres, and the EINVAL cases. */
#include "../check.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    struct timespec a, b;
    CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0, "clock_gettime(CLOCK_MONOTONIC)");
    int monotonic = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(b) < ns(a)) monotonic = 0;
        a = b;
    }
    CHECK(monotonic, "CLOCK_MONOTONIC never goes back over 1000 reads");
    CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "tv_nsec is normalized");

    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec sleep_for = { 0, 50 * 1000000L };
    CHECK_EQ(nanosleep(&sleep_for, 0), 0, "nanosleep(50 ms)");
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long slept = ns(b) - ns(a);
    CHECK(slept >= 50000000LL, "nanosleep slept at least 50 ms");
    CHECK(slept < 1000000000LL, "nanosleep slept less than 1 s");
    say("     (slept %lld us)\n", slept / 1000);

    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &(struct timespec){ a.tv_sec, a.tv_nsec }, 0), 0, "clock_nanosleep to a time already past returns at once");
    struct timespec until = a;
    until.tv_nsec += 30000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0), 0, "clock_nanosleep(TIMER_ABSTIME, now + 30 ms)");
    clock_gettime(CLOCK_MONOTONIC, &b);
    CHECK(ns(b) >= ns(until), "it woke no earlier than the deadline");

    struct timespec real;
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &real);
    CHECK_EQ(gettimeofday(&tv, 0), 0, "gettimeofday");
    long long diff = (tv.tv_sec * 1000000LL + tv.tv_usec) - ns(real) / 1000;
    CHECK(diff >= 0 && diff < 1000000, "gettimeofday agrees with CLOCK_REALTIME within a second");
    CHECK(real.tv_sec > 1600000000, "CLOCK_REALTIME is after 2020");
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec is normalized");
    time_t t = time(0);
    CHECK(t >= real.tv_sec && t <= real.tv_sec + 1, "time() agrees");

    struct timespec res;
    CHECK_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0, "clock_getres(CLOCK_MONOTONIC)");
    CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000, "its resolution is at most 10 ms");
    CHECK_EQ(clock_gettime(CLOCK_BOOTTIME, &a), 0, "CLOCK_BOOTTIME");
    CHECK_EQ(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a), 0, "CLOCK_PROCESS_CPUTIME_ID");
    CHECK_ERRNO(syscall(SYS_clock_gettime, 12345, &a), EINVAL, "an unknown clock is EINVAL");
    struct timespec bad = { 0, 1000000000L };
    CHECK_ERRNO(syscall(SYS_nanosleep, &bad, 0), EINVAL, "nanosleep with tv_nsec of 1e9 is EINVAL");
    struct timespec negative = { -1, 0 };
    CHECK_ERRNO(syscall(SYS_nanosleep, &negative, 0), EINVAL, "nanosleep with a negative time is EINVAL");
    return check_done("clocks");
}
