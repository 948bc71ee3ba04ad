import XCTest
import TensorCore

/// The stride-2 phase kernels against the generic strided im2col and col2im, on even and odd sizes.
final class StrideTwoPhaseTests: XCTestCase {
    private func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextFloat(in: -1, 1) }
    }

    /// Geometries whose outputs are as wide as a phase: 3x3 with padding 1, 1x1 without, 5x5 with
    /// padding 2, on widths from below a vector to several vectors.
    private let geometries: [ConvolutionGeometry] = [(3, 1, 8, 16), (3, 1, 7, 33), (1, 0, 9, 32), (5, 2, 6, 17), (3, 1, 2, 3)]
        .map { k, p, h, w in ConvolutionGeometry(channels: 2, height: h, width: w, kernelSize: k, stride: 2, padding: p) }

    func testPhaseGeometriesAreRecognised() {
        for g in geometries { XCTAssertTrue(ConvolutionKernels.usesPhases(g), "\(g)") }
        XCTAssertFalse(ConvolutionKernels.usesPhases(ConvolutionGeometry(channels: 1, height: 8, width: 8, kernelSize: 3, stride: 2)))
        XCTAssertFalse(ConvolutionKernels.usesPhases(ConvolutionGeometry(channels: 1, height: 8, width: 8, kernelSize: 3, stride: 1, padding: 1)))
    }

    func testSplitThenMergeGivesTheImageBack() {
        for g in geometries {
            let image = values(g.channels * g.height * g.width, seed: 1)
            var phases = [Float](repeating: .nan, count: ConvolutionKernels.phaseCount(g))
            var merged = [Float](repeating: .nan, count: image.count)
            image.withUnsafeBufferPointer { x in phases.withUnsafeMutableBufferPointer { p in
                ConvolutionKernels.splitPhases(x.baseAddress!, geometry: g, phases: p.baseAddress!)
            }}
            XCTAssertFalse(phases.contains { $0.isNaN }, "every phase value is written (zeros past the image)")
            phases.withUnsafeBufferPointer { p in merged.withUnsafeMutableBufferPointer { y in
                ConvolutionKernels.mergePhases(p.baseAddress!, geometry: g, image: y.baseAddress!)
            }}
            XCTAssertEqual(merged, image, "\(g)")
        }
    }

    func testIm2colFromPhasesEqualsTheStridedIm2col() {
        for g in geometries {
            let image = values(g.channels * g.height * g.width, seed: 2)
            var phases = [Float](repeating: 0, count: ConvolutionKernels.phaseCount(g))
            var expected = [Float](repeating: .nan, count: g.patchSize * g.outputPlane), actual = expected
            image.withUnsafeBufferPointer { x in
                phases.withUnsafeMutableBufferPointer { p in
                    ConvolutionKernels.splitPhases(x.baseAddress!, geometry: g, phases: p.baseAddress!)
                    actual.withUnsafeMutableBufferPointer { c in
                        ConvolutionKernels.im2colFromPhases(p.baseAddress!, geometry: g, columns: c.baseAddress!, ldc: g.outputPlane)
                    }
                }
                expected.withUnsafeMutableBufferPointer { c in
                    ConvolutionKernels.im2col(x.baseAddress!, geometry: g, columns: c.baseAddress!, ldc: g.outputPlane)
                }
            }
            XCTAssertEqual(actual, expected, "\(g)")
        }
    }

    func testCol2imThroughPhasesEqualsTheStridedCol2im() {
        for g in geometries {
            var columns = values(g.patchSize * g.outputPlane, seed: 3)
            var expected = [Float](repeating: 0, count: g.channels * g.height * g.width)
            var actual = [Float](repeating: .nan, count: expected.count)
            var phases = [Float](repeating: 0, count: ConvolutionKernels.phaseCount(g))
            columns.withUnsafeBufferPointer { c in expected.withUnsafeMutableBufferPointer { y in
                ConvolutionKernels.col2im(c.baseAddress!, ldc: g.outputPlane, geometry: g, image: y.baseAddress!)
            }}
            columns.withUnsafeMutableBufferPointer { c in phases.withUnsafeMutableBufferPointer { p in
                ConvolutionKernels.col2imIntoPhases(c.baseAddress!, ldc: g.outputPlane, geometry: g, phases: p.baseAddress!)
                actual.withUnsafeMutableBufferPointer { y in
                    ConvolutionKernels.mergePhases(p.baseAddress!, geometry: g, image: y.baseAddress!)
                }
            }}
            // The same sums, possibly in another order.
            for (index, (a, e)) in zip(actual, expected).enumerated() {
                XCTAssertEqual(a, e, accuracy: 1e-5, "\(g) value \(index)")
            }
        }
    }
}
