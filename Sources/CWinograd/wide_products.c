// The AVX-512 products of winograd.c: 36 small matrix products per chunk (tens of channels),
// where BLAS spends much of its time packing. A block of RB rows of the result (or, summed over
// rows, of a^T) by up to 64 columns (NB vectors) stays in registers while the inner dimension runs.
#include "wide_transforms.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define R restrict
#define WG_UNROLL _Pragma("GCC unroll 16")

/// The masks of the 16-column blocks j of a 64-column block with `width` columns.
static void column_masks(long width, __mmask16 masks[4]) {
    for (int j = 0; j < 4; j++) {
        long left = width - 16 * j;
        masks[j] = left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);
    }
}

// c = a b, blocks of RB rows. Row p0 + r of a is read through q[r / 3] + (r % 3) * lda: a few
// pointers with scaled indices, where one pointer per row would not fit the 16 general
// registers (the spilled pointers cost a load per multiply-add). A last block of fewer rows
// reads its missing rows from the last row and does not store them.
#define WG_MULTIPLY(NB, RB)                                                                            \
    WG_WIDE static void multiply_##NB(const float *R a, long lda, const float *R b, long ldb, float *R c, \
                                      long ldc, long rows, long inner, long k0, const __mmask16 *masks) { \
        enum { groups = (RB + 2) / 3 };                                                                \
        for (long p0 = 0; p0 < rows; p0 += RB) {                                                       \
            __m512 acc[RB][NB];                                                                        \
            WG_UNROLL for (int r = 0; r < RB; r++)                                                     \
                WG_UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_setzero_ps();               \
            if (p0 + RB <= rows) {                                                                     \
                const float *q[groups];                                                                \
                WG_UNROLL for (int g = 0; g < groups; g++) q[g] = a + (p0 + 3 * g) * lda;             \
                for (long i = 0; i < inner; i++) {                                                    \
                    __m512 bv[NB];                                                                     \
                    WG_UNROLL for (int j = 0; j < NB; j++)                                             \
                        bv[j] = _mm512_maskz_loadu_ps(masks[j], b + i * ldb + k0 + 16 * j);           \
                    WG_UNROLL for (int r = 0; r < RB; r++) {                                           \
                        __m512 av = _mm512_set1_ps(q[r / 3][(r % 3) * lda + i]);                       \
                        WG_UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_fmadd_ps(av, bv[j], acc[r][j]); \
                    }                                                                                  \
                }                                                                                      \
            } else {                                                                                   \
                const float *ar[RB];                                                                   \
                WG_UNROLL for (int r = 0; r < RB; r++) ar[r] = a + (p0 + r < rows ? p0 + r : rows - 1) * lda;    \
                for (long i = 0; i < inner; i++) {                                                    \
                    __m512 bv[NB];                                                                     \
                    WG_UNROLL for (int j = 0; j < NB; j++)                                             \
                        bv[j] = _mm512_maskz_loadu_ps(masks[j], b + i * ldb + k0 + 16 * j);           \
                    WG_UNROLL for (int r = 0; r < RB; r++) {                                           \
                        __m512 av = _mm512_set1_ps(ar[r][i]);                                          \
                        WG_UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_fmadd_ps(av, bv[j], acc[r][j]); \
                    }                                                                                  \
                }                                                                                      \
            }                                                                                          \
            WG_UNROLL for (int r = 0; r < RB; r++)                                                     \
                if (p0 + r < rows)                                                                     \
                    WG_UNROLL for (int j = 0; j < NB; j++)                                             \
                        _mm512_mask_storeu_ps(c + (p0 + r) * ldc + k0 + 16 * j, masks[j], acc[r][j]); \
        }                                                                                              \
    }
// Rows per block: enough independent sums to hide the latency of a multiply-add, within the
// 32 vector registers. (24 sums measured no faster at 32 and 64 channels, and slower for 3 input
// channels, whose few multiply-adds per block leave the edge block's share large.)
WG_MULTIPLY(1, 12)
WG_MULTIPLY(2, 6)
WG_MULTIPLY(3, 4)
WG_MULTIPLY(4, 4)

/// c = a b for 16 columns and an inner dimension of 16 (the 16-channel layers): the 16 rows of b
/// stay in registers and blocks of 8 rows of c run through all of them, where the general
/// kernel's blocks restart every 16 multiply-adds. Sums in the same order as multiply_1's.
WG_WIDE static void multiply_16x16(const float *R a, long lda, const float *R b, long ldb, float *R c, long ldc,
                                   long rows, __mmask16 mask) {
    __m512 bv[16];
    WG_UNROLL for (int i = 0; i < 16; i++) bv[i] = _mm512_maskz_loadu_ps(mask, b + i * ldb);
    long p0 = 0;
    for (; p0 + 8 <= rows; p0 += 8) {
        const float *q0 = a + p0 * lda, *q3 = q0 + 3 * lda, *q6 = q0 + 6 * lda;
        const float *q[8] = {q0, q0 + lda, q0 + 2 * lda, q3, q3 + lda, q3 + 2 * lda, q6, q6 + lda};
        __m512 acc[8];
        WG_UNROLL for (int r = 0; r < 8; r++) acc[r] = _mm512_setzero_ps();
        WG_UNROLL for (int i = 0; i < 16; i++) {
            WG_UNROLL for (int r = 0; r < 8; r++) acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(q[r][i]), bv[i], acc[r]);
            // Keeps the eight sums interleaved: scheduled one sum after the other (as the
            // compiler otherwise does), each waits on its previous multiply-add.
            WG_UNROLL for (int r = 0; r < 8; r++) __asm__("" : "+v"(acc[r]));
        }
        WG_UNROLL for (int r = 0; r < 8; r++) _mm512_mask_storeu_ps(c + (p0 + r) * ldc, mask, acc[r]);
    }
    for (; p0 < rows; p0++) {
        __m512 acc = _mm512_setzero_ps();
        WG_UNROLL for (int i = 0; i < 16; i++) acc = _mm512_fmadd_ps(_mm512_set1_ps(a[p0 * lda + i]), bv[i], acc);
        _mm512_mask_storeu_ps(c + p0 * ldc, mask, acc);
    }
}

// c += a^T b, blocks of RB columns of a (rows of c), each summed over the rows of a in order.
// The columns of a block sit side by side in a row of a (one pointer, constant offsets); a last
// block of fewer columns repeats the last column and does not store it.
#define WG_MULTIPLY_TRANSPOSED_ADD(NB, RB)                                                             \
    WG_WIDE static void multiply_transposed_add_##NB##_##RB(const float *R a, long lda, const float *R b, \
                                                          long ldb, float *R c, long ldc, long rows, long inner, \
                                                          long k0, const __mmask16 *masks) {          \
        for (long i0 = 0; i0 < inner; i0 += RB) {                                                      \
            long column[RB];                                                                           \
            WG_UNROLL for (int r = 0; r < RB; r++) column[r] = i0 + r < inner ? i0 + r : inner - 1;    \
            __m512 acc[RB][NB];                                                                        \
            WG_UNROLL for (int r = 0; r < RB; r++)                                                     \
                WG_UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_setzero_ps();               \
            if (i0 + RB <= inner) {                                                                    \
                for (long p = 0; p < rows; p++) {                                                     \
                    const float *ap = a + p * lda + i0;                                                \
                    __m512 bv[NB];                                                                     \
                    WG_UNROLL for (int j = 0; j < NB; j++)                                             \
                        bv[j] = _mm512_maskz_loadu_ps(masks[j], b + p * ldb + k0 + 16 * j);           \
                    WG_UNROLL for (int r = 0; r < RB; r++) {                                           \
                        __m512 av = _mm512_set1_ps(ap[r]);                                             \
                        WG_UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_fmadd_ps(av, bv[j], acc[r][j]); \
                    }                                                                                  \
                }                                                                                      \
            } else {                                                                                   \
                for (long p = 0; p < rows; p++) {                                                     \
                    __m512 bv[NB];                                                                     \
                    WG_UNROLL for (int j = 0; j < NB; j++)                                             \
                        bv[j] = _mm512_maskz_loadu_ps(masks[j], b + p * ldb + k0 + 16 * j);           \
                    WG_UNROLL for (int r = 0; r < RB; r++) {                                           \
                        __m512 av = _mm512_set1_ps(a[p * lda + column[r]]);                            \
                        WG_UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_fmadd_ps(av, bv[j], acc[r][j]); \
                    }                                                                                  \
                }                                                                                      \
            }                                                                                          \
            WG_UNROLL for (int r = 0; r < RB; r++)                                                     \
                if (i0 + r < inner)                                                                    \
                    WG_UNROLL for (int j = 0; j < NB; j++) {                                          \
                    float *t = c + (i0 + r) * ldc + k0 + 16 * j;                                      \
                    _mm512_mask_storeu_ps(t, masks[j], _mm512_add_ps(_mm512_maskz_loadu_ps(masks[j], t), acc[r][j])); \
                }                                                                                     \
        }                                                                                             \
    }
// Blocks of columns that divide the common channel counts (16, 32, 64), and small ones for few
// channels (3): a block past the last column computes sums nobody stores.
WG_MULTIPLY_TRANSPOSED_ADD(1, 16)
WG_MULTIPLY_TRANSPOSED_ADD(1, 12)
WG_MULTIPLY_TRANSPOSED_ADD(1, 4)
WG_MULTIPLY_TRANSPOSED_ADD(2, 8)
WG_MULTIPLY_TRANSPOSED_ADD(2, 6)
WG_MULTIPLY_TRANSPOSED_ADD(2, 4)
WG_MULTIPLY_TRANSPOSED_ADD(3, 6)
WG_MULTIPLY_TRANSPOSED_ADD(3, 4)
WG_MULTIPLY_TRANSPOSED_ADD(4, 6)
WG_MULTIPLY_TRANSPOSED_ADD(4, 4)

typedef void (*wg_kernel)(const float *R, long, const float *R, long, float *R, long, long, long, long,
                          const __mmask16 *);

/// The block of the fewest multiply-adds and loads for `inner` columns, counting the sums a block
/// past the last column computes in vain.
static wg_kernel transposed_add_kernel(long nb, long inner) {
    static const struct { long nb, rb; wg_kernel kernel; } kernels[] = {
        {1, 16, multiply_transposed_add_1_16}, {1, 12, multiply_transposed_add_1_12}, {1, 4, multiply_transposed_add_1_4},
        {2, 8, multiply_transposed_add_2_8}, {2, 6, multiply_transposed_add_2_6}, {2, 4, multiply_transposed_add_2_4},
        {3, 6, multiply_transposed_add_3_6}, {3, 4, multiply_transposed_add_3_4},
        {4, 6, multiply_transposed_add_4_6}, {4, 4, multiply_transposed_add_4_4},
    };
    wg_kernel best = 0;
    long best_waste = 0;
    for (unsigned k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        if (kernels[k].nb != nb) continue;
        long rb = kernels[k].rb, waste = (inner + rb - 1) / rb * (rb * nb + rb + nb);
        if (!best || waste < best_waste) { best = kernels[k].kernel; best_waste = waste; }
    }
    return best;
}

WG_WIDE void wg_multiply_wide(const float *a, long a_stride, long lda, const float *b, long b_stride, long ldb, float *c,
                              long c_stride, long ldc, long rows, long inner, long cols, long count) {
    for (long k0 = 0; k0 < cols; k0 += 64) {
        long width = cols - k0 < 64 ? cols - k0 : 64;
        __mmask16 masks[4];
        column_masks(width, masks);
        wg_kernel kernel = (width + 15) / 16 == 1 ? multiply_1 : (width + 15) / 16 == 2 ? multiply_2
                         : (width + 15) / 16 == 3 ? multiply_3 : multiply_4;
        if (inner == 16 && width <= 16) {
            for (long x = 0; x < count; x++)
                multiply_16x16(a + x * a_stride, lda, b + x * b_stride + k0, ldb, c + x * c_stride + k0, ldc, rows, masks[0]);
            continue;
        }
        for (long x = 0; x < count; x++)
            kernel(a + x * a_stride, lda, b + x * b_stride, ldb, c + x * c_stride, ldc, rows, inner, k0, masks);
    }
}

WG_WIDE void wg_multiply_transposed_add_wide(const float *a, long a_stride, long lda, const float *b, long b_stride,
                                             long ldb, float *c, long c_stride, long ldc, long rows, long inner,
                                             long cols, long count) {
    for (long k0 = 0; k0 < cols; k0 += 64) {
        long width = cols - k0 < 64 ? cols - k0 : 64;
        __mmask16 masks[4];
        column_masks(width, masks);
        wg_kernel kernel = transposed_add_kernel((width + 15) / 16, inner);
        // Rows in runs whose parts of a and b stay in the L1 cache (32 KB) while every block of
        // columns passes over them: at 64 channels, b's matrix is read once per block of 4
        // columns, 16 times, which from the L2 cache took as long as the multiply-adds. Each run
        // adds its sums to c.
        long run = 8192 / (inner + width);
        if (run < 16) run = 16;
        for (long x = 0; x < count; x++)
            for (long p0 = 0; p0 < rows; p0 += run)
                kernel(a + x * a_stride + p0 * lda, lda, b + x * b_stride + p0 * ldb, ldb, c + x * c_stride, ldc,
                       rows - p0 < run ? rows - p0 : run, inner, k0, masks);
    }
}
#endif
