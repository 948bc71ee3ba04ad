/// A value a compiled template renders, typed on first use from the `[String: Any]` contexts
/// the pages build.
///
/// An object keeps its members untyped and types only the member a tag looks up, so a
/// context's unused parts (a layout never reads most of a page's values) cost nothing.
enum TemplateValue {
    case text(String)
    case flag(Bool)
    /// A number, as swift-mustache prints it (`String(describing:)`); it has no named children.
    case number(String)
    case list([TemplateValue])
    case object([String: Any])

    /// The typed form of `value`; throws for a type swift-mustache treats in a way this
    /// renderer does not reproduce (a struct it reflects, an empty optional, a lambda).
    init(_ value: Any) throws(UnsupportedTemplateFeature) {
        switch value {
        case let text as String: self = .text(text)
        case let flag as Bool: self = .flag(flag)
        case let object as [String: Any]: self = .object(object)
        case let rows as [[String: Any]]: self = .list(rows.map { .object($0) })
        case let number as Int: self = .number(String(describing: number))
        case let texts as [String]: self = .list(texts.map { .text($0) })
        case let items as [Any]: self = .list(try items.map { item throws(UnsupportedTemplateFeature) in try TemplateValue(item) })
        case let number as Double: self = .number(String(describing: number))
        default: throw UnsupportedTemplateFeature()
        }
    }

    /// Member `name` of an object, typed; nil for a missing member or a value that is no object.
    func member(_ name: String) throws(UnsupportedTemplateFeature) -> TemplateValue? {
        guard case .object(let members) = self, let member = members[name] else { return nil }
        return try TemplateValue(member)
    }
}
