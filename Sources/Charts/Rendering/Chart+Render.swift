import Foundation

extension Chart {
    /// The chart as a standalone SVG document.
    ///
    /// The output depends only on the chart and the arguments: the same inputs give the same
    /// bytes. Text and axes use `currentColor` and CSS classes prefixed `lrc-`, with a dark-mode
    /// stylesheet built in, so pages that inline the SVG can restyle it.
    ///
    /// - Parameters:
    ///   - width: pixels; nil for `self.width`.
    ///   - height: pixels; nil for `self.height`.
    ///   - mode: `.thumbnail` leaves out all text and draws thinner strokes.
    /// - Throws: `ChartError` for an explicit domain the axis cannot show or a size too small.
    public func renderSVG(width: Int? = nil, height: Int? = nil, mode: RenderMode = .full) throws -> String {
        let width = width ?? self.width, height = height ?? self.height
        let layout = try ChartLayout(chart: self, width: width, height: height, mode: mode)
        var svg = SVGWriter()
        let classes = mode == .thumbnail ? "lrc-chart lrc-thumbnail" : "lrc-chart"
        svg.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("class", classes),
            ("width", String(width)), ("height", String(height)),
            ("viewBox", "0 0 \(width) \(height)"), ("role", "img"),
            ("font-family", "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"),
            ("font-size", NumberFormat.coordinate(max(layout.metrics.fontSize, 1))), ("color", Chart.lightForeground),
        ])
        svg.element("title", [], text: title.isEmpty ? "Chart" : title)
        svg.element("desc", [], text: accessibleDescription(layout))
        svg.raw(Chart.stylesheet)
        svg.element("rect", [("class", "lrc-bg"), ("width", String(width)), ("height", String(height)),
                             ("fill", Chart.lightBackground)])
        drawGrid(layout, into: &svg)
        drawBands(layout, into: &svg)
        drawReferenceLines(layout, into: &svg)
        drawSeries(layout, into: &svg)
        drawScatters(layout, into: &svg)
        drawMarkers(layout, into: &svg)
        drawAxes(layout, into: &svg)
        if layout.metrics.showsText && xValues().isEmpty && yValues().isEmpty {
            let rect = layout.frame.rect
            svg.element("text", [("class", "lrc-empty"), ("x", NumberFormat.coordinate((rect.left + rect.right) / 2)),
                                 ("y", NumberFormat.coordinate((rect.top + rect.bottom) / 2)),
                                 ("text-anchor", "middle"),
                                 ("fill", "currentColor"), ("fill-opacity", "0.6")], text: "no data")
        }
        drawLegend(layout, into: &svg)
        if layout.metrics.showsText && !title.isEmpty {
            svg.element("text", [("class", "lrc-title"), ("x", NumberFormat.coordinate(layout.width / 2)),
                                 ("y", NumberFormat.coordinate(layout.metrics.padding + layout.metrics.titleSize)),
                                 ("text-anchor", "middle"),
                                 ("font-size", NumberFormat.coordinate(layout.metrics.titleSize)),
                                 ("font-weight", "600"), ("fill", "currentColor")], text: title)
        }
        svg.close("svg")
        return svg.output
    }

    /// A small preview: no text, thin strokes.
    public func renderThumbnailSVG(width: Int = 160, height: Int = 100) throws -> String {
        try renderSVG(width: width, height: height, mode: .thumbnail)
    }

    /// Text for screen readers: both axes with their shown ranges, then each element.
    func accessibleDescription(_ layout: ChartLayout) -> String {
        func describe(_ axis: Axis, _ name: String, _ domain: ClosedRange<Double>) -> String {
            let label = axis.label.isEmpty ? name : axis.label
            let low = NumberFormat.compact(axis.scale.inverse(domain.lowerBound), significantDigits: 3)
            let high = NumberFormat.compact(axis.scale.inverse(domain.upperBound), significantDigits: 3)
            let scale = axis.scale == .log10 ? "log scale" : "linear scale"
            return "\(name) axis: \(label), \(scale), \(low) to \(high)."
        }
        var parts = [describe(xAxis, "x", layout.frame.xDomain), describe(yAxis, "y", layout.frame.yDomain)]
        for (index, series) in series.enumerated() {
            let name = series.name.isEmpty ? "series \(index + 1)" : series.name
            parts.append("Line \(name): \(series.points.count) points.")
        }
        for band in bands where !band.name.isEmpty { parts.append("Shaded band \(band.name).") }
        for (index, scatter) in scatters.enumerated() {
            let name = scatter.name.isEmpty ? "points \(index + 1)" : scatter.name
            parts.append("Points \(name): \(scatter.points.count).")
        }
        for line in lines where !line.name.isEmpty { parts.append("Line \(line.name).") }
        for marker in markers {
            parts.append("Marker \(marker.label) at x \(NumberFormat.compact(marker.x, significantDigits: 3)), "
                         + "y \(NumberFormat.compact(marker.y, significantDigits: 3)).")
        }
        return parts.joined(separator: " ")
    }

    /// Colours through CSS variables, with dark-mode values; every element also carries its
    /// light colour as an attribute, so the SVG looks right where the stylesheet is ignored.
    ///
    /// The variables are `--lrc-fg` (text and axes), `--lrc-bg` (background, legend box and label
    /// halos) and `--lrc-c0` … `--lrc-c6` (the palette); a page that inlines the SVG can set them,
    /// and without them each rule falls back to the colours below (light, or dark under
    /// `prefers-color-scheme: dark`).
    static let stylesheet: String = {
        func rules(foreground: String, background: String, palette: [String]) -> String {
            ".lrc-chart{color:var(--lrc-fg,\(foreground))}"
                + ".lrc-bg,.lrc-legend-bg{fill:var(--lrc-bg,\(background))}.lrc-halo{stroke:var(--lrc-bg,\(background))}"
                + palette.enumerated().map { ".lrc-c\($0.offset){color:var(--lrc-c\($0.offset),\($0.element))}" }.joined()
        }
        return "<style>\n" + rules(foreground: lightForeground, background: lightBackground, palette: ChartColor.lightPalette)
            + "\n@media (prefers-color-scheme: dark){"
            + rules(foreground: "#e2e2e2", background: "#16181d", palette: ChartColor.darkPalette) + "}\n</style>\n"
    }()

    /// The text and background colours of light mode, also written as attributes.
    static let lightForeground = "#222222"
    static let lightBackground = "#ffffff"
}

extension SVGWriter {
    /// Attributes that paint an element in `color`: the colour itself, and the palette class
    /// that dark mode restyles.
    static func painted(_ classes: String, _ color: ChartColor) -> [(String, String?)] {
        let paletteClass = color.paletteIndex.map { " lrc-c\($0)" } ?? ""
        return [("class", classes + paletteClass), ("color", color.css)]
    }
}
