import XCTest
@testable import NeuralNet
import TensorCore

/// Convolutions, mostly strided (the gathering im2col and the scattering col2im), against loops
/// written from the definition, for outputs and both gradients.
final class StridedConvolutionTests: XCTestCase {
    /// `y[n, co, oy, ox] = b[co] + sum over ci, ky, kx of x[n, ci, oy s - p + ky, ox s - p + kx] w[co, ci, ky, kx]`.
    /// The flat index of `[a, b, c, d]` in a tensor of `shape` (the variadic subscript is too slow here).
    private func at(_ shape: [Int], _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int {
        ((a * shape[1] + b) * shape[2] + c) * shape[3] + d
    }

    private func referenceOutput(_ conv: Conv2d, _ x: Tensor) -> Tensor {
        let k = conv.kernelSize, s = conv.stride, p = conv.padding
        let oh = (x.shape[2] + 2 * p - k) / s + 1, ow = (x.shape[3] + 2 * p - k) / s + 1
        var y = Tensor(shape: [x.shape[0], conv.outChannels, oh, ow])
        let w = conv.weight.value.storage, ws = conv.weight.value.shape
        for n in 0..<x.shape[0] {
            for co in 0..<conv.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var sum = conv.bias?.value.storage[co] ?? 0
                        for ci in 0..<conv.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s - p + ky, ix = ox * s - p + kx
                                    guard iy >= 0 && iy < x.shape[2] && ix >= 0 && ix < x.shape[3] else { continue }
                                    sum += x.storage[at(x.shape, n, ci, iy, ix)] * w[at(ws, co, ci, ky, kx)]
                                }
                            }
                        }
                        y.storage[at(y.shape, n, co, oy, ox)] = sum
                    }
                }
            }
        }
        return y
    }

    /// The input gradient scattered from the definition, and the weight gradient gathered from it.
    private func referenceGradients(_ conv: Conv2d, _ x: Tensor, _ dy: Tensor) -> (input: Tensor, weight: Tensor) {
        let k = conv.kernelSize, s = conv.stride, p = conv.padding
        var dx = Tensor(shape: x.shape), dw = Tensor(shape: conv.weight.value.shape)
        let w = conv.weight.value.storage, ws = conv.weight.value.shape
        for n in 0..<x.shape[0] {
            for co in 0..<conv.outChannels {
                for oy in 0..<dy.shape[2] {
                    for ox in 0..<dy.shape[3] {
                        for ci in 0..<conv.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s - p + ky, ix = ox * s - p + kx
                                    guard iy >= 0 && iy < x.shape[2] && ix >= 0 && ix < x.shape[3] else { continue }
                                    let g = dy.storage[at(dy.shape, n, co, oy, ox)]
                                    dx.storage[at(x.shape, n, ci, iy, ix)] += g * w[at(ws, co, ci, ky, kx)]
                                    dw.storage[at(ws, co, ci, ky, kx)] += g * x.storage[at(x.shape, n, ci, iy, ix)]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw)
    }

    func testStridedConvolutionsMatchTheDefinition() {
        let cases: [(inC: Int, outC: Int, k: Int, stride: Int, pad: Int, h: Int, w: Int)] = [
            (3, 4, 3, 2, 1, 9, 20), (2, 3, 3, 2, 1, 8, 37), (3, 2, 1, 2, 0, 7, 33), (2, 2, 3, 3, 1, 10, 29),
            (1, 2, 5, 2, 2, 9, 18), (2, 2, 3, 2, 0, 7, 19),
            // Stride 1, and 64 channels, where the weight-gradient product is not transposed.
            (3, 4, 3, 1, 1, 6, 7), (64, 64, 3, 1, 1, 3, 4), (64, 64, 3, 2, 1, 4, 5),
        ]
        for (index, c) in cases.enumerated() {
            var rng = RandomGenerator(seed: UInt64(60 + index))
            let conv = Conv2d(c.inC, c.outC, kernelSize: c.k, stride: c.stride, padding: c.pad, bias: index % 2 == 0, rng: &rng)
            let x = randomTensor([2, c.inC, c.h, c.w], seed: UInt64(70 + index))
            var context = ForwardContext(isTraining: true)
            let y = conv.forward(x, context: &context)
            let expected = referenceOutput(conv, x)
            XCTAssertEqual(y.shape, expected.shape, "case \(index)")
            assertClose(y.storage, expected.storage, accuracy: 1e-4)
            let dy = randomTensor(y.shape, seed: UInt64(80 + index))
            conv.weight.gradient.zero()
            let dx = conv.backward(dy, needsInputGradient: true)
            let reference = referenceGradients(conv, x, dy)
            assertClose(dx.storage, reference.input.storage, accuracy: 1e-4)
            assertClose(conv.weight.gradient.storage, reference.weight.storage, accuracy: 1e-3)
        }
    }

    /// The largest difference of `a` and `b` relative to the largest magnitude in `b`.
    private func relativeDifference(_ a: [Float], _ b: [Float]) -> Float {
        let scale = b.map(abs).max() ?? 0
        return (zip(a, b).map { abs($0 - $1) }.max() ?? 0) / max(scale, .leastNormalMagnitude)
    }

    /// One pass of `conv` on `x` with `algorithm`: the output, the input gradient and the weight
    /// gradient for the output gradient `dy` (made from `seed` when nil).
    private func passes(_ conv: Conv2d, _ x: Tensor, algorithm: ConvolutionAlgorithm, seed: UInt64)
        -> (output: Tensor, input: Tensor, weight: Tensor) {
        conv.algorithm = algorithm
        var context = ForwardContext(isTraining: true)
        let y = conv.forward(x, context: &context)
        let dy = randomTensor(y.shape, seed: seed)
        conv.weight.gradient.zero()
        conv.bias?.gradient.zero()
        let dx = conv.backward(dy, needsInputGradient: true)
        return (y, dx, conv.weight.gradient)
    }

    /// The direct stride-2 kernels (channels-last, AVX-512) against im2col on the same layer: the
    /// resnet's two downsampling shapes, odd sizes, channel counts that fill part of a vector,
    /// more than 64 output channels (two column blocks) and images smaller than a block of pixels.
    func testDirectStrideTwoKernelsMatchIm2col() throws {
        var rng = RandomGenerator(seed: 3)
        let probe = Conv2d(2, 2, kernelSize: 3, stride: 2, padding: 1, rng: &rng)
        guard StridedConvolution.isAvailable else {
            XCTAssertFalse(probe.usesStridedKernels, "without AVX-512 the layer lowers to im2col")
            return
        }
        XCTAssertEqual(probe.algorithm, ConvolutionAlgorithm.processDefault)
        XCTAssertEqual(probe.usesStridedKernels, ConvolutionAlgorithm.processDefault != .im2col)
        let cases: [(inC: Int, outC: Int, h: Int, w: Int, batch: Int)] = [
            (16, 32, 32, 32, 2), (32, 64, 16, 16, 2), (3, 5, 7, 9, 3), (20, 80, 6, 5, 1), (1, 17, 2, 2, 2),
            (5, 3, 1, 1, 2), (48, 16, 11, 4, 1),
        ]
        for (index, c) in cases.enumerated() {
            let conv = Conv2d(c.inC, c.outC, kernelSize: 3, stride: 2, padding: 1, bias: index % 2 == 1, rng: &rng)
            let x = randomTensor([c.batch, c.inC, c.h, c.w], seed: UInt64(90 + index))
            let reference = passes(conv, x, algorithm: .im2col, seed: UInt64(100 + index))
            let direct = passes(conv, x, algorithm: .winograd, seed: UInt64(100 + index))
            XCTAssertTrue(conv.usesStridedKernels, "case \(index)")
            XCTAssertEqual(direct.output.shape, reference.output.shape, "case \(index)")
            XCTAssertLessThanOrEqual(relativeDifference(direct.output.storage, reference.output.storage), 1e-5, "output, case \(index)")
            XCTAssertLessThanOrEqual(relativeDifference(direct.input.storage, reference.input.storage), 1e-5, "input gradient, case \(index)")
            XCTAssertLessThanOrEqual(relativeDifference(direct.weight.storage, reference.weight.storage), 1e-5, "weight gradient, case \(index)")
            // The same inputs give the same bits.
            let again = passes(conv, x, algorithm: .winograd, seed: UInt64(100 + index))
            XCTAssertEqual(again.output, direct.output, "case \(index)")
            XCTAssertEqual(again.input, direct.input, "case \(index)")
            XCTAssertEqual(again.weight, direct.weight, "case \(index)")
        }
    }

    /// A frozen layer skips the weight gradient and does not keep its input; the input gradient
    /// is still right, and a layer asked for no input gradient leaves it alone.
    func testDirectStrideTwoKernelsWithAFrozenWeight() throws {
        var rng = RandomGenerator(seed: 4)
        let conv = Conv2d(4, 8, kernelSize: 3, stride: 2, padding: 1, bias: false, rng: &rng)
        try XCTSkipUnless(conv.usesStridedKernels, "the direct kernels need AVX-512 and a process outside reproducible mode")
        let x = randomTensor([2, 4, 9, 10], seed: 5)
        let trainable = passes(conv, x, algorithm: .winograd, seed: 6)
        conv.weight.isFrozen = true
        let frozen = passes(conv, x, algorithm: .winograd, seed: 6)
        XCTAssertEqual(frozen.input, trainable.input)
        XCTAssertTrue(frozen.weight.storage.allSatisfy { $0 == 0 }, "a frozen weight gets no gradient")
    }

    /// Adding the input gradient to a sum (as a residual block does) gives the same bits as
    /// adding the returned gradient: on the direct stride-2 kernels, on Winograd (stride 1, with
    /// a batch of several chunks) and on im2col.
    func testAddingTheInputGradientToASumEqualsAddingItAfterwards() {
        var rng = RandomGenerator(seed: 8)
        for (algorithm, stride) in [(ConvolutionAlgorithm.im2col, 2), (.winograd, 2), (.im2col, 1), (.winograd, 1)] {
            let conv = Conv2d(6, 10, kernelSize: 3, stride: stride, padding: 1, bias: false, rng: &rng)
            conv.algorithm = algorithm
            let x = randomTensor([stride == 1 ? 100 : 2, 6, 9, 8], seed: 9), base = randomTensor(x.shape, seed: 10)
            var context = ForwardContext(isTraining: true)
            let dy = randomTensor(conv.forward(x, context: &context).shape, seed: 11)
            var expected = base
            let gradient = conv.backward(dy, needsInputGradient: true)
            for i in 0..<expected.count { expected.storage[i] += gradient.storage[i] }
            _ = conv.forward(x, context: &context)
            var sum = base
            conv.backward(dy, addingInputGradientTo: &sum)
            XCTAssertEqual(sum, expected, "\(algorithm), stride \(stride), direct kernels: \(conv.usesStridedKernels)")
        }
    }
}
