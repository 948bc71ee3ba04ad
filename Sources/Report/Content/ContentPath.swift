import Foundation

/// Guards against content that points outside its folder through `..`, absolute paths or symlinks.
enum ContentPath {
    /// The path with symlinks resolved (the file need not exist; its existing ancestors are resolved).
    static func resolved(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// True when `child` (after resolving symlinks) is `root` or inside it.
    static func isInside(_ child: URL, root: URL) -> Bool {
        let rootPath = resolved(root)
        let childPath = resolved(child)
        return childPath == rootPath || childPath.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/")
    }

    /// `name` as a single file or folder name: no separators, no `.`/`..`, not absolute, not empty.
    static func isPlainName(_ name: String) -> Bool {
        // Bytes, not Foundation's Character search: a `/` with a combining mark after it is still a separator
        // to the file system (and the byte test is much cheaper).
        !name.isEmpty && name != "." && name != ".."
            && !name.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }
    }

    /// Resolves `name` under `root`, refusing names with separators and symlinks that escape `root`.
    static func child(_ name: String, of root: URL, citedIn file: String) throws -> URL {
        guard isPlainName(name) else { throw ReportError.pathEscapes(file: file, path: name) }
        let url = root.appendingEntry(name)
        // A plain name that is not a symlink cannot leave `root`; only symlinks need resolving.
        guard isSymbolicLink(url) else { return url }
        guard isInside(url, root: root) else { throw ReportError.pathEscapes(file: file, path: url.path) }
        return url
    }

    /// Entries of a folder sorted by name, hidden ones left out; empty when the folder is missing.
    static func sortedEntries(of folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func isSymbolicLink(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

extension URL {
    /// `self/name`, without the file-system lookup `appendingPathComponent(_:)` makes to decide
    /// whether the result is a folder (one `stat` per call, thousands per build).
    func appendingEntry(_ name: String) -> URL {
        appending(path: name, directoryHint: .notDirectory)
    }
}
