import Dispatch
import TensorCore
#if canImport(Glibc)
import Glibc
#endif

/// Times training steps of a model: forward, cross-entropy, backward and an SGD momentum update,
/// on one BLAS thread.
///
/// Inputs are seeded random samples of `inputShape` (for the reference models `[1, 28, 28]`) with
/// random labels: the time of a step does not depend on the values.
public struct TrainingStepBenchmark {
    /// The model's name in the result.
    public var modelName: String
    /// The shape of one sample, such as `[channels, height, width]`.
    public var inputShape: [Int]
    public var classes: Int
    public var batchSize: Int
    public var learningRate: Float = 0.01
    public var momentum: Float = 0.9
    public var seed: UInt64 = 0
    private let makeModel: @Sendable (UInt64) -> Sequential

    /// A benchmark of a reference model on `[batch, 1, 28, 28]` inputs and 10 classes.
    public init(model: ReferenceModel, batchSize: Int) {
        self.init(modelName: model.rawValue, inputShape: [1, 28, 28], classes: 10, batchSize: batchSize) { seed in
            model.make(seed: seed)
        }
    }

    /// A benchmark of a built-in model for samples of `inputShape` and `classes` classes; fails as
    /// `make` does when the configuration does not fit the input.
    public init<Model: BuiltInModel>(_ model: Model, inputShape: [Int], classes: Int = 10, batchSize: Int) throws {
        _ = try model.make(inputShape: inputShape, classes: classes, seed: 0)
        self.init(modelName: Model.name, inputShape: inputShape, classes: classes, batchSize: batchSize) { seed in
            // The same configuration and input were accepted above.
            try! model.make(inputShape: inputShape, classes: classes, seed: seed)
        }
    }

    /// A benchmark of the model `makeModel` builds from a seed, for samples of `inputShape` and
    /// `classes` classes, reported as `modelName`.
    public init(modelName: String, inputShape: [Int], classes: Int, batchSize: Int,
                makeModel: @escaping @Sendable (UInt64) -> Sequential) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        precondition(classes > 0 && !inputShape.isEmpty && inputShape.allSatisfy { $0 > 0 },
                     "a benchmark needs classes and a sample shape with positive sizes, got \(classes) and \(inputShape)")
        self.modelName = modelName
        self.inputShape = inputShape
        self.classes = classes
        self.batchSize = batchSize
        self.makeModel = makeModel
    }

    /// What a benchmark measured.
    public struct Result: Equatable, Sendable {
        public var model: String
        public var batchSize: Int
        public var steps: Int
        /// The median time of a step: robust to the machine being shared.
        public var secondsPerStep: Double
        public var meanSecondsPerStep: Double
        /// The process's processor time over the timed steps, per step: on a shared machine
        /// closer to the step's own cost than wall-clock time (0 where it cannot be read).
        public var processorSecondsPerStep: Double = 0
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
        let network = makeModel(seed)
        var rng = RandomGenerator(seed: seed &+ 1)
        var inputs = Tensor(shape: [batchSize] + inputShape)
        for i in 0..<inputs.count { inputs.storage[i] = rng.nextNormal() }
        var labels = Tensor(shape: [batchSize])
        for i in 0..<batchSize { labels.storage[i] = Float(rng.next() % UInt64(classes)) }
        let step = Step(model: network, learningRate: learningRate, momentum: momentum)
        for _ in 0..<warmup { step.run(inputs, labels) }
        var times: [Double] = []
        times.reserveCapacity(steps)
        let processorStart = Self.processorSeconds()
        for _ in 0..<steps {
            let start = DispatchTime.now().uptimeNanoseconds
            step.run(inputs, labels)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let processorTime = Self.processorSeconds() - processorStart
        times.sort()
        var result = Result(model: modelName, batchSize: batchSize, steps: steps,
                            secondsPerStep: times[steps / 2], meanSecondsPerStep: times.reduce(0, +) / Double(steps),
                            flopsPerStep: Self.flopsPerStep(of: network, inputShape: inputs.shape))
        result.processorSecondsPerStep = processorTime / Double(steps)
        return result
    }

    /// The processor time this process has used, in seconds (0 where it cannot be read).
    static func processorSeconds() -> Double {
        #if canImport(Glibc)
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        #else
        return 0
        #endif
    }

    /// Multiply-add FLOPs (2 per multiply-add) of the products in one training step: forward,
    /// the weight gradients, and the input gradients of every trainable layer but the first
    /// (convolutions inside residual blocks included).
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
                forwardFlops = convolutionFlops(conv, inputShape: shape).flops
            } else if let block = layer as? ResidualBlock {
                let first = convolutionFlops(block.conv1, inputShape: shape)
                forwardFlops = first.flops + convolutionFlops(block.conv2, inputShape: first.outputShape).flops
                if let downsample = block.downsample { forwardFlops += convolutionFlops(downsample.conv, inputShape: shape).flops }
            }
            if forwardFlops > 0 {
                total += forwardFlops * (seenTrainable ? 3 : 2)
                seenTrainable = true
            }
            shape = layer.forward(Tensor(shape: shape), context: &context).shape
        }
        return total
    }

    /// The forward FLOPs of `conv` on inputs of `inputShape`, and its output shape.
    static func convolutionFlops(_ conv: Conv2d, inputShape shape: [Int]) -> (flops: Double, outputShape: [Int]) {
        let g = ConvolutionGeometry(channels: conv.inChannels, height: shape[2], width: shape[3],
                                    kernelSize: conv.kernelSize, stride: conv.stride, padding: conv.padding)
        return (2.0 * Double(shape[0] * g.outputPlane * conv.outChannels * g.patchSize),
                [shape[0], conv.outChannels, g.outputHeight, g.outputWidth])
    }
}
