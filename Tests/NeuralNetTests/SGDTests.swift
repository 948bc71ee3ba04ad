import XCTest
@testable import NeuralNet
import TensorCore

final class SGDTests: XCTestCase {
    /// torch.optim.SGD's update (dampening 0), written out step by step on plain arrays.
    private func referenceSGD(start: [Float], gradients: [[Float]], lr: Float, momentum: Float,
                              weightDecay: Float, nesterov: Bool) -> [Float] {
        var p = start
        var buf: [Float]? = nil
        for g in gradients {
            var d = g
            if weightDecay != 0 { d = zip(d, p).map { $0 + weightDecay * $1 } }
            if momentum != 0 {
                if let old = buf { buf = zip(old, d).map { momentum * $0 + $1 } } else { buf = d }
                d = nesterov ? zip(d, buf!).map { $0 + momentum * $1 } : buf!
            }
            p = zip(p, d).map { $0 - lr * $1 }
        }
        return p
    }

    private func run(lr: Float, momentum: Float, weightDecay: Float, nesterov: Bool) -> (Parameter, [Float]) {
        let start: [Float] = [1, -2, 0.5, 3]
        let gradients: [[Float]] = [[0.1, 0.2, -0.3, 1], [-0.5, 0.25, 0.125, 2], [0.3, -0.7, 0.9, -1]]
        let parameter = Parameter(name: "w", value: Tensor(shape: [2, 2], storage: start))
        let sgd = SGD(parameters: [parameter], learningRate: lr, momentum: momentum,
                      weightDecay: weightDecay, nesterov: nesterov)
        for g in gradients {
            parameter.gradient = Tensor(shape: [2, 2], storage: g)
            sgd.step()
        }
        return (parameter, referenceSGD(start: start, gradients: gradients, lr: lr, momentum: momentum,
                                        weightDecay: weightDecay, nesterov: nesterov))
    }

    func testMomentumMatchesHandComputedValues() {
        // Constant gradient 1, lr 0.1, momentum 0.9: buffers 1, 1.9, 2.71; p = 1 - 0.1 * (1 + 1.9 + 2.71).
        let parameter = Parameter(name: "w", value: Tensor(shape: [1], storage: [1]))
        let sgd = SGD(parameters: [parameter], learningRate: 0.1, momentum: 0.9)
        let expected: [Float] = [0.9, 0.71, 0.439]
        for value in expected {
            parameter.gradient = Tensor(shape: [1], storage: [1])
            sgd.step()
            XCTAssertEqual(parameter.value.storage[0], value, accuracy: 1e-6)
        }
        XCTAssertEqual(sgd.momentumBuffers[0][0].storage[0], 2.71, accuracy: 1e-6)
    }

    func testUpdatesMatchPyTorchFormulasBitForBit() {
        for (momentum, weightDecay, nesterov) in [(Float(0), Float(0), false), (0, 0.01, false), (0.9, 0, false),
                                                  (0.9, 0.05, false), (0.9, 0, true), (0.8, 0.05, true)] {
            let (parameter, expected) = run(lr: 0.05, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
            XCTAssertEqual(parameter.value.storage.map(\.bitPattern), expected.map(\.bitPattern),
                           "momentum \(momentum) wd \(weightDecay) nesterov \(nesterov)")
        }
    }

    func testNesterovAndWeightDecayChangeTheUpdate() {
        let plain = run(lr: 0.05, momentum: 0.9, weightDecay: 0, nesterov: false).0.value
        let nesterov = run(lr: 0.05, momentum: 0.9, weightDecay: 0, nesterov: true).0.value
        let decayed = run(lr: 0.05, momentum: 0.9, weightDecay: 0.1, nesterov: false).0.value
        XCTAssertNotEqual(plain, nesterov)
        XCTAssertNotEqual(plain, decayed)
        // One plain step with decay: p = 2 - 0.5 * (1 + 0.1 * 2) = 1.4.
        let p = Parameter(name: "w", value: Tensor(shape: [1], storage: [2]))
        p.gradient = Tensor(shape: [1], storage: [1])
        SGD(parameters: [p], learningRate: 0.5, weightDecay: 0.1).step()
        XCTAssertEqual(p.value.storage[0], 1.4, accuracy: 1e-6)
    }

    func testFrozenParametersAreUntouched() {
        let model = makeOptimTestModel()
        model.groups[0].isFrozen = true
        let before = optimTestBits(model)
        let sgd = SGD(model: model, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        runOptimTestSteps(sgd, model: model, from: 0, count: 3)
        let after = optimTestBits(model)
        for (name, bits) in before where name.hasPrefix("body.") { XCTAssertEqual(after[name], bits, name) }
        XCTAssertNotEqual(after["head.0.weight"], before["head.0.weight"])
        XCTAssertTrue(sgd.momentumBuffers[0].allSatisfy { $0.count == 0 }, "no buffer for frozen parameters")
    }

    func testGroupsFollowLayerGroupsWithTheirOwnLearningRates() {
        let model = makeOptimTestModel()
        let sgd = SGD(model: model, learningRate: 0.1)
        XCTAssertEqual(sgd.groups.map(\.name), ["body", "head"])
        XCTAssertEqual(sgd.groups.map(\.parameters.count), [6, 2])
        sgd.groups[0].learningRate = 0
        sgd.groups[1].learningRate = 1
        let head = model.groups[1].parameters[1]
        let start = head.value.storage
        let before = optimTestBits(model)
        fillOptimTestGradients(model.parameters, step: 0)
        let gradient = head.gradient.storage
        sgd.step()
        XCTAssertEqual(optimTestBits(model)["body.0.weight"], before["body.0.weight"], "lr 0 leaves the body")
        XCTAssertEqual(head.value.storage, zip(start, gradient).map { $0 - 1 * $1 })
    }

    func testZeroGradientsKeepsStorage() {
        let parameter = Parameter(name: "w", value: Tensor(shape: [3], storage: [1, 2, 3]))
        parameter.gradient = Tensor(shape: [3], storage: [4, 5, 6])
        let address = parameter.gradient.storage.withUnsafeBufferPointer { $0.baseAddress }
        SGD(parameters: [parameter], learningRate: 0.1).zeroGradients()
        XCTAssertEqual(parameter.gradient.storage, [0, 0, 0])
        XCTAssertEqual(parameter.gradient.storage.withUnsafeBufferPointer { $0.baseAddress }, address)
    }

    func testSavedStateContinuesBitForBit() throws {
        let reference = makeOptimTestModel()
        let uninterrupted = SGD(model: reference, learningRate: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true)
        runOptimTestSteps(uninterrupted, model: reference, from: 0, count: 6)

        let first = makeOptimTestModel()
        let interrupted = SGD(model: first, learningRate: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true)
        runOptimTestSteps(interrupted, model: first, from: 0, count: 3)
        let state = interrupted.saveState()
        XCTAssertEqual(state.kind, "sgd")
        XCTAssertEqual(state.stepCount, 3)
        XCTAssertEqual(state.slots["momentum_buffer"]?.count, 8)

        let resumedModel = makeOptimTestModel(seed: 99)
        for (target, source) in zip(resumedModel.namedTensors, first.namedTensors) {
            target.parameter.value = source.parameter.value
        }
        let resumed = SGD(model: resumedModel, learningRate: 1, nesterov: true)
        try resumed.restoreState(state)
        XCTAssertEqual(resumed.groups.map(\.momentum), [0.9, 0.9], "hyper-parameters come back")
        runOptimTestSteps(resumed, model: resumedModel, from: 3, count: 3)
        XCTAssertEqual(optimTestBits(resumedModel), optimTestBits(reference))
        XCTAssertEqual(resumed.stepCount, 6)
    }

    func testRestoreRejectsMismatchedStates() {
        let model = makeOptimTestModel()
        let sgd = SGD(model: model, learningRate: 0.1, momentum: 0.9)
        runOptimTestSteps(sgd, model: model, from: 0, count: 1)
        var state = sgd.saveState()

        state.kind = "adam"
        XCTAssertThrowsError(try sgd.restoreState(state)) { error in
            XCTAssertTrue("\(error)".contains("`adam`") && "\(error)".contains("`sgd`"), "\(error)")
        }
        state.kind = "sgd"
        let single = SGD(parameters: model.parameters, learningRate: 0.1)
        XCTAssertThrowsError(try single.restoreState(state)) { error in
            XCTAssertTrue("\(error)".contains("2 parameter groups"), "\(error)")
        }
        state.slots["momentum_buffer"]![1] = Tensor(shape: [2, 2])
        XCTAssertThrowsError(try sgd.restoreState(state)) { error in
            XCTAssertTrue("\(error)".contains("[2, 2]") && "\(error)".contains("[5]") && "\(error)".contains("bias"),
                          "\(error)")
        }
        XCTAssertEqual(sgd.momentumBuffers[0][1].shape, [5], "a failed restore changes nothing")
    }
}
