import ArtifactSchema
/// A run's settings as TensorBoard hyper-parameters, and the hparams plugin's summaries of them
/// (tensorboard/plugins/hparams/api.proto and plugin_data.proto).
///
/// The names are run.json's: `kind`, `model`, `batchSize`, `seed`, `data`, `validationFraction`,
/// `blasThreads`, `group`, and each optimizer, schedule and other setting as `optimizer.<name>`,
/// `schedule.<name>`, `settings.<name>` (nested objects joined with dots, arrays as JSON text).
struct TensorBoardHParams: Equatable, Sendable {
    /// A hyper-parameter value: what `google.protobuf.Value` can hold.
    enum Value: Equatable, Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)

        /// The hparams plugin's `DataType` of the value.
        var dataType: UInt64 {
            switch self {
            case .string: return 1
            case .bool: return 2
            case .number: return 3
            }
        }
    }

    /// The metric a sweep's runs are compared by, with whether it comes from the validation set.
    struct Metric: Equatable, Sendable {
        var tag: String
        var isValidation: Bool
    }

    /// Name and value of each hyper-parameter, sorted by name.
    let values: [(name: String, value: Value)]

    static func == (a: TensorBoardHParams, b: TensorBoardHParams) -> Bool {
        a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.value) == b.values.map(\.value)
    }

    init(info: RunInfo) {
        var flat: [String: Value] = [
            "kind": .string(info.kind.rawValue), "model": .string(info.model),
            "batchSize": .number(Double(info.batchSize)), "blasThreads": .number(Double(info.blasThreads)),
            // Seeds beyond 2^53 would lose digits as numbers.
            "seed": info.seed <= 1 << 53 ? .number(Double(info.seed)) : .string(String(info.seed)),
        ]
        if let data = info.data {
            flat["data"] = .string(data.name)
            if let fraction = data.validationFraction { flat["validationFraction"] = .number(fraction) }
        }
        if let group = info.group { flat["group"] = .string(group) }
        Self.flatten(info.optimizer, prefix: "optimizer.", into: &flat)
        if let schedule = info.schedule { Self.flatten(schedule, prefix: "schedule.", into: &flat) }
        Self.flatten(info.settings, prefix: "settings.", into: &flat)
        values = flat.keys.sorted().map { ($0, flat[$0]!) }
    }

    private static func flatten(_ members: [String: JSONValue], prefix: String, into flat: inout [String: Value]) {
        for (name, member) in members {
            switch member {
            case .null: break
            case .bool(let value): flat[prefix + name] = .bool(value)
            case .number(let value): flat[prefix + name] = .number(value)
            case .string(let value): flat[prefix + name] = .string(value)
            case .array: flat[prefix + name] = .string(member.canonicalText)
            case .object(let inner): flatten(inner, prefix: prefix + name + ".", into: &flat)
            }
        }
    }

    /// The `HParamsPluginData` of the `_hparams_/experiment` summary: the hyper-parameters'
    /// names and types and the metrics to compare.
    func experimentPluginData(metrics: [Metric], createdAt: Double) -> [UInt8] {
        var data = ProtobufWriter()
        data.message(2) { experiment in
            experiment.double(3, createdAt)
            for (name, value) in values {
                experiment.message(4) { info in
                    info.string(1, name)
                    info.varint(4, value.dataType)
                }
            }
            for metric in metrics {
                experiment.message(5) { info in
                    info.message(1) { $0.string(2, metric.tag) }
                    info.varint(5, metric.isValidation ? 2 : 1)
                }
            }
        }
        return data.bytes
    }

    /// The `HParamsPluginData` of the `_hparams_/session_start_info` summary: this run's values.
    func sessionStartPluginData(startedAt: Double) -> [UInt8] {
        var data = ProtobufWriter()
        data.message(3) { session in
            for (name, value) in values {
                session.message(1) { entry in
                    entry.string(1, name)
                    entry.message(2) { protobufValue in
                        switch value {
                        case .number(let number): protobufValue.double(2, number)
                        case .string(let text): protobufValue.string(3, text)
                        case .bool(let flag): protobufValue.varint(4, flag ? 1 : 0)
                        }
                    }
                }
            }
            session.double(5, startedAt)
        }
        return data.bytes
    }

    /// The `HParamsPluginData` of the `_hparams_/session_end_info` summary: the hparams plugin's
    /// `Status` (1 success, 2 failure, 3 running) and the end time.
    static func sessionEndPluginData(status: UInt64, endedAt: Double) -> [UInt8] {
        var data = ProtobufWriter()
        data.message(4) { end in
            end.varint(1, status)
            end.double(2, endedAt)
        }
        return data.bytes
    }
}
