import Foundation

/// A table file that cannot be read as numeric features and labels: the file, where in it
/// (line, data row and column, when the problem has a place) and how to fix it.
///
/// `line` counts the file's lines from 1 (the header is line 1); `row` counts the data rows
/// from 1 (the first row after the header is row 1). A field that spans lines inside quotes
/// is placed at the line where its record starts.
public struct TableFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file as the user named it.
    public var file: String
    /// The line the problem is on, nil for the whole file.
    public var line: Int?
    /// The data row, nil for the header or the whole file.
    public var row: Int?
    /// The column's name in the header, nil when the problem is not in one column.
    public var column: String?
    /// What is wrong.
    public var problem: String
    /// What to do about it.
    public var fix: String

    public init(file: String, line: Int? = nil, row: Int? = nil, column: String? = nil, problem: String, fix: String) {
        self.file = file
        self.line = line
        self.row = row
        self.column = column
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let row { place += " (data row \(row))" }
        if let column { place += ", column \"\(column)\"" }
        return "\(place): \(problem); \(fix)"
    }

    public var errorDescription: String? { description }
}
