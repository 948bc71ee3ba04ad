extension Tensor {
    /// A shared tensor with no values, for "nothing here" results; holding it costs no allocation.
    public static let empty = Tensor(shape: [0])

    /// Whether the tensor holds no values.
    @inlinable public var isEmpty: Bool { storage.isEmpty }
}
