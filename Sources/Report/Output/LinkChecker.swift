import Foundation

/// Finds internal `href`/`src` links and `#anchors` in built pages that point at nothing.
enum LinkChecker {
    /// Checks every HTML page in `files` (paths relative to the site root) against the other files.
    ///
    /// Pages are scanned as bytes and checked in parallel; the result lists pages in sorted order.
    static func check(_ files: [String: Data]) -> [BrokenLink] {
        let pages = files.keys.filter { $0.hasSuffix(".html") }.sorted()
        let scans = ParallelMap.map(pages.count) { index in
            files[pages[index]]!.withUnsafeBytes { scan($0) }
        }
        var anchors: [String: Set<String>] = [:]
        for (page, found) in zip(pages, scans) { anchors[page] = Set(found.ids) }
        let ids = anchors
        // Chunks of neighbouring pages share a cache: pages in one folder repeat most links.
        let chunkCount = min(pages.count, 16)
        let broken = ParallelMap.map(chunkCount) { chunk in
            var cache: [String: [String: Target]] = [:]
            var found: [BrokenLink] = []
            for index in (chunk * pages.count / chunkCount)..<((chunk + 1) * pages.count / chunkCount) {
                let page = pages[index]
                let folder = page.lastIndex(of: "/").map { String(page[..<$0]) } ?? ""
                for link in scans[index].links {
                    let target: Target
                    if let known = cache[folder]?[link] {
                        target = known
                    } else {
                        target = resolveLink(link, from: page, files: files)
                        if target.isCacheable { cache[folder, default: [:]][link] = target }
                    }
                    if let problem = target.problem(on: page, ids: ids) { found.append(problem) }
                }
            }
            return found
        }
        return broken.flatMap { $0 }
    }

    /// Where one link leads; the same for every page of a folder unless it is a same-page `#anchor`.
    enum Target {
        case external
        case samePage(target: String, fragment: String?)
        case file(target: String, path: String, fragment: String?)
        case broken(target: String, reason: String)

        var isCacheable: Bool {
            if case .samePage = self { return false }
            return true
        }

        func problem(on page: String, ids: [String: Set<String>]) -> BrokenLink? {
            switch self {
            case .external: return nil
            case let .broken(target, reason): return BrokenLink(page: page, target: target, reason: reason)
            case let .samePage(target, fragment): return Self.anchorProblem(target, fragment, in: page, from: page, ids: ids)
            case let .file(target, path, fragment): return Self.anchorProblem(target, fragment, in: path, from: page, ids: ids)
            }
        }

        private static func anchorProblem(_ target: String, _ fragment: String?, in path: String, from page: String,
                                          ids: [String: Set<String>]) -> BrokenLink? {
            guard let fragment, !fragment.isEmpty, path.hasSuffix(".html"), ids[path]?.contains(fragment) != true else {
                return nil
            }
            return BrokenLink(page: page, target: target, reason: "no id \"\(fragment)\" in \(path)")
        }
    }

    static func resolveLink(_ link: String, from page: String, files: [String: Data]) -> Target {
        let target = HTMLEscaping.unescape(link)
        guard isInternal(target) else { return .external }
        let (pathPart, fragment) = split(target)
        if pathPart.isEmpty { return .samePage(target: target, fragment: fragment) }
        guard let resolved = resolve(pathPart, from: page) else { return .broken(target: target, reason: "leaves the site folder") }
        let candidate = resolved.isEmpty || resolved.hasSuffix("/") ? resolved + "index.html" : resolved
        guard files[candidate] != nil else { return .broken(target: target, reason: "no file \(candidate)") }
        return .file(target: target, path: candidate, fragment: fragment)
    }

    /// Values of the given attributes (double- or single-quoted) in document order.
    static func attributeValues(in html: String, names: Set<String>) -> [String] {
        var html = html
        return html.withUTF8 { bytes in
            var values: [String] = []
            scanAttributes(UnsafeRawBufferPointer(bytes)) { name, value in
                if names.contains(name) { values.append(value) }
            }
            return values
        }
    }

    /// `href`/`src` values and `id` values of one page, in document order.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> (links: [String], ids: [String]) {
        var links: [String] = [], ids: [String] = []
        scanAttributes(bytes) { name, value in
            if name == "id" { ids.append(value) } else { links.append(value) }
        }
        return (links, ids)
    }

    /// Calls `found(name, value)` for each quoted `href`, `src` or `id` attribute preceded by a space or newline.
    ///
    /// Only those three names are decoded, so other attributes cost a byte comparison, not a String.
    private static func scanAttributes(_ bytes: UnsafeRawBufferPointer, _ found: (String, String) -> Void) {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < count {
            // memchr jumps to the next `=` (most of a page is text between attributes).
            guard let equals = memchr(base + index, Int32(UInt8(ascii: "=")), count - index) else { return }
            index = base.distance(to: UnsafeRawPointer(equals))
            guard index + 1 < count,
                  bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'") else {
                index += 1
                continue
            }
            var start = index
            while start > 0, isNameByte(bytes[start - 1]) { start -= 1 }
            let quote = bytes[index + 1]
            var end = index + 2
            while end < count, bytes[end] != quote { end += 1 }
            if start > 0, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: "\n"),
               let name = knownName(bytes, start, index) {
                found(name, String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(index + 2)..<min(end, count)]),
                                   as: UTF8.self))
            }
            index = end + 1
        }
    }

    /// `href`, `src` or `id` when `bytes[start..<end]` spells one of them (any case).
    private static func knownName(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String? {
        func matches(_ name: StaticString) -> Bool {
            guard end - start == name.utf8CodeUnitCount else { return false }
            let expected = name.utf8Start
            for offset in 0..<(end - start) where bytes[start + offset] | 0x20 != expected[offset] { return false }
            return true
        }
        if matches("href") { return "href" }
        if matches("src") { return "src" }
        if matches("id") { return "id" }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == UInt8(ascii: "-")
    }

    /// Links without a scheme and not protocol-relative point into the site.
    static func isInternal(_ target: String) -> Bool {
        if target.isEmpty || target.hasPrefix("//") { return false }
        // No `:` byte, no scheme: most links skip the Character and Foundation searches below.
        if !target.utf8.contains(UInt8(ascii: ":")) { return true }
        if let colon = target.firstIndex(of: ":") {
            let beforeColon = target[..<colon]
            if !beforeColon.contains("/") && !beforeColon.contains("?") && !beforeColon.contains("#") { return false }
        }
        return true
    }

    /// Path (without query) and fragment, percent-decoded.
    static func split(_ target: String) -> (String, String?) {
        let hash = target.utf8.firstIndex(of: UInt8(ascii: "#"))
        var path = target[..<(hash ?? target.endIndex)]
        if let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = path[..<query] }
        let fragment = hash.map { target[target.utf8.index(after: $0)...] }
        func decoded(_ text: Substring) -> String {
            text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? String(text) : String(text)
        }
        return (decoded(path), fragment.map(decoded))
    }

    /// `path` resolved against the folder of `page`; nil if it climbs above the root or is absolute.
    ///
    /// Works on UTF-8 slices: the checker resolves every distinct link of every folder.
    static func resolve(_ path: String, from page: String) -> String? {
        let slash = UInt8(ascii: "/")
        if path.utf8.first == slash { return nil }
        var components = page.utf8.split(separator: slash).dropLast().map { Substring($0) }
        for part in path.utf8.split(separator: slash, omittingEmptySubsequences: false) {
            if part.isEmpty || part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                guard !components.isEmpty else { return nil }
                components.removeLast()
            } else {
                components.append(Substring(part))
            }
        }
        let joined = components.joined(separator: "/")
        return path.utf8.last == slash && !joined.isEmpty ? joined + "/" : joined
    }
}
