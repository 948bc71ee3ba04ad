// The AVX-512 tile transforms of Winograd F(4x4, 3x3) (see winograd.c for the algebra and the
// layout of the transformed tiles). The arithmetic is that of winograd.c's baseline build, term
// for term; what differs is how the values reach the registers:
//
// - Images are read and written in NCHW directly: a ring of eight channels-last rows holds the
//   rows the current row of tiles needs (6 of them; each row is transposed once, not the whole
//   padded image into a copy larger than the L1 cache).
// - Each 6x6 transform runs in two halves of 18 sums, so its values stay in the 32 vector
//   registers (all 36 at once spilled to the stack), with loops unrolled fully.
// - Where the channels are not a multiple of 16 (the 3 channels of an RGB image), the input
//   rows are kept "phased": column j of every tile of the row side by side, `[j][tile][channel]`,
//   so a vector holds 16 (tile, channel) pairs in the order of the transformed matrices' rows,
//   rather than 3 channels of one tile in a vector of 16 lanes.
#include "wide_transforms.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define WG_INLINE static inline __attribute__((always_inline))
#define R restrict
#define WG_UNROLL _Pragma("GCC unroll 16")

static long tiles_along(long n) { return (n + 3) / 4; }

/// Floats on a cache-line boundary, not initialized.
static float *uninitialized(long count) {
    size_t bytes = ((size_t)count * sizeof(float) + 63) & ~(size_t)63;
    float *p = aligned_alloc(64, bytes);
    if (!p) abort();
    return p;
}

/// Zeroed floats on a cache-line boundary.
static float *zeroed(long count) {
    size_t bytes = ((size_t)count * sizeof(float) + 63) & ~(size_t)63;
    float *p = aligned_alloc(64, bytes);
    if (!p) abort();
    memset(p, 0, bytes);
    return p;
}

/// The first `left` of 16 lanes (all for 16 or more).
WG_INLINE __mmask16 lanes_left(long left) {
    return left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);
}

#define LD(p) _mm512_maskz_loadu_ps(mask, (p))
#define ST(p, v) _mm512_mask_storeu_ps((p), mask, (v))

// ---------------------------------------------------------------------------------------------
// Transposes between channel-first rows and channels-last pixels.

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

/// The 16x16 block at src (row stride ss) transposed to dst (row stride ds): 64 shuffles, where
/// four 8x8 blocks take 96.
WG_WIDE WG_INLINE void transpose16(const float *src, long ss, float *dst, long ds) {
    __m512 r[16], t[16];
    WG_UNROLL for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(src + i * ss);
    // Pairs of rows interleaved, then pairs of pairs: s[4i + j] holds, in 128-bit lane L, rows
    // 4i ..< 4i + 4 of column 4L + j.
    WG_UNROLL for (int i = 0; i < 4; i++) {
        t[4 * i] = _mm512_unpacklo_ps(r[4 * i], r[4 * i + 1]);
        t[4 * i + 1] = _mm512_unpackhi_ps(r[4 * i], r[4 * i + 1]);
        t[4 * i + 2] = _mm512_unpacklo_ps(r[4 * i + 2], r[4 * i + 3]);
        t[4 * i + 3] = _mm512_unpackhi_ps(r[4 * i + 2], r[4 * i + 3]);
    }
    WG_UNROLL for (int i = 0; i < 4; i++) {
        __m512d t0 = _mm512_castps_pd(t[4 * i]), t1 = _mm512_castps_pd(t[4 * i + 1]);
        __m512d t2 = _mm512_castps_pd(t[4 * i + 2]), t3 = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    // Lane L of the four groups side by side: column 4L + j.
    WG_UNROLL for (int j = 0; j < 4; j++) {
        __m512 p = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x44), q = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x44);
        __m512 p2 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xEE), q2 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xEE);
        _mm512_storeu_ps(dst + j * ds, _mm512_shuffle_f32x4(p, q, 0x88));
        _mm512_storeu_ps(dst + (4 + j) * ds, _mm512_shuffle_f32x4(p, q, 0xDD));
        _mm512_storeu_ps(dst + (8 + j) * ds, _mm512_shuffle_f32x4(p2, q2, 0x88));
        _mm512_storeu_ps(dst + (12 + j) * ds, _mm512_shuffle_f32x4(p2, q2, 0xDD));
    }
}

/// dst[j * ds + i] = src[i * ss + j] for i < rows, j < cols, 16x16 or 8x8 blocks in registers.
WG_WIDE WG_INLINE void transpose_rows(const float *R src, long ss, float *R dst, long ds, long rows, long cols) {
    if (rows % 16 == 0 && cols % 16 == 0) {
        for (long i = 0; i < rows; i += 16)
            for (long j = 0; j < cols; j += 16) transpose16(src + i * ss + j, ss, dst + j * ds + i, ds);
        return;
    }
    long rb = rows & ~7L, cb = cols & ~7L;
    for (long i = 0; i < rb; i += 8) {
        for (long j = 0; j < cb; j += 8) transpose8(src + i * ss + j, ss, dst + j * ds + i, ds);
        for (long ii = i; ii < i + 8; ii++)
            for (long j = cb; j < cols; j++) dst[j * ds + ii] = src[ii * ss + j];
    }
    for (long i = rb; i < rows; i++)
        for (long j = 0; j < cols; j++) dst[j * ds + i] = src[i * ss + j];
}

WG_WIDE void wg_transpose_wide(const float *src, long ss, float *dst, long ds, long rows, long cols) {
    transpose_rows(src, ss, dst, ds, rows, cols);
}

/// Requests for image rows y0 ..< y1 (those inside 0 ..< h) of every channel to be brought to
/// the L1 cache: the rows of the next row of tiles, asked for a few lines per tile while this row
/// runs, so that reading or writing the NCHW image (16 and more streams 4 KB apart, more than the
/// hardware prefetchers follow) does not wait on memory. (All at once, they stalled on the
/// processor's dozen or so outstanding misses.) Images narrower than 32 pixels (a row in less
/// than two cache lines) are asked for whole instead, the next image while one runs (see
/// prefetch_image).
typedef struct {
    const char *row_start;  // row y of channel c
    long plane, row, lines, channels, y0, y1, c, y, line, per_tile;
    const char *x;
} wg_prefetch;

WG_INLINE wg_prefetch prefetch_start(const float *x, long plane, long channels, long w, long y0, long y1, long h,
                                     long tiles_x) {
    wg_prefetch p;
    p.x = (const char *)x;
    p.plane = plane * (long)sizeof(float);
    p.row = w * (long)sizeof(float);
    p.lines = (p.row + 63) / 64;
    p.channels = channels;
    p.y0 = y0 < 0 ? 0 : y0;
    p.y1 = y1 > h ? h : y1;
    p.c = w < 32 || p.y0 >= p.y1 ? channels : 0;
    p.y = p.y0;
    p.line = 0;
    p.row_start = p.x + p.y0 * p.row;
    p.per_tile = (channels * (p.y1 - p.y0) * p.lines + tiles_x - 1) / tiles_x;
    return p;
}

/// Issues up to n of the requests of p.
WG_INLINE void prefetch_step(wg_prefetch *p, long n) {
    for (; n > 0 && p->c < p->channels; n--) {
        _mm_prefetch(p->row_start + 64 * p->line, _MM_HINT_T0);
        if (++p->line < p->lines) continue;
        p->line = 0;
        p->row_start += p->row;
        if (++p->y < p->y1) continue;
        p->y = p->y0;
        p->c++;
        p->row_start = p->x + p->c * p->plane + p->y0 * p->row;
    }
}

/// Requests for the next image (`channels` planes at x) to be brought to the L2 cache, where
/// images are narrower than 32 pixels (see wg_prefetch), a few lines per tile of this image.
typedef struct {
    const char *p, *end;
    long per_tile;
} wg_prefetch_image;

WG_INLINE wg_prefetch_image prefetch_image_start(const float *x, long plane, long channels, long w, int last,
                                                 long tiles) {
    wg_prefetch_image q;
    q.p = (const char *)x;
    q.end = w >= 32 || last ? q.p : q.p + channels * plane * (long)sizeof(float);
    q.per_tile = ((q.end - q.p) / 64 + tiles) / tiles;
    return q;
}

WG_INLINE void prefetch_image_step(wg_prefetch_image *q, long n) {
    for (; n > 0 && q->p < q->end; n--, q->p += 64) _mm_prefetch(q->p, _MM_HINT_T1);
}

// ---------------------------------------------------------------------------------------------
// Input: B^T d B.

/// Row a of B^T d B from row a of B^T d: matrices 6a ..< 6a + 6 at o, `stride` apart.
WG_WIDE WG_INLINE void input_row(__m512 a0, __m512 a1, __m512 a2, __m512 a3, __m512 a4, __m512 a5, __mmask16 mask,
                                 float *R o, long stride) {
    const __m512 s = a4 - 4 * a2, r = a3 - 4 * a1, s2 = a4 - a2, r2 = a1 - a3;
    ST(o, 4 * a0 - 5 * a2 + a4);
    ST(o + stride, s + r);
    ST(o + 2 * stride, s - r);
    ST(o + 3 * stride, s2 - 2 * r2);
    ST(o + 4 * stride, s2 + 2 * r2);
    ST(o + 5 * stride, 4 * a1 - 5 * a3 + a5);
}

/// One window's transform in up to 16 lanes: d(k, j) is at rows[k] + j * js; matrix xi of the
/// result goes to out + xi * stride.
WG_WIDE WG_INLINE void input_lanes(const float *const rows[6], long js, __mmask16 mask, float *R out, long stride) {
    const float *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *r3 = rows[3], *r4 = rows[4], *r5 = rows[5];
    {
        __m512 t0[6], t1[6], t2[6];
        WG_UNROLL for (int j = 0; j < 6; j++) {
            const long o = j * js;
            __m512 a0 = LD(r0 + o), a1 = LD(r1 + o), a2 = LD(r2 + o), a3 = LD(r3 + o), a4 = LD(r4 + o);
            const __m512 s = a4 - 4 * a2, r = a3 - 4 * a1;
            t0[j] = 4 * a0 - 5 * a2 + a4;
            t1[j] = s + r;
            t2[j] = s - r;
        }
        input_row(t0[0], t0[1], t0[2], t0[3], t0[4], t0[5], mask, out, stride);
        input_row(t1[0], t1[1], t1[2], t1[3], t1[4], t1[5], mask, out + 6 * stride, stride);
        input_row(t2[0], t2[1], t2[2], t2[3], t2[4], t2[5], mask, out + 12 * stride, stride);
    }
    {
        __m512 t3[6], t4[6], t5[6];
        WG_UNROLL for (int j = 0; j < 6; j++) {
            const long o = j * js;
            __m512 a1 = LD(r1 + o), a2 = LD(r2 + o), a3 = LD(r3 + o), a4 = LD(r4 + o), a5 = LD(r5 + o);
            const __m512 s = a4 - a2, r = a1 - a3;
            t3[j] = s - 2 * r;
            t4[j] = s + 2 * r;
            t5[j] = 4 * a1 - 5 * a3 + a5;
        }
        input_row(t3[0], t3[1], t3[2], t3[3], t3[4], t3[5], mask, out + 18 * stride, stride);
        input_row(t4[0], t4[1], t4[2], t4[3], t4[4], t4[5], mask, out + 24 * stride, stride);
        input_row(t5[0], t5[1], t5[2], t5[3], t5[4], t5[5], mask, out + 30 * stride, stride);
    }
}

/// Image row y ([channels] rows of w, `plane` apart) into a ring row: channels-last with a zero
/// pixel on the left, or phased (`[6][tiles][channels]`, the six columns `js` apart).
WG_WIDE WG_INLINE void input_fill(const float *R x, long plane, long channels, long w, long tiles_x, int phased,
                                  long js, float *R slot) {
    if (!phased) {
        transpose_rows(x, plane, slot + channels, channels, channels, w);
        return;
    }
    // Column j of tile tx is image column 4 tx + j - 1; those outside stay zero.
    for (long c = 0; c < channels; c++)
        for (int j = 0; j < 6; j++) {
            const long first = j == 0 ? 1 : 0, end = (w - j + 4) / 4 < tiles_x ? (w - j + 4) / 4 : tiles_x;
            float *d = slot + j * js + c;
            const float *s = x + c * plane + j - 1;
#pragma clang loop vectorize(disable)
            for (long tx = first; tx < end; tx++) d[tx * channels] = s[4 * tx];
        }
}

WG_WIDE void wg_input_wide(const float *input, long images, long channels, long h, long w, float *v, long stride) {
    const long C = channels, ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long plane = h * w, wp = 4 * tx_count + 2;
    const int phased = C % 16 != 0;
    const long span = tx_count * C, js = phased ? (span + 15) & ~15L : C;
    const long slot_floats = phased ? 6 * js : wp * C;
    // Every slot's pixels inside the image are written before they are read: only the zero
    // pixels around them need clearing (all of a phased slot, which is small).
    float *ring = phased ? zeroed(9 * slot_floats) : uninitialized(9 * slot_floats), *zero = ring + 8 * slot_floats;
    if (!phased) {
        memset(zero, 0, (size_t)slot_floats * sizeof(float));
        for (int k = 0; k < 8; k++) {
            float *slot = ring + k * slot_floats;
            memset(slot, 0, (size_t)C * sizeof(float));
            memset(slot + (w + 1) * C, 0, (size_t)((wp - w - 1) * C) * sizeof(float));
        }
    }
    for (long image = 0; image < images; image++) {
        const float *x = input + image * C * plane;
        float *vi = v + image * tiles * C;
        wg_prefetch_image next_image = prefetch_image_start(x + C * plane, plane, C, w, image + 1 == images, tiles);
        for (long ty = 0; ty < ty_count; ty++) {
            // Window rows y = 4 ty - 1 ..< 4 ty + 5; the first two were the last two of the
            // previous row of tiles.
            const float *rows[6];
            for (int k = 0; k < 6; k++) {
                const long y = 4 * ty - 1 + k;
                if (y < 0 || y >= h) { rows[k] = zero; continue; }
                float *slot = ring + ((y + 1) & 7) * slot_floats;
                if (ty == 0 || k >= 2) input_fill(x + y * w, plane, C, w, tx_count, phased, js, slot);
                rows[k] = slot;
            }
            wg_prefetch next = prefetch_start(x, plane, C, w, 4 * ty + 5, 4 * ty + 9, h, tx_count);
            float *out = vi + ty * span;
            if (phased) {
                for (long f = 0; f < span; f += 16) {
                    const float *r[6] = {rows[0] + f, rows[1] + f, rows[2] + f, rows[3] + f, rows[4] + f, rows[5] + f};
                    input_lanes(r, js, lanes_left(span - f), out + f, stride);
                }
            } else {
                for (long tx = 0; tx < tx_count; tx++) {
                    prefetch_step(&next, next.per_tile);
                prefetch_image_step(&next_image, next_image.per_tile);
                    for (long c = 0; c < C; c += 16) {
                        const long o = 4 * tx * C + c;
                        const float *r[6] = {rows[0] + o, rows[1] + o, rows[2] + o, rows[3] + o, rows[4] + o, rows[5] + o};
                        input_lanes(r, C, (__mmask16)0xFFFF, out + tx * C + c, stride);
                    }
                }
            }
            prefetch_step(&next, next.per_tile * tx_count);
            if (phased) prefetch_image_step(&next_image, next_image.per_tile * tx_count);
        }
    }
    free(ring);
}

// ---------------------------------------------------------------------------------------------
// Input adjoint: B M B^T, added up over the overlapping windows.

/// Adds column j of B (r B^T) to the window's column j, whose pixel rows k are at d[k] + o.
WG_WIDE WG_INLINE void input_adjoint_column(__m512 a0, __m512 a1, __m512 a2, __m512 a3, __m512 a4, __m512 a5,
                                            __mmask16 mask, float *const d[6], long o) {
    float *d0 = d[0] + o, *d1 = d[1] + o, *d2 = d[2] + o, *d3 = d[3] + o, *d4 = d[4] + o, *d5 = d[5] + o;
    const __m512 dd = a2 - a1, e = a4 - a3, s = a1 + a2, t = a3 + a4;
    ST(d0, LD(d0) + 4 * a0);
    ST(d1, LD(d1) + (4 * (dd + a5) + 2 * e));
    ST(d2, LD(d2) + (-5 * a0 - 4 * s - t));
    ST(d3, LD(d3) + (-5 * a5 - (dd + 2 * e)));
    ST(d4, LD(d4) + (a0 + s + t));
    ST(d5, LD(d5) + a5);
}

/// One window's adjoint in up to 16 lanes: matrix xi at in + xi * stride; window pixel (k, j)
/// at rows[k] + j * n (added to).
WG_WIDE WG_INLINE void input_adjoint_lanes(const float *R in, long stride, __mmask16 mask, float *const rows[6],
                                           long n) {
    // Columns 0, 2, 4 (sums of a1 + a2 and a3 + a4), then 1, 3, 5 (differences).
    {
        __m512 r0[6], r2[6], r4[6];
        WG_UNROLL for (int a = 0; a < 6; a++) {
            const float *u = in + 6 * a * stride;
            __m512 a0 = LD(u), a1 = LD(u + stride), a2 = LD(u + 2 * stride), a3 = LD(u + 3 * stride);
            __m512 a4 = LD(u + 4 * stride);
            const __m512 s = a1 + a2, t = a3 + a4;
            r0[a] = 4 * a0;
            r2[a] = -5 * a0 - 4 * s - t;
            r4[a] = a0 + s + t;
        }
        input_adjoint_column(r0[0], r0[1], r0[2], r0[3], r0[4], r0[5], mask, rows, 0);
        input_adjoint_column(r2[0], r2[1], r2[2], r2[3], r2[4], r2[5], mask, rows, 2 * n);
        input_adjoint_column(r4[0], r4[1], r4[2], r4[3], r4[4], r4[5], mask, rows, 4 * n);
    }
    {
        __m512 r1[6], r3[6], r5[6];
        WG_UNROLL for (int a = 0; a < 6; a++) {
            const float *u = in + 6 * a * stride;
            __m512 a1 = LD(u + stride), a2 = LD(u + 2 * stride), a3 = LD(u + 3 * stride), a4 = LD(u + 4 * stride);
            __m512 a5 = LD(u + 5 * stride);
            const __m512 dd = a2 - a1, e = a4 - a3;
            r1[a] = 4 * (dd + a5) + 2 * e;
            r3[a] = -5 * a5 - (dd + 2 * e);
            r5[a] = a5;
        }
        input_adjoint_column(r1[0], r1[1], r1[2], r1[3], r1[4], r1[5], mask, rows, n);
        input_adjoint_column(r3[0], r3[1], r3[2], r3[3], r3[4], r3[5], mask, rows, 3 * n);
        input_adjoint_column(r5[0], r5[1], r5[2], r5[3], r5[4], r5[5], mask, rows, 5 * n);
    }
}

WG_WIDE void wg_input_adjoint_wide(const float *v, long stride, long images, long channels, long h, long w,
                                   float *gradient) {
    const long C = channels, ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long plane = h * w, wp = 4 * tx_count + 2, slot_floats = wp * C;
    // Padded rows py (image row py - 1), channels-last, in slot py & 7; a slot is written out
    // and cleared once no later window reaches it.
    float *ring = zeroed(8 * slot_floats);
    for (long image = 0; image < images; image++) {
        const float *vi = v + image * tiles * C;
        float *dx = gradient + image * C * plane;
        wg_prefetch_image next_image = prefetch_image_start(dx + C * plane, plane, C, w, image + 1 == images, tiles);
        for (long ty = 0; ty < ty_count; ty++) {
            float *rows[6];
            for (int k = 0; k < 6; k++) rows[k] = ring + ((4 * ty + k) & 7) * slot_floats;
            wg_prefetch next = prefetch_start(dx, plane, C, w, 4 * ty - 1, 4 * ty + 3, h, tx_count);
            for (long tx = 0; tx < tx_count; tx++) {
                prefetch_step(&next, next.per_tile);
                prefetch_image_step(&next_image, next_image.per_tile);
                for (long c = 0; c < C; c += 16) {
                    float *r[6] = {rows[0] + 4 * tx * C + c, rows[1] + 4 * tx * C + c, rows[2] + 4 * tx * C + c,
                                   rows[3] + 4 * tx * C + c, rows[4] + 4 * tx * C + c, rows[5] + 4 * tx * C + c};
                    input_adjoint_lanes(vi + (ty * tx_count + tx) * C + c, stride, lanes_left(C - c), r, C);
                }
            }
            for (long py = 4 * ty; py < 4 * ty + 4; py++) {
                float *slot = ring + (py & 7) * slot_floats;
                const long y = py - 1;
                if (y >= 0 && y < h) transpose_rows(slot + C, C, dx + y * w, plane, w, C);
                memset(slot, 0, (size_t)slot_floats * sizeof(float));
            }
        }
        for (long py = 4 * ty_count; py < 4 * ty_count + 2; py++) {
            float *slot = ring + (py & 7) * slot_floats;
            const long y = py - 1;
            if (y >= 0 && y < h) transpose_rows(slot + C, C, dx + y * w, plane, w, C);
            memset(slot, 0, (size_t)slot_floats * sizeof(float));
        }
    }
    free(ring);
}
// ---------------------------------------------------------------------------------------------
// Output: A^T M A, and its adjoint A N A^T.

/// Column k of a tile's outputs from column k of A^T M: pixel rows at o + r * row.
WG_WIDE WG_INLINE void output_column(__m512 a0, __m512 a1, __m512 a2, __m512 a3, __m512 a4, __m512 a5,
                                     __mmask16 mask, float *R o, long row) {
    const __m512 p = a1 + a2, q = a3 + a4, m = a1 - a2, d = a3 - a4;
    ST(o, a0 + p + q);
    ST(o + row, m + 2 * d);
    ST(o + 2 * row, p + 4 * q);
    ST(o + 3 * row, m + 8 * d + a5);
}

/// One tile's 4x4 outputs in up to 16 lanes: matrix xi at in + xi * stride, pixel (r, k) to
/// base + r * row + k * n. Two halves of two columns each keep 12 sums live.
WG_WIDE WG_INLINE void output_lanes(const float *R in, long stride, __mmask16 mask, float *R base, long n, long row) {
    // Columns 0 and 2 (sums a1 + a2, a3 + a4), then 1 and 3 (differences).
    {
        __m512 t0[6], t2[6];
        WG_UNROLL for (int a = 0; a < 6; a++) {
            const float *m = in + 6 * a * stride;
            __m512 a0 = LD(m), a1 = LD(m + stride), a2 = LD(m + 2 * stride), a3 = LD(m + 3 * stride);
            __m512 a4 = LD(m + 4 * stride);
            const __m512 p = a1 + a2, q = a3 + a4;
            t0[a] = a0 + p + q;
            t2[a] = p + 4 * q;
        }
        output_column(t0[0], t0[1], t0[2], t0[3], t0[4], t0[5], mask, base, row);
        output_column(t2[0], t2[1], t2[2], t2[3], t2[4], t2[5], mask, base + 2 * n, row);
    }
    {
        __m512 t1[6], t3[6];
        WG_UNROLL for (int a = 0; a < 6; a++) {
            const float *m = in + 6 * a * stride;
            __m512 a1 = LD(m + stride), a2 = LD(m + 2 * stride), a3 = LD(m + 3 * stride), a4 = LD(m + 4 * stride);
            __m512 a5 = LD(m + 5 * stride);
            const __m512 mm = a1 - a2, d = a3 - a4;
            t1[a] = mm + 2 * d;
            t3[a] = mm + 8 * d + a5;
        }
        output_column(t1[0], t1[1], t1[2], t1[3], t1[4], t1[5], mask, base + n, row);
        output_column(t3[0], t3[1], t3[2], t3[3], t3[4], t3[5], mask, base + 3 * n, row);
    }
}

WG_WIDE void wg_output_wide(const float *m, long stride, long images, long channels, long h, long w, float *output) {
    const long C = channels, ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long plane = h * w, span = 4 * tx_count;
    // One row of tiles' outputs, channels-last, before they go out to the image's rows.
    float *rows = uninitialized(4 * span * C);  // every tile writes its 4x4 pixels
    for (long image = 0; image < images; image++) {
        const float *mi = m + image * tiles * C;
        float *y = output + image * C * plane;
        wg_prefetch_image next_image = prefetch_image_start(y + C * plane, plane, C, w, image + 1 == images, tiles);
        for (long ty = 0; ty < ty_count; ty++) {
            wg_prefetch next = prefetch_start(y, plane, C, w, 4 * ty, 4 * ty + 4, h, tx_count);
            for (long tx = 0; tx < tx_count; tx++) {
                prefetch_step(&next, next.per_tile);
                prefetch_image_step(&next_image, next_image.per_tile);
                for (long c = 0; c < C; c += 16)
                    output_lanes(mi + (ty * tx_count + tx) * C + c, stride, lanes_left(C - c),
                                 rows + 4 * tx * C + c, C, span * C);
            }
            for (long r = 0; r < 4 && 4 * ty + r < h; r++)
                transpose_rows(rows + r * span * C, C, y + (4 * ty + r) * w, plane, w, C);
        }
    }
    free(rows);
}

/// Row a of A^T (q A) from row a of q = A^T-side sums: matrices 6a ..< 6a + 6 at o.
WG_WIDE WG_INLINE void output_adjoint_row(__m512 a0, __m512 a1, __m512 a2, __m512 a3, __mmask16 mask, float *R o,
                                          long stride) {
    const __m512 e = a0 + a2, o1 = a1 + a3, e4 = a0 + 4 * a2, o4 = 2 * (a1 + 4 * a3);
    ST(o, a0);
    ST(o + stride, e + o1);
    ST(o + 2 * stride, e - o1);
    ST(o + 3 * stride, e4 + o4);
    ST(o + 4 * stride, e4 - o4);
    ST(o + 5 * stride, a3);
}

/// One tile's output gradient (pixel (r, k) at base + r * row + k * n) to its 36 matrices at
/// out + xi * stride, in up to 16 lanes; two halves of three rows each.
WG_WIDE WG_INLINE void output_adjoint_lanes(const float *R base, long row, long n, __mmask16 mask, float *R out,
                                            long stride) {
    {
        __m512 q0[4], q1[4], q2[4];
        WG_UNROLL for (int k = 0; k < 4; k++) {
            const float *y = base + k * n;
            __m512 a0 = LD(y), a1 = LD(y + row), a2 = LD(y + 2 * row), a3 = LD(y + 3 * row);
            const __m512 e = a0 + a2, o = a1 + a3;
            q0[k] = a0;
            q1[k] = e + o;
            q2[k] = e - o;
        }
        output_adjoint_row(q0[0], q0[1], q0[2], q0[3], mask, out, stride);
        output_adjoint_row(q1[0], q1[1], q1[2], q1[3], mask, out + 6 * stride, stride);
        output_adjoint_row(q2[0], q2[1], q2[2], q2[3], mask, out + 12 * stride, stride);
    }
    {
        __m512 q3[4], q4[4], q5[4];
        WG_UNROLL for (int k = 0; k < 4; k++) {
            const float *y = base + k * n;
            __m512 a0 = LD(y), a1 = LD(y + row), a2 = LD(y + 2 * row), a3 = LD(y + 3 * row);
            const __m512 e = a0 + 4 * a2, o = 2 * (a1 + 4 * a3);
            q3[k] = e + o;
            q4[k] = e - o;
            q5[k] = a3;
        }
        output_adjoint_row(q3[0], q3[1], q3[2], q3[3], mask, out + 18 * stride, stride);
        output_adjoint_row(q4[0], q4[1], q4[2], q4[3], mask, out + 24 * stride, stride);
        output_adjoint_row(q5[0], q5[1], q5[2], q5[3], mask, out + 30 * stride, stride);
    }
}

WG_WIDE void wg_output_adjoint_wide(const float *gradient, long images, long channels, long h, long w, float *m,
                                    long stride) {
    const long C = channels, ty_count = tiles_along(h), tx_count = tiles_along(w), tiles = ty_count * tx_count;
    const long plane = h * w, span = 4 * tx_count;
    // One row of tiles' output gradient, channels-last; pixels past the image stay zero.
    float *rows = uninitialized(4 * span * C);
    for (long r = 0; r < 4; r++)  // the pixels right of the image; those inside are written per row
        memset(rows + (r * span + w) * C, 0, (size_t)((span - w) * C) * sizeof(float));
    for (long image = 0; image < images; image++) {
        const float *dy = gradient + image * C * plane;
        float *mi = m + image * tiles * C;
        wg_prefetch_image next_image = prefetch_image_start(dy + C * plane, plane, C, w, image + 1 == images, tiles);
        for (long ty = 0; ty < ty_count; ty++) {
            wg_prefetch next = prefetch_start(dy, plane, C, w, 4 * ty + 4, 4 * ty + 8, h, tx_count);
            for (long r = 0; r < 4; r++) {
                if (4 * ty + r < h)
                    transpose_rows(dy + (4 * ty + r) * w, plane, rows + r * span * C, C, C, w);
                else
                    memset(rows + r * span * C, 0, (size_t)(span * C) * sizeof(float));
            }
            for (long tx = 0; tx < tx_count; tx++) {
                prefetch_step(&next, next.per_tile);
                prefetch_image_step(&next_image, next_image.per_tile);
                for (long c = 0; c < C; c += 16)
                    output_adjoint_lanes(rows + 4 * tx * C + c, span * C, C, lanes_left(C - c),
                                         mi + (ty * tx_count + tx) * C + c, stride);
            }
        }
    }
    free(rows);
}
#endif
