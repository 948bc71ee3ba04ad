/* The least time an mlp training step at batch size 64 can take over OpenBLAS on one thread.
 *
 * The same work as `train bench --model mlp --batch-size 64`, written as plain C with no framework
 * around it: zero the weight gradient, forward product, ReLU, weight-gradient product and an SGD
 * momentum update over the 784x256 weight (the 256x10 layer and the loss are left out: they cost
 * little). Prints the median time of each part and of the whole step in milliseconds.
 * Build: cc -O3 -march=native mlp_floor.c $(pkg-config --cflags --libs openblas) */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BATCH = 64, IN = 784, OUT = 256, STEPS = 1000, WARMUP = 50, PARTS = 5 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static float *floats(size_t count) {
    float *p = aligned_alloc(64, count * sizeof(float));
    for (size_t i = 0; i < count; i++) p[i] = (float)rand() / RAND_MAX - 0.5f;
    return p;
}

int main(void) {
    openblas_set_num_threads(1);
    srand(0);
    float *x = floats(BATCH * IN), *w = floats(OUT * IN), *h = floats(BATCH * OUT);
    float *dh = floats(BATCH * OUT), *dw = floats(OUT * IN), *velocity = floats(OUT * IN);
    for (size_t i = 0; i < OUT * IN; i++) { w[i] *= 0.07f; velocity[i] = 0; }
    static double times[PARTS][STEPS];
    for (int step = 0; step < WARMUP + STEPS; step++) {
        double t0 = now();
        memset(dw, 0, sizeof(float) * OUT * IN);
        double t1 = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, BATCH, OUT, IN, 1, x, IN, w, IN, 0, h, OUT);
        for (int i = 0; i < BATCH * OUT; i++) dh[i] = h[i] > 0 ? 1e-3f * h[i] : 0;
        double t2 = now();
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, OUT, IN, BATCH, 1, dh, OUT, x, IN, 1, dw, IN);
        double t3 = now();
        for (int i = 0; i < OUT * IN; i++) {
            velocity[i] = 0.9f * velocity[i] + dw[i];
            w[i] -= 0.01f * velocity[i];
        }
        double t4 = now();
        if (step < WARMUP) continue;
        double parts[PARTS] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0};
        for (int p = 0; p < PARTS; p++) times[p][step - WARMUP] = parts[p];
    }
    const char *names[PARTS] = {"zero gradient", "forward product + ReLU", "weight-gradient product",
                                "SGD momentum update", "whole step"};
    for (int p = 0; p < PARTS; p++) {
        qsort(times[p], STEPS, sizeof(double), ascending);
        printf("%-24s %.3f ms\n", names[p], times[p][STEPS / 2] * 1e3);
    }
    return 0;
}
