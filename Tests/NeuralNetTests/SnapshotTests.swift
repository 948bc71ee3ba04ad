import XCTest
@testable import NeuralNet
import TensorCore

final class SnapshotTests: XCTestCase {
    func testRestoreUndoesTrainingBitForBit() throws {
        let model = makeOptimTestModel()
        let sgd = SGD(model: model, learningRate: 0.05, momentum: 0.9)
        runOptimTestSteps(sgd, model: model, from: 0, count: 2)
        model.groups[1].isFrozen = true
        var rng = RandomGenerator(seed: 5)
        let snapshot = ModelSnapshot(model: model, optimizer: sgd, randomGenerator: rng)
        let bits = optimTestBits(model)
        let gradientBits = model.parameters.map { $0.gradient.storage.map(\.bitPattern) }
        let state = sgd.saveState()
        let expectedDraw = rng.next()

        // A range test: unfreeze, change lr and momentum, train, draw random numbers.
        model.groups[1].isFrozen = false
        sgd.groups[0].learningRate = 10
        sgd.groups[1].momentum = 0.5
        runOptimTestSteps(sgd, model: model, from: 2, count: 5)
        model.namedTensors[2].parameter.value.storage[0] = .nan
        _ = rng.next()
        XCTAssertNotEqual(optimTestBits(model), bits)

        try snapshot.restore(into: model, optimizer: sgd, randomGenerator: &rng)
        XCTAssertEqual(optimTestBits(model), bits)
        XCTAssertEqual(model.parameters.map { $0.gradient.storage.map(\.bitPattern) }, gradientBits)
        XCTAssertTrue(model.groups[1].isFrozen)
        XCTAssertFalse(model.groups[0].parameters.contains(where: \.isFrozen))
        XCTAssertEqual(sgd.saveState(), state)
        XCTAssertEqual(sgd.groups.map(\.learningRate), [0.05, 0.05])
        XCTAssertEqual(rng.next(), expectedDraw)
    }

    func testSnapshotIsNotChangedByLaterSteps() throws {
        let model = makeOptimTestModel()
        let adam = Adam(model: model)
        let snapshot = ModelSnapshot(model: model, optimizer: adam)
        let bits = optimTestBits(model)
        runOptimTestSteps(adam, model: model, from: 0, count: 3)
        try snapshot.restore(into: model, optimizer: adam)
        XCTAssertEqual(optimTestBits(model), bits)
        XCTAssertEqual(adam.stepCount, 0)
        // The restored model trains exactly like a fresh one.
        let fresh = makeOptimTestModel()
        let freshAdam = Adam(model: fresh)
        runOptimTestSteps(adam, model: model, from: 0, count: 3)
        runOptimTestSteps(freshAdam, model: fresh, from: 0, count: 3)
        XCTAssertEqual(optimTestBits(model), optimTestBits(fresh))
    }

    func testRestoreIntoAnotherModelFailsWithoutChangingIt() {
        let snapshot = ModelSnapshot(model: makeOptimTestModel())
        let other = makeOptimTestModel(seed: 3, headOutputs: 4)
        let bits = optimTestBits(other)
        XCTAssertThrowsError(try snapshot.restore(into: other)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("`head.0.weight`") && message.contains("[3, 6]") && message.contains("[4, 6]"),
                          message)
        }
        XCTAssertEqual(optimTestBits(other), bits)
        let sgd = SGD(model: other, learningRate: 0.1)
        XCTAssertThrowsError(try ModelSnapshot(model: other).restore(into: other, optimizer: sgd)) { error in
            XCTAssertTrue("\(error)".contains("no optimizer state"), "\(error)")
        }
        var rng = RandomGenerator(seed: 1)
        XCTAssertThrowsError(try ModelSnapshot(model: other).restore(into: other, randomGenerator: &rng))
    }
}
