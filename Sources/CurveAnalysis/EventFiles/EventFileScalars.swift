/// The scalar series in TensorBoard event files, by tag.
///
/// Reads both ways scalars are stored: a summary value's `simple_value` (TensorFlow 1,
/// `torch.utils.tensorboard`, tensorboardX, Lightning, LRLab) and a rank-0 `float` or `double`
/// tensor (TensorFlow 2's `tf.summary.scalar`, `tensorboard.summary.Writer`). Tensors of tags
/// whose summary metadata names another plugin than `scalars` (text, hparams, …) are skipped,
/// as are images, histograms and audio.
public struct EventFileScalars: Sendable {
    /// One scalar value.
    public struct Point: Sendable, Equatable {
        public var step: Int64
        public var wallTime: Double
        public var value: Double

        public init(step: Int64, wallTime: Double, value: Double) {
            self.step = step
            self.wallTime = wallTime
            self.value = value
        }
    }

    /// The points of each tag, in file order.
    public private(set) var series: [String: [Point]] = [:]
    /// The scalar tags in the order they first appear.
    public private(set) var tags: [String] = []
    /// The first event's `file_version`, such as `brain.Event:2`.
    public private(set) var fileVersion: String?
    /// Events read.
    public private(set) var eventCount = 0
    /// Whether a file ended inside a record (an interrupted writer); the whole records before it were read.
    public private(set) var endsInPartialRecord = false
    /// The plugin named by the first summary metadata of each tag.
    private var pluginOfTag: [String: String] = [:]

    public init() {}

    /// The scalars of the event file at `path`.
    public static func read(path: String) throws -> EventFileScalars {
        var scalars = EventFileScalars()
        try scalars.add(path: path)
        return scalars
    }

    /// Adds the scalars of the event file at `path` (after those already read, as TensorBoard
    /// joins the files of one run folder in name order).
    public mutating func add(path: String) throws {
        let reader = try TFRecordReader(path: path)
        while let record = try reader.next() {
            do {
                try addEvent(record)
            } catch let failure as ProtobufFields.Malformed {
                throw TFRecordError(path: path, record: reader.recordCount,
                                    message: "not a valid TensorBoard Event (\(failure.description)); the file is damaged")
            }
        }
        endsInPartialRecord = endsInPartialRecord || reader.endsInPartialRecord
    }

    /// Adds one serialized `Event` message.
    mutating func addEvent(_ bytes: [UInt8]) throws {
        let event = ProtobufFields(bytes)
        var wallTime = 0.0
        var step: Int64 = 0
        var summary: Range<Int>?
        try event.forEach { field in
            switch (field.number, field.value) {
            case (1, .fixed64(let bits)): wallTime = Double(bitPattern: bits)
            case (2, .varint(let value)): step = Int64(bitPattern: value)
            case (3, .lengthDelimited(let range)): if eventCount == 0 { fileVersion = event.string(range) }
            case (5, .lengthDelimited(let range)): summary = range
            default: break
            }
        }
        eventCount += 1
        guard let summary else { return }
        try event.message(summary).forEach { field in
            guard field.number == 1, case .lengthDelimited(let range) = field.value else { return }
            try addValue(event.message(range), step: step, wallTime: wallTime)
        }
    }

    /// Adds one `Summary.Value` when it holds a scalar.
    private mutating func addValue(_ value: ProtobufFields, step: Int64, wallTime: Double) throws {
        var tag = ""
        var simpleValue: Float?
        var tensor: Range<Int>?
        var plugin: String?
        try value.forEach { field in
            switch (field.number, field.value) {
            case (1, .lengthDelimited(let range)): tag = value.string(range)
            case (2, .fixed32(let bits)): simpleValue = Float(bitPattern: bits)
            case (8, .lengthDelimited(let range)): tensor = range
            case (9, .lengthDelimited(let range)): plugin = try Self.pluginName(metadata: value.message(range))
            default: break
            }
        }
        if let plugin, pluginOfTag[tag] == nil { pluginOfTag[tag] = plugin }
        let number: Double?
        if let simpleValue {
            number = Double(simpleValue)
        } else if let tensor, (pluginOfTag[tag] ?? "scalars") == "scalars" {
            number = try Self.scalar(tensor: value.message(tensor))
        } else {
            number = nil
        }
        guard let number else { return }
        if series[tag] == nil { tags.append(tag) }
        series[tag, default: []].append(Point(step: step, wallTime: wallTime, value: number))
    }

    /// The plugin name in a `SummaryMetadata` (its `plugin_data.plugin_name`), if any.
    private static func pluginName(metadata: ProtobufFields) throws -> String? {
        var name: String?
        try metadata.forEach { field in
            guard field.number == 1, case .lengthDelimited(let range) = field.value else { return }
            try metadata.message(range).forEach { inner in
                if inner.number == 1, case .lengthDelimited(let nameRange) = inner.value {
                    name = metadata.string(nameRange)
                }
            }
        }
        return name
    }

    /// The value of a `TensorProto` holding one `float` (dtype 1) or `double` (dtype 2); nil
    /// for other types and for tensors of any other element count.
    private static func scalar(tensor: ProtobufFields) throws -> Double? {
        var dtype: UInt64 = 0
        var elementCount = 1
        var content: Range<Int>?
        var floats: [Float] = []
        var doubles: [Double] = []
        try tensor.forEach { field in
            switch (field.number, field.value) {
            case (1, .varint(let value)): dtype = value
            case (2, .lengthDelimited(let range)): elementCount = try Self.elementCount(shape: tensor.message(range))
            case (4, .lengthDelimited(let range)): content = range
            case (5, let value): floats += tensor.floats(value)
            case (6, let value): doubles += tensor.doubles(value)
            default: break
            }
        }
        guard elementCount == 1 else { return nil }
        switch dtype {
        case 1:
            if let content, content.count == 4 { return Double(Float(bitPattern: tensor.uint32(at: content.lowerBound))) }
            return floats.count == 1 ? Double(floats[0]) : nil
        case 2:
            if let content, content.count == 8 { return Double(bitPattern: tensor.uint64(at: content.lowerBound)) }
            return doubles.count == 1 ? doubles[0] : nil
        default:
            return nil
        }
    }

    /// The number of elements a `TensorShapeProto` describes, capped at 2 (1 for rank 0, -1 for
    /// unknown sizes).
    private static func elementCount(shape: ProtobufFields) throws -> Int {
        var count = 1
        try shape.forEach { field in
            switch (field.number, field.value) {
            case (2, .lengthDelimited(let range)):
                var size: Int64 = 0
                try shape.message(range).forEach { dim in
                    if dim.number == 1, case .varint(let value) = dim.value { size = Int64(bitPattern: value) }
                }
                count = size < 0 || count < 0 ? -1 : min(count, 2) * Int(min(size, 2))
            case (3, .varint(let unknown)) where unknown != 0:
                count = -1
            default: break
            }
        }
        return count
    }
}
