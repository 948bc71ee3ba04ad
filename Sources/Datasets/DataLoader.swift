import TensorCore

/// Cuts a dataset into mini-batches, shuffled reproducibly per epoch.
///
/// The order of epoch `e` depends only on `seed` and `e`, so a run resumed at any epoch, or the
/// same run repeated, sees exactly the same batches.
public struct DataLoader: Sendable {
    public let dataset: Dataset
    public let batchSize: Int
    public let shuffle: Bool
    public let seed: UInt64
    /// Whether a last, smaller batch is left out.
    public let dropLast: Bool

    public init(dataset: Dataset, batchSize: Int, shuffle: Bool, seed: UInt64 = 0, dropLast: Bool = false) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
    }

    /// The number of batches in one epoch.
    public var batchCount: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The example order of `epoch`.
    public func order(epoch: Int) -> [Int] {
        var indices = Array(0..<dataset.count)
        if shuffle {
            var rng = RandomGenerator(seed: seed &+ 0x5DEE_CE66_D &* UInt64(epoch + 1))
            rng.shuffle(&indices)
        }
        return indices
    }

    /// The batches of `epoch`, gathered lazily one at a time.
    public func batches(epoch: Int) -> LazyMapSequence<Range<Int>, Batch> {
        let indices = order(epoch: epoch)
        let size = batchSize
        return (0..<batchCount).lazy.map { b in
            let start = b * size
            return dataset.batch(at: indices[start..<min(start + size, indices.count)])
        }
    }
}
