import ArtifactSchema
import Foundation

/// Checks of `metrics.csv`: header columns, column counts and numbers on every row.
enum MetricsTable {
    static let requiredColumns = MetricsColumns.standard

    /// Returns the number of data rows; throws naming the file and line of the first problem.
    static func validate(_ data: Data, file url: URL) throws -> Int {
        try validate(data, file: url, unfinished: false).rows
    }

    /// Like `validate(_:file:)`; for a run that stopped without finishing (`unfinished`), a last
    /// line without its newline is a row torn by the kill and is cut off rather than refused.
    /// Returns the rows and the bytes of the whole lines (all of `data` unless a line was cut).
    static func validate(_ data: Data, file url: URL, unfinished: Bool) throws -> (rows: Int, data: Data) {
        var data = data
        if unfinished, let last = data.last, last != 10 {
            guard let newline = data.lastIndex(of: 10) else {
                throw ReportError.runArtifact(
                    file: url.path + ":1", problem: "metrics.csv holds only a torn header line (the run stopped while writing it)")
            }
            data = Data(data.prefix(through: newline))
        }
        let rows = try rowCount(data, file: url)
        return (rows, data)
    }

    private static func rowCount(_ data: Data, file url: URL) throws -> Int {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReportError.runArtifact(file: url.path, problem: "metrics.csv is not readable UTF-8")
        }
        // Splitting the UTF-8 view avoids grapheme breaking; "\n" is always its own byte.
        var lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).map(Substring.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first else {
            throw ReportError.runArtifact(file: url.path, problem: "metrics.csv is empty (no header line)")
        }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard Array(columns.prefix(requiredColumns.count)) == requiredColumns else {
            throw ReportError.runArtifact(
                file: url.path + ":1",
                problem: "metrics.csv header must start with `\(requiredColumns.joined(separator: ","))`")
        }
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.utf8.split(separator: 44, omittingEmptySubsequences: false).map(Substring.init)
            guard fields.count == columns.count else {
                throw ReportError.runArtifact(
                    file: "\(url.path):\(index + 1)",
                    problem: "metrics.csv row has \(fields.count) fields, the header has \(columns.count)")
            }
            for field in fields where !isNumber(field) {
                throw ReportError.runArtifact(
                    file: "\(url.path):\(index + 1)", problem: "metrics.csv value `\(field)` is not a number")
            }
        }
        return lines.count - 1
    }

    static func isNumber(_ field: Substring) -> Bool {
        field == "nan" || field == "inf" || field == "-inf" || Double(field) != nil
    }
}
