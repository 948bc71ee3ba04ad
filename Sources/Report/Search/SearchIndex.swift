import Foundation

/// The client-side search index, `search-index.js`: one entry per post with its title, tags,
/// summary and the distinct words of its text, assigned to `window.LRLAB_SEARCH_INDEX`.
///
/// A script file rather than JSON so the search page can load it from `file://`, where fetching
/// is refused. Words are folded as `assets/search.js` folds the query: lower case, accents
/// dropped, split at anything that is not a letter or digit.
struct SearchIndex {
    struct Entry: Sendable {
        var title: String
        /// Path of the post page from the site root.
        var url: String
        var date: String
        var tags: [String]
        var summary: String
        /// Distinct folded words of the text, in order of first use.
        var words: [String]
    }

    var entries: [Entry]

    /// The `.js` file; entries in the order given (newest post first).
    func script() -> Data {
        var text = "/* Search index of the posts, made by `report build`. */\nwindow.LRLAB_SEARCH_INDEX = [\n"
        for (index, entry) in entries.enumerated() {
            text += ScriptJSON.object([
                ("title", ScriptJSON.string(entry.title)), ("url", ScriptJSON.string(entry.url)),
                ("date", ScriptJSON.string(entry.date)), ("tags", ScriptJSON.array(entry.tags.map(ScriptJSON.string))),
                ("summary", ScriptJSON.string(entry.summary)), ("words", ScriptJSON.string(entry.words.joined(separator: " "))),
            ])
            text += index + 1 < entries.count ? ",\n" : "\n"
        }
        text += "];\n"
        return Data(text.utf8)
    }

    /// Distinct folded words of the text in `html` (tags skipped, entities read as spaces),
    /// leaving out single characters and words starting with `skipPrefix` (placeholder tokens).
    ///
    /// Scans bytes: ASCII words are lowered in place; only words with other characters go
    /// through Foundation's folding (and are split at any non-letter, non-digit among them).
    static func words(inHTML html: String, skipping skipPrefix: String) -> [String] {
        var html = html
        let prefix = Array(skipPrefix.lowercased().utf8)
        return html.withUTF8 { bytes -> [String] in
            var seen = Set<String>()
            var words: [String] = []
            var word: [UInt8] = []
            var nonASCII = false
            func add(_ text: String) {
                if seen.insert(text).inserted { words.append(text) }
            }
            func flush() {
                defer { word.removeAll(keepingCapacity: true); nonASCII = false }
                if nonASCII {
                    for part in distinctWords(String(decoding: word, as: UTF8.self), skipping: skipPrefix.lowercased()) { add(part) }
                } else if word.count > 1, prefix.isEmpty || !word.starts(with: prefix) {
                    add(String(decoding: word, as: UTF8.self))
                }
            }
            var inTag = false, inEntity = false
            for byte in bytes {
                if inTag {
                    if byte == UInt8(ascii: ">") { inTag = false }
                    continue
                }
                if inEntity {
                    if byte == UInt8(ascii: ";") || byte == 32 || byte == UInt8(ascii: "<") { inEntity = false }
                    if byte != UInt8(ascii: "<") { continue }
                }
                switch byte {
                case UInt8(ascii: "<"): flush(); inTag = true
                case UInt8(ascii: "&"): flush(); inEntity = true
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
                case 0x80...: word.append(byte); nonASCII = true
                default: flush()
                }
            }
            flush()
            return words
        }
    }

    /// Folded words of `text`, each once.
    static func distinctWords(_ text: String, skipping skipPrefix: String = "") -> [String] {
        let folded = fold(text)
        var seen = Set<Substring>()
        var words: [String] = []
        for word in folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count > 1 {
            if !skipPrefix.isEmpty, word.hasPrefix(skipPrefix) { continue }
            if seen.insert(word).inserted { words.append(String(word)) }
        }
        return words
    }

    /// Lower case without accents (ASCII text skips Foundation's folding).
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 128 }) { return text.lowercased() }
        return text.folding(options: [.diacriticInsensitive], locale: nil).lowercased()
    }
}
