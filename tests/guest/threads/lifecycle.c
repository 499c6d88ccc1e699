/* Threads and the process around them: exit_group from a thread ends every thread with its
 * status, a fault in a thread kills the whole process, a signal to the process reaches a thread
 * that does not block it, tgkill reaches exactly one thread, exit of the main thread alone
 * leaves the others running, and execve from a thread replaces the whole process. */
#include "../check.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static void sleep_ms(int ms) { struct timespec t = { ms / 1000, (ms % 1000) * 1000000L }; nanosleep(&t, 0); }
static int wait_status(pid_t child) { int s = -1; waitpid(child, &s, 0); return s; }

static void *sleep_forever(void *arg) { (void)arg; for (;;) sleep_ms(1000); return 0; }
static void *exit_group_soon(void *arg) { (void)arg; sleep_ms(30); syscall(SYS_exit_group, 33); return 0; }
static void *fault_soon(void *arg) { (void)arg; sleep_ms(30); *(volatile int *)(uintptr_t)arg = 1; return 0; }
static void *exec_soon(void *arg) { (void)arg; sleep_ms(30); execl("/bin/sh", "sh", "-c", "exit 44", (char *)0); return 0; }
static char *self;
static void *exec_self_soon(void *arg) { (void)arg; sleep_ms(30); execl(self, self, "after-exec", (char *)0); return 0; }
static void *spin(void *arg) { (void)arg; for (volatile unsigned long i = 0;; i++) {} return 0; }

static volatile pid_t handled_on;
static void on_usr1(int signal) { (void)signal; handled_on = syscall(SYS_gettid); }

static volatile pid_t worker_tid;
static void *blocking_worker(void *arg)
{
    (void)arg;
    worker_tid = syscall(SYS_gettid);
    while (!handled_on) sleep_ms(5);
    return 0;
}

/* A new thread starts without the creator's alternate signal stack (clone with CLONE_VM and
 * no CLONE_VFORK clears it: two threads must not share one). */
static void *read_altstack(void *arg)
{
    stack_t *out = arg;
    sigaltstack(0, out);
    return 0;
}
static void *outlive_main(void *arg) { (void)arg; sleep_ms(50); syscall(SYS_exit_group, 55); return 0; }

/* The wait status of a child process whose main thread sleeps while threads a and b run. */
static int status_with_threads(void *(*a)(void *), void *(*b)(void *), void *b_argument)
{
    pid_t child = fork();
    if (child == 0) {
        pthread_t ta, tb;
        pthread_create(&ta, 0, a, 0);
        pthread_create(&tb, 0, b, b_argument);
        for (;;) sleep_ms(1000);
    }
    return wait_status(child);
}

int main(int argc, char **argv)
{
    /* Started by execve from a thread: the only thread now, and its tid is the pid (de_thread). */
    if (argc == 2 && strcmp(argv[1], "after-exec") == 0) return syscall(SYS_gettid) == getpid() ? 45 : 1;
    self = argv[0];

    int s = status_with_threads(sleep_forever, exit_group_soon, 0);
    CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 33, "exit_group from a thread ends the process with its status");
    s = status_with_threads(sleep_forever, fault_soon, (void *)8);
    CHECK(WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV, "a fault in one thread kills the whole process with SIGSEGV");
    s = status_with_threads(sleep_forever, exec_soon, 0);
    CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 44, "execve from a thread replaces the whole process");
    /* The same while another thread runs in user mode without stopping, and the new program
     * checks that its thread id is the pid. */
    s = status_with_threads(spin, exec_self_soon, 0);
    CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 45, "execve from a thread ends a spinning thread, and the new program's tid is its pid");

    pid_t child = fork();
    if (child == 0) {
        pthread_t a;
        pthread_create(&a, 0, outlive_main, 0);
        syscall(SYS_exit, 0);   /* the main thread alone */
        _exit(1);
    }
    s = wait_status(child);
    CHECK(WIFEXITED(s) && WEXITSTATUS(s) == 55, "after the main thread exits alone, the others run on");

    /* A process-directed signal goes to a thread that does not block it. */
    signal(SIGUSR1, on_usr1);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    pthread_t w;
    pthread_create(&w, 0, blocking_worker, 0);   /* created before we block: it does not */
    pthread_sigmask(SIG_BLOCK, &block, 0);
    while (!worker_tid) sleep_ms(5);
    kill(getpid(), SIGUSR1);
    pthread_join(w, 0);
    CHECK_EQ(handled_on, worker_tid, "kill to the process runs the handler on the thread that does not block it");
    pthread_sigmask(SIG_UNBLOCK, &block, 0);

    static char alternate[65536];
    stack_t mine = { .ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0 }, theirs = { 0 };
    sigaltstack(&mine, 0);
    pthread_create(&w, 0, read_altstack, &theirs);
    pthread_join(w, 0);
    CHECK_EQ(theirs.ss_flags, SS_DISABLE, "a new thread has no alternate signal stack of its creator's");
    stack_t off = { .ss_flags = SS_DISABLE };
    sigaltstack(&off, 0);

    /* tgkill picks the thread. */
    handled_on = 0;
    worker_tid = 0;
    pthread_create(&w, 0, blocking_worker, 0);
    while (!worker_tid) sleep_ms(5);
    CHECK_EQ(kill(worker_tid, 0), 0, "kill to a thread id that is not the pid finds its process");
    CHECK_EQ(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1), 0, "tgkill to the worker");
    pthread_join(w, 0);
    CHECK_EQ(handled_on, worker_tid, "the handler ran on the worker");
    CHECK_ERRNO(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1), ESRCH, "tgkill to a thread that has gone is ESRCH");
    return check_done("lifecycle");
}
