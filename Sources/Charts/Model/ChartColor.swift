/// A colour for chart elements: a palette entry (which follows dark mode), the text colour, or
/// any CSS colour.
public struct ChartColor: Sendable, Equatable, Hashable {
    /// The CSS colour used in light mode and when the stylesheet is ignored.
    public let css: String
    /// The palette position, which also gives the element a `lrc-c<index>` class so dark mode
    /// and the site's CSS can restyle it.
    public let paletteIndex: Int?

    /// A fixed CSS colour such as `#336699` or `rgb(10, 20, 30)`.
    public init(css: String) {
        self.css = css
        self.paletteIndex = nil
    }

    private init(paletteIndex: Int) {
        let index = paletteIndex % ChartColor.lightPalette.count
        self.css = ChartColor.lightPalette[index]
        self.paletteIndex = index
    }

    /// Entry `index` of the Okabe-Ito colour-blind-safe palette, wrapping around after 7.
    public static func palette(_ index: Int) -> ChartColor {
        ChartColor(paletteIndex: max(0, index))
    }

    /// The text colour (`currentColor`): black on light backgrounds, light grey in dark mode.
    public static let foreground = ChartColor(css: "currentColor")

    /// Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow.
    static let lightPalette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                               "#F0E442"]
    /// The same hues lightened to keep their contrast on a dark background.
    static let darkPalette = ["#4FA8E8", "#F07A3A", "#2EC79A", "#E39BC8", "#F2B43C", "#8ACFF5",
                              "#F0E442"]
}

/// The dash pattern of a stroked line.
public enum Dash: Sendable, Equatable, Hashable {
    case solid
    case dashed
    case dotted
    /// Alternating dash and gap lengths in pixels.
    case pattern([Double])

    /// The `stroke-dasharray` value for a line of `width`, or nil for a solid line.
    func dashArray(strokeWidth width: Double) -> String? {
        let lengths: [Double]
        switch self {
        case .solid: return nil
        case .dashed: lengths = [4 * width + 2, 2 * width + 1]
        case .dotted: lengths = [width, 1.5 * width + 1]
        case .pattern(let values): lengths = values.filter { $0.isFinite && $0 >= 0 }
        }
        guard !lengths.isEmpty else { return nil }
        return lengths.map { NumberFormat.fixed($0, decimals: 2) }.joined(separator: " ")
    }
}
