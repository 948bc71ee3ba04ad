/// Builds SVG path data from segments, joining a segment to the previous one when it starts
/// where that one ended.
struct PathBuilder {
    private(set) var d = ""
    private var end: PixelPoint?

    mutating func segment(_ start: PixelPoint, _ finish: PixelPoint) {
        let c = NumberFormat.coordinate
        if start != end {
            d += "M" + c(start.x) + " " + c(start.y)
        }
        d += "L" + c(finish.x) + " " + c(finish.y)
        end = finish
    }

    /// Path data for a closed polygon, or "" for fewer than three corners.
    static func closedPath(_ points: [PixelPoint]) -> String {
        guard points.count >= 3 else { return "" }
        let c = NumberFormat.coordinate
        return "M" + points.map { c($0.x) + " " + c($0.y) }.joined(separator: "L") + "Z"
    }
}
