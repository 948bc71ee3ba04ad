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
        guard let text = String(data: data, encoding: .utf8), let sanitized = SVGSanitizer.sanitize(text),
              let geometry = sanitized.geometry else { return nil }
        return InteractivePlot(svg: sanitized.markup, json: ScriptJSON.object(geometry.jsonMembers))
    }

    /// A run's plot.svg with the exact points of its loss curves from metrics.csv, so the
    /// tooltip shows recorded values (also where the curve leaves the plot) with the learning
    /// rate and iteration of each; a `switch` names the raw-loss series beside a smoothed one.
    static func run(_ run: RunArtifacts) -> InteractivePlot? {
        guard let plot = run.contents["plot.svg"], let text = String(data: plot, encoding: .utf8),
              let sanitized = SVGSanitizer.sanitize(text), let geometry = sanitized.geometry else { return nil }
        var members = geometry.jsonMembers
        let columns = run.contents["metrics.csv"].map(Self.columns) ?? [:]
        let wanted = runSeriesColumns.filter { sanitized.seriesNames.contains($0.0) && columns[$0.1] != nil }
        if let lrs = columns["lr"], let iterations = columns["iteration"], !wanted.isEmpty {
            let xColumn = geometry.x.label.contains("iteration") || (geometry.x.scale == "linear" && !geometry.x.label.contains("learning rate"))
                ? "iteration" : "lr"
            let keep = Self.thinned(lrs.count)
            func list(_ values: [String]) -> String { ScriptJSON.array(keep.map { values[$0] }) }
            var points: [(String, String)] = [("x", ScriptJSON.string(xColumn)), ("lr", list(lrs)), ("iteration", list(iterations))]
            points.append(("series", ScriptJSON.object(wanted.map { ($0.0, list(columns[$0.1]!)) })))
            members.append(("points", ScriptJSON.object(points)))
            if wanted.count == 2 { members.append(("switch", ScriptJSON.string("loss"))) }
        }
        return InteractivePlot(svg: sanitized.markup, json: ScriptJSON.object(members))
    }

    /// Row indices to keep: all of them up to `pointLimit`, else evenly spaced ones with the first and last.
    static func thinned(_ count: Int) -> [Int] {
        guard count > pointLimit else { return Array(0..<count) }
        return (0..<pointLimit).map { $0 * (count - 1) / (pointLimit - 1) }
    }

    /// metrics.csv (already validated) as JSON number texts per column.
    static func columns(_ data: Data) -> [String: [String]] {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.utf8.split(separator: 10, omittingEmptySubsequences: true).map(Substring.init)
        guard !lines.isEmpty else { return [:] }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var columns = [[String]](repeating: [], count: header.count)
        for index in columns.indices { columns[index].reserveCapacity(lines.count) }
        for line in lines {
            let fields = line.utf8.split(separator: 44, omittingEmptySubsequences: false)
            guard fields.count == header.count else { continue }
            for (index, field) in fields.enumerated() { columns[index].append(jsonNumber(Substring(field))) }
        }
        return Dictionary(zip(header, columns), uniquingKeysWith: { first, _ in first })
    }

    /// A CSV number as JSON: kept as written when it is valid JSON, else re-formatted; `null` when not finite.
    static func jsonNumber(_ field: Substring) -> String {
        if isJSONNumber(field.utf8) { return String(field) }
        return Double(field).map(ScriptJSON.number) ?? "null"
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    static func isJSONNumber(_ bytes: Substring.UTF8View) -> Bool {
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 { index = bytes.index(after: index); count += 1 }
            return count
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
        guard index < bytes.endIndex else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index = bytes.index(after: index)
        } else if digits() == 0 {
            return false
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            guard digits() > 0 else { return false }
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index = bytes.index(after: index)
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }
}
