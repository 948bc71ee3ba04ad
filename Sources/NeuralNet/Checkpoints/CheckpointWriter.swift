import TensorCore

/// Appends little-endian values to a byte buffer, the encoding of checkpoint files.
struct CheckpointWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A UTF-8 string prefixed by its byte count.
    mutating func append(_ string: String) {
        let utf8 = Array(string.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Rank, dimensions, then the values as IEEE 754 single-precision bits.
    mutating func append(_ tensor: Tensor) {
        append(UInt32(tensor.rank))
        for dimension in tensor.shape { append(UInt64(dimension)) }
        #if _endian(little)
        tensor.storage.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in tensor.storage { append(value.bitPattern) }
        #endif
    }

    mutating func append(floats: [Float]) {
        append(UInt32(floats.count))
        for value in floats { append(value.bitPattern) }
    }

    /// Overwrites bytes at `offset` (for header fields known only at the end).
    mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}
