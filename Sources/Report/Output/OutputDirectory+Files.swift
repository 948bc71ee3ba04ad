import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX file writing for the output folder: thousands of small files, so no Foundation overhead.
extension OutputDirectory {
    /// Creates folder `path` unless it already is one.
    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) == 0 { return }
        let code = errno
        var status = stat()
        if code == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return }
        throw ReportError.io(path: path, problem: "cannot create the folder (\(String(cString: strerror(code))))")
    }

    /// Writes `data` to `path` unless the file already holds exactly these bytes.
    ///
    /// A file that does not exist yet is written in place (no reader can see an older version, and
    /// a build cut short leaves a file the next build finds different and rewrites); an existing
    /// one is replaced atomically. On a first build this halves the file-system work.
    static func writeIfChanged(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if descriptor >= 0 {
            let written = writeAll(data, to: descriptor)
            guard close(descriptor) == 0, written else {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw ReportError.io(path: path, problem: "cannot write (\(reason))")
            }
            return
        }
        guard errno == EEXIST else {
            throw ReportError.io(path: path, problem: "cannot create the file (\(String(cString: strerror(errno))))")
        }
        if holds(data, path: path) { return }
        try writeAtomically(data, to: path)
    }

    /// Writes every byte of `data` to `descriptor`, retrying after interruptions.
    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var sent = 0
            while sent < raw.count {
                let count = posixWrite(descriptor, raw.baseAddress! + sent, raw.count - sent)
                if count < 0 { if errno == EINTR { continue }; return false }
                sent += count
            }
            return true
        }
    }

    /// True when the regular file at `path` has exactly the bytes of `data`.
    static func holds(_ data: Data, path: String) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == data.count else {
            return false
        }
        if data.isEmpty { return true }
        let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
        defer { existing.deallocate() }
        var filled = 0
        while filled < data.count {
            let count = read(descriptor, existing.baseAddress! + filled, data.count - filled)
            if count <= 0 { return false }
            filled += count
        }
        return data.withUnsafeBytes { memcmp($0.baseAddress!, existing.baseAddress!, data.count) == 0 }
    }

    /// Writes to a temporary sibling, then renames it over `path` (no fsync: a crash leaves old or new bytes).
    static func writeAtomically(_ data: Data, to path: String) throws {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let temporary = String(path[..<slash]) + "." + path[slash...] + ".tmp"
        func failure(_ action: String) -> ReportError {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return ReportError.io(path: path, problem: "cannot \(action) (\(reason))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("create the temporary file \(temporary)") }
        let written = writeAll(data, to: descriptor)
        guard close(descriptor) == 0, written else { throw failure("write") }
        guard rename(temporary, path) == 0 else { throw failure("rename the temporary file into place") }
    }
}

/// `write(2)`; at file scope so the name does not clash with `OutputDirectory.write(_:)`.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
