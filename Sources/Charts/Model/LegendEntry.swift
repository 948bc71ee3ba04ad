/// One legend row: a swatch in the element's style and its name.
struct LegendEntry: Equatable {
    enum Swatch: Equatable {
        case line(ChartColor, Dash, width: Double)
        case area(ChartColor, opacity: Double)
        case dot(ChartColor)
    }

    var name: String
    var swatch: Swatch

    static let swatchWidth = 22.0
    static let rowHeight = 18.0

    /// The width of a legend column holding `entries`.
    static func columnWidth(_ entries: [LegendEntry], fontSize: Double) -> Double {
        let widest = entries.map { RenderMetrics.textWidth($0.name, size: fontSize) }.max() ?? 0
        return 8 + swatchWidth + 6 + widest + 8
    }
}

extension Chart {
    /// The colour series `index` draws in.
    func seriesColor(_ index: Int) -> ChartColor {
        series[index].color ?? .palette(index)
    }

    /// The colour band `index` fills with: by default the same as the series of that index.
    func bandColor(_ index: Int) -> ChartColor {
        bands[index].color ?? .palette(index)
    }

    /// The colour scatter `index` draws in: by default the palette entries after the series'.
    func scatterColor(_ index: Int) -> ChartColor {
        scatters[index].color ?? .palette(series.count + index)
    }

    /// Entries for every named element: series, then bands, scatters and reference lines.
    func legendEntries() -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for (index, series) in series.enumerated() where !series.name.isEmpty {
            entries.append(LegendEntry(name: series.name,
                                       swatch: .line(seriesColor(index), series.dash, width: series.lineWidth)))
        }
        for (index, band) in bands.enumerated() where !band.name.isEmpty {
            entries.append(LegendEntry(name: band.name, swatch: .area(bandColor(index), opacity: band.opacity)))
        }
        for (index, scatter) in scatters.enumerated() where !scatter.name.isEmpty {
            entries.append(LegendEntry(name: scatter.name, swatch: .dot(scatterColor(index))))
        }
        for line in lines where !line.name.isEmpty {
            entries.append(LegendEntry(name: line.name,
                                       swatch: .line(line.color ?? .foreground, line.dash, width: line.lineWidth)))
        }
        return entries
    }
}
