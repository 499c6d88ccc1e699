/* Taking blocked signals synchronously and queueing them with a value: sigwaitinfo and
 * sigtimedwait (rt_sigtimedwait), sigqueue (rt_sigqueueinfo) with si_value and SI_QUEUE. */
#include "../check.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, 0);

    siginfo_t info;
    raise(SIGUSR1);
    CHECK_EQ(sigwaitinfo(&set, &info), SIGUSR1, "sigwaitinfo takes a pending blocked signal");
    CHECK_EQ(info.si_signo, SIGUSR1, "si_signo");
    CHECK_EQ(info.si_code, SI_TKILL, "si_code SI_TKILL (raise)");
    sigset_t pending;
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGUSR1), "and it is no longer pending");

    struct timespec zero = { 0, 0 }, fifty = { 0, 50 * 1000000L };
    CHECK_ERRNO(sigtimedwait(&set, &info, &zero), EAGAIN, "sigtimedwait with a zero timeout and nothing pending is EAGAIN");
    long long start = now_ns();
    CHECK_ERRNO(sigtimedwait(&set, &info, &fifty), EAGAIN, "sigtimedwait(50 ms) with nothing sent is EAGAIN");
    CHECK(now_ns() - start >= 50000000LL, "after at least 50 ms");

    pid_t child = signal_us_later(SIGUSR2, 50);
    CHECK_EQ(sigwaitinfo(&set, &info), SIGUSR2, "sigwaitinfo sleeps until a signal in the set comes");
    CHECK_EQ(info.si_pid, child, "si_pid is the sender");
    CHECK_EQ(info.si_code, SI_USER, "si_code SI_USER (kill)");
    waitpid(child, 0, 0);

    for (int i = 0; i < 3; i++) sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 42 + i });
    int order_ok = 1;
    for (int i = 0; i < 3; i++) {
        if (sigwaitinfo(&set, &info) != SIGRTMIN || info.si_code != SI_QUEUE || info.si_value.sival_int != 42 + i || info.si_pid != getpid()) order_ok = 0;
    }
    CHECK(order_ok, "three sigqueue values arrive in order with SI_QUEUE and our pid");
    CHECK_ERRNO(sigqueue(getpid(), 99, (union sigval){ 0 }), EINVAL, "sigqueue with signal 99 is EINVAL");
    siginfo_t forged = { 0 };
    forged.si_code = SI_USER;
    CHECK_ERRNO(syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR1, &forged), EPERM, "rt_sigqueueinfo to another process with si_code SI_USER is EPERM");
    sigset_t empty;
    sigemptyset(&empty);
    CHECK_ERRNO(syscall(SYS_rt_sigtimedwait, &set, &info, &zero, 4), EINVAL, "rt_sigtimedwait with a wrong set size is EINVAL");
    return check_done("sigwait");
}
