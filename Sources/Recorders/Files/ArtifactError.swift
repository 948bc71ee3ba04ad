#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A failure to create or write a run artifact, naming the path and what to do about it.
public struct ArtifactError: Error, CustomStringConvertible, Equatable {
    /// The file or folder that could not be written.
    public let path: String
    /// What was being attempted, such as "create the run folder".
    public let operation: String
    /// The POSIX error number, when the failure came from the system.
    public let code: Int32?
    /// Extra explanation for failures that are not system errors.
    public let detail: String?

    public init(path: String, operation: String, code: Int32? = nil, detail: String? = nil) {
        self.path = path
        self.operation = operation
        self.code = code
        self.detail = detail
    }

    /// An error for the current `errno`.
    static func system(_ operation: String, path: String) -> ArtifactError {
        ArtifactError(path: path, operation: operation, code: errno)
    }

    public var description: String {
        var text = "cannot \(operation) '\(path)'"
        if let code {
            text += ": " + String(cString: strerror(code))
            if let hint = Self.hint(for: code) { text += " (\(hint))" }
        }
        if let detail { text += ": \(detail)" }
        return text
    }

    /// How to fix the common system failures.
    private static func hint(for code: Int32) -> String? {
        switch code {
        case ENOSPC: return "the disk is full; free space or choose another output folder (`outputDirectory`)"
        case EDQUOT: return "the disk quota is exhausted; free space or choose another output folder (`outputDirectory`)"
        case EACCES, EPERM: return "no permission; choose a writable output folder (`outputDirectory`)"
        case EROFS: return "the file system is read-only; choose another output folder (`outputDirectory`)"
        case ENOTDIR: return "a part of the path is a file, not a folder; choose another output folder (`outputDirectory`)"
        case ENOENT: return "a parent folder does not exist"
        default: return nil
        }
    }
}
