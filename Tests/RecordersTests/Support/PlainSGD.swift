import NeuralNet
import TensorCore

/// Gradient descent without momentum, for recorder tests.
final class PlainSGD: Optimizer {
    let groups: [ParameterGroup]
    private var steps = 0

    init(groups: [ParameterGroup]) {
        self.groups = groups
    }

    func step() {
        steps += 1
        for group in groups {
            for parameter in group.parameters where !parameter.isFrozen {
                for i in 0..<parameter.value.count {
                    parameter.value.storage[i] -= group.learningRate * parameter.gradient.storage[i]
                }
            }
        }
    }

    func zeroGradients() {
        for group in groups { for parameter in group.parameters { parameter.gradient.zero() } }
    }

    func saveState() -> OptimizerState {
        OptimizerState(kind: "plain-sgd", stepCount: steps, hyperParameters: groups.map { [$0.learningRate] }, slots: [:])
    }

    func restoreState(_ state: OptimizerState) throws {
        steps = state.stepCount
    }
}
