/// A dense, row-major tensor of `Float` values.
///
/// `Tensor` has value semantics through its copy-on-write `storage`. Hot paths write through
/// `withUnsafeMutableBufferPointer`, which copies only when the storage is shared, so a layer that
/// owns its buffers never copies them.
public struct Tensor: Equatable, Sendable {
    /// The size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The values in row-major order; `storage.count == shape.reduce(1, *)`.
    public var storage: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        self.shape = shape
        self.storage = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of the given shape over `storage`, which must hold exactly that many values.
    public init(shape: [Int], storage: [Float]) {
        precondition(storage.count == shape.reduce(1, *),
                     "Tensor shape \(shape) needs \(shape.reduce(1, *)) values, got \(storage.count)")
        self.shape = shape
        self.storage = storage
    }

    /// The number of values.
    @inlinable public var count: Int { storage.count }

    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The same values under another shape with the same number of elements (no copy).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, storage: storage)
    }

    /// Changes the shape in place; the number of elements must not change.
    public mutating func reshape(_ newShape: [Int]) {
        precondition(newShape.reduce(1, *) == storage.count,
                     "cannot reshape \(shape) (\(storage.count) values) to \(newShape)")
        shape = newShape
    }

    /// Makes this tensor `newShape`, reusing its storage when the size is unchanged.
    ///
    /// Values are unspecified afterwards unless the size was unchanged; callers overwrite them.
    public mutating func resize(to newShape: [Int]) {
        let n = newShape.reduce(1, *)
        if n != storage.count { storage = [Float](repeating: 0, count: n) }
        shape = newShape
    }

    /// Sets every value to zero without reallocating.
    public mutating func zero() {
        storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The value at a multi-dimensional index (for tests and small tools, not hot loops).
    public subscript(_ index: Int...) -> Float {
        get { storage[flatIndex(index)] }
        set { storage[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
        var flat = 0
        for (i, dim) in zip(index, shape) {
            precondition(i >= 0 && i < dim, "index \(index) is out of bounds for shape \(shape)")
            flat = flat * dim + i
        }
        return flat
    }
}
