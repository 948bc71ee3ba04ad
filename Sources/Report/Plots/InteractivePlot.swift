import Foundation

/// A chart inlined into a run or sweep page for `assets/plot.js`: the sanitized SVG (which
/// reads on its own without scripts) and the JSON the script maps pointer positions with.
struct InteractivePlot: Sendable {
    /// Safe SVG markup.
    var svg: String
    /// The JSON object (safe inside `<script>`): the geometry, plus for a run the recorded points.
    var json: String

    /// Series of plot.svg that come straight from metrics.csv columns.
    static let runSeriesColumns = [("loss", "loss"), ("smoothed loss", "smooth_loss")]
    /// At most this many points per series go into a page; longer runs are thinned evenly.
    static let pointLimit = 5000

    /// A sweep chart: the plot script reads its curves from the SVG paths.
    static func chart(_ data: Data) -> InteractivePlot? {
        guard data.range(of: Data("lrc-frame".utf8)) != nil, let text = String(data: data, encoding: .utf8),
              let sanitized = SVGSanitizer.sanitize(text),
              let geometry = sanitized.geometry else { return nil }
        return InteractivePlot(svg: sanitized.markup, json: ScriptJSON.object(geometry.jsonMembers))
    }

    /// A run's plot.svg with the exact points of its loss curves from metrics.csv, so the
    /// tooltip shows recorded values (also where the curve leaves the plot) with the learning
    /// rate and iteration of each; a `switch` names the raw-loss series beside a smoothed one.
    static func run(_ run: RunArtifacts) -> InteractivePlot? {
        // Without Charts' frame there is nothing to map the pointer with: skip the parse.
        guard let plot = run.contents["plot.svg"], plot.range(of: Data("lrc-frame".utf8)) != nil,
              let text = String(data: plot, encoding: .utf8),
              let sanitized = SVGSanitizer.sanitize(text), let geometry = sanitized.geometry else { return nil }
        var members = geometry.jsonMembers
        let wanted = runSeriesColumns.filter { sanitized.seriesNames.contains($0.0) }
        let columns = run.contents["metrics.csv"].map { Self.columns($0, wanted: Set(["lr", "iteration"] + wanted.map(\.1))) } ?? [:]
        let present = wanted.filter { columns[$0.1] != nil }
        if let lrs = columns["lr"], let iterations = columns["iteration"], !present.isEmpty {
            let xColumn = geometry.x.label.contains("iteration") || (geometry.x.scale == "linear" && !geometry.x.label.contains("learning rate"))
                ? "iteration" : "lr"
            var points: [(String, String)] = [("x", ScriptJSON.string(xColumn)), ("lr", lrs), ("iteration", iterations)]
            points.append(("series", ScriptJSON.object(present.map { ($0.0, columns[$0.1]!) })))
            members.append(("points", ScriptJSON.object(points)))
            if present.count == 2 { members.append(("switch", ScriptJSON.string("loss"))) }
        }
        return InteractivePlot(svg: sanitized.markup, json: ScriptJSON.object(members))
    }

    /// Row indices to keep: all of them up to `pointLimit`, else evenly spaced ones with the first and last.
    static func thinned(_ count: Int) -> [Int] {
        guard count > pointLimit else { return Array(0..<count) }
        return (0..<pointLimit).map { $0 * (count - 1) / (pointLimit - 1) }
    }

    /// The `wanted` columns of metrics.csv (already validated) as JSON arrays of numbers, rows
    /// thinned to `pointLimit`; one pass over the bytes.
    static func columns(_ data: Data, wanted: Set<String>) -> [String: String] {
        data.withUnsafeBytes { raw -> [String: String] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStarts: [Int] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 10 {
                if index > start { lineStarts.append(start) }
                start = index + 1
            }
            if start < bytes.count { lineStarts.append(start) }
            guard let headerStart = lineStarts.first else { return [:] }
            func lineEnd(_ from: Int) -> Int {
                var end = from
                while end < bytes.count, bytes[end] != 10 { end += 1 }
                return end > from && bytes[end - 1] == 13 ? end - 1 : end
            }
            let header = String(decoding: UnsafeBufferPointer(rebasing: bytes[headerStart..<lineEnd(headerStart)]), as: UTF8.self)
                .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let slots = header.map { wanted.contains($0) }
            var outputs = [[UInt8]](repeating: [UInt8(ascii: "[")], count: header.count)
            let rows = lineStarts.count - 1
            for row in thinned(rows) {
                let from = lineStarts[row + 1], end = lineEnd(from)
                var column = 0, fieldStart = from
                for index in from...end where index == end || bytes[index] == UInt8(ascii: ",") {
                    if column < slots.count, slots[column] {
                        if outputs[column].count > 1 { outputs[column].append(UInt8(ascii: ",")) }
                        let field = UnsafeBufferPointer(rebasing: bytes[fieldStart..<index])
                        if isJSONNumber(field) {
                            outputs[column].append(contentsOf: field)
                        } else {
                            outputs[column].append(contentsOf: jsonNumber(Substring(String(decoding: field, as: UTF8.self))).utf8)
                        }
                    }
                    column += 1
                    fieldStart = index + 1
                }
            }
            var result: [String: String] = [:]
            for (index, name) in header.enumerated() where slots[index] && result[name] == nil {
                result[name] = String(decoding: outputs[index] + [UInt8(ascii: "]")], as: UTF8.self)
            }
            return result
        }
    }

    /// A CSV number as JSON: kept as written when it is valid JSON, else re-formatted; `null` when not finite.
    static func jsonNumber(_ field: Substring) -> String {
        var text = String(field)
        if text.withUTF8({ isJSONNumber($0) }) { return text }
        return Double(field).map(ScriptJSON.number) ?? "null"
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    static func isJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        func digits() -> Int {
            let start = index
            while index < count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            return index - start
        }
        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == count
    }
}
