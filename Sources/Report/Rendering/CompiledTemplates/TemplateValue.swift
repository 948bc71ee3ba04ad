/// A value a compiled template renders, converted once from the `[String: Any]` contexts the
/// pages build, so that looking names up costs a hash lookup and no runtime casts.
enum TemplateValue: Sendable {
    case text(String)
    case flag(Bool)
    /// A number, as swift-mustache prints it (`String(describing:)`); it has no named children.
    case number(String)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// The typed form of `value`; throws for a type swift-mustache treats in a way this
    /// renderer does not reproduce (a struct it reflects, an empty optional, a lambda).
    init(_ value: Any) throws(UnsupportedTemplateFeature) {
        switch value {
        case let text as String: self = .text(text)
        case let object as [String: Any]: self = .object(try Self.object(object))
        case let flag as Bool: self = .flag(flag)
        case let rows as [[String: Any]]: self = .list(try rows.map { row throws(UnsupportedTemplateFeature) in .object(try Self.object(row)) })
        case let number as Int: self = .number(String(describing: number))
        case let texts as [String]: self = .list(texts.map { .text($0) })
        case let items as [Any]: self = .list(try items.map { item throws(UnsupportedTemplateFeature) in try TemplateValue(item) })
        case let number as Double: self = .number(String(describing: number))
        default: throw UnsupportedTemplateFeature()
        }
    }

    static func object(_ values: [String: Any]) throws(UnsupportedTemplateFeature) -> [String: TemplateValue] {
        var object: [String: TemplateValue] = [:]
        object.reserveCapacity(values.count)
        for (key, value) in values { object[key] = try TemplateValue(value) }
        return object
    }
}
