/* Times each pass of the Winograd F(4x4, 3x3) convolution on the resnet's 3x3 layers, one thread.
 *
 * The layers of `train bench --model resnet --channels 3 --size 32`: the stem 3->16 at 32x32, four
 * 16->16 at 32x32, three 32->32 at 16x16 and three 64->64 at 8x8, at batch size BATCH (argument 1,
 * default 64). Each layer runs as WinogradConvolution runs it: chunks of whole images holding
 * about 64 Ki floats of transformed tiles; forward (input transform, products, output transform),
 * then backward (adjoint output transform, input transform again, weight-gradient products,
 * input-gradient products and adjoint input transform; the stem has no input gradient). Prints,
 * per layer kind and in total, the fastest of REPEATS runs (argument 2, default 7) of each pass in
 * milliseconds per training step, which a shared machine disturbs least.
 * Build: see bench/winograd_passes.sh (compiles Sources/CWinograd with this file). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "CWinograd.h"

enum { PASSES = 8, KINDS = 4 };
static const char *pass_names[PASSES] = {"input", "multiply", "output", "output_adj", "input_again",
                                         "weight_grad", "input_grad", "input_adj"};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/// Floats on a cache-line boundary filled with values in [-1, 1).
static float *values(long count, unsigned seed) {
    float *p = aligned_alloc(64, (size_t)((count * 4 + 63) / 64 * 64));
    if (!p) abort();
    for (long i = 0; i < count; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (float)((seed >> 8) & 0xFFFFFF) / 8388608.0f - 1;
    }
    return p;
}

static long matrix_stride(long tiles, long channels) { return (tiles * channels + 31) / 16 * 16; }

int main(int argc, char **argv) {
    const long batch = argc > 1 ? atol(argv[1]) : 64;
    const int repeats = argc > 2 ? atoi(argv[2]) : 7;
    if (batch <= 0 || repeats <= 0) {
        fprintf(stderr, "usage: winograd_passes [batch > 0] [repeats > 0]\n");
        return 2;
    }
    const long kinds[KINDS][4] = {{3, 16, 32, 1}, {16, 16, 32, 4}, {32, 32, 16, 3}, {64, 64, 8, 3}};
    double total[PASSES] = {0};
    printf("%-20s", "ms per step");
    for (int p = 0; p < PASSES; p++) printf(" %11s", pass_names[p]);
    printf(" %9s\n", "sum");
    for (int k = 0; k < KINDS; k++) {
        const long ci = kinds[k][0], co = kinds[k][1], h = kinds[k][2], w = h, layers = kinds[k][3];
        const long per_image = ((h + 3) / 4) * ((w + 3) / 4), wide = ci > co ? ci : co;
        long chunk = 64 * 1024 / (36 * wide) / per_image;
        if (chunk < 1) chunk = 1;
        if (chunk > batch) chunk = batch;
        const long vs = matrix_stride(chunk * per_image, ci), ms = matrix_stride(chunk * per_image, co);
        float *x = values(batch * ci * h * w, 1), *y = values(batch * co * h * w, 2);
        float *dy = values(batch * co * h * w, 3), *dx = values(batch * ci * h * w, 4);
        float *weight = values(co * ci * 9, 5), *u = values(36 * ci * co, 6), *ut = values(36 * ci * co, 7);
        float *du = values(36 * ci * co, 8), *v = values(36 * vs + 16, 9), *m = values(36 * ms + 16, 10);
        float *dv = values(36 * vs + 16, 11);
        lrlab_winograd_filter(weight, co, ci, u);
        lrlab_winograd_transpose(u, ci, co, 36, ut);
        double best[PASSES];
        for (int p = 0; p < PASSES; p++) best[p] = 1e30;
        for (int r = 0; r <= repeats; r++) {  // the first run warms up
            double t[PASSES] = {0}, start;
            for (long first = 0; first < batch; first += chunk) {
                const long images = batch - first < chunk ? batch - first : chunk, tiles = images * per_image;
                const float *xc = x + first * ci * h * w;
                start = now();
                lrlab_winograd_input(xc, images, ci, h, w, v, vs);
                t[0] += now() - start, start = now();
                if (!lrlab_winograd_multiply(v, vs, ci, u, ci * co, co, m, ms, co, tiles, ci, co, 36)) goto no_avx512;
                t[1] += now() - start, start = now();
                lrlab_winograd_output(m, ms, images, co, h, w, y + first * co * h * w);
                t[2] += now() - start;
            }
            for (long first = 0; first < batch; first += chunk) {
                const long images = batch - first < chunk ? batch - first : chunk, tiles = images * per_image;
                start = now();
                lrlab_winograd_output_adjoint(dy + first * co * h * w, images, co, h, w, m, ms);
                t[3] += now() - start, start = now();
                lrlab_winograd_input(x + first * ci * h * w, images, ci, h, w, v, vs);
                t[4] += now() - start, start = now();
                lrlab_winograd_multiply_transposed_add(v, vs, ci, m, ms, co, du, ci * co, co, tiles, ci, co, 36);
                t[5] += now() - start;
                if (k == 0) continue;  // the first layer needs no input gradient
                start = now();
                lrlab_winograd_multiply(m, ms, co, ut, ci * co, ci, dv, vs, ci, tiles, co, ci, 36);
                t[6] += now() - start, start = now();
                lrlab_winograd_input_adjoint(dv, vs, images, ci, h, w, dx + first * ci * h * w);
                t[7] += now() - start;
            }
            if (r > 0)
                for (int p = 0; p < PASSES; p++)
                    if (t[p] < best[p]) best[p] = t[p];
        }
        char name[32];
        snprintf(name, sizeof name, "%ld->%ld %ldx%ld x%ld", ci, co, h, w, layers);
        printf("%-20s", name);
        double sum = 0;
        for (int p = 0; p < PASSES; p++) {
            printf(" %11.3f", 1e3 * best[p] * layers);
            sum += 1e3 * best[p] * layers;
            total[p] += 1e3 * best[p] * layers;
        }
        printf(" %9.3f\n", sum);
        free(x), free(y), free(dy), free(dx), free(weight), free(u), free(ut), free(du), free(v), free(m), free(dv);
    }
    printf("%-20s", "total");
    double sum = 0;
    for (int p = 0; p < PASSES; p++) printf(" %11.3f", total[p]), sum += total[p];
    printf(" %9.3f\n", sum);
    return 0;
no_avx512:
    fprintf(stderr, "winograd_passes: this processor has no AVX-512 (or LRLAB_WINOGRAD_BASELINE=1), where "
                    "the products run in BLAS; nothing to time here\n");
    return 1;
}
