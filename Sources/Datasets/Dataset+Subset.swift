import TensorCore

extension Dataset {
    /// The examples at `indices`, in that order, as a new data set with the same name and classes.
    ///
    /// For byte inputs the subset shares this data set's bytes and lists which examples it keeps:
    /// no pixel is copied. `Float` inputs are copied as before, so that `inputs` stays free for
    /// them.
    public func subset(_ indices: some Collection<Int>) -> Dataset {
        var rows = [Int]()
        rows.reserveCapacity(indices.count)
        for index in indices {
            precondition(index >= 0 && index < count, "example \(index) is out of range 0..<\(count)")
            rows.append(selection?[index] ?? index)
        }
        let targetStride = targets.count / max(count, 1)
        let kept = [Float](unsafeUninitializedCapacity: rows.count * targetStride) { buffer, initialized in
            targets.storage.withUnsafeBufferPointer { source in
                for (position, index) in indices.enumerated() {
                    (buffer.baseAddress! + position * targetStride)
                        .update(from: source.baseAddress! + index * targetStride, count: targetStride)
                }
            }
            initialized = rows.count * targetStride
        }
        let subsetTargets = Tensor(shape: [rows.count] + Array(targets.shape.dropFirst()), storage: kept)
        return Dataset(viewing: store, rows: rows, name: name, targets: subsetTargets, classNames: classNames)
    }

    /// The examples `rows` of `store`: a view of byte inputs, a compact copy of `Float` inputs.
    init(viewing store: ExampleStore, rows: [Int], name: String, targets: Tensor, classNames: [String]) {
        self.init(name: name, store: store, selection: rows, targets: targets, classNames: classNames)
        if !store.holdsBytes { self = compacted() }
    }

    /// The same examples with inputs of their own: a subset's kept examples copied once (in the
    /// store's form, bytes staying bytes) so that the data set it was cut from can be freed.
    public func compacted() -> Dataset {
        guard let selection else { return self }
        return Dataset(name: name, store: store.compacted(rows: selection), selection: nil, targets: targets,
                       classNames: classNames)
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
