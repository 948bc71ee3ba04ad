// Winograd F(4x4, 3x3) with interpolation points 0, 1, -1, 2, -2 and infinity.
//
// One-dimensional pieces (d: 6 inputs, g: 3 taps, m: 6 products, y: 4 outputs):
//   input   B^T d: (4d0 - 5d2 + d4, -4d1 - 4d2 + d3 + d4, 4d1 - 4d2 - d3 + d4,
//                   -2d1 - d2 + 2d3 + d4, 2d1 - d2 - 2d3 + d4, 4d1 - 5d3 + d5)
//   filter  G g:   (g0/4, -(g0 + g1 + g2)/6, -(g0 - g1 + g2)/6,
//                   g0/24 + g1/12 + g2/6, g0/24 - g1/12 + g2/6, g2)
//   output  A^T m: (m0 + m1 + m2 + m3 + m4, m1 - m2 + 2m3 - 2m4, m1 + m2 + 4m3 + 4m4,
//                   m1 - m2 + 8m3 - 8m4 + m5)
// so that y_i = sum_j g_j d_(i+j), a cross-correlation as in convolution layers; two-dimensional
// transforms apply them along columns, then rows. The adjoints multiply by the transposed matrices.
// Loops run over whole image rows (vertical step, contiguous) and over the tiles of a tile row
// (horizontal step, stride 4), so the compiler vectorises both.
#include "CWinograd.h"

#include <stdlib.h>
#include <string.h>

#define WG_INLINE static inline __attribute__((always_inline))

static long tiles_along(long n) { return (n + 3) / 4; }

static float *scratch(long count) {
    float *p = calloc((size_t)count, sizeof(float));
    if (!p) abort();
    return p;
}

// ---------------------------------------------------------------------------------------------
// Input tiles.

WG_INLINE void input_body(const float *x, long images, long channels, long h, long w, float *v, long ld) {
    const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long padded = 4 * tx_count + 2;
    // t[a] holds row a of B^T d for a whole tile row, shifted by one column: t[a][x + 1] is image
    // column x; the columns outside the image stay zero.
    float *t = scratch(6 * padded + w);
    const float *zero = t + 6 * padded;
    const long stride = channels * ld;
    for (long n = 0; n < images; n++) {
        for (long c = 0; c < channels; c++) {
            const float *plane = x + (n * channels + c) * h * w;
            for (long ty = 0; ty < ty_count; ty++) {
                const float *r[6];
                for (int j = 0; j < 6; j++) {
                    long iy = 4 * ty - 1 + j;
                    r[j] = (iy >= 0 && iy < h) ? plane + iy * w : zero;
                }
                const float *r0 = r[0], *r1 = r[1], *r2 = r[2], *r3 = r[3], *r4 = r[4], *r5 = r[5];
                float *t0 = t + 1, *t1 = t0 + padded, *t2 = t1 + padded, *t3 = t2 + padded, *t4 = t3 + padded, *t5 = t4 + padded;
                for (long i = 0; i < w; i++) {
                    float d0 = r0[i], d1 = r1[i], d2 = r2[i], d3 = r3[i], d4 = r4[i], d5 = r5[i];
                    t0[i] = 4 * d0 - 5 * d2 + d4;
                    t1[i] = -4 * (d1 + d2) + d3 + d4;
                    t2[i] = 4 * (d1 - d2) - d3 + d4;
                    t3[i] = -2 * (d1 - d3) - d2 + d4;
                    t4[i] = 2 * (d1 - d3) - d2 + d4;
                    t5[i] = 4 * d1 - 5 * d3 + d5;
                }
                float *out = v + c * ld + (n * tiles + ty * tx_count);
                for (int a = 0; a < 6; a++) {
                    const float *s = t + a * padded;
                    float *o0 = out + (6 * a) * stride, *o1 = o0 + stride, *o2 = o1 + stride;
                    float *o3 = o2 + stride, *o4 = o3 + stride, *o5 = o4 + stride;
                    for (long tx = 0; tx < tx_count; tx++) {
                        const float *q = s + 4 * tx;
                        float d0 = q[0], d1 = q[1], d2 = q[2], d3 = q[3], d4 = q[4], d5 = q[5];
                        o0[tx] = 4 * d0 - 5 * d2 + d4;
                        o1[tx] = -4 * (d1 + d2) + d3 + d4;
                        o2[tx] = 4 * (d1 - d2) - d3 + d4;
                        o3[tx] = -2 * (d1 - d3) - d2 + d4;
                        o4[tx] = 2 * (d1 - d3) - d2 + d4;
                        o5[tx] = 4 * d1 - 5 * d3 + d5;
                    }
                }
            }
        }
    }
    free(t);
}

WG_INLINE void input_adjoint_body(const float *v, long ld, long images, long channels, long h, long w, float *dx) {
    const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long padded = 4 * tx_count + 2;
    float *t = scratch(6 * padded);
    const long stride = channels * ld;
    for (long n = 0; n < images; n++) {
        for (long c = 0; c < channels; c++) {
            float *plane = dx + (n * channels + c) * h * w;
            memset(plane, 0, (size_t)(h * w) * sizeof(float));
            for (long ty = 0; ty < ty_count; ty++) {
                const float *in = v + c * ld + (n * tiles + ty * tx_count);
                for (int a = 0; a < 6; a++) {
                    float *s = t + a * padded;
                    const float *i0 = in + (6 * a) * stride, *i1 = i0 + stride, *i2 = i1 + stride;
                    const float *i3 = i2 + stride, *i4 = i3 + stride, *i5 = i4 + stride;
                    // Columns 0-3 of each tile, then its columns 4-5 added onto the next tile's 0-1.
                    for (long tx = 0; tx < tx_count; tx++) {
                        float u0 = i0[tx], u1 = i1[tx], u2 = i2[tx], u3 = i3[tx], u4 = i4[tx], u5 = i5[tx];
                        float *q = s + 4 * tx;
                        q[0] = 4 * u0;
                        q[1] = 4 * (u2 - u1) + 2 * (u4 - u3) + 4 * u5;
                        q[2] = -5 * u0 - 4 * (u1 + u2) - u3 - u4;
                        q[3] = u1 - u2 + 2 * (u3 - u4) - 5 * u5;
                    }
                    s[4 * tx_count] = 0;
                    s[4 * tx_count + 1] = 0;
                    for (long tx = 0; tx < tx_count; tx++) {
                        float *q = s + 4 * tx;
                        q[4] += i0[tx] + i1[tx] + i2[tx] + i3[tx] + i4[tx];
                        q[5] += i5[tx];
                    }
                }
                const float *t0 = t + 1, *t1 = t0 + padded, *t2 = t1 + padded, *t3 = t2 + padded, *t4 = t3 + padded, *t5 = t4 + padded;
                for (int j = 0; j < 6; j++) {
                    long iy = 4 * ty - 1 + j;
                    if (iy < 0 || iy >= h) continue;
                    float *row = plane + iy * w;
                    switch (j) {
                    case 0: for (long i = 0; i < w; i++) row[i] += 4 * t0[i]; break;
                    case 1: for (long i = 0; i < w; i++) row[i] += 4 * (t2[i] - t1[i]) + 2 * (t4[i] - t3[i]) + 4 * t5[i]; break;
                    case 2: for (long i = 0; i < w; i++) row[i] += -5 * t0[i] - 4 * (t1[i] + t2[i]) - t3[i] - t4[i]; break;
                    case 3: for (long i = 0; i < w; i++) row[i] += t1[i] - t2[i] + 2 * (t3[i] - t4[i]) - 5 * t5[i]; break;
                    case 4: for (long i = 0; i < w; i++) row[i] += t0[i] + t1[i] + t2[i] + t3[i] + t4[i]; break;
                    default: for (long i = 0; i < w; i++) row[i] += t5[i]; break;
                    }
                }
            }
        }
    }
    free(t);
}

// ---------------------------------------------------------------------------------------------
// Output tiles.

WG_INLINE void output_body(const float *m, long ld, long images, long channels, long h, long w, float *y) {
    const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long span = 4 * tx_count;
    // s[a] holds row a of M A for a whole tile row.
    float *s = scratch(6 * span);
    const long stride = channels * ld;
    for (long n = 0; n < images; n++) {
        for (long c = 0; c < channels; c++) {
            float *plane = y + (n * channels + c) * h * w;
            for (long ty = 0; ty < ty_count; ty++) {
                const float *in = m + c * ld + (n * tiles + ty * tx_count);
                for (int a = 0; a < 6; a++) {
                    float *row = s + a * span;
                    const float *i0 = in + (6 * a) * stride, *i1 = i0 + stride, *i2 = i1 + stride;
                    const float *i3 = i2 + stride, *i4 = i3 + stride, *i5 = i4 + stride;
                    for (long tx = 0; tx < tx_count; tx++) {
                        float m0 = i0[tx], m1 = i1[tx], m2 = i2[tx], m3 = i3[tx], m4 = i4[tx], m5 = i5[tx];
                        float *q = row + 4 * tx;
                        q[0] = m0 + m1 + m2 + m3 + m4;
                        q[1] = m1 - m2 + 2 * (m3 - m4);
                        q[2] = m1 + m2 + 4 * (m3 + m4);
                        q[3] = m1 - m2 + 8 * (m3 - m4) + m5;
                    }
                }
                const float *s0 = s, *s1 = s0 + span, *s2 = s1 + span, *s3 = s2 + span, *s4 = s3 + span, *s5 = s4 + span;
                for (int i = 0; i < 4; i++) {
                    long oy = 4 * ty + i;
                    if (oy >= h) break;
                    float *row = plane + oy * w;
                    switch (i) {
                    case 0: for (long k = 0; k < w; k++) row[k] = s0[k] + s1[k] + s2[k] + s3[k] + s4[k]; break;
                    case 1: for (long k = 0; k < w; k++) row[k] = s1[k] - s2[k] + 2 * (s3[k] - s4[k]); break;
                    case 2: for (long k = 0; k < w; k++) row[k] = s1[k] + s2[k] + 4 * (s3[k] + s4[k]); break;
                    default: for (long k = 0; k < w; k++) row[k] = s1[k] - s2[k] + 8 * (s3[k] - s4[k]) + s5[k]; break;
                    }
                }
            }
        }
    }
    free(s);
}

WG_INLINE void output_adjoint_body(const float *dy, long images, long channels, long h, long w, float *m, long ld) {
    const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long span = 4 * tx_count;
    // s[a] holds row a of A dY for a whole tile row; columns past the image stay zero.
    float *s = scratch(6 * span + w);
    const float *zero = s + 6 * span;
    const long stride = channels * ld;
    for (long n = 0; n < images; n++) {
        for (long c = 0; c < channels; c++) {
            const float *plane = dy + (n * channels + c) * h * w;
            for (long ty = 0; ty < ty_count; ty++) {
                const float *r[4];
                for (int i = 0; i < 4; i++) {
                    long oy = 4 * ty + i;
                    r[i] = oy < h ? plane + oy * w : zero;
                }
                const float *r0 = r[0], *r1 = r[1], *r2 = r[2], *r3 = r[3];
                float *s0 = s, *s1 = s0 + span, *s2 = s1 + span, *s3 = s2 + span, *s4 = s3 + span, *s5 = s4 + span;
                for (long k = 0; k < w; k++) {
                    float y0 = r0[k], y1 = r1[k], y2 = r2[k], y3 = r3[k];
                    s0[k] = y0;
                    s1[k] = y0 + y1 + y2 + y3;
                    s2[k] = y0 - y1 + y2 - y3;
                    s3[k] = y0 + 2 * y1 + 4 * y2 + 8 * y3;
                    s4[k] = y0 - 2 * y1 + 4 * y2 - 8 * y3;
                    s5[k] = y3;
                }
                float *out = m + c * ld + (n * tiles + ty * tx_count);
                for (int a = 0; a < 6; a++) {
                    const float *row = s + a * span;
                    float *o0 = out + (6 * a) * stride, *o1 = o0 + stride, *o2 = o1 + stride;
                    float *o3 = o2 + stride, *o4 = o3 + stride, *o5 = o4 + stride;
                    for (long tx = 0; tx < tx_count; tx++) {
                        const float *q = row + 4 * tx;
                        float y0 = q[0], y1 = q[1], y2 = q[2], y3 = q[3];
                        o0[tx] = y0;
                        o1[tx] = y0 + y1 + y2 + y3;
                        o2[tx] = y0 - y1 + y2 - y3;
                        o3[tx] = y0 + 2 * y1 + 4 * y2 + 8 * y3;
                        o4[tx] = y0 - 2 * y1 + 4 * y2 - 8 * y3;
                        o5[tx] = y3;
                    }
                }
            }
        }
    }
    free(s);
}

// ---------------------------------------------------------------------------------------------
// Filters (small; no vector variants).

void lrlab_winograd_filter(const float *weight, long out_channels, long in_channels, float *u) {
    const long stride = out_channels * in_channels;
    for (long k = 0; k < out_channels; k++) {
        for (long c = 0; c < in_channels; c++) {
            const float *g = weight + (k * in_channels + c) * 9;
            float col[6][3];  // G g: 6 rows of 3 columns
            for (int j = 0; j < 3; j++) {
                float g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
                col[0][j] = g0 / 4;
                col[1][j] = -(g0 + g1 + g2) / 6;
                col[2][j] = -(g0 - g1 + g2) / 6;
                col[3][j] = g0 / 24 + g1 / 12 + g2 / 6;
                col[4][j] = g0 / 24 - g1 / 12 + g2 / 6;
                col[5][j] = g2;
            }
            float *o = u + k * in_channels + c;
            for (int a = 0; a < 6; a++) {
                float g0 = col[a][0], g1 = col[a][1], g2 = col[a][2];
                float r[6] = {g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6,
                              g0 / 24 + g1 / 12 + g2 / 6, g0 / 24 - g1 / 12 + g2 / 6, g2};
                for (int b = 0; b < 6; b++) o[(6 * a + b) * stride] = r[b];
            }
        }
    }
}

void lrlab_winograd_filter_adjoint_add(const float *u, long out_channels, long in_channels, float *dweight) {
    const long stride = out_channels * in_channels;
    for (long k = 0; k < out_channels; k++) {
        for (long c = 0; c < in_channels; c++) {
            const float *in = u + k * in_channels + c;
            float rows[6][3];  // U G: each row of 6 mapped to 3 by G^T
            for (int a = 0; a < 6; a++) {
                float u0 = in[(6 * a) * stride], u1 = in[(6 * a + 1) * stride], u2 = in[(6 * a + 2) * stride];
                float u3 = in[(6 * a + 3) * stride], u4 = in[(6 * a + 4) * stride], u5 = in[(6 * a + 5) * stride];
                rows[a][0] = u0 / 4 - (u1 + u2) / 6 + (u3 + u4) / 24;
                rows[a][1] = (u2 - u1) / 6 + (u3 - u4) / 12;
                rows[a][2] = -(u1 + u2) / 6 + (u3 + u4) / 6 + u5;
            }
            float *g = dweight + (k * in_channels + c) * 9;
            for (int j = 0; j < 3; j++) {
                float u0 = rows[0][j], u1 = rows[1][j], u2 = rows[2][j], u3 = rows[3][j], u4 = rows[4][j], u5 = rows[5][j];
                g[j] += u0 / 4 - (u1 + u2) / 6 + (u3 + u4) / 24;
                g[3 + j] += (u2 - u1) / 6 + (u3 - u4) / 12;
                g[6 + j] += -(u1 + u2) / 6 + (u3 + u4) / 6 + u5;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Run-time choice between the baseline build and AVX-512 code of the same loops.

#if defined(__x86_64__)
#define WG_WIDE __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
static int has_avx512(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    }
    return cached;
}
#define WG_DISPATCH(name, params, args)                                   \
    WG_WIDE static void name##_wide params { name##_body args; }          \
    static void name##_base params { name##_body args; }                  \
    void lrlab_winograd_##name params {                                   \
        if (has_avx512()) name##_wide args; else name##_base args;        \
    }
#else
#define WG_DISPATCH(name, params, args) \
    void lrlab_winograd_##name params { name##_body args; }
#endif

WG_DISPATCH(input, (const float *x, long images, long channels, long h, long w, float *v, long ld),
            (x, images, channels, h, w, v, ld))
WG_DISPATCH(input_adjoint, (const float *v, long ld, long images, long channels, long h, long w, float *dx),
            (v, ld, images, channels, h, w, dx))
WG_DISPATCH(output, (const float *m, long ld, long images, long channels, long h, long w, float *y),
            (m, ld, images, channels, h, w, y))
WG_DISPATCH(output_adjoint, (const float *dy, long images, long channels, long h, long w, float *m, long ld),
            (dy, images, channels, h, w, m, ld))
