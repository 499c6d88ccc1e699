/* signalfd: blocked signals are read as records, and poll sees them arrive. */
#include "../check.h"
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

int main(void)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigprocmask(SIG_BLOCK, &mask, 0);
    int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    CHECK(fd >= 0, "signalfd");
    struct signalfd_siginfo info;
    CHECK_ERRNO(read(fd, &info, sizeof info), EAGAIN, "nothing pending yet");
    CHECK_ERRNO(read(fd, &info, 8), EINVAL, "a short buffer is EINVAL");

    kill(getpid(), SIGUSR1);
    CHECK_EQ(read(fd, &info, sizeof info), sizeof info, "one record");
    CHECK_EQ(info.ssi_signo, SIGUSR1, "for SIGUSR1");
    CHECK_EQ(info.ssi_pid, getpid(), "sent by us");
    CHECK_EQ(info.ssi_code, SI_USER, "with kill's code");

    pid_t parent = getpid();
    if (fork() == 0) {
        usleep(50000);
        kill(parent, SIGUSR2);
        _exit(0);
    }
    struct pollfd p = { .fd = fd, .events = POLLIN };
    CHECK_EQ(poll(&p, 1, 5000), 1, "poll wakes when the signal arrives");
    CHECK_EQ(read(fd, &info, sizeof info), sizeof info, "read it");
    CHECK_EQ(info.ssi_signo, SIGUSR2, "SIGUSR2");
    wait(0);
    sigset_t pending;
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGUSR1) && !sigismember(&pending, SIGUSR2), "reading took the signals");
    return check_done("signalfd");
}
