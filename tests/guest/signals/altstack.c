/* sigaltstack + SA_ONSTACK: the handler runs on the alternate stack, SS_ONSTACK is reported
 * inside it, and the normal stack is back afterwards. */
#include "../check.h"
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

static char *alt_base;
static size_t alt_size;
static volatile int on_alt, reported_onstack, ran, change_errno;

static void on_usr1(int signal)
{
    (void)signal;
    char here;
    ran = 1;
    on_alt = (char *)&here >= alt_base && (char *)&here < alt_base + alt_size;
    stack_t now;
    sigaltstack(0, &now);
    reported_onstack = (now.ss_flags & SS_ONSTACK) != 0;
    if (reported_onstack) {
        stack_t other = { .ss_sp = alt_base, .ss_size = alt_size / 2, .ss_flags = 0 };
        change_errno = sigaltstack(&other, 0) == -1 ? errno : 0;
    }
}

int main(void)
{
    alt_size = 64 * 1024;
    alt_base = malloc(alt_size);
    stack_t ss = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 }, old;
    CHECK_EQ(sigaltstack(&ss, &old), 0, "sigaltstack installs a stack");
    CHECK_EQ(old.ss_flags, SS_DISABLE, "there was none before");
    stack_t back;
    sigaltstack(0, &back);
    CHECK(back.ss_sp == alt_base && back.ss_size == alt_size && back.ss_flags == 0, "sigaltstack reads it back");

    set_handler(SIGUSR1, on_usr1, SA_ONSTACK);
    raise(SIGUSR1);
    CHECK(ran, "the handler ran");
    CHECK(on_alt, "an SA_ONSTACK handler runs on the alternate stack");
    CHECK(reported_onstack, "sigaltstack inside it reports SS_ONSTACK");
    CHECK_EQ(change_errno, EPERM, "changing the alternate stack while running on it is EPERM");
    sigaltstack(0, &back);
    CHECK_EQ(back.ss_flags, 0, "after the handler we are off the alternate stack");

    set_handler(SIGUSR1, on_usr1, 0);
    ran = 0;
    raise(SIGUSR1);
    CHECK(ran && !on_alt, "without SA_ONSTACK the handler runs on the normal stack");

    stack_t tiny = { .ss_sp = alt_base, .ss_size = 512, .ss_flags = 0 };
    CHECK_ERRNO(sigaltstack(&tiny, 0), ENOMEM, "a stack smaller than MINSIGSTKSZ is ENOMEM");
    stack_t bad = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 12345 };
    CHECK_ERRNO(sigaltstack(&bad, 0), EINVAL, "unknown flags are EINVAL");
    stack_t off = { .ss_flags = SS_DISABLE };
    CHECK_EQ(sigaltstack(&off, 0), 0, "SS_DISABLE removes it");
    sigaltstack(0, &back);
    CHECK_EQ(back.ss_flags, SS_DISABLE, "and it reads back disabled");
    return check_done("altstack");
}
