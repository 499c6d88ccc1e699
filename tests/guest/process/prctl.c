/* prctl: the process name (PR_SET_NAME/PR_GET_NAME, 15 bytes), the parent-death signal
 * (PR_SET_PDEATHSIG: sent when the parent dies, reset in a fork child), and no_new_privs. */
#include "../check.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

static volatile int *shared;
static void on_usr1(int signal) { (void)signal; shared[1] = 1; }
static void sleep_ms(int ms) { struct timespec t = { 0, ms * 1000000L }; nanosleep(&t, 0); }

int main(void)
{
    char name[16] = { 0 };
    CHECK_EQ(prctl(PR_SET_NAME, "tessera-test-name-too-long"), 0, "PR_SET_NAME");
    CHECK_EQ(prctl(PR_GET_NAME, name), 0, "PR_GET_NAME");
    CHECK(strcmp(name, "tessera-test-na") == 0, "the name is cut to 15 bytes");

    int value = -1;
    CHECK_EQ(prctl(PR_GET_PDEATHSIG, &value), 0, "PR_GET_PDEATHSIG");
    CHECK_EQ(value, 0, "no parent-death signal at first");
    CHECK_ERRNO(prctl(PR_SET_PDEATHSIG, 99), EINVAL, "PR_SET_PDEATHSIG with signal 99 is EINVAL");

    /* A grandchild asks for SIGUSR1 when its parent dies; the parent then exits. */
    shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t child = fork();
    if (child == 0) {
        if (fork() == 0) {
            signal(SIGUSR1, on_usr1);
            prctl(PR_SET_PDEATHSIG, SIGUSR1);
            int got = 0;
            prctl(PR_GET_PDEATHSIG, &got);
            shared[2] = got;
            if (fork() == 0) { int inherited = -1; prctl(PR_GET_PDEATHSIG, &inherited); shared[3] = inherited + 1; _exit(0); }
            shared[0] = 1;   /* ready: our parent may go */
            for (int i = 0; i < 300 && !shared[1]; i++) sleep_ms(10);
            _exit(0);
        }
        for (int i = 0; i < 300 && !shared[0]; i++) sleep_ms(10);
        _exit(0);
    }
    waitpid(child, 0, 0);
    for (int i = 0; i < 300 && !shared[1]; i++) sleep_ms(10);
    CHECK_EQ(shared[2], SIGUSR1, "PR_GET_PDEATHSIG reads back SIGUSR1");
    CHECK_EQ(shared[3], 1, "a fork child starts without the parent-death signal");
    CHECK_EQ(shared[1], 1, "the parent-death signal arrived when the parent exited");

    CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0, "no_new_privs is off at first");
    CHECK_EQ(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0, "PR_SET_NO_NEW_PRIVS");
    CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1, "and it reads back 1");
    CHECK_ERRNO(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL, "it cannot be turned off (EINVAL)");
    CHECK_ERRNO(prctl(12345, 0, 0, 0, 0), EINVAL, "an unknown option is EINVAL");
    return check_done("prctl");
}
