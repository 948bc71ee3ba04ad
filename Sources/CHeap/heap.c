#include "CHeap.h"

#if defined(__GLIBC__)
#include <malloc.h>

int lrlab_heap_keep_freed_blocks(void) {
    // Blocks up to 1 GiB come from the heap rather than their own mappings, and the heap's free
    // top is not given back below 1 GiB, so a block freed and allocated again each training step
    // is not faulted in page by page each time.
    int mapped = mallopt(M_MMAP_THRESHOLD, 1 << 30);
    int trimmed = mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return mapped == 1 && trimmed == 1;
}
#else
int lrlab_heap_keep_freed_blocks(void) { return 0; }
#endif
