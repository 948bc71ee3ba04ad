import ArtifactSchema
import Foundation

/// A CSV curve file that cannot be read; the description names the file (and line) and the fix.
public struct CurveCSVError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ source: String, line: Int? = nil, _ message: String) {
        description = line.map { "\(source):\($0): \(message)" } ?? "\(source): \(message)"
    }
}

/// Reads a range-test curve from LRLab's metrics.csv or any CSV whose header has `lr` and `loss`
/// (or `smooth_loss`) columns.
///
/// The curve uses `smooth_loss` when present, else `loss`, exactly as written (never re-smoothed);
/// `valid_loss` is read when present. Values may be `nan`, `inf`, `-inf` in any letter case.
public enum CurveCSVReader {
    /// Reads the file at `path`; errors name `path` as given.
    public static func read(path: String) throws -> RecordedCurve {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CurveCSVError(path, "cannot read the file (\(error.localizedDescription)); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CurveCSVError(path, "the file is not UTF-8 text; expected a CSV file")
        }
        return try parse(text, source: path)
    }

    /// Parses CSV `text`; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws -> RecordedCurve {
        let records: [CSVRecords.Record]
        do {
            records = try CSVRecords.parse(text)
        } catch CSVRecords.Failure.unterminatedQuote(let line) {
            throw CurveCSVError(source, line: line, "a quoted field is never closed; add the closing \"")
        } catch CSVRecords.Failure.textAfterQuote(let line) {
            throw CurveCSVError(source, line: line, "text follows a closing quote; quote the whole field")
        }
        guard let header = records.first else {
            throw CurveCSVError(source, "the file is empty; expected a header with `lr` and `loss` columns")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let headerText = names.joined(separator: ",")
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let lrColumn = column(MetricsColumns.learningRate) else {
            throw CurveCSVError(source, line: header.line, "no `lr` column: the header is \(headerText)")
        }
        let smoothColumn = column(MetricsColumns.smoothLoss)
        let rawColumn = column(MetricsColumns.loss)
        guard let lossColumn = smoothColumn ?? rawColumn else {
            throw CurveCSVError(source, line: header.line,
                                "no `loss` or `smooth_loss` column: the header is \(headerText)")
        }
        let extraRawColumn = smoothColumn == nil ? nil : rawColumn
        let validColumn = column(MetricsColumns.validLoss)

        var lrs: [Float] = [], losses: [Float] = [], raws: [Float] = [], valids: [Float] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw CurveCSVError(source, line: record.line,
                                    "the row has \(record.fields.count) fields, the header has \(names.count)")
            }
            func value(_ index: Int) throws -> Float {
                let text = record.fields[index].trimmingCharacters(in: .whitespaces)
                guard let number = parseNumber(text) else {
                    let shown = text.isEmpty ? "an empty field" : "'\(text)'"
                    throw CurveCSVError(source, line: record.line,
                                        "\(shown) is not a number in column \(names[index])")
                }
                return number
            }
            lrs.append(try value(lrColumn))
            losses.append(try value(lossColumn))
            if let extraRawColumn { raws.append(try value(extraRawColumn)) }
            if let validColumn { valids.append(try value(validColumn)) }
        }
        return RecordedCurve(lrs: lrs, losses: losses,
                             rawLosses: extraRawColumn == nil ? nil : raws,
                             validLosses: validColumn == nil ? nil : valids)
    }

    /// A decimal number, or `nan`/`inf`/`infinity` with an optional sign, in any letter case.
    static func parseNumber(_ text: String) -> Float? {
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        // Only plain decimal syntax: Float(String) would also take hexadecimal and "nan(...)" forms.
        let allowed = text.unicodeScalars.allSatisfy { "0123456789+-.eE".unicodeScalars.contains($0) }
        guard allowed, !text.isEmpty else { return nil }
        return Float(text)
    }
}
