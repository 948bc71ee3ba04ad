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

    /// The loss range to show: all finite losses, unless the smoothed loss diverged (rose above
    /// 4 times its lowest value so far, fastai's stop rule, or stopped being finite); then the top
    /// is 10% above the highest smoothed loss before that point, so the descent stays readable.
    func lossDomain() -> ClosedRange<Double>? {
        let finite = (batches.flatMap { [$0.loss, $0.smoothLoss] } + validations.map(\.loss)).filter(\.isFinite)
        guard let low = finite.min() else { return nil }
        var best = Double.infinity
        var highest = -Double.infinity
        for batch in batches {
            let smooth = batch.smoothLoss
            if !smooth.isFinite || (best.isFinite && smooth > 4 * best) {
                let ceiling = highest + 0.1 * abs(highest)
                return highest.isFinite && ceiling > low ? low...ceiling : nil
            }
            best = min(best, smooth)
            highest = max(highest, smooth)
        }
        return nil
    }
}
