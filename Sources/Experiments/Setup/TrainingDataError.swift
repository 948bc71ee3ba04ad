/// Loaded data that a run cannot train on as asked, found before any training, with the numbers
/// and the settings to change.
///
/// Settings are written in backticks (as in `SettingError`), so the `train` command line shows
/// its flags in their place.
public enum TrainingDataError: Error, Equatable, CustomStringConvertible {
    /// A class with no training example: `className` (index `index`) after `narrowedBy`, the
    /// settings that reduced the data (such as `DataRequest.trainLimit` 10), if any.
    case emptyClass(index: Int, className: String, trainCount: Int, narrowedBy: [String])
    /// A target that is not a class index of `0..<classCount` in the `part` examples.
    case labelOutOfRange(part: String, example: Int, label: Float, classCount: Int, data: String)
    /// An input value that is NaN or infinite.
    case nonFiniteInput(part: String, example: Int, value: Float, data: String)

    public var description: String {
        switch self {
        case let .emptyClass(index, className, trainCount, narrowedBy):
            let after = narrowedBy.isEmpty ? "" : " (after " + narrowedBy.joined(separator: " and ") + ")"
            return "class \(index) (\(className)) has no example among the \(trainCount) training examples\(after); "
                + "keep more examples (`DataRequest.trainLimit`), or leave the class out (`DataRequest.classes`)"
        case let .labelOutOfRange(part, example, label, classCount, data):
            return "\(data): the label of \(part) example \(example) is \(label), not a class index of 0..<\(classCount); "
                + "the data source must label every example with one of its \(classCount) classes"
        case let .nonFiniteInput(part, example, value, data):
            return "\(data): \(part) example \(example) has the input value \(value); training needs finite inputs: "
                + "fix or drop the example in the data"
        }
    }
}
