/// The built-in `mlp` and `cnn` as registry entries.
public struct ReferenceModelBuilder: ModelBuilder {
    public let model: ReferenceModel

    public init(_ model: ReferenceModel) {
        self.model = model
    }

    public var name: String { model.rawValue }

    public var summary: String {
        switch model {
        case .mlp: "Flatten, Linear(784, 256), ReLU | Linear(256, classes), for 1x28x28 images"
        case .cnn: "two 3x3 conv + ReLU + 2x2 max-pool stages (16, 32 channels) | Linear(1568, classes), for 1x28x28 images"
        }
    }

    public func makeModel(_ reference: String, for input: ModelInput, seed: UInt64) throws -> Sequential {
        guard input.featureCount == 784, input.exampleShape.last == 28 || input.exampleShape.count == 1 else {
            throw ModelBuildError(model: reference, reason: "it takes 1x28x28 images, the data has examples of shape "
                                  + input.exampleShape.map(String.init).joined(separator: "x"))
        }
        guard input.classes >= 1 else {
            throw ModelBuildError(model: reference, reason: "the data has no classes")
        }
        return model.make(seed: seed, classes: input.classes)
    }
}
