/// A suggestion's fitted power law over a sweep, or why it cannot be fitted: group.json's
/// `scaling.<suggestion>` member.
public enum ScalingOutcome: Equatable, Sendable, Codable {
    case fitted(ScalingFit)
    case unavailable(reason: String)

    /// The fit, if there is one.
    public var fit: ScalingFit? {
        if case .fitted(let fit) = self { return fit }
        return nil
    }

    private enum Key: String, CodingKey { case slope, reason }

    /// Reads a fit when the object has a `slope`, else its `reason`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if !c.contains(.slope), let reason = try c.decodeIfPresent(String.self, forKey: .reason) {
            self = .unavailable(reason: reason)
        } else {
            self = .fitted(try ScalingFit(from: decoder))
        }
    }

    /// Encodes as the fit itself, or `{"reason": ...}`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .fitted(let fit): try fit.encode(to: encoder)
        case .unavailable(let reason):
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(reason, forKey: .reason)
        }
    }
}
