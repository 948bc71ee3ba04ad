import TensorCore

/// One share of a sweep's runs, `index` of `count` (0-based): the runs whose position `i` in the
/// sweep's fixed order has `i % count == index`.
///
/// Which runs a shard holds depends only on its own index and the count, never on which other
/// shards exist or ran, so any machine can work out its share alone. With `count` shards of a
/// sweep of `n` runs each shard holds `n / count` runs, rounded up or down.
public struct SweepShard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// From 0 to `count - 1`.
    public let index: Int
    /// The number of shards the sweep is split into.
    public let count: Int

    /// The whole sweep as one shard.
    public static let whole = SweepShard(validIndex: 0, count: 1)

    /// The shard `index` of `count`.
    /// - Throws: `SettingError` (setting `shard`) unless `0 <= index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw SettingError(setting: "shard", value: "\(index)/\(count)", reason: "the count must be at least 1") }
        guard index >= 0, index < count else {
            throw SettingError(setting: "shard", value: "\(index)/\(count)", reason: "the index must be from 0 to \(count - 1)")
        }
        self.index = index
        self.count = count
    }

    private init(validIndex: Int, count: Int) {
        self.index = validIndex
        self.count = count
    }

    /// Reads `K/N`, such as `0/4`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw SettingError(setting: "shard", value: text, reason: "write K/N, the 0-based shard K of N shards, such as 0/4")
        }
        try self.init(index: index, count: count)
    }

    /// The shard of a Slurm array task, from `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`;
    /// nil outside an array task.
    ///
    /// Only an array whose task ids run from 0 without gaps (`--array=0-(N-1)`) maps onto
    /// shards this way; a task id at or above the count (an array from 1, or a list such as
    /// `3,5`) is refused, since its shard would be ambiguous: give the shard explicitly then.
    public static func slurmArrayTask(environment: [String: String]) throws -> SweepShard? {
        guard let idText = environment["SLURM_ARRAY_TASK_ID"] else { return nil }
        let countText = environment["SLURM_ARRAY_TASK_COUNT"] ?? ""
        let text = "\(idText)/\(countText)"
        guard let id = Int(idText), let count = Int(countText) else {
            throw SettingError(setting: "shard", value: text, reason: "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT must be whole "
                                  + "numbers; give the shard explicitly")
        }
        guard id < count else {
            throw SettingError(setting: "shard", value: text, reason: "SLURM_ARRAY_TASK_ID is not below SLURM_ARRAY_TASK_COUNT (an "
                                  + "array not numbered 0 to N-1); give the shard explicitly")
        }
        return try SweepShard(index: id, count: count)
    }

    /// The number of shards that hold at most `runsPerShard` of `runs` runs each.
    public static func count(runs: Int, runsPerShard: Int) -> Int {
        precondition(runsPerShard >= 1, "at least one run per shard")
        return max(1, (runs + runsPerShard - 1) / runsPerShard)
    }

    /// The shard of `count` that holds the run at `position` in the sweep's order.
    public static func index(ofRunAt position: Int, count: Int) -> Int {
        position % count
    }

    /// Whether the run at `position` in the sweep's order belongs to this shard.
    public func contains(runAt position: Int) -> Bool {
        position % count == index
    }

    /// This shard's items of `all`, which are in the sweep's order.
    public func select<Item>(_ all: [Item]) -> [Item] {
        stride(from: index, to: all.count, by: count).map { all[$0] }
    }

    /// Whether this is the whole sweep.
    public var isWhole: Bool { count == 1 }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }
}

