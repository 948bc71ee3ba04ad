import Foundation

/// Finds internal `href`/`src` links and `#anchors` in built pages that point at nothing.
enum LinkChecker {
    /// Checks every HTML page in `files` (paths relative to the site root) against the other files.
    static func check(_ files: [String: Data]) -> [BrokenLink] {
        var idCache: [String: Set<String>] = [:]
        func ids(of page: String) -> Set<String> {
            if let cached = idCache[page] { return cached }
            let found = Set(attributeValues(in: String(decoding: files[page] ?? Data(), as: UTF8.self), names: ["id"]))
            idCache[page] = found
            return found
        }
        var broken: [BrokenLink] = []
        for page in files.keys.sorted() where page.hasSuffix(".html") {
            let html = String(decoding: files[page]!, as: UTF8.self)
            for link in attributeValues(in: html, names: ["href", "src"]) {
                let target = HTMLEscaping.unescape(link)
                guard isInternal(target) else { continue }
                let (pathPart, fragment) = split(target)
                let resolvedPage: String
                if pathPart.isEmpty {
                    resolvedPage = page
                } else {
                    guard let resolved = resolve(pathPart, from: page) else {
                        broken.append(BrokenLink(page: page, target: target, reason: "leaves the site folder"))
                        continue
                    }
                    let candidate = resolved.isEmpty || resolved.hasSuffix("/") ? resolved + "index.html" : resolved
                    guard files[candidate] != nil else {
                        broken.append(BrokenLink(page: page, target: target, reason: "no file \(candidate)"))
                        continue
                    }
                    resolvedPage = candidate
                }
                if let fragment, !fragment.isEmpty, resolvedPage.hasSuffix(".html"),
                   !ids(of: resolvedPage).contains(fragment) {
                    broken.append(BrokenLink(page: page, target: target, reason: "no id \"\(fragment)\" in \(resolvedPage)"))
                }
            }
        }
        return broken
    }

    /// Values of the given attributes (double- or single-quoted) in document order.
    static func attributeValues(in html: String, names: Set<String>) -> [String] {
        var values: [String] = []
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count,
                  bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'") else {
                index += 1
                continue
            }
            var start = index
            while start > 0, isNameByte(bytes[start - 1]) { start -= 1 }
            let name = String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
            let quote = bytes[index + 1]
            var end = index + 2
            while end < bytes.count, bytes[end] != quote { end += 1 }
            if names.contains(name), start > 0, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: "\n") {
                values.append(String(decoding: bytes[(index + 2)..<min(end, bytes.count)], as: UTF8.self))
            }
            index = end + 1
        }
        return values
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == UInt8(ascii: "-")
    }

    /// Links without a scheme and not protocol-relative point into the site.
    static func isInternal(_ target: String) -> Bool {
        if target.isEmpty || target.hasPrefix("//") { return false }
        if let colon = target.firstIndex(of: ":") {
            let beforeColon = target[..<colon]
            if !beforeColon.contains("/") && !beforeColon.contains("?") && !beforeColon.contains("#") { return false }
        }
        return true
    }

    /// Path (without query) and fragment, percent-decoded.
    static func split(_ target: String) -> (String, String?) {
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        var path = String(parts[0])
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        let fragment = parts.count > 1 ? String(parts[1]) : nil
        func decoded(_ text: String) -> String { text.contains("%") ? text.removingPercentEncoding ?? text : text }
        return (decoded(path), fragment.map(decoded))
    }

    /// `path` resolved against the folder of `page`; nil if it climbs above the root or is absolute.
    static func resolve(_ path: String, from page: String) -> String? {
        if path.hasPrefix("/") { return nil }
        var components = page.split(separator: "/").map(String.init).dropLast()
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts {
            switch part {
            case ".", "": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(part)
            }
        }
        let joined = components.joined(separator: "/")
        return path.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }
}
