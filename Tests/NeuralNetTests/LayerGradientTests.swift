import XCTest
import NeuralNet
import TensorCore

/// Finite-difference checks of every layer's backward pass.
final class LayerGradientTests: XCTestCase {
    func testLinear() {
        var rng = RandomGenerator(seed: 1)
        checkGradients(of: Linear(5, 3, rng: &rng), input: randomTensor([4, 5], seed: 2))
    }

    func testConvolutionWithPadding() {
        var rng = RandomGenerator(seed: 3)
        checkGradients(of: Conv2d(2, 3, kernelSize: 3, padding: 1, rng: &rng), input: randomTensor([2, 2, 5, 5], seed: 4))
    }

    func testConvolutionWithStrideTwoAndPadding() {
        var rng = RandomGenerator(seed: 5)
        checkGradients(of: Conv2d(2, 2, kernelSize: 3, stride: 2, padding: 1, rng: &rng),
                       input: randomTensor([2, 2, 6, 5], seed: 6))
    }

    func testConvolutionWithoutPadding() {
        var rng = RandomGenerator(seed: 7)
        checkGradients(of: Conv2d(1, 2, kernelSize: 2, rng: &rng), input: randomTensor([3, 1, 4, 4], seed: 8))
    }

    func testReLUAwayFromTheKink() {
        var x = randomTensor([3, 7], seed: 9)
        for i in 0..<x.count where abs(x.storage[i]) < 0.05 { x.storage[i] = 0.5 }
        checkGradients(of: ReLU(), input: x)
    }

    func testMaxPoolWithDistinctValues() {
        // A shuffled ramp: every window has a unique maximum more than 2 epsilon above the rest.
        var values = (0..<(2 * 2 * 5 * 5)).map { Float($0) * 0.1 }
        var rng = RandomGenerator(seed: 10)
        rng.shuffle(&values)
        let x = Tensor(shape: [2, 2, 5, 5], storage: values)
        checkGradients(of: MaxPool2d(kernelSize: 2), input: x)
        checkGradients(of: MaxPool2d(kernelSize: 3, stride: 2), input: x)
    }

    func testFlatten() {
        checkGradients(of: Flatten(), input: randomTensor([2, 3, 2, 2], seed: 11))
    }

    func testDropoutWithFixedMask() {
        let context = ForwardContext(isTraining: true, rng: RandomGenerator(seed: 12))
        checkGradients(of: Dropout(0.4), input: randomTensor([4, 6], seed: 13), context: context)
    }

    func testBatchNorm1dInTraining() {
        let layer = BatchNorm1d(3)
        layer.weight.value = randomTensor([3], seed: 14)
        layer.bias.value = randomTensor([3], seed: 15)
        checkGradients(of: layer, input: randomTensor([5, 3], seed: 16, scale: 2), tolerance: 2e-2)
    }

    func testBatchNorm2dInTraining() {
        let layer = BatchNorm2d(2)
        layer.weight.value = randomTensor([2], seed: 17)
        layer.bias.value = randomTensor([2], seed: 18)
        checkGradients(of: layer, input: randomTensor([3, 2, 2, 3], seed: 19, scale: 2), tolerance: 2e-2)
    }

    func testBatchNormInEvaluation() {
        let layer = BatchNorm2d(2)
        layer.runningMean.value = Tensor(shape: [2], storage: [0.3, -0.2])
        layer.runningVariance.value = Tensor(shape: [2], storage: [2, 0.5])
        layer.weight.value = Tensor(shape: [2], storage: [1.5, -0.7])
        checkGradients(of: layer, input: randomTensor([2, 2, 2, 2], seed: 20), context: ForwardContext(isTraining: false))
    }

    func testStackedLayersInASequential() {
        var rng = RandomGenerator(seed: 21)
        let model = Sequential([Conv2d(1, 2, kernelSize: 3, stride: 2, padding: 1, rng: &rng), BatchNorm2d(2),
                                Flatten(), Linear(2 * 3 * 3, 2, rng: &rng)])
        checkGradients(of: model, input: randomTensor([2, 1, 5, 5], seed: 22), tolerance: 2e-2)
    }
}
