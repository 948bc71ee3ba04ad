// 3x3 stride-2 padding-1 convolutions computed from channels-last images, without im2col.
//
// Each image is copied channels-last into `xp`, `[h + 2][w + 2][in]` with a zero border, so
// output pixel (oy, ox) reads, for kernel row ky, the 3 * in contiguous values of padded row
// 2 oy + ky from pixel 2 ox on (taps kx = 0, 1, 2, channel by channel). The forward pass is then
// a product per block of output pixels: rows of those runs (one row every two pixels) times the
// packed weight `[3 in, out]` of each kernel row, accumulated over the three rows in registers
// (AVX-512 vectors of 16 output channels). The weight gradient sums the same runs times the
// channels-last output gradient over all pixels; the input gradient computes each pixel's
// `[3 in]` runs from its gradient and the transposed weight and adds them into a zeroed
// channels-last buffer, pixel by pixel in a fixed order, so overlapping runs add up
// deterministically. Sums run in the same order for the same shapes, so results repeat bit for
// bit on one processor. Without AVX-512 `lrlab_strided_available` returns 0 and callers use im2col.
#include "CStridedConvolution.h"
#include "CProcessorFeatures.h"

#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define R restrict

static long half_up(long n) { return (n + 1) / 2; }

long lrlab_strided_workspace(long in, long out, long h, long w) {
    long padded = (h + 2) * (w + 2) * in, plane = half_up(h) * half_up(w);
    return 2 * padded + plane * out;
}

void lrlab_strided_pack_weight(const float *weight, long out, long in, float *wk) {
    for (long co = 0; co < out; co++)
        for (long ci = 0; ci < in; ci++)
            for (long ky = 0; ky < 3; ky++)
                for (long kx = 0; kx < 3; kx++)
                    wk[(ky * 3 * in + kx * in + ci) * out + co] = weight[((co * in + ci) * 3 + ky) * 3 + kx];
}

void lrlab_strided_pack_weight_transposed(const float *weight, long out, long in, float *wt) {
    for (long co = 0; co < out; co++)
        for (long ci = 0; ci < in; ci++)
            for (long ky = 0; ky < 3; ky++)
                for (long kx = 0; kx < 3; kx++)
                    wt[(ky * out + co) * 3 * in + kx * in + ci] = weight[((co * in + ci) * 3 + ky) * 3 + kx];
}

void lrlab_strided_unpack_weight_gradient_add(const float *dwk, long out, long in, float *dweight) {
    for (long co = 0; co < out; co++)
        for (long ci = 0; ci < in; ci++)
            for (long ky = 0; ky < 3; ky++)
                for (long kx = 0; kx < 3; kx++)
                    dweight[((co * in + ci) * 3 + ky) * 3 + kx] += dwk[(ky * 3 * in + kx * in + ci) * out + co];
}

#if defined(__x86_64__)
#define WIDE __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#define WIDE_INLINE WIDE static inline __attribute__((always_inline))
/// Fully unrolls the loops over a block's rows and vectors, so its sums stay in registers.
#define UNROLL _Pragma("clang loop unroll(full)")

int lrlab_strided_available(void) {
    static int supported = -1;
    if (supported < 0)
        supported = lrlab_processor_has_avx512() && !lrlab_environment_switch_is_on("LRLAB_STRIDED_BASELINE");
    return supported;
}

// ---------------------------------------------------------------------------------------------
// Transposes: dst[j * ds + i] = src[i * ss + j] for i < rows, j < cols, in 8x8 register blocks.

/// With `add`, dst[j * ds + i] += src[i * ss + j] instead.
WIDE_INLINE void block8(const float *src, long ss, float *dst, long ds, int add) {
    __m256 r[8], t[8], u[8];
    for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + i * ss);
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 4; i++) {
        __m256 low = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20), high = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
        if (add) {
            low = _mm256_add_ps(_mm256_loadu_ps(dst + i * ds), low);
            high = _mm256_add_ps(_mm256_loadu_ps(dst + (i + 4) * ds), high);
        }
        _mm256_storeu_ps(dst + i * ds, low);
        _mm256_storeu_ps(dst + (i + 4) * ds, high);
    }
}

/// dst[j * ds + i] = src[i * ss + j] for i < rows, j < cols, or with `add` dst[...] += src[...].
WIDE_INLINE void transpose_into(const float *R src, long ss, float *R dst, long ds, long rows, long cols, int add) {
    long rb = rows & ~7L, cb = cols & ~7L;
    for (long i = 0; i < rb; i += 8) {
        for (long j = 0; j < cb; j += 8) block8(src + i * ss + j, ss, dst + j * ds + i, ds, add);
        for (long j = cb; j < cols; j++)
            for (long ii = i; ii < i + 8; ii++) dst[j * ds + ii] = add ? dst[j * ds + ii] + src[ii * ss + j] : src[ii * ss + j];
    }
    for (long i = rb; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[j * ds + i] = add ? dst[j * ds + i] + src[i * ss + j] : src[i * ss + j];
}

WIDE static void transpose(const float *R src, long ss, float *R dst, long ds, long rows, long cols) {
    transpose_into(src, ss, dst, ds, rows, cols, 0);
}

WIDE static void transpose_add(const float *R src, long ss, float *R dst, long ds, long rows, long cols) {
    transpose_into(src, ss, dst, ds, rows, cols, 1);
}

/// Image `x` (`[in, h, w]`) channels-last into `xp` with its zero border.
WIDE static void pack_image(const float *R x, long in, long h, long w, float *R xp) {
    long wp = w + 2, row = wp * in;
    memset(xp, 0, (size_t)row * sizeof(float));
    memset(xp + (h + 1) * row, 0, (size_t)row * sizeof(float));
    for (long y = 0; y < h; y++) {
        float *line = xp + (y + 1) * row;
        memset(line, 0, (size_t)in * sizeof(float));
        memset(line + (w + 1) * in, 0, (size_t)in * sizeof(float));
        transpose(x + y * w, h * w, line + in, in, in, w);
    }
}

/// The masks of the 16-value blocks of a block of `width` (at most 64) values.
static void block_masks(long width, __mmask16 masks[4]) {
    for (int j = 0; j < 4; j++) {
        long left = width - 16 * j;
        masks[j] = left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Register-blocked kernels: RB pixels (or weight rows) by NB vectors of 16 channels; a block at
// the end with fewer (`count`) repeats its last one and stores only `count`.

/// The block's sums `acc[RB][NB]`, cleared.
#define CLEAR_SUMS(NB, RB)                                                                             \
    __m512 acc[RB][NB];                                                                               \
    UNROLL for (int r = 0; r < RB; r++)                                                               \
        UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_setzero_ps()

/// acc[r][j] += a(r) * the 16 values at b + 16 j (masked by m[j]), for the block's rows and vectors.
#define ADD_OUTER_PRODUCT(NB, RB, b, a_of_r)                                                           \
    do {                                                                                              \
        __m512 bv[NB];                                                                                \
        UNROLL for (int j = 0; j < NB; j++) bv[j] = _mm512_maskz_loadu_ps(m[j], (b) + 16 * j);        \
        UNROLL for (int r = 0; r < RB; r++) {                                                         \
            __m512 av = _mm512_set1_ps(a_of_r);                                                       \
            UNROLL for (int j = 0; j < NB; j++) acc[r][j] = _mm512_fmadd_ps(av, bv[j], acc[r][j]);    \
        }                                                                                             \
    } while (0)

#define STRIDED_KERNELS(NB, RB)                                                                        \
    /* yt[p][k0 ...] for pixels p0 ..< p0 + count (yt is pixel-major, `out` per pixel). */             \
    WIDE static void forward_##NB(const float *R xp, long row, long in, long ow, long p0, long count,  \
                                  const float *R wk, long out, long k0, const __mmask16 *m, float *R yt) { \
        const float *base[RB];                                                                        \
        UNROLL for (int r = 0; r < RB; r++) {                                                                \
            long p = p0 + (r < count ? r : count - 1), oy = p / ow, ox = p - oy * ow;                 \
            base[r] = xp + 2 * oy * row + 2 * ox * in;                                                \
        }                                                                                             \
        CLEAR_SUMS(NB, RB);                                                                           \
        const long span = 3 * in;                                                                     \
        for (long ky = 0; ky < 3; ky++) {                                                             \
            const float *b = wk + ky * span * out + k0;                                               \
            for (long i = 0; i < span; i++)                                                           \
                ADD_OUTER_PRODUCT(NB, RB, b + i * out, base[r][ky * row + i]);                        \
        }                                                                                             \
        UNROLL for (int r = 0; r < RB; r++)                                                                  \
            if (r < count)                                                                            \
                UNROLL for (int j = 0; j < NB; j++)                                                          \
                    _mm512_mask_storeu_ps(yt + (p0 + r) * out + k0 + 16 * j, m[j], acc[r][j]);        \
    }                                                                                                 \
    /* dwk[ky][j0 + r][k0 ...] += sum over pixels of run value j0 + r times dyt[p][k0 ...]. */        \
    WIDE static void weight_gradient_##NB(const float *R xp, long row, long in, long oh, long ow, long ky, \
                                          long j0, long count, const float *R dyt, long out, long k0,  \
                                          const __mmask16 *m, float *R dwk) {                         \
        long offset[RB];                                                                              \
        UNROLL for (int r = 0; r < RB; r++) offset[r] = j0 + (r < count ? r : count - 1);                    \
        CLEAR_SUMS(NB, RB);                                                                           \
        for (long oy = 0; oy < oh; oy++) {                                                            \
            const float *line = xp + (2 * oy + ky) * row;                                             \
            const float *g = dyt + oy * ow * out + k0;                                                \
            for (long ox = 0; ox < ow; ox++) {                                                        \
                const float *a = line + 2 * ox * in;                                                  \
                ADD_OUTER_PRODUCT(NB, RB, g + ox * out, a[offset[r]]);                                \
            }                                                                                         \
        }                                                                                             \
        UNROLL for (int r = 0; r < RB; r++)                                                                  \
            if (r < count)                                                                            \
                UNROLL for (int j = 0; j < NB; j++) {                                                        \
                    float *t = dwk + (ky * 3 * in + j0 + r) * out + k0 + 16 * j;                      \
                    _mm512_mask_storeu_ps(t, m[j], _mm512_add_ps(_mm512_maskz_loadu_ps(m[j], t), acc[r][j])); \
                }                                                                                     \
    }                                                                                                 \
    /* Adds the runs [k0 ...] of kernel row ky of pixels p0 ..< p0 + count into dxp, in pixel order. */ \
    WIDE static void input_gradient_##NB(const float *R dyt, long out, long ow, long p0, long count, long ky, \
                                         const float *R wt, long in, long k0, const __mmask16 *m,      \
                                         float *R dxp, long row) {                                    \
        const long span = 3 * in;                                                                     \
        const float *g[RB];                                                                           \
        UNROLL for (int r = 0; r < RB; r++) g[r] = dyt + (p0 + (r < count ? r : count - 1)) * out;           \
        CLEAR_SUMS(NB, RB);                                                                           \
        const float *b = wt + ky * out * span + k0;                                                   \
        for (long co = 0; co < out; co++) ADD_OUTER_PRODUCT(NB, RB, b + co * span, g[r][co]);       \
        UNROLL for (int r = 0; r < RB; r++) {                                                                \
            if (r >= count) break;                                                                    \
            long p = p0 + r, oy = p / ow, ox = p - oy * ow;                                           \
            float *t = dxp + (2 * oy + ky) * row + 2 * ox * in + k0;                                  \
            UNROLL for (int j = 0; j < NB; j++)                                                              \
                _mm512_mask_storeu_ps(t + 16 * j, m[j], _mm512_add_ps(_mm512_maskz_loadu_ps(m[j], t + 16 * j), acc[r][j])); \
        }                                                                                             \
    }

// Rows per block: enough independent sums to hide the latency of a multiply-add, within the 32
// vector registers.
STRIDED_KERNELS(1, 12)
STRIDED_KERNELS(2, 12)
STRIDED_KERNELS(3, 8)
STRIDED_KERNELS(4, 6)

static const long rows_per_block[5] = {0, 12, 12, 8, 6};

void lrlab_strided_forward(const float *x, long images, long in, long h, long w, const float *wk, long out,
                           float *y, float *workspace) {
    const long oh = half_up(h), ow = half_up(w), plane = oh * ow, row = (w + 2) * in;
    float *xp = workspace, *yt = workspace + 2 * (h + 2) * row;
    for (long image = 0; image < images; image++) {
        pack_image(x + image * in * h * w, in, h, w, xp);
        for (long k0 = 0; k0 < out; k0 += 64) {
            long width = out - k0 < 64 ? out - k0 : 64, nb = (width + 15) / 16, rb = rows_per_block[nb];
            __mmask16 m[4];
            block_masks(width, m);
            for (long p0 = 0; p0 < plane; p0 += rb) {
                long count = plane - p0 < rb ? plane - p0 : rb;
                switch (nb) {
                case 1: forward_1(xp, row, in, ow, p0, count, wk, out, k0, m, yt); break;
                case 2: forward_2(xp, row, in, ow, p0, count, wk, out, k0, m, yt); break;
                case 3: forward_3(xp, row, in, ow, p0, count, wk, out, k0, m, yt); break;
                default: forward_4(xp, row, in, ow, p0, count, wk, out, k0, m, yt); break;
                }
            }
        }
        transpose(yt, out, y + image * out * plane, plane, plane, out);
    }
}

void lrlab_strided_backward(const float *x, const float *dy, long images, long in, long h, long w, long out,
                            const float *wt, float *dwk, float *dx, int accumulate, float *workspace) {
    const long oh = half_up(h), ow = half_up(w), plane = oh * ow, row = (w + 2) * in, span = 3 * in;
    float *xp = workspace, *dxp = workspace + (h + 2) * row, *dyt = workspace + 2 * (h + 2) * row;
    for (long image = 0; image < images; image++) {
        transpose(dy + image * out * plane, plane, dyt, out, out, plane);
        if (dwk) {
            pack_image(x + image * in * h * w, in, h, w, xp);
            for (long k0 = 0; k0 < out; k0 += 64) {
                long width = out - k0 < 64 ? out - k0 : 64, nb = (width + 15) / 16, rb = rows_per_block[nb];
                __mmask16 m[4];
                block_masks(width, m);
                for (long ky = 0; ky < 3; ky++)
                    for (long j0 = 0; j0 < span; j0 += rb) {
                        long count = span - j0 < rb ? span - j0 : rb;
                        switch (nb) {
                        case 1: weight_gradient_1(xp, row, in, oh, ow, ky, j0, count, dyt, out, k0, m, dwk); break;
                        case 2: weight_gradient_2(xp, row, in, oh, ow, ky, j0, count, dyt, out, k0, m, dwk); break;
                        case 3: weight_gradient_3(xp, row, in, oh, ow, ky, j0, count, dyt, out, k0, m, dwk); break;
                        default: weight_gradient_4(xp, row, in, oh, ow, ky, j0, count, dyt, out, k0, m, dwk); break;
                        }
                    }
            }
        }
        if (dx) {
            memset(dxp, 0, (size_t)((h + 2) * row) * sizeof(float));
            for (long k0 = 0; k0 < span; k0 += 64) {
                long width = span - k0 < 64 ? span - k0 : 64, nb = (width + 15) / 16, rb = rows_per_block[nb];
                __mmask16 m[4];
                block_masks(width, m);
                for (long p0 = 0; p0 < plane; p0 += rb) {
                    long count = plane - p0 < rb ? plane - p0 : rb;
                    for (long ky = 0; ky < 3; ky++) {
                        switch (nb) {
                        case 1: input_gradient_1(dyt, out, ow, p0, count, ky, wt, in, k0, m, dxp, row); break;
                        case 2: input_gradient_2(dyt, out, ow, p0, count, ky, wt, in, k0, m, dxp, row); break;
                        case 3: input_gradient_3(dyt, out, ow, p0, count, ky, wt, in, k0, m, dxp, row); break;
                        default: input_gradient_4(dyt, out, ow, p0, count, ky, wt, in, k0, m, dxp, row); break;
                        }
                    }
                }
            }
            float *target = dx + image * in * h * w;
            for (long yy = 0; yy < h; yy++) {
                if (accumulate)
                    transpose_add(dxp + (yy + 1) * row + in, in, target + yy * w, h * w, w, in);
                else
                    transpose(dxp + (yy + 1) * row + in, in, target + yy * w, h * w, w, in);
            }
        }
    }
}
#else
int lrlab_strided_available(void) { return 0; }

// Not reached: callers check lrlab_strided_available first.
void lrlab_strided_forward(const float *x, long images, long in, long h, long w, const float *wk, long out,
                           float *y, float *workspace) {
    (void)x; (void)images; (void)in; (void)h; (void)w; (void)wk; (void)out; (void)y; (void)workspace;
    abort();
}

void lrlab_strided_backward(const float *x, const float *dy, long images, long in, long h, long w, long out,
                            const float *wt, float *dwk, float *dx, int accumulate, float *workspace) {
    (void)x; (void)accumulate; (void)dy; (void)images; (void)in; (void)h; (void)w; (void)out; (void)wt; (void)dwk; (void)dx;
    (void)workspace;
    abort();
}
#endif
