/// A range test that cannot run on the learner it was given, or cannot leave it as it found it.
///
/// Settings out of range are `SettingError`s (TensorCore), thrown by `RangeTestSettings.validate`.
public enum RangeTestError: Error, Equatable, CustomStringConvertible {
    /// The learner's training loader gives no batch, so the test has no rung to run.
    case noTrainingBatch(examples: Int, batchSize: Int)
    /// The range test could not leave the model as it found it.
    case restoreFailed(String)

    public var description: String {
        switch self {
        case let .noTrainingBatch(examples, batchSize):
            return "the training data has no batch (\(examples) examples in batches of \(batchSize)): "
                + "use more examples or a smaller batch size"
        case let .restoreFailed(message):
            return "the range test could not restore the model's state: \(message)"
        }
    }
}
