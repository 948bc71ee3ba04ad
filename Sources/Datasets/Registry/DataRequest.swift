import TensorCore

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
    /// A file or folder the source reads; nil for the source's default.
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

    /// Checks the settings every source shares, throwing a `SettingError` that names the first
    /// bad one; `DataSourceRegistry.load` calls it before asking a source.
    ///
    /// Whether the classes exist and the split leaves training examples depends on the data, so
    /// that is checked as it is loaded.
    public func validate() throws {
        guard validationFraction.isFinite, validationFraction >= 0, validationFraction < 1 else {
            throw SettingError(setting: "DataRequest.validationFraction", value: "\(validationFraction)",
                               reason: "the validation fraction must be in 0..<1, such as 0.1")
        }
        if let trainLimit, trainLimit < 1 {
            throw SettingError(setting: "DataRequest.trainLimit", value: "\(trainLimit)",
                               reason: "keep at least 1 training example")
        }
        if let classes {
            let shown = classes.map(String.init).joined(separator: ",")
            if let negative = classes.first(where: { $0 < 0 }) {
                throw SettingError(setting: "DataRequest.classes", value: shown,
                                   reason: "\(negative) is not a class index; classes count from 0")
            }
            guard Set(classes).count == classes.count else {
                throw SettingError(setting: "DataRequest.classes", value: shown, reason: "a class is listed twice")
            }
            guard classes.count >= 2 else {
                throw SettingError(setting: "DataRequest.classes", value: shown,
                                   reason: "keep at least 2 classes")
            }
        }
    }

    /// The whole-number option `key`, `defaultValue` when absent.
    /// - Throws: `SettingError` naming `DataRequest.options["key"]` when the option is not a whole
    ///   number of at least `minimum`.
    public func integerOption(_ key: String, default defaultValue: Int, minimum: Int = 0) throws -> Int {
        guard let text = options[key] else { return defaultValue }
        guard let value = Int(text), value >= minimum else {
            throw SettingError(setting: Self.optionSetting(key), value: text,
                               reason: "use a whole number of at least \(minimum)")
        }
        return value
    }

    /// How errors name the source option `key`: `DataRequest.options["key"]`.
    public static func optionSetting(_ key: String) -> String { "DataRequest.options[\"\(key)\"]" }
}
