/// The manifest of a sweep's group folder, stored as `group.json` (format `ArtifactFormat.group`,
/// docs/artifacts.md): the runs of a batch-size/seed sweep, its charts and scaling fits.
///
/// Readers are lenient like `RunManifest`'s: only `format` and `id` are required.
public struct GroupManifest: Equatable, Sendable {
    /// The `kind` of a sweep of LR range tests over batch sizes and seeds.
    public static let rangeTestSweepKind = "lr-find-sweep"

    public var format = ArtifactFormat.group.name
    public var formatVersion = ArtifactFormat.group.version
    public var id: String
    /// Such as `lr-find-sweep` (`rangeTestSweepKind`).
    public var kind: String?
    public var model: String?
    /// In the order the sweep ran them.
    public var batchSizes: [Int]?
    public var seeds: [UInt64]?
    /// The member runs' ids; empty when not recorded.
    public var runs: [String] = []
    public var charts = Charts()
    /// Per suggestion method (`minimum`, `steep`, `valley`, `slide`): the fitted power law of the
    /// suggested learning rate against batch size, or why there is none.
    public var scaling: [String: ScalingOutcome] = [:]
    /// Further top-level members; a key that names a modelled member is ignored when writing.
    public var extra: [String: JSONValue] = [:]

    /// The chart files in the group folder, by role; nil when there is none.
    public struct Charts: Codable, Equatable, Sendable {
        /// Every run's loss curve overlaid (`GroupFiles.overlay`).
        public var overlay: String?
        /// Suggested learning rate against batch size (`GroupFiles.scaling`).
        public var scaling: String?

        public init(overlay: String? = nil, scaling: String? = nil) {
            self.overlay = overlay
            self.scaling = scaling
        }

        /// Both charts under their standard names.
        public static let standard = Charts(overlay: GroupFiles.overlay, scaling: GroupFiles.scaling)
    }

    /// A sweep of range tests as the sweep writes it, with the standard chart files.
    public init(id: String, model: String, batchSizes: [Int], seeds: [UInt64], runs: [String],
                scaling: [String: ScalingOutcome]) {
        self.id = id
        self.kind = Self.rangeTestSweepKind
        self.model = model
        self.batchSizes = batchSizes
        self.seeds = seeds
        self.runs = runs
        self.charts = .standard
        self.scaling = scaling
    }

    /// A manifest with only an id, as a reader sees a file that holds nothing else.
    public init(id: String) {
        self.id = id
    }
}
