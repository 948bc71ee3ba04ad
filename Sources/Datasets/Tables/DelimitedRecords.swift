/// The records of delimited text (CSV as RFC 4180 describes it, or tab-separated), one at a time,
/// each field's bytes unquoted into one reused buffer.
///
/// A field that starts with `"` is quoted: it ends at the next lone `"`, holds delimiters and line
/// breaks as they are, and writes a quote as `""`. Any other `"` is an ordinary byte (as Python's
/// `csv` module reads it). Records end at LF, CRLF or a lone CR; blank lines are skipped; a UTF-8
/// byte order mark at the start is dropped.
struct DelimitedRecords {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let fileName: String
    private var position = 0
    /// The line `position` is on, from 1.
    private var line = 1

    /// The line the current record starts on.
    private(set) var recordLine = 0
    /// The current record's fields, one after another.
    private var buffer: [UInt8] = []
    /// The end of each field of the current record in `buffer`.
    private var ends: [Int] = []

    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    init(bytes: [UInt8], delimiter: UInt8, fileName: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.fileName = fileName
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The number of fields of the current record.
    var fieldCount: Int { ends.count }

    /// The bytes of field `index` of the current record, unquoted.
    func field(_ index: Int) -> ArraySlice<UInt8> {
        buffer[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// Moves to the next record that is not a blank line; false at the end of the bytes.
    /// - Throws: `TableFileError` for a quoted field that never closes or is followed by more
    ///   than a delimiter or the end of its line.
    mutating func next() throws -> Bool {
        while position < bytes.count {
            if try readRecord() { return true }
        }
        return false
    }

    /// Reads one record; false when it was a blank line.
    private mutating func readRecord() throws -> Bool {
        buffer.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        recordLine = line
        var inQuotes = false, fieldQuoted = false, afterClosingQuote = false
        var quoteLine = line
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if inQuotes {
                if byte == Self.quote {
                    if position + 1 < count && bytes[position + 1] == Self.quote {
                        buffer.append(Self.quote)
                        position += 2
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                        position += 1
                    }
                    continue
                }
                if byte == Self.lineFeed || (byte == Self.carriageReturn && (position + 1 == count || bytes[position + 1] != Self.lineFeed)) {
                    line += 1
                }
                buffer.append(byte)
                position += 1
                continue
            }
            if byte == delimiter {
                ends.append(buffer.count)
                fieldQuoted = false
                afterClosingQuote = false
                position += 1
                continue
            }
            if byte == Self.lineFeed || byte == Self.carriageReturn {
                position += byte == Self.carriageReturn && position + 1 < count && bytes[position + 1] == Self.lineFeed ? 2 : 1
                line += 1
                if ends.isEmpty && buffer.isEmpty && !fieldQuoted { return false }
                ends.append(buffer.count)
                return true
            }
            if afterClosingQuote {
                throw TableFileError(
                    file: fileName, line: line, problem: "a quoted field goes on after its closing quote",
                    fix: "put the whole field in quotes and write a quote inside it as \"\" (such as \"say \"\"hi\"\"\")")
            }
            if byte == Self.quote && !fieldQuoted && buffer.count == (ends.last ?? 0) {
                inQuotes = true
                fieldQuoted = true
                quoteLine = line
                position += 1
                continue
            }
            buffer.append(byte)
            position += 1
        }
        if inQuotes {
            throw TableFileError(file: fileName, line: quoteLine, problem: "a quoted field opened here is never closed",
                                 fix: "end the field with a quote; a quote inside a quoted field is written \"\"")
        }
        if ends.isEmpty && buffer.isEmpty && !fieldQuoted { return false }
        ends.append(buffer.count)
        return true
    }
}
