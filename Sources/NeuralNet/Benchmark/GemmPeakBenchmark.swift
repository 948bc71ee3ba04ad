import Dispatch
import TensorCore

/// Measures single-thread sgemm throughput on a large square product: the ceiling the training
/// step's GFLOP/s is compared with.
public enum GemmPeakBenchmark {
    /// The best GFLOP/s of `repeats` products of two `size x size` matrices on one BLAS thread.
    public static func gigaflopsPerSecond(size: Int = 1024, repeats: Int = 5) -> Double {
        precondition(size > 0 && repeats > 0, "size and repeats must be positive")
        BLAS.setThreadCount(1)
        var rng = RandomGenerator(seed: 7)
        var a = [Float](repeating: 0, count: size * size)
        for i in a.indices { a[i] = rng.nextFloat(in: -1, 1) }
        let b = a
        var c = [Float](repeating: 0, count: size * size)
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            c.withUnsafeMutableBufferPointer { cs in
                BLAS.gemm(m: size, n: size, k: size, a: a, b: b, c: cs.baseAddress!)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(size) * Double(size) * Double(size) / best / 1e9
    }
}
