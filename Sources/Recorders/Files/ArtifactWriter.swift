#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// Writes whole files atomically: to a temporary file in the same folder, then renamed over the
/// target, so readers see either the previous complete version or the new one.
public struct ArtifactWriter: Sendable {
    /// Whether to flush data to the disk before the rename (survives power loss, costs time).
    public var synchronizes: Bool
    /// The system call that writes bytes to a descriptor (`write(2)` unless replaced).
    ///
    /// A test seam: tests replace it (through `@testable import`) to make a write fail half-way and
    /// check that the previous file survives. Production code never sets it.
    var writeCall: @Sendable (Int32, UnsafeRawPointer, Int) -> Int = { systemWrite($0, $1, $2) }

    public init(synchronizes: Bool = false) {
        self.synchronizes = synchronizes
    }

    /// Replaces the file at `path` with `text` (UTF-8).
    public func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Replaces the file at `path` with `bytes`.
    public func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = Self.temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ArtifactError.system("create a temporary file for", path: path) }
        do {
            try Self.writeAll(bytes, to: fd, path: path, using: writeCall)
            if synchronizes, fsync(fd) != 0 { throw ArtifactError.system("flush", path: path) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let failure = ArtifactError.system("write", path: path)
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let failure = ArtifactError.system("replace", path: path)
            unlink(temporary)
            throw failure
        }
    }

    /// A hidden sibling of `path`, unique to this process on this machine: the host name is part
    /// of it, since processes of two machines sharing the folder (NFS) may have the same pid.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name).tmp-\(hostName)-\(getpid())"
    }

    /// Removes the temporary files and staging folders in `folder` that processes of this machine
    /// left when they were killed: hidden `temporaryPath` names whose process no longer runs.
    ///
    /// Names of other machines are kept (their processes cannot be asked), and so are this
    /// process's own and those of processes still running. Returns the names removed.
    @discardableResult
    public static func removeAbandonedTemporaries(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        var names = [String]()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            names.append(name)
        }
        closedir(directory)
        let marker = ".tmp-\(hostName)-"
        var removed = [String]()
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: marker, options: .backwards),
                  let pid = Int32(name[range.upperBound...]), pid > 0, pid != getpid() else { continue }
            // kill(pid, 0) asks whether the process exists without signalling it.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        return removed.sorted()
    }

    /// This machine's name, reduced to characters safe in a file name.
    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "." ? Character(scalar) : "_"
        })
        return safe.isEmpty ? "host" : safe
    }()

    /// Writes every byte with `writeCall`, retrying short writes and interrupted calls.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String,
                         using writeCall: (Int32, UnsafeRawPointer, Int) -> Int = systemWrite) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = writeCall(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ArtifactError.system("write", path: path)
                }
                offset += written
            }
        }
    }
}

/// The system `write`, named apart from the methods called `write` in this module.
@inline(__always)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
