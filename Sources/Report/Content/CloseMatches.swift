/// "Did you mean" suggestions for a mistyped run or group id.
enum CloseMatches {
    /// Up to three candidates within a small edit distance (or sharing a long prefix), closest first.
    static func find(_ query: String, in candidates: [String]) -> [String] {
        let limit = max(2, query.count / 3)
        let scored = candidates.compactMap { candidate -> (Int, String)? in
            let distance = editDistance(query, candidate)
            if distance <= limit { return (distance, candidate) }
            let shared = zip(query, candidate).prefix { $0 == $1 }.count
            return shared >= max(6, query.count / 2) ? (limit + 1 + query.count - shared, candidate) : nil
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(3).map(\.1)
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
