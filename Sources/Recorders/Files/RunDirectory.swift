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
    public static func create(in out: String, id: String, collision: CollisionPolicy = .suffix,
                              writer: ArtifactWriter = ArtifactWriter()) throws -> RunDirectory {
        guard RunID.isValid(id) else {
            throw ArtifactError(path: out, operation: "create a run folder in",
                                detail: "run id '\(id)' may use only a-z, 0-9 and '-'")
        }
        try createFolders(out)
        let base = out.hasSuffix("/") ? out : out + "/"
        var attempt = 1
        while true {
            let candidate = attempt == 1 ? id : "\(id)-\(attempt)"
            let path = base + candidate
            if mkdir(path, 0o755) == 0 { return RunDirectory(existing: path, id: candidate, writer: writer) }
            guard errno == EEXIST else { throw ArtifactError.system("create the run folder", path: path) }
            switch collision {
            case .reuse:
                guard isFolder(path) else { throw ArtifactError(path: path, operation: "use the run folder", code: ENOTDIR) }
                return RunDirectory(existing: path, id: candidate, writer: writer)
            case .restart:
                guard isFolder(path) else { throw ArtifactError(path: path, operation: "use the run folder", code: ENOTDIR) }
                try removeContents(of: path)
                return RunDirectory(existing: path, id: candidate, writer: writer)
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

    /// Removes every file and folder inside `path`, keeping `path` itself.
    private static func removeContents(of path: String) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw ArtifactError(path: path, operation: "list the earlier attempt's files in", detail: "\(error.localizedDescription)")
        }
        for name in names {
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
