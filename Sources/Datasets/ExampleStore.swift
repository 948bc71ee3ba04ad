import TensorCore

/// The input values of a data set's examples, one fixed-size example after another in row-major
/// order: either `Float`s, or bytes that a 256-entry table decodes (images at one byte a pixel).
///
/// A byte store is transformed by rewriting its table, never its bytes, so standardising 47 MB of
/// Fashion-MNIST pixels costs 256 operations; `gather` decodes only the examples of a batch.
struct ExampleStore: Sendable {
    enum Values: Sendable {
        /// All the examples as one tensor `[exampleCount, ...]`, handed out as is by `inputs`.
        case floats(Tensor)
        /// The bytes and the `Float` each byte value stands for: one table of 256 values for
        /// every value, or one per channel (the first axis of an example), one after another.
        case bytes([UInt8], decoded: [Float])
    }

    var values: Values
    /// The shape of one example.
    let exampleShape: [Int]
    /// The number of examples.
    let exampleCount: Int
    /// The number of values in one example.
    let stride: Int

    init(values: Values, exampleShape: [Int], exampleCount: Int) {
        let stride = exampleShape.reduce(1, *)
        switch values {
        case .floats(let tensor):
            precondition(tensor.shape == [exampleCount] + exampleShape,
                         "\(exampleCount) examples of shape \(exampleShape) do not fit a tensor of shape \(tensor.shape)")
        case .bytes(let bytes, let decoded):
            precondition(bytes.count == stride * exampleCount,
                         "\(exampleCount) examples of shape \(exampleShape) need \(stride * exampleCount) bytes, got \(bytes.count)")
            precondition(decoded.count == 256 || (decoded.count == 256 * (exampleShape.first ?? 1) && stride > 0),
                         "a byte store decodes through 256 values (or 256 per channel), got \(decoded.count)")
        }
        self.values = values
        self.exampleShape = exampleShape
        self.exampleCount = exampleCount
        self.stride = stride
    }

    /// The table mapping byte `b` to `Float(b) * scale`, the same product a per-pixel loop computes.
    static func scaledBytes(by scale: Float) -> [Float] {
        (0..<256).map { Float($0) * scale }
    }

    /// Whether the values are held as bytes.
    var holdsBytes: Bool {
        if case .bytes = values { return true }
        return false
    }

    /// Writes the decoded values of the examples at `rows` (store indices, in range) one after
    /// another into `buffer`, which has room for `rows.count * stride` values.
    func gather(rows: some Collection<Int>, into buffer: UnsafeMutableBufferPointer<Float>) {
        let stride = self.stride
        guard stride > 0, let destination = buffer.baseAddress, !rows.isEmpty else { return }
        precondition(buffer.count >= rows.count * stride, "the buffer is too small for \(rows.count) examples")
        switch values {
        case .floats(let tensor):
            tensor.storage.withUnsafeBufferPointer { source in
                var out = destination
                for row in rows {
                    out.update(from: source.baseAddress! + row * stride, count: stride)
                    out += stride
                }
            }
        case .bytes(let bytes, let decoded):
            // One table for all values, or one per channel, each covering `stride / tables` values.
            let tables = decoded.count / 256
            let plane = stride / tables
            bytes.withUnsafeBufferPointer { source in
                decoded.withUnsafeBufferPointer { table in
                    var out = destination
                    for row in rows {
                        let example = source.baseAddress! + row * stride
                        for channel in 0..<tables {
                            let channelTable = table.baseAddress! + 256 * channel
                            let values = example + channel * plane, channelOut = out + channel * plane
                            for k in 0..<plane { channelOut[k] = channelTable[Int(values[k])] }
                        }
                        out += stride
                    }
                }
            }
        }
    }

    /// Replaces every value `v` by `(v - shift) * scale` (rounded as written: not fused).
    ///
    /// Floats are rewritten in place (copied first only when the array is shared); bytes keep
    /// their values and the table is rewritten instead.
    mutating func applyAffine(subtracting shift: Float, multiplyingBy scale: Float) {
        switch values {
        case .floats(var tensor):
            values = .bytes([], decoded: [])  // drop the enum's reference so that `tensor` is not copied
            tensor.storage.withUnsafeMutableBufferPointer { v in
                for i in v.indices { v[i] = (v[i] - shift) * scale }
            }
            values = .floats(tensor)
        case .bytes(let bytes, var decoded):
            // Every table, whether one or one per channel.
            for b in decoded.indices { decoded[b] = (decoded[b] - shift) * scale }
            values = .bytes(bytes, decoded: decoded)
        }
    }

    /// Replaces every value `v` of channel `c` (the first axis of an example) by
    /// `(v - shifts[c]) * scales[c]`, rounded as `applyAffine(subtracting:multiplyingBy:)` rounds.
    ///
    /// Byte stores get one decoding table per channel (256 values each); their bytes stay as they are.
    mutating func applyAffine(channelShifts shifts: [Float], channelScales scales: [Float]) {
        let channels = shifts.count
        precondition(channels == scales.count && channels == (exampleShape.first ?? 0) && stride % channels == 0,
                     "\(channels) channel statistics for examples of shape \(exampleShape)")
        let plane = stride / channels
        switch values {
        case .floats(var tensor):
            values = .bytes([], decoded: [])  // drop the enum's reference so that `tensor` is not copied
            tensor.storage.withUnsafeMutableBufferPointer { v in
                for start in Swift.stride(from: 0, to: v.count, by: stride) {
                    for channel in 0..<channels {
                        let shift = shifts[channel], scale = scales[channel]
                        let first = start + channel * plane
                        for i in first..<(first + plane) { v[i] = (v[i] - shift) * scale }
                    }
                }
            }
            values = .floats(tensor)
        case .bytes(let bytes, let decoded):
            var tables = [Float]()
            tables.reserveCapacity(256 * channels)
            for channel in 0..<channels {
                let source = decoded.count == 256 ? 0 : 256 * channel
                for b in 0..<256 { tables.append((decoded[source + b] - shifts[channel]) * scales[channel]) }
            }
            values = .bytes(bytes, decoded: tables)
        }
    }

    /// The examples at `rows` as a new store of their own (the rows' values copied once).
    func compacted(rows: [Int]) -> ExampleStore {
        switch values {
        case .floats:
            let floats = [Float](unsafeUninitializedCapacity: rows.count * stride) { buffer, initialized in
                gather(rows: rows, into: buffer)
                initialized = rows.count * stride
            }
            return ExampleStore(values: .floats(Tensor(shape: [rows.count] + exampleShape, storage: floats)),
                                exampleShape: exampleShape, exampleCount: rows.count)
        case .bytes(let bytes, let decoded):
            let stride = self.stride
            let kept = [UInt8](unsafeUninitializedCapacity: rows.count * stride) { buffer, initialized in
                bytes.withUnsafeBufferPointer { source in
                    guard stride > 0, let start = buffer.baseAddress else { return }
                    for (position, row) in rows.enumerated() {
                        (start + position * stride).update(from: source.baseAddress! + row * stride, count: stride)
                    }
                }
                initialized = rows.count * stride
            }
            return ExampleStore(values: .bytes(kept, decoded: decoded), exampleShape: exampleShape, exampleCount: rows.count)
        }
    }
}
