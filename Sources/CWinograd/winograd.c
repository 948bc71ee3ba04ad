// Winograd F(4x4, 3x3) with interpolation points 0, 1, -1, 2, -2 and infinity.
//
// One-dimensional pieces (d: 6 inputs, g: 3 taps, m: 6 products, y: 4 outputs):
//   input   B^T d: (4d0 - 5d2 + d4, -4d1 - 4d2 + d3 + d4, 4d1 - 4d2 - d3 + d4,
//                   -2d1 - d2 + 2d3 + d4, 2d1 - d2 - 2d3 + d4, 4d1 - 5d3 + d5)
//   filter  G g:   (g0/4, -(g0 + g1 + g2)/6, -(g0 - g1 + g2)/6,
//                   g0/24 + g1/12 + g2/6, g0/24 - g1/12 + g2/6, g2)
//   output  A^T m: (m0 + m1 + m2 + m3 + m4, m1 - m2 + 2m3 - 2m4, m1 + m2 + 4m3 + 4m4,
//                   m1 - m2 + 8m3 - 8m4 + m5)
// so that y_i = sum_j g_j d_(i+j), a cross-correlation as in convolution layers. A 6x6 tile is
// transformed along its columns, then along its rows; the adjoints multiply by the transposed
// matrices in the opposite order.
//
// Layout: NCHW images are transposed to channels-last first (a padded copy with a one-pixel zero
// border and zeros up to whole tiles), so every one-dimensional step is a loop over the channels
// of six pixels: contiguous, vectorised by the compiler.
#include "CWinograd.h"

#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define WG_INLINE static inline __attribute__((always_inline))
#define R restrict

static long tiles_along(long n) { return (n + 3) / 4; }

static float *scratch(long count) {
    float *p = calloc((size_t)count, sizeof(float));
    if (!p) abort();
    return p;
}

// ---------------------------------------------------------------------------------------------
// One-dimensional transforms over n channels.

/// o = B^T d.
WG_INLINE void input_1d(const float *R d0, const float *R d1, const float *R d2, const float *R d3,
                        const float *R d4, const float *R d5, float *R o0, float *R o1, float *R o2,
                        float *R o3, float *R o4, float *R o5, long n) {
    for (long c = 0; c < n; c++) {
        float a0 = d0[c], a1 = d1[c], a2 = d2[c], a3 = d3[c], a4 = d4[c], a5 = d5[c];
        o0[c] = 4 * a0 - 5 * a2 + a4;
        o1[c] = -4 * (a1 + a2) + a3 + a4;
        o2[c] = 4 * (a1 - a2) - a3 + a4;
        o3[c] = -2 * (a1 - a3) - a2 + a4;
        o4[c] = 2 * (a1 - a3) - a2 + a4;
        o5[c] = 4 * a1 - 5 * a3 + a5;
    }
}

/// o = B u (the adjoint of input_1d), added to o when `add`.
WG_INLINE void input_adjoint_1d(const float *R u0, const float *R u1, const float *R u2, const float *R u3,
                                const float *R u4, const float *R u5, float *R o0, float *R o1, float *R o2,
                                float *R o3, float *R o4, float *R o5, long n, int add) {
    for (long c = 0; c < n; c++) {
        float a0 = u0[c], a1 = u1[c], a2 = u2[c], a3 = u3[c], a4 = u4[c], a5 = u5[c];
        float r0 = 4 * a0;
        float r1 = 4 * (a2 - a1) + 2 * (a4 - a3) + 4 * a5;
        float r2 = -5 * a0 - 4 * (a1 + a2) - a3 - a4;
        float r3 = a1 - a2 + 2 * (a3 - a4) - 5 * a5;
        float r4 = a0 + a1 + a2 + a3 + a4;
        float r5 = a5;
        if (add) {
            o0[c] += r0; o1[c] += r1; o2[c] += r2; o3[c] += r3; o4[c] += r4; o5[c] += r5;
        } else {
            o0[c] = r0; o1[c] = r1; o2[c] = r2; o3[c] = r3; o4[c] = r4; o5[c] = r5;
        }
    }
}

/// o = A^T m.
WG_INLINE void output_1d(const float *R m0, const float *R m1, const float *R m2, const float *R m3,
                         const float *R m4, const float *R m5, float *R o0, float *R o1, float *R o2,
                         float *R o3, long n) {
    for (long c = 0; c < n; c++) {
        float a0 = m0[c], a1 = m1[c], a2 = m2[c], a3 = m3[c], a4 = m4[c], a5 = m5[c];
        o0[c] = a0 + a1 + a2 + a3 + a4;
        o1[c] = a1 - a2 + 2 * (a3 - a4);
        o2[c] = a1 + a2 + 4 * (a3 + a4);
        o3[c] = a1 - a2 + 8 * (a3 - a4) + a5;
    }
}

/// o = A y (the adjoint of output_1d).
WG_INLINE void output_adjoint_1d(const float *R y0, const float *R y1, const float *R y2, const float *R y3,
                                 float *R o0, float *R o1, float *R o2, float *R o3, float *R o4,
                                 float *R o5, long n) {
    for (long c = 0; c < n; c++) {
        float a0 = y0[c], a1 = y1[c], a2 = y2[c], a3 = y3[c];
        o0[c] = a0;
        o1[c] = a0 + a1 + a2 + a3;
        o2[c] = a0 - a1 + a2 - a3;
        o3[c] = a0 + 2 * a1 + 4 * a2 + 8 * a3;
        o4[c] = a0 - 2 * a1 + 4 * a2 - 8 * a3;
        o5[c] = a3;
    }
}

// ---------------------------------------------------------------------------------------------
// Transposes between channel-first rows and channels-last pixels.

/// dst[j * ds + i] = src[i * ss + j] for i < rows, j < cols.
WG_INLINE void transpose_scalar(const float *R src, long ss, float *R dst, long ds, long rows, long cols) {
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[j * ds + i] = src[i * ss + j];
}

#if defined(__x86_64__)
#define WG_WIDE __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
/// The 8x8 block at src (row stride ss) transposed to dst (row stride ds).
WG_WIDE WG_INLINE void transpose8(const float *src, long ss, float *dst, long ds) {
    __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + ss), r2 = _mm256_loadu_ps(src + 2 * ss);
    __m256 r3 = _mm256_loadu_ps(src + 3 * ss), r4 = _mm256_loadu_ps(src + 4 * ss), r5 = _mm256_loadu_ps(src + 5 * ss);
    __m256 r6 = _mm256_loadu_ps(src + 6 * ss), r7 = _mm256_loadu_ps(src + 7 * ss);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(dst + ds, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(dst + 2 * ds, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(dst + 3 * ds, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(dst + 4 * ds, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(dst + 5 * ds, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(dst + 6 * ds, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(dst + 7 * ds, _mm256_permute2f128_ps(u3, u7, 0x31));
}

/// transpose_scalar with 8x8 blocks in registers.
WG_WIDE WG_INLINE void transpose_wide(const float *R src, long ss, float *R dst, long ds, long rows, long cols) {
    long rb = rows & ~7L, cb = cols & ~7L;
    for (long i = 0; i < rb; i += 8) {
        for (long j = 0; j < cb; j += 8) transpose8(src + i * ss + j, ss, dst + j * ds + i, ds);
        for (long ii = i; ii < i + 8; ii++)
            for (long j = cb; j < cols; j++) dst[j * ds + ii] = src[ii * ss + j];
    }
    transpose_scalar(src + rb * ss, ss, dst + rb, ds, rows - rb, cols);
}
#endif

// ---------------------------------------------------------------------------------------------
// The passes, written once and built twice (see the end of the file); `transpose` names the
// transposition of the build.

/// Copies image `x` ([channels, h, w]) channels-last into `xp` ([hp, wp, channels]) with a zero
/// border of one pixel and zeros to whole tiles.
#define PACK_BODY(transpose)                                                                          \
    do {                                                                                              \
        memset(xp, 0, (size_t)(hp * wp * channels) * sizeof(float));                                  \
        for (long y = 0; y < h; y++)                                                                  \
            transpose(x + y * w, h * w, xp + ((y + 1) * wp + 1) * channels, channels, channels, w);    \
    } while (0)

WG_INLINE void input_tile(const float *R xp, long wp, long channels, long ty, long tx, float *R tmp,
                          float *R out, long stride) {
    const long n = channels, row = wp * n;
    for (int j = 0; j < 6; j++) {
        const float *d = xp + ((4 * ty) * wp + 4 * tx + j) * n;
        input_1d(d, d + row, d + 2 * row, d + 3 * row, d + 4 * row, d + 5 * row,
                 tmp + j * n, tmp + (6 + j) * n, tmp + (12 + j) * n, tmp + (18 + j) * n,
                 tmp + (24 + j) * n, tmp + (30 + j) * n, n);
    }
    for (int a = 0; a < 6; a++) {
        const float *s = tmp + 6 * a * n;
        float *o = out + 6 * a * stride;
        input_1d(s, s + n, s + 2 * n, s + 3 * n, s + 4 * n, s + 5 * n,
                 o, o + stride, o + 2 * stride, o + 3 * stride, o + 4 * stride, o + 5 * stride, n);
    }
}

WG_INLINE void input_adjoint_tile(const float *R in, long stride, long channels, float *R tmp,
                                  float *R dxp, long wp, long ty, long tx) {
    const long n = channels, row = wp * n;
    for (int a = 0; a < 6; a++) {
        const float *u = in + 6 * a * stride;
        float *s = tmp + 6 * a * n;
        input_adjoint_1d(u, u + stride, u + 2 * stride, u + 3 * stride, u + 4 * stride, u + 5 * stride,
                         s, s + n, s + 2 * n, s + 3 * n, s + 4 * n, s + 5 * n, n, 0);
    }
    for (int j = 0; j < 6; j++) {
        float *d = dxp + ((4 * ty) * wp + 4 * tx + j) * n;
        input_adjoint_1d(tmp + j * n, tmp + (6 + j) * n, tmp + (12 + j) * n, tmp + (18 + j) * n,
                         tmp + (24 + j) * n, tmp + (30 + j) * n,
                         d, d + row, d + 2 * row, d + 3 * row, d + 4 * row, d + 5 * row, n, 1);
    }
}

/// Writes the 4x4 outputs of one tile into `ybuf` ([4, span, channels], pixel 4 tx).
WG_INLINE void output_tile(const float *R in, long stride, long channels, float *R tmp, float *R ybuf,
                           long span, long tx) {
    const long n = channels, row = span * n;
    for (int a = 0; a < 6; a++) {
        const float *m = in + 6 * a * stride;
        float *s = tmp + 4 * a * n;
        output_1d(m, m + stride, m + 2 * stride, m + 3 * stride, m + 4 * stride, m + 5 * stride,
                  s, s + n, s + 2 * n, s + 3 * n, n);
    }
    for (int s = 0; s < 4; s++) {
        float *o = ybuf + (4 * tx + s) * n;
        output_1d(tmp + s * n, tmp + (4 + s) * n, tmp + (8 + s) * n, tmp + (12 + s) * n,
                  tmp + (16 + s) * n, tmp + (20 + s) * n, o, o + row, o + 2 * row, o + 3 * row, n);
    }
}

WG_INLINE void output_adjoint_tile(const float *R dybuf, long span, long channels, long tx, float *R tmp,
                                   float *R out, long stride) {
    const long n = channels, row = span * n;
    for (int s = 0; s < 4; s++) {
        const float *y = dybuf + (4 * tx + s) * n;
        output_adjoint_1d(y, y + row, y + 2 * row, y + 3 * row,
                          tmp + s * n, tmp + (4 + s) * n, tmp + (8 + s) * n, tmp + (12 + s) * n,
                          tmp + (16 + s) * n, tmp + (20 + s) * n, n);
    }
    for (int a = 0; a < 6; a++) {
        const float *q = tmp + 4 * a * n;
        float *o = out + 6 * a * stride;
        output_adjoint_1d(q, q + n, q + 2 * n, q + 3 * n,
                          o, o + stride, o + 2 * stride, o + 3 * stride, o + 4 * stride, o + 5 * stride, n);
    }
}

#define INPUT_BODY(transpose)                                                                         \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long hp = 4 * ty_count + 2, wp = 4 * tx_count + 2;                                      \
        float *buffer = scratch(hp * wp * channels + 36 * channels);                                  \
        float *xp = buffer, *tmp = buffer + hp * wp * channels;                                        \
        for (long image = 0; image < images; image++) {                                               \
            const float *x = input + image * channels * h * w;                                        \
            PACK_BODY(transpose);                                                                     \
            for (long ty = 0; ty < ty_count; ty++)                                                    \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    input_tile(xp, wp, channels, ty, tx, tmp,                                         \
                               v + (image * tiles + ty * tx_count + tx) * channels, stride);          \
        }                                                                                             \
        free(buffer);                                                                                 \
    } while (0)

#define INPUT_ADJOINT_BODY(transpose)                                                                 \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long hp = 4 * ty_count + 2, wp = 4 * tx_count + 2;                                      \
        float *buffer = scratch(hp * wp * channels + 36 * channels);                                  \
        float *dxp = buffer, *tmp = buffer + hp * wp * channels;                                       \
        for (long image = 0; image < images; image++) {                                               \
            memset(dxp, 0, (size_t)(hp * wp * channels) * sizeof(float));                              \
            for (long ty = 0; ty < ty_count; ty++)                                                    \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    input_adjoint_tile(v + (image * tiles + ty * tx_count + tx) * channels, stride,   \
                                       channels, tmp, dxp, wp, ty, tx);                               \
            float *dx = gradient + image * channels * h * w;                                          \
            for (long y = 0; y < h; y++)                                                              \
                transpose(dxp + ((y + 1) * wp + 1) * channels, channels, dx + y * w, h * w, w, channels); \
        }                                                                                             \
        free(buffer);                                                                                 \
    } while (0)

#define OUTPUT_BODY(transpose)                                                                        \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long span = 4 * tx_count;                                                               \
        float *buffer = scratch(4 * span * channels + 24 * channels);                                 \
        float *ybuf = buffer, *tmp = buffer + 4 * span * channels;                                     \
        for (long image = 0; image < images; image++) {                                               \
            float *y = output + image * channels * h * w;                                             \
            for (long ty = 0; ty < ty_count; ty++) {                                                  \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    output_tile(m + (image * tiles + ty * tx_count + tx) * channels, stride, channels, \
                                tmp, ybuf, span, tx);                                                 \
                for (long r = 0; r < 4 && 4 * ty + r < h; r++)                                        \
                    transpose(ybuf + r * span * channels, channels, y + (4 * ty + r) * w, h * w, w, channels); \
            }                                                                                         \
        }                                                                                             \
        free(buffer);                                                                                 \
    } while (0)

#define OUTPUT_ADJOINT_BODY(transpose)                                                                \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long span = 4 * tx_count;                                                               \
        /* Pixels past the image stay zero. */                                                        \
        float *buffer = scratch(4 * span * channels + 24 * channels);                                 \
        float *dybuf = buffer, *tmp = buffer + 4 * span * channels;                                    \
        for (long image = 0; image < images; image++) {                                               \
            const float *dy = gradient + image * channels * h * w;                                    \
            for (long ty = 0; ty < ty_count; ty++) {                                                  \
                for (long r = 0; r < 4; r++) {                                                        \
                    if (4 * ty + r < h)                                                               \
                        transpose(dy + (4 * ty + r) * w, h * w, dybuf + r * span * channels, channels, channels, w); \
                    else                                                                              \
                        memset(dybuf + r * span * channels, 0, (size_t)(span * channels) * sizeof(float)); \
                }                                                                                     \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    output_adjoint_tile(dybuf, span, channels, tx, tmp,                               \
                                        m + (image * tiles + ty * tx_count + tx) * channels, stride); \
            }                                                                                         \
        }                                                                                             \
        free(buffer);                                                                                 \
    } while (0)

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
            float *o = u + c * out_channels + k;
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
            const float *in = u + c * out_channels + k;
            float rows[6][3];  // each row of 6 mapped to 3 by G^T
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
// Builds: the baseline one, and on x86-64 an AVX-512 one chosen at run time.

#define WG_PASSES(suffix, attributes, transpose)                                                      \
    attributes static void input_##suffix(const float *input, long images, long channels, long h,      \
                                          long w, float *v, long stride) { INPUT_BODY(transpose); }     \
    attributes static void input_adjoint_##suffix(const float *v, long stride, long images,            \
                                                  long channels, long h, long w, float *gradient) {     \
        INPUT_ADJOINT_BODY(transpose);                                                                \
    }                                                                                                 \
    attributes static void output_##suffix(const float *m, long stride, long images, long channels,    \
                                           long h, long w, float *output) { OUTPUT_BODY(transpose); }   \
    attributes static void output_adjoint_##suffix(const float *gradient, long images, long channels,  \
                                                   long h, long w, float *m, long stride) {             \
        OUTPUT_ADJOINT_BODY(transpose);                                                               \
    }

WG_PASSES(base, , transpose_scalar)

#if defined(__x86_64__)
WG_PASSES(wide, WG_WIDE, transpose_wide)
static int has_avx512(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    }
    return cached;
}
#define WG_PICK(name, args) do { if (has_avx512()) name##_wide args; else name##_base args; } while (0)
#else
#define WG_PICK(name, args) name##_base args
#endif

void lrlab_winograd_input(const float *x, long images, long channels, long h, long w, float *v, long stride) {
    WG_PICK(input, (x, images, channels, h, w, v, stride));
}

void lrlab_winograd_input_adjoint(const float *v, long stride, long images, long channels, long h, long w, float *dx) {
    WG_PICK(input_adjoint, (v, stride, images, channels, h, w, dx));
}

void lrlab_winograd_output(const float *m, long stride, long images, long channels, long h, long w, float *y) {
    WG_PICK(output, (m, stride, images, channels, h, w, y));
}

void lrlab_winograd_output_adjoint(const float *dy, long images, long channels, long h, long w, float *m, long stride) {
    WG_PICK(output_adjoint, (dy, images, channels, h, w, m, stride));
}
