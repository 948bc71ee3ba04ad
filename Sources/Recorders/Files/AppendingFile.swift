#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file that grows by appended lines (or records) while a run goes on.
///
/// Each `append` is handed to the operating system at once (one `write` call, no buffering in
/// the process), so when the process crashes every line appended before is readable.
final class AppendingFile {
    let path: String
    private var fd: Int32

    /// Opens the file at `path` for appending, creating it, and emptying it when `truncating`.
    init(path: String, truncating: Bool = true) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | (truncating ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw ArtifactError.system("create", path: path) }
    }

    deinit {
        close()
    }

    /// Appends `text` (UTF-8) to the end of the file.
    func append(_ text: String) throws {
        try append(Array(text.utf8))
    }

    /// Appends `bytes` to the end of the file.
    func append(_ bytes: [UInt8]) throws {
        guard fd >= 0 else {
            throw ArtifactError(path: path, operation: "append to", detail: "the file was already closed")
        }
        try ArtifactWriter.writeAll(bytes, to: fd, path: path)
    }

    /// Closes the file, reporting a failed close (data the system could not write); later
    /// appends fail.
    func finish() throws {
        guard fd >= 0 else { return }
        #if canImport(Glibc)
        let result = Glibc.close(fd)
        #else
        let result = Darwin.close(fd)
        #endif
        fd = -1
        if result != 0 { throw ArtifactError.system("close", path: path) }
    }

    /// Closes the file, ignoring errors (when the file is rewritten anyway); later appends fail.
    func close() {
        guard fd >= 0 else { return }
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
        fd = -1
    }
}
