// What the processor offers LRLab's C kernels, read once, and the switches that send a kernel
// back to its baseline build (tests use them to check that build on AVX-512 processors).
#ifndef LRLAB_CPROCESSORFEATURES_H
#define LRLAB_CPROCESSORFEATURES_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 where the processor has AVX-512 F, VL and DQ, the features every AVX-512 build here uses;
/// 0 elsewhere (and on processors other than x86-64).
int lrlab_processor_has_avx512(void);

/// 1 where the environment variable `name` is exactly "1", read at each call.
int lrlab_environment_switch_is_on(const char *name);

#ifdef __cplusplus
}
#endif

#endif
