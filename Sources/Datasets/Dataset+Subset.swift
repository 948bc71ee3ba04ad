import TensorCore

extension Dataset {
    /// The examples at `indices`, in that order, as a new data set with the same name and classes.
    public func subset(_ indices: some Collection<Int>) -> Dataset {
        let batch = batch(at: indices)
        return Dataset(name: name, inputs: batch.inputs, targets: batch.targets, classNames: classNames)
    }

    /// How many examples each class has, by class index (classification data only).
    public func classCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        targets.storage.withUnsafeBufferPointer { labels in
            for label in labels {
                let index = Int(label)
                if index >= 0 && index < counts.count { counts[index] += 1 }
            }
        }
        return counts
    }
}
