/// Where everything goes for one render: the plot frame, both axes' ticks and the legend.
struct ChartLayout {
    var frame: PlotFrame
    var xTicks: AxisTicks
    var yTicks: AxisTicks
    var legend: [LegendEntry]
    /// Where the legend goes; nil when there is none.
    var legendPosition: LegendPosition?
    var metrics: RenderMetrics
    var width: Double
    var height: Double

    static let tickLength = 5.0
    static let labelGap = 4.0

    /// Lays out `chart` at `width`×`height`.
    ///
    /// - Throws: `ChartError.sizeTooSmall` when the plot would be under 40×30 pixels
    ///   (16×12 for a thumbnail), `ChartError.invalidDomain` for an unusable explicit domain.
    init(chart: Chart, width: Int, height: Int, mode: RenderMode) throws {
        let metrics = RenderMetrics.of(mode)
        let text = metrics.showsText
        let font = metrics.fontSize
        let entries = text ? chart.legendEntries() : []
        let position = ChartLayout.legendPosition(chart.legend, entryCount: entries.count)

        var top = metrics.padding, bottom = metrics.padding
        var left = metrics.padding, right = metrics.padding
        if text {
            top += chart.title.isEmpty ? 4 : metrics.titleSize + 12
            bottom += ChartLayout.tickLength + ChartLayout.labelGap + font
            if !chart.xAxis.label.isEmpty { bottom += font + 10 }
            right += 12
            if position == .right { right += LegendEntry.columnWidth(entries, fontSize: font) }
        }
        let (minimumPlotWidth, minimumPlotHeight) = text ? (40.0, 30.0) : (16.0, 12.0)
        let plotHeight = Double(height) - top - bottom
        let yCount = max(3, min(10, Int(plotHeight / 50) + 1))
        let yDomain = try chart.yAxis.resolvedDomain(values: chart.yValues(), tickCount: yCount, name: "y")
        let yTicks = chart.yAxis.ticks(domain: yDomain, count: yCount)
        if text {
            let widest = yTicks.labels.map { RenderMetrics.textWidth($0, size: font) }.max() ?? 0
            left += widest + ChartLayout.tickLength + ChartLayout.labelGap
            if !chart.yAxis.label.isEmpty { left += font + 10 }
        }
        let plotWidth = Double(width) - left - right
        guard plotWidth >= minimumPlotWidth, plotHeight >= minimumPlotHeight else {
            throw ChartError.sizeTooSmall(width: width, height: height,
                                          minimumWidth: Int((left + right + minimumPlotWidth).rounded(.up)),
                                          minimumHeight: Int((top + bottom + minimumPlotHeight).rounded(.up)))
        }
        let xCount = max(3, min(10, Int(plotWidth / 80) + 1))
        let xDomain = try chart.xAxis.resolvedDomain(values: chart.xValues(), tickCount: xCount, name: "x")

        let rect = PixelRect(left: left, top: top, right: left + plotWidth, bottom: top + plotHeight)
        frame = PlotFrame(rect: rect, xScale: chart.xAxis.scale, yScale: chart.yAxis.scale,
                          xDomain: xDomain, yDomain: yDomain)
        xTicks = chart.xAxis.ticks(domain: xDomain, count: xCount)
        self.yTicks = yTicks
        legend = entries
        legendPosition = position
        self.metrics = metrics
        self.width = Double(width)
        self.height = Double(height)
    }

    private static func legendPosition(_ requested: LegendPosition, entryCount: Int) -> LegendPosition? {
        switch requested {
        case .hidden: return nil
        case .automatic: return entryCount >= 2 ? .right : nil
        default: return entryCount >= 1 ? requested : nil
        }
    }
}
