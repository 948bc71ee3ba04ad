/// Places marker labels so they overlap neither each other nor the marker dots, and stay in the plot.
///
/// Each label tries the four corners around its dot (above-right first), then the same corners
/// pushed one text line further away, and so on; the first free spot wins. When nothing is free
/// within a few lines the label goes to its first choice, as before.
struct LabelPlacer {
    struct Placement {
        var x: Double
        var y: Double
        var anchorsEnd: Bool
    }

    private let bounds: PixelRect
    private let fontSize: Double
    private var taken: [PixelRect] = []

    init(bounds: PixelRect, fontSize: Double) {
        self.bounds = bounds
        self.fontSize = fontSize
    }

    /// Keeps labels off `rect` (a marker dot), whichever label is placed first.
    mutating func reserve(_ rect: PixelRect) {
        taken.append(rect)
    }

    /// A free spot for a label `width` wide next to `dot`, recorded as taken.
    mutating func place(width: Double, near dot: PixelPoint) -> Placement {
        let gap = 7.0, line = fontSize * 1.2
        var first: Placement?
        for step in 0..<4 {
            let push = Double(step) * line
            for (toLeft, below) in [(false, false), (false, true), (true, false), (true, true)] {
                let x = toLeft ? dot.x - gap : dot.x + gap
                let baseline = below ? dot.y + gap + fontSize * 0.8 + push : dot.y - gap - push
                let box = textBox(x: x, baseline: baseline, width: width, anchorsEnd: toLeft)
                let candidate = Placement(x: x, y: baseline, anchorsEnd: toLeft)
                let inside = box.left >= bounds.left + 2 && box.right <= bounds.right - 2
                    && box.top >= bounds.top && box.bottom <= bounds.bottom
                if first == nil && inside { first = candidate }
                let free = !taken.contains { box.left < $0.right && $0.left < box.right
                                             && box.top < $0.bottom && $0.top < box.bottom }
                if inside && free {
                    taken.append(box)
                    return candidate
                }
            }
        }
        let fallback = first ?? Placement(x: dot.x + gap, y: dot.y - gap, anchorsEnd: false)
        taken.append(textBox(x: fallback.x, baseline: fallback.y, width: width, anchorsEnd: fallback.anchorsEnd))
        return fallback
    }

    private func textBox(x: Double, baseline: Double, width: Double, anchorsEnd: Bool) -> PixelRect {
        PixelRect(left: anchorsEnd ? x - width : x, top: baseline - fontSize * 0.8,
                  right: anchorsEnd ? x : x + width, bottom: baseline + fontSize * 0.2)
    }
}
