/* sigaction with SA_SIGINFO: what the handler is told (si_signo, si_code, si_pid, si_uid),
 * for kill, raise and tgkill, to ourselves and from a child. */
#include "../check.h"
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static volatile int count, last_signo, last_code, last_pid, last_uid;

static void on_signal(int signal, siginfo_t *info, void *context)
{
    (void)context;
    count++;
    last_signo = info->si_signo;
    last_code = info->si_code;
    last_pid = info->si_pid;
    last_uid = info->si_uid;
    if (signal != info->si_signo) last_signo = -1;
}


int main(void)
{
    set_handler(SIGUSR1, on_signal, SA_SIGINFO);
    set_handler(SIGUSR2, on_signal, SA_SIGINFO);
    struct sigaction old;
    CHECK_EQ(sigaction(SIGUSR1, 0, &old), 0, "sigaction reads back the action");
    CHECK(old.sa_sigaction == on_signal && (old.sa_flags & SA_SIGINFO), "the action read back is ours");

    CHECK_EQ(kill(getpid(), SIGUSR1), 0, "kill(self, SIGUSR1)");
    CHECK_EQ(count, 1, "the handler ran once, before kill returned");
    CHECK_EQ(last_signo, SIGUSR1, "si_signo");
    CHECK_EQ(last_code, SI_USER, "si_code SI_USER for kill");
    CHECK_EQ(last_pid, getpid(), "si_pid is the sender");
    CHECK_EQ(last_uid, getuid(), "si_uid is the sender's uid");

    CHECK_EQ(raise(SIGUSR2), 0, "raise(SIGUSR2)");
    CHECK_EQ(count, 2, "raise ran the handler");
    CHECK_EQ(last_signo, SIGUSR2, "raise: si_signo");
    CHECK_EQ(last_code, SI_TKILL, "raise: si_code SI_TKILL (musl raises with tkill)");

    CHECK_EQ(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1), 0, "tgkill(self)");
    CHECK_EQ(count, 3, "tgkill ran the handler");
    CHECK_EQ(last_code, SI_TKILL, "tgkill: si_code SI_TKILL");
    CHECK_ERRNO(syscall(SYS_tgkill, getpid() + 100000, syscall(SYS_gettid), SIGUSR1), ESRCH, "tgkill to a wrong tgid is ESRCH");

    /* A signal from a child: si_pid is the child's pid. */
    sigset_t block, old_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) { kill(parent, SIGUSR1); _exit(0); }
    int status;
    waitpid(child, &status, 0);
    CHECK_EQ(count, 4, "the child's kill reached our handler");
    CHECK_EQ(last_pid, child, "si_pid is the child's pid");

    /* kill to a child that handles the signal and reports with its exit status. */
    sigprocmask(SIG_BLOCK, &block, &old_mask);
    child = fork();
    if (child == 0) {
        sigset_t wait_for;
        sigemptyset(&wait_for);
        sigsuspend(&wait_for);   /* SIGUSR1 is blocked until here */
        _exit(count == 5 && last_pid == parent ? 0 : 1);
    }
    CHECK_EQ(kill(child, SIGUSR1), 0, "kill(child, SIGUSR1)");
    waitpid(child, &status, 0);
    CHECK_EQ(status, 0, "the child's handler saw our pid");
    sigprocmask(SIG_SETMASK, &old_mask, 0);

    CHECK_ERRNO(kill(getpid(), 65), EINVAL, "kill with signal 65 is EINVAL");
    CHECK_ERRNO(sigaction(SIGKILL, &old, 0), EINVAL, "a handler for SIGKILL is EINVAL");
    CHECK_ERRNO(sigaction(SIGSTOP, &old, 0), EINVAL, "a handler for SIGSTOP is EINVAL");
    CHECK_ERRNO(kill(999999, SIGUSR1), ESRCH, "kill to no such process is ESRCH");
    CHECK_EQ(kill(getpid(), 0), 0, "kill with signal 0 checks existence");
    CHECK_EQ(count, 4, "signal 0 is not delivered (the child counted its own signal)");
    return check_done("sigaction");
}
