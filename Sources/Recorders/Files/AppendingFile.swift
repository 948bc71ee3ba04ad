#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file that grows by appended lines (or records) while a run goes on.
///
/// Each `append` is handed to the operating system at once (one `write` call, no buffering in
/// the process), so when the process crashes every line appended before is readable. An append
/// that fails half-way (a full disk) is cut off again, so the file never ends in a part of a line.
final class AppendingFile {
    let path: String
    private var fd: Int32
    /// The file's length after the last complete append.
    private var end: off_t = 0
    /// The system call that writes bytes (`write(2)` unless replaced): a test seam, like
    /// `ArtifactWriter.writeCall`, to make an append fail half-way.
    var writeCall: @Sendable (Int32, UnsafeRawPointer, Int) -> Int = { systemWrite($0, $1, $2) }

    /// Opens the file at `path` for appending, creating it, and emptying it when `truncating`.
    init(path: String, truncating: Bool = true) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | (truncating ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw ArtifactError.system("create", path: path) }
        end = lseek(fd, 0, SEEK_END)
        if end < 0 { end = 0 }
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
        do {
            try ArtifactWriter.writeAll(bytes, to: fd, path: path, using: writeCall)
        } catch {
            // Drops the bytes that did reach the file; with O_APPEND the next append starts there.
            _ = ftruncate(fd, end)
            throw error
        }
        end += off_t(bytes.count)
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
