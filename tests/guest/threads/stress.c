/* Concurrency on two or more CPUs: threads that fork and wait at the same time, map, touch and
 * unmap memory at the same time, fault the same fresh pages at the same time, and a fork while
 * other threads write. Every result is checked exactly. */
#include "../check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>

enum { Threads = 4, Forks = 10, Maps = 60, SharedPages = 64 };
static const size_t page = 4096;

static void *fork_many(void *arg)
{
    intptr_t id = (intptr_t)arg, bad = 0;
    for (int i = 0; i < Forks; i++) {
        int code = (int)(id * 16 + i) & 0xff;
        pid_t child = fork();
        if (child == 0) _exit(code);
        int status = -1;
        if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != code) bad++;
    }
    return (void *)bad;
}

static void *map_many(void *arg)
{
    intptr_t id = (intptr_t)arg, bad = 0;
    for (int i = 0; i < Maps; i++) {
        unsigned char *p = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) { bad++; continue; }
        for (int k = 0; k < 4; k++) p[k * page + id] = (unsigned char)(i + k + id);
        for (int k = 0; k < 4; k++) if (p[k * page + id] != (unsigned char)(i + k + id)) bad++;
        if (munmap(p, 4 * page) != 0) bad++;
    }
    return (void *)bad;
}

static unsigned char *fresh;
static pthread_barrier_t start_line;
static void *fault_together(void *arg)
{
    intptr_t id = (intptr_t)arg;
    pthread_barrier_wait(&start_line);
    for (int k = 0; k < SharedPages; k++) fresh[k * page + id] = (unsigned char)(k + id);
    return 0;
}

static volatile int stop;
static volatile unsigned long counters[Threads * 16];
static void *write_until_stopped(void *arg)
{
    intptr_t id = (intptr_t)arg;
    while (!stop) counters[id * 16]++;
    return 0;
}

static int run_all(void *(*body)(void *))
{
    pthread_t t[Threads];
    intptr_t bad = 0;
    for (intptr_t i = 0; i < Threads; i++) pthread_create(&t[i], 0, body, (void *)i);
    for (int i = 0; i < Threads; i++) { void *r; pthread_join(t[i], &r); bad += (intptr_t)r; }
    return (int)bad;
}

int main(void)
{
    CHECK_EQ(run_all(fork_many), 0, "four threads fork and wait ten times each at once: every status is right");
    CHECK_EQ(run_all(map_many), 0, "four threads map, touch and unmap sixty times each at once");

    fresh = mmap(0, SharedPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pthread_barrier_init(&start_line, 0, Threads);
    run_all(fault_together);
    int ok = 1;
    for (int k = 0; k < SharedPages; k++)
        for (int id = 0; id < Threads; id++) if (fresh[k * page + id] != (unsigned char)(k + id)) ok = 0;
    CHECK(ok, "four threads faulting the same fresh pages at once all keep their stores");

    pthread_t t[Threads];
    for (intptr_t i = 0; i < Threads; i++) pthread_create(&t[i], 0, write_until_stopped, (void *)i);
    /* Fork only once every writer is writing (a thread may first run late on a loaded host). */
    for (int i = 0; i < Threads; i++) while (counters[i * 16] == 0) sched_yield();
    int children_ok = 1;
    for (int i = 0; i < 5; i++) {
        pid_t child = fork();
        if (child == 0) {
            /* Our copy is frozen: the counters must not move here (no thread runs in the child). */
            unsigned long before = counters[0];
            for (volatile int spin = 0; spin < 100000; spin++) {}
            _exit(counters[0] == before ? 0 : 1);
        }
        int status = -1;
        waitpid(child, &status, 0);
        if (status != 0) children_ok = 0;
    }
    stop = 1;
    for (int i = 0; i < Threads; i++) pthread_join(t[i], 0);
    CHECK(children_ok, "forks while other threads write: each child has only its own thread and a frozen copy");
    CHECK(counters[0] > 0 && counters[16] > 0, "the writers ran");
    return check_done("stress");
}
