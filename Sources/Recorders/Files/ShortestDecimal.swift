import ArtifactSchema

extension Double {
    /// The `Double` nearest to `value`'s shortest round-trip decimal form, so that JSON shows
    /// the digits a `Float` prints with (`ArtifactJSON.shortestDecimal`).
    public init(shortestDecimal value: Float) {
        self = ArtifactJSON.shortestDecimal(value)
    }
}
