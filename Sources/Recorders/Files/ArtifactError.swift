#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Training

/// A failure to create or write a run artifact, naming the path and what to do about it.
public struct ArtifactError: FileFailure, Equatable {
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

    public var description: String { description(forPaths: [path]) }

    /// Why it failed and what to do: the system's message with a hint, then `detail`.
    private var reason: String {
        var parts: [String] = []
        if let code {
            var text = String(cString: strerror(code))
            if let hint = Self.hint(for: code) { text += " (\(hint))" }
            parts.append(text)
        }
        if let detail { parts.append(detail) }
        return parts.joined(separator: ": ")
    }

    /// "cannot write 'a', 'b' and 'c': reason", the paths in the order given.
    public func description(forPaths paths: [String]) -> String {
        let quoted = paths.map { "'\($0)'" }
        let names = quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " and " + quoted.last! : quoted.joined()
        let reason = self.reason
        return "cannot \(operation) \(names)" + (reason.isEmpty ? "" : ": \(reason)")
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

    public func sharesCause(with other: any FileFailure) -> Bool {
        guard let other = other as? ArtifactError else { return false }
        return operation == other.operation && code == other.code && detail == other.detail
    }
}
