import XCTest
@testable import NeuralNet
import TensorCore

final class AdamTests: XCTestCase {
    private let start: [Float] = [1, -2, 0.5, 3]
    private let gradients: [[Float]] = [[0.1, 0.2, -0.3, 1], [-0.5, 0.25, 0.125, 2], [0.3, -0.7, 0.9, -1],
                                        [0.05, 0.4, -0.2, 0.6]]

    /// torch.optim.Adam / AdamW written out in Double from the PyTorch documentation's algorithm.
    private func referenceAdam(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double,
                               decoupled: Bool, gradients: [[Float]]) -> [Double] {
        var p = start.map(Double.init)
        var m = [Double](repeating: 0, count: p.count), v = m
        for (index, gradient) in gradients.enumerated() {
            let t = Double(index + 1)
            for i in p.indices {
                var g = Double(gradient[i])
                if decoupled { p[i] *= 1 - lr * weightDecay } else { g += weightDecay * p[i] }
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                let mHat = m[i] / (1 - pow(beta1, t)), vHat = v[i] / (1 - pow(beta2, t))
                p[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        return p
    }

    private func runAdam(lr: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float,
                         decoupled: Bool) -> Parameter {
        let parameter = Parameter(name: "w", value: Tensor(shape: [4], storage: start))
        let adam = Adam(parameters: [parameter], learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps,
                        weightDecay: weightDecay, decoupledWeightDecay: decoupled)
        for g in gradients {
            parameter.gradient = Tensor(shape: [4], storage: g)
            adam.step()
        }
        return parameter
    }

    func testFirstStepMovesEachValueByTheLearningRate() {
        // After one step m_hat = g and v_hat = g^2, so p moves by lr * sign(g) (eps is negligible).
        let parameter = Parameter(name: "w", value: Tensor(shape: [3], storage: [1, 1, 1]))
        parameter.gradient = Tensor(shape: [3], storage: [0.5, -4, 1e-3])
        let adam = Adam(parameters: [parameter], learningRate: 0.1)
        adam.step()
        XCTAssertEqual(parameter.value.storage[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(parameter.value.storage[1], 1.1, accuracy: 1e-6)
        XCTAssertEqual(parameter.value.storage[2], 0.9, accuracy: 1e-5)
        XCTAssertEqual(adam.firstMoments[0][0].storage[1], -0.4, accuracy: 1e-6)
        XCTAssertEqual(adam.secondMoments[0][0].storage[1], 0.016, accuracy: 1e-6)
    }

    func testAdamAndAdamWMatchTheReferenceAlgorithm() {
        for (wd, decoupled) in [(Float(0), false), (0.1, false), (0.1, true), (0.01, true)] {
            for (beta1, beta2) in [(Float(0.9), Float(0.999)), (0.8, 0.99)] {
                let parameter = runAdam(lr: 0.01, beta1: beta1, beta2: beta2, eps: 1e-8, weightDecay: wd,
                                        decoupled: decoupled)
                let expected = referenceAdam(lr: 0.01, beta1: Double(beta1), beta2: Double(beta2), eps: 1e-8,
                                             weightDecay: Double(wd), decoupled: decoupled, gradients: gradients)
                for (actual, wanted) in zip(parameter.value.storage, expected) {
                    XCTAssertEqual(Double(actual), wanted, accuracy: 2e-6,
                                   "wd \(wd) decoupled \(decoupled) betas \(beta1) \(beta2)")
                }
            }
        }
    }

    func testDecoupledDecayDiffersFromL2() {
        let adam = runAdam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, decoupled: false)
        let adamW = runAdam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, decoupled: true)
        XCTAssertNotEqual(adam.value, adamW.value)
        XCTAssertEqual(Adam(parameters: [], decoupledWeightDecay: true).saveState().kind, "adamw")
        XCTAssertEqual(Adam(parameters: []).saveState().kind, "adam")
    }

    func testFrozenParameterKeepsItsOwnStepCount() {
        // Frozen for the first two steps: afterwards it behaves as a fresh Adam on the last two gradients.
        let parameter = Parameter(name: "w", value: Tensor(shape: [4], storage: start))
        let adam = Adam(parameters: [parameter], learningRate: 0.01)
        for (index, g) in gradients.enumerated() {
            parameter.isFrozen = index < 2
            parameter.gradient = Tensor(shape: [4], storage: g)
            adam.step()
            if index < 2 { XCTAssertEqual(parameter.value.storage, start, "frozen parameters do not move") }
        }
        XCTAssertEqual(adam.parameterSteps[0][0], 2)
        XCTAssertEqual(adam.stepCount, 4)
        let expected = referenceAdam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0,
                                     decoupled: false, gradients: Array(gradients[2...]))
        for (actual, wanted) in zip(parameter.value.storage, expected) {
            XCTAssertEqual(Double(actual), wanted, accuracy: 2e-6)
        }
    }

    func testGroupsHaveTheirOwnLearningRates() {
        let model = makeOptimTestModel()
        let adam = Adam(model: model, learningRate: 0.01)
        XCTAssertEqual(adam.groups.map(\.name), ["body", "head"])
        adam.groups[1].learningRate = 0
        let before = optimTestBits(model)
        runOptimTestSteps(adam, model: model, from: 0, count: 2)
        let after = optimTestBits(model)
        XCTAssertEqual(after["head.0.weight"], before["head.0.weight"])
        XCTAssertNotEqual(after["body.1.weight"], before["body.1.weight"])
        XCTAssertEqual(after["body.2.running_mean"], before["body.2.running_mean"], "buffers are not optimized")
    }

    func testSavedStateContinuesBitForBit() throws {
        for decoupled in [false, true] {
            let reference = makeOptimTestModel()
            let uninterrupted = Adam(model: reference, learningRate: 0.01, weightDecay: 0.05,
                                     decoupledWeightDecay: decoupled)
            reference.groups[0].isFrozen = true
            runOptimTestSteps(uninterrupted, model: reference, from: 0, count: 2)
            reference.groups[0].isFrozen = false
            runOptimTestSteps(uninterrupted, model: reference, from: 2, count: 5)

            let first = makeOptimTestModel()
            let interrupted = Adam(model: first, learningRate: 0.01, weightDecay: 0.05, decoupledWeightDecay: decoupled)
            first.groups[0].isFrozen = true
            runOptimTestSteps(interrupted, model: first, from: 0, count: 2)
            first.groups[0].isFrozen = false
            runOptimTestSteps(interrupted, model: first, from: 2, count: 1)
            let state = interrupted.saveState()
            XCTAssertEqual(state.slots["step"]?.map { $0.storage[0] }, [1, 1, 1, 1, 1, 1, 3, 3])

            let resumedModel = makeOptimTestModel(seed: 7)
            for (target, source) in zip(resumedModel.namedTensors, first.namedTensors) {
                target.parameter.value = source.parameter.value
            }
            let resumed = Adam(model: resumedModel, learningRate: 0.5, decoupledWeightDecay: decoupled)
            try resumed.restoreState(state)
            runOptimTestSteps(resumed, model: resumedModel, from: 3, count: 4)
            XCTAssertEqual(optimTestBits(resumedModel), optimTestBits(reference), "decoupled \(decoupled)")
        }
    }

    func testRestoreRejectsOtherKindsAndShapes() {
        let model = makeOptimTestModel()
        let adam = Adam(model: model)
        runOptimTestSteps(adam, model: model, from: 0, count: 1)
        XCTAssertThrowsError(try Adam(model: model, decoupledWeightDecay: true).restoreState(adam.saveState())) {
            XCTAssertTrue("\($0)".contains("`adam` optimizer, this one is `adamw`"), "\($0)")
        }
        XCTAssertThrowsError(try SGD(model: model, learningRate: 0.1).restoreState(adam.saveState())) {
            XCTAssertTrue("\($0)".contains("`sgd`"), "\($0)")
        }
        let other = makeOptimTestModel(headOutputs: 7)
        XCTAssertThrowsError(try Adam(model: other).restoreState(adam.saveState())) {
            XCTAssertTrue("\($0)".contains("exp_avg") && "\($0)".contains("[7, 6]") && "\($0)".contains("head"), "\($0)")
        }
        var state = adam.saveState()
        state.slots["exp_avg"]![0] = Tensor(shape: [0])
        XCTAssertThrowsError(try adam.restoreState(state)) {
            XCTAssertTrue("\($0)".contains("only one of"), "\($0)")
        }
    }
}
