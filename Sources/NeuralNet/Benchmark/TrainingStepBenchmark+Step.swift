import TensorCore

extension TrainingStepBenchmark {
    /// One training step as a training loop runs it: clear gradients, forward, cross-entropy,
    /// backward, and an `SGD` update with momentum (one parameter group per layer group).
    final class Step {
        let model: Sequential
        let loss = CrossEntropyLoss()
        let optimizer: SGD
        var context = ForwardContext(isTraining: true)

        init(model: Sequential, learningRate: Float, momentum: Float) {
            self.model = model
            optimizer = SGD(model: model, learningRate: learningRate, momentum: momentum)
        }

        @discardableResult
        func run(_ inputs: Tensor, _ labels: Tensor) -> Float {
            optimizer.zeroGradients()
            let output = model.forward(inputs, context: &context)
            let value = loss.forward(output, target: labels)
            _ = model.backward(loss.backward(), needsInputGradient: false)
            optimizer.step()
            return value
        }
    }
}
