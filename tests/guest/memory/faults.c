/* Faults become signals: touching unmapped memory is SIGSEGV with SEGV_MAPERR and the exact
 * address, writing read-only memory SEGV_ACCERR; a handler longjmps out and the program goes on.
 * Without a handler the process dies of SIGSEGV. */
#include "../check.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

static sigjmp_buf recovery;
static volatile int seen_signal, seen_code;
static void *volatile seen_address;
static volatile int *volatile low_page = (volatile int *)16;   /* through a variable: the compiler may not assume */

static void on_segv(int signal, siginfo_t *info, void *context)
{
    (void)context;
    seen_signal = signal;
    seen_code = info->si_code;
    seen_address = info->si_addr;
    siglongjmp(recovery, 1);
}

/* Recursion the compiler cannot turn into a loop: each frame keeps a live array. */
static int recurse(int depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    if (depth == -1) return 0;   /* never: only keeps the compiler from seeing endless recursion */
    return recurse(depth + 1) + frame[0];
}

int main(void)
{
    const size_t page = 4096;
    CHECK_EQ(set_handler(SIGSEGV, on_segv, SA_SIGINFO), 0, "sigaction(SIGSEGV)");

    char *area = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    area[0] = 1; area[page] = 2;
    CHECK_EQ(munmap(area + page, page), 0, "munmap the second page");
    volatile char *target = area + page + 123;
    if (sigsetjmp(recovery, 1) == 0) {
        *target = 5;
        CHECK(0, "a store to unmapped memory must fault");
    } else {
        CHECK_EQ(seen_signal, SIGSEGV, "unmapped store: SIGSEGV");
        CHECK_EQ(seen_code, SEGV_MAPERR, "unmapped store: si_code SEGV_MAPERR");
        CHECK(seen_address == (void *)target, "unmapped store: si_addr is the exact address");
    }

    CHECK_EQ(mprotect(area, page, PROT_READ), 0, "mprotect(PROT_READ)");
    CHECK_EQ(area[0], 1, "a read-only page still reads");
    seen_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        ((volatile char *)area)[17] = 3;
        CHECK(0, "a store to read-only memory must fault");
    } else {
        CHECK_EQ(seen_signal, SIGSEGV, "read-only store: SIGSEGV");
        CHECK_EQ(seen_code, SEGV_ACCERR, "read-only store: si_code SEGV_ACCERR");
        CHECK(seen_address == (void *)(area + 17), "read-only store: si_addr is the exact address");
    }
    CHECK_EQ(mprotect(area, page, PROT_READ | PROT_WRITE), 0, "mprotect back to read-write");
    area[17] = 4;
    CHECK_EQ(area[17], 4, "and the store now works");

    /* The handler ran with SIGSEGV blocked; siglongjmp(…, 1) restored the mask, so a second fault works. */
    sigset_t mask;
    sigprocmask(SIG_BLOCK, 0, &mask);
    CHECK(!sigismember(&mask, SIGSEGV), "siglongjmp restored the signal mask");

    CHECK_EQ(mprotect(area, page, PROT_NONE), 0, "mprotect(PROT_NONE)");
    seen_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        volatile char c = *(volatile char *)(area + 5); (void)c;
        CHECK(0, "a read of PROT_NONE memory must fault");
    } else {
        CHECK_EQ(seen_code, SEGV_ACCERR, "PROT_NONE read: SEGV_ACCERR");
        CHECK(seen_address == (void *)(area + 5), "PROT_NONE read: exact si_addr");
    }

    seen_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        volatile int c = *low_page; (void)c;
        CHECK(0, "a null-page read must fault");
    } else {
        CHECK_EQ(seen_code, SEGV_MAPERR, "null-page read: SEGV_MAPERR");
        CHECK(seen_address == (void *)16, "null-page read: si_addr 16");
    }

    /* Execution needs PROT_EXEC: a call into a writable page without it faults (NX) with
     * SEGV_ACCERR at the instruction's address; after mprotect(PROT_READ|PROT_EXEC) it runs. */
    unsigned char *code = mmap(0, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code[0] = 0xb8; code[1] = 42; code[2] = 0; code[3] = 0; code[4] = 0;   /* mov eax, 42 */
    code[5] = 0xc3;                                                        /* ret */
    int (*volatile function)(void) = (int (*)(void))code;
    seen_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        function();
        CHECK(0, "a call into memory without PROT_EXEC must fault");
    } else {
        CHECK_EQ(seen_code, SEGV_ACCERR, "executing a PROT_READ|PROT_WRITE page: SEGV_ACCERR");
        CHECK(seen_address == (void *)code, "at the instruction's address");
    }
    CHECK_EQ(mprotect(code, page, PROT_READ | PROT_EXEC), 0, "mprotect(PROT_READ|PROT_EXEC)");
    CHECK_EQ(function(), 42, "then the code runs and returns 42");

    /* Stack overflow: endless recursion runs off the stack; the SIGSEGV handler can only run
     * on an alternate stack, and longjmps out. */
    stack_t alternate = { .ss_sp = mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), .ss_size = 65536 };
    sigaltstack(&alternate, 0);
    set_handler(SIGSEGV, on_segv, SA_SIGINFO | SA_ONSTACK);
    seen_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        recurse(1);
        CHECK(0, "endless recursion must overflow the stack");
    } else {
        CHECK_EQ(seen_signal, SIGSEGV, "a stack overflow is SIGSEGV, handled on the alternate stack");
        CHECK_EQ(seen_code, SEGV_MAPERR, "with SEGV_MAPERR (below the stack nothing is mapped)");
    }

    pid_t child = fork();
    if (child == 0) {
        signal(SIGSEGV, SIG_DFL);
        *low_page = 1;
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status) || (say("     (status %#x)\n", status), 0), "an unhandled fault kills the process");
    CHECK_EQ(WTERMSIG(status), SIGSEGV, "with SIGSEGV");
    return check_done("faults");
}
