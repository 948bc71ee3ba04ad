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
// Layout: in this file's baseline build, NCHW images are transposed to channels-last first (a
// padded copy with a one-pixel zero border and zeros up to whole tiles), so each tile is
// transformed by a loop over its channels. Where the processor has AVX-512, the transforms of
// wide_transforms.c (channels-last rows in a ring, 16 channels or (tile, channel) pairs per
// vector) and the products of wide_products.c run instead.
#include "CWinograd.h"
#include "CProcessorFeatures.h"
#include "wide_transforms.h"

#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define WG_INLINE static inline __attribute__((always_inline))
#define R restrict

static long tiles_along(long n) { return (n + 3) / 4; }

/// Zeroed floats on a cache-line boundary (the vector loads and stores of whole lines then never
/// straddle two).
static float *scratch(long count) {
    size_t bytes = ((size_t)count * sizeof(float) + 63) & ~(size_t)63;
    float *p = aligned_alloc(64, bytes);
    if (!p) abort();
    memset(p, 0, bytes);
    return p;
}

// ---------------------------------------------------------------------------------------------
// Transposes between channel-first rows and channels-last pixels.

/// dst[j * ds + i] = src[i * ss + j] for i < rows, j < cols.
WG_INLINE void transpose_scalar(const float *R src, long ss, float *R dst, long ds, long rows, long cols) {
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[j * ds + i] = src[i * ss + j];
}


// ---------------------------------------------------------------------------------------------
// The passes, written once and built twice (see the end of the file); `transpose` names the
// transposition of the build.

/// Copies image `x` ([channels, h, w]) channels-last into the inside of `xp` ([hp, wp, channels]);
/// the border of one pixel and the pixels up to whole tiles are never written and stay zero.
#define PACK_BODY(transpose)                                                                          \
    do {                                                                                              \
        for (long y = 0; y < h; y++)                                                                  \
            transpose(x + y * w, h * w, xp + ((y + 1) * wp + 1) * channels, channels, channels, w);    \
    } while (0)

// Each tile function loads one channel's (or, in the AVX-512 build, 16 channels') values of the
// tile, transforms them in registers and stores the results. `V` is the value type (float or a
// vector of 16 floats, whose arithmetic is written the same), `STEP` the channels per value,
// `MASK` prepares the loads and stores of channels c..<c + STEP (fewer at the end).
#define WG_TILES(suffix, attributes, V, STEP, MASK, LOAD, STORE)                                      \
    /* base: the tile's top-left padded pixel; out: its row of matrix 0. */                           \
    attributes WG_INLINE void input_tile_##suffix(const float *R base, long n, long row, float *R out, \
                                                  long stride) {                                      \
        for (long c = 0; c < n; c += STEP) {                                                          \
            MASK;                                                                                     \
            V t[6][6];                                                                                \
            for (int j = 0; j < 6; j++) {                                                             \
                const float *d = base + j * n + c;                                                    \
                V a0 = LOAD(d), a1 = LOAD(d + row), a2 = LOAD(d + 2 * row), a3 = LOAD(d + 3 * row);   \
                V a4 = LOAD(d + 4 * row), a5 = LOAD(d + 5 * row);                                     \
                t[0][j] = 4 * a0 - 5 * a2 + a4;                                                       \
                t[1][j] = -4 * (a1 + a2) + a3 + a4;                                                   \
                t[2][j] = 4 * (a1 - a2) - a3 + a4;                                                    \
                t[3][j] = -2 * (a1 - a3) - a2 + a4;                                                   \
                t[4][j] = 2 * (a1 - a3) - a2 + a4;                                                    \
                t[5][j] = 4 * a1 - 5 * a3 + a5;                                                       \
            }                                                                                         \
            for (int a = 0; a < 6; a++) {                                                             \
                V a0 = t[a][0], a1 = t[a][1], a2 = t[a][2], a3 = t[a][3], a4 = t[a][4], a5 = t[a][5]; \
                float *o = out + 6 * a * stride + c;                                                  \
                STORE(o, 4 * a0 - 5 * a2 + a4);                                                       \
                STORE(o + stride, -4 * (a1 + a2) + a3 + a4);                                          \
                STORE(o + 2 * stride, 4 * (a1 - a2) - a3 + a4);                                       \
                STORE(o + 3 * stride, -2 * (a1 - a3) - a2 + a4);                                      \
                STORE(o + 4 * stride, 2 * (a1 - a3) - a2 + a4);                                       \
                STORE(o + 5 * stride, 4 * a1 - 5 * a3 + a5);                                          \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    /* Adds the tile's share of the input gradient at base (as input_tile's). */                     \
    attributes WG_INLINE void input_adjoint_tile_##suffix(const float *R in, long stride, long n,     \
                                                          float *R base, long row) {                  \
        for (long c = 0; c < n; c += STEP) {                                                          \
            MASK;                                                                                     \
            V r[6][6];                                                                                \
            for (int a = 0; a < 6; a++) {                                                             \
                const float *u = in + 6 * a * stride + c;                                             \
                V a0 = LOAD(u), a1 = LOAD(u + stride), a2 = LOAD(u + 2 * stride);                     \
                V a3 = LOAD(u + 3 * stride), a4 = LOAD(u + 4 * stride), a5 = LOAD(u + 5 * stride);    \
                r[a][0] = 4 * a0;                                                                     \
                r[a][1] = 4 * (a2 - a1) + 2 * (a4 - a3) + 4 * a5;                                     \
                r[a][2] = -5 * a0 - 4 * (a1 + a2) - a3 - a4;                                          \
                r[a][3] = a1 - a2 + 2 * (a3 - a4) - 5 * a5;                                           \
                r[a][4] = a0 + a1 + a2 + a3 + a4;                                                     \
                r[a][5] = a5;                                                                         \
            }                                                                                         \
            for (int j = 0; j < 6; j++) {                                                             \
                V a0 = r[0][j], a1 = r[1][j], a2 = r[2][j], a3 = r[3][j], a4 = r[4][j], a5 = r[5][j]; \
                float *d = base + j * n + c;                                                          \
                STORE(d, LOAD(d) + 4 * a0);                                                           \
                STORE(d + row, LOAD(d + row) + (4 * (a2 - a1) + 2 * (a4 - a3) + 4 * a5));             \
                STORE(d + 2 * row, LOAD(d + 2 * row) + (-5 * a0 - 4 * (a1 + a2) - a3 - a4));          \
                STORE(d + 3 * row, LOAD(d + 3 * row) + (a1 - a2 + 2 * (a3 - a4) - 5 * a5));           \
                STORE(d + 4 * row, LOAD(d + 4 * row) + (a0 + a1 + a2 + a3 + a4));                     \
                STORE(d + 5 * row, LOAD(d + 5 * row) + a5);                                           \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    /* Writes the tile's 4x4 outputs at base (its top-left pixel in a channels-last row buffer). */  \
    attributes WG_INLINE void output_tile_##suffix(const float *R in, long stride, long n,            \
                                                   float *R base, long row) {                         \
        for (long c = 0; c < n; c += STEP) {                                                          \
            MASK;                                                                                     \
            V t[6][4];                                                                                \
            for (int a = 0; a < 6; a++) {                                                             \
                const float *m = in + 6 * a * stride + c;                                             \
                V a0 = LOAD(m), a1 = LOAD(m + stride), a2 = LOAD(m + 2 * stride);                     \
                V a3 = LOAD(m + 3 * stride), a4 = LOAD(m + 4 * stride), a5 = LOAD(m + 5 * stride);    \
                t[a][0] = a0 + a1 + a2 + a3 + a4;                                                     \
                t[a][1] = a1 - a2 + 2 * (a3 - a4);                                                    \
                t[a][2] = a1 + a2 + 4 * (a3 + a4);                                                    \
                t[a][3] = a1 - a2 + 8 * (a3 - a4) + a5;                                               \
            }                                                                                         \
            for (int k = 0; k < 4; k++) {                                                             \
                V a0 = t[0][k], a1 = t[1][k], a2 = t[2][k], a3 = t[3][k], a4 = t[4][k], a5 = t[5][k]; \
                float *o = base + k * n + c;                                                          \
                STORE(o, a0 + a1 + a2 + a3 + a4);                                                     \
                STORE(o + row, a1 - a2 + 2 * (a3 - a4));                                              \
                STORE(o + 2 * row, a1 + a2 + 4 * (a3 + a4));                                          \
                STORE(o + 3 * row, a1 - a2 + 8 * (a3 - a4) + a5);                                     \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    /* Reads the tile's 4x4 output gradient at base (as output_tile writes it). */                    \
    attributes WG_INLINE void output_adjoint_tile_##suffix(const float *R base, long row, long n,     \
                                                           float *R out, long stride) {               \
        for (long c = 0; c < n; c += STEP) {                                                          \
            MASK;                                                                                     \
            V q[6][4];                                                                                \
            for (int k = 0; k < 4; k++) {                                                             \
                const float *y = base + k * n + c;                                                    \
                V a0 = LOAD(y), a1 = LOAD(y + row), a2 = LOAD(y + 2 * row), a3 = LOAD(y + 3 * row);   \
                q[0][k] = a0;                                                                         \
                q[1][k] = a0 + a1 + a2 + a3;                                                          \
                q[2][k] = a0 - a1 + a2 - a3;                                                          \
                q[3][k] = a0 + 2 * a1 + 4 * a2 + 8 * a3;                                              \
                q[4][k] = a0 - 2 * a1 + 4 * a2 - 8 * a3;                                              \
                q[5][k] = a3;                                                                         \
            }                                                                                         \
            for (int a = 0; a < 6; a++) {                                                             \
                V a0 = q[a][0], a1 = q[a][1], a2 = q[a][2], a3 = q[a][3];                             \
                float *o = out + 6 * a * stride + c;                                                  \
                STORE(o, a0);                                                                         \
                STORE(o + stride, a0 + a1 + a2 + a3);                                                 \
                STORE(o + 2 * stride, a0 - a1 + a2 - a3);                                             \
                STORE(o + 3 * stride, a0 + 2 * a1 + 4 * a2 + 8 * a3);                                 \
                STORE(o + 4 * stride, a0 - 2 * a1 + 4 * a2 - 8 * a3);                                 \
                STORE(o + 5 * stride, a3);                                                            \
            }                                                                                         \
        }                                                                                             \
    }

#define WG_SCALAR_LOAD(p) (*(p))
#define WG_SCALAR_STORE(p, v) (*(p) = (v))
WG_TILES(base, , float, 1, (void)0, WG_SCALAR_LOAD, WG_SCALAR_STORE)

#if defined(__x86_64__)
#define WG_MASK __mmask16 mask = (__mmask16)(n - c >= 16 ? 0xFFFF : (1u << (n - c)) - 1)
#define WG_VECTOR_LOAD(p) _mm512_maskz_loadu_ps(mask, (p))
#define WG_VECTOR_STORE(p, v) _mm512_mask_storeu_ps((p), mask, (v))
#endif

#define INPUT_BODY(transpose, suffix)                                                                         \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long hp = 4 * ty_count + 2, wp = 4 * tx_count + 2;                                      \
        float *xp = scratch(hp * wp * channels);                                                      \
        for (long image = 0; image < images; image++) {                                               \
            const float *x = input + image * channels * h * w;                                        \
            PACK_BODY(transpose);                                                                     \
            for (long ty = 0; ty < ty_count; ty++)                                                    \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    input_tile_##suffix(xp + (4 * ty * wp + 4 * tx) * channels, channels, wp * channels, \
                                        v + (image * tiles + ty * tx_count + tx) * channels, stride); \
        }                                                                                             \
        free(xp);                                                                                     \
    } while (0)

#define INPUT_ADJOINT_BODY(transpose, suffix)                                                                 \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long hp = 4 * ty_count + 2, wp = 4 * tx_count + 2;                                      \
        float *dxp = scratch(hp * wp * channels);                                                     \
        for (long image = 0; image < images; image++) {                                               \
            memset(dxp, 0, (size_t)(hp * wp * channels) * sizeof(float));                              \
            for (long ty = 0; ty < ty_count; ty++)                                                    \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    input_adjoint_tile_##suffix(v + (image * tiles + ty * tx_count + tx) * channels,  \
                                                stride, channels,                                     \
                                                dxp + (4 * ty * wp + 4 * tx) * channels, wp * channels); \
            float *dx = gradient + image * channels * h * w;                                          \
            for (long y = 0; y < h; y++)                                                              \
                transpose(dxp + ((y + 1) * wp + 1) * channels, channels, dx + y * w, h * w, w, channels); \
        }                                                                                             \
        free(dxp);                                                                                    \
    } while (0)

#define OUTPUT_BODY(transpose, suffix)                                                                        \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long span = 4 * tx_count;                                                               \
        float *ybuf = scratch(4 * span * channels);                                                   \
        for (long image = 0; image < images; image++) {                                               \
            float *y = output + image * channels * h * w;                                             \
            for (long ty = 0; ty < ty_count; ty++) {                                                  \
                for (long tx = 0; tx < tx_count; tx++)                                                \
                    output_tile_##suffix(m + (image * tiles + ty * tx_count + tx) * channels, stride, \
                                         channels, ybuf + 4 * tx * channels, span * channels);        \
                for (long r = 0; r < 4 && 4 * ty + r < h; r++)                                        \
                    transpose(ybuf + r * span * channels, channels, y + (4 * ty + r) * w, h * w, w, channels); \
            }                                                                                         \
        }                                                                                             \
        free(ybuf);                                                                                   \
    } while (0)

#define OUTPUT_ADJOINT_BODY(transpose, suffix)                                                                \
    do {                                                                                              \
        const long ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count; \
        const long span = 4 * tx_count;                                                               \
        /* Pixels past the image stay zero. */                                                        \
        float *dybuf = scratch(4 * span * channels);                                                  \
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
                    output_adjoint_tile_##suffix(dybuf + 4 * tx * channels, span * channels, channels, \
                                                 m + (image * tiles + ty * tx_count + tx) * channels, stride); \
            }                                                                                         \
        }                                                                                             \
        free(dybuf);                                                                                  \
    } while (0)

// ---------------------------------------------------------------------------------------------
// Filters (small; no vector variants).

// Filters: the weight is first reordered to [in, 9, out] so the transforms run over output
// channels in vectors, as the tiles do over channels. G's fractions are products (a division
// costs ten times a multiplication).
#define WG_SIXTH (1.0f / 6)
#define WG_TWELFTH (1.0f / 12)
#define WG_TWENTYFOURTH (1.0f / 24)

#define WG_FILTERS(suffix, attributes, V, STEP, MASK, LOAD, STORE)                                    \
    /* wt [in, 9, out] -> u [36][in][out]. */                                                         \
    attributes static void filter_##suffix(const float *R wt, long n, long in_channels, float *R u) {  \
        const long stride = n * in_channels;                                                          \
        for (long ci = 0; ci < in_channels; ci++) {                                                   \
            for (long c = 0; c < n; c += STEP) {                                                      \
                MASK;                                                                                 \
                const float *g = wt + ci * 9 * n + c;                                                 \
                V col[6][3];                                                                          \
                for (int j = 0; j < 3; j++) {                                                         \
                    V g0 = LOAD(g + j * n), g1 = LOAD(g + (3 + j) * n), g2 = LOAD(g + (6 + j) * n);   \
                    col[0][j] = 0.25f * g0;                                                           \
                    col[1][j] = -WG_SIXTH * (g0 + g1 + g2);                                           \
                    col[2][j] = -WG_SIXTH * (g0 - g1 + g2);                                           \
                    col[3][j] = WG_TWENTYFOURTH * g0 + WG_TWELFTH * g1 + WG_SIXTH * g2;               \
                    col[4][j] = WG_TWENTYFOURTH * g0 - WG_TWELFTH * g1 + WG_SIXTH * g2;               \
                    col[5][j] = g2;                                                                   \
                }                                                                                     \
                float *o = u + ci * n + c;                                                            \
                for (int a = 0; a < 6; a++) {                                                         \
                    V g0 = col[a][0], g1 = col[a][1], g2 = col[a][2];                                 \
                    STORE(o + (6 * a) * stride, 0.25f * g0);                                          \
                    STORE(o + (6 * a + 1) * stride, -WG_SIXTH * (g0 + g1 + g2));                      \
                    STORE(o + (6 * a + 2) * stride, -WG_SIXTH * (g0 - g1 + g2));                      \
                    STORE(o + (6 * a + 3) * stride, WG_TWENTYFOURTH * g0 + WG_TWELFTH * g1 + WG_SIXTH * g2); \
                    STORE(o + (6 * a + 4) * stride, WG_TWENTYFOURTH * g0 - WG_TWELFTH * g1 + WG_SIXTH * g2); \
                    STORE(o + (6 * a + 5) * stride, g2);                                              \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    /* u [36][in][out] -> dwt [in, 9, out] (overwritten). */                                          \
    attributes static void filter_adjoint_##suffix(const float *R u, long n, long in_channels, float *R dwt) { \
        const long stride = n * in_channels;                                                          \
        for (long ci = 0; ci < in_channels; ci++) {                                                   \
            for (long c = 0; c < n; c += STEP) {                                                      \
                MASK;                                                                                 \
                const float *in = u + ci * n + c;                                                     \
                V rows[6][3];                                                                         \
                for (int a = 0; a < 6; a++) {                                                         \
                    V u0 = LOAD(in + (6 * a) * stride), u1 = LOAD(in + (6 * a + 1) * stride);         \
                    V u2 = LOAD(in + (6 * a + 2) * stride), u3 = LOAD(in + (6 * a + 3) * stride);     \
                    V u4 = LOAD(in + (6 * a + 4) * stride), u5 = LOAD(in + (6 * a + 5) * stride);     \
                    rows[a][0] = 0.25f * u0 - WG_SIXTH * (u1 + u2) + WG_TWENTYFOURTH * (u3 + u4);     \
                    rows[a][1] = WG_SIXTH * (u2 - u1) + WG_TWELFTH * (u3 - u4);                       \
                    rows[a][2] = WG_SIXTH * (u3 + u4 - u1 - u2) + u5;                                 \
                }                                                                                     \
                float *g = dwt + ci * 9 * n + c;                                                      \
                for (int j = 0; j < 3; j++) {                                                         \
                    V u0 = rows[0][j], u1 = rows[1][j], u2 = rows[2][j], u3 = rows[3][j];             \
                    V u4 = rows[4][j], u5 = rows[5][j];                                               \
                    STORE(g + j * n, 0.25f * u0 - WG_SIXTH * (u1 + u2) + WG_TWENTYFOURTH * (u3 + u4)); \
                    STORE(g + (3 + j) * n, WG_SIXTH * (u2 - u1) + WG_TWELFTH * (u3 - u4));            \
                    STORE(g + (6 + j) * n, WG_SIXTH * (u3 + u4 - u1 - u2) + u5);                      \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
    }

WG_FILTERS(base, , float, 1, (void)0, WG_SCALAR_LOAD, WG_SCALAR_STORE)
#if defined(__x86_64__)
WG_FILTERS(wide, WG_WIDE, __m512, 16, WG_MASK, WG_VECTOR_LOAD, WG_VECTOR_STORE)
#endif

// ---------------------------------------------------------------------------------------------
// Builds: the baseline one, and on x86-64 an AVX-512 one chosen at run time.

#define WG_PASSES(suffix, attributes, transpose)                                                      \
    attributes static void input_##suffix(const float *input, long images, long channels, long h,      \
                                          long w, float *v, long stride) { INPUT_BODY(transpose, suffix); }     \
    attributes static void input_adjoint_##suffix(const float *v, long stride, long images,            \
                                                  long channels, long h, long w, float *gradient) {     \
        INPUT_ADJOINT_BODY(transpose, suffix);                                                                \
    }                                                                                                 \
    attributes static void output_##suffix(const float *m, long stride, long images, long channels,    \
                                           long h, long w, float *output) { OUTPUT_BODY(transpose, suffix); }   \
    attributes static void output_adjoint_##suffix(const float *gradient, long images, long channels,  \
                                                   long h, long w, float *m, long stride) {             \
        OUTPUT_ADJOINT_BODY(transpose, suffix);                                                               \
    }

WG_PASSES(base, , transpose_scalar)

#if defined(__x86_64__)
// The AVX-512 transforms (wide_transforms.c).
#define input_wide wg_input_wide
#define input_adjoint_wide wg_input_adjoint_wide
#define output_wide wg_output_wide
#define output_adjoint_wide wg_output_adjoint_wide
/// Whether to run the AVX-512 build: the processor has it and LRLAB_WINOGRAD_BASELINE=1 (which
/// tests use to check the baseline build on such processors) is not set.
static int has_avx512(void) {
    return lrlab_processor_has_avx512() && !lrlab_environment_switch_is_on("LRLAB_WINOGRAD_BASELINE");
}
#define WG_PICK(name, args) do { if (has_avx512()) name##_wide args; else name##_base args; } while (0)
int lrlab_winograd_uses_avx512(void) { return has_avx512(); }
#else
#define WG_PICK(name, args) name##_base args
int lrlab_winograd_uses_avx512(void) { return 0; }
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

void lrlab_winograd_filter(const float *weight, long out_channels, long in_channels, float *u) {
    float *wt = scratch(9 * out_channels * in_channels);
    for (long k = 0; k < out_channels; k++)
        for (long c = 0; c < in_channels; c++)
            for (int t = 0; t < 9; t++) wt[(c * 9 + t) * out_channels + k] = weight[(k * in_channels + c) * 9 + t];
    WG_PICK(filter, (wt, out_channels, in_channels, u));
    free(wt);
}

void lrlab_winograd_filter_adjoint_add(const float *u, long out_channels, long in_channels, float *dweight) {
    float *dwt = scratch(9 * out_channels * in_channels);
    WG_PICK(filter_adjoint, (u, out_channels, in_channels, dwt));
    for (long k = 0; k < out_channels; k++)
        for (long c = 0; c < in_channels; c++)
            for (int t = 0; t < 9; t++) dweight[(k * in_channels + c) * 9 + t] += dwt[(c * 9 + t) * out_channels + k];
    free(dwt);
}

// ---------------------------------------------------------------------------------------------
// The 36 products of a chunk (wide_products.c); BLAS computes them without AVX-512.

/// The entry point `entry` over the AVX-512 products `kernel` (wide_products.c); returns 0 without
/// touching c when the AVX-512 build does not run here.
#if defined(__x86_64__)
#define WG_PRODUCTS_ENTRY(entry, kernel)                                                                    \
    int entry(const float *a, long a_stride, long lda, const float *b, long b_stride, long ldb, float *c,  \
              long c_stride, long ldc, long rows, long inner, long cols, long count) {                    \
        if (!has_avx512()) return 0;                                                                        \
        kernel(a, a_stride, lda, b, b_stride, ldb, c, c_stride, ldc, rows, inner, cols, count);             \
        return 1;                                                                                           \
    }
#else
#define WG_PRODUCTS_ENTRY(entry, kernel)                                                                    \
    int entry(const float *a, long a_stride, long lda, const float *b, long b_stride, long ldb, float *c,  \
              long c_stride, long ldc, long rows, long inner, long cols, long count) {                    \
        (void)a; (void)a_stride; (void)lda; (void)b; (void)b_stride; (void)ldb; (void)c; (void)c_stride;   \
        (void)ldc; (void)rows; (void)inner; (void)cols; (void)count;                                        \
        return 0;                                                                                           \
    }
#endif

WG_PRODUCTS_ENTRY(lrlab_winograd_multiply, wg_multiply_wide)
WG_PRODUCTS_ENTRY(lrlab_winograd_multiply_transposed_add, wg_multiply_transposed_add_wide)

void lrlab_winograd_transpose(const float *a, long rows, long cols, long count, float *t) {
    for (long x = 0; x < count; x++) {
#if defined(__x86_64__)
        if (has_avx512()) { wg_transpose_wide(a + x * rows * cols, cols, t + x * rows * cols, rows, rows, cols); continue; }
#endif
        transpose_scalar(a + x * rows * cols, cols, t + x * rows * cols, rows, rows, cols);
    }
}
