import TensorCore

/// A small convolutional network: per entry of `widths` a 3x3 convolution (padding 1), a ReLU and
/// a 2x2 max-pool, then Flatten in the body; the head is one Linear layer.
///
/// With the default configuration and inputs `[1, 28, 28]` it is `ReferenceModel.cnn`, weight for
/// weight.
public struct CNNModel: BuiltInModel {
    public struct Configuration: Sendable, Codable, Equatable {
        /// The output channels of each convolution stage, in order.
        public var widths: [Int]

        public init(widths: [Int] = [16, 32]) {
            self.widths = widths
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(widths: try container.decodeIfPresent([Int].self, forKey: .widths) ?? [16, 32])
        }
    }

    public static let name = "cnn"
    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func make(inputShape: [Int], classes: Int, seed: UInt64) throws -> Sequential {
        var (channels, height, width) = try ModelInputCheck.image(inputShape, classes: classes, model: Self.name)
        let widths = configuration.widths
        try ModelInputCheck.requirePositive(widths, "widths", model: Self.name)
        let needed = 1 << min(widths.count, 30)
        guard height >= needed && width >= needed else {
            throw ModelConfigurationError(
                model: Self.name,
                "an input of \(height)x\(width) pixels is too small for \(widths.count) stages (`widths` has "
                    + "\(widths.count) entries, each halving the image with a 2x2 max-pool): it needs at least "
                    + "\(needed)x\(needed); use fewer `widths` or larger images")
        }
        var rng = RandomGenerator(seed: seed)
        var body: [any Layer] = []
        for stageWidth in widths {
            body += [Conv2d(channels, stageWidth, kernelSize: 3, padding: 1, rng: &rng), ReLU(), MaxPool2d(kernelSize: 2)]
            channels = stageWidth
            height /= 2
            width /= 2
        }
        body.append(Flatten())
        let head = Linear(channels * height * width, classes, rng: &rng)
        return Sequential(groups: [LayerGroup(name: "body", layers: body), LayerGroup(name: "head", layers: [head])])
    }
}
