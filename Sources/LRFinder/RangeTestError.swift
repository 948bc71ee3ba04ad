/// A range test, sweep or training command that cannot run as asked, with how to fix it.
public enum RangeTestError: Error, Equatable, CustomStringConvertible {
    /// A setting outside its range, named by its command-line flag.
    case invalidSetting(flag: String, value: String, reason: String)
    /// The model, data or optimizer do not fit together (for example group multipliers for
    /// another number of groups, or a checkpoint for another model).
    case mismatch(String)
    /// The range test could not leave the model as it found it.
    case restoreFailed(String)

    public var description: String {
        switch self {
        case let .invalidSetting(flag, value, reason):
            return "invalid value '\(value)' for \(flag): \(reason)"
        case let .mismatch(message):
            return message
        case let .restoreFailed(message):
            return "the range test could not restore the model's state: \(message)"
        }
    }
}
