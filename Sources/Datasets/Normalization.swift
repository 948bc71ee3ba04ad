import TensorCore

/// Standardisation of inputs to zero mean and unit standard deviation: `(x - mean) / std`,
/// with one mean and std for every value, or one per channel.
///
/// The statistics come from the training data only and the same transform is then applied to
/// validation and test data. For Fashion-MNIST pixels in 0...1 the full training split gives
/// mean 0.2860 and std 0.3530 (the conventional values).
///
/// A channel is one index of the first axis of an example's shape: the red, green or blue plane
/// of an RGB image `[3, height, width]`, or one feature of a table's row `[features]`. A transform
/// of one channel treats the whole example as one, as LRLab always did for gray images.
public struct Normalization: Equatable, Codable, Sendable {
    /// The means by channel; one value when the whole example shares it.
    public var means: [Float]
    /// The standard deviations by channel, each positive and finite.
    public var stds: [Float]

    /// The transform with these statistics for every value; `std` must be positive.
    public init(mean: Float, std: Float) {
        self.init(means: [mean], stds: [std])
    }

    /// The transform with one mean and std per channel; every std must be positive and finite.
    public init(means: [Float], stds: [Float]) {
        precondition(!means.isEmpty && means.count == stds.count,
                     "normalization needs as many means as stds (at least one), got \(means.count) and \(stds.count)")
        for std in stds {
            precondition(std > 0 && std.isFinite, "normalization std must be positive and finite, got \(std)")
        }
        self.means = means
        self.stds = stds
    }

    /// The identity transform.
    public static let identity = Normalization(mean: 0, std: 1)

    /// The mean of a transform for every value (the first channel's for one per channel).
    public var mean: Float { means[0] }
    /// The std of a transform for every value (the first channel's for one per channel).
    public var std: Float { stds[0] }
    /// Whether each channel has statistics of its own.
    public var isPerChannel: Bool { means.count > 1 }

    /// The mean and population standard deviation of every input value of `dataset`, summed in
    /// `Double`; a constant data set gets std 1 so that it is only centred.
    ///
    /// Byte inputs are counted into a histogram first (one pass over the bytes, exact counts).
    public static func computed(from dataset: Dataset) -> Normalization {
        let (mean, variance, _) = dataset.store.moments(rows: dataset.selection)
        let std = variance.squareRoot()
        return Normalization(mean: Float(mean), std: std > 1e-12 ? Float(std) : 1)
    }

    /// The mean and population standard deviation of each channel of `dataset` (the first axis
    /// of its example shape), computed as `computed(from:)` does for all values; a constant channel
    /// gets std 1.
    ///
    /// Examples of one channel (such as gray images `[1, 28, 28]`) get exactly `computed(from:)`.
    public static func computedPerChannel(from dataset: Dataset) -> Normalization {
        let channels = dataset.exampleShape.first ?? 1
        guard channels > 1, dataset.exampleShape.reduce(1, *) > 0 else { return computed(from: dataset) }
        var means = [Float](), stds = [Float]()
        for channel in 0..<channels {
            let (mean, variance, _) = dataset.store.moments(rows: dataset.selection, channel: channel, of: channels)
            let std = variance.squareRoot()
            means.append(Float(mean))
            stds.append(std > 1e-12 ? Float(std) : 1)
        }
        return Normalization(means: means, stds: stds)
    }

    /// `dataset` with its inputs standardised; targets are unchanged.
    public func applied(to dataset: Dataset) -> Dataset {
        var result = dataset
        apply(to: &result)
        return result
    }

    /// Standardises the inputs of `dataset` in place.
    ///
    /// Byte inputs only get a new decoding table (256 values, or 256 per channel); `Float` inputs
    /// are rewritten in place (copied first only when their storage is shared). A transform per
    /// channel needs examples with that many channels (`exampleShape.first`).
    public func apply(to dataset: inout Dataset) {
        if means.count == 1 {
            dataset.store.applyAffine(subtracting: means[0], multiplyingBy: 1 / stds[0])
        } else {
            precondition(dataset.exampleShape.first == means.count,
                         "a normalization of \(means.count) channels for examples of shape \(dataset.exampleShape)")
            dataset.store.applyAffine(channelShifts: means, channelScales: stds.map { 1 / $0 })
        }
    }
}
