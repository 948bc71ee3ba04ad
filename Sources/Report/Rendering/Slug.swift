import Foundation

/// URL- and id-safe names made from titles, headings, tags and file names.
public enum Slug {
    /// Lowercases, keeps ASCII letters and digits, turns every other run of characters into one `-`.
    ///
    /// Latin letters with accents lose them (`é` -> `e`); an empty result becomes `"section"`.
    public static func make(_ text: String) -> String {
        // ASCII has no accents and the loop lowercases, so folding (slow, through NSString) is skipped.
        let folded = text.utf8.allSatisfy { $0 < 128 }
            ? text : text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var result = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let isWordScalar = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isWordScalar {
                if pendingDash && !result.isEmpty { result += "-" }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else if ("A"..."Z").contains(scalar) {
                if pendingDash && !result.isEmpty { result += "-" }
                pendingDash = false
                result.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            } else {
                pendingDash = true
            }
        }
        return result.isEmpty ? "section" : result
    }
}

/// Hands out unique slugs within one namespace (a page's ids, the site's post files).
struct SlugAllocator {
    private(set) var used: Set<String>

    init(reserved: Set<String> = []) {
        used = reserved
    }

    /// Returns `Slug.make(text)`, suffixed with `-2`, `-3`, ... if already handed out.
    mutating func allocate(_ text: String) -> String {
        claim(Slug.make(text))
    }

    /// Returns `base` itself if free, otherwise the first free `base-N`.
    mutating func claim(_ base: String) -> String {
        var candidate = base
        var counter = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }
}
