// Winograd F(4x4, 3x3) transforms for 3x3 stride-1 convolutions with padding 1 on NCHW float images.
//
// An image of height h and width w is cut into ceil(h/4) x ceil(w/4) output tiles of 4x4; tile
// (ty, tx) reads the 6x6 input window whose top-left pixel is (4 ty - 1, 4 tx - 1), zeros outside
// the image. Transformed tiles are stored as 36 matrices, one per transformed position
// xi = 6 * row + column, `stride` floats apart: matrix xi is row-major `[tiles, channels]`, its
// row the tile (image - first image of the call) * tiles per image + ty * tiles per row + tx, so
// the sums over input channels are plain matrix products. Every transform has its exact adjoint,
// which the backward pass uses. Inside, images are handled channels-last so the loops run over
// channels in vector registers; AVX-512 code is chosen at run time where the processor has it.
#ifndef LRLAB_CWINOGRAD_H
#define LRLAB_CWINOGRAD_H

#ifdef __cplusplus
extern "C" {
#endif

/// Input tiles: x [images, channels, h, w] -> v [36][tiles][channels], matrices `stride` apart.
void lrlab_winograd_input(const float *x, long images, long channels, long h, long w, float *v, long stride);
/// Adjoint of lrlab_winograd_input: v -> dx [images, channels, h, w] (overwritten).
void lrlab_winograd_input_adjoint(const float *v, long stride, long images, long channels, long h, long w, float *dx);
/// Filter: weight [outChannels, inChannels, 3, 3] -> u [36][inChannels][outChannels].
void lrlab_winograd_filter(const float *weight, long outChannels, long inChannels, float *u);
/// Adjoint of lrlab_winograd_filter, added: u [36][inChannels][outChannels] -> dweight (accumulated).
void lrlab_winograd_filter_adjoint_add(const float *u, long outChannels, long inChannels, float *dweight);
/// Output tiles: m [36][tiles][channels], matrices `stride` apart -> y [images, channels, h, w]
/// (overwritten; the parts of border tiles outside the image are dropped).
void lrlab_winograd_output(const float *m, long stride, long images, long channels, long h, long w, float *y);
/// Adjoint of lrlab_winograd_output: dy [images, channels, h, w] -> m [36][tiles][channels].
void lrlab_winograd_output_adjoint(const float *dy, long images, long channels, long h, long w, float *m, long stride);

/// `count` products c[i] = a[i] b[i] (i < count, matrices `*_stride` floats apart; row-major
/// a `[rows, inner]`, b `[inner, cols]`, c `[rows, cols]` with leading dimensions lda, ldb, ldc).
/// Returns 0, computing nothing, where the processor has no AVX-512 (use BLAS there).
int lrlab_winograd_multiply(const float *a, long a_stride, long lda, const float *b, long b_stride, long ldb,
                            float *c, long c_stride, long ldc, long rows, long inner, long cols, long count);
/// `count` sums c[i] += a[i]^T b[i] (a `[rows, inner]`, b `[rows, cols]`, c `[inner, cols]`),
/// summed over runs of rows in order, each run's sum added to c (the same order for the same
/// sizes, so the same bits). Returns 0, computing nothing, without AVX-512.
int lrlab_winograd_multiply_transposed_add(const float *a, long a_stride, long lda, const float *b, long b_stride,
                                           long ldb, float *c, long c_stride, long ldc, long rows, long inner,
                                           long cols, long count);

/// `count` row-major `[rows, cols]` matrices a, one after the other, transposed into t.
void lrlab_winograd_transpose(const float *a, long rows, long cols, long count, float *t);

/// 1 when the AVX-512 build of the transforms and products runs in this process, 0 for the
/// baseline build (no AVX-512, or LRLAB_WINOGRAD_BASELINE=1).
int lrlab_winograd_uses_avx512(void);

#ifdef __cplusplus
}
#endif

#endif
