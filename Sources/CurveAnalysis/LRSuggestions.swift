/// The four learning-rate suggestion methods of fastai's `lr_find`.
public enum SuggestionMethod: String, Sendable, CaseIterable, Codable {
    case minimum, steep, valley, slide
}

/// One method's suggestion: a learning rate with the point to mark on the curve, or why there is none.
public enum Suggestion: Sendable, Equatable {
    /// The suggested learning rate; `loss` is the height of its marker on the curve.
    case point(lr: Double, loss: Double)
    /// The method cannot suggest anything on this curve, for the given human-readable reason.
    case unavailable(reason: String)

    /// The suggested learning rate, if any.
    public var lr: Double? {
        if case .point(let lr, _) = self { return lr }
        return nil
    }

    /// The marker's loss, if any.
    public var loss: Double? {
        if case .point(_, let loss) = self { return loss }
        return nil
    }

    /// Why there is no suggestion, if there is none.
    public var reason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}

/// The suggestions of all four methods for one curve.
///
/// Encodes as run.json's `suggestions` member: `{"minimum": {"lr": …, "loss": …}, "slide": {"reason": …}}`.
public struct LRSuggestions: Sendable, Equatable, Codable {
    public var minimum: Suggestion
    public var steep: Suggestion
    public var valley: Suggestion
    public var slide: Suggestion

    public init(minimum: Suggestion, steep: Suggestion, valley: Suggestion, slide: Suggestion) {
        self.minimum = minimum
        self.steep = steep
        self.valley = valley
        self.slide = slide
    }

    /// The suggestion of `method`.
    public subscript(method: SuggestionMethod) -> Suggestion {
        switch method {
        case .minimum: return minimum
        case .steep: return steep
        case .valley: return valley
        case .slide: return slide
        }
    }

    private struct Entry: Codable {
        var lr: Double?
        var loss: Double?
        var reason: String?
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ method: SuggestionMethod) { stringValue = method.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for method in SuggestionMethod.allCases {
            let suggestion = self[method]
            let entry = Entry(lr: suggestion.lr, loss: suggestion.loss, reason: suggestion.reason)
            try container.encode(entry, forKey: Key(method))
        }
    }

    /// Decodes the run.json form; a missing method, or one with neither `lr` nor `reason`, is unavailable.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        func decode(_ method: SuggestionMethod) throws -> Suggestion {
            guard let entry = try container.decodeIfPresent(Entry.self, forKey: Key(method)) else {
                return .unavailable(reason: "not recorded")
            }
            if let lr = entry.lr { return .point(lr: lr, loss: entry.loss ?? .nan) }
            return .unavailable(reason: entry.reason ?? "not recorded")
        }
        self.init(minimum: try decode(.minimum), steep: try decode(.steep),
                  valley: try decode(.valley), slide: try decode(.slide))
    }
}
