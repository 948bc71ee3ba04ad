import Foundation

/// Labels read from a CSV file in fastai's `from_csv` form: a header row, then one row per image with
/// its file name (relative to the image folder) first and its label second; an optional column
/// named `is_valid` marks the validation images.
///
/// Fields follow RFC 4180: separated by commas, optionally in double quotes (a quote inside doubled),
/// rows ending in LF or CRLF. Empty lines are skipped.
enum LabelsCSV {
    /// One record and the 1-based line it starts on.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// The records of `text`.
    /// - Throws: `ImageFolderError.labelsFile` for a quote left open.
    static func records(_ text: String, path: String) throws -> [Record] {
        var records = [Record]()
        var fields = [String]()
        var field = [UInt8]()
        var line = 1, recordLine = 1
        var quoted = false, fieldStarted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll()
        }
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\"") where !fieldStarted && field.isEmpty:
                    quoted = true
                    fieldStarted = true
                default:
                    field.append(byte)
                    fieldStarted = true
                }
            }
            i += 1
        }
        if quoted { throw ImageFolderError.labelsFile(path: path, line: recordLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        return records
    }

    /// The listing of the images `csvPath` labels, file names relative to `root`.
    static func listing(root: String, csvPath: String, layout: ImageFolderLayout) throws -> FolderListing {
        let path = csvPath.hasPrefix("/") ? csvPath : FolderScan.join(root, csvPath)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImageFolderError.labelsFile(path: path, line: 0, reason: "cannot be read (it does not exist or is not a file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ImageFolderError.labelsFile(path: path, line: 0, reason: "is not UTF-8 text")
        }
        var rows = try records(text, path: path)
        guard !rows.isEmpty else {
            throw ImageFolderError.labelsFile(path: path, line: 1, reason: "the file is empty; it needs a header row such as fname,label")
        }
        let header = rows.removeFirst()
        guard header.fields.count >= 2 else {
            throw ImageFolderError.labelsFile(path: path, line: header.line,
                                              reason: "the header has \(header.fields.count) column; it needs the file name column then the label column, such as fname,label")
        }
        let validColumn = header.fields.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "is_valid" }
        guard !rows.isEmpty else {
            throw ImageFolderError.labelsFile(path: path, line: header.line + 1, reason: "no rows after the header")
        }
        var labelled = [(file: ScannedFile, name: String)]()
        var validation = [Bool]()
        var seen = [String: Int]()
        for row in rows {
            func failure(_ reason: String) -> ImageFolderError { .labelsFile(path: path, line: row.line, reason: reason) }
            guard row.fields.count == header.fields.count else {
                throw failure("\(row.fields.count) fields, but the header has \(header.fields.count)")
            }
            let name = row.fields[0], label = row.fields[1]
            guard !name.isEmpty else { throw failure("the file name (column \(header.fields[0])) is empty") }
            guard !label.isEmpty else { throw failure("the label (column \(header.fields[1])) of \(name) is empty") }
            if let earlier = seen[name] { throw failure("\(name) is listed again (first on line \(earlier))") }
            seen[name] = row.line
            let filePath = name.hasPrefix("/") ? name : FolderScan.join(root, name)
            guard let info = FolderScan.status(of: filePath), info.st_mode & S_IFMT == S_IFREG else {
                throw failure("image file \(filePath) does not exist; file names are relative to \(root)")
            }
            if let validColumn {
                switch row.fields[validColumn].trimmingCharacters(in: .whitespaces).lowercased() {
                case "true", "1", "yes": validation.append(true)
                case "false", "0", "no", "": validation.append(false)
                case let other: throw failure("is_valid is \"\(other)\"; use true or false")
                }
            }
            labelled.append((FolderScan.scanned(name, info), label))
        }
        let listing = FolderListing.sortedByClass(labelled, isValidation: validColumn == nil ? nil : validation,
                                                  givesSplit: validColumn != nil, layout: layout)
        let trainClasses = Set(listing.entries.filter { !$0.isValidation }.map(\.label))
        if let orphan = listing.entries.first(where: { $0.isValidation && !trainClasses.contains($0.label) }) {
            let line = seen[orphan.file.relativePath] ?? 0
            throw ImageFolderError.labelsFile(path: path, line: line,
                                              reason: "class \"\(listing.classNames[orphan.label])\" has only validation images (is_valid); "
                                              + "a model cannot learn a class it never sees in training")
        }
        return listing
    }
}
