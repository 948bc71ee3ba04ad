import LRFinder
import Charts
import CurveAnalysis

/// The range test's `plot.svg`: raw loss faint, smoothed loss bold, against the head's learning
/// rate on a log axis, with each available suggestion marked on the curve.
public enum RangeTestPlot {
    /// The chart for `points` with the markers of `findings`.
    public static func chart(points: [RangeTestPoint], findings: RangeTestFindings, title: String) -> Chart {
        var chart = Chart(title: title, xAxis: Axis(label: "learning rate", scale: .log10),
                          yAxis: Axis(label: "loss"), legend: .topLeft)
        let lrs = points.map { Double($0.learningRate) }
        func line(_ values: [Float]) -> [ChartPoint] { zip(lrs, values).map { ChartPoint(x: $0, y: Double($1)) } }
        chart.add(Series(name: "loss", points: line(points.map(\.loss)), color: .palette(0), lineWidth: 0.75))
        chart.add(Series(name: "smoothed loss", points: line(points.map(\.smoothLoss)), color: .palette(1), lineWidth: 2))
        if points.contains(where: { $0.validLoss != nil }) {
            chart.add(Series(name: "validation loss", points: line(points.map { $0.validLoss ?? .nan }),
                             color: .palette(2), lineWidth: 1.5))
        }
        for (index, suggestion) in findings.availableSuggestions.enumerated() where suggestion.loss.isFinite {
            chart.add(Marker(x: suggestion.lr, y: suggestion.loss,
                             label: "\(suggestion.method.rawValue) \(LRFormat.string(suggestion.lr))",
                             color: .palette(3 + index), showsGuide: true))
        }
        chart.yAxis.domain = readableLossRange(points)
        return chart
    }

    /// From the lowest smoothed loss to a little above the start, so divergence does not squash the curve.
    static func readableLossRange(_ points: [RangeTestPoint]) -> ClosedRange<Double>? {
        let smooth = points.map { Double($0.smoothLoss) }.filter(\.isFinite)
        let raw = points.map { Double($0.loss) }.filter(\.isFinite)
        guard let low = (smooth + raw).min(), let first = smooth.first, let best = smooth.min() else { return nil }
        let high = max(first, best * 1.5) * 1.1
        return high > low ? (low * 0.95)...high : nil
    }
}
