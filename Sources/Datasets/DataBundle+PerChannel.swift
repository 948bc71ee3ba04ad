extension DataBundle {
    /// Standardises both parts with the mean and std of each channel of the training examples
    /// (`Normalization.computedPerChannel`), for a bundle made with `normalize: false`.
    ///
    /// For sources whose channels have scales of their own: RGB images, a table's feature columns.
    /// Examples of one channel get the statistics `normalize: true` gives, bit for bit.
    public mutating func standardizePerChannel() {
        precondition(normalization == .identity, "the bundle is standardised already")
        let perChannel = Normalization.computedPerChannel(from: train)
        perChannel.apply(to: &train)
        perChannel.apply(to: &valid)
        normalization = perChannel
    }
}
