import LRFinder
import NeuralNet

/// Builds the models the commands train, by name.
public enum ModelFactory {
    /// The reference model called `name`, or an error naming `--model` and the valid names.
    public static func reference(named name: String) throws -> ReferenceModel {
        do { return try ReferenceModel(validating: name) } catch {
            throw RangeTestError.invalidSetting(flag: "--model", value: name,
                                                reason: "use one of " + ReferenceModel.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// A freshly initialised reference model for `classes` classes.
    public static func make(named name: String, seed: UInt64, classes: Int) throws -> Sequential {
        try reference(named: name).make(seed: seed, classes: classes)
    }
}
