#if canImport(Glibc)
import Glibc
#endif
import CHeap
import TensorCore

/// Sets the OpenBLAS variables that only count when the library loads, re-executing the process
/// with them when they are missing.
///
/// - One thread: LRLab runs one BLAS thread per run and parallelises across runs instead.
///   Calling `openblas_set_num_threads(1)` is not enough on its own: OpenBLAS starts its worker
///   threads when the library loads, and they spin on the other core for a while, slowing every
///   short run.
/// - Reproducible mode (`--reproducible` anywhere on the command line, or `LRLAB_REPRODUCIBLE=1`):
///   `OPENBLAS_CORETYPE` pins the kernel set every AVX2 machine runs (`ReproducibleMode`).
///
/// OpenBLAS reads both only at load time, so the process sets them and replaces itself with a
/// fresh copy (a few milliseconds) before any work starts.
///
/// It also keeps freed memory in the C heap: a training step frees and allocates tensors of
/// megabytes, which glibc would otherwise return to the system and fault back in, page by page,
/// every step (a tenth of a resnet step).
enum BLASStartup {
    static func ensure() {
        #if os(Linux)
        _ = lrlab_heap_keep_freed_blocks()
        var changed = false
        if getenv("OPENBLAS_NUM_THREADS") == nil {
            setenv("OPENBLAS_NUM_THREADS", "1", 1)
            changed = true
        }
        let reproducible = CommandLine.arguments.dropFirst().contains("--reproducible")
            || getenv(ReproducibleMode.variable).map { String(cString: $0) } == "1"
        if reproducible {
            for (name, value) in ReproducibleMode.processEnvironment().sorted(by: { $0.key < $1.key })
            where getenv(name).map({ String(cString: $0) }) != value {
                setenv(name, value, 1)
                changed = true
            }
        }
        guard changed else { return }
        // If the exec fails the process goes on with what OpenBLAS already set up.
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
