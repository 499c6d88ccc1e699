/* System information: uname, getrandom, prlimit64/getrlimit, sched_getaffinity, sysinfo,
 * arch_prctl(ARCH_SET_FS/ARCH_GET_FS). */
#include "../check.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>

/* <asm/prctl.h>: musl ships no kernel headers. */
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static long raw_arch_prctl(int code, unsigned long address)
{
    long result;
    __asm__ volatile("syscall" : "=a"(result) : "0"((long)SYS_arch_prctl), "D"((long)code), "S"(address) : "rcx", "r11", "memory");
    return result;
}

int main(void)
{
    struct utsname u;
    CHECK_EQ(uname(&u), 0, "uname");
    CHECK(strcmp(u.sysname, "Linux") == 0, "sysname is \"Linux\"");
    CHECK(strcmp(u.machine, "x86_64") == 0, "machine is \"x86_64\"");
    CHECK(u.release[0] >= '3' && u.release[0] <= '9', "release looks like a Linux version");

    unsigned char buffer[64];
    memset(buffer, 0, sizeof buffer);
    CHECK_EQ(syscall(SYS_getrandom, buffer, sizeof buffer, 0), 64, "getrandom fills 64 bytes");
    int zeros = 0;
    for (int i = 0; i < 64; i++) zeros += buffer[i] == 0;
    CHECK(zeros < 16, "getrandom's bytes are not mostly zeros");
    unsigned char again[64];
    syscall(SYS_getrandom, again, sizeof again, 0);
    CHECK(memcmp(buffer, again, 64) != 0, "two calls give different bytes");
    CHECK_ERRNO(syscall(SYS_getrandom, buffer, 8, 0x100), EINVAL, "getrandom with unknown flags is EINVAL");

    struct rlimit limit;
    CHECK_EQ(getrlimit(RLIMIT_STACK, &limit), 0, "getrlimit(RLIMIT_STACK)");
    CHECK(limit.rlim_cur >= 128 * 1024 && limit.rlim_cur <= limit.rlim_max, "the stack limit is sane (>= 128 KiB, cur <= max)");
    struct rlimit old;
    CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, &old), 0, "prlimit64 reads RLIMIT_NOFILE");
    CHECK(old.rlim_cur > 2 && old.rlim_cur <= old.rlim_max, "RLIMIT_NOFILE is sane");
    struct rlimit lower = { 64, old.rlim_max };
    CHECK_EQ(setrlimit(RLIMIT_NOFILE, &lower), 0, "setrlimit lowers RLIMIT_NOFILE");
    getrlimit(RLIMIT_NOFILE, &limit);
    CHECK_EQ(limit.rlim_cur, 64, "and it reads back");
    pid_t child = fork();
    if (child == 0) { struct rlimit l; getrlimit(RLIMIT_NOFILE, &l); _exit(l.rlim_cur == 64 ? 0 : 1); }
    int status = -1;
    waitpid(child, &status, 0);
    CHECK_EQ(status, 0, "a child inherits the lowered limit");
    struct rlimit previous;
    struct rlimit back = { old.rlim_cur, old.rlim_max };
    CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &back, &previous), 0, "prlimit64 sets and reads at once");
    CHECK_EQ(previous.rlim_cur, 64, "it reports the limit before the change");
    struct rlimit inverted = { 100, 50 };
    CHECK_ERRNO(setrlimit(RLIMIT_NOFILE, &inverted), EINVAL, "rlim_cur above rlim_max is EINVAL");
    CHECK_ERRNO(getrlimit(99, &limit), EINVAL, "an unknown resource is EINVAL");

    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CHECK_EQ(sched_getaffinity(0, sizeof cpus, &cpus), 0, "sched_getaffinity");
    CHECK(CPU_COUNT(&cpus) >= 1 && CPU_ISSET(0, &cpus), "at least CPU 0 is in the mask");
    long r = syscall(SYS_sched_getaffinity, 0, sizeof cpus, &cpus);
    CHECK(r >= 8 && r <= (long)sizeof cpus && r % 8 == 0, "the raw call returns the mask's size in bytes");

    struct sysinfo info;
    CHECK_EQ(sysinfo(&info), 0, "sysinfo");
    CHECK(info.totalram > 0 && info.freeram <= info.totalram && info.mem_unit >= 1, "sysinfo memory is sane");
    CHECK(info.procs >= 1, "at least one process");
    CHECK(info.uptime >= 0, "uptime is not negative");

    unsigned long fs = 0;
    CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs), 0, "arch_prctl(ARCH_GET_FS)");
    CHECK(fs != 0, "musl has set up TLS");
    static unsigned long fake_tls[4];
    fake_tls[0] = (unsigned long)fake_tls;   /* the TCB points to itself, as x86-64 TLS requires */
    unsigned long now = 0, self = 0;
    /* Raw system calls: nothing may touch musl's TLS (errno) until its FS base is back. */
    long set = raw_arch_prctl(ARCH_SET_FS, (unsigned long)fake_tls);
    raw_arch_prctl(ARCH_GET_FS, (unsigned long)&now);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));
    raw_arch_prctl(ARCH_SET_FS, fs);
    CHECK_EQ(set, 0, "arch_prctl(ARCH_SET_FS)");
    CHECK(now == (unsigned long)fake_tls, "ARCH_GET_FS reads back the new base");
    CHECK(self == (unsigned long)fake_tls, "%fs:0 reads through the new base");
    CHECK_ERRNO(syscall(SYS_arch_prctl, ARCH_SET_FS, 0xffff800000000000ul), EPERM, "a kernel-space FS base is EPERM");
    CHECK_ERRNO(syscall(SYS_arch_prctl, 0x9999, &fs), EINVAL, "an unknown arch_prctl code is EINVAL");
    return check_done("info");
}
