import XCTest
@testable import NeuralNet
import TensorCore

/// `BatchNorm` on the C loops (`FastNormalizationKernels`, both builds) against the Swift reference
/// loops, finite differences of the fast path, accuracy of its one-pass statistics, and the
/// process-level choice (reproducible mode keeps the reference loops).
///
/// The fast loops sum in another order (and the AVX-512 build fuses multiply-adds), so results
/// agree within a few float ulps of the values' scale, not bit for bit.
final class BatchNormFastKernelTests: XCTestCase {
    /// The fast builds; on a processor without AVX-512 `.avx512` runs the baseline build too.
    private let fastBuilds: [NormalizationAlgorithm] = [.avx512, .baseline]

    /// Shapes with planes of 1024 values (as in the resnet's first stage), 8x8, odd 7x5 (every
    /// plane at another alignment, partial vectors at both ends), 1x1, and rank-2 (BatchNorm1d).
    private let shapes: [[Int]] = [[3, 4, 32, 32], [4, 3, 8, 8], [5, 3, 7, 5], [6, 2, 1, 1], [2, 3, 3, 1], [7, 5]]

    /// A layer for `shape` (BatchNorm1d for rank 2) running `algorithm`, with parameters and
    /// running statistics from `seed` (the same for every algorithm).
    private func norm(for shape: [Int], algorithm: NormalizationAlgorithm, seed: UInt64) -> BatchNorm {
        let c = shape[1]
        let layer: BatchNorm = shape.count == 2 ? BatchNorm1d(c) : BatchNorm2d(c)
        layer.algorithm = algorithm
        layer.weight.value = randomTensor([c], seed: seed, scale: 1.5)
        layer.bias.value = randomTensor([c], seed: seed + 1, scale: 0.5)
        layer.runningMean.value = randomTensor([c], seed: seed + 2, scale: 0.3)
        layer.runningVariance.value = Tensor(shape: [c], storage: randomTensor([c], seed: seed + 3).storage.map { 1 + 0.5 * $0 })
        return layer
    }

    /// Asserts `a` and `b` agree within `tolerance` times the larger of 1 and the value.
    private func assertNear(_ a: Tensor, _ b: Tensor, _ tolerance: Float, _ what: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        for i in 0..<min(a.count, b.count) where abs(a.storage[i] - b.storage[i]) > tolerance * max(1, abs(b.storage[i])) {
            XCTFail("\(what) [\(i)]: \(a.storage[i]) vs reference \(b.storage[i])", file: file, line: line)
            return
        }
    }

    /// One forward and backward of each layer on the same data; the passes' results and the
    /// parameters' gradients and running statistics agree.
    private func compare(shape: [Int], training: Bool, rectified: Bool, residual: Bool, needsInputGradient: Bool,
                         fast algorithm: NormalizationAlgorithm, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        let what = "\(algorithm) \(shape) training \(training) rectified \(rectified) residual \(residual) dx \(needsInputGradient)"
        let reference = norm(for: shape, algorithm: .reference, seed: seed)
        let fast = norm(for: shape, algorithm: algorithm, seed: seed)
        // An offset mean and spread per channel, as a convolution's output has.
        var x = randomTensor(shape, seed: seed + 10, scale: 2)
        for i in 0..<x.count { x.storage[i] += 0.7 }
        let shortcut = residual ? randomTensor(shape, seed: seed + 11) : nil
        let dy = randomTensor(shape, seed: seed + 12)
        var outputs: [Tensor] = []
        for layer in [reference, fast] {
            var context = ForwardContext(isTraining: training)
            outputs.append(layer.forward(x, context: &context, rectified: rectified, adding: shortcut))
        }
        assertNear(outputs[1], outputs[0], 2e-5, "\(what): output", file: file, line: line)
        if rectified {
            XCTAssertTrue(outputs[0].storage.contains(0) && outputs[0].storage.contains { $0 > 0 }, what, file: file, line: line)
            XCTAssertEqual(fast.positive, reference.positive, "\(what): rectifier bits", file: file, line: line)
        }
        assertNear(fast.runningMean.value, reference.runningMean.value, 1e-6, "\(what): running mean", file: file, line: line)
        assertNear(fast.runningVariance.value, reference.runningVariance.value, 1e-6, "\(what): running variance",
                   file: file, line: line)
        XCTAssertEqual(fast.batchesTracked.value, reference.batchesTracked.value, what, file: file, line: line)

        let referenceDx = reference.backward(dy, needsInputGradient: needsInputGradient)
        let fastDx = fast.backward(dy, needsInputGradient: needsInputGradient)
        if needsInputGradient {
            assertNear(fastDx, referenceDx, 5e-5, "\(what): input gradient", file: file, line: line)
        } else {
            XCTAssertEqual(fastDx.count, 0, what, file: file, line: line)
        }
        if residual {
            XCTAssertEqual(fast.gatedGradient, reference.gatedGradient, "\(what): gated gradient", file: file, line: line)
        }
        assertNear(fast.weight.gradient, reference.weight.gradient, 5e-5, "\(what): weight gradient", file: file, line: line)
        assertNear(fast.bias.gradient, reference.bias.gradient, 5e-5, "\(what): bias gradient", file: file, line: line)
    }

    func testForwardAndBackwardMatchTheReferenceInTraining() {
        for algorithm in fastBuilds {
            for (index, shape) in shapes.enumerated() {
                for rectified in [false, true] {
                    for residual in [false, true] {
                        compare(shape: shape, training: true, rectified: rectified, residual: residual,
                                needsInputGradient: true, fast: algorithm, seed: UInt64(100 + 20 * index))
                    }
                }
            }
        }
    }

    func testForwardAndBackwardMatchTheReferenceInEvaluation() {
        for algorithm in fastBuilds {
            for (index, shape) in shapes.enumerated() {
                for rectified in [false, true] {
                    for residual in [false, true] {
                        compare(shape: shape, training: false, rectified: rectified, residual: residual,
                                needsInputGradient: true, fast: algorithm, seed: UInt64(300 + 20 * index))
                    }
                }
            }
        }
    }

    func testBackwardWithoutInputGradientStillGatesTheResidualGradient() {
        for algorithm in fastBuilds {
            for (index, shape) in shapes.enumerated() {
                for training in [true, false] {
                    for rectified in [false, true] {
                        for residual in [false, true] {
                            compare(shape: shape, training: training, rectified: rectified, residual: residual,
                                    needsInputGradient: false, fast: algorithm, seed: UInt64(500 + 20 * index))
                        }
                    }
                }
            }
        }
    }

    func testRepeatedStepsKeepMatching() {
        // Buffers are reused from step to step (rectifier bits, gated gradient): a second step
        // with other data must not see the first's.
        for algorithm in fastBuilds {
            let reference = norm(for: [3, 2, 7, 5], algorithm: .reference, seed: 700)
            let fast = norm(for: [3, 2, 7, 5], algorithm: algorithm, seed: 700)
            for step in 0..<3 {
                let x = randomTensor([3, 2, 7, 5], seed: UInt64(710 + step), scale: 3)
                let shortcut = randomTensor([3, 2, 7, 5], seed: UInt64(720 + step))
                let dy = randomTensor([3, 2, 7, 5], seed: UInt64(730 + step))
                var a = ForwardContext(isTraining: true), b = ForwardContext(isTraining: true)
                let residual: Tensor? = step == 1 ? nil : shortcut
                let y0 = reference.forward(x, context: &a, rectified: step != 2, adding: residual)
                let y1 = fast.forward(x, context: &b, rectified: step != 2, adding: residual)
                assertNear(y1, y0, 2e-5, "\(algorithm) step \(step): output")
                let dx0 = reference.backward(dy, needsInputGradient: true), dx1 = fast.backward(dy, needsInputGradient: true)
                assertNear(dx1, dx0, 5e-5, "\(algorithm) step \(step): input gradient")
            }
            assertNear(fast.runningVariance.value, reference.runningVariance.value, 1e-6, "\(algorithm): running variance")
            assertNear(fast.weight.gradient, reference.weight.gradient, 1e-4, "\(algorithm): accumulated weight gradient")
        }
    }

    func testStatisticsStayAccurateWhenTheMeanDwarfsTheSpread() {
        // Values 1000 + 0.01 u: a one-pass sum of squares in float would lose the variance
        // entirely (it is 1e-10 of the mean's square); the shifted sums keep it as well as the
        // reference's two passes do. Momentum 1 makes the running statistics the batch's.
        let shape = [4, 2, 9, 13]
        var x = randomTensor(shape, seed: 800, scale: 0.01)
        for i in 0..<x.count { x.storage[i] += 1000 }
        let n = shape[0], c = shape[1], spatial = shape[2] * shape[3], m = Double(n * spatial)
        for algorithm in [NormalizationAlgorithm.reference] + fastBuilds {
            let layer = BatchNorm2d(c, momentum: 1)
            layer.algorithm = algorithm
            var context = ForwardContext(isTraining: true)
            _ = layer.forward(x, context: &context)
            for ch in 0..<c {
                var sum = 0.0
                for i in 0..<n { for j in 0..<spatial { sum += Double(x.storage[(i * c + ch) * spatial + j]) } }
                let mean = sum / m
                var squares = 0.0
                for i in 0..<n {
                    for j in 0..<spatial { let d = Double(x.storage[(i * c + ch) * spatial + j]) - mean; squares += d * d }
                }
                let variance = squares / (m - 1)
                let error = abs(Double(layer.runningVariance.value.storage[ch]) - variance) / variance
                XCTAssertLessThan(error, 1e-3, "\(algorithm) channel \(ch): variance \(layer.runningVariance.value.storage[ch]) vs \(variance)")
                XCTAssertEqual(Double(layer.runningMean.value.storage[ch]), mean, accuracy: 1e-4, "\(algorithm) channel \(ch)")
            }
        }
    }

    func testResultsDoNotDependOnWhereTheBuffersLie() {
        // The same values at 16 offsets within a buffer (every alignment to a 64-byte line): the
        // sums, the normalised values and the input gradient must be bit-identical, or runs with
        // the same seed would differ with the heap's layout.
        let planes = 3, count = 75, stride = 80
        let values = randomTensor([planes * stride], seed: 980, scale: 3).storage
        let gradient = randomTensor([planes * stride], seed: 981).storage
        for algorithm in fastBuilds {
            let wide = algorithm == .avx512
            var results: [[UInt32]] = []
            for offset in 0..<16 {
                var x = [Float](repeating: 0, count: planes * stride + 16), dy = x
                x.replaceSubrange(offset..<(offset + values.count), with: values)
                dy.replaceSubrange(offset..<(offset + gradient.count), with: gradient)
                var y = [Float](repeating: 0, count: x.count), dx = y
                var mask = [UInt8](repeating: 0, count: planes * 10)
                var bits: [UInt32] = []
                x.withUnsafeBufferPointer { xs in
                dy.withUnsafeBufferPointer { gs in
                y.withUnsafeMutableBufferPointer { ys in
                dx.withUnsafeMutableBufferPointer { dxs in
                mask.withUnsafeMutableBufferPointer { ms in
                    let x0 = xs.baseAddress! + offset, g0 = gs.baseAddress! + offset
                    let moments = FastNormalizationKernels.statistics(x0, planes: planes, planeStride: stride, count: count,
                                                                      avx512: wide)
                    FastNormalizationKernels.normalize(x0, residual: g0, mask: ms.baseAddress!, maskStride: 10,
                                                       output: ys.baseAddress! + offset, planes: planes, planeStride: stride,
                                                       count: count, mean: Float(moments.mean), scale: 0.7, shift: 0.1,
                                                       avx512: wide)
                    let sums = FastNormalizationKernels.gradientSums(g0, gate: ms.baseAddress!, gateStride: 10, x: x0,
                                                                     planes: planes, planeStride: stride, count: count,
                                                                     mean: Float(moments.mean), avx512: wide)
                    FastNormalizationKernels.inputGradient(g0, gate: ms.baseAddress!, gateStride: 10, gated: nil, x: x0,
                                                           inputGradient: dxs.baseAddress! + offset, planes: planes,
                                                           planeStride: stride, count: count, mean: Float(moments.mean),
                                                           a: 0.9, b: -0.3, c: 0.05, avx512: wide)
                    for value in [moments.mean, moments.squares, sums.gradient, sums.centeredProduct] {
                        bits.append(UInt32(truncatingIfNeeded: value.bitPattern))
                        bits.append(UInt32(truncatingIfNeeded: value.bitPattern >> 32))
                    }
                }}}}}
                bits += y[offset..<(offset + values.count)].map(\.bitPattern) + dx[offset..<(offset + values.count)].map(\.bitPattern)
                bits += mask.map(UInt32.init)
                results.append(bits)
            }
            for offset in 1..<16 { XCTAssertEqual(results[offset], results[0], "\(algorithm), offset \(offset)") }
        }
    }

    func testFastPathGradientsMatchFiniteDifferences() {
        for algorithm in fastBuilds {
            let plain = BatchNorm2d(2)
            plain.algorithm = algorithm
            plain.weight.value = Tensor(shape: [2], storage: [1.5, -0.5])
            plain.bias.value = Tensor(shape: [2], storage: [0.2, 0.1])
            checkGradients(of: plain, input: randomTensor([3, 2, 5, 7], seed: 900, scale: 2), tolerance: 2e-2)
            let rectified = BatchNorm2d(2)
            rectified.algorithm = algorithm
            rectified.bias.value = Tensor(shape: [2], storage: [0.3, -0.2])
            checkGradients(of: Sequential([rectified, ReLU()]), input: randomTensor([3, 2, 4, 5], seed: 901, scale: 2),
                           tolerance: 2e-2, kinkFraction: 0.03)
            let features = BatchNorm1d(3)
            features.algorithm = algorithm
            checkGradients(of: features, input: randomTensor([6, 3], seed: 902), tolerance: 2e-2)
            checkGradients(of: features, input: randomTensor([6, 3], seed: 903), context: ForwardContext(isTraining: false),
                           tolerance: 2e-2)
            var rng = RandomGenerator(seed: 904)
            let block = ResidualBlock(2, 2, rng: &rng)
            for layer in [block.bn1, block.bn2] {
                layer.algorithm = algorithm
                layer.weight.value = randomTensor([2], seed: 905, scale: 1.5)
                layer.bias.value = randomTensor([2], seed: 906)
            }
            checkGradients(of: block, input: randomTensor([3, 2, 4, 4], seed: 907), epsilon: 1e-3, tolerance: 2e-2,
                           kinkFraction: 0.03)
        }
    }

    func testReproducibleModeKeepsTheReferenceLoops() {
        let reproducible = NormalizationAlgorithm.preferred(environment: ["LRLAB_REPRODUCIBLE": "1"], hasAVX512: true)
        XCTAssertEqual(reproducible, .reference)
        XCTAssertEqual(NormalizationAlgorithm.preferred(environment: ["LRLAB_REPRODUCIBLE": "1", "LRLAB_NORMALIZATION": "fast",
                                                                      "LRLAB_NORMALIZATION_BASELINE": "1"], hasAVX512: true),
                       .reference)
        XCTAssertEqual(NormalizationAlgorithm.preferred(environment: [:], hasAVX512: true), .avx512)
        XCTAssertEqual(NormalizationAlgorithm.preferred(environment: [:], hasAVX512: false), .baseline)
        XCTAssertEqual(NormalizationAlgorithm.preferred(environment: ["LRLAB_NORMALIZATION_BASELINE": "1"], hasAVX512: true),
                       .baseline)
        XCTAssertEqual(NormalizationAlgorithm.preferred(environment: ["LRLAB_NORMALIZATION": "reference"], hasAVX512: true),
                       .reference)
        XCTAssertEqual(NormalizationAlgorithm.preferred(environment: ["LRLAB_NORMALIZATION": "fast"], hasAVX512: true), .avx512)
        XCTAssertEqual(NormalizationAlgorithm.reference.description, "reference")
        XCTAssertEqual(NormalizationAlgorithm.baseline.description, "fast, baseline")
        // Every layer takes the process's choice.
        XCTAssertEqual(BatchNorm2d(3).algorithm, NormalizationAlgorithm.processDefault)
        XCTAssertEqual(BatchNorm1d(3).algorithm, NormalizationAlgorithm.processDefault)
        let expected = NormalizationAlgorithm.preferred(environment: ProcessInfo.processInfo.environment)
        XCTAssertEqual(NormalizationAlgorithm.processDefault, expected)
        XCTAssertEqual(MachineEnvironment.current.normalization, expected.description)
    }

    func testReferenceLoopsAreTheExistingSwiftKernels() {
        // The reference algorithm must be the unchanged Swift arithmetic: its output equals, bit
        // for bit, a normalisation written with NormalizationKernels directly.
        let x = randomTensor([2, 2, 5, 3], seed: 950, scale: 2)
        let layer = BatchNorm2d(2)
        layer.algorithm = .reference
        var context = ForwardContext(isTraining: true)
        let y = layer.forward(x, context: &context)
        let spatial = 15
        for ch in 0..<2 {
            var sum = 0.0
            x.storage.withUnsafeBufferPointer { xs in
                for i in 0..<2 { sum += Double(VectorKernels.sum(xs.baseAddress! + (i * 2 + ch) * spatial, count: spatial)) }
            }
            let mu = Float(sum / 30)
            var squares = 0.0
            x.storage.withUnsafeBufferPointer { xs in
                for i in 0..<2 {
                    squares += Double(NormalizationKernels.centeredSquares(xs.baseAddress! + (i * 2 + ch) * spatial, mean: mu,
                                                                          count: spatial))
                }
            }
            let scale = Float(1 / (squares / 30 + Double(layer.epsilon)).squareRoot())
            var expected = [Float](repeating: 0, count: spatial)
            for i in 0..<2 {
                x.storage.withUnsafeBufferPointer { xs in
                    expected.withUnsafeMutableBufferPointer { out in
                        NormalizationKernels.normalize(xs.baseAddress! + (i * 2 + ch) * spatial, mean: mu, scale: scale, shift: 0,
                                                       residual: nil, mask: nil, output: out.baseAddress!, count: spatial)
                    }
                }
                XCTAssertEqual(Array(y.storage[((i * 2 + ch) * spatial)..<((i * 2 + ch + 1) * spatial)]), expected)
            }
        }
        // Backward: the sums and the input gradient of NormalizationKernels, as the reference loops run them.
        let dy = randomTensor([2, 2, 5, 3], seed: 951)
        let mean = layer.mean, inverseStd = layer.inverseStd
        let dx = layer.backward(dy, needsInputGradient: true)
        for ch in 0..<2 {
            var sumG = 0.0, sumGX = 0.0
            dy.storage.withUnsafeBufferPointer { g in
                x.storage.withUnsafeBufferPointer { xs in
                    for i in 0..<2 {
                        let offset = (i * 2 + ch) * spatial
                        let sums = NormalizationKernels.gradientSums(g.baseAddress! + offset, gate: nil, gated: nil,
                                                                     x: xs.baseAddress! + offset, mean: mean[ch], count: spatial)
                        sumG += Double(sums.gradient)
                        sumGX += Double(sums.centeredProduct)
                    }
                }
            }
            let sumGXhat = sumGX * Double(inverseStd[ch])
            XCTAssertEqual(layer.weight.gradient.storage[ch], Float(sumGXhat))
            XCTAssertEqual(layer.bias.gradient.storage[ch], Float(sumG))
            let a = inverseStd[ch], b = -a * inverseStd[ch] * Float(sumGXhat / 30), shift = -a * Float(sumG / 30)
            var expected = [Float](repeating: 0, count: spatial)
            for i in 0..<2 {
                let offset = (i * 2 + ch) * spatial
                dy.storage.withUnsafeBufferPointer { g in
                    x.storage.withUnsafeBufferPointer { xs in
                        expected.withUnsafeMutableBufferPointer { out in
                            NormalizationKernels.inputGradient(g.baseAddress! + offset, gate: nil, x: xs.baseAddress! + offset,
                                                               mean: mean[ch], centered: true, a: a, b: b, c: shift,
                                                               inputGradient: out.baseAddress!, count: spatial)
                        }
                    }
                }
                XCTAssertEqual(Array(dx.storage[offset..<(offset + spatial)]), expected, "input gradient, channel \(ch)")
            }
        }
    }
}
