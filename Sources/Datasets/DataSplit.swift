import TensorCore

/// A data set split into training and validation examples, reproducibly for a seed.
public struct DataSplit {
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
    /// - Throws: `DatasetError.invalidSetting` for a fraction outside `0..<1`, a non-positive
    ///   limit, or a split that leaves no training example.
    ///
    /// The training examples are gathered in place when `dataset`'s storage is not shared (pass it
    /// with `consume`), so a split never holds two copies of the training inputs.
    public init(_ dataset: consuming Dataset, validationFraction: Double, seed: UInt64,
                limit: Int? = nil, validationLimit: Int? = nil) throws {
        guard validationFraction >= 0, validationFraction < 1 else {
            throw DatasetError.invalidSetting(flag: "--valid-fraction", value: "\(validationFraction)",
                                              reason: "the validation fraction must be in 0..<1, such as 0.1")
        }
        if let limit, limit <= 0 {
            throw DatasetError.invalidSetting(flag: "--train-limit", value: "\(limit)",
                                              reason: "the limit must be a positive number of examples")
        }
        if let validationLimit, validationLimit < 0 {
            throw DatasetError.invalidSetting(flag: "--valid-limit", value: "\(validationLimit)",
                                              reason: "the limit must not be negative")
        }
        var order = Array(0..<dataset.count)
        var rng = RandomGenerator(seed: seed ^ 0x5B11_7DA7_A5E7_0001)
        rng.shuffle(&order)
        let validCount = Int((validationFraction * Double(dataset.count)).rounded())
        guard validCount < dataset.count else {
            throw DatasetError.invalidSetting(
                flag: "--valid-fraction", value: "\(validationFraction)",
                reason: "\(dataset.name) has \(dataset.count) examples, which leaves none for training")
        }
        var validIndices = Array(order[..<validCount])
        var trainIndices = Array(order[validCount...])
        if let limit { trainIndices = Array(trainIndices.prefix(limit)) }
        if let validationLimit { validIndices = Array(validIndices.prefix(validationLimit)) }

        self.valid = dataset.subset(validIndices)
        var train = consume dataset
        train.keepInPlace(trainIndices)
        self.train = train
        self.validationFraction = validationFraction
        self.seed = seed
        self.trainIndices = trainIndices
        self.validIndices = validIndices
    }
}

extension Dataset {
    /// Keeps the examples at `indices`, in that order, moving rows within the existing storage
    /// (a copy only happens when the storage is shared).
    mutating func keepInPlace(_ indices: [Int]) {
        let total = count, kept = indices.count
        // A full permutation: the kept examples first, then the others in ascending order.
        var isKept = [Bool](repeating: false, count: total)
        for i in indices { isKept[i] = true }
        var order = indices
        order.reserveCapacity(total)
        for i in 0..<total where !isKept[i] { order.append(i) }
        Dataset.permuteRows(&inputs.storage, rowSize: total == 0 ? 0 : inputs.count / total, order: order)
        Dataset.permuteRows(&targets.storage, rowSize: total == 0 ? 0 : targets.count / total, order: order)
        let inputRow = total == 0 ? 0 : inputs.count / total, targetRow = total == 0 ? 0 : targets.count / total
        inputs.storage.removeLast((total - kept) * inputRow)
        targets.storage.removeLast((total - kept) * targetRow)
        inputs.reshape([kept] + Array(inputs.shape.dropFirst()))
        targets.reshape([kept] + Array(targets.shape.dropFirst()))
    }

    /// Rearranges rows so that row `k` holds the old row `order[k]`, following the permutation's
    /// cycles with one row of scratch space.
    private static func permuteRows(_ values: inout [Float], rowSize: Int, order: [Int]) {
        guard rowSize > 0 else { return }
        var visited = [Bool](repeating: false, count: order.count)
        var scratch = [Float](repeating: 0, count: rowSize)
        values.withUnsafeMutableBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { tmp in
                guard let base = v.baseAddress, let tmpBase = tmp.baseAddress else { return }
                for start in 0..<order.count where !visited[start] {
                    visited[start] = true
                    if order[start] == start { continue }
                    tmpBase.update(from: base + start * rowSize, count: rowSize)
                    var k = start
                    while true {
                        let j = order[k]
                        if j == start {
                            (base + k * rowSize).update(from: tmpBase, count: rowSize)
                            break
                        }
                        (base + k * rowSize).update(from: base + j * rowSize, count: rowSize)
                        visited[j] = true
                        k = j
                    }
                }
            }
        }
    }
}
