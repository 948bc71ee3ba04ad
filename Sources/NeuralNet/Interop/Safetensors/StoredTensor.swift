import TensorCore

/// A tensor as a weights file holds it: its element type, shape and values.
///
/// Floating types keep their values as `Float` (see `SafetensorsDType`); I64 keeps `Int64`.
public struct StoredTensor: Equatable, Sendable {
    /// The values in row-major order.
    public enum Elements: Equatable, Sendable {
        case float([Float])
        case int64([Int64])

        /// The number of values.
        public var count: Int {
            switch self {
            case .float(let values): values.count
            case .int64(let values): values.count
            }
        }
    }

    /// The element type in the file.
    public let dtype: SafetensorsDType
    /// The size of each dimension; `[]` is a scalar holding one value.
    public let shape: [Int]
    public let elements: Elements

    /// A floating tensor stored as `dtype` (F32 unless given); `values.count` must match `shape`.
    public init(shape: [Int], floats values: [Float], dtype: SafetensorsDType = .f32) {
        precondition(dtype.isFloatingPoint, "StoredTensor(floats:) needs a floating dtype, got \(dtype.rawValue)")
        precondition(values.count == shape.reduce(1, *),
                     "StoredTensor shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.dtype = dtype
        self.shape = shape
        elements = .float(values)
    }

    /// An I64 tensor; `values.count` must match `shape`.
    public init(shape: [Int], int64 values: [Int64]) {
        precondition(values.count == shape.reduce(1, *),
                     "StoredTensor shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        dtype = .i64
        self.shape = shape
        elements = .int64(values)
    }

    /// `tensor`'s shape and values, stored as `dtype` (F32 unless given).
    public init(_ tensor: Tensor, dtype: SafetensorsDType = .f32) {
        self.init(shape: tensor.shape, floats: tensor.storage, dtype: dtype)
    }

    /// The number of values.
    public var count: Int { elements.count }

    /// The values as `Float` (integers converted, rounding beyond 2^24).
    public var floatValues: [Float] {
        switch elements {
        case .float(let values): values
        case .int64(let values): values.map { Float($0) }
        }
    }

    /// The values as a `Tensor` of the same shape (a scalar becomes shape `[]`).
    public var tensor: Tensor { Tensor(shape: shape, storage: floatValues) }
}
