/* mmap of anonymous memory: private (copy-on-write across fork) and shared (visible across
 * fork), MAP_FIXED replacing, MAP_FIXED_NOREPLACE refusing, and the EINVAL cases. */
#include "../check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static int child_status(pid_t child) { int s = 0; waitpid(child, &s, 0); return WIFEXITED(s) ? WEXITSTATUS(s) : 1000 + WTERMSIG(s); }

int main(void)
{
    const size_t page = 4096;
    char *priv = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(priv != MAP_FAILED && ((uintptr_t)priv & (page - 1)) == 0, "anonymous private mmap gives a page-aligned address");
    int zero = 1;
    for (size_t i = 0; i < 4 * page; i++) if (priv[i]) zero = 0;
    CHECK(zero, "anonymous memory reads as zeros");
    char *shared = mmap(0, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED, "anonymous shared mmap");
    priv[0] = 'p'; shared[0] = 's';

    pid_t child = fork();
    if (child == 0) {
        int ok = priv[0] == 'p' && shared[0] == 's';   /* the child starts with our contents */
        priv[0] = 'P'; shared[0] = 'S'; priv[page] = 'Q';
        _exit(ok ? 0 : 1);
    }
    CHECK_EQ(child_status(child), 0, "the child sees both mappings' contents");
    CHECK_EQ(shared[0], 'S', "a shared mapping's store in the child is visible to the parent");
    CHECK_EQ(priv[0], 'p', "a private mapping's store in the child is not (copy-on-write)");
    CHECK_EQ(priv[page], 0, "not even on a page the parent never touched");

    /* And the other way round: the parent writes after fork, the child must still see the old value. */
    priv[2 * page] = 'a';
    child = fork();
    if (child == 0) { for (volatile int i = 0; i < 2000000; i++) {} _exit(priv[2 * page] == 'a' ? 0 : 1); }
    priv[2 * page] = 'b';
    CHECK_EQ(child_status(child), 0, "the parent's store after fork is not seen by the child");

    /* MAP_FIXED replaces what was there with fresh zeros. */
    priv[page] = 'x';
    char *fixed = mmap(priv + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(fixed == priv + page, "MAP_FIXED maps at exactly the address");
    CHECK_EQ(fixed[0], 0, "MAP_FIXED replaced the old page with zeros");
    CHECK_EQ(priv[0], 'p', "the neighbouring page is untouched");
    CHECK_ERRNO(mmap(priv + page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST, "MAP_FIXED_NOREPLACE over a mapping is EEXIST");
    CHECK_ERRNO(mmap(priv + 3 * page, 2 * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST, "MAP_FIXED_NOREPLACE partly over a mapping is EEXIST");

    /* The EINVAL cases. */
    CHECK_ERRNO(mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL, "mmap of zero length is EINVAL");
    CHECK_ERRNO(mmap(priv + 1, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL, "MAP_FIXED at an unaligned address is EINVAL");
    CHECK_ERRNO(mmap(0, page, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL, "mmap with neither MAP_SHARED nor MAP_PRIVATE is EINVAL");
    CHECK_ERRNO(mmap(0, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1), EINVAL, "an unaligned offset is EINVAL");
    CHECK_ERRNO(munmap(priv + 1, page), EINVAL, "munmap at an unaligned address is EINVAL");
    CHECK_ERRNO(munmap(priv, 0), EINVAL, "munmap of zero length is EINVAL");
    CHECK_ERRNO(syscall(SYS_mprotect, priv + 1, page, PROT_READ), EINVAL, "mprotect at an unaligned address is EINVAL (raw: musl rounds down)");
    CHECK_ERRNO(mmap(0, page, PROT_READ, MAP_PRIVATE, -1, 0), EBADF, "a file mapping of fd -1 is EBADF");

    /* A hint that is free is honoured. */
    char *hint = priv + 64 * page * 1024;
    char *at = mmap(hint, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(at == hint, "a free hint address is used");
    CHECK_EQ(munmap(at, page), 0, "munmap of the hinted page");
    CHECK_EQ(munmap(at, page), 0, "munmap of nothing mapped succeeds");
    return check_done("mmap");
}
