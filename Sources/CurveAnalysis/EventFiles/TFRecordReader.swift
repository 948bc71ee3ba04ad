#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A TFRecord file that cannot be read; the description names the file, the record and the fix.
public struct TFRecordError: Error, Equatable, CustomStringConvertible {
    public let path: String
    /// The 1-based number of the record at fault, when the fault is in one.
    public let record: Int?
    public let message: String

    public init(path: String, record: Int?, message: String) {
        self.path = path
        self.record = record
        self.message = message
    }

    public var description: String {
        record.map { "\(path): record \($0): \(message)" } ?? "\(path): \(message)"
    }
}

/// Reads the records of a TFRecord file (such as a TensorBoard event file) one at a time,
/// checking both checksums of each.
///
/// A file that ends inside a record (a writer interrupted mid-write, or a file still being
/// written) ends the records there: `next()` returns nil and `endsInPartialRecord` is true, as
/// TensorBoard's own reader does. A record claiming more than `maximumRecordLength` bytes is
/// refused before anything is allocated for it.
public final class TFRecordReader {
    public let path: String
    /// The largest record length accepted.
    public let maximumRecordLength: Int
    /// Records returned so far.
    public private(set) var recordCount = 0
    /// Whether the file ended inside a record (after the last whole one).
    public private(set) var endsInPartialRecord = false
    /// The offset of the first byte after the last whole record.
    public private(set) var offset = 0
    private var file: UnsafeMutablePointer<FILE>?

    /// 256 MiB: far above any scalar or text record, well below what a damaged length claims.
    public static let defaultMaximumRecordLength = 256 << 20

    /// Opens the file at `path`.
    public init(path: String, maximumRecordLength: Int = TFRecordReader.defaultMaximumRecordLength) throws {
        self.path = path
        self.maximumRecordLength = maximumRecordLength
        guard let file = fopen(path, "rb") else {
            throw TFRecordError(path: path, record: nil,
                                message: "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        self.file = file
    }

    deinit {
        if let file { fclose(file) }
    }

    /// The data of the next record, or nil at the end of the file (or of its last whole record).
    public func next() throws -> [UInt8]? {
        guard let file, !endsInPartialRecord else { return nil }
        let number = recordCount + 1
        var header = [UInt8](repeating: 0, count: TFRecord.headerSize)
        let headerRead = fread(&header, 1, header.count, file)
        if headerRead == 0 {
            try checkReadError(record: number)
            return nil
        }
        guard headerRead == header.count else { return try partial(record: number) }
        let length = header[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let storedLengthCRC = littleEndianUInt32(header[8..<12])
        guard CRC32C.masked(CRC32C.checksum(header[0..<8])) == storedLengthCRC else {
            let hint = number == 1 ? "the file is not a TFRecord (TensorBoard event) file, or is damaged"
                                   : "the file is damaged (the record starts at byte \(offset))"
            throw TFRecordError(path: path, record: number, message: "the length's checksum does not match; \(hint)")
        }
        guard length <= UInt64(maximumRecordLength) else {
            throw TFRecordError(path: path, record: number,
                                message: "claims \(length) bytes, more than the \(maximumRecordLength)-byte limit; "
                                    + "the file is damaged or not a TensorBoard event file")
        }
        // A length beyond the file's end is a cut record: stop before allocating a buffer for it.
        let remaining = try remainingBytes(record: number)
        guard Int(length) + TFRecord.footerSize <= remaining else { return try partial(record: number) }
        var data = [UInt8](repeating: 0, count: Int(length) + TFRecord.footerSize)
        guard fread(&data, 1, data.count, file) == data.count else { return try partial(record: number) }
        let storedDataCRC = littleEndianUInt32(data[Int(length)...])
        data.removeLast(TFRecord.footerSize)
        guard CRC32C.maskedChecksum(data) == storedDataCRC else {
            throw TFRecordError(path: path, record: number,
                                message: "the data's checksum does not match; the file is damaged (the record starts at byte \(offset))")
        }
        recordCount = number
        offset += TFRecord.headerSize + data.count + TFRecord.footerSize
        return data
    }

    /// Bytes from the current position to the end of the file.
    private func remainingBytes(record: Int) throws -> Int {
        guard let file else { return 0 }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else {
            throw TFRecordError(path: path, record: record,
                                message: "cannot read the file's size (\(String(cString: strerror(errno))))")
        }
        return max(0, Int(info.st_size) - offset - TFRecord.headerSize)
    }

    private func partial(record: Int) throws -> [UInt8]? {
        try checkReadError(record: record)
        endsInPartialRecord = true
        return nil
    }

    private func checkReadError(record: Int) throws {
        guard let file, ferror(file) != 0 else { return }
        throw TFRecordError(path: path, record: record,
                            message: "cannot read the file (\(String(cString: strerror(errno))))")
    }

    private func littleEndianUInt32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
