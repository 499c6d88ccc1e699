/* A bad pointer given to a system call is EFAULT, never a crash of the caller or the kernel. */
#include "../check.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

int main(void)
{
    CHECK_ERRNO(write(1, (void *)1, 10), EFAULT, "write from address 1 is EFAULT");
    CHECK_ERRNO(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8), EFAULT, "clock_gettime into address 8 is EFAULT");
    CHECK_ERRNO(syscall(SYS_uname, (void *)16), EFAULT, "uname into address 16 is EFAULT");
    CHECK_ERRNO(syscall(SYS_nanosleep, (void *)24, 0), EFAULT, "nanosleep from address 24 is EFAULT");
    CHECK_ERRNO(syscall(SYS_rt_sigaction, SIGUSR1, (void *)32, 0, 8), EFAULT, "rt_sigaction from address 32 is EFAULT");
    CHECK_ERRNO(syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)40, 0, 8), EFAULT, "rt_sigprocmask from address 40 is EFAULT");
    CHECK_ERRNO(syscall(SYS_getrandom, (void *)0xffff800000000000ull, 16, 0), EFAULT, "getrandom into kernel space is EFAULT");

    /* Read-only memory is a bad destination too. */
    char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_ERRNO(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ro), EFAULT, "clock_gettime into a read-only page is EFAULT");
    /* A buffer that runs off the end of a mapping. */
    char *two = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(two + 4096, 4096);
    CHECK_ERRNO(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, two + 4096 - 8), EFAULT, "a timespec that straddles into an unmapped page is EFAULT");

    int status;
    pid_t child = fork();
    if (child == 0) _exit(3);
    CHECK_ERRNO(wait4(child, (int *)8, 0, 0), EFAULT, "wait4 into a bad status pointer is EFAULT");
    /* Linux reaps the child before it copies the status out (kernel_wait4), so it is gone. */
    CHECK_ERRNO(waitpid(child, &status, WNOHANG), ECHILD, "the child was reaped all the same");
    return check_done("efault");
}
