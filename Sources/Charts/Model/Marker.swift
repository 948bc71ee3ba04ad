/// A labelled point, such as a suggested learning rate: a dot with a short text beside it.
public struct Marker: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// The text beside the dot (for example "valley 1.4e-3"); thumbnails omit it.
    public var label: String
    /// The dot colour; nil for the text colour.
    public var color: ChartColor?
    /// Whether a thin dashed line drops from the dot to the x axis.
    public var showsGuide: Bool

    public init(x: Double, y: Double, label: String, color: ChartColor? = nil, showsGuide: Bool = false) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.showsGuide = showsGuide
    }
}
