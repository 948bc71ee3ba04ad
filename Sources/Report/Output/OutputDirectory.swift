import Foundation

/// The folder a build owns: written anew each build, stale files removed, never anything outside it.
struct OutputDirectory {
    /// File that marks a folder as made by `report build`, so a rebuild may clean it.
    static let marker = ".lrlab-site"

    let url: URL

    /// Refuses `/`, the content, templates or runs folders (or a folder holding them) and foreign non-empty folders.
    func checkSafe(protecting inputs: [URL]) throws {
        let path = ContentPath.resolved(url)
        let home = ContentPath.resolved(FileManager.default.homeDirectoryForCurrentUser)
        if path == "/" || path == home {
            throw ReportError.unsafeOutput(path: url.path, reason: "it is \(path == "/" ? "the file system root" : "the home folder")")
        }
        for input in inputs {
            let inputPath = ContentPath.resolved(input)
            if inputPath == path || inputPath.hasPrefix(path + "/") {
                throw ReportError.unsafeOutput(path: url.path, reason: "it is or contains the input folder \(input.path)")
            }
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        if !entries.isEmpty, !entries.contains(Self.marker) {
            throw ReportError.unsafeOutput(
                path: url.path, reason: "it is not empty and was not made by `report build` (no \(Self.marker) file)")
        }
    }

    /// Removes files not in `files`, then writes each file whose bytes changed; returns removed paths.
    ///
    /// Folders are made once each, then files are compared and written in parallel, folder by folder.
    func write(_ files: [String: Data]) throws -> [String] {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ReportError.io(path: url.path, problem: "cannot create the output folder (\(error.localizedDescription))")
        }
        var removed: [String] = []
        let base = url.path.count > 1 && url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        try removeStale(in: base, relative: "", keep: files, removed: &removed)
        var all = files
        all[Self.marker] = Data("Made by `report build`; the whole folder is rewritten on each build.\n".utf8)
        let paths = all.keys.sorted()
        var folders = Set<String>()
        for path in paths {
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                guard folders.insert(folder).inserted else { break }
            }
        }
        for folder in folders.sorted() { try Self.makeFolder(base + "/" + folder) }
        // One folder at a time per thread, largest first: two threads adding files to the same folder
        // contend for its lock, which costs a third more system time when file creation is slow.
        let byFolder = Dictionary(grouping: paths) { path in path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "" }
        let groups = byFolder.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
        let contents = all
        _ = try ParallelMap.map(groups.count, oneByOne: true) { index in
            for path in groups[index] { try Self.writeIfChanged(contents[path]!, to: base + "/" + path) }
        }
        return removed
    }

    /// Depth-first removal of entries that no expected file lives at or below; symlinks are always removed.
    ///
    /// Works on path strings (a rebuild visits every file of the site here, on one thread).
    private func removeStale(in folder: String, relative: String, keep: [String: Data], removed: inout [String]) throws {
        let manager = FileManager.default
        for name in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            if path == Self.marker { continue }
            let entry = folder + "/" + name
            var status = stat()
            let type = lstat(entry, &status) == 0 ? status.st_mode & S_IFMT : 0
            if type == S_IFDIR {
                try removeStale(in: entry, relative: path, keep: keep, removed: &removed)
                if ((try? manager.contentsOfDirectory(atPath: entry)) ?? []).isEmpty {
                    try remove(URL(fileURLWithPath: entry), path: path, removed: &removed, record: false)
                }
            } else if type == S_IFLNK || keep[path] == nil {
                try remove(URL(fileURLWithPath: entry), path: path, removed: &removed, record: true)
            }
        }
    }

    private func remove(_ entry: URL, path: String, removed: inout [String], record: Bool) throws {
        do {
            try FileManager.default.removeItem(at: entry)
        } catch {
            throw ReportError.io(path: entry.path, problem: "cannot remove stale file (\(error.localizedDescription))")
        }
        if record { removed.append(path) }
    }
}
