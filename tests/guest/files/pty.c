/* Pseudo-terminals: the slave has a line discipline, the master sees its output and echo. */
#define _GNU_SOURCE
#include "../check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>

static int read_some(int fd, char *buffer, int size)
{
    int total = 0;
    for (int tries = 0; tries < 200 && total < size - 1; tries++) {
        int n = read(fd, buffer + total, size - 1 - total);
        if (n > 0) total += n;
        else usleep(5000);
        if (total > 0 && n <= 0) break;
    }
    buffer[total] = 0;
    return total;
}

int main(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(master >= 0, "posix_openpt");
    CHECK_EQ(grantpt(master), 0, "grantpt");
    CHECK_EQ(unlockpt(master), 0, "unlockpt");
    char *name = ptsname(master);
    CHECK(name && strncmp(name, "/dev/pts/", 9) == 0, "ptsname is under /dev/pts");
    int slave = open(name, O_RDWR | O_NOCTTY);
    CHECK(slave >= 0, "the slave opens");
    CHECK(isatty(slave), "the slave is a terminal");
    fcntl(master, F_SETFL, O_NONBLOCK);

    write(master, "hello\n", 6);
    char buffer[256];
    CHECK_EQ(read(slave, buffer, sizeof buffer), 6, "the slave reads a whole line");
    CHECK(memcmp(buffer, "hello\n", 6) == 0, "as typed");
    read_some(master, buffer, sizeof buffer);
    CHECK(strcmp(buffer, "hello\r\n") == 0, "the master sees the echo with CR LF");

    write(slave, "out\n", 4);
    read_some(master, buffer, sizeof buffer);
    CHECK(strcmp(buffer, "out\r\n") == 0, "slave output reaches the master through ONLCR");

    struct termios t;
    CHECK_EQ(tcgetattr(slave, &t), 0, "tcgetattr on the slave");
    cfmakeraw(&t);
    CHECK_EQ(tcsetattr(slave, TCSANOW, &t), 0, "raw mode");
    write(master, "x", 1);
    CHECK_EQ(read(slave, buffer, 1), 1, "raw mode reads a single byte");
    CHECK_EQ(buffer[0], 'x', "that byte");
    return check_done("pty");
}
