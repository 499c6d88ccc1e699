/* alarm and setitimer(ITIMER_REAL): SIGALRM after the time (si_code SI_KERNEL), periodic ticks
 * with an interval, getitimer's remaining time, alarm's rounded return value, disarming, a
 * fork child starting without the parent's timer, and SIGALRM's default action. */
#include "../check.h"
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static volatile int ticks, last_code;
static void on_alarm(int signal, siginfo_t *info, void *context) { (void)signal; (void)context; ticks++; last_code = info->si_code; }
static long long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
    set_handler(SIGALRM, on_alarm, SA_SIGINFO);

    CHECK_EQ(alarm(5), 0, "alarm(5) with no alarm set returns 0");
    CHECK_EQ(alarm(3), 5, "alarm(3) returns the previous alarm's remaining seconds (5)");
    CHECK_EQ(alarm(0), 3, "alarm(0) cancels and returns 3");
    struct itimerval current;
    CHECK_EQ(getitimer(ITIMER_REAL, &current), 0, "getitimer(ITIMER_REAL)");
    CHECK(current.it_value.tv_sec == 0 && current.it_value.tv_usec == 0, "no timer is armed after alarm(0)");

    /* One shot after 50 ms. */
    long long start = now_ns();
    struct itimerval once = { { 0, 0 }, { 0, 50000 } }, old;
    CHECK_EQ(setitimer(ITIMER_REAL, &once, &old), 0, "setitimer(ITIMER_REAL, 50 ms)");
    getitimer(ITIMER_REAL, &current);
    CHECK(current.it_value.tv_sec == 0 && current.it_value.tv_usec > 0 && current.it_value.tv_usec <= 50000, "getitimer shows at most 50 ms left");
    while (!ticks && now_ns() - start < 2000000000LL) pause();
    long long waited = now_ns() - start;
    CHECK_EQ(ticks, 1, "SIGALRM arrived");
    CHECK_EQ(last_code, SI_KERNEL, "with si_code SI_KERNEL");
    CHECK(waited >= 50000000LL && waited < 1000000000LL, "after at least 50 ms and under a second");
    getitimer(ITIMER_REAL, &current);
    CHECK(current.it_value.tv_sec == 0 && current.it_value.tv_usec == 0, "a one-shot timer is disarmed after it fired");

    /* Periodic: 20 ms then every 20 ms; three ticks, then disarm. */
    ticks = 0;
    struct itimerval periodic = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &periodic, 0);
    start = now_ns();
    while (ticks < 3 && now_ns() - start < 3000000000LL) pause();
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    CHECK_EQ(setitimer(ITIMER_REAL, &off, &old), 0, "disarm");
    CHECK_EQ(ticks, 3, "a periodic timer ticks again and again");
    CHECK(old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 20000, "the old value reports the 20 ms interval");
    int after = ticks;
    struct timespec t = { 0, 100 * 1000000L };
    nanosleep(&t, 0);
    CHECK_EQ(ticks, after, "no tick after disarming");

    struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
    CHECK_ERRNO(setitimer(ITIMER_REAL, &bad, 0), EINVAL, "tv_usec of 1000000 is EINVAL");
    CHECK_ERRNO(setitimer(12345, &once, 0), EINVAL, "an unknown timer is EINVAL");

    /* A child does not inherit the timer; SIGALRM's default action kills. */
    alarm(10);
    pid_t child = fork();
    if (child == 0) {
        struct itimerval c;
        getitimer(ITIMER_REAL, &c);
        if (c.it_value.tv_sec != 0 || c.it_value.tv_usec != 0) _exit(1);
        signal(SIGALRM, SIG_DFL);
        struct itimerval soon = { { 0, 0 }, { 0, 10000 } };
        setitimer(ITIMER_REAL, &soon, 0);
        for (;;) pause();
    }
    int status;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM, "the child had no timer of ours, and its own SIGALRM killed it");
    alarm(0);
    return check_done("alarm");
}
