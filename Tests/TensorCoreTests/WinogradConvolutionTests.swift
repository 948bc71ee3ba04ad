import Foundation
import XCTest
import TensorCore

/// Winograd F(4x4, 3x3) against the convolution's definition, summed in Double.
final class WinogradConvolutionTests: XCTestCase {
    private func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextFloat(in: -1, 1) }
    }

    /// One problem: sizes, data and the definition's output and gradients for output gradient `dy`.
    private struct Problem {
        let batch, inC, outC, h, w: Int
        let x, weight, dy: [Float]

        /// The input pixel (n, c, iy, ix), zero outside the image (padding 1).
        func pixel(_ n: Int, _ c: Int, _ iy: Int, _ ix: Int) -> Double {
            guard iy >= 0 && iy < h && ix >= 0 && ix < w else { return 0 }
            return Double(x[((n * inC + c) * h + iy) * w + ix])
        }

        var output: [Double] {
            var y = [Double](repeating: 0, count: batch * outC * h * w)
            for n in 0..<batch { for k in 0..<outC { for oy in 0..<h { for ox in 0..<w {
                var total = 0.0
                for c in 0..<inC { for ky in 0..<3 { for kx in 0..<3 {
                    total += Double(weight[((k * inC + c) * 3 + ky) * 3 + kx]) * pixel(n, c, oy - 1 + ky, ox - 1 + kx)
                }}}
                y[((n * outC + k) * h + oy) * w + ox] = total
            }}}}
            return y
        }

        /// dL/dx and dL/dw for L = sum(y * dy).
        var gradients: (input: [Double], weight: [Double]) {
            var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: weight.count)
            for n in 0..<batch { for k in 0..<outC { for oy in 0..<h { for ox in 0..<w {
                let g = Double(dy[((n * outC + k) * h + oy) * w + ox])
                for c in 0..<inC { for ky in 0..<3 { for kx in 0..<3 {
                    let iy = oy - 1 + ky, ix = ox - 1 + kx
                    let wi = ((k * inC + c) * 3 + ky) * 3 + kx
                    dw[wi] += g * pixel(n, c, iy, ix)
                    if iy >= 0 && iy < h && ix >= 0 && ix < w { dx[((n * inC + c) * h + iy) * w + ix] += g * Double(weight[wi]) }
                }}}
            }}}}
            return (dx, dw)
        }
    }

    private func problem(batch: Int, inC: Int, outC: Int, h: Int, w: Int, seed: UInt64) -> Problem {
        Problem(batch: batch, inC: inC, outC: outC, h: h, w: w,
                x: values(batch * inC * h * w, seed: seed), weight: values(outC * inC * 9, seed: seed + 1),
                dy: values(batch * outC * h * w, seed: seed + 2))
    }

    /// Asserts `actual` matches `expected` to `tolerance` times the largest expected magnitude.
    private func assertMatches(_ actual: [Float], _ expected: [Double], tolerance: Double, _ what: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        let scale = max(1e-30, expected.map(abs).max() ?? 0)
        var worst = 0.0, at = 0
        for (i, (a, e)) in zip(actual, expected).enumerated() where abs(Double(a) - e) > worst {
            worst = abs(Double(a) - e)
            at = i
        }
        XCTAssertLessThanOrEqual(worst / scale, tolerance,
                                 "\(what): index \(at) is \(actual[at]), expected \(expected[at]) (largest value \(scale))",
                                 file: file, line: line)
    }

    /// Runs forward and backward (both gradients) with the given chunk size.
    private func run(_ p: Problem, tilesPerChunk: Int = 512) -> (output: [Float], input: [Float], weight: [Float]) {
        var conv = WinogradConvolution(inChannels: p.inC, outChannels: p.outC, tilesPerChunk: tilesPerChunk)
        var y = [Float](repeating: .nan, count: p.batch * p.outC * p.h * p.w)
        var dx = [Float](repeating: .nan, count: p.x.count)
        // The weight gradient is added to what is there.
        var dw = [Float](repeating: 0.5, count: p.weight.count)
        p.x.withUnsafeBufferPointer { x in
            p.weight.withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { out in
                    conv.forward(input: x.baseAddress!, batch: p.batch, height: p.h, width: p.w, weight: w.baseAddress!,
                                 output: out.baseAddress!)
                }
                p.dy.withUnsafeBufferPointer { dy in
                    dx.withUnsafeMutableBufferPointer { dxp in
                        dw.withUnsafeMutableBufferPointer { dwp in
                            conv.backward(input: x.baseAddress!, batch: p.batch, height: p.h, width: p.w,
                                          outputGradient: dy.baseAddress!, weightGradient: dwp.baseAddress!,
                                          inputGradient: dxp.baseAddress!)
                        }
                    }
                }
            }
        }
        return (y, dx, dw.map { $0 - 0.5 })
    }

    func testForwardAndGradientsMatchTheDefinitionAtEveryBorder() {
        // Sizes that are multiples of the 4x4 tile and sizes that leave partial tiles on both sides.
        let shapes = [(1, 1, 1, 4, 4), (1, 2, 3, 7, 7), (3, 3, 2, 8, 8), (2, 4, 5, 5, 9), (1, 3, 4, 28, 28),
                      (3, 2, 3, 32, 32), (2, 16, 8, 6, 11), (1, 1, 2, 1, 3)]
        for (index, (batch, inC, outC, h, w)) in shapes.enumerated() {
            let p = problem(batch: batch, inC: inC, outC: outC, h: h, w: w, seed: UInt64(10 * index + 1))
            let result = run(p)
            let what = "batch \(batch), \(inC)->\(outC), \(h)x\(w)"
            assertMatches(result.output, p.output, tolerance: 1e-5, "\(what) output")
            let (dx, dw) = p.gradients
            assertMatches(result.input, dx, tolerance: 1e-5, "\(what) input gradient")
            assertMatches(result.weight, dw, tolerance: 1e-5, "\(what) weight gradient")
        }
    }

    func testBaselineBuildMatchesTheDefinitionToo() throws {
        // On processors with AVX-512 the transforms run vector code; the baseline build (any
        // x86-64 or other processor) is chosen with LRLAB_WINOGRAD_BASELINE=1.
        setenv("LRLAB_WINOGRAD_BASELINE", "1", 1)
        defer { unsetenv("LRLAB_WINOGRAD_BASELINE") }
        for (index, (batch, inC, outC, h, w)) in [(1, 3, 2, 7, 7), (3, 17, 18, 8, 8), (2, 16, 16, 9, 5)].enumerated() {
            let p = problem(batch: batch, inC: inC, outC: outC, h: h, w: w, seed: UInt64(100 + index))
            let result = run(p)
            let what = "baseline build, batch \(batch), \(inC)->\(outC), \(h)x\(w)"
            assertMatches(result.output, p.output, tolerance: 1e-5, "\(what) output")
            let (dx, dw) = p.gradients
            assertMatches(result.input, dx, tolerance: 1e-5, "\(what) input gradient")
            assertMatches(result.weight, dw, tolerance: 1e-5, "\(what) weight gradient")
        }
    }

    func testWideChannelCountsMatchTheDefinition() {
        // The AVX-512 transforms take channel counts that are multiples of 16 a tile at a time
        // (several vectors per tile from 32 on) and others "phased" (vectors across the tiles of
        // a row, masked at its end); the image rows pass through a ring of eight rows, which wraps
        // from the third row of tiles on.
        let shapes = [(1, 32, 16, 9, 13), (2, 20, 33, 13, 16), (1, 48, 3, 12, 5), (2, 16, 32, 17, 8)]
        for (index, (batch, inC, outC, h, w)) in shapes.enumerated() {
            let p = problem(batch: batch, inC: inC, outC: outC, h: h, w: w, seed: UInt64(200 + index))
            let result = run(p)
            let what = "batch \(batch), \(inC)->\(outC), \(h)x\(w)"
            assertMatches(result.output, p.output, tolerance: 1e-5, "\(what) output")
            let (dx, dw) = p.gradients
            assertMatches(result.input, dx, tolerance: 1e-5, "\(what) input gradient")
            assertMatches(result.weight, dw, tolerance: 1e-5, "\(what) weight gradient")
        }
    }

    func testSameInputsGiveTheSameBits() {
        // Scratch rows are reused across images and calls: nothing of an earlier call may leak in.
        let first = problem(batch: 3, inC: 3, outC: 16, h: 11, w: 10, seed: 31)
        let other = problem(batch: 3, inC: 3, outC: 16, h: 11, w: 10, seed: 32)
        let a = run(first), _ = run(other), b = run(first)
        XCTAssertEqual(a.output, b.output)
        XCTAssertEqual(a.input, b.input)
        XCTAssertEqual(a.weight, b.weight)
    }

    func testChunksGiveTheSameResultAsOneChunk() {
        // Chunks of one image each against the whole batch at once: the same tiles in a different
        // layout, so the same sums up to the order of the weight gradient's additions.
        let p = problem(batch: 5, inC: 3, outC: 4, h: 9, w: 6, seed: 7)
        let whole = run(p, tilesPerChunk: 10_000), single = run(p, tilesPerChunk: 1)
        XCTAssertEqual(whole.output, single.output)
        XCTAssertEqual(whole.input, single.input)
        let (_, dw) = p.gradients
        assertMatches(single.weight, dw, tolerance: 1e-5, "weight gradient in chunks of one image")
    }

    func testReproducibleModeKeepsIm2col() {
        XCTAssertEqual(ConvolutionAlgorithm.preferred(environment: [:]), .winograd)
        XCTAssertEqual(ConvolutionAlgorithm.preferred(environment: [ReproducibleMode.variable: "1"]), .im2col)
        // The override cannot switch reproducible mode to another algorithm.
        XCTAssertEqual(ConvolutionAlgorithm.preferred(environment: [ReproducibleMode.variable: "1",
                                                                    ConvolutionAlgorithm.overrideVariable: "winograd"]), .im2col)
        XCTAssertEqual(ConvolutionAlgorithm.preferred(environment: [ConvolutionAlgorithm.overrideVariable: "im2col"]), .im2col)
        // The environment Swift passes to `train --reproducible`'s second process selects im2col.
        XCTAssertEqual(ConvolutionAlgorithm.preferred(environment: ReproducibleMode.processEnvironment()), .im2col)
    }
}
