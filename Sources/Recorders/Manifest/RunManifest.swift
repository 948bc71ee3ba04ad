import CurveAnalysis

/// The manifest of one run, stored as `run.json` (see docs/artifacts.md).
///
/// Optional members that are nil are left out of the file. Members this type does not model can
/// be added through `extra`; they are written at the top level.
public struct RunManifest: Equatable, Sendable {
    public var format = "lrlab-run"
    public var formatVersion = 1
    public var id: String
    public var kind: RunKind
    public var status: RunStatus = .running
    /// Whether the run produced a full record; follows `status` (see `RunStatus.isComplete`).
    public var complete = false
    public var group: String?
    public var lrlabVersion: String
    public var commandLine: [String]
    /// ISO 8601 UTC, such as `2026-11-23T10:00:00Z`.
    public var startedAt: String
    public var endedAt: String?
    public var model: Model
    public var data: DataDescription?
    public var batchSize: Int
    public var seed: UInt64
    public var blasThreads: Int
    public var optimizer: [String: JSONValue]
    public var schedule: [String: JSONValue]?
    /// The error that ended a failed run.
    public var error: String?
    public var summary = Summary()
    public var suggestions: [String: Suggestion]?
    public var analysis: RangeTestAnalysis?
    public var verify: Verify?
    /// Further top-level members; a key that names a modelled member is ignored when writing.
    public var extra: [String: JSONValue] = [:]

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

    /// Sets `status` and the `complete` flag that follows from it.
    public mutating func finish(_ status: RunStatus, endedAt: String, error: String? = nil) {
        self.status = status
        self.complete = status.isComplete
        self.endedAt = endedAt
        self.error = error
    }
}
