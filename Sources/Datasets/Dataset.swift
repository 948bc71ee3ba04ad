import TensorCore

/// Labelled examples held in memory: inputs of shape `[count, ...]` and one target per example.
///
/// Classification targets are class indices stored as `Float` (shape `[count]`); regression
/// targets have shape `[count, ...]`.
///
/// Inputs are kept compactly: images read from IDX files stay one byte per pixel (their scaling
/// and standardisation are applied as a batch is gathered), and subsets, splits and class filters
/// of them are views that list the examples they keep instead of copying them. `Float` inputs
/// (synthetic data) are copied by subsets as usual, so their `inputs` costs nothing.
public struct Dataset: Sendable {
    /// A short name recorded in run manifests, such as `fashion-mnist`.
    public var name: String
    public var targets: Tensor
    /// Class names by index for classification data, empty for regression.
    public var classNames: [String]
    /// The input values, possibly shared with the data set this one was cut from.
    var store: ExampleStore
    /// The examples of `store` this data set holds, in order; nil for all of them (always nil for
    /// `Float` inputs).
    var selection: [Int]?

    public init(name: String, inputs: Tensor, targets: Tensor, classNames: [String] = []) {
        precondition(inputs.shape.first == targets.shape.first,
                     "dataset \(name): \(inputs.shape.first ?? 0) inputs but \(targets.shape.first ?? 0) targets")
        self.init(name: name, store: ExampleStore(floatsOf: inputs), selection: nil, targets: targets,
                  classNames: classNames)
    }

    /// A data set whose inputs are `bytes` held as they are, one byte per value, standing for
    /// `Float(byte) * scale` (0...1 for pixels with the default scale).
    ///
    /// - Parameter shape: the shape of the inputs, `[count, ...]`; `bytes` holds that many values.
    public init(name: String, bytes: [UInt8], shape: [Int], scale: Float = 1.0 / 255.0, targets: Tensor,
                classNames: [String] = []) {
        precondition(shape.first == targets.shape.first,
                     "dataset \(name): \(shape.first ?? 0) inputs but \(targets.shape.first ?? 0) targets")
        let store = ExampleStore(values: .bytes(bytes, decoded: ExampleStore.scaledBytes(by: scale)),
                                 exampleShape: Array(shape.dropFirst()), exampleCount: shape.first ?? 0)
        self.init(name: name, store: store, selection: nil, targets: targets, classNames: classNames)
    }

    init(name: String, store: ExampleStore, selection: [Int]?, targets: Tensor, classNames: [String]) {
        self.name = name
        self.store = store
        self.selection = selection
        self.targets = targets
        self.classNames = classNames
    }

    /// All inputs as one `Float` tensor `[count, ...]`.
    ///
    /// Costly for large data: unless the data set holds its own `Float` inputs, this builds a new
    /// tensor of 4 bytes per value (188 MB for Fashion-MNIST's training images). Loops should
    /// gather batches with `batch(at:)` instead. Setting it replaces the inputs with `Float`s.
    public var inputs: Tensor {
        get {
            if selection == nil, case .floats(let tensor) = store.values { return tensor }
            return Tensor(shape: [count] + exampleShape, storage: gatheredInputs(at: 0..<count))
        }
        set {
            store = ExampleStore(floatsOf: newValue)
            selection = nil
        }
    }

    /// Whether the inputs are held as one byte per value (images read from IDX files) rather than
    /// as `Float`s.
    public var storesBytes: Bool { store.holdsBytes }

    /// The number of examples.
    public var count: Int { selection?.count ?? store.exampleCount }

    /// The shape of one input example.
    public var exampleShape: [Int] { store.exampleShape }

    /// The examples at `indices`, in that order, as one batch.
    public func batch(at indices: some Collection<Int>) -> Batch {
        let targetStride = targets.count / max(count, 1)
        var y = [Float](repeating: 0, count: indices.count * targetStride)
        targets.storage.withUnsafeBufferPointer { source in
            y.withUnsafeMutableBufferPointer { destination in
                for (row, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count, "example \(index) is out of range 0..<\(count)")
                    (destination.baseAddress! + row * targetStride)
                        .update(from: source.baseAddress! + index * targetStride, count: targetStride)
                }
            }
        }
        return Batch(inputs: Tensor(shape: [indices.count] + exampleShape, storage: gatheredInputs(at: indices)),
                     targets: Tensor(shape: [indices.count] + Array(targets.shape.dropFirst()), storage: y))
    }

    /// The decoded inputs of the examples at `indices` (checked to be in range), one after another.
    func gatheredInputs(at indices: some Collection<Int>) -> [Float] {
        let total = indices.count * store.stride
        return [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
            if let selection {
                store.gather(rows: indices.lazy.map { selection[$0] }, into: buffer)
            } else {
                store.gather(rows: indices, into: buffer)
            }
            initialized = total
        }
    }
}

extension ExampleStore {
    /// The values of `tensor`, whose first dimension counts the examples, as `Float`s (no copy).
    init(floatsOf tensor: Tensor) {
        self.init(values: .floats(tensor), exampleShape: Array(tensor.shape.dropFirst()),
                  exampleCount: tensor.shape.first ?? 0)
    }
}

/// One mini-batch: inputs and targets with the batch as their first dimension.
public struct Batch: Sendable {
    public var inputs: Tensor
    public var targets: Tensor

    public init(inputs: Tensor, targets: Tensor) {
        self.inputs = inputs
        self.targets = targets
    }

    /// The number of examples in the batch.
    public var count: Int { inputs.shape.first ?? 0 }
}
