extension Chart {
    /// The legend: a column right of the plot, or a boxed column in a corner of the plot.
    func drawLegend(_ layout: ChartLayout, into svg: inout SVGWriter) {
        guard let position = layout.legendPosition, !layout.legend.isEmpty else { return }
        let rect = layout.frame.rect, font = layout.metrics.fontSize
        let c = NumberFormat.coordinate
        let width = LegendEntry.columnWidth(layout.legend, fontSize: font)
        let height = Double(layout.legend.count) * LegendEntry.rowHeight + 8
        let inset = 8.0
        let left: Double, top: Double
        switch position {
        case .topLeft: (left, top) = (rect.left + inset, rect.top + inset)
        case .bottomLeft: (left, top) = (rect.left + inset, rect.bottom - inset - height)
        case .bottomRight: (left, top) = (rect.right - inset - width, rect.bottom - inset - height)
        case .topRight: (left, top) = (rect.right - inset - width, rect.top + inset)
        case .right, .automatic, .hidden: (left, top) = (rect.right + 12, rect.top)
        }
        svg.open("g", [("class", "lrc-legend")])
        if position != .right {
            svg.element("rect", [("class", "lrc-legend-bg"), ("x", c(left)), ("y", c(top)), ("width", c(width)),
                                 ("height", c(height)), ("rx", "3"), ("fill", "#ffffff"), ("fill-opacity", "0.85"),
                                 ("stroke", "currentColor"), ("stroke-opacity", "0.25")])
        }
        for (row, entry) in layout.legend.enumerated() {
            let middle = top + 4 + (Double(row) + 0.5) * LegendEntry.rowHeight
            let swatchLeft = left + 8, swatchRight = left + 8 + LegendEntry.swatchWidth
            svg.open("g", [("class", "lrc-legend-entry")])
            switch entry.swatch {
            case let .line(color, dash, lineWidth):
                svg.element("path", SVGWriter.painted("lrc-swatch", color)
                            + stroke(width: lineWidth, dash: dash, layout)
                            + [("d", "M\(c(swatchLeft)) \(c(middle))H\(c(swatchRight))")])
            case let .area(color, opacity):
                svg.element("rect", SVGWriter.painted("lrc-swatch", color) + [
                    ("x", c(swatchLeft)), ("y", c(middle - 5)), ("width", c(LegendEntry.swatchWidth)), ("height", "10"),
                    ("fill", "currentColor"),
                    ("fill-opacity", NumberFormat.fixed(min(1, max(0.1, opacity)), decimals: 3)),
                ])
            case let .dot(color):
                svg.element("circle", SVGWriter.painted("lrc-swatch", color)
                            + circle(PixelPoint(x: (swatchLeft + swatchRight) / 2, y: middle), radius: 4))
            }
            svg.element("text", [("x", c(swatchRight + 6)), ("y", c(middle + font * 0.35)), ("fill", "currentColor")],
                        text: entry.name)
            svg.close("g")
        }
        svg.close("g")
    }
}
