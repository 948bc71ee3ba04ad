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

    /// Distinct folded words of the text in `html` (tags skipped, entities decoded), leaving out
    /// single characters and words starting with `skipPrefix` (placeholder tokens).
    static func words(inHTML html: String, skipping skipPrefix: String) -> [String] {
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var inTag = false
        var pendingEntity = false
        for scalar in html.unicodeScalars {
            if inTag {
                if scalar == ">" { inTag = false; text.append(" ") }
                continue
            }
            if scalar == "<" { inTag = true; continue }
            if scalar == "&" { pendingEntity = true; text.append(" "); continue }
            if pendingEntity {
                if scalar == ";" { pendingEntity = false }
                else if scalar == " " { pendingEntity = false }
                continue
            }
            text.unicodeScalars.append(scalar)
        }
        return distinctWords(text, skipping: skipPrefix.lowercased())
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
