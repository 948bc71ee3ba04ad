/// The optional recorders, as named by the command line's `--record` flag.
public enum RecorderKind: String, CaseIterable, Comparable, Sendable {
    case csv, json, svg

    public static func < (a: RecorderKind, b: RecorderKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a `--record` value: a comma-separated list of `csv`, `json`, `svg`, or `none`.
    ///
    /// - Throws: `RecorderKindError` naming the bad entry and the valid names.
    public static func parse(_ text: String) throws -> Set<RecorderKind> {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces().lowercased() }
        if names == ["none"] { return [] }
        var kinds = Set<RecorderKind>()
        for name in names {
            if name == "none" {
                throw RecorderKindError(value: text, problem: "'none' cannot be combined with other recorders")
            }
            guard let kind = RecorderKind(rawValue: name) else {
                let shown = name.isEmpty ? "an empty name" : "unknown recorder '\(name)'"
                throw RecorderKindError(value: text, problem: shown)
            }
            kinds.insert(kind)
        }
        return kinds
    }
}

/// A `--record` value that does not parse.
public struct RecorderKindError: Error, CustomStringConvertible, Equatable {
    public let value: String
    public let problem: String

    public var description: String {
        let valid = RecorderKind.allCases.map(\.rawValue).joined(separator: ", ")
        return "--record '\(value)': \(problem); use a comma-separated list of \(valid), or none"
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
