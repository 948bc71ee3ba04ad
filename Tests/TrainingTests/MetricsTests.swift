import LRLabTestSupport
import TensorCore
import XCTest
@testable import Training

/// Loss smoothing and validation metrics.
final class MetricsTests: XCTestCase {
    func testSmoothingIsFastaisDebiasedMovingAverage() {
        let losses: [Float] = [2.0, 1.5, 1.8, 0.9, 1.1, 0.7]
        var smoother = LossSmoother()
        XCTAssertTrue(smoother.value.isNaN)
        for (n, loss) in losses.enumerated() {
            let got = smoother.add(loss)
            // fastai: mov_avg = torch.lerp(loss, mov_avg, beta); smooth = mov_avg / (1 - beta**count)
            var average = 0.0
            for l in losses[...n] { average = Double(l) + 0.98 * (average - Double(l)) }
            XCTAssertEqual(Double(got), average / (1 - pow(0.98, Double(n + 1))), accuracy: 1e-6)
        }
        var first = LossSmoother()
        XCTAssertEqual(first.add(3.25), 3.25, "the first value comes back unchanged")
    }

    func testLearnerSmoothLossFollowsTheBatchLosses() throws {
        var losses: [Float] = []
        var smoothed: [Float] = []
        let probe = EventLog { event, learner in
            if event == .afterLoss, learner.isTraining { losses.append(learner.loss); smoothed.append(learner.smoothLoss) }
        }
        try TinyProblem.learner(trainBatches: 3, validBatches: 1, callbacks: [probe]).fit(epochs: 2)
        var reference = LossSmoother()
        XCTAssertEqual(smoothed, losses.map { reference.add($0) }, "validation losses are not smoothed")
    }

    func testAccuracyOnAConstructedBatch() {
        var accumulator = ValidationMetrics.Accumulator()
        // Arg-max per row: 0, 2, 1, 2; targets 0, 2, 1, 1: three right.
        let prediction = Tensor(shape: [4, 3], storage: [0.9, 0.1, 0.0,
                                                         0.1, 0.2, 0.7,
                                                         -1, 3, 2,
                                                         0, 0.4, 0.5])
        accumulator.add(loss: 0.5, prediction: prediction, target: Tensor(shape: [4], storage: [0, 2, 1, 1]))
        accumulator.add(loss: 2.0, prediction: Tensor(shape: [1, 3], storage: [1, 0, 0]),
                        target: Tensor(shape: [1], storage: [2]))
        let metrics = accumulator.metrics
        XCTAssertEqual(metrics.count, 5)
        XCTAssertEqual(metrics.accuracy!, 3.0 / 5.0, accuracy: 1e-7)
        XCTAssertEqual(metrics.errorRate!, 2.0 / 5.0, accuracy: 1e-7)
        XCTAssertEqual(metrics.loss, (0.5 * 4 + 2.0) / 5, accuracy: 1e-7, "batch losses weigh by batch size")
    }

    func testRegressionHasNoAccuracy() {
        var accumulator = ValidationMetrics.Accumulator()
        accumulator.add(loss: 1, prediction: Tensor(shape: [2, 1]), target: Tensor(shape: [2, 1]))
        XCTAssertNil(accumulator.metrics.accuracy)
        XCTAssertNil(accumulator.metrics.errorRate)
        XCTAssertTrue(ValidationMetrics.Accumulator().metrics.loss.isNaN)
    }

    func testEvaluateMatchesTheValidationPhaseWithoutPublishing() throws {
        let log = EventLog()
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [log])
        try learner.fit(epochs: 1)
        let count = log.events.count
        let metrics = learner.evaluate(learner.validLoader!)
        XCTAssertEqual(metrics, learner.validation)
        XCTAssertEqual(log.events.count, count)
    }
}
