import CBLAS

/// Matrix products through OpenBLAS, on row-major buffers.
///
/// The first call in a process makes sure OpenBLAS runs the processor's fast kernels (see
/// `kernelSelection`).
public enum BLAS {
    /// Limits OpenBLAS to `count` threads for the whole process.
    ///
    /// LRLab runs one BLAS thread per run and runs sweeps in parallel instead, so this is called
    /// with 1 before any training.
    public static func setThreadCount(_ count: Int) {
        _ = kernelSelection
        openblas_set_num_threads(Int32(count))
    }

    /// `C = alpha * op(A) * op(B) + beta * C` for row-major `A` (m x k after `op`), `B` (k x n after
    /// `op`) and `C` (m x n); `lda`, `ldb`, `ldc` default to the packed leading dimensions.
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        _ = kernelSelection
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda ?? (transposeA ? m : k)),
                    b, Int32(ldb ?? (transposeB ? k : n)),
                    beta, c, Int32(ldc ?? n))
    }
}
