import Foundation

/// A file that cannot be read as an IDX file (the MNIST format), naming the file, the problem and
/// how to fix it.
public struct IDXError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// What is wrong with the file.
    public enum Problem: Equatable, Sendable {
        /// The file cannot be opened or read; the associated text is the system's reason.
        case unreadable(String)
        /// Fewer than the 4 magic bytes or the dimension sizes the magic announces.
        case headerTooShort(needed: Int, actual: Int)
        /// The magic number is not the expected one (or not IDX at all).
        case badMagic(found: UInt32, expected: UInt32?)
        /// The element type byte is not 0x08 (unsigned byte), the only type supported.
        case unsupportedDataType(UInt8)
        /// The payload holds fewer bytes than the dimensions announce.
        case truncatedPayload(expectedBytes: Int, actualBytes: Int)
        /// Bytes follow the payload.
        case trailingBytes(count: Int)
        /// The gzip stream is damaged; the associated text is zlib's reason.
        case corruptGzip(String)
        /// The gzip stream stops before its end marker.
        case truncatedGzip
        /// Bytes that are not another gzip member follow the gzip stream.
        case trailingGarbageAfterGzip(count: Int)
    }

    /// The file's path.
    public var path: String
    public var problem: Problem
    /// How to get a good file, such as "reinstall with `apt-get reinstall ...`".
    public var hint: String

    /// The hint used when the caller knows nothing better about where the file came from.
    public static let defaultHint = "replace it with a complete, uncorrupted copy of the file"

    public init(path: String, problem: Problem, hint: String = IDXError.defaultHint) {
        self.path = path
        self.problem = problem
        self.hint = hint
    }

    public var description: String { "\(path): \(problemText); \(hint)" }

    public var errorDescription: String? { description }

    private var problemText: String {
        switch problem {
        case .unreadable(let reason):
            return "cannot read the file (\(reason))"
        case .headerTooShort(let needed, let actual):
            return "the IDX header needs \(needed) bytes but the file has only \(actual) (truncated or not an IDX file)"
        case .badMagic(let found, let expected):
            let want = expected.map { " expected \(IDXError.hex($0)) (\(IDXError.kind(of: $0)))," } ?? ""
            let idxLike = found >> 16 == 0 && expected != nil
            return "bad magic number \(IDXError.hex(found)),\(want) so this is not"
                + (idxLike ? " the right kind of IDX file" : " an IDX file")
        case .unsupportedDataType(let type):
            return "data type 0x\(String(format: "%02x", type)) is not supported, only 0x08 (unsigned byte)"
        case .truncatedPayload(let expected, let actual):
            return "truncated: the header announces \(expected) data bytes but only \(actual) follow"
        case .trailingBytes(let count):
            return "\(count) unexpected bytes follow the data the header announces"
        case .corruptGzip(let reason):
            return "corrupt gzip stream (\(reason))"
        case .truncatedGzip:
            return "the gzip stream ends early (the download or copy was cut short)"
        case .trailingGarbageAfterGzip(let count):
            return "\(count) bytes of garbage follow the end of the gzip stream"
        }
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(format: "%08x", value) }

    static func kind(of magic: UInt32) -> String {
        switch magic {
        case IDXFile.imagesMagic: return "unsigned-byte images, 3 dimensions"
        case IDXFile.labelsMagic: return "unsigned-byte labels, 1 dimension"
        default: return "unsigned byte, \(magic & 0xFF) dimensions"
        }
    }
}
