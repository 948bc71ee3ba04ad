import Dispatch
import TensorCore

/// Times one convolution layer's forward pass and its backward pass (weight and input gradients)
/// on one BLAS thread, in GFLOP/s of the products the passes need.
///
/// `strideComparison` pairs each stride-2 convolution of the resnet with the stride-1 one that
/// has the same output and so the same FLOPs, to check that striding costs nothing per FLOP
/// (`train bench --stride-comparison`).
public struct ConvolutionBenchmark: Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernelSize: Int
    public var stride: Int
    public var padding: Int
    public var batchSize: Int
    public var height: Int
    public var width: Int
    /// What the layer computes with (`im2col` for layers Winograd does not apply to, whatever this says).
    public var algorithm: ConvolutionAlgorithm

    public init(inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                batchSize: Int, height: Int, width: Int, algorithm: ConvolutionAlgorithm = .processDefault) {
        precondition(inChannels > 0 && outChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0 && batchSize > 0
                         && height + 2 * padding >= kernelSize && width + 2 * padding >= kernelSize,
                     "ConvolutionBenchmark: sizes must be positive and the image at least the kernel")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.batchSize = batchSize
        self.height = height
        self.width = width
        self.algorithm = algorithm
    }

    /// What a benchmark measured: the fastest of the repeats, since on a shared machine other
    /// work only ever adds time to a pass of a few milliseconds.
    public struct Result: Equatable, Sendable {
        /// The layer and input, such as `Conv2d(16, 32, kernel 3, stride 2, padding 1) on [64, 16, 32, 32]`.
        public var workload: String
        public var forwardSeconds: Double
        public var backwardSeconds: Double
        /// FLOPs of the forward product; backward does twice as many.
        public var forwardFlops: Double
        public var forwardGigaflopsPerSecond: Double { forwardFlops / forwardSeconds / 1e9 }
        public var backwardGigaflopsPerSecond: Double { 2 * forwardFlops / backwardSeconds / 1e9 }
        public var gigaflopsPerSecond: Double { 3 * forwardFlops / (forwardSeconds + backwardSeconds) / 1e9 }
    }

    /// Runs `warmup` untimed forward/backward pairs, then `repeats` timed ones.
    public func run(repeats: Int = 20, warmup: Int = 3) -> Result {
        precondition(repeats > 0 && warmup >= 0, "repeats must be positive and warmup not negative")
        BLAS.setThreadCount(1)
        var rng = RandomGenerator(seed: 1)
        let conv = Conv2d(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                          bias: false, rng: &rng)
        if conv.algorithm != .im2col { conv.algorithm = algorithm }
        var x = Tensor(shape: [batchSize, inChannels, height, width])
        for i in 0..<x.count { x.storage[i] = rng.nextNormal() }
        var context = ForwardContext(isTraining: true)
        var dy = conv.forward(x, context: &context)
        for i in 0..<dy.count { dy.storage[i] = rng.nextNormal() }
        var forwardTimes: [Double] = [], backwardTimes: [Double] = []
        for index in 0..<(warmup + repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = conv.forward(x, context: &context)
            let middle = DispatchTime.now().uptimeNanoseconds
            _ = conv.backward(dy, needsInputGradient: true)
            let end = DispatchTime.now().uptimeNanoseconds
            conv.weight.gradient.zero()
            guard index >= warmup else { continue }
            forwardTimes.append(Double(middle - start) / 1e9)
            backwardTimes.append(Double(end - middle) / 1e9)
        }
        let flops = TrainingStepBenchmark.convolutionFlops(conv, inputShape: x.shape).flops
        let label = conv.usesWinograd ? "\(conv), Winograd" : conv.usesStridedKernels ? "\(conv), direct" : "\(conv)"
        return Result(workload: "\(label) on \(x.shape)", forwardSeconds: forwardTimes.min()!,
                      backwardSeconds: backwardTimes.min()!, forwardFlops: flops)
    }

    /// The resnet's stride-2 convolutions (3x3 and the 1x1 projections, from 32x32 and 16x16
    /// images) each with the stride-1 convolution of the same output size, channels and FLOPs,
    /// computed by im2col (the stride-2 one by the process's algorithm: the direct kernels outside
    /// reproducible mode, where the processor has them).
    public static func strideComparison(batchSize: Int = 64) -> [(strideOne: ConvolutionBenchmark, strideTwo: ConvolutionBenchmark)] {
        [(16, 32, 3, 32), (32, 64, 3, 16), (16, 32, 1, 32), (32, 64, 1, 16)].map { inC, outC, k, size in
            let padding = k / 2
            return (ConvolutionBenchmark(inChannels: inC, outChannels: outC, kernelSize: k, stride: 1, padding: padding,
                                         batchSize: batchSize, height: size / 2, width: size / 2, algorithm: .im2col),
                    ConvolutionBenchmark(inChannels: inC, outChannels: outC, kernelSize: k, stride: 2, padding: padding,
                                         batchSize: batchSize, height: size, width: size))
        }
    }
}
