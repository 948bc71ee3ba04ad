#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// The folder of one run, `<out>/<run-id>/`, and the atomic writes into it.
public struct RunDirectory: Sendable {
    /// What to do when the run's folder already exists.
    public enum CollisionPolicy: Sendable {
        /// Use `<id>-2`, `<id>-3`, … (the default: an earlier run is never overwritten).
        case suffix
        /// Write into the existing folder, replacing its files.
        case reuse
        /// Throw an error naming the folder.
        case fail
        /// Write into the existing folder after removing everything an earlier attempt left in
        /// it: for redoing an interrupted or failed run in place. The caller decides that the
        /// folder holds such a run (a sweep skips the completed ones first).
        case restart
    }

    /// The run id actually used (with a suffix after a collision).
    public let id: String
    /// The folder's path.
    public let path: String
    public var writer: ArtifactWriter

    /// Uses an existing folder as is.
    public init(existing path: String, id: String, writer: ArtifactWriter = ArtifactWriter()) {
        self.path = path
        self.id = id
        self.writer = writer
    }

    /// Creates `<out>/<id>/`, creating `out` and its parents as needed.
    ///
    /// Staging folders and temporary files that killed processes of this machine left in `out`
    /// (or in a reused folder) are removed first (`ArtifactWriter.removeAbandonedTemporaries`).
    ///
    /// With `firstFile`, the folder appears with that file already complete inside: it is made
    /// under a hidden name (`.<id>.tmp-<host>-<pid>`), the file written into it, and then renamed
    /// into place, so a process killed at any moment never leaves a run folder without its
    /// manifest. `firstFile` gets the id actually used (with a collision's suffix) and returns
    /// the file's name and text. A reused or restarted folder gets the file (atomically) before
    /// anything else in it is removed.
    public static func create(in out: String, id: String, collision: CollisionPolicy = .suffix,
                              writer: ArtifactWriter = ArtifactWriter(),
                              firstFile: ((_ id: String) throws -> (name: String, text: String))? = nil) throws -> RunDirectory {
        guard RunID.isValid(id) else {
            throw ArtifactError(path: out, operation: "create a run folder in",
                                detail: "run id '\(id)' may use only a-z, 0-9 and '-'")
        }
        try createFolders(out)
        ArtifactWriter.removeAbandonedTemporaries(in: out)
        let base = out.hasSuffix("/") ? out : out + "/"
        var attempt = 1
        while true {
            let candidate = attempt == 1 ? id : "\(id)-\(attempt)"
            let path = base + candidate
            if let firstFile {
                if try createWithFile(at: path, id: candidate, writer: writer, firstFile: firstFile) {
                    return RunDirectory(existing: path, id: candidate, writer: writer)
                }
            } else {
                if mkdir(path, 0o755) == 0 { return RunDirectory(existing: path, id: candidate, writer: writer) }
                guard errno == EEXIST else { throw ArtifactError.system("create the run folder", path: path) }
            }
            switch collision {
            case .reuse:
                guard isFolder(path) else { throw ArtifactError(path: path, operation: "use the run folder", code: ENOTDIR) }
                ArtifactWriter.removeAbandonedTemporaries(in: path)
                let directory = RunDirectory(existing: path, id: candidate, writer: writer)
                if let firstFile { try directory.write(firstFile(candidate)) }
                return directory
            case .restart:
                guard isFolder(path) else { throw ArtifactError(path: path, operation: "use the run folder", code: ENOTDIR) }
                let directory = RunDirectory(existing: path, id: candidate, writer: writer)
                var kept: String?
                if let firstFile {
                    let file = try firstFile(candidate)
                    try directory.write(file)
                    kept = file.name
                }
                try removeContents(of: path, keeping: kept)
                return directory
            case .fail:
                throw ArtifactError(path: path, operation: "create the run folder",
                                    detail: "it already exists; remove it or choose another output folder (`outputDirectory`)")
            case .suffix:
                attempt += 1
            }
        }
    }

    /// The path of `file` inside the run folder.
    public func path(for file: String) -> String { path + "/" + file }

    /// Atomically replaces `file` in the run folder with `text`.
    public func write(_ text: String, to file: String) throws {
        try writer.write(text, to: path(for: file))
    }

    private func write(_ file: (name: String, text: String)) throws {
        try write(file.text, to: file.name)
    }

    /// Makes the folder `path` holding `firstFile` through a hidden staging folder renamed into
    /// place; false when `path` already exists (and is not an empty folder).
    private static func createWithFile(at path: String, id: String, writer: ArtifactWriter,
                                       firstFile: (String) throws -> (name: String, text: String)) throws -> Bool {
        if access(path, F_OK) == 0 { return false }
        let staging = ArtifactWriter.temporaryPath(for: path)
        if mkdir(staging, 0o755) != 0 {
            let code = errno
            // A staging folder of an earlier process with this pid (killed): start it afresh.
            guard code == EEXIST, isFolder(staging) else {
                throw ArtifactError(path: path, operation: "create the run folder", code: code)
            }
            try removeContents(of: staging, keeping: nil)
        }
        let file: (name: String, text: String)
        do { file = try firstFile(id) } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        do {
            try writer.write(file.text, to: staging + "/" + file.name)
        } catch let error as ArtifactError {
            try? FileManager.default.removeItem(atPath: staging)
            // Named as the file the user will look for, not its staging folder.
            throw ArtifactError(path: path + "/" + file.name, operation: error.operation, code: error.code, detail: error.detail)
        }
        // rename(2) replaces only an empty folder, so an existing run is never touched.
        if rename(staging, path) == 0 { return true }
        let code = errno
        try? FileManager.default.removeItem(atPath: staging)
        guard code == EEXIST || code == ENOTEMPTY else {
            throw ArtifactError(path: path, operation: "create the run folder", code: code)
        }
        return false
    }

    /// `mkdir -p`: creates `path` and missing parents, failing when a part is not a folder.
    static func createFolders(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") where !part.isEmpty {
            current += "/" + part
            if mkdir(current, 0o755) != 0 {
                let code = errno
                guard code == EEXIST else { throw ArtifactError(path: current, operation: "create the folder", code: code) }
                guard isFolder(current) else {
                    throw ArtifactError(path: current, operation: "create the folder", code: ENOTDIR)
                }
            }
        }
    }

    /// Removes every file and folder inside `path` but `kept`, keeping `path` itself.
    private static func removeContents(of path: String, keeping kept: String?) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw ArtifactError(path: path, operation: "list the earlier attempt's files in", detail: "\(error.localizedDescription)")
        }
        for name in names where name != kept {
            do { try FileManager.default.removeItem(atPath: path + "/" + name) } catch {
                throw ArtifactError(path: path + "/" + name, operation: "remove the earlier attempt's file",
                                    detail: "\(error.localizedDescription)")
            }
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
