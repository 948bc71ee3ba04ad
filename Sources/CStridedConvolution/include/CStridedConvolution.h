// 3x3 convolutions with stride 2 and padding 1 on NCHW float images, computed directly from a
// channels-last copy of each image (no im2col matrix): the forward pass, the weight gradient and
// the input gradient, with AVX-512 code where the processor has it.
//
// A packed weight `wk` is `[3][3 * in][out]`: for kernel row ky, row `kx * in + ci` holds the
// weights of tap (ky, kx) and input channel ci for every output channel, so that the three taps
// of one kernel row read one contiguous run of 3 * in values of the channels-last image. Its
// transposed form `wt` is `[3][out][3 * in]`.
#ifndef LRLAB_CSTRIDEDCONVOLUTION_H
#define LRLAB_CSTRIDEDCONVOLUTION_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the kernels run here (AVX-512 present and LRLAB_STRIDED_BASELINE=1 unset), else 0: the
/// caller then lowers to im2col; the functions below must not be called.
int lrlab_strided_available(void);

/// Floats of workspace the passes need for images of `in` channels, h x w, and `out` channels.
long lrlab_strided_workspace(long in, long out, long h, long w);

/// weight `[out, in, 3, 3]` -> wk `[3][3 in][out]`.
void lrlab_strided_pack_weight(const float *weight, long out, long in, float *wk);
/// weight `[out, in, 3, 3]` -> wt `[3][out][3 in]`.
void lrlab_strided_pack_weight_transposed(const float *weight, long out, long in, float *wt);
/// Adds dwk (`[3][3 in][out]`, as wk) to dweight `[out, in, 3, 3]`.
void lrlab_strided_unpack_weight_gradient_add(const float *dwk, long out, long in, float *dweight);

/// y `[images, out, oh, ow]` (overwritten) from x `[images, in, h, w]` and wk; oh = (h + 1) / 2,
/// ow = (w + 1) / 2.
void lrlab_strided_forward(const float *x, long images, long in, long h, long w, const float *wk, long out,
                           float *y, float *workspace);

/// From the output gradient dy `[images, out, oh, ow]`: adds the weight gradient to dwk (as wk;
/// skipped when NULL; needs x) and writes the input gradient to dx `[images, in, h, w]`
/// (skipped when NULL; needs wt), overwriting it, or adding to it when `accumulate` is 1.
void lrlab_strided_backward(const float *x, const float *dy, long images, long in, long h, long w, long out,
                            const float *wt, float *dwk, float *dx, int accumulate, float *workspace);

#ifdef __cplusplus
}
#endif

#endif
