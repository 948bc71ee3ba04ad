/// A declarative chart: axes plus the elements drawn on them, rendered to a standalone SVG.
///
/// Elements draw in a fixed order whatever the order of `add` calls between kinds: bands,
/// reference lines, series, scatters, markers; within a kind, in the order added.
public struct Chart: Sendable, Equatable {
    /// The heading above the plot, also the SVG's accessible title; empty for none.
    public var title: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var series: [Series] = []
    public var bands: [Band] = []
    public var scatters: [Scatter] = []
    public var lines: [ReferenceLine] = []
    public var markers: [Marker] = []
    public var legend: LegendPosition
    /// The default render width in pixels.
    public var width: Int
    /// The default render height in pixels.
    public var height: Int

    public init(title: String = "", xAxis: Axis = Axis(), yAxis: Axis = Axis(),
                legend: LegendPosition = .automatic, width: Int = 640, height: Int = 400) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.legend = legend
        self.width = width
        self.height = height
    }

    public mutating func add(_ series: Series) {
        self.series.append(series)
    }

    public mutating func add(_ band: Band) {
        bands.append(band)
    }

    public mutating func add(_ scatter: Scatter) {
        scatters.append(scatter)
    }

    public mutating func add(_ line: ReferenceLine) {
        lines.append(line)
    }

    public mutating func add(_ marker: Marker) {
        markers.append(marker)
    }
}

/// Where the legend goes.
public enum LegendPosition: Sendable, Equatable {
    /// Right of the plot when at least two elements have names, otherwise no legend.
    case automatic
    /// In a column right of the plot.
    case right
    /// Inside the plot, in a corner.
    case topLeft, topRight, bottomLeft, bottomRight
    case hidden
}

/// How much detail a render carries.
public enum RenderMode: Sendable, Equatable {
    /// Title, axis labels, tick labels, legend and marker labels.
    case full
    /// No text at all and thin strokes, for small previews.
    case thumbnail
}
