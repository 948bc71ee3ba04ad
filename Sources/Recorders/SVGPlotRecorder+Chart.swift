import Charts

extension SVGPlotRecorder {
    /// The chart of the points collected so far.
    public func chart() -> Chart {
        let x: [Double] = style == .lossAgainstLR ? batches.map(\.lr) : batches.map { Double($0.iteration) }
        let xAxis = style == .lossAgainstLR
            ? Axis(label: "learning rate (log scale)", scale: .log10)
            : Axis(label: "iteration")
        var chart = Chart(title: title, xAxis: xAxis, yAxis: Axis(label: "loss", domain: lossDomain()))
        let faint = ChartColor(css: "rgba(0, 114, 178, 0.35)")
        chart.add(Series(name: "loss", points: zip(x, batches).map { ChartPoint(x: $0, y: $1.loss) },
                         color: faint, lineWidth: 1))
        chart.add(Series(name: "smoothed loss", points: zip(x, batches).map { ChartPoint(x: $0, y: $1.smoothLoss) },
                         color: .palette(0), lineWidth: 2.5))
        if style == .lossAgainstIteration && !validations.isEmpty {
            chart.add(Series(name: "validation loss",
                             points: validations.map { ChartPoint(x: Double($0.iteration), y: $0.loss) },
                             color: .palette(1), dash: .dashed, lineWidth: 2, showsPoints: true))
        }
        return chart
    }

    /// The loss range to show: all finite losses, but cut at twice the first smoothed loss
    /// when the run diverged far above it, so the descent stays readable.
    func lossDomain() -> ClosedRange<Double>? {
        let finite = (batches.flatMap { [$0.loss, $0.smoothLoss] } + validations.map(\.loss)).filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(),
              let first = batches.lazy.map(\.smoothLoss).first(where: \.isFinite), first > 0 else { return nil }
        let ceiling = 2 * first
        guard high > ceiling, ceiling > low else { return nil }
        return low...ceiling
    }
}
