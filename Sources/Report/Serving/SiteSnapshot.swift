import ArtifactSchema
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One complete build of the site held in memory: what `report serve` answers from.
///
/// A rebuild makes a new snapshot and swaps it in whole, so every request sees one build (never a
/// page half written or a mix of two builds). It is read back from the output folder right after
/// `SiteBuilder.build()` wrote it, with `O_NOFOLLOW`, so a symlink planted there is not followed.
final class SiteSnapshot: Sendable {
    /// File bytes keyed by path relative to the site root.
    let files: [String: Data]
    /// Running runs: the run page's site path to the run's slug (its `/_live/<slug>` stream).
    let livePages: [String: String]
    /// Running runs: slug to the source folder the build read it from (metrics.csv, run.json).
    let liveFolders: [String: URL]
    /// `Templates/scripts/live.js`, served at `/_live/live.js`; nil when the templates have none.
    let liveScript: Data?

    init(files: [String: Data], livePages: [String: String] = [:], liveFolders: [String: URL] = [:], liveScript: Data? = nil) {
        self.files = files
        self.livePages = livePages
        self.liveFolders = liveFolders
        self.liveScript = liveScript
    }

    /// Reads the files `pages` lists from `output` and finds the running runs among them.
    static func load(pages: [String], output: URL, options: BuildOptions) throws -> SiteSnapshot {
        var files: [String: Data] = [:]
        files.reserveCapacity(pages.count)
        for page in pages { files[page] = try readRegularFile(output.path + "/" + page) }
        var runningSlugs: [String: String] = [:]  // run id -> slug
        for (path, data) in files where path.hasPrefix("runs/") && path.hasSuffix("/" + RunFiles.manifest) {
            let slug = String(path.dropFirst("runs/".count).dropLast(RunFiles.manifest.count + 1))
            guard !slug.contains("/"), files["runs/\(slug).html"] != nil, let (id, status) = idAndStatus(data),
                  status == RunStatus.running.rawValue else { continue }
            runningSlugs[id] = slug
        }
        var liveFolders: [String: URL] = [:]
        if !runningSlugs.isEmpty {
            for root in [options.contentDirectory.appendingEntry("runs")] + options.runDirectories {
                for name in ContentPath.sortedEntries(of: root) {
                    let folder = root.appendingEntry(name)
                    guard let data = try? Data(contentsOf: folder.appendingEntry(RunFiles.manifest)),
                          let (id, _) = idAndStatus(data), let slug = runningSlugs[id] else { continue }
                    liveFolders[slug] = folder
                }
            }
        }
        var livePages: [String: String] = [:]
        for slug in liveFolders.keys { livePages["runs/\(slug).html"] = slug }
        let script = try? Data(contentsOf: options.templatesDirectory.appendingEntry("scripts/live.js"))
        if script != nil {
            for (page, slug) in livePages { files[page] = withLiveScript(files[page]!, slug: slug) }
        }
        return SiteSnapshot(files: files, livePages: livePages, liveFolders: liveFolders, liveScript: script)
    }

    /// `page` with `<script src="/_live/live.js">` before its last `</body>`: only served pages follow a run,
    /// the built file (opened from disk) loads no live script.
    static func withLiveScript(_ page: Data, slug: String) -> Data {
        guard let end = page.range(of: Data("</body>".utf8), options: .backwards) else { return page }
        let tag = "<script src=\"/_live/live.js\" data-live-run=\"\(HTMLEscaping.escape(slug))\" defer></script>\n"
        var served = page
        served.insert(contentsOf: Data(tag.utf8), at: end.lowerBound)
        return served
    }

    /// The `id` and `status` members of a run.json, without the full schema check the build made.
    static func idAndStatus(_ data: Data) -> (String, String)? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let id = object["id"] as? String, let status = object["status"] as? String else { return nil }
        return (id, status)
    }

    /// The bytes of the regular file at `path`; refuses a symlink in its last component.
    static func readRegularFile(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReportError.io(path: path, problem: "cannot read the built file back (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw ReportError.io(path: path, problem: "the built file is not a regular file")
        }
        var data = Data(count: Int(status.st_size))
        let filled = data.withUnsafeMutableBytes { raw -> Int in
            var filled = 0
            while filled < raw.count {
                let count = read(descriptor, raw.baseAddress! + filled, raw.count - filled)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                filled += count
            }
            return filled
        }
        guard filled == data.count else { throw ReportError.io(path: path, problem: "the built file changed while read back") }
        return data
    }
}
