/* The main stack grows down on demand up to RLIMIT_STACK, as Linux's: with the default 8 MiB
 * limit, 6 MiB of recursion works and /proc/self/maps shows [stack] grown to cover it; after
 * setrlimit(RLIMIT_STACK, 1 MiB) and exec, endless recursion stops with SIGSEGV (SEGV_MAPERR)
 * past about 1 MiB, caught on an alternate stack; and it keeps a 1 MiB guard gap above an
 * accessible mapping below it. */
#include "../check.h"
#include <fcntl.h>
#include <setjmp.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define FRAME 1024

static sigjmp_buf recovery;
static volatile int seen_signal, seen_code, on_alternate;
static volatile long deepest;
static char *volatile stack_top;
static char alternate[65536];

static void on_segv(int signal, siginfo_t *info, void *context)
{
    (void)context;
    char here;
    seen_signal = signal;
    seen_code = info->si_code;
    on_alternate = &here >= alternate && &here < alternate + sizeof alternate;
    siglongjmp(recovery, 1);
}

/* Recursion of about FRAME bytes a level that the compiler cannot flatten; deepest records how
 * far below the first frame it got. */
static long recurse(long depth, long limit)
{
    volatile char frame[FRAME];
    frame[0] = (char)depth;
    long below = stack_top - (char *)frame;
    if (below > deepest) deepest = below;
    if (depth == limit) return frame[0];
    return recurse(depth + 1, limit) + frame[0];
}

/* The size of the [stack] area in /proc/self/maps, or -1. */
static long stack_area_size(void)
{
    static char text[65536];
    int fd = open("/proc/self/maps", O_RDONLY), total = 0, n;
    if (fd < 0) return -1;
    while (total < (int)sizeof text - 1 && (n = read(fd, text + total, sizeof text - 1 - total)) > 0) total += n;
    close(fd);
    text[total] = 0;
    char *tag = strstr(text, "[stack]");
    if (!tag) return -1;
    char *line = tag;
    while (line > text && line[-1] != '\n') line--;
    unsigned long start = strtoul(line, &line, 16), end = strtoul(line + 1, 0, 16);
    return (long)(end - start);
}

/* After exec with a 1 MiB limit: overflow the stack; exit 0 if all went as on Linux. */
static int small_stack(void)
{
    struct rlimit limit;
    getrlimit(RLIMIT_STACK, &limit);
    CHECK_EQ(limit.rlim_cur, 1 << 20, "the exec'd program has the 1 MiB limit");
    stack_t ss = { .ss_sp = alternate, .ss_size = sizeof alternate };
    CHECK_EQ(sigaltstack(&ss, 0), 0, "sigaltstack");
    CHECK_EQ(set_handler(SIGSEGV, on_segv, SA_SIGINFO | SA_ONSTACK), 0, "sigaction(SIGSEGV, SA_ONSTACK)");
    char top;
    stack_top = &top;
    if (sigsetjmp(recovery, 1) == 0) {
        recurse(0, -1);
        CHECK(0, "endless recursion must overflow a 1 MiB stack");
    } else {
        CHECK_EQ(seen_signal, SIGSEGV, "overflowing the limit is SIGSEGV");
        CHECK_EQ(seen_code, SEGV_MAPERR, "with SEGV_MAPERR");
        CHECK(on_alternate, "handled on the alternate stack");
        CHECK(deepest > 768 * 1024 && deepest < 1024 * 1024, "after growing to nearly, not past, 1 MiB");
        if (!(deepest > 768 * 1024 && deepest < 1024 * 1024)) say("     (%ld bytes deep)\n", (long)deepest);
        long size = stack_area_size();
        CHECK(size > 768 * 1024 && size <= 1024 * 1024, "[stack] is at most 1 MiB");
        if (!(size > 768 * 1024 && size <= 1024 * 1024)) say("     ([stack] %ld bytes)\n", size);
    }
    return check_done("stack_growth (1 MiB limit)");
}

/* The start of the [stack] area in /proc/self/maps, or 0. */
static unsigned long stack_area_start(void)
{
    static char text[65536];
    int fd = open("/proc/self/maps", O_RDONLY), total = 0, n;
    if (fd < 0) return 0;
    while (total < (int)sizeof text - 1 && (n = read(fd, text + total, sizeof text - 1 - total)) > 0) total += n;
    close(fd);
    text[total] = 0;
    char *tag = strstr(text, "[stack]");
    if (!tag) return 0;
    while (tag > text && tag[-1] != '\n') tag--;
    return strtoul(tag, 0, 16);
}

/* A fresh program: an accessible page mapped 2 MiB below the stack stops its growth 1 MiB
 * (the guard gap) above that page, well within the 8 MiB limit. */
static int guard_gap(void)
{
    const unsigned long gap = 256 * 4096;
    unsigned long start = stack_area_start();
    CHECK(start != 0, "[stack] found");
    char *blocker = mmap((void *)(start - (2 << 20)), 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(blocker == (char *)(start - (2 << 20)), "a PROT_READ page 2 MiB below the stack");
    stack_t ss = { .ss_sp = alternate, .ss_size = sizeof alternate };
    CHECK_EQ(sigaltstack(&ss, 0), 0, "sigaltstack");
    CHECK_EQ(set_handler(SIGSEGV, on_segv, SA_SIGINFO | SA_ONSTACK), 0, "sigaction(SIGSEGV, SA_ONSTACK)");
    char top;
    stack_top = &top;
    if (sigsetjmp(recovery, 1) == 0) {
        recurse(0, -1);
        CHECK(0, "endless recursion must stop at the guard gap");
    } else {
        CHECK_EQ(seen_signal, SIGSEGV, "growing into the guard gap is SIGSEGV");
        unsigned long lowest = (unsigned long)stack_top - deepest, floor = (unsigned long)blocker + 4096 + gap;
        CHECK(lowest >= floor - 2 * FRAME && lowest < floor + 64 * 1024, "the stack stopped 1 MiB above the page");
        if (!(lowest >= floor - 2 * FRAME && lowest < floor + 64 * 1024)) say("     (%ld bytes above the gap)\n", (long)(lowest - floor));
        unsigned long now = stack_area_start();
        CHECK(now >= floor && now < floor + 64 * 1024, "[stack] ends at the gap");
    }
    return check_done("stack_growth (guard gap)");
}

static int run_self(char **argv, const char *mode)
{
    pid_t child = fork();
    if (child == 0) {
        execl(argv[0], argv[0], mode, (char *)0);
        _exit(4);
    }
    int status = -1;
    waitpid(child, &status, 0);
    return status;
}

int main(int argc, char **argv)
{
    if (access("/proc/self", F_OK) != 0) mount("proc", "/proc", "proc", 0, 0);
    if (argc > 1 && strcmp(argv[1], "small") == 0) return small_stack();
    if (argc > 1 && strcmp(argv[1], "gap") == 0) return guard_gap();

    struct rlimit limit;
    CHECK_EQ(getrlimit(RLIMIT_STACK, &limit), 0, "getrlimit(RLIMIT_STACK)");
    CHECK(limit.rlim_cur >= 8 << 20, "the soft limit is at least 8 MiB");
    long before = stack_area_size();
    CHECK(before > 0 && before < 1 << 20, "[stack] starts small");
    char top;
    stack_top = &top;
    recurse(0, 6 * 1024);
    CHECK(deepest > 6 << 20, "6 MiB of recursion on the main stack works");
    long after = stack_area_size();
    CHECK(after > 6 << 20 && after <= 8 << 20, "[stack] grew to cover it, within the limit");
    if (!(after > 6 << 20 && after <= 8 << 20)) say("     ([stack] %ld bytes)\n", after);

    /* A smaller limit, set before exec, holds in the new program. */
    pid_t child = fork();
    if (child == 0) {
        struct rlimit small = { 1 << 20, limit.rlim_max };
        if (setrlimit(RLIMIT_STACK, &small) != 0) _exit(3);
        execl(argv[0], argv[0], "small", (char *)0);
        _exit(4);
    }
    int status = -1;
    waitpid(child, &status, 0);
    CHECK_EQ(status, 0, "the program exec'd with a 1 MiB stack limit passed its checks");
    CHECK_EQ(run_self(argv, "gap"), 0, "the program with a page below its stack passed its checks");
    return check_done("stack_growth");
}
