#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorCore

/// How `TableParser` reads a table.
public struct TableParseOptions: Equatable, Sendable {
    /// The byte between fields; nil for a tab in `.tsv` and `.tab` files and a comma otherwise.
    public var delimiter: UInt8?
    /// The header name of the column that holds the labels; nil for the last column.
    public var labelColumn: String?
    /// Whether empty cells (and the markers `NA`, `N/A`, `null`, `?`) are kept as missing values
    /// (NaN in `ParsedTable.values`) instead of being errors.
    public var acceptsMissing: Bool

    public init(delimiter: UInt8? = nil, labelColumn: String? = nil, acceptsMissing: Bool = false) {
        self.delimiter = delimiter
        self.labelColumn = labelColumn
        self.acceptsMissing = acceptsMissing
    }
}

/// A table read into numbers: one row per example, the feature columns as `Float`s and the
/// label column as a class index.
public struct ParsedTable: Equatable, Sendable {
    /// The feature columns' names, in file order (the label column left out).
    public var featureNames: [String]
    /// The label column's name.
    public var labelColumn: String
    /// The classes by index: the distinct labels sorted, numerically when every label is a whole
    /// number (`2` before `10`), else by their text.
    public var classNames: [String]
    /// The features, row after row (`rowCount * featureNames.count` values); NaN marks a
    /// missing cell (only with `TableParseOptions.acceptsMissing`).
    public var values: [Float]
    /// Each row's class index into `classNames`.
    public var labels: [Int]
    /// The file line each row starts on (the header is line 1), for messages about a row.
    public var lines: [Int]
    /// How many cells were missing.
    public var missingCells: Int

    /// The number of data rows.
    public var rowCount: Int { labels.count }
}

/// Reads CSV (RFC 4180: quoted fields, `""` for a quote, CRLF or LF lines, a UTF-8 byte order
/// mark) and tab-separated tables of numeric features and one label column.
///
/// The first record is the header and must name every column. Every other non-blank record is an
/// example with one field per column. Feature cells are decimal numbers (surrounding spaces
/// allowed, such as `-1.5e-3`); labels are any text, trimmed of spaces. Problems are
/// `TableFileError`s naming the file, the line, the data row and the column, with the fix.
public enum TableParser {
    /// The cells read as missing with `TableParseOptions.acceptsMissing` (compared lower-cased,
    /// after trimming spaces).
    public static let missingMarkers: Set<String> = ["", "na", "n/a", "null", "?"]

    /// The delimiter a file of this name uses: a tab for `.tsv` and `.tab`, else a comma.
    public static func delimiter(forFileName name: String) -> UInt8 {
        let lower = name.lowercased()
        return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// The table in `bytes`, the contents of the file `fileName` (named in errors; it also picks
    /// the default delimiter).
    /// - Throws: `TableFileError` for a missing or bad header, a record with another number of
    ///   fields than the header, a cell that is not a finite number (or is missing, unless
    ///   `acceptsMissing`), an empty label, bad quoting, or a file with no data rows; a
    ///   `SettingError` for a label column the header does not have.
    public static func parse(_ bytes: [UInt8], fileName: String, options: TableParseOptions = TableParseOptions()) throws -> ParsedTable {
        let delimiter = options.delimiter ?? Self.delimiter(forFileName: fileName)
        var records = DelimitedRecords(bytes: bytes, delimiter: delimiter, fileName: fileName)
        guard try records.next() else {
            throw TableFileError(file: fileName, problem: "the file holds no header and no rows",
                                 fix: "write a header naming the columns (such as x1,x2,label), then one row per example")
        }
        let names = (0..<records.fieldCount).map { trimmed(String(decoding: records.field($0), as: UTF8.self)) }
        try checkHeader(names, line: records.recordLine, delimiter: delimiter, fileName: fileName)
        let labelIndex = try labelColumnIndex(names, asked: options.labelColumn, fileName: fileName)
        let featureIndices = names.indices.filter { $0 != labelIndex }

        var values: [Float] = []
        var labelIDs: [Int] = []
        var lines: [Int] = []
        var idsByLabel: [String: Int] = [:]
        var labelsInOrder: [String] = []
        var missing = 0
        while try records.next() {
            let row = labelIDs.count + 1, line = records.recordLine
            guard records.fieldCount == names.count else {
                let separator = delimiter == UInt8(ascii: "\t") ? "tabs" : "commas"
                throw TableFileError(file: fileName, line: line, row: row,
                                     problem: "the row has \(records.fieldCount) field\(records.fieldCount == 1 ? "" : "s") but the header has \(names.count) columns",
                                     fix: "give every row one field per column; put a field that holds \(separator) in double quotes")
            }
            for index in featureIndices {
                let field = records.field(index)
                switch number(in: field) {
                case .value(let value):
                    values.append(value)
                case .missing(let text):
                    guard options.acceptsMissing else {
                        throw TableFileError(
                            file: fileName, line: line, row: row, column: names[index],
                            problem: text.isEmpty ? "the cell is empty" : "the cell holds '\(text)', a missing value",
                            fix: "write a number there, or have missing cells filled with the training examples' mean or "
                                + "median (`DataRequest.options[\"fillMissing\"]`)")
                    }
                    values.append(.nan)
                    missing += 1
                case .notFinite(let text):
                    throw TableFileError(
                        file: fileName, line: line, row: row, column: names[index],
                        problem: "'\(text)' is not a finite number",
                        fix: "training needs finite inputs: write a number there, or empty the cell and have it filled "
                            + "(`DataRequest.options[\"fillMissing\"]`)")
                case .outOfRange(let text):
                    throw TableFileError(
                        file: fileName, line: line, row: row, column: names[index],
                        problem: "\(text) is outside the range of 32-bit floats (about ±3.4e38)",
                        fix: "rescale the column (write it in other units)")
                case .notANumber(let text):
                    throw TableFileError(
                        file: fileName, line: line, row: row, column: names[index],
                        problem: "'\(shortened(text))' is not a number",
                        fix: "write a decimal number such as 0.5 or -1.2e3; if this column holds the classes, make it the "
                            + "label column (`DataRequest.options[\"labelColumn\"]`)")
                }
            }
            let label = trimmed(String(decoding: records.field(labelIndex), as: UTF8.self))
            guard !label.isEmpty else {
                throw TableFileError(file: fileName, line: line, row: row, column: names[labelIndex],
                                     problem: "the row has no label",
                                     fix: "give every row its class in this column, or remove the row")
            }
            if let id = idsByLabel[label] {
                labelIDs.append(id)
            } else {
                idsByLabel[label] = labelsInOrder.count
                labelIDs.append(labelsInOrder.count)
                labelsInOrder.append(label)
            }
            lines.append(line)
        }
        guard !labelIDs.isEmpty else {
            throw TableFileError(file: fileName, problem: "the file has a header but no data rows",
                                 fix: "add one row per example below the header")
        }
        let classNames = sortedClasses(labelsInOrder)
        var classOfLabel = [Int](repeating: 0, count: labelsInOrder.count)
        let position = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        for (id, label) in labelsInOrder.enumerated() { classOfLabel[id] = position[label]! }
        return ParsedTable(featureNames: featureIndices.map { names[$0] }, labelColumn: names[labelIndex],
                           classNames: classNames, values: values, labels: labelIDs.map { classOfLabel[$0] },
                           lines: lines, missingCells: missing)
    }

    /// The labels in class order: by value when all are whole numbers (ties by text), else by text.
    static func sortedClasses(_ labels: [String]) -> [String] {
        let integers = labels.map { Int($0.hasPrefix("+") ? String($0.dropFirst()) : $0) }
        if integers.allSatisfy({ $0 != nil }) {
            return zip(labels, integers).sorted { a, b in a.1! != b.1! ? a.1! < b.1! : a.0 < b.0 }.map(\.0)
        }
        return labels.sorted()
    }

    /// Refuses a header that does not name every column once, or that looks like a data row.
    private static func checkHeader(_ names: [String], line: Int, delimiter: UInt8, fileName: String) throws {
        if names.count < 2 {
            let tabs = delimiter != UInt8(ascii: "\t") && names.first?.contains("\t") == true
            throw TableFileError(
                file: fileName, line: line, problem: "the header has one column; a table needs feature columns and a label column",
                fix: tabs ? "the file looks tab-separated: name it .tsv (or set the delimiter)"
                    : "separate the columns with \(delimiter == UInt8(ascii: "\t") ? "tabs" : "commas")")
        }
        if let empty = names.firstIndex(where: \.isEmpty) {
            throw TableFileError(file: fileName, line: line, problem: "column \(empty + 1) of the header has no name",
                                 fix: "name every column in the header row")
        }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen[name] {
                throw TableFileError(file: fileName, line: line, column: name,
                                     problem: "columns \(first + 1) and \(index + 1) have the same name",
                                     fix: "give every column its own name")
            }
            seen[name] = index
        }
        if names.allSatisfy({ if case .value = number(in: ArraySlice($0.utf8)) { return true } else { return false } }) {
            throw TableFileError(file: fileName, line: line, problem: "the first row holds numbers, not column names",
                                 fix: "add a header row naming the columns (such as x1,x2,label) above the data")
        }
    }

    /// The index of the label column: the one named `asked`, else the last.
    private static func labelColumnIndex(_ names: [String], asked: String?, fileName: String) throws -> Int {
        guard let asked else { return names.count - 1 }
        if let index = names.firstIndex(of: asked) { return index }
        throw SettingError(setting: labelColumnSetting, value: asked,
                           reason: "the header of \(fileName) has no such column; its columns are "
                               + names.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// How errors name the label column setting.
    public static let labelColumnSetting = DataRequest.optionSetting("labelColumn")

    /// What a feature cell holds.
    enum Cell: Equatable {
        case value(Float)
        case missing(String)
        case notFinite(String)
        case outOfRange(String)
        case notANumber(String)
    }

    /// The cell `field` (spaces around it ignored).
    static func number(in field: ArraySlice<UInt8>) -> Cell {
        var start = field.startIndex, end = field.endIndex
        while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
        while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
        let bytes = field[start..<end]
        var digits = 0, valid = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: valid = false
            }
            if !valid { break }
        }
        if !valid || digits == 0 {
            let text = String(decoding: bytes, as: UTF8.self)
            let lower = text.lowercased()
            if missingMarkers.contains(lower) { return .missing(text) }
            let unsigned = lower.hasPrefix("+") || lower.hasPrefix("-") ? String(lower.dropFirst()) : lower
            if ["nan", "inf", "infinity"].contains(unsigned) { return .notFinite(text) }
            return .notANumber(text)
        }
        // strtod on a NUL-terminated copy: the characters are checked above, so no hex or words.
        let parsed: Double? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            var k = 0
            for byte in bytes {
                buffer[k] = CChar(bitPattern: byte)
                k += 1
            }
            buffer[k] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &stop)
            return stop == buffer.baseAddress! + k ? value : nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let parsed else { return .notANumber(text) }
        let value = Float(parsed)
        guard parsed.isFinite, value.isFinite else { return .outOfRange(text) }
        return .value(value)
    }

    private static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// At most 40 characters of `text`, for messages.
    private static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }
}
