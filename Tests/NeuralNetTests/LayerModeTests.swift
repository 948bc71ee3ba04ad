import XCTest
import NeuralNet
import TensorCore

/// Training against evaluation behaviour of dropout and batch normalisation.
final class LayerModeTests: XCTestCase {
    func testDropoutIsIdentityInEvaluation() {
        let x = randomTensor([3, 4], seed: 1)
        var context = ForwardContext(isTraining: false)
        let dropout = Dropout(0.5)
        XCTAssertEqual(dropout.forward(x, context: &context), x)
        XCTAssertEqual(dropout.backward(x, needsInputGradient: true), x)
    }

    func testDropoutZeroesAboutPAndScalesTheRest() {
        let x = Tensor(shape: [100, 100], repeating: 1)
        var context = ForwardContext(isTraining: true, rng: RandomGenerator(seed: 3))
        let y = Dropout(0.3).forward(x, context: &context)
        let zeros = y.storage.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / 10_000, 0.3, accuracy: 0.02)
        XCTAssertTrue(y.storage.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        XCTAssertNotEqual(context.rng, RandomGenerator(seed: 3), "the mask consumes the context's stream")
    }

    func testDropoutMaskIsReproducibleFromTheSameState() {
        let x = randomTensor([8, 8], seed: 4)
        var a = ForwardContext(isTraining: true, rng: RandomGenerator(seed: 5))
        var b = ForwardContext(isTraining: true, rng: RandomGenerator(seed: 5))
        XCTAssertEqual(Dropout(0.5).forward(x, context: &a), Dropout(0.5).forward(x, context: &b))
    }

    func testBatchNormTrainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        let norm = BatchNorm1d(2)
        let x = Tensor(shape: [4, 2], storage: [1, 10, 2, 20, 3, 30, 4, 40])
        var context = ForwardContext(isTraining: true)
        let y = norm.forward(x, context: &context)
        // Channel 0: mean 2.5, biased variance 1.25.
        let inv = 1 / (1.25 + 1e-5).squareRoot()
        assertClose([y[0, 0], y[3, 0]], [Float(-1.5 * inv), Float(1.5 * inv)], accuracy: 1e-5)
        // Running stats: momentum 0.1, unbiased variance (1.25 * 4 / 3 and 125 * 4 / 3).
        assertClose(norm.runningMean.value.storage, [0.25, 2.5], accuracy: 1e-5)
        assertClose(norm.runningVariance.value.storage, [0.9 + 0.1 * 5 / 3, 0.9 + 0.1 * 500 / 3], accuracy: 1e-4)
        XCTAssertEqual(norm.batchesTracked.value.storage, [1])
        XCTAssertEqual(norm.buffers.map(\.name), ["running_mean", "running_var", "num_batches_tracked"])
    }

    func testBatchNormEvaluationUsesRunningStatistics() {
        let norm = BatchNorm2d(1)
        norm.runningMean.value = Tensor(shape: [1], storage: [2])
        norm.runningVariance.value = Tensor(shape: [1], storage: [4])
        norm.weight.value = Tensor(shape: [1], storage: [3])
        norm.bias.value = Tensor(shape: [1], storage: [1])
        var context = ForwardContext(isTraining: false)
        let y = norm.forward(Tensor(shape: [1, 1, 1, 2], storage: [2, 6]), context: &context)
        assertClose(y.storage, [1, 1 + 3 * 4 / Float(4 + 1e-5).squareRoot()], accuracy: 1e-5)
        XCTAssertEqual(norm.runningMean.value.storage, [2], "evaluation leaves running statistics alone")
        XCTAssertEqual(norm.batchesTracked.value.storage, [0])
    }
}
