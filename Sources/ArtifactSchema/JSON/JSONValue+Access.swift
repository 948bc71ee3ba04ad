extension JSONValue {
    /// The text of a string value; nil for other values.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A number value; nil for other values (`"nan"`, `"inf"` decode as numbers).
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// A number value that is a whole number within `Int`'s range; nil otherwise.
    public var intValue: Int? {
        numberValue.flatMap { Int(exactly: $0) }
    }

    /// A boolean value; nil for other values.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members of an object value; nil for other values.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
