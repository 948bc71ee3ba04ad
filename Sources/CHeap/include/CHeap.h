// The C heap's handling of large blocks.
#ifndef LRLAB_CHEAP_H
#define LRLAB_CHEAP_H

/// Keeps freed blocks of any size in the process's heap for reuse instead of returning them to
/// the system (glibc; elsewhere it does nothing). Returns 1 when the allocator took the settings.
int lrlab_heap_keep_freed_blocks(void);

#endif
