/* Splitting and joining areas: mprotect and munmap of the middle of a mapping, copy-on-write of
 * many pages across fork, a child's munmap not touching the parent, a large lazy mapping, and
 * the break across fork. */
#include "../check.h"
#include <signal.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static sigjmp_buf recovery;
static void *volatile fault_address;
static void on_segv(int s, siginfo_t *info, void *c) { (void)s; (void)c; fault_address = info->si_addr; siglongjmp(recovery, 1); }

/* Does a write to p fault? */
static int write_faults(volatile char *p)
{
    fault_address = 0;
    if (sigsetjmp(recovery, 1) == 0) { *p = 1; return 0; }
    return fault_address == (void *)p;
}

static int wait_status(pid_t child) { int s = -1; waitpid(child, &s, 0); return s; }

int main(void)
{
    const size_t page = 4096;
    set_handler(SIGSEGV, on_segv, SA_SIGINFO);

    char *a = mmap(0, 5 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 5; i++) a[i * page] = 'a' + i;
    CHECK_EQ(mprotect(a + page, 2 * page, PROT_READ), 0, "mprotect of the middle two pages");
    CHECK(!write_faults(a), "page 0 stays writable");
    CHECK(write_faults(a + page) && write_faults(a + 2 * page + 5), "pages 1 and 2 are read-only");
    CHECK(!write_faults(a + 3 * page), "page 3 stays writable");
    CHECK_EQ(a[page] + a[2 * page], 'b' + 'c', "read-only pages keep their contents");
    CHECK_EQ(munmap(a + 3 * page, page), 0, "munmap of page 3 (a hole)");
    unsigned char v;
    CHECK_ERRNO(mincore(a + 3 * page, page, &v), ENOMEM, "the hole is unmapped");
    CHECK_EQ(a[4 * page], 'e', "page 4 after the hole keeps its contents");
    CHECK_ERRNO(mprotect(a, 5 * page, PROT_READ), ENOMEM, "mprotect over a hole is ENOMEM");
    CHECK_EQ(mprotect(a, 3 * page, PROT_READ | PROT_WRITE), 0, "mprotect joins pages 0-2 back to read-write");
    CHECK(!write_faults(a + 2 * page), "page 2 is writable again");

    /* Copy-on-write of many pages: both sides write every page and keep their own values. */
    const int pages = 64;
    char *c = mmap(0, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < pages; i++) c[i * page] = (char)i;
    pid_t child = fork();
    if (child == 0) {
        int ok = 1;
        for (int i = 0; i < pages; i++) { if (c[i * page] != (char)i) ok = 0; c[i * page] = (char)(i + 100); }
        for (int i = 0; i < pages; i++) if (c[i * page] != (char)(i + 100)) ok = 0;
        munmap(c, pages * page);
        _exit(ok ? 0 : 1);
    }
    for (int i = 0; i < pages; i += 2) c[i * page] = (char)(i + 50);
    CHECK_EQ(wait_status(child), 0, "the child saw the parent's pages and its own writes");
    int ok = 1;
    for (int i = 0; i < pages; i++) if (c[i * page] != (char)(i % 2 ? i : i + 50)) ok = 0;
    CHECK(ok, "the parent keeps its own values and its mapping (the child's munmap is its own)");

    /* A forked child of a forked child: copy-on-write twice. */
    c[0] = 1;
    child = fork();
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) { c[0] = 3; _exit(c[0]); }
        c[0] = 2;
        int s = wait_status(grandchild);
        _exit(WEXITSTATUS(s) == 3 && c[0] == 2 ? 0 : 1);
    }
    CHECK_EQ(wait_status(child), 0, "three generations each keep their own copy");
    CHECK_EQ(c[0], 1, "the parent's copy is untouched");

    /* A large mapping costs nothing until touched. */
    size_t big = 1ul << 30;
    char *huge = mmap(0, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(huge != MAP_FAILED, "a 1 GiB mapping in a small guest");
    huge[0] = 1; huge[big - 1] = 2; huge[big / 2] = 3;
    CHECK_EQ(huge[0] + huge[big - 1] + huge[big / 2], 6, "its first, middle and last bytes work");
    CHECK_EQ(munmap(huge, big), 0, "and it goes");

    /* The break is copied by fork, too. */
    char *brk0 = (char *)syscall(SYS_brk, 0);
    syscall(SYS_brk, brk0 + page);
    brk0[10] = 'p';
    child = fork();
    if (child == 0) { int same = brk0[10] == 'p'; brk0[10] = 'c'; _exit(same && (char *)syscall(SYS_brk, 0) == brk0 + page ? 0 : 1); }
    CHECK_EQ(wait_status(child), 0, "the child has the parent's break and its contents");
    CHECK_EQ(brk0[10], 'p', "the child's store to the break is its own");
    return check_done("areas");
}
