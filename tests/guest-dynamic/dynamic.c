/* A dynamically linked program (built against musl and against glibc by the test suite): the
 * loader maps the C library from the image, then threads, the heap and stdio work. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static void *square(void *arg) { long n = (long)arg; return (void *)(n * n); }

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "?";
    pthread_t threads[4];
    long sum = 0;
    for (long i = 0; i < 4; i++) pthread_create(&threads[i], 0, square, (void *)(i + 1));
    for (int i = 0; i < 4; i++) { void *r; pthread_join(threads[i], &r); sum += (long)r; }
    char *block = malloc(1 << 20);
    memset(block, 7, 1 << 20);
    int heap_ok = block[12345] == 7;
    free(block);
    volatile double two = 2.0;
    int math_ok = (int)(sqrt(two) * 1000) == 1414;
    printf("dynamic %s: threads %ld heap %d math %d\n", name, sum, heap_ok, math_ok);
    return sum == 30 && heap_ok && math_ok ? 0 : 1;
}
