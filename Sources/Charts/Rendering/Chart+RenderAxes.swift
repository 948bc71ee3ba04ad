extension Chart {
    /// Grid lines at the major ticks (and fainter ones at log minor ticks), under the data.
    func drawGrid(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame, rect = frame.rect
        let minorX = layout.metrics.showsMinorTicks ? layout.xTicks.minor : []
        let minorY = layout.metrics.showsMinorTicks ? layout.yTicks.minor : []
        var major = "", minor = ""
        for x in layout.xTicks.major { major += verticalPath(frame.pixelX(x), rect) }
        for y in layout.yTicks.major { major += horizontalPath(frame.pixelY(y), rect) }
        for x in minorX { minor += verticalPath(frame.pixelX(x), rect) }
        for y in minorY { minor += horizontalPath(frame.pixelY(y), rect) }
        let width = NumberFormat.coordinate(layout.metrics.strokeScale)
        if !minor.isEmpty {
            svg.element("path", [("class", "lrc-grid-minor"), ("d", minor), ("fill", "none"),
                                 ("stroke", "currentColor"), ("stroke-opacity", "0.06"), ("stroke-width", width)])
        }
        if !major.isEmpty {
            svg.element("path", [("class", "lrc-grid"), ("d", major), ("fill", "none"),
                                 ("stroke", "currentColor"), ("stroke-opacity", "0.14"), ("stroke-width", width)])
        }
    }

    /// The plot frame, tick marks, tick labels and axis labels.
    ///
    /// The frame carries the mapping from data to pixels for scripts that make the chart
    /// interactive: `data-x-scale`/`data-y-scale` (`linear` or `log10`) and
    /// `data-x-domain`/`data-y-domain`, the shown range in scale units (log10 of the data on a
    /// log axis), low then high; the frame's `x`, `y`, `width` and `height` are the pixel side.
    func drawAxes(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let frame = layout.frame, rect = frame.rect, metrics = layout.metrics
        let c = NumberFormat.coordinate
        func domain(_ range: ClosedRange<Double>) -> String {
            NumberFormat.compact(range.lowerBound, significantDigits: 10) + " "
                + NumberFormat.compact(range.upperBound, significantDigits: 10)
        }
        svg.element("rect", [("class", "lrc-frame"), ("x", c(rect.left)), ("y", c(rect.top)),
                             ("width", c(rect.width)), ("height", c(rect.height)), ("fill", "none"),
                             ("stroke", "currentColor"), ("stroke-opacity", "0.7"),
                             ("stroke-width", c(metrics.strokeScale)),
                             ("data-x-scale", frame.xScale.rawValue), ("data-x-domain", domain(frame.xDomain)),
                             ("data-y-scale", frame.yScale.rawValue), ("data-y-domain", domain(frame.yDomain))])
        guard metrics.showsText else { return }
        let long = ChartLayout.tickLength, short = ChartLayout.tickLength * 0.6
        var ticks = ""
        for x in layout.xTicks.major { ticks += tickPath(x: frame.pixelX(x), y: rect.bottom, dx: 0, dy: long, rect) }
        for y in layout.yTicks.major { ticks += tickPath(x: rect.left, y: frame.pixelY(y), dx: -long, dy: 0, rect) }
        for x in layout.xTicks.minor { ticks += tickPath(x: frame.pixelX(x), y: rect.bottom, dx: 0, dy: short, rect) }
        for y in layout.yTicks.minor { ticks += tickPath(x: rect.left, y: frame.pixelY(y), dx: -short, dy: 0, rect) }
        if !ticks.isEmpty {
            svg.element("path", [("class", "lrc-ticks"), ("d", ticks), ("fill", "none"),
                                 ("stroke", "currentColor"), ("stroke-opacity", "0.7")])
        }
        let font = metrics.fontSize
        svg.open("g", [("class", "lrc-tick-labels"), ("fill", "currentColor")])
        let labelY = rect.bottom + long + ChartLayout.labelGap + font * 0.8
        for (x, label) in zip(layout.xTicks.major, layout.xTicks.labels) {
            guard let px = frame.pixelX(x) else { continue }
            svg.element("text", [("x", c(px)), ("y", c(labelY)), ("text-anchor", "middle")], text: label)
        }
        let labelX = rect.left - long - ChartLayout.labelGap
        for (y, label) in zip(layout.yTicks.major, layout.yTicks.labels) {
            guard let py = frame.pixelY(y) else { continue }
            svg.element("text", [("x", c(labelX)), ("y", c(py + font * 0.35)), ("text-anchor", "end")], text: label)
        }
        svg.close("g")
        if !xAxis.label.isEmpty {
            svg.element("text", [("class", "lrc-axis-label"), ("x", c((rect.left + rect.right) / 2)),
                                 ("y", c(labelY + font + 8)), ("text-anchor", "middle"),
                                 ("font-size", c(font + 1)), ("fill", "currentColor")], text: xAxis.label)
        }
        if !yAxis.label.isEmpty {
            let x = metrics.padding + font * 0.8, y = (rect.top + rect.bottom) / 2
            svg.element("text", [("class", "lrc-axis-label"), ("x", c(x)), ("y", c(y)),
                                 ("transform", "rotate(-90 \(c(x)) \(c(y)))"), ("text-anchor", "middle"),
                                 ("font-size", c(font + 1)), ("fill", "currentColor")], text: yAxis.label)
        }
    }

    private func verticalPath(_ x: Double?, _ rect: PixelRect) -> String {
        guard let x, x >= rect.left - 0.01, x <= rect.right + 0.01 else { return "" }
        let c = NumberFormat.coordinate
        return "M\(c(x)) \(c(rect.top))V\(c(rect.bottom))"
    }

    private func horizontalPath(_ y: Double?, _ rect: PixelRect) -> String {
        guard let y, y >= rect.top - 0.01, y <= rect.bottom + 0.01 else { return "" }
        let c = NumberFormat.coordinate
        return "M\(c(rect.left)) \(c(y))H\(c(rect.right))"
    }

    private func tickPath(x: Double?, y: Double?, dx: Double, dy: Double, _ rect: PixelRect) -> String {
        guard let x, let y, rect.contains(PixelPoint(x: x, y: y)) else { return "" }
        let c = NumberFormat.coordinate
        return "M\(c(x)) \(c(y))l\(c(dx)) \(c(dy))"
    }
}
