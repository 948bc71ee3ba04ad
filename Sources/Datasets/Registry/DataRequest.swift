/// Which examples a run trains on and how they are prepared: the source, its location and
/// options, the class filter, the validation split and a size limit.
///
/// A request is a plain value (it is stored in jobs that other processes run), turned into
/// examples by `DataSourceRegistry.load(_:)`. The split has its own seed, so runs with
/// different seeds share one split.
public struct DataRequest: Equatable, Codable, Sendable {
    /// The registered source to read with; nil to pick it from what `location` holds (or the
    /// registry's default source when `location` is nil too).
    public var source: String?
    /// A file or folder, as `--data` gives it; nil for the source's default.
    public var location: String?
    /// Settings particular to the source, such as `count` for synthetic data.
    public var options: [String: String]
    /// The share of the examples held out for validation, in `0..<1`.
    public var validationFraction: Double
    /// At most this many training examples (for quick runs).
    public var trainLimit: Int?
    /// The classes kept, by original index; nil for all.
    public var classes: [Int]?
    /// Seeds the train/validation split (and the examples of sources that make them).
    public var splitSeed: UInt64

    public init(source: String? = nil, location: String? = nil, options: [String: String] = [:],
                validationFraction: Double = 0.1, trainLimit: Int? = nil, classes: [Int]? = nil,
                splitSeed: UInt64 = 0) {
        self.source = source
        self.location = location
        self.options = options
        self.validationFraction = validationFraction
        self.trainLimit = trainLimit
        self.classes = classes
        self.splitSeed = splitSeed
    }

    /// The whole-number option `key`, `defaultValue` when absent.
    /// - Throws: `DatasetError.invalidSetting` when the option is not a whole number of at least `minimum`.
    public func integerOption(_ key: String, default defaultValue: Int, minimum: Int = 0) throws -> Int {
        guard let text = options[key] else { return defaultValue }
        guard let value = Int(text), value >= minimum else {
            throw DatasetError.invalidSetting(flag: "option \(key)", value: text,
                                              reason: "use a whole number of at least \(minimum)")
        }
        return value
    }
}
