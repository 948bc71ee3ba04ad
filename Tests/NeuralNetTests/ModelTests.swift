import XCTest
import NeuralNet
import TensorCore

final class ModelTests: XCTestCase {
    func testReferenceModelsHaveTheirLayersAndGroups() {
        let mlp = ReferenceModel.mlp.make(seed: 0)
        XCTAssertEqual(mlp.groups.map(\.name), ["body", "head"])
        XCTAssertEqual(mlp.description, "body: Flatten(), Linear(784, 256), ReLU(); head: Linear(256, 10)")
        XCTAssertEqual(mlp.parameters.reduce(0) { $0 + $1.value.count }, 784 * 256 + 256 + 256 * 10 + 10)

        let cnn = ReferenceModel.cnn.make(seed: 0, classes: 4)
        XCTAssertEqual(cnn.groups[0].layers.map(\.description),
                       ["Conv2d(1, 16, kernel 3, padding 1)", "ReLU()", "MaxPool2d(2)",
                        "Conv2d(16, 32, kernel 3, padding 1)", "ReLU()", "MaxPool2d(2)", "Flatten()"])
        XCTAssertEqual(cnn.groups[1].layers.map(\.description), ["Linear(1568, 4)"])
        var context = ForwardContext(isTraining: false)
        XCTAssertEqual(cnn.forward(Tensor(shape: [3, 1, 28, 28]), context: &context).shape, [3, 4])
    }

    func testSameSeedGivesBitIdenticalModels() {
        for kind in ReferenceModel.allCases {
            let a = kind.make(seed: 7), b = kind.make(seed: 7), c = kind.make(seed: 8)
            XCTAssertEqual(a.parameters.map(\.value), b.parameters.map(\.value))
            XCTAssertNotEqual(a.parameters.map(\.value), c.parameters.map(\.value))
        }
    }

    func testUnknownNameListsTheValidOnes() {
        XCTAssertEqual(try ReferenceModel(validating: "cnn"), .cnn)
        XCTAssertThrowsError(try ReferenceModel(validating: "resnet")) { error in
            XCTAssertEqual("\(error)", "unknown model 'resnet': the registered models are mlp, cnn")
        }
    }

    func testReplacingTheHeadKeepsTheBody() {
        let model = ReferenceModel.mlp.make(seed: 1)
        var rng = RandomGenerator(seed: 2)
        let tuned = model.replacingHead(with: ReferenceModel.mlp.makeHead(classes: 3, rng: &rng))
        XCTAssertEqual(tuned.groups.map(\.name), ["body", "head"])
        XCTAssertTrue(tuned.groups[0].layers[1] === model.groups[0].layers[1])
        XCTAssertEqual(tuned.groups[1].layers.map(\.description), ["Linear(256, 3)"])
    }

    func testTinyMLPLearnsASyntheticTaskWithPlainSGD() {
        // Two Gaussian blobs per class in 8 dimensions; label = which blob.
        var rng = RandomGenerator(seed: 3)
        let n = 64, features = 8, classes = 3
        var centers = Tensor(shape: [classes, features])
        for i in 0..<centers.count { centers.storage[i] = rng.nextFloat(in: -2, 2) }
        var x = Tensor(shape: [n, features]), y = Tensor(shape: [n])
        for i in 0..<n {
            let label = i % classes
            y.storage[i] = Float(label)
            for j in 0..<features { x[i, j] = centers[label, j] + 0.3 * rng.nextNormal() }
        }
        let model = Sequential(groups: [
            LayerGroup(name: "body", layers: [Linear(features, 16, rng: &rng), ReLU()]),
            LayerGroup(name: "head", layers: [Linear(16, classes, rng: &rng)]),
        ])
        let loss = CrossEntropyLoss()
        var context = ForwardContext(isTraining: true)
        var first: Float = 0, last: Float = 0
        for step in 0..<200 {
            let value = loss.forward(model.forward(x, context: &context), target: y)
            if step == 0 { first = value }
            last = value
            _ = model.backward(loss.backward(), needsInputGradient: false)
            for p in model.parameters {
                for i in 0..<p.value.count { p.value.storage[i] -= 0.1 * p.gradient.storage[i] }
                p.gradient.zero()
            }
        }
        XCTAssertGreaterThan(first, 0.8)
        XCTAssertLessThan(last, 0.1, "loss went from \(first) to \(last)")
        context.isTraining = false
        let logits = model.forward(x, context: &context)
        var correct = 0
        for i in 0..<n {
            let row = (0..<classes).map { logits[i, $0] }
            if row.firstIndex(of: row.max()!) == Int(y.storage[i]) { correct += 1 }
        }
        XCTAssertEqual(correct, n)
    }

    func testFrozenBodyGetsNoGradient() {
        let model = ReferenceModel.mlp.make(seed: 4, classes: 2)
        model.groups[0].isFrozen = true
        var context = ForwardContext(isTraining: true)
        let loss = CrossEntropyLoss()
        _ = loss.forward(model.forward(randomTensor([2, 1, 28, 28], seed: 5), context: &context),
                         target: Tensor(shape: [2], storage: [0, 1]))
        _ = model.backward(loss.backward(), needsInputGradient: false)
        XCTAssertTrue(model.groups[0].parameters.allSatisfy { $0.gradient.storage.allSatisfy { $0 == 0 } })
        XCTAssertTrue(model.groups[1].parameters[0].gradient.storage.contains { $0 != 0 })
    }

    func testBenchmarkCountsTheProductsOfAStep() {
        let flops = TrainingStepBenchmark.flopsPerStep(of: ReferenceModel.mlp.make(seed: 0), inputShape: [4, 1, 28, 28])
        // First Linear: forward + weight gradient; head: forward + weight + input gradient.
        let body: Double = 2 * (2 * 4 * 784 * 256), head: Double = 3 * (2 * 4 * 256 * 10)
        XCTAssertEqual(flops, body + head)
        let result = TrainingStepBenchmark(model: .mlp, batchSize: 2).run(steps: 2, warmup: 1)
        XCTAssertGreaterThan(result.secondsPerStep, 0)
        XCTAssertEqual(result.samplesPerSecond, 2 / result.secondsPerStep, accuracy: 1e-6 * result.samplesPerSecond)
    }
}
