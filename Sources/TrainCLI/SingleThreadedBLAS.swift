#if canImport(Glibc)
import Glibc
#endif

/// Makes sure OpenBLAS starts with one thread.
///
/// LRLab runs one BLAS thread per run and parallelises across runs instead. Calling
/// `openblas_set_num_threads(1)` is not enough on its own: OpenBLAS starts its worker threads when
/// the library loads, and they spin on the other core for a while, slowing every short run. The
/// library reads `OPENBLAS_NUM_THREADS` only at load time, so when it is unset the process sets it
/// and replaces itself with a fresh copy (a few milliseconds) before any work starts.
enum SingleThreadedBLAS {
    static func ensure() {
        #if os(Linux)
        guard getenv("OPENBLAS_NUM_THREADS") == nil else { return }
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        var arguments = CommandLine.unsafeArgv
        // If the exec fails the process simply goes on with the threads OpenBLAS already started.
        _ = execv("/proc/self/exe", &arguments[0])
        #endif
    }
}
