import ArtifactSchema
import LRFinder
import Charts
import CurveAnalysis
import Foundation
import Training

/// The two charts of a sweep's group folder.
public enum SweepCharts {
    /// Smoothed loss against learning rate, one curve per batch size (the median over seeds at
    /// each ladder step, up to the step where the first seed stopped) with the seeds' min/max as
    /// a band. Members without a recorded curve are left out.
    public static func overlay(members: [SweepMember], batchSizes: [Int], model: String) -> Chart {
        var chart = Chart(title: "LR range tests: \(model) by batch size",
                          xAxis: Axis(label: "learning rate", scale: .log10), yAxis: Axis(label: "smoothed loss"),
                          legend: .right)
        var lowest = Double.infinity, highest = -Double.infinity
        for (index, batchSize) in batchSizes.enumerated() {
            let curves = members.filter { $0.batchSize == batchSize }.compactMap(\.curve)
            // Up to where the first seed stopped: later steps would be the median of the survivors only.
            guard let shortest = curves.map(\.count).min(), shortest > 0 else { continue }
            var medians: [ChartPoint] = [], band: [Band.Sample] = []
            for step in 0..<shortest {
                let values = curves.map { Double($0.losses[step]) }.filter(\.isFinite)
                let lr = Double(curves[0].lrs[step])
                guard !values.isEmpty else { continue }
                let sorted = values.sorted()
                medians.append(ChartPoint(x: lr, y: median(sorted)))
                band.append(Band.Sample(x: lr, low: sorted[0], high: sorted[sorted.count - 1]))
            }
            if let first = medians.first?.y { highest = max(highest, first) }
            lowest = min(lowest, band.map(\.low).min() ?? .infinity)
            chart.add(Band(name: "", samples: band, color: .palette(index)))
            chart.add(Series(name: "bs \(batchSize)", points: medians, color: .palette(index)))
        }
        if lowest.isFinite, highest.isFinite, highest * 1.2 > lowest {
            chart.yAxis.domain = (lowest * 0.95)...(highest * 1.2)
        }
        return chart
    }

    /// Suggested learning rate against batch size on log-log axes: per suggestion, the median
    /// over seeds with min/max error bars and the fitted line (slope and its seed-bootstrap interval
    /// in brackets in the legend, or ± its standard error for fits without one); faint reference lines of
    /// slope 1 and 0.5.
    public static func scaling(fits: [SuggestionMethod: ScalingOutcome], batchSizes: [Int], model: String) -> Chart {
        let sizes = batchSizes.sorted().map(Double.init)
        var chart = Chart(title: "Suggested learning rate against batch size: \(model)",
                          xAxis: Axis(label: "batch size", scale: .log10, ticks: sizes),
                          yAxis: Axis(label: "suggested learning rate", scale: .log10), legend: .right)
        var anchor: (x: Double, y: Double)?
        for (index, method) in SuggestionMethod.allCases.enumerated() {
            guard let fit = fits[method]?.fit, let low = sizes.first, let high = sizes.last else { continue }
            let color = ChartColor.palette(index)
            chart.add(Scatter(name: "", points: fit.points.map {
                Scatter.Point(x: Double($0.batchSize), y: $0.median, low: $0.low, high: $0.high)
            }, color: color))
            // The seed-bootstrap interval where there is one: the standard error of a fit over every run
            // treats runs of one seed as independent and comes out too small.
            let error = fit.slopeInterval.map { " [\(ConsoleText.fixed($0.lower, 2)), \(ConsoleText.fixed($0.upper, 2))]" }
                ?? fit.slopeStdErr.map { " ± " + ConsoleText.fixed($0, 2) } ?? ""
            let line = [low, high].map { ChartPoint(x: $0, y: exp(fit.intercept) * pow($0, fit.slope)) }
            chart.add(Series(name: "\(method.rawValue): slope \(ConsoleText.fixed(fit.slope, 2))\(error)", points: line,
                             color: color, lineWidth: 1.5))
            if anchor == nil {
                let middle = (low * high).squareRoot()
                anchor = (middle, exp(fit.intercept) * pow(middle, fit.slope))
            }
        }
        if let anchor, let low = sizes.first, let high = sizes.last, high > low {
            let references: [(Double, String, Dash)] = [(1.0, "slope 1 (linear scaling)", .dashed),
                                                        (0.5, "slope 0.5 (square root)", .dotted)]
            for (slope, name, dash) in references {
                let ends = [low, high].map { ChartPoint(x: $0, y: anchor.y * pow($0 / anchor.x, slope)) }
                chart.add(ReferenceLine.segment(from: ends[0], to: ends[1], name: name,
                                                color: ChartColor(css: "#999999"), dash: dash))
            }
        }
        return chart
    }

    /// The median of ascending `sorted` (mean of the middle two for an even count).
    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
