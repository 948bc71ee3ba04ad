import ArtifactSchema
import Foundation
import Recorders

extension RunComparison {
    /// Walks two JSON values side by side, calling `report(path, expected, got)` for every leaf
    /// (or member present on one side only) that differs, outside the `ignoring` paths.
    func compareJSON(_ a: JSONValue, _ b: JSONValue, at path: String, ignoring: Set<String>,
                     report: (String, String, String) -> Void) {
        if Self.isIgnored(path, by: ignoring) { return }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                let member = path.isEmpty ? key : path + "." + key
                switch (x[key], y[key]) {
                case (let left?, let right?):
                    compareJSON(left, right, at: member, ignoring: ignoring, report: report)
                case (let left?, nil):
                    if !Self.isIgnored(member, by: ignoring) { report(member, Self.text(left), "absent") }
                case (nil, let right?):
                    if !Self.isIgnored(member, by: ignoring) { report(member, "absent", Self.text(right)) }
                case (nil, nil):
                    break
                }
            }
        case (.array(let x), .array(let y)):
            // Lists of plain values of other lengths (a command line with an added option): one
            // difference showing both, not every shifted element.
            if x.count != y.count, (x + y).allSatisfy(\.isScalar) {
                report(path, Self.text(a), Self.text(b))
                return
            }
            for index in 0..<min(x.count, y.count) {
                compareJSON(x[index], y[index], at: "\(path)[\(index)]", ignoring: ignoring, report: report)
            }
            if x.count != y.count {
                report(path + ".count", "\(x.count) elements", "\(y.count) elements")
            }
        case (.number(let x), .number(let y)):
            if !Self.same(x, y) { report(path, Self.text(a), Self.text(b)) }
        default:
            if a != b { report(path, Self.text(a), Self.text(b)) }
        }
    }

    /// Whether `path` is one of `ignoring` or lies below one.
    static func isIgnored(_ path: String, by ignoring: Set<String>) -> Bool {
        if ignoring.contains(path) { return true }
        return ignoring.contains { path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
    }

    /// Equal numbers, NaN counting as equal to NaN.
    static func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }

    /// A value as compact JSON (numbers in their shortest form).
    static func text(_ value: JSONValue) -> String {
        let text = value.canonicalText
        return text.count > 400 ? String(text.prefix(397)) + "..." : text
    }

    /// Compares two CSV files by column: per column that differs, the first differing row and
    /// how many rows differ. Columns present on one side only and different row counts are
    /// differences too.
    func compareCSV(_ expected: String, _ actual: String, run: String, file: String) -> [RunDifference] {
        let a = Self.csvRows(expected), b = Self.csvRows(actual)
        guard let headerA = a.first, let headerB = b.first else {
            return [RunDifference(run: run, file: file, field: RunDifference.wholeFile,
                                  expected: a.isEmpty ? "empty" : "\(a.count) lines", got: b.isEmpty ? "empty" : "\(b.count) lines")]
        }
        var differences: [RunDifference] = []
        if headerA != headerB {
            differences.append(RunDifference(run: run, file: file, field: "(columns)",
                                             expected: headerA.joined(separator: ","), got: headerB.joined(separator: ",")))
        }
        let rowsA = a.dropFirst(), rowsB = b.dropFirst()
        if rowsA.count != rowsB.count {
            differences.append(RunDifference(run: run, file: file, field: RunDifference.rowCount,
                                             expected: "\(rowsA.count)", got: "\(rowsB.count)"))
        }
        let key = headerA[0]
        let shared = min(rowsA.count, rowsB.count)
        for (columnA, name) in headerA.enumerated() where !ignoredColumns.contains(name) {
            guard let columnB = headerB.firstIndex(of: name) else { continue }
            var first: (row: Int, expected: String, got: String)?
            var differing = 0
            for row in 0..<shared {
                let x = rowsA[rowsA.startIndex + row], y = rowsB[rowsB.startIndex + row]
                let left = columnA < x.count ? x[columnA] : "", right = columnB < y.count ? y[columnB] : ""
                guard !Self.sameCell(left, right) else { continue }
                differing += 1
                if first == nil { first = (row, left, right) }
            }
            guard let first else { continue }
            let row = rowsA[rowsA.startIndex + first.row]
            let where_ = key == name || row.isEmpty ? "row \(first.row + 1)" : "\(key) \(row[0])"
            differences.append(RunDifference(
                run: run, file: file, field: name, expected: first.expected.isEmpty ? "(empty)" : first.expected,
                got: first.got.isEmpty ? "(empty)" : first.got,
                detail: "first at \(where_), line \(first.row + 2); \(differing) of \(shared) rows differ"))
        }
        return differences
    }

    /// Equal cells: the same text, or the same number written differently.
    static func sameCell(_ x: String, _ y: String) -> Bool {
        if x == y { return true }
        guard let a = Double(x), let b = Double(y) else { return false }
        return same(a, b)
    }

    /// The rows of a CSV file's text, split at commas (LRLab's CSV files quote no field); blank
    /// lines left out.
    static func csvRows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { line in
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line[...]
            return trimmed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Compares two event logs line by line as JSON; reports the first differing line's members
    /// and how many lines differ.
    func compareEvents(_ expected: Data, _ actual: Data, run: String, file: String, path: String) throws -> [RunDifference] {
        let a = expected.split(separator: UInt8(ascii: "\n")), b = actual.split(separator: UInt8(ascii: "\n"))
        var differences: [RunDifference] = []
        if a.count != b.count {
            differences.append(RunDifference(run: run, file: file, field: RunDifference.rowCount,
                                             expected: "\(a.count)", got: "\(b.count)"))
        }
        var firstLine: [RunDifference]?
        var differing = 0
        for index in 0..<min(a.count, b.count) where a[a.startIndex + index] != b[b.startIndex + index] {
            let x = try Self.json(Data(a[a.startIndex + index]), path: "\(path) (expected side), line \(index + 1)")
            let y = try Self.json(Data(b[b.startIndex + index]), path: "\(path), line \(index + 1)")
            var found: [RunDifference] = []
            compareJSON(x, y, at: "", ignoring: ignoredEventMembers) {
                found.append(RunDifference(run: run, file: file, field: $0, expected: $1, got: $2))
            }
            guard !found.isEmpty else { continue }
            differing += 1
            if firstLine == nil { firstLine = found.map { var d = $0; d.detail = "line \(index + 1)"; return d } }
        }
        if var firstLine {
            firstLine[0].detail = (firstLine[0].detail ?? "") + "; \(differing) of \(min(a.count, b.count)) lines differ"
            differences += firstLine
        }
        return differences
    }
}

extension JSONValue {
    /// Whether the value is neither an array nor an object.
    fileprivate var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
