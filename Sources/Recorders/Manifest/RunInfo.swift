import ArtifactSchema

/// What a run's manifest needs that the learner does not know: how it was started, the model
/// and data names, and the optimizer, schedule and machine settings.
public struct RunInfo: Equatable, Sendable {
    public var kind: RunKind
    public var model: String
    public var commandLine: [String]
    public var data: RunManifest.DataDescription?
    public var batchSize: Int
    public var seed: UInt64
    public var blasThreads: Int
    /// Such as `["kind": "sgd", "momentum": 0.9, "nesterov": false, "weightDecay": 0]`.
    public var optimizer: [String: JSONValue]
    /// Such as `["kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100]`.
    public var schedule: [String: JSONValue]?
    /// Other settings that make a run different (epochs, stopping rules, ...); part of the id hash.
    public var settings: [String: JSONValue]
    /// The sweep this run belongs to.
    public var group: String?
    public var lrlabVersion: String

    public init(kind: RunKind, model: String, commandLine: [String] = [], data: RunManifest.DataDescription? = nil,
                batchSize: Int, seed: UInt64, blasThreads: Int = 1, optimizer: [String: JSONValue] = [:],
                schedule: [String: JSONValue]? = nil, settings: [String: JSONValue] = [:],
                group: String? = nil, lrlabVersion: String = "0.1.0") {
        self.kind = kind
        self.model = model
        self.commandLine = commandLine
        self.data = data
        self.batchSize = batchSize
        self.seed = seed
        self.blasThreads = blasThreads
        self.optimizer = optimizer
        self.schedule = schedule
        self.settings = settings
        self.group = group
        self.lrlabVersion = lrlabVersion
    }

    /// Every setting that changes the run's results, as canonical JSON (`JSONValue.canonicalText`).
    ///
    /// The command line, group and version are left out: the same settings typed in another
    /// order, or rerun by a later version, give the same text.
    public var canonicalSettingsJSON: String {
        var members: [String: JSONValue] = [
            "kind": .string(kind.rawValue), "model": .string(model), "batchSize": .number(Double(batchSize)),
            "seed": .string(String(seed)), "blasThreads": .number(Double(blasThreads)),
            "optimizer": .object(optimizer), "settings": .object(settings),
        ]
        if let schedule { members["schedule"] = .object(schedule) }
        if let data {
            members["data"] = .object(["name": .string(data.name),
                                       "validationFraction": data.validationFraction.map(JSONValue.number) ?? .null])
        }
        return JSONValue.object(members).canonicalText
    }

    /// The run id these settings give: `<kind>-<model>-bs<batch>-s<seed>-<hash6>`.
    public var runID: String {
        RunID.make(kind: kind, model: model, batchSize: batchSize, seed: seed,
                   canonicalSettings: canonicalSettingsJSON)
    }
}
