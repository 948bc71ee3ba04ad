/// The array helpers behind the suggestions, each matching its numpy/torch counterpart.
extension LRSuggester {
    /// The index of the first smallest value; a NaN counts as smallest, as in `torch.argmin`.
    static func firstIndexOfMinimum(_ values: [Float]) -> Int {
        values.withUnsafeBufferPointer { values in
            var best = 0
            for i in values.indices {
                if values[i].isNaN { return i }
                if values[i] < values[best] { best = i }
            }
            return best
        }
    }

    /// The first index whose lr is nearest to `target` (Python's `min(range(n), key=|lr - target|)`).
    static func nearestIndex(to target: Double, in lrs: [Float]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (i, lr) in lrs.enumerated() {
            let distance = abs(Double(lr) - target)
            if distance < bestDistance {
                best = i
                bestDistance = distance
            }
        }
        return best
    }

    /// Why methods working in log(lr) cannot run, if some lr is not a positive finite number.
    static func nonPositiveLRReason(_ lrs: [Float]) -> String? {
        guard let bad = lrs.firstIndex(where: { !($0 > 0 && $0.isFinite) }) else { return nil }
        return "needs positive learning rates, point \(bad) has lr \(lrs[bad])"
    }

    /// `numpy.gradient` over the index: central differences inside, one-sided at both ends.
    static func indexGradient(_ values: [Float]) -> [Float] {
        let n = values.count
        guard n >= 2 else { return [Float](repeating: 0, count: n) }
        var gradient = [Float](repeating: 0, count: n)
        values.withUnsafeBufferPointer { f in
            gradient.withUnsafeMutableBufferPointer { g in
                g[0] = f[1] - f[0]
                g[n - 1] = f[n - 1] - f[n - 2]
                for i in stride(from: 1, to: n - 1, by: 1) {
                    g[i] = (f[i + 1] - f[i - 1]) / 2
                }
            }
        }
        return gradient
    }

    /// `numpy.interp` for ascending `xs`: linear in between, clamped to the end values outside.
    static func interpolate(_ x: Double, xs: [Double], ys: [Double]) -> Double {
        let n = xs.count
        guard let first = xs.first, let last = xs.last else { return .nan }
        if x < first || x.isNaN { return x.isNaN ? .nan : ys[0] }
        if x >= last { return ys[n - 1] }
        var low = 0
        var high = n - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if xs[middle] <= x { low = middle } else { high = middle }
        }
        if xs[low] == x { return ys[low] }
        let slope = (ys[low + 1] - ys[low]) / (xs[low + 1] - xs[low])
        return slope * (x - xs[low]) + ys[low]
    }
}
