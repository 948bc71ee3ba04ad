import TensorCore

/// A small residual network for images of about 32 to 64 pixels, in the style of the CIFAR
/// ResNets: a stem (3x3 convolution without bias, BatchNorm, ReLU), stages of `ResidualBlock`s,
/// global average pooling, and a Linear head.
///
/// Stage `i` has `blocksPerStage[i]` blocks of `widths[i]` channels; every stage after the first
/// starts with a stride-2 block (a 1x1 projection on its shortcut), halving the image. The body
/// group holds the stem, the stages and the pooling; the head group the Linear layer.
public struct ResNetModel: BuiltInModel {
    public struct Configuration: Sendable, Codable, Equatable {
        /// The channels of the stem convolution.
        public var stemWidth: Int
        /// The channels of each stage's blocks, in order.
        public var widths: [Int]
        /// The number of blocks in each stage: the depth (as many entries as `widths`).
        public var blocksPerStage: [Int]

        public init(stemWidth: Int = 16, widths: [Int] = [16, 32, 64], blocksPerStage: [Int] = [2, 2, 2]) {
            self.stemWidth = stemWidth
            self.widths = widths
            self.blocksPerStage = blocksPerStage
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Configuration()
            self.init(stemWidth: try container.decodeIfPresent(Int.self, forKey: .stemWidth) ?? defaults.stemWidth,
                      widths: try container.decodeIfPresent([Int].self, forKey: .widths) ?? defaults.widths,
                      blocksPerStage: try container.decodeIfPresent([Int].self, forKey: .blocksPerStage)
                          ?? defaults.blocksPerStage)
        }
    }

    public static let name = "resnet"
    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Checks the configuration against images of `height` x `width` pixels.
    func validate(height: Int, width: Int) throws {
        let c = configuration
        func fail(_ message: String) -> ModelConfigurationError { ModelConfigurationError(model: Self.name, message) }
        guard c.stemWidth > 0 else { throw fail("`stemWidth` must be positive, got \(c.stemWidth)") }
        try ModelInputCheck.requirePositive(c.widths, "widths", model: Self.name)
        guard c.blocksPerStage.count == c.widths.count else {
            throw fail("`blocksPerStage` has \(c.blocksPerStage.count) entries but `widths` has \(c.widths.count): "
                       + "give one block count per stage")
        }
        guard c.blocksPerStage.allSatisfy({ $0 > 0 }) else {
            throw fail("`blocksPerStage` must be positive (every stage needs a block), got \(c.blocksPerStage)")
        }
        let downsamplings = c.widths.count - 1
        let needed = 1 << min(downsamplings, 30)
        guard height >= needed && width >= needed else {
            throw fail("an input of \(height)x\(width) pixels is too small for \(c.widths.count) stages (`widths` has "
                       + "\(c.widths.count) entries, so \(downsamplings) stride-2 downsamplings): it needs at least "
                       + "\(needed)x\(needed); use fewer `widths` or larger images")
        }
    }

    public func make(inputShape: [Int], classes: Int, seed: UInt64) throws -> Sequential {
        let (channels, height, width) = try ModelInputCheck.image(inputShape, classes: classes, model: Self.name)
        try validate(height: height, width: width)
        let c = configuration
        var rng = RandomGenerator(seed: seed)
        var body: [any Layer] = [Conv2d(channels, c.stemWidth, kernelSize: 3, padding: 1, bias: false, rng: &rng),
                                 BatchNorm2d(c.stemWidth), ReLU()]
        var previous = c.stemWidth
        for (stage, (stageWidth, blocks)) in zip(c.widths, c.blocksPerStage).enumerated() {
            for block in 0..<blocks {
                body.append(ResidualBlock(previous, stageWidth, stride: stage > 0 && block == 0 ? 2 : 1, rng: &rng))
                previous = stageWidth
            }
        }
        body.append(GlobalAvgPool2d())
        return Sequential(groups: [LayerGroup(name: "body", layers: body),
                                   LayerGroup(name: "head", layers: [Linear(previous, classes, rng: &rng)])])
    }
}
