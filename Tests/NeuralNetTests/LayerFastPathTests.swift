import XCTest
import NeuralNet
import TensorCore

/// The specialised paths (input gradients of stride-1 convolutions computed as a convolution, the
/// SIMD 2x2 max-pool) against plain loops written from the definitions, plus finite differences.
final class LayerFastPathTests: XCTestCase {
    /// `dx[n, ci, y, x] = sum over co, ky, kx of dy[n, co, oy, ox] * w[co, ci, ky, kx]` where
    /// `y = oy * stride - padding + ky`, `x = ox * stride - padding + kx`.
    private func referenceInputGradient(_ conv: Conv2d, inputShape s: [Int], outputGradient dy: Tensor) -> Tensor {
        var dx = Tensor(shape: s)
        let k = conv.kernelSize, oh = dy.shape[2], ow = dy.shape[3]
        for n in 0..<s[0] {
            for co in 0..<conv.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        for ci in 0..<conv.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let y = oy * conv.stride - conv.padding + ky, x = ox * conv.stride - conv.padding + kx
                                    guard y >= 0 && y < s[2] && x >= 0 && x < s[3] else { continue }
                                    dx[n, ci, y, x] += dy[n, co, oy, ox] * conv.weight.value[co, ci, ky, kx]
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx
    }

    func testConvolutionInputGradientMatchesTheDefinition() {
        let cases: [(inC: Int, outC: Int, k: Int, stride: Int, pad: Int, h: Int, w: Int)] = [
            (3, 4, 3, 1, 1, 6, 5), (2, 3, 3, 1, 2, 4, 7), (2, 2, 2, 1, 0, 5, 5), (1, 3, 5, 1, 1, 7, 9),
            (2, 3, 3, 2, 1, 7, 6),
        ]
        for (index, c) in cases.enumerated() {
            var rng = RandomGenerator(seed: UInt64(30 + index))
            let conv = Conv2d(c.inC, c.outC, kernelSize: c.k, stride: c.stride, padding: c.pad, rng: &rng)
            let x = randomTensor([2, c.inC, c.h, c.w], seed: UInt64(40 + index))
            var context = ForwardContext(isTraining: true)
            let y = conv.forward(x, context: &context)
            let dy = randomTensor(y.shape, seed: UInt64(50 + index))
            let dx = conv.backward(dy, needsInputGradient: true)
            XCTAssertEqual(dx.shape, x.shape, "case \(index)")
            assertClose(dx.storage, referenceInputGradient(conv, inputShape: x.shape, outputGradient: dy).storage,
                        accuracy: 1e-4)
        }
    }

    func testWeightGradientIsTheSameWithAndWithoutInputGradient() {
        // With an input gradient the weight gradient comes from the output gradient's columns,
        // without one from the input's columns: both must agree, and a frozen weight must not
        // change the input gradient.
        var rng = RandomGenerator(seed: 70)
        let conv = Conv2d(3, 4, kernelSize: 3, padding: 1, rng: &rng)
        let x = randomTensor([3, 3, 6, 5], seed: 71), dy = randomTensor([3, 4, 6, 5], seed: 72)
        var context = ForwardContext(isTraining: true)
        func gradients(needsInputGradient: Bool) -> (weight: Tensor, bias: Tensor, input: Tensor) {
            for p in conv.parameters { p.gradient.zero() }
            _ = conv.forward(x, context: &context)
            let dx = conv.backward(dy, needsInputGradient: needsInputGradient)
            return (conv.weight.gradient, conv.bias!.gradient, dx)
        }
        let with = gradients(needsInputGradient: true), without = gradients(needsInputGradient: false)
        assertClose(with.weight.storage, without.weight.storage, accuracy: 1e-4)
        XCTAssertEqual(with.bias, without.bias)
        XCTAssertEqual(without.input.count, 0)
        conv.weight.isFrozen = true
        let frozen = gradients(needsInputGradient: true)
        XCTAssertEqual(frozen.input, with.input)
        XCTAssertEqual(frozen.weight, Tensor(shape: [4, 3, 3, 3]))
    }

    func testConvolutionGradientsWithWidePaddingAndLargeKernel() {
        var rng = RandomGenerator(seed: 60)
        checkGradients(of: Conv2d(2, 3, kernelSize: 3, padding: 2, rng: &rng), input: randomTensor([2, 2, 4, 5], seed: 61))
        checkGradients(of: Conv2d(2, 2, kernelSize: 5, padding: 1, rng: &rng), input: randomTensor([1, 2, 6, 7], seed: 62))
    }

    func testTwoByTwoMaxPoolMatchesTheDefinitionOnWideOddPlanes() {
        // Width 19 gives 9 windows per row: two SIMD steps of four and one scalar window.
        let x = randomTensor([2, 3, 7, 19], seed: 63)
        let pool = MaxPool2d(kernelSize: 2)
        var context = ForwardContext(isTraining: true)
        let y = pool.forward(x, context: &context)
        XCTAssertEqual(y.shape, [2, 3, 3, 9])
        let dy = randomTensor(y.shape, seed: 64)
        let dx = pool.backward(dy, needsInputGradient: true)
        var expectedY = Tensor(shape: y.shape), expectedDx = Tensor(shape: x.shape)
        for n in 0..<2 {
            for c in 0..<3 {
                for oy in 0..<3 {
                    for ox in 0..<9 {
                        var best = (2 * oy, 2 * ox)
                        for (dy0, dx0) in [(0, 1), (1, 0), (1, 1)]
                        where x[n, c, 2 * oy + dy0, 2 * ox + dx0] > x[n, c, best.0, best.1] {
                            best = (2 * oy + dy0, 2 * ox + dx0)
                        }
                        expectedY[n, c, oy, ox] = x[n, c, best.0, best.1]
                        expectedDx[n, c, best.0, best.1] = dy[n, c, oy, ox]
                    }
                }
            }
        }
        XCTAssertEqual(y, expectedY)
        XCTAssertEqual(dx, expectedDx)
    }

    func testTwoByTwoMaxPoolSendsTiesToTheFirstInputOfTheWindow() {
        let x = Tensor(shape: [1, 1, 2, 8], repeating: 0.5)
        let pool = MaxPool2d(kernelSize: 2)
        var context = ForwardContext(isTraining: true)
        _ = pool.forward(x, context: &context)
        let dx = pool.backward(Tensor(shape: [1, 1, 1, 4], repeating: 1), needsInputGradient: true)
        XCTAssertEqual(dx.storage, [1, 0, 1, 0, 1, 0, 1, 0] + [Float](repeating: 0, count: 8))
    }

    func testTwoByTwoMaxPoolGradientOnWidePlanes() {
        var values = (0..<(2 * 9 * 10)).map { Float($0) * 0.1 }
        var rng = RandomGenerator(seed: 65)
        rng.shuffle(&values)
        checkGradients(of: MaxPool2d(kernelSize: 2), input: Tensor(shape: [1, 2, 9, 10], storage: values))
    }

    func testFusedReLUAndMaxPoolInASequentialEqualTheLayersOneByOne() {
        var rng = RandomGenerator(seed: 80)
        let conv = Conv2d(2, 3, kernelSize: 3, padding: 1, rng: &rng), relu = ReLU(), pool = MaxPool2d(kernelSize: 2)
        let flatten = Flatten(), linear = Linear(3 * 3 * 4, 2, rng: &rng)
        let layers: [any Layer] = [conv, relu, pool, flatten, linear]
        let model = Sequential(layers)
        let x = randomTensor([2, 2, 7, 9], seed: 81), dy = randomTensor([2, 2], seed: 82)
        func run(fused: Bool) -> (output: Tensor, input: Tensor, gradients: [Tensor]) {
            for p in model.parameters { p.gradient.zero() }
            var context = ForwardContext(isTraining: true)
            var y = x, dx = dy
            if fused {
                y = model.forward(x, context: &context)
                dx = model.backward(dy, needsInputGradient: true)
            } else {
                for layer in layers { y = layer.forward(y, context: &context) }
                for layer in layers.reversed() { dx = layer.backward(dx, needsInputGradient: true) }
            }
            return (y, dx, model.parameters.map(\.gradient))
        }
        let separate = run(fused: false), fused = run(fused: true)
        XCTAssertEqual(fused.output, separate.output)
        XCTAssertEqual(fused.input, separate.input)
        XCTAssertEqual(fused.gradients, separate.gradients)
        XCTAssertTrue(separate.output.storage.contains { $0 != 0 }, "the check needs a live path")
    }

    func testFusedReLUAndMaxPoolGradient() {
        // A shuffled ramp around zero, its values 0.1 apart: no window maximum near a kink.
        var values = (0..<(2 * 8 * 10)).map { Float($0) * 0.1 - 8.05 }
        var rng = RandomGenerator(seed: 83)
        rng.shuffle(&values)
        checkGradients(of: Sequential([ReLU(), MaxPool2d(kernelSize: 2)]), input: Tensor(shape: [1, 2, 8, 10], storage: values))
        checkGradients(of: Sequential([ReLU(), MaxPool2d(kernelSize: 3, stride: 2)]),
                       input: Tensor(shape: [1, 2, 8, 10], storage: values))
    }

    func testFusedPoolingOfNonPositiveWindowsPassesNoGradient() {
        let model = Sequential([ReLU(), MaxPool2d(kernelSize: 2)])
        var x = Tensor(shape: [1, 1, 2, 10], repeating: -1)
        x[0, 0, 1, 1] = 2
        x[0, 0, 0, 9] = -0.5
        var context = ForwardContext(isTraining: true)
        XCTAssertEqual(model.forward(x, context: &context).storage, [2, 0, 0, 0, 0])
        let dx = model.backward(Tensor(shape: [1, 1, 1, 5], repeating: 3), needsInputGradient: true)
        var expected = Tensor(shape: [1, 1, 2, 10])
        expected[0, 0, 1, 1] = 3
        XCTAssertEqual(dx, expected)
    }
}
