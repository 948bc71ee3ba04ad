import Foundation

/// An image file found under a folder: where it is (relative to the folder, with `/` separators)
/// and the size and modification time that key its cached pixels.
struct ScannedFile: Equatable, Sendable {
    var relativePath: String
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64
}

/// Walks folders with POSIX calls (one `stat` per entry, which also gives the cache key).
///
/// Names starting with a dot (`.DS_Store`, `.ipynb_checkpoints`, `._x.jpg`) are skipped; symbolic
/// links are followed, a folder reached twice through links only once.
enum FolderScan {
    /// The status of `path` (following links), nil when it does not exist.
    static func status(of path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let info = status(of: path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names of the visible entries of `directory`, sorted by their UTF-8 bytes (Python's order).
    static func entries(of directory: String) throws -> [String] {
        try entriesWithStatus(of: directory).map(\.name)
    }

    /// The visible entries of `directory` with their status (following links; nil for a dangling
    /// link), sorted by name. `fstatat` on the open folder spares a path walk per entry.
    static func entriesWithStatus(of directory: String) throws -> [(name: String, info: stat?)] {
        guard let handle = opendir(directory) else {
            throw ImageFolderError.unreadableFolder(path: directory, reason: String(cString: strerror(errno)))
        }
        defer { closedir(handle) }
        let folder = dirfd(handle)
        var found: [(name: String, info: stat?)] = []
        while let entry = readdir(handle) {
            let (name, info) = withUnsafeBytes(of: entry.pointee.d_name) { bytes -> (String, stat?) in
                let name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                if name.hasPrefix(".") { return (name, nil) }
                var info = stat()
                let found = bytes.withMemoryRebound(to: CChar.self) { fstatat(folder, $0.baseAddress!, &info, 0) == 0 }
                return (name, found ? info : nil)
            }
            if name.hasPrefix(".") { continue }
            found.append((name, info))
        }
        // Sorting indices moves 8 bytes at a time instead of a name and a 144-byte status.
        let order = found.indices.sorted { precedes(found[$0].name, found[$1].name) }
        return order.map { found[$0] }
    }

    /// Whether `a` sorts before `b` by code points (their UTF-8 bytes), as Python's `sorted` orders names.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The visible subfolders of `directory`, sorted.
    static func subfolders(of directory: String) throws -> [String] {
        try entries(of: directory).filter { isDirectory(join(directory, $0)) }
    }

    /// The image files (by extension, any case) anywhere under `directory`, sorted by relative path;
    /// the relative paths start with `prefix` (such as `train/cat/`).
    static func imageFiles(under directory: String, prefix: String = "") throws -> [ScannedFile] {
        var found = [ScannedFile]()
        var visited = Set<[UInt64]>()
        try walk(directory, prefix: prefix, into: &found, visited: &visited)
        return found.sorted { precedes($0.relativePath, $1.relativePath) }
    }

    private static func walk(_ directory: String, prefix: String, into found: inout [ScannedFile],
                             visited: inout Set<[UInt64]>) throws {
        guard let info = status(of: directory) else { return }
        guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
        for (name, info) in try entriesWithStatus(of: directory) {
            guard let entry = info else { continue }  // a dangling link
            let kind = entry.st_mode & S_IFMT
            if kind == S_IFDIR {
                try walk(join(directory, name), prefix: prefix + name + "/", into: &found, visited: &visited)
            } else if kind == S_IFREG, hasImageExtension(name) {
                found.append(scanned(prefix + name, entry))
            }
        }
    }

    /// The cache key of a file from its status.
    static func scanned(_ relativePath: String, _ info: stat) -> ScannedFile {
        #if os(Linux)
        let modified = info.st_mtim
        #else
        let modified = info.st_mtimespec
        #endif
        return ScannedFile(relativePath: relativePath, size: Int64(info.st_size),
                           modifiedSeconds: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec))
    }

    /// Whether a file name ends in `.png`, `.jpg` or `.jpeg`, in any case.
    static func hasImageExtension(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return ImageFormat.forExtension(String(name[name.index(after: dot)...])) != nil
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
