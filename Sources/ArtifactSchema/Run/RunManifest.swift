/// The manifest of one run, stored as `run.json` (format `ArtifactFormat.run`, docs/artifacts.md):
/// the one definition that the recorders write and the report reads.
///
/// Writers fill every member they know; optional members that are nil are left out of the file.
/// Readers are lenient (see `init(from:)`): only `format` and `id` are required, so older or
/// partial files decode, and members this type does not model are kept in `extra` and written
/// back.
public struct RunManifest: Equatable, Sendable {
    public var format = ArtifactFormat.run.name
    public var formatVersion = ArtifactFormat.run.version
    public var id: String
    /// Nil when the file does not say.
    public var kind: RunKind?
    /// A file without a status reads as `running`: it records no end.
    public var status: RunStatus = .running
    /// Whether the run produced a full record; follows `status` (see `RunStatus.isComplete`).
    public var complete = false
    /// The sweep this run belongs to.
    public var group: String?
    public var lrlabVersion: String?
    /// The arguments the run was started with; empty when not recorded.
    public var commandLine: [String] = []
    /// ISO 8601 UTC, such as `2026-11-23T10:00:00Z`.
    public var startedAt: String?
    /// Absent while the run goes on.
    public var endedAt: String?
    public var model = Model()
    public var data: DataDescription?
    public var batchSize: Int?
    /// Any `UInt64`: the file holds it as a JSON integer, exactly.
    public var seed: UInt64?
    public var blasThreads: Int?
    /// Such as `{"kind": "sgd", "momentum": 0.9, "nesterov": false, "weightDecay": 0}`; empty when
    /// not recorded.
    public var optimizer: [String: JSONValue] = [:]
    /// Such as `{"kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100}`.
    public var schedule: [String: JSONValue]?
    /// The other settings that change the run's results and enter its id's hash, such as
    /// `{"batchesPerStep": 10, "divergenceFactor": 4}` for a range test; empty when none were recorded.
    public var settings: [String: JSONValue] = [:]
    /// The error that ended a failed run.
    public var error: String?
    public var summary = Summary()
    /// Range tests: per suggestion method (`minimum`, `steep`, `valley`, `slide`), the learning
    /// rate or the reason there is none.
    public var suggestions: [String: Suggestion]?
    /// Range tests: the shape of the curve (computed by CurveAnalysis).
    public var analysis: RangeTestAnalysis?
    /// Short training runs at the suggestions (`--verify`).
    public var verify: Verify?
    /// The machine and software the run ran on: what decides whether another machine gets the
    /// same bits.
    public var environment: Environment?
    /// Range tests with `--stability K`: how far the suggestions move under one-ulp changes of
    /// the initial weights.
    public var stability: Stability?
    /// Further top-level members; a key that names a modelled member is ignored when writing.
    public var extra: [String: JSONValue] = [:]

    /// A manifest with the members a run knows when it starts.
    public init(id: String, kind: RunKind, lrlabVersion: String, commandLine: [String], startedAt: String,
                model: Model, data: DataDescription?, batchSize: Int, seed: UInt64, blasThreads: Int,
                optimizer: [String: JSONValue], schedule: [String: JSONValue]?, group: String? = nil) {
        self.id = id
        self.kind = kind
        self.lrlabVersion = lrlabVersion
        self.commandLine = commandLine
        self.startedAt = startedAt
        self.model = model
        self.data = data
        self.batchSize = batchSize
        self.seed = seed
        self.blasThreads = blasThreads
        self.optimizer = optimizer
        self.schedule = schedule
        self.group = group
    }

    /// A manifest with only an id, as a reader sees a file that holds nothing else.
    public init(id: String) {
        self.id = id
    }

    /// Sets `status` and the `complete` flag that follows from it.
    public mutating func finish(_ status: RunStatus, endedAt: String, error: String? = nil) {
        self.status = status
        self.complete = status.isComplete
        self.endedAt = endedAt
        self.error = error
    }
}
