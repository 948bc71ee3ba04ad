import ArtifactSchema

extension SeedSpread {
    /// The spread of `values`, which must not be empty.
    public init(batchSize: Int, values: [Double]) {
        precondition(!values.isEmpty, "a spread needs at least one value")
        let sorted = values.sorted()
        self.init(batchSize: batchSize, count: sorted.count, median: Self.percentile(sorted, 0.5),
                  low: sorted[0], high: sorted[sorted.count - 1],
                  lowerQuartile: Self.percentile(sorted, 0.25), upperQuartile: Self.percentile(sorted, 0.75))
    }

    /// The spread per batch size, in ascending batch-size order.
    public static func groups(_ samples: [ScalingSample]) -> [SeedSpread] {
        Dictionary(grouping: samples, by: \.batchSize)
            .sorted { $0.key < $1.key }
            .map { SeedSpread(batchSize: $0.key, values: $0.value.map(\.lr)) }
    }

    /// The `fraction` percentile of ascending `sorted`, linear between neighbouring order statistics.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        let position = fraction * Double(sorted.count - 1)
        let below = Int(position)
        let above = min(below + 1, sorted.count - 1)
        let weight = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * weight
    }
}
