/* Default actions: SIGTERM and SIGUSR1 kill (WTERMSIG), SIGCHLD and SIGURG are ignored, an
 * ignored SIGTERM does nothing, and handlers are reset by execve while ignoring survives it.
 * SIGCHLD reaches the parent when a child exits, with CLD_EXITED and the child's pid. */
#include "../check.h"
#include <signal.h>
#include <sys/wait.h>

static int killed_by(int signal)
{
    pid_t child = fork();
    if (child == 0) { for (;;) pause(); }
    kill(child, signal);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status);
}

static volatile int chld_count, chld_code, chld_pid, chld_status;
static void on_chld(int signal, siginfo_t *info, void *context)
{
    (void)signal; (void)context;
    chld_count++;
    chld_code = info->si_code;
    chld_pid = info->si_pid;
    chld_status = info->si_status;
}

static void on_usr2(int signal) { (void)signal; }

int main(void)
{
    CHECK_EQ(killed_by(SIGTERM), SIGTERM, "SIGTERM kills by default (WTERMSIG)");
    CHECK_EQ(killed_by(SIGUSR1), SIGUSR1, "SIGUSR1 kills by default");
    CHECK_EQ(killed_by(SIGKILL), SIGKILL, "SIGKILL kills");

    pid_t child = fork();
    if (child == 0) {
        signal(SIGTERM, SIG_IGN);
        raise(SIGTERM);
        raise(SIGCHLD);   /* default: ignore */
        raise(SIGURG);    /* default: ignore */
        _exit(4);
    }
    int status;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4, "ignored SIGTERM, default SIGCHLD and SIGURG do not kill");

    /* SIGCHLD to the parent. */
    set_handler(SIGCHLD, on_chld, SA_SIGINFO | SA_RESTART);
    child = fork();
    if (child == 0) _exit(6);
    waitpid(child, &status, 0);
    CHECK_EQ(chld_count, 1, "SIGCHLD was delivered to the parent");
    CHECK_EQ(chld_code, CLD_EXITED, "si_code CLD_EXITED");
    CHECK_EQ(chld_pid, child, "si_pid is the child");
    CHECK_EQ(chld_status, 6, "si_status is the exit code");

    child = fork();
    if (child == 0) { for (;;) pause(); }
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    CHECK_EQ(chld_count, 2, "SIGCHLD for a killed child");
    CHECK_EQ(chld_code, CLD_KILLED, "si_code CLD_KILLED");
    CHECK_EQ(chld_status, SIGTERM, "si_status is the signal");

    /* execve resets handled signals to default but keeps ignored ones. */
    signal(SIGCHLD, SIG_DFL);
    child = fork();
    if (child == 0) {
        signal(SIGUSR1, SIG_IGN);
        signal(SIGUSR2, on_usr2);
        execl("/bin/sh", "sh", "-c", "kill -USR1 $$; kill -USR2 $$; exit 3", (char *)0);
        _exit(127);
    }
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR2, "after execve an ignored signal stays ignored, a handled one is default");
    return check_done("defaults");
}
