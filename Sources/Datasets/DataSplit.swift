import TensorCore

/// A data set split into training and validation examples, reproducibly for a seed.
public struct DataSplit: Sendable {
    public var train: Dataset
    public var valid: Dataset
    /// The fraction of the examples asked for as validation data.
    public var validationFraction: Double
    public var seed: UInt64
    /// The indices into the source data set of the training examples, in their order here.
    public var trainIndices: [Int]
    /// The indices into the source data set of the validation examples, in their order here.
    public var validIndices: [Int]

    /// The number of training examples.
    public var trainCount: Int { train.count }
    /// The number of validation examples.
    public var validCount: Int { valid.count }

    /// Shuffles `dataset` with `seed`, keeps the first `round(fraction * count)` examples for
    /// validation and the rest for training.
    ///
    /// - Parameters:
    ///   - validationFraction: in `0..<1`; 0 gives an empty validation set.
    ///   - limit: keeps only the first `limit` shuffled training examples (for quick demos).
    ///   - validationLimit: the same for the validation examples.
    /// - Throws: `SettingError` naming the parameter, for a fraction outside `0..<1`, a
    ///   non-positive limit, or a split that leaves no training example.
    public init(_ dataset: Dataset, validationFraction: Double, seed: UInt64,
                limit: Int? = nil, validationLimit: Int? = nil) throws {
        guard validationFraction >= 0, validationFraction < 1 else {
            throw SettingError(setting: "validationFraction", value: "\(validationFraction)",
                               reason: "the validation fraction must be in 0..<1, such as 0.1")
        }
        if let limit, limit <= 0 {
            throw SettingError(setting: "limit", value: "\(limit)",
                               reason: "the limit must be a positive number of training examples")
        }
        if let validationLimit, validationLimit < 0 {
            throw SettingError(setting: "validationLimit", value: "\(validationLimit)",
                               reason: "the limit must not be negative")
        }
        var order = Array(0..<dataset.count)
        var rng = RandomGenerator(seed: seed ^ 0x5B11_7DA7_A5E7_0001)
        rng.shuffle(&order)
        let validCount = Int((validationFraction * Double(dataset.count)).rounded())
        guard validCount < dataset.count else {
            throw SettingError(setting: "validationFraction", value: "\(validationFraction)",
                               reason: "\(dataset.name) has \(dataset.count) examples, which leaves none for training")
        }
        var validIndices = Array(order[..<validCount])
        var trainIndices = Array(order[validCount...])
        if let limit { trainIndices = Array(trainIndices.prefix(limit)) }
        if let validationLimit { validIndices = Array(validIndices.prefix(validationLimit)) }

        self.train = dataset.subset(trainIndices)
        self.valid = dataset.subset(validIndices)
        self.validationFraction = validationFraction
        self.seed = seed
        self.trainIndices = trainIndices
        self.validIndices = validIndices
    }
}
