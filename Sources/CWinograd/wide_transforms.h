// The AVX-512 builds of the tile transforms (wide_transforms.c) and the products
// (wide_products.c), called by winograd.c where the processor has AVX-512. Same arguments and
// results as the lrlab_winograd_* functions they serve.
#ifndef LRLAB_CWINOGRAD_WIDE_TRANSFORMS_H
#define LRLAB_CWINOGRAD_WIDE_TRANSFORMS_H

#if defined(__x86_64__)
#define WG_WIDE __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#define WG_HIDDEN __attribute__((visibility("hidden")))

WG_HIDDEN void wg_input_wide(const float *x, long images, long channels, long h, long w, float *v, long stride);
WG_HIDDEN void wg_input_adjoint_wide(const float *v, long stride, long images, long channels, long h, long w, float *dx);
WG_HIDDEN void wg_output_wide(const float *m, long stride, long images, long channels, long h, long w, float *y);
WG_HIDDEN void wg_output_adjoint_wide(const float *dy, long images, long channels, long h, long w, float *m, long stride);
/// The products of lrlab_winograd_multiply and lrlab_winograd_multiply_transposed_add (wide_products.c).
WG_HIDDEN void wg_multiply_wide(const float *a, long a_stride, long lda, const float *b, long b_stride, long ldb,
                                float *c, long c_stride, long ldc, long rows, long inner, long cols, long count);
WG_HIDDEN void wg_multiply_transposed_add_wide(const float *a, long a_stride, long lda, const float *b, long b_stride,
                                               long ldb, float *c, long c_stride, long ldc, long rows, long inner,
                                               long cols, long count);
/// dst[j * ds + i] = src[i * ss + j] for i < rows, j < cols, in 8x8 blocks in registers.
WG_HIDDEN void wg_transpose_wide(const float *src, long ss, float *dst, long ds, long rows, long cols);
#endif

#endif
