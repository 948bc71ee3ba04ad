import XCTest
import NeuralNet
import TensorCore

/// Finite-difference checks of the layers residual networks are made of, and of the fused passes
/// against the layers they stand for.
final class ResidualLayerGradientTests: XCTestCase {
    func testGlobalAveragePooling() {
        let pool = GlobalAvgPool2d()
        var context = ForwardContext(isTraining: true)
        let x = randomTensor([2, 3, 4, 5], seed: 1)
        let y = pool.forward(x, context: &context)
        XCTAssertEqual(y.shape, [2, 3])
        XCTAssertEqual(y[1, 2], (0..<4).flatMap { r in (0..<5).map { x[1, 2, r, $0] } }.reduce(0, +) / 20, accuracy: 1e-6)
        checkGradients(of: pool, input: x)
    }

    func testAveragePooling() {
        let x = randomTensor([2, 2, 5, 7], seed: 2)
        let pool = AvgPool2d(kernelSize: 2)
        var context = ForwardContext(isTraining: true)
        let y = pool.forward(x, context: &context)
        XCTAssertEqual(y.shape, [2, 2, 2, 3])
        XCTAssertEqual(y[1, 1, 1, 2], (x[1, 1, 2, 4] + x[1, 1, 2, 5] + x[1, 1, 3, 4] + x[1, 1, 3, 5]) / 4, accuracy: 1e-6)
        checkGradients(of: pool, input: x)
        checkGradients(of: AvgPool2d(kernelSize: 3, stride: 2), input: x)
        checkGradients(of: AvgPool2d(kernelSize: 2, stride: 1), input: x)
    }

    func testConvolutionWithoutBias() {
        var rng = RandomGenerator(seed: 3)
        let conv = Conv2d(2, 3, kernelSize: 3, padding: 1, bias: false, rng: &rng)
        XCTAssertEqual(conv.parameters.map(\.name), ["weight"])
        XCTAssertEqual(conv.description, "Conv2d(2, 3, kernel 3, padding 1, no bias)")
        checkGradients(of: conv, input: randomTensor([2, 2, 5, 4], seed: 4))
    }

    func testStrideTwoProjectionConvolution() {
        var rng = RandomGenerator(seed: 5)
        checkGradients(of: Conv2d(3, 2, kernelSize: 1, stride: 2, bias: false, rng: &rng),
                       input: randomTensor([2, 3, 5, 6], seed: 6))
        // Rows of 19 and 34 values: the input gradient's sixteen-value stores, an odd last value,
        // and (stride 3) the scalar path.
        checkGradients(of: Conv2d(2, 2, kernelSize: 1, stride: 2, bias: false, rng: &rng),
                       input: randomTensor([1, 2, 3, 19], seed: 10))
        checkGradients(of: Conv2d(2, 2, kernelSize: 1, stride: 2, bias: false, rng: &rng),
                       input: randomTensor([1, 2, 2, 34], seed: 11))
        checkGradients(of: Conv2d(2, 2, kernelSize: 1, stride: 3, bias: false, rng: &rng),
                       input: randomTensor([1, 2, 4, 20], seed: 12))
    }

    func testStrideTwoConvolutionOnRowsLongerThanAVector() {
        // Output rows of 10 values take the vector gather, 9 the scalar tail after one vector.
        var rng = RandomGenerator(seed: 7)
        checkGradients(of: Conv2d(1, 2, kernelSize: 3, stride: 2, padding: 1, rng: &rng),
                       input: randomTensor([1, 1, 3, 20], seed: 8))
        checkGradients(of: Conv2d(1, 1, kernelSize: 3, stride: 3, padding: 1, rng: &rng),
                       input: randomTensor([1, 1, 4, 19], seed: 9))
    }

    /// Checks a block whose norms have random scales, shifts and running means; rectifier kinks
    /// inside the block cannot all be avoided, so values with a kink within epsilon are skipped.
    private func checkBlock(_ block: ResidualBlock, input: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        for norm in [block.bn1, block.bn2] + (block.downsample.map { [$0.norm] } ?? []) {
            norm.weight.value = randomTensor(norm.weight.value.shape, seed: 20, scale: 1.5)
            norm.bias.value = randomTensor(norm.bias.value.shape, seed: 21)
        }
        checkGradients(of: block, input: input, epsilon: 1e-3, tolerance: 2e-2, kinkFraction: 0.03, file: file, line: line)
    }

    func testResidualBlockWithIdentityShortcut() {
        var rng = RandomGenerator(seed: 10)
        let block = ResidualBlock(2, 2, rng: &rng)
        XCTAssertNil(block.downsample)
        checkBlock(block, input: randomTensor([3, 2, 4, 4], seed: 11))
    }

    func testResidualBlockWithProjection() {
        var rng = RandomGenerator(seed: 12)
        let block = ResidualBlock(2, 3, stride: 2, rng: &rng)
        XCTAssertEqual(block.downsample?.conv.description, "Conv2d(2, 3, kernel 1, stride 2, no bias)")
        checkBlock(block, input: randomTensor([3, 2, 5, 6], seed: 13))
    }

    func testResidualBlockComputesItsDefinition() {
        // relu(bn2(conv2(relu(bn1(conv1 x)))) + bn(proj x)), each layer called on its own.
        var rng = RandomGenerator(seed: 16)
        let block = ResidualBlock(2, 3, stride: 2, rng: &rng)
        let x = randomTensor([2, 2, 6, 6], seed: 17)
        var context = ForwardContext(isTraining: false)
        block.bn1.runningMean.value = randomTensor([3], seed: 18)
        block.downsample!.norm.weight.value = randomTensor([3], seed: 19)
        let y = block.forward(x, context: &context)
        let relu = ReLU()
        let main = block.bn2.forward(block.conv2.forward(relu.forward(block.bn1.forward(block.conv1.forward(x, context: &context),
                                                                                        context: &context), context: &context),
                                                         context: &context), context: &context)
        let shortcut = block.downsample!.norm.forward(block.downsample!.conv.forward(x, context: &context), context: &context)
        let expected = zip(main.storage, shortcut.storage).map { max(0, $0 + $1) }
        XCTAssertEqual(y.shape, [2, 3, 3, 3])
        assertClose(y.storage, expected, accuracy: 1e-6)
    }

    func testFusedNormAndRectifierMatchTheSeparateLayers() {
        let x = randomTensor([3, 2, 3, 5], seed: 30, scale: 2)
        let fusedNorm = BatchNorm2d(2), separateNorm = BatchNorm2d(2)
        for norm in [fusedNorm, separateNorm] {
            norm.weight.value = Tensor(shape: [2], storage: [1.5, -0.5])
            norm.bias.value = Tensor(shape: [2], storage: [0.2, 0.1])
        }
        let fused = Sequential([fusedNorm, ReLU()])
        let relu = ReLU()
        let dy = randomTensor([3, 2, 3, 5], seed: 31)
        for training in [true, false] {
            var a = ForwardContext(isTraining: training), b = ForwardContext(isTraining: training)
            let y = fused.forward(x, context: &a)
            let expected = relu.forward(separateNorm.forward(x, context: &b), context: &b)
            XCTAssertEqual(y, expected, "training \(training)")
            XCTAssertTrue(y.storage.contains(0) && y.storage.contains { $0 > 0 })
            let dx = fused.backward(dy, needsInputGradient: true)
            let expectedDx = separateNorm.backward(relu.backward(dy, needsInputGradient: true), needsInputGradient: true)
            assertClose(dx.storage, expectedDx.storage, accuracy: 1e-6)
            assertClose(fusedNorm.weight.gradient.storage, separateNorm.weight.gradient.storage, accuracy: 1e-5)
            assertClose(fusedNorm.bias.gradient.storage, separateNorm.bias.gradient.storage, accuracy: 1e-5)
        }
        XCTAssertEqual(fusedNorm.runningVariance.value, separateNorm.runningVariance.value)
        checkGradients(of: Sequential([BatchNorm2d(2), ReLU()]), input: x, tolerance: 2e-2)
    }
}
