/// The values a template renders: strings, numbers, booleans, and arrays and dictionaries of
/// them, as swift-mustache takes them (`[String: Any]`).
///
/// `@unchecked Sendable` because the compiler cannot see through `Any`: every context this
/// module builds holds value types only (no class instances, no closures), and a context is not
/// changed once it is handed to another thread, so sharing one shares no mutable state.
struct TemplateValues: @unchecked Sendable {
    var values: [String: Any]

    init(_ values: [String: Any]) {
        self.values = values
    }
}
