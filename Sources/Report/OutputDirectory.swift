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
    func write(_ files: [String: Data]) throws -> [String] {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ReportError.io(path: url.path, problem: "cannot create the output folder (\(error.localizedDescription))")
        }
        var removed: [String] = []
        try removeStale(in: url, relative: "", keep: files, removed: &removed)
        var all = files
        all[Self.marker] = Data("Made by `report build`; the whole folder is rewritten on each build.\n".utf8)
        for path in all.keys.sorted() {
            let target = url.appendingPathComponent(path)
            let data = all[path]!
            if let existing = try? Data(contentsOf: target), existing == data { continue }
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Self.writeAtomically(data, to: target)
            } catch {
                throw ReportError.io(path: target.path, problem: "cannot write (\(error.localizedDescription))")
            }
        }
        return removed
    }

    /// Writes to a temporary sibling, then renames it over `target` (no fsync: a crash leaves old or new bytes).
    static func writeAtomically(_ data: Data, to target: URL) throws {
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError.io(path: target.path, problem: "cannot rename the temporary file into place")
        }
    }

    /// Depth-first removal of entries that no expected file lives at or below; symlinks are always removed.
    private func removeStale(in folder: URL, relative: String, keep: [String: Data], removed: inout [String]) throws {
        let manager = FileManager.default
        for name in ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            if path == Self.marker { continue }
            let entry = folder.appendingPathComponent(name)
            let attributes = try? manager.attributesOfItem(atPath: entry.path)
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                try removeStale(in: entry, relative: path, keep: keep, removed: &removed)
                if ((try? manager.contentsOfDirectory(atPath: entry.path)) ?? []).isEmpty {
                    try remove(entry, path: path, removed: &removed, record: false)
                }
            } else if type == .typeSymbolicLink || keep[path] == nil {
                try remove(entry, path: path, removed: &removed, record: true)
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
