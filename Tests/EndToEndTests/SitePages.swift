import Foundation
import XCTest

/// Reads a built site as a visitor's browser would: table rows of a page, and whether every
/// relative link and image of every page points at a file the site holds.
struct SitePages {
    let root: URL

    /// The text of the page at `path` (relative to the site's root).
    func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every `.html` page under the root, as paths relative to it, sorted.
    func htmlPages() throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var pages: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".html") { pages.append(path) }
        }
        return pages.sorted()
    }

    /// The relative `href` and `src` targets of every page that do not resolve to a file of the
    /// site, as "page: target" (empty when every link works). Links with a scheme, protocol-relative
    /// ones and same-page fragments are not files and are left out.
    func brokenLinks() throws -> [String] {
        var broken: [String] = []
        for page in try htmlPages() {
            let folder = root.appendingPathComponent(page).deletingLastPathComponent()
            for link in Self.attributeValues(["href", "src"], in: try text(page)) {
                guard !link.isEmpty, !link.hasPrefix("#"), !link.hasPrefix("//"),
                      link.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) == nil else { continue }
                var path = String(link.prefix { $0 != "#" && $0 != "?" })
                path = path.removingPercentEncoding ?? path
                if path.hasSuffix("/") { path += "index.html" }
                let target = folder.appendingPathComponent(path).standardizedFileURL
                var isFolder: ObjCBool = false
                if !FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) || isFolder.boolValue {
                    broken.append("\(page): \(link)")
                }
            }
        }
        return broken
    }

    /// The cells of each body row (`<tr>` with `<td>` or `<th scope="row">`) of the first table
    /// after `marker` in `html`, as text without tags and with entities resolved; nil when the
    /// page has no such table.
    static func rows(after marker: String, in html: String) -> [[String]]? {
        guard let start = html.range(of: marker),
              let tableEnd = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return nil }
        let table = String(html[start.upperBound..<tableEnd.lowerBound])
        let body = table.range(of: "<tbody>").map { String(table[$0.upperBound...]) } ?? table
        return matches(#"<tr>(.*?)</tr>"#, in: body).map { row in
            matches(#"<t[hd][^>]*>(.*?)</t[hd]>"#, in: row).map(plainText)
        }
    }

    /// The raw values of the attributes named `names` in `html`, entities resolved.
    static func attributeValues(_ names: [String], in html: String) -> [String] {
        matches(#"\b(?:"# + names.joined(separator: "|") + #")="([^"]*)""#, in: html).map(unescape)
    }

    /// The first capture group of every match of `pattern` (dot matches newlines).
    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// `html` without its tags, entities resolved, trimmed.
    static func plainText(_ html: String) -> String {
        unescape(html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
