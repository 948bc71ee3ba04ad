/// A name that no registered extension answers to.
///
/// Used by every registry (models, data sources, recorders): `kind` says which.
public struct UnknownExtensionError: Error, Equatable, CustomStringConvertible {
    /// What was looked up, in words: `model`, `data source`, `recorder`, `callback`.
    public let kind: String
    /// The name asked for.
    public let name: String
    /// The names registered, in registration order.
    public let known: [String]

    public init(kind: String, name: String, known: [String]) {
        self.kind = kind
        self.name = name
        self.known = known
    }

    public var description: String {
        let shown = name.isEmpty ? "an empty \(kind) name" : "unknown \(kind) '\(name)'"
        guard !known.isEmpty else { return "\(shown): no \(kind) is registered" }
        return "\(shown): the registered \(kind)s are \(known.joined(separator: ", "))"
    }
}
