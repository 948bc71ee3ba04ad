/// An experiment whose parts do not fit together (a checkpoint and the model built for the run,
/// a step and the data it needs), with how to fix it.
///
/// Settings out of range are `SettingError`s (TensorCore), thrown by the jobs' `validate`.
public enum ExperimentError: Error, Equatable, CustomStringConvertible {
    /// A checkpoint that cannot be loaded into the model built for the run: `problem` says what
    /// does not fit (it names the file), `fix` what to do.
    case checkpointMismatch(problem: String, fix: String)
    /// A step, such as "verifying the suggestions", that needs validation examples, on data
    /// without any.
    case noValidationData(step: String)

    public var description: String {
        switch self {
        case let .checkpointMismatch(problem, fix):
            return "\(problem); \(fix)"
        case let .noValidationData(step):
            return "\(step) needs validation data: hold out some examples "
                + "(`DataRequest.validationFraction` above 0)"
        }
    }
}
