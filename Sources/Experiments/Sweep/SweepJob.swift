import ArtifactSchema
import LRFinder
import Recorders
import TensorCore

/// A batch-size × seed sweep of range tests: every combination runs as its own run, in parallel.
public struct SweepJob: Codable, Sendable {
    /// The settings every run shares; its batch size and seed are replaced per run.
    public var base: RangeTestJob
    public var batchSizes: [Int]
    public var seeds: [UInt64]
    /// Runs at most this many tests at once (each with one BLAS thread).
    public var jobs: Int

    public init(base: RangeTestJob, batchSizes: [Int], seeds: [UInt64], jobs: Int) {
        self.base = base
        self.batchSizes = batchSizes
        self.seeds = seeds
        self.jobs = jobs
    }

    /// Checks the lists and the shared settings, throwing a `SettingError` that names the first
    /// bad one.
    public func validate(registries: Registries = .builtIn) throws {
        let sizes = batchSizes.map(String.init).joined(separator: ",")
        guard !batchSizes.isEmpty else {
            throw SettingError(setting: "SweepJob.batchSizes", value: "", reason: "give at least one batch size")
        }
        if let bad = batchSizes.first(where: { $0 < 1 }) {
            throw SettingError(setting: "SweepJob.batchSizes", value: sizes, reason: "batch size \(bad) is below 1")
        }
        guard Set(batchSizes).count == batchSizes.count else {
            throw SettingError(setting: "SweepJob.batchSizes", value: sizes, reason: "a batch size is repeated")
        }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else {
            throw SettingError(setting: "SweepJob.seeds", value: seeds.map(String.init).joined(separator: ","),
                               reason: "give at least one seed, none repeated")
        }
        guard jobs >= 1 else {
            throw SettingError(setting: "SweepJob.jobs", value: "\(jobs)", reason: "run at least 1 job at a time")
        }
        try base.validate(registries: registries)
    }

    /// The runs in a fixed order: batch sizes as given, seeds within each.
    public func runJobs(groupID: String) -> [RangeTestJob] {
        batchSizes.flatMap { batchSize in
            seeds.map { seed in
                var job = base
                job.batchSize = batchSize
                job.seed = seed
                job.group = groupID
                return job
            }
        }
    }

    /// `sweep-<model>-<n>bs-<m>s-<hash6>`, the hash over the shared settings and both lists.
    public func groupID(dataSettings: [String: JSONValue]) -> String {
        var info = RangeTestRunner.runInfo(base, dataSettings: dataSettings)
        info.settings["batchSizes"] = .array(batchSizes.map { .number(Double($0)) })
        info.settings["seeds"] = .array(seeds.map { .string(String($0)) })
        let hash6 = StableHash.of(info.canonicalSettingsJSON).hex.prefix(6)
        let model = RunID.sanitize(base.model)
        return "sweep-\(model.isEmpty ? "model" : model)-\(batchSizes.count)bs-\(seeds.count)s-\(hash6)"
    }
}
