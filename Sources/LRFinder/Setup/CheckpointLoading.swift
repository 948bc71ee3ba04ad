import NeuralNet

/// Loads checkpoints written by `train fit --save` into freshly built models.
public enum CheckpointLoading {
    /// The metadata keys LRLab writes with every checkpoint.
    public static let modelKey = "model"
    public static let classesKey = "classes"

    /// Puts the checkpoint at `path` into `model` and, when it holds state of the same kind, into
    /// `optimizer`; returns whether the optimizer state was restored.
    @discardableResult
    public static func load(_ path: String, into model: Sequential, optimizer: (any Optimizer)?) throws -> Bool {
        let checkpoint = try Checkpoint.load(from: path)
        let restoresOptimizer = optimizer != nil && checkpoint.optimizerState?.kind == optimizer?.saveState().kind
        do {
            try checkpoint.restore(into: model, optimizer: restoresOptimizer ? optimizer : nil)
        } catch {
            let classes = checkpoint.metadata[classesKey].map { " (saved for classes \($0))" } ?? ""
            throw RangeTestError.mismatch("\(error)\(classes); use the model and --classes the checkpoint was saved "
                                          + "with, or `train fine-tune --from` to train a new head")
        }
        return restoresOptimizer
    }

    /// The class list saved in the checkpoint's metadata, if any.
    public static func savedClasses(_ checkpoint: Checkpoint) -> [Int]? {
        checkpoint.metadata[classesKey].map { $0.split(separator: ",").compactMap { Int($0) } }
    }

    /// The metadata LRLab saves: model name and classes.
    public static func metadata(model: String, classes: [Int]) -> [String: String] {
        [modelKey: model, classesKey: classes.map(String.init).joined(separator: ",")]
    }
}
