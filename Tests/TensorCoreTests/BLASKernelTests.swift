import XCTest
@testable import TensorCore

final class BLASKernelTests: XCTestCase {
    func testKernelSetFollowsTheProcessorFlags() {
        XCTAssertEqual(BLAS.supportedKernel(processorFlags: ["sse2", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]),
                       "SkylakeX")
        XCTAssertEqual(BLAS.supportedKernel(processorFlags: ["avx2", "fma", "avx512f"]), "Haswell")
        XCTAssertNil(BLAS.supportedKernel(processorFlags: ["sse2", "avx", "avx2"]))
    }

    func testOpenBLASRunsTheFastKernelsThisProcessorSupports() throws {
        // OpenBLAS 0.3.21 falls back to SSE3 (`Prescott`) on processors newer than itself.
        let flags = BLAS.processorFlags()
        XCTAssertFalse(flags.isEmpty, "/proc/cpuinfo lists no flags")
        let kernel = BLAS.kernelName
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, let expected = BLAS.supportedKernel(processorFlags: flags) {
            XCTAssertNotEqual(kernel, "Prescott", "expected \(expected) kernels")
        }
        // Products stay right with whatever kernel runs.
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        c.withUnsafeMutableBufferPointer { BLAS.gemm(m: 2, n: 2, k: 3, a: a, b: b, c: $0.baseAddress!) }
        XCTAssertEqual(c, [58, 64, 139, 154])
    }
}
