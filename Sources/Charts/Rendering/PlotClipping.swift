/// A position in SVG pixels (y grows downward).
struct PixelPoint: Equatable {
    var x: Double
    var y: Double
}

/// The plot rectangle in pixels, and geometric clipping against it, so no clip-path ids are
/// needed (ids would collide when several charts are inlined into one page).
struct PixelRect: Equatable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Whether `point` lies inside, allowing `tolerance` pixels outside the edges.
    func contains(_ point: PixelPoint, tolerance: Double = 0.01) -> Bool {
        point.x >= left - tolerance && point.x <= right + tolerance
            && point.y >= top - tolerance && point.y <= bottom + tolerance
    }

    /// The part of segment `a`-`b` inside the rectangle (Liang-Barsky), or nil if none is.
    func clip(_ a: PixelPoint, _ b: PixelPoint) -> (PixelPoint, PixelPoint)? {
        let dx = b.x - a.x, dy = b.y - a.y
        var enter = 0.0, leave = 1.0
        let edges = [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)]
        for (p, q) in edges {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let t = q / p
            if p < 0 {
                if t > leave { return nil }
                enter = max(enter, t)
            } else {
                if t < enter { return nil }
                leave = min(leave, t)
            }
        }
        let start = enter == 0 ? a : PixelPoint(x: a.x + enter * dx, y: a.y + enter * dy)
        let end = leave == 1 ? b : PixelPoint(x: a.x + leave * dx, y: a.y + leave * dy)
        return (start, end)
    }

    /// The part of polygon `points` inside the rectangle (Sutherland-Hodgman); empty if none is.
    func clip(polygon points: [PixelPoint]) -> [PixelPoint] {
        var result = points
        let edges: [(PixelPoint) -> Double] = [
            { $0.x - self.left }, { self.right - $0.x }, { $0.y - self.top }, { self.bottom - $0.y },
        ]
        for distance in edges {
            guard let last = result.last else { return [] }
            var clipped: [PixelPoint] = []
            var previous = last
            for current in result {
                let dPrevious = distance(previous), dCurrent = distance(current)
                if dCurrent >= 0 {
                    if dPrevious < 0 { clipped.append(crossing(previous, current, dPrevious, dCurrent)) }
                    clipped.append(current)
                } else if dPrevious >= 0 {
                    clipped.append(crossing(previous, current, dPrevious, dCurrent))
                }
                previous = current
            }
            result = clipped
        }
        return result
    }

    private func crossing(_ a: PixelPoint, _ b: PixelPoint, _ da: Double, _ db: Double) -> PixelPoint {
        let t = da / (da - db)
        return PixelPoint(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
    }
}
