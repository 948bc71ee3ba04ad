// Batch normalisation loops (see CNormalization.h).
//
// The kernels are written once, in NZ_KERNELS, over a vector type V of W floats and a few helpers
// named after the build (nz_load_wide, nz_load_base, ...): the AVX-512 build uses 16-lane
// registers with fused multiply-adds and mask registers for the rectifier's bits, the baseline
// build 4-lane SSE2 registers (one float on other architectures). The flags that pick a variant
// (residual, rectifier gate, ...) are constant arguments of always-inlined functions, so each
// variant is its own branch-free loop.
//
// The passes are bound by memory traffic at the resnet's sizes (a channel's planes of a batch of 64
// are 256 KiB, the tensors megabytes), so they read each input once from memory where they can:
// the statistics in one pass, the backward's second pass over a channel while it is in L2; they
// prefetch across the page boundaries between planes and store whole cache lines.
#include "CNormalization.h"
#include "CProcessorFeatures.h"

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define NZ_INLINE static inline __attribute__((always_inline))
#define R restrict

/// Bits s..s + count - 1 (count <= 16) of a rectifier mask, as the low bits.
NZ_INLINE unsigned nz_read_bits(const unsigned char *mask, long s, long count) {
    const unsigned char *b = mask + (s >> 3);
    unsigned shift = (unsigned)(s & 7);
    long bytes = ((long)shift + count + 7) >> 3;
    uint32_t word = b[0];
    if (bytes > 1) word |= (uint32_t)b[1] << 8;
    if (bytes > 2) word |= (uint32_t)b[2] << 16;
    return (word >> shift) & ((1u << count) - 1);
}

/// Stores `bits` (count <= 16 of them) as bits s..s + count - 1 of a rectifier mask; the bits of
/// the first byte below s are kept (an earlier chunk wrote them), those of the last byte past the
/// chunk are cleared (a later chunk sets them).
NZ_INLINE void nz_write_bits(unsigned char *mask, long s, long count, unsigned bits) {
    unsigned char *b = mask + (s >> 3);
    unsigned shift = (unsigned)(s & 7);
    long bytes = ((long)shift + count + 7) >> 3;
    uint32_t word = bits << shift;
    b[0] = shift ? (unsigned char)(b[0] | word) : (unsigned char)word;
    if (bytes > 1) b[1] = (unsigned char)(word >> 8);
    if (bytes > 2) b[2] = (unsigned char)(word >> 16);
}

/// Asks for the cache line at p ahead of a read (`write` 0) or a write (1).
#define NZ_PREFETCH(p, write) __builtin_prefetch((const void *)(p), (write), 3)

/// How many planes ahead the passes prefetch: about 4 KiB ahead, at least the next plane. A
/// channel's planes lie a stride apart, and the hardware prefetchers, which stop at page
/// boundaries, would start over at each plane.
NZ_INLINE long nz_planes_ahead(long count) { return count >= 1024 ? 1 : 1024 / count; }

/// The offset (in values) from plane p to the plane the passes prefetch while at p: the plane
/// `nz_planes_ahead` on, or the last one (a repeated prefetch of a line in cache is harmless).
NZ_INLINE long nz_ahead(long p, long planes, long stride, long count) {
    long target = p + nz_planes_ahead(count);
    return ((target < planes ? target : planes - 1) - p) * stride;
}

/// Prefetches the planes the passes reach before their own prefetches do (the first
/// `nz_planes_ahead`), a line at a time, at the start of a channel.
NZ_INLINE void nz_warm(const float *p, long planes, long stride, long count, int write) {
    long ahead = nz_planes_ahead(count), first = ahead < planes ? ahead : planes;
    for (long q = 0; q < first; q++)
        for (long i = 0; i < count; i += 16) {
            if (write) NZ_PREFETCH(p + q * stride + i, 1);
            else NZ_PREFETCH(p + q * stride + i, 0);
        }
}

// A plane is cut into chunks of W values: first `head` values up to the point where the `anchor`
// stream (the one stored to) reaches a 64-byte boundary (the AVX-512 build; the baseline build has
// no head), then whole vectors, then the rest. Partial chunks load zeros in their missing lanes
// and store only their own, so every chunk runs the same vector code and a value's result does
// not depend on its chunk. Sums pass a null anchor (no head): which lane adds which value must not
// depend on where the buffers happen to lie, or the same seed would not give the same bits.
#define NZ_CHUNKS(S, V, W, anchor, count, CALL)                                                    \
    do {                                                                                           \
        long nz_head = nz_head_##S(anchor, count), i = 0;                                          \
        if (nz_head > 0) CALL(S, V, 0, nz_head, 1);                                                \
        for (i = nz_head; i + W <= (count); i += W) CALL(S, V, i, W, 0);                           \
        if (i < (count)) CALL(S, V, i, (count) - i, 1);                                            \
    } while (0)

#define NZ_KERNELS(S, A, V, W)                                                                     \
    /* Loads the `n` values at p, zeros in the other lanes when `partial`. */                      \
    A NZ_INLINE V nz_get_##S(const float *p, long n, int partial) {                                \
        return partial ? nz_load_part_##S(p, n) : nz_load_##S(p);                                  \
    }                                                                                              \
    A NZ_INLINE void nz_put_##S(float *p, V v, long n, int partial) {                              \
        if (partial) nz_store_part_##S(p, v, n); else nz_store_##S(p, v);                          \
    }                                                                                              \
    A static void statistics_##S(const float *x, long planes, long stride, long count, double *mean, \
                                 double *squares) {                                                \
        if (count == 1) { /* one value per plane (BatchNorm1d): two passes in double */            \
            double sum = 0, m2 = 0;                                                                \
            for (long p = 0; p < planes; p++) sum += x[p * stride];                                \
            double mu = sum / (double)planes;                                                      \
            for (long p = 0; p < planes; p++) m2 += (x[p * stride] - mu) * (x[p * stride] - mu);   \
            *mean = mu;                                                                            \
            *squares = m2;                                                                         \
            return;                                                                                \
        }                                                                                          \
        nz_warm(x, planes, stride, count, 0);                                                      \
        /* The shift: the first plane's mean, near the channel's, so the deviations are small and */ \
        /* their sums lose little when the mean is much larger than the spread. */                 \
        float shift = 0;                                                                           \
        for (long i = 0; i < count; i++) shift += x[i];                                            \
        shift /= (float)count;                                                                     \
        V k = nz_set_##S(shift);                                                                   \
        nz_dsum_##S sums = nz_dzero_##S(), squared = nz_dzero_##S();                               \
        for (long p = 0; p < planes; p++) {                                                        \
            const float *xp = x + p * stride;                                                      \
            long ahead = nz_ahead(p, planes, stride, count);                                       \
            V ds = nz_zero_##S(), dq = nz_zero_##S();                                              \
            NZ_CHUNKS(S, V, W, 0, count, NZ_MOMENTS_CHUNK);                                        \
            nz_dadd_##S(&sums, ds);                                                                \
            nz_dadd_##S(&squared, dq);                                                             \
        }                                                                                          \
        double m = (double)planes * (double)count, s1 = nz_dtotal_##S(sums);                       \
        double s2 = nz_dtotal_##S(squared) - s1 * s1 / m;                                          \
        *mean = (double)shift + s1 / m;                                                            \
        *squares = s2 > 0 ? s2 : 0;                                                                \
    }                                                                                              \
    A NZ_INLINE void forward_plane_##S(const float *R x, const float *R r, unsigned char *R mask,  \
                                       float *R y, long count, long ahead, float mean, float scale, \
                                       float shift, int residual, int rectify) {                   \
        V m = nz_set_##S(mean), a = nz_set_##S(scale), b = nz_set_##S(shift);                      \
        NZ_CHUNKS(S, V, W, y, count, NZ_FORWARD_CHUNK);                                            \
    }                                                                                              \
    A NZ_INLINE void forward_channel_##S(const float *x, const float *r, unsigned char *mask, long ms, \
                                         float *y, long planes, long stride, long count, float mean, \
                                         float scale, float shift, int residual, int rectify) {    \
        if (residual) nz_warm(r, planes, stride, count, 0);                                        \
        nz_warm(y, planes, stride, count, 1);                                                      \
        for (long p = 0; p < planes; p++)                                                          \
            forward_plane_##S(x + p * stride, residual ? r + p * stride : 0, rectify ? mask + p * ms : 0, \
                              y + p * stride, count, nz_ahead(p, planes, stride, count), mean, scale, \
                              shift, residual, rectify);                                           \
    }                                                                                              \
    A static void forward_##S(const float *x, const float *r, unsigned char *mask, long ms, float *y, \
                              long planes, long stride, long count, float mean, float scale,       \
                              float shift) {                                                       \
        if (r && mask) forward_channel_##S(x, r, mask, ms, y, planes, stride, count, mean, scale, shift, 1, 1); \
        else if (r) forward_channel_##S(x, r, mask, ms, y, planes, stride, count, mean, scale, shift, 1, 0); \
        else if (mask) forward_channel_##S(x, r, mask, ms, y, planes, stride, count, mean, scale, shift, 0, 1); \
        else forward_channel_##S(x, r, mask, ms, y, planes, stride, count, mean, scale, shift, 0, 0); \
    }                                                                                              \
    A NZ_INLINE void sums_plane_##S(const float *R dy, const unsigned char *R gate, const float *R x, \
                                    long count, long ahead, float mean, int gated, nz_dsum_##S *sum_g, \
                                    nz_dsum_##S *sum_gx) {                                         \
        V m = nz_set_##S(mean), sg = nz_zero_##S(), sp = nz_zero_##S();                            \
        NZ_CHUNKS(S, V, W, 0, count, NZ_SUMS_CHUNK);                                               \
        nz_dadd_##S(sum_g, sg);                                                                    \
        nz_dadd_##S(sum_gx, sp);                                                                   \
    }                                                                                              \
    A static void gradient_sums_##S(const float *dy, const unsigned char *gate, long gs, const float *x, \
                                    long planes, long stride, long count, float mean, double *sum_g, \
                                    double *sum_gx) {                                              \
        nz_dsum_##S tg = nz_dzero_##S(), tp = nz_dzero_##S();                                      \
        nz_warm(dy, planes, stride, count, 0);                                                     \
        nz_warm(x, planes, stride, count, 0);                                                      \
        if (gate) {                                                                                \
            for (long p = 0; p < planes; p++)                                                      \
                sums_plane_##S(dy + p * stride, gate + p * gs, x + p * stride, count,              \
                               nz_ahead(p, planes, stride, count), mean, 1, &tg, &tp);             \
        } else {                                                                                   \
            for (long p = 0; p < planes; p++)                                                      \
                sums_plane_##S(dy + p * stride, 0, x + p * stride, count,                          \
                               nz_ahead(p, planes, stride, count), mean, 0, &tg, &tp);             \
        }                                                                                          \
        *sum_g = nz_dtotal_##S(tg);                                                                \
        *sum_gx = nz_dtotal_##S(tp);                                                               \
    }                                                                                              \
    A NZ_INLINE void input_gradient_plane_##S(const float *R dy, const unsigned char *R gate,      \
                                              float *R gated, const float *R x, float *R dx,       \
                                              long count, long ahead, float mean, float a, float b, \
                                              float c,                                             \
                                              int has_gate, int keep_gated, int has_dx, int centered) { \
        V m = nz_set_##S(mean), va = nz_set_##S(a), vb = nz_set_##S(b), vc = nz_set_##S(c);        \
        const float *anchor = has_dx ? dx : gated;                                                 \
        NZ_CHUNKS(S, V, W, anchor, count, NZ_INPUT_GRADIENT_CHUNK);                                \
    }                                                                                              \
    A NZ_INLINE void input_gradient_channel_##S(const float *dy, const unsigned char *gate, long gs, \
                                                float *gated, const float *x, float *dx, long planes, \
                                                long stride, long count, float mean, float a, float b, \
                                                float c, int has_gate, int keep_gated, int has_dx, \
                                                int centered) {                                    \
        if (keep_gated) nz_warm(gated, planes, stride, count, 1);                                  \
        if (has_dx) nz_warm(dx, planes, stride, count, 1);                                         \
        for (long p = 0; p < planes; p++)                                                          \
            input_gradient_plane_##S(dy + p * stride, has_gate ? gate + p * gs : 0,                \
                                     keep_gated ? gated + p * stride : 0, centered ? x + p * stride : 0, \
                                     has_dx ? dx + p * stride : 0, count, nz_ahead(p, planes, stride, count), \
                                     mean, a, b, c, has_gate,                                      \
                                     keep_gated, has_dx, centered);                                \
    }                                                                                              \
    A static void input_gradient_##S(const float *dy, const unsigned char *gate, long gs, float *gated, \
                                     const float *x, float *dx, long planes, long stride, long count, \
                                     float mean, float a, float b, float c) {                      \
        int variant = (gate != 0) | (gated != 0) << 1 | (dx != 0) << 2 | (x != 0 && dx != 0) << 3; \
        switch (variant) {                                                                         \
        NZ_INPUT_GRADIENT_CASE(S, 1, 0, 0, 0) NZ_INPUT_GRADIENT_CASE(S, 0, 1, 0, 0)                \
        NZ_INPUT_GRADIENT_CASE(S, 1, 1, 0, 0) NZ_INPUT_GRADIENT_CASE(S, 0, 0, 1, 0)                \
        NZ_INPUT_GRADIENT_CASE(S, 1, 0, 1, 0) NZ_INPUT_GRADIENT_CASE(S, 0, 1, 1, 0)                \
        NZ_INPUT_GRADIENT_CASE(S, 1, 1, 1, 0) NZ_INPUT_GRADIENT_CASE(S, 0, 0, 1, 1)                \
        NZ_INPUT_GRADIENT_CASE(S, 1, 0, 1, 1) NZ_INPUT_GRADIENT_CASE(S, 0, 1, 1, 1)                \
        NZ_INPUT_GRADIENT_CASE(S, 1, 1, 1, 1)                                                      \
        default: break; /* nothing to write */                                                     \
        }                                                                                          \
    }

// The chunk bodies of NZ_KERNELS: the chunk of n values from i, `partial` when n may be less than
// a vector (they use the names of the function they expand in: its vectors and pointers).
/// Adds the deviations from the shift `k` to `ds` and their squares to `dq` (zero in a partial
/// chunk's missing lanes).
#define NZ_MOMENTS_CHUNK(S, V, i, n, partial)                                                      \
    do {                                                                                           \
        if (!(partial) && nz_line_##S(i)) NZ_PREFETCH(xp + (i) + ahead, 0);                        \
        V dv = nz_get_##S(xp + (i), (n), (partial)) - k;                                           \
        if (partial) dv = nz_keep_##S(dv, (1u << (n)) - 1);                                        \
        ds = ds + dv;                                                                              \
        dq = nz_fma_##S(dv, dv, dq);                                                               \
    } while (0)
#define NZ_FORWARD_CHUNK(S, V, i, n, partial)                                                      \
    do {                                                                                           \
        if (!(partial) && nz_line_##S(i)) {                                                        \
            NZ_PREFETCH(x + (i) + ahead, 0);                                                       \
            if (residual) NZ_PREFETCH(r + (i) + ahead, 0);                                         \
            NZ_PREFETCH(y + (i) + ahead, 1);                                                       \
        }                                                                                          \
        V v = nz_fma_##S(nz_get_##S(x + (i), (n), (partial)) - m, a, b);                           \
        if (residual) v = v + nz_get_##S(r + (i), (n), (partial));                                 \
        if (rectify) {                                                                             \
            unsigned bits;                                                                         \
            v = nz_rectify_##S(v, &bits);                                                          \
            nz_write_bits(mask, (i), (n), bits & ((1u << (n)) - 1));                               \
        }                                                                                          \
        nz_put_##S(y + (i), v, (n), (partial));                                                    \
    } while (0)
#define NZ_SUMS_CHUNK(S, V, i, n, partial)                                                         \
    do {                                                                                           \
        if (!(partial) && nz_line_##S(i)) {                                                        \
            NZ_PREFETCH(dy + (i) + ahead, 0);                                                      \
            NZ_PREFETCH(x + (i) + ahead, 0);                                                       \
        }                                                                                          \
        V g = nz_get_##S(dy + (i), (n), (partial));                                                \
        if (gated) g = nz_keep_##S(g, nz_read_bits(gate, (i), (n)));                               \
        sg = sg + g;                                                                               \
        sp = nz_fma_##S(g, nz_get_##S(x + (i), (n), (partial)) - m, sp);                           \
    } while (0)
#define NZ_INPUT_GRADIENT_CHUNK(S, V, i, n, partial)                                               \
    do {                                                                                           \
        if (!(partial) && nz_line_##S(i)) {                                                        \
            NZ_PREFETCH(dy + (i) + ahead, 0);                                                      \
            if (centered) NZ_PREFETCH(x + (i) + ahead, 0);                                         \
            if (keep_gated) NZ_PREFETCH(gated + (i) + ahead, 1);                                   \
            if (has_dx) NZ_PREFETCH(dx + (i) + ahead, 1);                                          \
        }                                                                                          \
        V g = nz_get_##S(dy + (i), (n), (partial));                                                \
        if (has_gate) g = nz_keep_##S(g, nz_read_bits(gate, (i), (n)));                            \
        if (keep_gated) nz_put_##S(gated + (i), g, (n), (partial));                                \
        if (has_dx) {                                                                              \
            V v = nz_fma_##S(va, g, vc);                                                           \
            if (centered) v = nz_fma_##S(vb, nz_get_##S(x + (i), (n), (partial)) - m, v);          \
            nz_put_##S(dx + (i), v, (n), (partial));                                               \
        }                                                                                          \
    } while (0)

/// One variant of input_gradient_S: the flags are a gate, a gated copy, dx, and a centred term.
#define NZ_INPUT_GRADIENT_CASE(S, G, K, D, C)                                                      \
    case G | K << 1 | D << 2 | C << 3:                                                             \
        input_gradient_channel_##S(dy, gate, gs, gated, x, dx, planes, stride, count, mean, a, b, c, G, K, D, C); \
        break;

// ---------------------------------------------------------------------------------------------
// The baseline build: SSE2 on x86-64 (every x86-64 processor has it), one float elsewhere.

#define NZ_BASE_ATTRIBUTES
#if defined(__x86_64__)
#define NZ_BASE_WIDTH 4
typedef __m128 nz_base_vector;
NZ_INLINE __m128 nz_zero_base(void) { return _mm_setzero_ps(); }
NZ_INLINE __m128 nz_set_base(float x) { return _mm_set1_ps(x); }
NZ_INLINE __m128 nz_load_base(const float *p) { return _mm_loadu_ps(p); }
NZ_INLINE void nz_store_base(float *p, __m128 v) { _mm_storeu_ps(p, v); }
/// a * b + c, rounded twice (SSE2 has no fused multiply-add).
NZ_INLINE __m128 nz_fma_base(__m128 a, __m128 b, __m128 c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
/// max(0, v) (0 for NaN), with bit j of `bits` set where lane j is positive.
NZ_INLINE __m128 nz_rectify_base(__m128 v, unsigned *bits) {
    __m128 positive = _mm_cmpgt_ps(v, _mm_setzero_ps());
    *bits = (unsigned)_mm_movemask_ps(positive);
    return _mm_and_ps(positive, v);
}
/// v in the lanes whose bit is set, 0 elsewhere.
NZ_INLINE __m128 nz_keep_base(__m128 v, unsigned bits) {
    __m128i lanes = _mm_setr_epi32(1, 2, 4, 8);
    __m128i on = _mm_cmpeq_epi32(_mm_and_si128(_mm_set1_epi32((int)bits), lanes), lanes);
    return _mm_and_ps(_mm_castsi128_ps(on), v);
}
/// The n < 4 values at p, zeros in the other lanes.
NZ_INLINE __m128 nz_load_part_base(const float *p, long n) {
    float lanes[4] = {0, 0, 0, 0};
    for (long j = 0; j < n; j++) lanes[j] = p[j];
    return _mm_loadu_ps(lanes);
}
/// Stores the first n < 4 lanes of v at p.
NZ_INLINE void nz_store_part_base(float *p, __m128 v, long n) {
    float lanes[4];
    _mm_storeu_ps(lanes, v);
    for (long j = 0; j < n; j++) p[j] = lanes[j];
}
#else
#define NZ_BASE_WIDTH 1
typedef float nz_base_vector;
NZ_INLINE float nz_zero_base(void) { return 0; }
NZ_INLINE float nz_set_base(float x) { return x; }
NZ_INLINE float nz_load_base(const float *p) { return *p; }
NZ_INLINE void nz_store_base(float *p, float v) { *p = v; }
NZ_INLINE float nz_fma_base(float a, float b, float c) { return a * b + c; }
NZ_INLINE float nz_rectify_base(float v, unsigned *bits) { *bits = v > 0; return v > 0 ? v : 0; }
NZ_INLINE float nz_keep_base(float v, unsigned bits) { return bits ? v : 0; }
NZ_INLINE float nz_load_part_base(const float *p, long n) { return *p; }
NZ_INLINE void nz_store_part_base(float *p, float v, long n) { *p = v; }
#endif
#if defined(__x86_64__)
/// Double lanes that float vectors are added into once per plane (sums over planes without a
/// horizontal sum per plane).
typedef struct { __m128d low, high; } nz_dsum_base;
NZ_INLINE nz_dsum_base nz_dzero_base(void) { nz_dsum_base s = {_mm_setzero_pd(), _mm_setzero_pd()}; return s; }
NZ_INLINE void nz_dadd_base(nz_dsum_base *s, __m128 v) {
    s->low = _mm_add_pd(s->low, _mm_cvtps_pd(v));
    s->high = _mm_add_pd(s->high, _mm_cvtps_pd(_mm_movehl_ps(v, v)));
}
NZ_INLINE double nz_dtotal_base(nz_dsum_base s) {
    __m128d t = _mm_add_pd(s.low, s.high);
    return _mm_cvtsd_f64(_mm_add_sd(t, _mm_unpackhi_pd(t, t)));
}
#else
typedef double nz_dsum_base;
NZ_INLINE double nz_dzero_base(void) { return 0; }
NZ_INLINE void nz_dadd_base(double *s, float v) { *s += v; }
NZ_INLINE double nz_dtotal_base(double s) { return s; }
#endif
/// The baseline build has no head: its loads and stores do not cross cache lines where the data
/// is 16-byte aligned.
NZ_INLINE long nz_head_base(const float *p, long count) { return 0; }
/// Whether the chunk at value i prefetches: every fourth (once per 64-byte line) with 4 lanes.
NZ_INLINE int nz_line_base(long i) { return NZ_BASE_WIDTH == 1 ? (i & 15) == 0 : (i & 12) == 0; }

NZ_KERNELS(base, NZ_BASE_ATTRIBUTES, nz_base_vector, NZ_BASE_WIDTH)

// ---------------------------------------------------------------------------------------------
// The AVX-512 build.

#if defined(__x86_64__)
#define NZ_WIDE __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
NZ_WIDE NZ_INLINE __m512 nz_zero_wide(void) { return _mm512_setzero_ps(); }
NZ_WIDE NZ_INLINE __m512 nz_set_wide(float x) { return _mm512_set1_ps(x); }
NZ_WIDE NZ_INLINE __m512 nz_load_wide(const float *p) { return _mm512_loadu_ps(p); }
NZ_WIDE NZ_INLINE void nz_store_wide(float *p, __m512 v) { _mm512_storeu_ps(p, v); }
NZ_WIDE NZ_INLINE __m512 nz_fma_wide(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }
NZ_WIDE NZ_INLINE __m512 nz_rectify_wide(__m512 v, unsigned *bits) {
    __mmask16 positive = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ);
    *bits = positive;
    return _mm512_maskz_mov_ps(positive, v);
}
NZ_WIDE NZ_INLINE __m512 nz_keep_wide(__m512 v, unsigned bits) { return _mm512_maskz_mov_ps((__mmask16)bits, v); }
NZ_WIDE NZ_INLINE __m512 nz_load_part_wide(const float *p, long n) {
    return _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
}
NZ_WIDE NZ_INLINE void nz_store_part_wide(float *p, __m512 v, long n) {
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), v);
}
typedef struct { __m512d low, high; } nz_dsum_wide;
NZ_WIDE NZ_INLINE nz_dsum_wide nz_dzero_wide(void) {
    nz_dsum_wide s = {_mm512_setzero_pd(), _mm512_setzero_pd()};
    return s;
}
NZ_WIDE NZ_INLINE void nz_dadd_wide(nz_dsum_wide *s, __m512 v) {
    s->low = _mm512_add_pd(s->low, _mm512_cvtps_pd(_mm512_castps512_ps256(v)));
    s->high = _mm512_add_pd(s->high, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1))));
}
NZ_WIDE NZ_INLINE double nz_dtotal_wide(nz_dsum_wide s) { return _mm512_reduce_add_pd(_mm512_add_pd(s.low, s.high)); }
/// Every chunk prefetches (a chunk is a cache line).
NZ_INLINE int nz_line_wide(long i) { return 1; }
/// The values before p's stream reaches a 64-byte boundary (at most `count`; none without p):
/// whole vectors then never straddle two cache lines, which costs these passes up to half their
/// speed (more when several streams share their offset within a page, as large blocks from malloc
/// do).
NZ_INLINE long nz_head_wide(const float *p, long count) {
    if (!p) return 0;
    long head = (long)((0 - (uintptr_t)p) & 63) / (long)sizeof(float);
    return head < count ? head : count;
}

NZ_KERNELS(wide, NZ_WIDE, __m512, 16)

/// Whether the processor has the features of the AVX-512 build.
static int nz_supports_avx512(void) { return lrlab_processor_has_avx512(); }
int lrlab_normalization_has_avx512(void) { return nz_supports_avx512(); }
#define NZ_PICK(avx512, name, args) \
    do { if ((avx512) && nz_supports_avx512()) name##_wide args; else name##_base args; } while (0)
#else
int lrlab_normalization_has_avx512(void) { return 0; }
#define NZ_PICK(avx512, name, args) name##_base args
#endif

void lrlab_normalization_statistics(int avx512, const float *x, long planes, long plane_stride, long count,
                                    double *mean, double *squares) {
    NZ_PICK(avx512, statistics, (x, planes, plane_stride, count, mean, squares));
}

void lrlab_normalization_forward(int avx512, const float *x, const float *residual, unsigned char *mask,
                                 long mask_stride, float *y, long planes, long plane_stride, long count,
                                 float mean, float scale, float shift) {
    NZ_PICK(avx512, forward, (x, residual, mask, mask_stride, y, planes, plane_stride, count, mean, scale, shift));
}

void lrlab_normalization_gradient_sums(int avx512, const float *dy, const unsigned char *gate, long gate_stride,
                                       const float *x, long planes, long plane_stride, long count, float mean,
                                       double *gradient_sum, double *centered_product_sum) {
    NZ_PICK(avx512, gradient_sums,
            (dy, gate, gate_stride, x, planes, plane_stride, count, mean, gradient_sum, centered_product_sum));
}

void lrlab_normalization_input_gradient(int avx512, const float *dy, const unsigned char *gate, long gate_stride,
                                        float *gated, const float *x, float *dx, long planes, long plane_stride,
                                        long count, float mean, float a, float b, float c) {
    NZ_PICK(avx512, input_gradient,
            (dy, gate, gate_stride, gated, x, dx, planes, plane_stride, count, mean, a, b, c));
}
