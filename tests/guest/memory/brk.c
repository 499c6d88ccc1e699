/* brk: the break grows by whole pages of zeros, shrinks, and refuses to go below its start. */
#include "../check.h"
#include <stdint.h>
#include <sys/syscall.h>

int main(void)
{
    uintptr_t start = syscall(SYS_brk, 0);
    CHECK(start != 0, "brk(0) returns the current break");
    uintptr_t grown = syscall(SYS_brk, start + 3 * 4096 + 100);
    CHECK_EQ(grown, start + 3 * 4096 + 100, "brk grows to the exact requested address");
    volatile char *p = (volatile char *)start;
    int zero = 1;
    for (int i = 0; i < 3 * 4096 + 100; i++) if (p[i] != 0) zero = 0;
    CHECK(zero, "new break memory reads as zeros");
    p[0] = 1; p[3 * 4096 + 99] = 2; p[2 * 4096] = 5;
    CHECK_EQ(p[0] + p[3 * 4096 + 99], 3, "new break memory is writable");
    uintptr_t shrunk = syscall(SYS_brk, start + 4096);
    CHECK_EQ(shrunk, start + 4096, "brk shrinks");
    uintptr_t regrown = syscall(SYS_brk, start + 3 * 4096);
    CHECK_EQ(regrown, start + 3 * 4096, "brk grows again");
    CHECK_EQ(p[2 * 4096], 0, "memory released by a shrink comes back as zeros");
    CHECK_EQ(syscall(SYS_brk, start - 4096 * 1024), start + 3 * 4096, "brk below the start fails and returns the current break");
    CHECK_EQ(syscall(SYS_brk, start), start, "brk back to its start");
    return check_done("brk");
}
