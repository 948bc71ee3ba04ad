import ArtifactSchema
import Charts
import Foundation

/// The loss plot of a run that stopped before writing `plot.svg`, drawn from its metrics.csv
/// with Charts the way the plot recorder draws it: the raw batch loss faint, the smoothed loss
/// bold, against the learning rate (log scale) for range tests and against iteration otherwise.
enum MetricsPlot {
    /// The SVG text; nil when metrics.csv holds no batch (nothing to draw).
    ///
    /// `metrics` is already validated (and cut to whole lines) by `MetricsTable`.
    static func svg(metrics: Data, againstLR: Bool, runID: String) throws -> String? {
        let columns = numericColumns(metrics, wanted: ["iteration", "lr", "loss", "smooth_loss"])
        guard let losses = columns["loss"], !losses.isEmpty else { return nil }
        let smooth = columns["smooth_loss"] ?? losses
        let x = againstLR ? (columns["lr"] ?? []) : (columns["iteration"] ?? Array(losses.indices.map(Double.init)))
        guard x.count == losses.count else { return nil }
        let xAxis = againstLR ? Axis(label: "learning rate (log scale)", scale: .log10) : Axis(label: "iteration")
        var chart = Chart(title: "Unfinished run \(runID): the batches recorded so far", xAxis: xAxis,
                          yAxis: Axis(label: "loss", domain: lossDomain(losses: losses, smooth: smooth)))
        chart.add(Series(name: "loss", points: zip(x, losses).map { ChartPoint(x: $0, y: $1) },
                         color: ChartColor(css: "rgba(0, 114, 178, 0.35)"), lineWidth: 1))
        chart.add(Series(name: "smoothed loss", points: zip(x, smooth).map { ChartPoint(x: $0, y: $1) },
                         color: .palette(0), lineWidth: 2.5))
        return try chart.renderSVG()
    }

    /// All finite losses, unless the smoothed loss ran away (above 4 times its lowest value so
    /// far, or not finite): then the top sits 10% above the highest smoothed loss before that, so
    /// the descent stays readable, as on recorded plots.
    static func lossDomain(losses: [Double], smooth: [Double]) -> ClosedRange<Double>? {
        guard let low = (losses + smooth).filter(\.isFinite).min() else { return nil }
        var lowest = Double.infinity, highest = -Double.infinity
        for value in smooth {
            if !value.isFinite || (lowest.isFinite && value > 4 * lowest) {
                let top = highest + 0.1 * abs(highest)
                return highest.isFinite && top > low ? low...top : nil
            }
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        return nil
    }

    /// The `wanted` columns of a validated metrics.csv as numbers (`nan`/`inf` included).
    static func numericColumns(_ data: Data, wanted: Set<String>) -> [String: [Double]] {
        let lines = data.split(separator: 10, omittingEmptySubsequences: true)
        guard let header = lines.first else { return [:] }
        let names = String(decoding: header, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var result: [String: [Double]] = [:]
        let slots = names.enumerated().filter { wanted.contains($0.element) && result.updateValue([], forKey: $0.element) == nil }
        for line in lines.dropFirst() {
            let fields = line.split(separator: 44, omittingEmptySubsequences: false)
            for (index, name) in slots where index < fields.count {
                let text = String(decoding: fields[index], as: UTF8.self)
                result[name]!.append(Double(text) ?? (text == "-inf" ? -.infinity : text == "inf" ? .infinity : .nan))
            }
        }
        return result
    }
}
