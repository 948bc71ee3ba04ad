import TensorCore

/// Standardisation of inputs to zero mean and unit standard deviation: `(x - mean) / std`.
///
/// The statistics come from the training data only and the same transform is then applied to
/// validation and test data. For Fashion-MNIST pixels in 0...1 the full training split gives
/// mean 0.2860 and std 0.3530 (the conventional values).
public struct Normalization: Equatable, Codable, Sendable {
    public var mean: Float
    public var std: Float

    /// The transform with these statistics; `std` must be positive.
    public init(mean: Float, std: Float) {
        precondition(std > 0 && std.isFinite, "normalization std must be positive and finite, got \(std)")
        self.mean = mean
        self.std = std
    }

    /// The identity transform.
    public static let identity = Normalization(mean: 0, std: 1)

    /// The mean and population standard deviation of every input value of `dataset`, summed in
    /// `Double`; a constant data set gets std 1 so that it is only centred.
    ///
    /// Byte inputs are counted into a histogram first (one pass over the bytes, exact counts).
    public static func computed(from dataset: Dataset) -> Normalization {
        let (mean, variance, _) = dataset.store.moments(rows: dataset.selection)
        let std = variance.squareRoot()
        return Normalization(mean: Float(mean), std: std > 1e-12 ? Float(std) : 1)
    }

    /// `dataset` with its inputs standardised; targets are unchanged.
    public func applied(to dataset: Dataset) -> Dataset {
        var result = dataset
        apply(to: &result)
        return result
    }

    /// Standardises the inputs of `dataset` in place.
    ///
    /// Byte inputs only get a new decoding table (256 values); `Float` inputs are rewritten in
    /// place (copied first only when their storage is shared).
    public func apply(to dataset: inout Dataset) {
        dataset.store.applyAffine(subtracting: mean, multiplyingBy: 1 / std)
    }
}
