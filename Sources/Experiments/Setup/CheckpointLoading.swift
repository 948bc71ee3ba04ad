import Foundation
import NeuralNet

/// Loads checkpoints (written by `Checkpoint.save`, as `FitJob.save` asks) into freshly built models.
public enum CheckpointLoading {
    /// The metadata keys LRLab writes with every checkpoint.
    public static let modelKey = "model"
    public static let classesKey = "classes"
    public static let exampleShapeKey = "exampleShape"
    public static let modelConfigurationKey = "modelConfiguration"
    /// The text of the model file a model was built from, so the checkpoint rebuilds it after the
    /// file moved or changed.
    public static let modelFileKey = "modelFile"

    /// What a load put into the model.
    public enum Outcome: Equatable, Sendable {
        /// Every group, and the optimizer state when it was of the same kind.
        case whole(optimizerRestored: Bool)
        /// Only the body: the checkpoint was saved for other classes, so the head starts fresh.
        case bodyOnly
    }

    /// Puts the checkpoint at `path` into `model` and, when it holds state of the same kind, into
    /// `optimizer`.
    ///
    /// When `classes` differs from the classes the checkpoint was saved for (other classes, even
    /// as many), the saved head would answer the wrong question: only the body groups are loaded,
    /// the model keeps its fresh head, and the optimizer starts anew.
    @discardableResult
    public static func load(_ path: String, into model: Sequential, optimizer: (any Optimizer)?,
                            classes: [Int]? = nil) throws -> Outcome {
        let checkpoint = try Checkpoint.load(from: path)
        if let classes, let saved = savedClasses(checkpoint), saved != classes {
            let body = model.groups.dropLast().map(\.name)
            do {
                try checkpoint.restore(into: model, onlyGroups: body)
            } catch {
                throw ExperimentError.checkpointMismatch(
                    problem: "\(error)",
                    fix: "the checkpoint's body does not fit this model (`model`): use the model it was saved from")
            }
            return .bodyOnly
        }
        let restoresOptimizer = optimizer != nil && checkpoint.optimizerState?.kind == optimizer?.saveState().kind
        do {
            try checkpoint.restore(into: model, optimizer: restoresOptimizer ? optimizer : nil)
        } catch {
            let classes = checkpoint.metadata[classesKey].map { " (saved for classes \($0))" } ?? ""
            throw ExperimentError.checkpointMismatch(
                problem: "\(error)\(classes)",
                fix: "use the model (`model`) and classes (`DataRequest.classes`) the checkpoint was saved with, "
                    + "or fine-tune it (`FineTuner.run`) to train a new head")
        }
        return .whole(optimizerRestored: restoresOptimizer)
    }

    /// The class list saved in the checkpoint's metadata, if any.
    public static func savedClasses(_ checkpoint: Checkpoint) -> [Int]? {
        checkpoint.metadata[classesKey].map { $0.split(separator: ",").compactMap { Int($0) } }
    }

    /// The metadata LRLab saves: model name, classes, (when known) the shape of one example, and
    /// the text of the model file when `model` is one.
    public static func metadata(model: String, configuration: String? = nil, classes: [Int],
                                exampleShape: [Int]? = nil, modelFileText: String? = nil) -> [String: String] {
        var metadata = [modelKey: model, classesKey: classes.map(String.init).joined(separator: ",")]
        if let configuration { metadata[modelConfigurationKey] = configuration }
        if let modelFileText { metadata[modelFileKey] = modelFileText }
        if let exampleShape { metadata[exampleShapeKey] = exampleShape.map(String.init).joined(separator: "x") }
        return metadata
    }

    /// The text of the model file `reference` names when `models` builds it from a file, read as
    /// the model is built; nil for a model built by name or a file that cannot be read.
    public static func modelFileText(of reference: String, models: ModelRegistry) -> String? {
        guard (try? models.builder(for: reference)) is ModelFileBuilder,
              let data = FileManager.default.contents(atPath: reference) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A fresh model of the kind saved in `checkpoint`, built for what it was saved for: from the
    /// model file's saved text when it holds one, else by name from `models`; nil when the
    /// checkpoint does not say which model it holds.
    public static func makeSavedModel(_ checkpoint: Checkpoint, models: ModelRegistry) throws -> Sequential? {
        guard let name = checkpoint.metadata[modelKey], let input = savedModelInput(checkpoint) else { return nil }
        if let text = checkpoint.metadata[modelFileKey] {
            let file = try ModelFile.parse(Array(text.utf8), fileName: "\(name) (as saved in \(checkpoint.path))")
            return try file.makeModel(for: input, seed: 0)
        }
        return try models.makeModel(name, configuration: checkpoint.metadata[modelConfigurationKey], for: input, seed: 0)
    }

    /// What the model saved in `checkpoint` was built for; checkpoints from before the shape was
    /// saved held 1x28x28 images.
    public static func savedModelInput(_ checkpoint: Checkpoint) -> ModelInput? {
        guard let classes = savedClasses(checkpoint) else { return nil }
        let shape = checkpoint.metadata[exampleShapeKey].map { $0.split(separator: "x").compactMap { Int($0) } } ?? [1, 28, 28]
        return ModelInput(exampleShape: shape, classes: classes.count)
    }
}
