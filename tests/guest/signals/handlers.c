/* Handler details: sa_mask and the signal itself are blocked while a handler runs (unless
 * SA_NODEFER), SA_RESETHAND returns to SIG_DFL, a handler may change the interrupted registers
 * through its ucontext, registers and FPU state survive a handler, and kill(0, sig) reaches the
 * whole process group. */
#include "../check.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>

static volatile int depth, max_depth, usr2_blocked_inside, self_blocked_inside, runs;

static void nested(int signal)
{
    (void)signal;
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    usr2_blocked_inside = sigismember(&now, SIGUSR2);
    self_blocked_inside = sigismember(&now, SIGUSR1);
    runs++;
    depth++;
    if (depth > max_depth) max_depth = depth;
    if (runs < 3) raise(SIGUSR1);   /* three runs in all, nested or one after another */
    depth--;
}

static void install(int signal, void (*handler)(int), int flags, int masked)
{
    struct sigaction action = { 0 };
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    if (masked) sigaddset(&action.sa_mask, masked);
    sigaction(signal, &action, 0);
}

static volatile double fpu_value;
static void clobber(int signal) { (void)signal; fpu_value = 1.0; volatile double x = 3.5; for (int i = 0; i < 10; i++) x = x * 1.5; runs++; }

static volatile int skip_seen;
static void skip_instruction(int signal, siginfo_t *info, void *context)
{
    (void)signal; (void)info;
    ucontext_t *uc = context;
    uc->uc_mcontext.gregs[REG_RAX] = 1234;   /* what the interrupted code will find in rax */
    skip_seen = 1;
}

int main(void)
{
    install(SIGUSR1, nested, 0, SIGUSR2);
    raise(SIGUSR1);
    CHECK_EQ(runs, 3, "a signal raised in its own handler waits until the handler returns, then runs");
    CHECK_EQ(max_depth, 1, "so handlers do not nest");
    CHECK(usr2_blocked_inside, "sa_mask is blocked in the handler");
    CHECK(self_blocked_inside, "the signal itself is blocked in the handler");
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    CHECK(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2), "the mask is restored after the handler");

    runs = 0; max_depth = 0;
    install(SIGUSR1, nested, SA_NODEFER, 0);
    raise(SIGUSR1);
    CHECK_EQ(max_depth, 3, "with SA_NODEFER handlers nest");
    CHECK_EQ(runs, 3, "three runs");

    runs = 0;
    install(SIGUSR1, clobber, SA_RESETHAND, 0);
    struct sigaction after;
    raise(SIGUSR1);
    sigaction(SIGUSR1, 0, &after);
    CHECK_EQ(runs, 1, "an SA_RESETHAND handler runs");
    CHECK(after.sa_handler == SIG_DFL, "and the action is SIG_DFL afterwards");

    /* Registers and FPU state survive a handler that uses them. */
    install(SIGUSR2, clobber, 0, 0);
    double x = 2.25, y;
    long r12_before = 0x1122334455667788, r12_after;
    __asm__ volatile("mov %2, %%r12\n\t"
                     "mov $39, %%eax\n\tsyscall\n\t"          /* getpid */
                     "mov %%eax, %%edi\n\tmov $12, %%esi\n\tmov $62, %%eax\n\tsyscall\n\t"   /* kill(pid, SIGUSR2) */
                     "mov %%r12, %0\n\t"
                     "movsd %3, %%xmm0\n\tmovsd %%xmm0, %1"
                     : "=r"(r12_after), "=m"(y) : "r"(r12_before), "m"(x) : "rax", "rdi", "rsi", "rcx", "r11", "r12", "xmm0", "memory");
    CHECK_EQ(runs, 2, "the handler ran inside the asm block");
    CHECK(r12_after == r12_before, "a callee-saved register survives the handler");
    CHECK(y == 2.25, "an SSE register survives the handler");

    set_handler(SIGUSR2, skip_instruction, SA_SIGINFO);
    long rax;
    __asm__ volatile("mov $39, %%eax\n\tsyscall\n\t"
                     "mov %%eax, %%edi\n\tmov $12, %%esi\n\tmov $62, %%eax\n\tsyscall\n\t"
                     : "=a"(rax) : : "rdi", "rsi", "rcx", "r11", "memory");
    CHECK(skip_seen, "the SA_SIGINFO handler ran");
    CHECK_EQ(rax, 1234, "a register changed in the ucontext is what the program resumes with");

    /* kill(0, sig): the whole process group, the sender included. In a group of its own (so
     * the shell running us is not hit), a leader that ignores SIGUSR1 has one child that takes
     * the default action and one that inherits the ignoring; it exits 0 if only the first died. */
    pid_t leader = fork();
    if (leader == 0) {
        setpgid(0, 0);
        signal(SIGUSR1, SIG_IGN);
        pid_t dies = fork();
        if (dies == 0) { signal(SIGUSR1, SIG_DFL); for (;;) pause(); }
        pid_t lives = fork();
        if (lives == 0) { for (;;) pause(); }
        struct timespec t = { 0, 20 * 1000000L };
        nanosleep(&t, 0);
        if (kill(0, SIGUSR1) != 0) _exit(1);
        int s;
        waitpid(dies, &s, 0);
        int ok = WIFSIGNALED(s) && WTERMSIG(s) == SIGUSR1 && waitpid(lives, &s, WNOHANG) == 0;
        kill(lives, SIGKILL);
        waitpid(lives, &s, 0);
        _exit(ok ? 0 : 2);
    }
    int s;
    waitpid(leader, &s, 0);
    CHECK_EQ(s, 0, "kill(0, SIGUSR1) kills the group's member that takes the default action, not the ones that ignore it");
    return check_done("handlers");
}
