import TensorCore

/// Labelled examples held in memory: inputs of shape `[count, ...]` and one target per example.
///
/// Classification targets are class indices stored as `Float` (shape `[count]`); regression
/// targets have shape `[count, ...]`.
public struct Dataset {
    /// A short name recorded in run manifests, such as `fashion-mnist`.
    public var name: String
    public var inputs: Tensor
    public var targets: Tensor
    /// Class names by index for classification data, empty for regression.
    public var classNames: [String]

    public init(name: String, inputs: Tensor, targets: Tensor, classNames: [String] = []) {
        precondition(inputs.shape.first == targets.shape.first,
                     "dataset \(name): \(inputs.shape.first ?? 0) inputs but \(targets.shape.first ?? 0) targets")
        self.name = name
        self.inputs = inputs
        self.targets = targets
        self.classNames = classNames
    }

    /// The number of examples.
    public var count: Int { inputs.shape.first ?? 0 }

    /// The shape of one input example.
    public var exampleShape: [Int] { Array(inputs.shape.dropFirst()) }

    /// The examples at `indices`, in that order, as one batch.
    public func batch(at indices: some Collection<Int>) -> Batch {
        let inputStride = inputs.count / max(count, 1)
        let targetStride = targets.count / max(count, 1)
        var x = [Float](repeating: 0, count: indices.count * inputStride)
        var y = [Float](repeating: 0, count: indices.count * targetStride)
        inputs.storage.withUnsafeBufferPointer { src in
            targets.storage.withUnsafeBufferPointer { tsrc in
                x.withUnsafeMutableBufferPointer { dst in
                    y.withUnsafeMutableBufferPointer { tdst in
                        for (row, index) in indices.enumerated() {
                            precondition(index >= 0 && index < count, "example \(index) is out of range 0..<\(count)")
                            (dst.baseAddress! + row * inputStride)
                                .update(from: src.baseAddress! + index * inputStride, count: inputStride)
                            (tdst.baseAddress! + row * targetStride)
                                .update(from: tsrc.baseAddress! + index * targetStride, count: targetStride)
                        }
                    }
                }
            }
        }
        return Batch(inputs: Tensor(shape: [indices.count] + exampleShape, storage: x),
                     targets: Tensor(shape: [indices.count] + Array(targets.shape.dropFirst()), storage: y))
    }
}

/// One mini-batch: inputs and targets with the batch as their first dimension.
public struct Batch {
    public var inputs: Tensor
    public var targets: Tensor

    public init(inputs: Tensor, targets: Tensor) {
        self.inputs = inputs
        self.targets = targets
    }

    /// The number of examples in the batch.
    public var count: Int { inputs.shape.first ?? 0 }
}
