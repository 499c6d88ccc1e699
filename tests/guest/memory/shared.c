/* MAP_SHARED anonymous memory is one set of pages for every process that maps it: pages first
 * touched after fork (by either side) are shared too, a grandchild shares them, MADV_DONTNEED
 * keeps the contents of a shared page, and a process-shared futex (no FUTEX_PRIVATE_FLAG) in it
 * wakes a waiter in another process. */
#include "../check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define FUTEX_WAIT 0   /* <linux/futex.h>: musl ships no kernel headers */
#define FUTEX_WAKE 1

static int wait_status(pid_t child) { int s = -1; waitpid(child, &s, 0); return s; }
static void sleep_ms(int ms) { struct timespec t = { 0, ms * 1000000L }; nanosleep(&t, 0); }

int main(void)
{
    const size_t page = 4096;
    volatile int *words = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(words != MAP_FAILED, "mmap MAP_SHARED|MAP_ANONYMOUS of four untouched pages");

    pid_t child = fork();
    if (child == 0) {
        words[0] = 11;                       /* first touch of page 0: in the child */
        /* Page 1: the parent touches it first. Wait at most about 3 s: a failure, not a hang. */
        for (int i = 0; i < 300 && words[page / 4] != 22; i++) sleep_ms(10);
        words[2 * page / 4] = 33;
        _exit(words[page / 4] == 22 ? 0 : 1);
    }
    words[page / 4] = 22;
    CHECK_EQ(wait_status(child), 0, "the child saw the parent's first store to an untouched shared page");
    CHECK_EQ(words[0], 11, "the parent sees the child's first store to an untouched shared page");
    CHECK_EQ(words[2 * page / 4], 33, "and its later one");

    child = fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) { words[3 * page / 4] = 44; _exit(0); }
        waitpid(grandchild, 0, 0);
        _exit(words[3 * page / 4] == 44 ? 0 : 1);
    }
    CHECK_EQ(wait_status(child), 0, "the child saw its own child's store");
    CHECK_EQ(words[3 * page / 4], 44, "and so do we, two generations up");

    CHECK_EQ(madvise((void *)words, page, MADV_DONTNEED), 0, "madvise(MADV_DONTNEED) on a shared page");
    CHECK_EQ(words[0], 11, "a shared page keeps its contents after MADV_DONTNEED");

    /* A process-shared futex: the child waits (with a 3 s timeout, so a lost wake fails rather
     * than hangs) until we change the word and wake it. */
    volatile int *futex_word = &words[64];
    *futex_word = 0;
    child = fork();
    if (child == 0) {
        struct timespec timeout = { 3, 0 };
        long r = 0;
        while (*futex_word == 0) {
            r = syscall(SYS_futex, futex_word, FUTEX_WAIT, 0, &timeout, 0, 0);
            if (r == -1 && errno == ETIMEDOUT) _exit(2);
        }
        _exit(0);
    }
    sleep_ms(100);   /* let the child go to sleep */
    *futex_word = 1;
    syscall(SYS_futex, futex_word, FUTEX_WAKE, 1, 0, 0, 0);
    int s = wait_status(child);
    CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 0, "FUTEX_WAKE in one process wakes FUTEX_WAIT in another (shared mapping)");

    CHECK_EQ(munmap((void *)words, 4 * page), 0, "munmap of the shared pages");
    return check_done("shared");
}
