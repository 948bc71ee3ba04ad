/// Splits CSV text into records of fields, remembering the line each record starts on.
///
/// Follows RFC 4180: fields may be quoted with `"`, a quoted field may hold commas, line breaks
/// and `""` for a quote. Line ends may be `\n` or `\r\n`; blank lines are skipped.
struct CSVRecords {
    struct Record {
        /// 1-based line number where the record starts.
        let line: Int
        let fields: [String]
    }

    enum Failure: Error {
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int)
    }

    /// All records of `text`, in order.
    static func parse(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var quoteStartLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quoteStartLine = line
            default:
                if fieldWasQuoted { throw Failure.textAfterQuote(line: line) }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw Failure.unterminatedQuote(line: quoteStartLine) }
        if !field.isEmpty || fieldWasQuoted || !fields.isEmpty { endRecord() }
        return records
    }
}
