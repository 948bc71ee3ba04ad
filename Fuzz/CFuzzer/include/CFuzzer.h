#ifndef LRLAB_CFUZZER_H
#define LRLAB_CFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (LLVM 11 and later): parses libFuzzer's flags from argv and runs `callback`
/// on every input; for programs that have their own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
