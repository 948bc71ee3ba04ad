import XCTest
import NeuralNet
import TensorCore

/// Forward values on small hand-computed cases, descriptions and PyTorch's initialisation.
final class LayerForwardTests: XCTestCase {
    func testLinearComputesXWTransposePlusBias() {
        var rng = RandomGenerator(seed: 0)
        let layer = Linear(2, 3, rng: &rng)
        layer.weight.value = Tensor(shape: [3, 2], storage: [1, 2, 3, 4, 5, 6])
        layer.bias.value = Tensor(shape: [3], storage: [0.5, -1, 0])
        var context = ForwardContext(isTraining: false)
        let y = layer.forward(Tensor(shape: [1, 2], storage: [1, -1]), context: &context)
        XCTAssertEqual(y.shape, [1, 3])
        assertClose(y.storage, [-1 + 0.5, -1 - 1, -1])
    }

    func testConvolutionOfAKnownImage() {
        var rng = RandomGenerator(seed: 0)
        let conv = Conv2d(1, 1, kernelSize: 2, padding: 1, rng: &rng)
        conv.weight.value = Tensor(shape: [1, 1, 2, 2], storage: [1, 0, 0, 1])
        conv.bias!.value = Tensor(shape: [1], storage: [10])
        var context = ForwardContext(isTraining: false)
        let y = conv.forward(Tensor(shape: [1, 1, 2, 2], storage: [1, 2, 3, 4]), context: &context)
        XCTAssertEqual(y.shape, [1, 1, 3, 3])
        // Padded input has a zero border; each output adds its top-left and bottom-right inputs.
        assertClose(y.storage, [11, 12, 10, 13, 15, 12, 10, 13, 14])
    }

    func testStridedConvolutionShape() {
        var rng = RandomGenerator(seed: 0)
        let conv = Conv2d(3, 4, kernelSize: 3, stride: 2, padding: 1, rng: &rng)
        var context = ForwardContext(isTraining: false)
        XCTAssertEqual(conv.forward(Tensor(shape: [2, 3, 7, 6]), context: &context).shape, [2, 4, 4, 3])
    }

    func testMaxPoolPicksWindowMaxima() {
        let x = Tensor(shape: [1, 1, 4, 4], storage: [1, 5, 2, 0,
                                                     3, 4, 8, 1,
                                                     0, 0, 1, 1,
                                                     9, 0, 1, 7])
        var context = ForwardContext(isTraining: true)
        let pool = MaxPool2d(kernelSize: 2)
        assertClose(pool.forward(x, context: &context).storage, [5, 8, 9, 7])
        let dx = pool.backward(Tensor(shape: [1, 1, 2, 2], storage: [1, 2, 3, 4]), needsInputGradient: true)
        assertClose(dx.storage, [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4])
    }

    func testMaxPoolGradientLeavesUncoveredInputsAtZeroWhenTheShapeChanges() {
        let pool = MaxPool2d(kernelSize: 2)
        var context = ForwardContext(isTraining: true)
        for shape in [[1, 1, 4, 5], [1, 1, 5, 4]] {
            let x = Tensor(shape: shape, storage: (0..<20).map(Float.init))
            _ = pool.forward(x, context: &context)
            let dx = pool.backward(Tensor(shape: [1, 1, 2, 2], repeating: 1), needsInputGradient: true)
            // The maxima are the bottom-right corners of the windows; nothing else gets gradient.
            let w = shape[3]
            let expected = (0..<20).map { i -> Float in
                let y = i / w, x = i % w
                return y < 4 && x < 4 && y % 2 == 1 && x % 2 == 1 ? 1 : 0
            }
            XCTAssertEqual(dx.storage, expected, "input \(shape)")
        }
    }

    func testReLUAndFlatten() {
        var context = ForwardContext(isTraining: true)
        let y = ReLU().forward(Tensor(shape: [1, 11], storage: [-2, -1, 0, 1, 2, -3, 3, -4, 4, 5, -5]), context: &context)
        assertClose(y.storage, [0, 0, 0, 1, 2, 0, 3, 0, 4, 5, 0])
        XCTAssertEqual(Flatten().forward(Tensor(shape: [2, 3, 4, 5]), context: &context).shape, [2, 60])
    }

    func testDescriptions() {
        var rng = RandomGenerator(seed: 0)
        XCTAssertEqual(Linear(784, 256, rng: &rng).description, "Linear(784, 256)")
        XCTAssertEqual(Conv2d(1, 16, kernelSize: 3, padding: 1, rng: &rng).description, "Conv2d(1, 16, kernel 3, padding 1)")
        XCTAssertEqual(Conv2d(16, 32, kernelSize: 3, stride: 2, rng: &rng).description, "Conv2d(16, 32, kernel 3, stride 2)")
        XCTAssertEqual(MaxPool2d(kernelSize: 2).description, "MaxPool2d(2)")
        XCTAssertEqual(BatchNorm2d(8).description, "BatchNorm2d(8)")
    }

    func testDefaultInitialisationBoundsMatchPyTorch() {
        var rng = RandomGenerator(seed: 1)
        let linear = Linear(400, 50, rng: &rng)
        let bound: Float = 1 / 20
        XCTAssertTrue(linear.weight.value.storage.allSatisfy { abs($0) <= bound })
        XCTAssertTrue(linear.bias.value.storage.allSatisfy { abs($0) <= bound })
        // Uniform on [-b, b]: the extremes come close to the bound and the variance is b^2 / 3.
        XCTAssertGreaterThan(linear.weight.value.storage.max()!, 0.99 * bound)
        let variance = linear.weight.value.storage.reduce(0.0) { $0 + Double($1 * $1) } / Double(linear.weight.value.count)
        XCTAssertEqual(variance, Double(bound * bound) / 3, accuracy: 0.05 * Double(bound * bound) / 3)

        let conv = Conv2d(4, 8, kernelSize: 5, rng: &rng)
        let convBound: Float = 1 / 10  // fan-in 4 * 5 * 5 = 100
        XCTAssertTrue(conv.weight.value.storage.allSatisfy { abs($0) <= convBound })
        XCTAssertGreaterThan(conv.weight.value.storage.max()!, 0.95 * convBound)
        XCTAssertTrue(conv.bias!.value.storage.allSatisfy { abs($0) <= convBound })

        let norm = BatchNorm1d(3)
        XCTAssertEqual(norm.weight.value.storage, [1, 1, 1])
        XCTAssertEqual(norm.bias.value.storage, [0, 0, 0])
    }

    func testSameSeedGivesIdenticalWeights() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        let x = Conv2d(2, 3, kernelSize: 3, rng: &a), y = Conv2d(2, 3, kernelSize: 3, rng: &b)
        let z = Conv2d(2, 3, kernelSize: 3, rng: &c)
        XCTAssertEqual(x.weight.value, y.weight.value)
        XCTAssertEqual(x.bias!.value, y.bias!.value)
        XCTAssertNotEqual(x.weight.value, z.weight.value)
    }

    func testOutputBuffersAreReusedWithoutChangingEarlierResults() {
        var rng = RandomGenerator(seed: 2)
        let layer = Linear(3, 2, rng: &rng)
        var context = ForwardContext(isTraining: true)
        let first = layer.forward(randomTensor([4, 3], seed: 3), context: &context)
        let saved = first.storage
        _ = layer.forward(randomTensor([4, 3], seed: 4), context: &context)
        XCTAssertEqual(first.storage, saved, "a result the caller holds must not change under it")
    }
}
