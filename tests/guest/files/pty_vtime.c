/* VMIN and VTIME in noncanonical mode, on a pseudo-terminal, in Linux's four cases (termios(3)):
 * MIN 0 TIME 0 returns what is there at once; MIN > 0 TIME 0 waits for min(MIN, count) bytes;
 * MIN 0 TIME > 0 waits for a first byte at most TIME tenths of a second; MIN > 0 TIME > 0 waits
 * for a first byte however long, then for MIN bytes or TIME without more. Also O_NONBLOCK and
 * poll's view. Times are only checked from below (a timer may run late under load, never early). */
#define _GNU_SOURCE
#include "../check.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <sys/wait.h>

static int master, slave;

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void set_min_time(int min, int time)
{
    struct termios t;
    tcgetattr(slave, &t);
    t.c_cc[VMIN] = min;
    t.c_cc[VTIME] = time;
    tcsetattr(slave, TCSANOW, &t);
}

/* A child that types text on the master after ms milliseconds. */
static pid_t type_later(const char *text, int ms)
{
    pid_t child = fork();
    if (child == 0) {
        struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&t, 0);
        write(master, text, strlen(text));
        _exit(0);
    }
    return child;
}

static void reap(pid_t child) { int s; waitpid(child, &s, 0); }

static int poll_in(void)
{
    struct pollfd p = { .fd = slave, .events = POLLIN };
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

int main(void)
{
    char buf[64];
    master = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(master >= 0, "posix_openpt");
    CHECK_EQ(grantpt(master) | unlockpt(master), 0, "grantpt, unlockpt");
    slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    CHECK(slave >= 0, "the slave opens");
    struct termios raw;
    CHECK_EQ(tcgetattr(slave, &raw), 0, "tcgetattr");
    cfmakeraw(&raw);
    CHECK_EQ(tcsetattr(slave, TCSANOW, &raw), 0, "raw mode (noncanonical, no echo)");

    /* MIN 0, TIME 0: a poll of the input. */
    set_min_time(0, 0);
    CHECK_EQ(read(slave, buf, sizeof buf), 0, "MIN 0 TIME 0 with nothing typed: 0 at once");
    write(master, "ab", 2);
    CHECK_EQ(read(slave, buf, sizeof buf), 2, "MIN 0 TIME 0: what was typed");
    CHECK_EQ(memcmp(buf, "ab", 2), 0, "ab");

    /* MIN 3, TIME 0: waits for three bytes; a smaller read for what it asked. */
    set_min_time(3, 0);
    write(master, "x", 1);
    CHECK(!poll_in(), "MIN 3 TIME 0: poll does not report one byte");
    pid_t child = type_later("yz", 100);
    CHECK_EQ(read(slave, buf, sizeof buf), 3, "MIN 3 TIME 0: the read waits for three bytes");
    CHECK_EQ(memcmp(buf, "xyz", 3), 0, "xyz");
    reap(child);
    write(master, "pqr", 3);
    CHECK(poll_in(), "three bytes: poll reports input");
    CHECK_EQ(read(slave, buf, 2), 2, "a read of 2 with MIN 3 returns 2");
    CHECK_EQ(memcmp(buf, "pq", 2), 0, "pq");

    /* O_NONBLOCK returns what there is, EAGAIN for nothing. */
    int flags = fcntl(slave, F_GETFL);
    fcntl(slave, F_SETFL, flags | O_NONBLOCK);
    CHECK_EQ(read(slave, buf, sizeof buf), 1, "O_NONBLOCK with MIN 3: the one byte there");
    CHECK_EQ(buf[0], 'r', "r");
    CHECK_ERRNO(read(slave, buf, sizeof buf), EAGAIN, "O_NONBLOCK with nothing there: EAGAIN");
    set_min_time(0, 0);
    CHECK_EQ(read(slave, buf, sizeof buf), 0, "O_NONBLOCK with MIN 0 TIME 0: 0");
    fcntl(slave, F_SETFL, flags);

    /* MIN 0, TIME 2: at most 0.2 s for a first byte. */
    set_min_time(0, 2);
    long start = now_ms();
    CHECK_EQ(read(slave, buf, sizeof buf), 0, "MIN 0 TIME 2 with nothing typed: 0");
    long waited = now_ms() - start;
    CHECK(waited >= 150, "after about 0.2 s");
    if (waited < 150) say("     (%ld ms)\n", waited);
    set_min_time(0, 30);
    child = type_later("k", 50);
    CHECK_EQ(read(slave, buf, sizeof buf), 1, "MIN 0 TIME 30: the first byte typed within the time");
    CHECK_EQ(buf[0], 'k', "k");
    reap(child);
    write(master, "h", 1);
    CHECK(poll_in(), "MIN 0 TIME 30: poll reports one byte");
    CHECK_EQ(read(slave, buf, sizeof buf), 1, "and read takes it at once");

    /* MIN 5, TIME 2: the timer runs between bytes, not before the first. */
    set_min_time(5, 2);
    write(master, "ab", 2);
    CHECK(poll_in(), "MIN 5 TIME 2: poll reports one byte");
    start = now_ms();
    CHECK_EQ(read(slave, buf, sizeof buf), 2, "MIN 5 TIME 2 with two bytes typed: they come after TIME");
    waited = now_ms() - start;
    CHECK(waited >= 150, "about 0.2 s later");
    if (waited < 150) say("     (%ld ms)\n", waited);
    child = type_later("c", 400);
    start = now_ms();
    CHECK_EQ(read(slave, buf, sizeof buf), 1, "with nothing typed the read waits past TIME for a first byte");
    waited = now_ms() - start;
    CHECK_EQ(buf[0], 'c', "c");
    CHECK(waited >= 500, "then TIME more for the next");
    if (waited < 500) say("     (%ld ms)\n", waited);
    reap(child);
    set_min_time(2, 50);
    write(master, "de", 2);
    CHECK_EQ(read(slave, buf, sizeof buf), 2, "MIN 2 TIME 50: MIN bytes return without waiting for TIME");
    CHECK_EQ(memcmp(buf, "de", 2), 0, "de");

    close(slave);
    close(master);
    return check_done("pty_vtime");
}
