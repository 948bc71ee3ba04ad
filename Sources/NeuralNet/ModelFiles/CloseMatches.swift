/// Suggestions for a misspelt name: the known names within a small edit distance.
enum CloseMatches {
    /// The names of `known` close to `name` (edit distance at most a third of its length, at least
    /// one and at most two, or one containing the other), closest first.
    static func of(_ name: String, in known: [String]) -> [String] {
        let lowered = name.lowercased()
        let limit = min(2, max(1, lowered.count / 3))
        let scored = known.compactMap { candidate -> (String, Int)? in
            let distance = editDistance(Array(lowered), Array(candidate.lowercased()))
            let contains = lowered.count >= 3 && (candidate.contains(lowered) || lowered.contains(candidate))
            return distance <= limit || contains ? (candidate, distance) : nil
        }
        return scored.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// "did you mean `a` or `b`? " for the matches of `name`, or an empty string.
    static func suggestion(for name: String, in known: [String]) -> String {
        let matches = of(name, in: known).prefix(3).map { "`\($0)`" }
        guard !matches.isEmpty else { return "" }
        return "did you mean " + matches.joined(separator: " or ") + "? "
    }

    /// The Levenshtein distance of two character arrays (insertions, deletions, substitutions).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
