import TensorCore

/// Training and validation data ready for a learner: classes filtered, split reproducibly,
/// standardised with statistics of the training examples only.
public struct DataBundle: Sendable {
    /// The standardised training examples.
    public var train: Dataset
    /// The standardised validation examples (empty for a validation fraction of 0).
    public var valid: Dataset
    /// The transform applied to both, computed from `train` before standardising it.
    public var normalization: Normalization
    /// Where the data came from (a folder for Fashion-MNIST), nil for data made in memory.
    public var path: String?
    public var validationFraction: Double
    /// The seed of the train/validation split.
    public var seed: UInt64
    /// The classes of the source data kept, by their original index; label `i` is `classes[i]`.
    public var classes: [Int]
    /// Where the examples came from, for sources that read the user's files.
    public var provenance = DataProvenance()

    /// The name of the source data set, such as `fashion-mnist`.
    public var name: String { train.name }
    /// The class names by (remapped) label.
    public var classNames: [String] { train.classNames }

    /// Filters `dataset` to `classes` (all when nil), splits off `validationFraction` of it with
    /// `seed`, keeps at most `trainLimit` training examples, then standardises both parts with the
    /// mean and std of the training examples kept (unless `normalize` is false).
    public init(dataset: Dataset, validationFraction: Double = 0.1, seed: UInt64 = 0,
                trainLimit: Int? = nil, validationLimit: Int? = nil, classes: [Int]? = nil,
                normalize: Bool = true, path: String? = nil) throws {
        let kept = try classes.map { try dataset.filteringClasses($0) } ?? dataset
        var split = try DataSplit(kept, validationFraction: validationFraction, seed: seed,
                                  limit: trainLimit, validationLimit: validationLimit)
        let normalization = normalize ? Normalization.computed(from: split.train) : .identity
        normalization.apply(to: &split.train)
        normalization.apply(to: &split.valid)
        self.train = split.train
        self.valid = split.valid
        self.normalization = normalization
        self.path = path
        self.validationFraction = validationFraction
        self.seed = seed
        self.classes = classes ?? Array(0..<dataset.classNames.count)
    }

    /// Fashion-MNIST's training split from `directory` (the package's folder when nil), prepared
    /// as `init(dataset:...)` describes.
    public static func fashionMNIST(directory: String? = nil, validationFraction: Double = 0.1,
                                    seed: UInt64 = 0, trainLimit: Int? = nil, validationLimit: Int? = nil,
                                    classes: [Int]? = nil) throws -> DataBundle {
        let dataset = try FashionMNIST.load(directory: directory, split: .train)
        return try DataBundle(dataset: dataset, validationFraction: validationFraction, seed: seed,
                              trainLimit: trainLimit, validationLimit: validationLimit, classes: classes,
                              path: directory ?? FashionMNIST.defaultDirectory)
    }

    /// Another split of the same source (such as the test split), given the bundle's class filter
    /// and standardisation so that it matches the training data.
    public func prepared(_ dataset: Dataset) throws -> Dataset {
        let kept = classes == Array(0..<dataset.classNames.count) ? dataset : try dataset.filteringClasses(classes)
        return normalization.applied(to: kept)
    }

    /// A loader over the training examples, shuffled per epoch from `seed`.
    /// - Throws: `SettingError` for a batch size below 1.
    public func trainLoader(batchSize: Int, seed: UInt64 = 0, dropLast: Bool = false) throws -> DataLoader {
        try DataBundle.checkBatchSize(batchSize)
        return DataLoader(dataset: train, batchSize: batchSize, shuffle: true, seed: seed, dropLast: dropLast)
    }

    /// A loader over the validation examples in their fixed order.
    /// - Throws: `SettingError` for a batch size below 1.
    public func validLoader(batchSize: Int) throws -> DataLoader {
        try DataBundle.checkBatchSize(batchSize)
        return DataLoader(dataset: valid, batchSize: batchSize, shuffle: false)
    }

    private static func checkBatchSize(_ batchSize: Int) throws {
        guard batchSize > 0 else {
            throw SettingError(setting: "batchSize", value: "\(batchSize)", reason: "the batch size must be at least 1")
        }
    }
}
