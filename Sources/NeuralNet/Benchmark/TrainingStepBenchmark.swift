import Dispatch
import TensorCore

/// Times training steps of a reference model: forward, cross-entropy, backward and an SGD
/// momentum update, on one BLAS thread.
///
/// Inputs are seeded random images `[batch, 1, 28, 28]` with random labels: the time of a step
/// does not depend on the values.
public struct TrainingStepBenchmark {
    public var model: ReferenceModel
    public var batchSize: Int
    public var learningRate: Float = 0.01
    public var momentum: Float = 0.9
    public var seed: UInt64 = 0

    public init(model: ReferenceModel, batchSize: Int) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        self.model = model
        self.batchSize = batchSize
    }

    /// What a benchmark measured.
    public struct Result: Equatable, Sendable {
        public var model: String
        public var batchSize: Int
        public var steps: Int
        /// The median time of a step: robust to the machine being shared.
        public var secondsPerStep: Double
        public var meanSecondsPerStep: Double
        /// Floating-point operations of the matrix products and convolutions one step needs.
        public var flopsPerStep: Double
        public var millisecondsPerStep: Double { secondsPerStep * 1e3 }
        public var samplesPerSecond: Double { Double(batchSize) / secondsPerStep }
        public var gigaflopsPerSecond: Double { flopsPerStep / secondsPerStep / 1e9 }
    }

    /// Runs `warmup` untimed steps, then `steps` steps timed one by one.
    public func run(steps: Int, warmup: Int) -> Result {
        precondition(steps > 0 && warmup >= 0, "steps must be positive and warmup not negative")
        BLAS.setThreadCount(1)
        let network = model.make(seed: seed)
        var rng = RandomGenerator(seed: seed &+ 1)
        var inputs = Tensor(shape: [batchSize, 1, 28, 28])
        for i in 0..<inputs.count { inputs.storage[i] = rng.nextNormal() }
        var labels = Tensor(shape: [batchSize])
        for i in 0..<batchSize { labels.storage[i] = Float(rng.next() % 10) }
        let step = Step(model: network, learningRate: learningRate, momentum: momentum)
        for _ in 0..<warmup { step.run(inputs, labels) }
        var times: [Double] = []
        times.reserveCapacity(steps)
        for _ in 0..<steps {
            let start = DispatchTime.now().uptimeNanoseconds
            step.run(inputs, labels)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return Result(model: model.rawValue, batchSize: batchSize, steps: steps,
                      secondsPerStep: times[steps / 2], meanSecondsPerStep: times.reduce(0, +) / Double(steps),
                      flopsPerStep: Self.flopsPerStep(of: network, inputShape: inputs.shape))
    }

    /// Multiply-add FLOPs (2 per multiply-add) of the products in one training step: forward,
    /// the weight gradients, and the input gradients of every trainable layer but the first.
    public static func flopsPerStep(of model: Sequential, inputShape: [Int]) -> Double {
        var shape = inputShape
        var total = 0.0
        var seenTrainable = false
        var context = ForwardContext(isTraining: false)
        for layer in model.layers {
            var forwardFlops = 0.0
            if let linear = layer as? Linear {
                forwardFlops = 2.0 * Double(shape[0] * linear.inFeatures * linear.outFeatures)
            } else if let conv = layer as? Conv2d {
                let g = ConvolutionGeometry(channels: conv.inChannels, height: shape[2], width: shape[3],
                                            kernelSize: conv.kernelSize, stride: conv.stride, padding: conv.padding)
                forwardFlops = 2.0 * Double(shape[0] * g.outputPlane * conv.outChannels * g.patchSize)
            }
            if forwardFlops > 0 {
                total += forwardFlops * (seenTrainable ? 3 : 2)
                seenTrainable = true
            }
            shape = layer.forward(Tensor(shape: shape), context: &context).shape
        }
        return total
    }
}
