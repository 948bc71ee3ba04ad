// Batch normalisation loops over one channel of an NCHW tensor: `planes` contiguous planes of
// `count` floats (one image's values of the channel), plane p at `x + p * plane_stride`.
//
// Every function has an AVX-512 build (16 lanes, fused multiply-adds) and a baseline build of the
// same code (SSE2, 4 lanes); `avx512` != 0 asks for the first, which runs only where the
// processor has AVX-512F, VL and DQ (otherwise the baseline runs). Sums run in float lanes within
// a plane and in double across planes.
//
// Rectifier masks hold one bit per value, bit i % 8 of byte i / 8 of the plane's mask, each plane's
// mask `mask_stride` bytes after the previous one's.
#ifndef LRLAB_CNORMALIZATION_H
#define LRLAB_CNORMALIZATION_H

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this processor runs the AVX-512 build.
int lrlab_normalization_has_avx512(void);

/// The mean of the channel's values and the sum of their squared deviations from it, in one pass:
/// the deviations from a shift (the first plane's mean) and their squares are summed in float lanes
/// per plane and in double over planes, so a mean much larger than the spread costs little
/// accuracy (one value per plane, as in BatchNorm1d: two passes in double).
void lrlab_normalization_statistics(int avx512, const float *x, long planes, long plane_stride, long count,
                                    double *mean, double *squares);

/// y = (x - mean) * scale + shift, plus `residual` when not NULL; when `mask` is not NULL, then
/// max(0, y), with the mask bit set where the result is positive. y may alias neither input.
void lrlab_normalization_forward(int avx512, const float *x, const float *residual, unsigned char *mask,
                                 long mask_stride, float *y, long planes, long plane_stride, long count,
                                 float mean, float scale, float shift);

/// sum(g) and sum(g * (x - mean)), where g = dy, or with `gate` not NULL, dy where the gate's bit
/// is set and 0 elsewhere.
void lrlab_normalization_gradient_sums(int avx512, const float *dy, const unsigned char *gate, long gate_stride,
                                       const float *x, long planes, long plane_stride, long count, float mean,
                                       double *gradient_sum, double *centered_product_sum);

/// With g as in lrlab_normalization_gradient_sums: writes g to `gated` when not NULL, and
/// dx = a * g + b * (x - mean) + c to `dx` when not NULL (x NULL: dx = a * g + c).
void lrlab_normalization_input_gradient(int avx512, const float *dy, const unsigned char *gate, long gate_stride,
                                        float *gated, const float *x, float *dx, long planes, long plane_stride,
                                        long count, float mean, float a, float b, float c);

#ifdef __cplusplus
}
#endif

#endif
