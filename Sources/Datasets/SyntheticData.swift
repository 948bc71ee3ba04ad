import TensorCore

/// Small seeded data sets made in memory for tests and demos: the same arguments give
/// bit-identical data everywhere.
public enum SyntheticData {
    /// Gaussian blobs: `classes` centres drawn uniformly in `[-separation, separation]^features`,
    /// each example its class centre plus normal noise of standard deviation `spread`.
    ///
    /// Example `i` has label `i % classes`, so classes are balanced. Inputs are `[count, features]`.
    /// - Throws: `DatasetError.invalidSetting` for a count, class count or feature count below 1.
    public static func blobs(count: Int, classes: Int, features: Int, separation: Float = 3,
                             spread: Float = 1, seed: UInt64 = 0) throws -> Dataset {
        try require(count, atLeast: 1, flag: "count")
        try require(classes, atLeast: 1, flag: "classes")
        try require(features, atLeast: 1, flag: "features")
        var rng = RandomGenerator(seed: seed)
        var centres = [Float](repeating: 0, count: classes * features)
        for i in centres.indices { centres[i] = rng.nextFloat(in: -separation, separation) }
        var inputs = [Float](repeating: 0, count: count * features)
        var labels = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let label = i % classes
            labels[i] = Float(label)
            for j in 0..<features {
                inputs[i * features + j] = centres[label * features + j] + spread * rng.nextNormal()
            }
        }
        return Dataset(name: "blobs", inputs: Tensor(shape: [count, features], storage: inputs),
                       targets: Tensor(shape: [count], storage: labels),
                       classNames: (0..<classes).map { "blob \($0)" })
    }

    /// A linear regression problem `y = w·x + b + noise`: `x` and the true `w` and `b` standard
    /// normal, the noise normal with standard deviation `noise`.
    ///
    /// Inputs are `[count, features]`, targets `[count, 1]`; the true weights and bias come back
    /// so that a test can compare a fitted model with them.
    /// - Throws: `DatasetError.invalidSetting` for a count or feature count below 1.
    public static func linearRegression(count: Int, features: Int, noise: Float = 0.1,
                                        seed: UInt64 = 0) throws -> (dataset: Dataset, weights: [Float], bias: Float) {
        try require(count, atLeast: 1, flag: "count")
        try require(features, atLeast: 1, flag: "features")
        var rng = RandomGenerator(seed: seed)
        let weights = (0..<features).map { _ in rng.nextNormal() }
        let bias = rng.nextNormal()
        var inputs = [Float](repeating: 0, count: count * features)
        var targets = [Float](repeating: 0, count: count)
        for i in 0..<count {
            var y = bias
            for j in 0..<features {
                let x = rng.nextNormal()
                inputs[i * features + j] = x
                y += weights[j] * x
            }
            targets[i] = y + noise * rng.nextNormal()
        }
        let dataset = Dataset(name: "linear-regression", inputs: Tensor(shape: [count, features], storage: inputs),
                              targets: Tensor(shape: [count, 1], storage: targets))
        return (dataset, weights, bias)
    }

    static func require(_ value: Int, atLeast minimum: Int, atMost maximum: Int = .max, flag: String) throws {
        guard value >= minimum, value <= maximum else {
            let range = maximum == .max ? "at least \(minimum)" : "in \(minimum)...\(maximum)"
            throw DatasetError.invalidSetting(flag: flag, value: "\(value)", reason: "must be \(range)")
        }
    }
}
