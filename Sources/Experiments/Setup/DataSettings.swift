import LRFinder
import Datasets

/// Where the examples come from and how they are prepared: class filter, validation split and
/// size limit. The split uses its own seed, so runs with different seeds share one split.
public struct DataSettings: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        /// Fashion-MNIST's training split from a folder (the Debian package's when nil).
        case fashionMNIST(directory: String?)
        /// Seeded stroke-pattern images of Fashion-MNIST's shape, made in memory (no files needed).
        case synthetic(count: Int)
    }

    public var source: Source
    public var validationFraction: Double
    /// At most this many training examples (for quick runs).
    public var trainLimit: Int?
    /// The classes kept, by original index; nil for all.
    public var classes: [Int]?
    public var splitSeed: UInt64

    public init(source: Source = .fashionMNIST(directory: nil), validationFraction: Double = 0.1,
                trainLimit: Int? = nil, classes: [Int]? = nil, splitSeed: UInt64 = 0) {
        self.source = source
        self.validationFraction = validationFraction
        self.trainLimit = trainLimit
        self.classes = classes
        self.splitSeed = splitSeed
    }

    /// Loads and prepares the examples; errors name the file or flag at fault.
    public func load() throws -> DataBundle {
        switch source {
        case .fashionMNIST(let directory):
            return try DataBundle.fashionMNIST(directory: directory, validationFraction: validationFraction,
                                               seed: splitSeed, trainLimit: trainLimit, classes: classes)
        case .synthetic(let count):
            let dataset = try SyntheticData.patterns(count: count, classes: 10, seed: splitSeed)
            return try DataBundle(dataset: dataset, validationFraction: validationFraction, seed: splitSeed,
                                  trainLimit: trainLimit, classes: classes)
        }
    }
}
