/// One value of a TensorBoard `Summary` as LRLab writes it.
enum SummaryValue: Equatable, Sendable {
    /// A float scalar (`simple_value`), shown in the Scalars tab.
    case scalar(tag: String, value: Float)
    /// Markdown text: a rank-0 string tensor for the `text` plugin, shown in the Text tab.
    case text(tag: String, text: String)
    /// An hparams-plugin summary: its `HParamsPluginData` in the metadata and an empty float tensor.
    case hparams(tag: String, pluginData: [UInt8])
}

/// Serialized `Event` messages (tensorboard/compat/proto/event.proto).
enum TensorBoardEvent {
    /// TensorFlow's `DataType` values used here (types.proto).
    private static let floatType: UInt64 = 1
    private static let stringType: UInt64 = 7

    /// The first event of every file: `file_version` `brain.Event:2`, naming LRLab as its writer.
    static func fileVersion(wallTime: Double) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        event.string(3, "brain.Event:2")
        event.message(10) { $0.string(1, "lrlab") }
        return event.bytes
    }

    /// An event holding a `Summary` of `values` at `step`.
    static func summary(wallTime: Double, step: Int, values: [SummaryValue]) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        event.int64(2, Int64(step))
        event.message(5) { summary in
            for value in values { summary.message(1) { write(value, into: &$0) } }
        }
        return event.bytes
    }

    /// The fields of one `Summary.Value` (summary.proto).
    private static func write(_ value: SummaryValue, into writer: inout ProtobufWriter) {
        switch value {
        case .scalar(let tag, let number):
            writer.string(1, tag)
            writer.float(2, number)
        case .text(let tag, let text):
            writer.string(1, tag)
            writer.message(9) { metadata in
                // The text plugin's TextPluginData (version 0) serializes to no bytes.
                metadata.message(1) { $0.string(1, "text") }
            }
            writer.message(8) { tensor in
                tensor.varint(1, stringType)
                tensor.message(2) { _ in }
                tensor.string(8, text)
            }
        case .hparams(let tag, let pluginData):
            writer.string(1, tag)
            writer.message(9) { metadata in
                metadata.message(1) { plugin in
                    plugin.string(1, "hparams")
                    plugin.bytes(2, pluginData)
                }
            }
            writer.message(8) { tensor in
                tensor.varint(1, floatType)
                tensor.message(2) { shape in shape.message(2) { _ in } }
            }
        }
    }
}
