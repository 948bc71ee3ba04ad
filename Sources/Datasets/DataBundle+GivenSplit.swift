import TensorCore

extension DataBundle {
    /// Training and validation data whose split the data itself gives (an image folder's `valid/`
    /// or `is_valid` column), filtered to `classes`, limited, and standardised with the statistics
    /// of the training examples kept (unless `normalize` is false).
    ///
    /// `trainLimit` keeps that many training examples drawn with `seed` (as `DataSplit` does);
    /// `validationLimit` keeps the first validation examples. `validationFraction` records the
    /// fraction the given split has.
    /// - Throws: `SettingError` for a bad class filter or limit, or a training part left empty.
    public init(train: Dataset, valid: Dataset, seed: UInt64 = 0, trainLimit: Int? = nil, validationLimit: Int? = nil,
                classes: [Int]? = nil, normalize: Bool = true, path: String? = nil) throws {
        if let trainLimit, trainLimit <= 0 {
            throw SettingError(setting: "trainLimit", value: "\(trainLimit)",
                                              reason: "the limit must be a positive number of examples")
        }
        if let validationLimit, validationLimit < 0 {
            throw SettingError(setting: "validationLimit", value: "\(validationLimit)",
                                              reason: "the limit must not be negative")
        }
        var keptTrain = try classes.map { try train.filteringClasses($0) } ?? train
        var keptValid = try classes.map { try valid.filteringClasses($0) } ?? valid
        guard keptTrain.count > 0 else {
            throw SettingError(setting: "classes", value: "\(classes ?? [])",
                                              reason: "\(train.name) has no training example of these classes")
        }
        let total = keptTrain.count + keptValid.count
        let givenFraction = Double(keptValid.count) / Double(total)
        if let trainLimit, trainLimit < keptTrain.count {
            var order = Array(0..<keptTrain.count)
            var rng = RandomGenerator(seed: seed ^ 0x5B11_7DA7_A5E7_0001)
            rng.shuffle(&order)
            keptTrain = keptTrain.subset(order.prefix(trainLimit))
        }
        if let validationLimit, validationLimit < keptValid.count {
            keptValid = keptValid.subset(0..<validationLimit)
        }
        let normalization = normalize ? Normalization.computed(from: keptTrain) : .identity
        normalization.apply(to: &keptTrain)
        normalization.apply(to: &keptValid)
        self.train = keptTrain
        self.valid = keptValid
        self.normalization = normalization
        self.path = path
        self.validationFraction = givenFraction
        self.seed = seed
        self.classes = classes ?? Array(0..<train.classNames.count)
    }
}
