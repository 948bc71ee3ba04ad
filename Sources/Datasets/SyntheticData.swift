import TensorCore

/// Small seeded data sets made in memory for tests and demos: the same arguments give
/// bit-identical data everywhere.
public enum SyntheticData {
    /// Gaussian blobs: `classes` centres at least `separation` apart, drawn uniformly in a box
    /// `[-separation, separation]^features` (widened when they do not fit), each example its class
    /// centre plus normal noise of standard deviation `spread`.
    ///
    /// Example `i` has label `i % classes`, so classes are balanced. Inputs are `[count, features]`.
    /// - Throws: `SettingError` for a count, class count or feature count below 1.
    public static func blobs(count: Int, classes: Int, features: Int, separation: Float = 3,
                             spread: Float = 1, seed: UInt64 = 0) throws -> Dataset {
        try require(count, atLeast: 1, setting: "count")
        try require(classes, atLeast: 1, setting: "classes")
        try require(features, atLeast: 1, setting: "features")
        var rng = RandomGenerator(seed: seed)
        let centres = blobCentres(classes: classes, features: features, separation: separation, rng: &rng)
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
    /// - Throws: `SettingError` for a count or feature count below 1.
    public static func linearRegression(count: Int, features: Int, noise: Float = 0.1,
                                        seed: UInt64 = 0) throws -> (dataset: Dataset, weights: [Float], bias: Float) {
        try require(count, atLeast: 1, setting: "count")
        try require(features, atLeast: 1, setting: "features")
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

    /// Centres drawn one by one, each redrawn until it is `separation` away from the earlier ones;
    /// the box widens by half after 100 failed draws.
    static func blobCentres(classes: Int, features: Int, separation: Float,
                            rng: inout RandomGenerator) -> [Float] {
        var centres: [Float] = []
        var halfWidth = max(separation, .leastNormalMagnitude)
        var failures = 0
        while centres.count < classes * features {
            let candidate = (0..<features).map { _ in rng.nextFloat(in: -halfWidth, halfWidth) }
            let farEnough = stride(from: 0, to: centres.count, by: features).allSatisfy { start in
                let squared = (0..<features).reduce(Float(0)) { sum, j in
                    let d = centres[start + j] - candidate[j]
                    return sum + d * d
                }
                return squared >= separation * separation
            }
            if farEnough {
                centres += candidate
            } else {
                failures += 1
                if failures % 100 == 0 { halfWidth *= 1.5 }
            }
        }
        return centres
    }

    static func require(_ value: Int, atLeast minimum: Int, atMost maximum: Int = .max, setting: String) throws {
        guard value >= minimum, value <= maximum else {
            let range = maximum == .max ? "at least \(minimum)" : "in \(minimum)...\(maximum)"
            throw SettingError(setting: setting, value: "\(value)", reason: "use a whole number \(range)")
        }
    }
}
