import Foundation

/// A setting out of its range, missing, or not fitting the others, named as a library user sets it.
///
/// `setting` is the property (or parameter) a program sets, qualified by its type where the bare
/// name would be ambiguous: `RangeTestSettings.startLR`, `FitJob.epochs`,
/// `DataRequest.validationFraction`, or `batchSize` for a function's parameter. The message
/// writes it in backticks, as every LRLab message writes a setting it mentions (also inside
/// `reason`), so that a front end with other names for the settings, such as the `train`
/// command line with its flags, can put its own names in their place.
///
/// It lives in TensorCore, the one module below everything that takes settings (NeuralNet,
/// Datasets, Training, LRFinder, Experiments, Recorders).
public struct SettingError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The setting's name, such as `RangeTestSettings.startLR`.
    public var setting: String
    /// The value given, as text; nil when the setting was needed but not given.
    public var value: String?
    /// What is wrong and how to fix it, such as "use a number above 1".
    public var reason: String

    public init(setting: String, value: String?, reason: String) {
        self.setting = setting
        self.value = value
        self.reason = reason
    }

    public var description: String {
        guard let value else { return "`\(setting)` is not set: \(reason)" }
        return "invalid value '\(value)' for `\(setting)`: \(reason)"
    }

    public var errorDescription: String? { description }
}
