import TensorCore

extension SyntheticData {
    /// The names of the stroke patterns `patterns` draws, by class.
    public static let patternNames = ["horizontal bar", "vertical bar", "diagonal", "anti-diagonal",
                                      "square outline", "centre block", "plus", "cross", "ring",
                                      "two bars"]

    /// Fashion-MNIST-shaped images (`[count, 1, 28, 28]`, values in 0...1) of one stroke pattern
    /// per class, shifted by up to `maxShift` pixels, dimmed at random and overlaid with normal
    /// noise of standard deviation `noise`: easy for a small CNN, not for a constant guess.
    ///
    /// Example `i` has label `i % classes`.
    /// - Throws: `SettingError` for a count below 1 or classes outside 1...10.
    public static func patterns(count: Int, classes: Int = 10, noise: Float = 0.15, maxShift: Int = 2,
                                seed: UInt64 = 0) throws -> Dataset {
        try require(count, atLeast: 1, setting: "count")
        try require(classes, atLeast: 1, atMost: patternNames.count, setting: "classes")
        try require(maxShift, atLeast: 0, atMost: 4, setting: "maxShift")
        let side = 28
        let templates = (0..<classes).map { template(class: $0, side: side) }
        var rng = RandomGenerator(seed: seed)
        var pixels = [Float](repeating: 0, count: count * side * side)
        var labels = [Float](repeating: 0, count: count)
        let shifts = 2 * maxShift + 1
        pixels.withUnsafeMutableBufferPointer { out in
            for i in 0..<count {
                let label = i % classes
                labels[i] = Float(label)
                let dy = Int(rng.next() % UInt64(shifts)) - maxShift
                let dx = Int(rng.next() % UInt64(shifts)) - maxShift
                let brightness = rng.nextFloat(in: 0.6, 1)
                templates[label].withUnsafeBufferPointer { mask in
                    let image = out.baseAddress! + i * side * side
                    for r in 0..<side {
                        for c in 0..<side {
                            let (sr, sc) = (r - dy, c - dx)
                            let inside = sr >= 0 && sr < side && sc >= 0 && sc < side
                            let value = (inside ? mask[sr * side + sc] * brightness : 0) + noise * rng.nextNormal()
                            image[r * side + c] = min(max(value, 0), 1)
                        }
                    }
                }
            }
        }
        return Dataset(name: "patterns", inputs: Tensor(shape: [count, 1, side, side], storage: pixels),
                       targets: Tensor(shape: [count], storage: labels),
                       classNames: Array(patternNames.prefix(classes)))
    }

    /// The 0/1 mask of pattern `class` on a `side`x`side` grid.
    static func template(class label: Int, side: Int) -> [Float] {
        let centre = Float(side - 1) / 2
        var mask = [Float](repeating: 0, count: side * side)
        for r in 0..<side {
            for c in 0..<side {
                let inBox = r >= 5 && r < side - 5 && c >= 5 && c < side - 5
                let horizontal = abs(Float(r) - centre) < 2 && inBox
                let vertical = abs(Float(c) - centre) < 2 && inBox
                let diagonal = abs(r - c) <= 1 && inBox
                let antiDiagonal = abs(r + c - (side - 1)) <= 1 && inBox
                let on: Bool
                switch label {
                case 0: on = horizontal
                case 1: on = vertical
                case 2: on = diagonal
                case 3: on = antiDiagonal
                case 4: on = inBox && (r < 7 || r >= side - 7 || c < 7 || c >= side - 7)
                case 5: on = r >= 10 && r < side - 10 && c >= 10 && c < side - 10
                case 6: on = horizontal || vertical
                case 7: on = diagonal || antiDiagonal
                case 8:
                    let distance = ((Float(r) - centre) * (Float(r) - centre) + (Float(c) - centre) * (Float(c) - centre)).squareRoot()
                    on = distance >= 6 && distance <= 9
                default: on = inBox && (r == 7 || r == 8 || r == side - 8 || r == side - 9)
                }
                mask[r * side + c] = on ? 1 : 0
            }
        }
        return mask
    }
}
