/* A tiny assertion kit for the guest tests: each check prints one line ("ok" or "FAIL" with
 * what was expected and what came), check_done() prints a summary and gives the exit status
 * (0 only if every check passed). Output goes straight to fd 1 with write(2), never through
 * stdio buffers, so nothing is printed twice after fork and nothing is lost at _exit. */
#ifndef TESSERA_CHECK_H
#define TESSERA_CHECK_H
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int check_passed, check_failed;

static void say(const char *format, ...)
{
    char line[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n > (int)sizeof line - 1) n = sizeof line - 1;
    if (n > 0) write(1, line, n);
}

static int check_result(int ok, const char *what, long long got, long long want)
{
    if (ok) { check_passed++; say("ok   %s\n", what); }
    else { check_failed++; say("FAIL %s: got %lld, want %lld\n", what, got, want); }
    return ok;
}

/* CHECK(condition, "what"): a plain truth. */
#define CHECK(cond, what) check_result(!!(cond), (what), !!(cond), 1)
/* CHECK_EQ(actual, expected, "what"): exact integer values. */
#define CHECK_EQ(actual, expected, what) do { long long a_ = (long long)(actual), e_ = (long long)(expected); \
    check_result(a_ == e_, (what), a_, e_); } while (0)
/* CHECK_ERRNO(call, E, "what"): the call returns -1 (or MAP_FAILED) and sets errno to E. */
#define CHECK_ERRNO(call, expected_errno, what) do { errno = 0; long long r_ = (long long)(call); int e_ = errno; \
    check_result(r_ == -1 && e_ == (expected_errno), (what), r_ == -1 ? e_ : r_, (expected_errno)); } while (0)

/* Installs a handler with these sa_flags and an empty sa_mask; with SA_SIGINFO in flags,
 * handler is a three-argument sa_sigaction. */
static inline int set_handler(int signal, void *handler, int flags)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    if (flags & SA_SIGINFO) action.sa_sigaction = (void (*)(int, siginfo_t *, void *))handler;
    else action.sa_handler = (void (*)(int))handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, 0);
}

/* A child that sends signal to us after about ms milliseconds, then exits 0; its pid. */
static inline pid_t signal_us_later(int signal, int ms)
{
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&t, 0);
        kill(parent, signal);
        _exit(0);
    }
    return child;
}

static int check_done(const char *name)
{
    say("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}
#endif
