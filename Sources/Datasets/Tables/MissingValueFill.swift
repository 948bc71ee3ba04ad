import TensorCore

/// How a table's missing cells are filled: with the mean or the median of the column's values in
/// the training examples (never the validation examples), as scikit-learn's `SimpleImputer`
/// fitted on the training split does.
public enum MissingValueFill: String, CaseIterable, Codable, Sendable {
    case mean
    case median

    /// The value that fills a column whose training values are `values` (not empty); the median
    /// of an even count is the mean of the two middle values.
    public func statistic(of values: [Float]) -> Float {
        precondition(!values.isEmpty, "a statistic of no values")
        switch self {
        case .mean:
            var sum = 0.0
            for value in values { sum += Double(value) }
            return Float(sum / Double(values.count))
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            if sorted.count % 2 == 1 { return sorted[middle] }
            return Float((Double(sorted[middle - 1]) + Double(sorted[middle])) / 2)
        }
    }

    /// The fill value of every feature column of `train` (examples of shape `[features]`, NaN for
    /// a missing cell), from the cells that are present.
    /// - Throws: `TableFileError` naming the column when no training example has a value in it.
    public func fillValues(from train: Dataset, featureNames: [String], file: String) throws -> [Float] {
        let features = train.exampleShape.reduce(1, *)
        precondition(featureNames.count == features, "\(featureNames.count) names for \(features) features")
        let inputs = train.inputs.storage
        var present = [[Float]](repeating: [], count: features)
        for row in 0..<train.count {
            for feature in 0..<features {
                let value = inputs[row * features + feature]
                if !value.isNaN { present[feature].append(value) }
            }
        }
        return try present.enumerated().map { feature, values in
            guard !values.isEmpty else {
                throw TableFileError(file: file, column: featureNames[feature],
                                     problem: "no training example has a value in this column, so it cannot be filled",
                                     fix: "fill the column in the file, or remove it")
            }
            return statistic(of: values)
        }
    }

    /// Replaces every missing cell (NaN) of `dataset` by its column's value in `fill`; returns how
    /// many cells it filled.
    public static func fill(_ dataset: inout Dataset, with fill: [Float]) -> Int {
        var inputs = dataset.inputs
        var filled = 0
        inputs.storage.withUnsafeMutableBufferPointer { values in
            let features = fill.count
            for i in values.indices where values[i].isNaN {
                values[i] = fill[i % features]
                filled += 1
            }
        }
        if filled > 0 { dataset.inputs = inputs }
        return filled
    }
}
