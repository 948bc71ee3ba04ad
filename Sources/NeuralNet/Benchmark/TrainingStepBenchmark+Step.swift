import TensorCore

extension TrainingStepBenchmark {
    /// One training step with SGD momentum written inline (PyTorch's update without dampening:
    /// `v = momentum * v + g`, `w -= lr * v`), with gradients cleared after the update.
    final class Step {
        let model: Sequential
        let parameters: [Parameter]
        let loss = CrossEntropyLoss()
        var velocities: [Tensor]
        var context = ForwardContext(isTraining: true)
        let learningRate: Float
        let momentum: Float

        init(model: Sequential, learningRate: Float, momentum: Float) {
            self.model = model
            self.parameters = model.parameters
            self.velocities = parameters.map { Tensor(shape: $0.value.shape) }
            self.learningRate = learningRate
            self.momentum = momentum
        }

        @discardableResult
        func run(_ inputs: Tensor, _ labels: Tensor) -> Float {
            let output = model.forward(inputs, context: &context)
            let value = loss.forward(output, target: labels)
            _ = model.backward(loss.backward(), needsInputGradient: false)
            let lr = learningRate, mu = momentum
            for (index, p) in parameters.enumerated() {
                velocities[index].storage.withUnsafeMutableBufferPointer { v in
                    p.gradient.storage.withUnsafeMutableBufferPointer { g in
                        p.value.storage.withUnsafeMutableBufferPointer { w in
                            VectorKernels.momentumStep(weights: w.baseAddress!, velocity: v.baseAddress!,
                                                       gradient: g.baseAddress!, count: w.count,
                                                       learningRate: lr, momentum: mu)
                        }
                    }
                }
            }
            return value
        }
    }
}
