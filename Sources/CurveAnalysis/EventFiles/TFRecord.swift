/// The TFRecord framing of TensorBoard event files.
///
/// Each record is the data's length as a little-endian `UInt64`, the masked CRC-32C of those 8
/// bytes (little-endian `UInt32`), the data, and the masked CRC-32C of the data.
public enum TFRecord {
    /// Bytes before a record's data: the length and its checksum.
    public static let headerSize = 12
    /// Bytes after a record's data: its checksum.
    public static let footerSize = 4

    /// Appends `data` to `output` as one framed record.
    public static func append(_ data: [UInt8], to output: inout [UInt8]) {
        let length = littleEndianBytes(UInt64(data.count))
        output += length
        output += littleEndianBytes(CRC32C.maskedChecksum(length))
        output += data
        output += littleEndianBytes(CRC32C.maskedChecksum(data))
    }

    /// `data` as one framed record.
    public static func framed(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count + headerSize + footerSize)
        append(data, to: &output)
        return output
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
