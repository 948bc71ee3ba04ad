import TensorCore

extension Dataset {
    /// The examples of `classes` only, relabelled `0..<classes.count` in the order given, with
    /// `classNames` reordered to match (for fine-tuning on a subset of the classes).
    ///
    /// Examples keep their relative order; like `subset`, the result shares byte inputs.
    /// - Throws: `DatasetError.invalidClassFilter` when `classes` is empty, repeats a class or
    ///   names one outside `0..<classNames.count`.
    public func filteringClasses(_ classes: [Int]) throws -> Dataset {
        let classCount = classNames.count
        guard !classes.isEmpty else {
            throw DatasetError.invalidClassFilter(classes: classes, reason: "name at least one class of 0..<\(classCount)")
        }
        if let bad = classes.first(where: { $0 < 0 || $0 >= classCount }) {
            throw DatasetError.invalidClassFilter(
                classes: classes, reason: "class \(bad) does not exist; \(name) has classes 0..<\(classCount)")
        }
        guard Set(classes).count == classes.count else {
            let repeated = classes.first { c in classes.filter { $0 == c }.count > 1 }!
            throw DatasetError.invalidClassFilter(classes: classes, reason: "class \(repeated) is listed twice")
        }
        var newLabel = [Int](repeating: -1, count: classCount)
        for (position, original) in classes.enumerated() { newLabel[original] = position }

        var kept: [Int] = []
        var labels: [Float] = []
        targets.storage.withUnsafeBufferPointer { old in
            for (index, label) in old.enumerated() {
                let original = Int(label)
                let mapped = original >= 0 && original < classCount ? newLabel[original] : -1
                if mapped >= 0 {
                    kept.append(index)
                    labels.append(Float(mapped))
                }
            }
        }
        // Like `subset`: byte inputs stay shared, only the kept examples are listed.
        let rows = selection.map { selection in kept.map { selection[$0] } } ?? kept
        return Dataset(viewing: store, rows: rows, name: name, targets: Tensor(shape: [kept.count], storage: labels),
                       classNames: classes.map { classNames[$0] })
    }
}
