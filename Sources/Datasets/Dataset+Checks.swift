extension Dataset {
    /// The first input value that is NaN or infinite, with its example's index; nil when every
    /// value is finite.
    ///
    /// Byte inputs are checked through their decoding tables (every value a byte can stand for),
    /// `Float` inputs value by value.
    public func firstNonFiniteInput() -> (example: Int, value: Float)? {
        switch store.values {
        case .bytes(_, let decoded):
            // Only when a table holds a non-finite value are the examples decoded to find one that uses it.
            guard decoded.contains(where: { !$0.isFinite }) else { return nil }
            for example in 0..<count {
                if let bad = gatheredInputs(at: example..<(example + 1)).first(where: { !$0.isFinite }) { return (example, bad) }
            }
            return nil
        case .floats(let tensor):
            let stride = store.stride
            guard stride > 0 else { return nil }
            return tensor.storage.withUnsafeBufferPointer { values in
                let rows = selection ?? Array(0..<store.exampleCount)
                for (position, row) in rows.enumerated() {
                    let start = row * stride
                    for k in start..<(start + stride) where !values[k].isFinite { return (position, values[k]) }
                }
                return nil
            }
        }
    }

    /// The first target that is not a class index of `0..<classNames.count` (a whole number in
    /// range), with its example's index; nil when all are, or for regression data (no class names).
    public func firstLabelOutOfRange() -> (example: Int, label: Float)? {
        guard !classNames.isEmpty else { return nil }
        let classCount = Float(classNames.count)
        return targets.storage.withUnsafeBufferPointer { labels in
            for (index, label) in labels.enumerated() where !(label >= 0 && label < classCount && label == label.rounded()) {
                return (index, label)
            }
            return nil
        }
    }
}
