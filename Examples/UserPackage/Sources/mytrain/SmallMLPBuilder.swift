import NeuralNet
import TensorCore

/// A model builder of the user's own: a multilayer perceptron for rows of features (examples
/// of shape `[features]`), with one hidden layer.
///
/// The model has two layer groups, `body` and `head`, so discriminative learning rates
/// (`--lr-mult`) and `train fine-tune` work with it as with the built-in models.
struct SmallMLPBuilder: ModelBuilder {
    /// Units of the hidden layer.
    var hidden = 32

    var name: String { "small-mlp" }
    var summary: String { "Linear(features, \(hidden)), ReLU | Linear(\(hidden), classes), for rows of features" }

    func makeModel(_ reference: String, configuration: String?, for input: ModelInput, seed: UInt64) throws -> Sequential {
        guard configuration == nil else {
            throw ModelBuildError(model: reference, reason: "it has no settings; leave out its configuration")
        }
        guard input.exampleShape.count == 1 else {
            throw ModelBuildError(model: reference, reason: "it takes rows of features, the data has examples of shape "
                                  + input.exampleShape.map(String.init).joined(separator: "x"))
        }
        var rng = RandomGenerator(seed: seed)
        return Sequential(groups: [
            LayerGroup(name: "body", layers: [Linear(input.featureCount, hidden, rng: &rng), ReLU()]),
            LayerGroup(name: "head", layers: [Linear(hidden, input.classes, rng: &rng)]),
        ])
    }
}
