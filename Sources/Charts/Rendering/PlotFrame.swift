/// Maps data coordinates to pixels inside the plot rectangle.
struct PlotFrame: Equatable {
    var rect: PixelRect
    var xScale: AxisScale
    var yScale: AxisScale
    /// The x domain in transformed units (log10 of the data on a log axis).
    var xDomain: ClosedRange<Double>
    /// The y domain in transformed units.
    var yDomain: ClosedRange<Double>

    /// The pixel column of data value `x`, or nil when the x scale cannot place it.
    func pixelX(_ x: Double) -> Double? {
        guard let t = xScale.transform(x) else { return nil }
        let fraction = (t - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound)
        return rect.left + PlotFrame.bounded(fraction) * rect.width
    }

    /// The pixel row of data value `y` (larger values higher up), or nil when the y scale
    /// cannot place it.
    func pixelY(_ y: Double) -> Double? {
        guard let t = yScale.transform(y) else { return nil }
        let fraction = (t - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound)
        return rect.bottom - PlotFrame.bounded(fraction) * rect.height
    }

    /// `fraction` limited to a million plot sizes either way, so a value such as 1e300 stays a
    /// finite pixel far outside the plot (and a line towards it keeps its visible direction to
    /// well under a pixel) instead of overflowing.
    private static func bounded(_ fraction: Double) -> Double {
        min(1e6, max(-1e6, fraction))
    }

    /// The pixel position of a data point, which may lie outside the plot; nil when either
    /// coordinate is non-finite or not positive on a log axis.
    func pixel(x: Double, y: Double) -> PixelPoint? {
        guard let px = pixelX(x), let py = pixelY(y) else { return nil }
        return PixelPoint(x: px, y: py)
    }
}

/// Sizes that differ between full renders and thumbnails.
struct RenderMetrics {
    var fontSize: Double
    var titleSize: Double
    var strokeScale: Double
    var markerRadius: Double
    var showsText: Bool
    var showsMinorTicks: Bool
    var padding: Double

    static func of(_ mode: RenderMode) -> RenderMetrics {
        switch mode {
        case .full:
            return RenderMetrics(fontSize: 12, titleSize: 15, strokeScale: 1, markerRadius: 4,
                                 showsText: true, showsMinorTicks: true, padding: 12)
        case .thumbnail:
            return RenderMetrics(fontSize: 0, titleSize: 0, strokeScale: 0.5, markerRadius: 2,
                                 showsText: false, showsMinorTicks: false, padding: 3)
        }
    }

    /// An estimate of the rendered width of `text` in a sans-serif font of `size`.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}
