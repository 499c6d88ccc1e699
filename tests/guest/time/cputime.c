/* CPU-time accounting: a busy loop is user time, a sleep is neither; the CPU-time clocks
 * (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, clock_getcpuclockid,
 * pthread_getcpuclockid), getrusage (self, children, thread), times, wait4's rusage,
 * /proc/[pid]/stat and /proc/stat; ITIMER_VIRTUAL and ITIMER_PROF fire on CPU time only. */
#include "../check.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>

static volatile unsigned long sink;
static volatile int vtalrm, prof;
static void on_vtalrm(int s) { (void)s; vtalrm++; }
static void on_prof(int s) { (void)s; prof++; }

static long long clock_ns(clockid_t clock)
{
    struct timespec t;
    if (clock_gettime(clock, &t) != 0) return -1;
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long tv_ns(struct timeval t) { return t.tv_sec * 1000000000LL + t.tv_usec * 1000LL; }

/* Computes until the given clock has advanced by ns (or 10 s of wall time went by, or stop
 * becomes non-zero), looking at the clock only every so often so that the loop is user time. */
static void spin(clockid_t clock, long long ns, volatile int *stop)
{
    long long start = clock_ns(clock), wall = clock_ns(CLOCK_MONOTONIC);
    while (clock_ns(clock) - start < ns && clock_ns(CLOCK_MONOTONIC) - wall < 10000000000LL && !(stop && *stop))
        for (int i = 0; i < 200000; i++) sink += i;
}

static void sleep_ms(int ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&t, &t) != 0) { }
}

/* Field n (1-based) of /proc/<pid>/stat, or -1. */
static long long stat_field(const char *path, int n)
{
    char text[1024];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int len = read(fd, text, sizeof text - 1);
    close(fd);
    if (len <= 0) return -1;
    text[len] = 0;
    char *p = strrchr(text, ')');      /* the name may hold spaces */
    if (!p) return -1;
    p += 2;                             /* field 3, the state */
    for (int field = 3; field < n; field++) {
        p = strchr(p, ' ');
        if (!p) return -1;
        p++;
    }
    return atoll(p);
}

static void *busy_thread(void *arg)
{
    (void)arg;
    spin(CLOCK_THREAD_CPUTIME_ID, 300000000LL, 0);
    return 0;
}

int main(void)
{
    /* The guest's runner has no /proc mounted: mount it where it is missing. */
    if (access("/proc/self", F_OK) != 0) { mkdir("/proc", 0555); mount("proc", "/proc", "proc", 0, 0); }
    /* A busy loop of 0.3 s of CPU time is user time. */
    struct rusage before, after;
    CHECK_EQ(getrusage(RUSAGE_SELF, &before), 0, "getrusage(RUSAGE_SELF)");
    long long wall = clock_ns(CLOCK_MONOTONIC), cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    spin(CLOCK_PROCESS_CPUTIME_ID, 300000000LL, 0);
    long long cpu_used = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu, wall_used = clock_ns(CLOCK_MONOTONIC) - wall;
    getrusage(RUSAGE_SELF, &after);
    long long user = tv_ns(after.ru_utime) - tv_ns(before.ru_utime), system = tv_ns(after.ru_stime) - tv_ns(before.ru_stime);
    CHECK(cpu_used >= 300000000LL && cpu_used < 2000000000LL, "CLOCK_PROCESS_CPUTIME_ID advanced by the 0.3 s spun");
    CHECK(wall_used >= cpu_used - 5000000LL, "one thread's CPU time is no more than the wall time");
    CHECK(user > 200000000LL, "getrusage: the busy loop is user time (> 0.2 s)");
    CHECK(system < 100000000LL, "getrusage: and little system time (< 0.1 s)");
    say("     (user %lld ms, system %lld ms, wall %lld ms)\n", user / 1000000, system / 1000000, wall_used / 1000000);
    struct timespec res;
    CHECK_EQ(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res), 0, "clock_getres(CLOCK_PROCESS_CPUTIME_ID)");
    CHECK(res.tv_sec == 0 && res.tv_nsec == 1, "  is 1 ns");
    CHECK_EQ(clock_getres(CLOCK_THREAD_CPUTIME_ID, &res), 0, "clock_getres(CLOCK_THREAD_CPUTIME_ID)");

    /* times and /proc/self/stat show the same in clock ticks. */
    struct tms t;
    clock_t ticks = times(&t);
    CHECK(ticks != (clock_t)-1, "times");
    CHECK(t.tms_utime >= 20, "times: tms_utime >= 20 ticks");
    CHECK(t.tms_stime < 10 + t.tms_utime / 2, "times: tms_stime small");
    long long stat_utime = stat_field("/proc/self/stat", 14);
    CHECK(stat_utime >= 20, "/proc/self/stat utime >= 20 ticks");
    CHECK(stat_field("/proc/self/stat", 15) >= 0, "/proc/self/stat stime is a number");
    CHECK_EQ(stat_field("/proc/self/stat", 16), 0, "/proc/self/stat cutime is 0 before any child");
    {
        char text[256] = { 0 };
        int fd = open("/proc/stat", O_RDONLY);
        read(fd, text, sizeof text - 1);
        close(fd);
        unsigned long long u = 0, n = 0, s = 0, idle = 0;
        CHECK_EQ(sscanf(text, "cpu %llu %llu %llu %llu", &u, &n, &s, &idle), 4, "/proc/stat has a cpu line");
        CHECK(u >= 20, "/proc/stat: user ticks count the busy loop");
        CHECK(idle > 0, "/proc/stat: idle ticks count");
    }

    /* Sleeping uses no CPU time. */
    cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    sleep_ms(200);
    CHECK(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu < 50000000LL, "a 200 ms sleep adds under 50 ms of CPU time");

    /* Threads: each has its own clock, the process clock sums them. */
    pthread_t thread;
    long long self_before = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    struct rusage thread_before;
    getrusage(RUSAGE_THREAD, &thread_before);
    cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    pthread_create(&thread, 0, busy_thread, 0);
    clockid_t thread_clock;
    CHECK_EQ(pthread_getcpuclockid(thread, &thread_clock), 0, "pthread_getcpuclockid");
    long long seen = 0, wall_start = clock_ns(CLOCK_MONOTONIC);
    while (seen < 100000000LL && clock_ns(CLOCK_MONOTONIC) - wall_start < 5000000000LL) {
        sleep_ms(20);
        seen = clock_ns(thread_clock);
    }
    CHECK(seen >= 100000000LL, "the busy thread's clock, read by another thread, passes 0.1 s");
    pthread_join(thread, 0);
    struct rusage thread_after;
    getrusage(RUSAGE_THREAD, &thread_after);
    CHECK(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu >= 300000000LL, "the process clock includes the thread's 0.3 s, after it ended");
    CHECK(clock_ns(CLOCK_THREAD_CPUTIME_ID) - self_before < 100000000LL, "the waiting thread's own clock stays small");
    CHECK(tv_ns(thread_after.ru_utime) - tv_ns(thread_before.ru_utime) < 100000000LL, "RUSAGE_THREAD: only the caller's time");
    clockid_t own;
    CHECK_EQ(clock_getcpuclockid(getpid(), &own), 0, "clock_getcpuclockid(getpid())");
    CHECK(clock_ns(own) >= clock_ns(CLOCK_THREAD_CPUTIME_ID), "the process's clock by pid reads at least the thread's");

    /* Children: their time reaches the parent when they are reaped. */
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    CHECK(tv_ns(children.ru_utime) == 0, "RUSAGE_CHILDREN is 0 before any child");
    pid_t child = fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) { spin(CLOCK_PROCESS_CPUTIME_ID, 200000000LL, 0); _exit(0); }
        waitpid(grandchild, 0, 0);
        spin(CLOCK_PROCESS_CPUTIME_ID, 200000000LL, 0);
        _exit(0);
    }
    clockid_t child_clock;
    CHECK_EQ(clock_getcpuclockid(child, &child_clock), 0, "clock_getcpuclockid(child)");
    wall_start = clock_ns(CLOCK_MONOTONIC);
    seen = 0;
    while (seen < 50000000LL && clock_ns(CLOCK_MONOTONIC) - wall_start < 5000000000LL) {
        sleep_ms(20);
        seen = clock_ns(child_clock);
    }
    CHECK(seen >= 50000000LL, "the child's clock, read by the parent, advances");
    siginfo_t info;
    waitid(P_PID, child, &info, WEXITED | WNOWAIT);
    getrusage(RUSAGE_CHILDREN, &children);
    CHECK(tv_ns(children.ru_utime) == 0, "RUSAGE_CHILDREN stays 0 until the child is reaped");
    struct rusage usage;
    int status;
    CHECK_EQ(wait4(child, &status, 0, &usage), child, "wait4 with rusage");
    CHECK(tv_ns(usage.ru_utime) > 300000000LL, "wait4's rusage: the child's and grandchild's user time (> 0.3 s)");
    CHECK(tv_ns(usage.ru_stime) < 200000000LL, "wait4's rusage: little system time");
    getrusage(RUSAGE_CHILDREN, &children);
    CHECK(tv_ns(children.ru_utime) > 300000000LL, "RUSAGE_CHILDREN has them after wait");
    times(&t);
    CHECK(t.tms_cutime >= 30, "times: tms_cutime >= 30 ticks");
    CHECK(stat_field("/proc/self/stat", 16) >= 30, "/proc/self/stat cutime >= 30 ticks");
    CHECK_ERRNO(clock_gettime(child_clock, &res), EINVAL, "a reaped child's clock is EINVAL");
    CHECK_ERRNO(clock_getres(child_clock, &res), EINVAL, "  for clock_getres too");

    /* ITIMER_VIRTUAL counts user time only: it fires in a busy loop, not in a sleep. */
    signal(SIGVTALRM, on_vtalrm);
    signal(SIGPROF, on_prof);
    struct itimerval virt = { { 0, 0 }, { 0, 100000 } }, current, off = { { 0, 0 }, { 0, 0 } };
    CHECK_EQ(setitimer(ITIMER_VIRTUAL, &virt, 0), 0, "setitimer(ITIMER_VIRTUAL, 100 ms)");
    getitimer(ITIMER_VIRTUAL, &current);
    /* Linux arms CPU timers one tick (at most 10 ms) later than asked. */
    CHECK(current.it_value.tv_sec == 0 && current.it_value.tv_usec > 50000 && current.it_value.tv_usec <= 110000,
        "getitimer(ITIMER_VIRTUAL) shows about 100 ms left");
    sleep_ms(300);
    CHECK_EQ(vtalrm, 0, "no SIGVTALRM during a 300 ms sleep");
    getitimer(ITIMER_VIRTUAL, &current);
    CHECK(current.it_value.tv_usec > 50000, "  and the timer has not moved much");
    cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    spin(CLOCK_PROCESS_CPUTIME_ID, 2000000000LL, &vtalrm);
    long long took = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    CHECK_EQ(vtalrm, 1, "SIGVTALRM during a busy loop");
    CHECK(took >= 60000000LL && took < 1000000000LL, "  after about 100 ms of CPU time");
    getitimer(ITIMER_VIRTUAL, &current);
    CHECK(current.it_value.tv_sec == 0 && current.it_value.tv_usec == 0, "  and the one-shot timer is disarmed");

    /* With an interval it fires again and again; ITIMER_PROF too, with SIGPROF. */
    vtalrm = 0;
    struct itimerval every = { { 0, 50000 }, { 0, 50000 } };
    setitimer(ITIMER_VIRTUAL, &every, 0);
    spin(CLOCK_PROCESS_CPUTIME_ID, 400000000LL, 0);
    setitimer(ITIMER_VIRTUAL, &off, &current);
    CHECK(vtalrm >= 4 && vtalrm <= 10, "a 50 ms ITIMER_VIRTUAL fires about 8 times in 0.4 s of CPU time");
    say("     (%d times)\n", vtalrm);
    CHECK(current.it_interval.tv_usec == 50000, "  and the old value has its interval");
    struct itimerval profile = { { 0, 0 }, { 0, 100000 } };
    CHECK_EQ(setitimer(ITIMER_PROF, &profile, 0), 0, "setitimer(ITIMER_PROF, 100 ms)");
    sleep_ms(200);
    CHECK_EQ(prof, 0, "no SIGPROF during a sleep");
    spin(CLOCK_PROCESS_CPUTIME_ID, 2000000000LL, &prof);
    CHECK_EQ(prof, 1, "SIGPROF during a busy loop");
    struct itimerval long_prof = { { 0, 0 }, { 5, 0 } };
    setitimer(ITIMER_PROF, &long_prof, 0);
    getitimer(ITIMER_PROF, &current);
    CHECK(current.it_value.tv_sec == 4 || (current.it_value.tv_sec == 5 && current.it_value.tv_usec <= 10000), "getitimer(ITIMER_PROF) shows about 5 s");
    setitimer(ITIMER_PROF, &off, 0);
    getitimer(ITIMER_PROF, &current);
    CHECK(current.it_value.tv_sec == 0 && current.it_value.tv_usec == 0, "ITIMER_PROF disarmed");
    CHECK_ERRNO(setitimer(3, &off, 0), EINVAL, "an unknown timer is EINVAL");

    /* A fork child does not inherit CPU timers and starts at zero CPU time. */
    setitimer(ITIMER_VIRTUAL, &every, 0);
    child = fork();
    if (child == 0) {
        struct itimerval c;
        getitimer(ITIMER_VIRTUAL, &c);
        struct rusage r;
        getrusage(RUSAGE_SELF, &r);
        _exit((c.it_value.tv_usec == 0 ? 0 : 1) | (tv_ns(r.ru_utime) < 100000000LL ? 0 : 2));
    }
    setitimer(ITIMER_VIRTUAL, &off, 0);
    waitpid(child, &status, 0);
    CHECK_EQ(WEXITSTATUS(status), 0, "a fork child has no ITIMER_VIRTUAL and little CPU time");

    /* Thread clocks of other processes do not exist; nor do clocks of unknown pids. */
    clockid_t foreign = (clockid_t)((~(unsigned)1) << 3) | 6;   /* init's thread clock */
    if (getpid() != 1) CHECK_ERRNO(clock_gettime(foreign, &res), EINVAL, "another process's thread clock is EINVAL");
    clockid_t nobody = (clockid_t)((~(unsigned)999999) << 3) | 2;
    CHECK_ERRNO(clock_gettime(nobody, &res), EINVAL, "an unknown pid's clock is EINVAL");
    CHECK_ERRNO(clock_gettime((clockid_t)(((~(unsigned)0) << 3) | 3), &res), EINVAL, "CPU clock type 3 is EINVAL");
    return check_done("time/cputime");
}
