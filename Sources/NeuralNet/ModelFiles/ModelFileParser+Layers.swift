import Yams

/// The layer kinds of a model file and their settings.
extension ModelFileParser {
    /// Every layer kind, as written in a file.
    static let layerKinds = ["conv", "batchnorm", "relu", "maxpool", "avgpool", "global_avgpool", "dropout", "flatten",
                             "linear", "basic_block", "residual"]

    /// The settings each kind takes in its mapping form.
    static let settings: [String: [String]] = [
        "conv": ["out", "kernel", "stride", "padding", "bias", "in", "key"],
        "batchnorm": ["key"],
        "relu": [], "flatten": [], "global_avgpool": [],
        "maxpool": ["kernel", "stride"], "avgpool": ["kernel", "stride"],
        "dropout": ["p"],
        "linear": ["out", "in", "key"],
        "basic_block": ["out", "stride", "key"],
        "residual": ["layers", "shortcut", "key"],
    ]

    /// How each kind is written, for messages.
    static let examples: [String: String] = [
        "conv": "conv: {out: 16, kernel: 3, padding: 1}", "batchnorm": "batchnorm", "relu": "relu",
        "maxpool": "maxpool: 2", "avgpool": "avgpool: 2", "global_avgpool": "global_avgpool",
        "dropout": "dropout: 0.25", "flatten": "flatten", "linear": "linear: classes",
        "basic_block": "basic_block: {out: 32, stride: 2}", "residual": "residual: [conv: {out: 16, kernel: 3, padding: 1}, batchnorm]",
    ]

    /// The deepest nesting of `residual` layers.
    static let maximumResidualDepth = 8

    /// The layer written as the list item `node`: a kind name alone (`relu`), or a mapping of one
    /// kind to its settings (`conv: {out: 16, kernel: 3}`) or to its shorthand (`maxpool: 2`).
    func layer(_ node: Node, _ path: String, depth: Int) throws(ModelFileError) -> ModelFileLayer {
        let kindNode: Node, value: Node?
        switch node {
        case .scalar(let scalar) where !isNull(node):
            kindNode = node
            value = nil
            _ = scalar
        case .mapping(let entries) where entries.count == 1:
            kindNode = entries[entries.startIndex].key
            value = entries[entries.startIndex].value
        case .mapping(let entries) where entries.count > 1:
            let names = entries.compactMap { $0.key.scalar?.string }
            let kinds = names.filter { Self.layerKinds.contains($0) }
            if kinds.count == 1, let kind = kinds.first {
                let others = names.filter { $0 != kind }.map { "`\($0)`" }.joined(separator: ", ")
                throw error(node, path, "the layer item has \(others) next to its kind `\(kind)`",
                            "settings belong under the kind: indent them below `\(kind):`, or write `- \(Self.examples[kind]!)`")
            }
            throw error(node, path, "the layer item has \(entries.count) keys (\(names.map { "`\($0)`" }.joined(separator: ", "))); "
                        + "a layer is one kind with its settings",
                        "start each layer with `- `, e.g. `- conv: {out: 16, kernel: 3}` and `- relu` on separate lines")
        default:
            throw error(node, path, "a layer must be a kind (`relu`) or a kind with settings (`conv: {out: 16, kernel: 3}`), "
                        + "got \(describe(node))",
                        "the kinds are " + Self.layerKinds.map { "`\($0)`" }.joined(separator: ", "))
        }
        guard case .scalar(let kindScalar) = kindNode else {
            throw error(kindNode, path, "the layer's kind is \(describe(kindNode)), not a name",
                        "the kinds are " + Self.layerKinds.map { "`\($0)`" }.joined(separator: ", "))
        }
        let kind = kindScalar.string
        guard Self.layerKinds.contains(kind) else {
            throw error(kindNode, path, "there is no layer kind `\(kind)`",
                        CloseMatches.suggestion(for: kind, in: Self.layerKinds) + "The kinds are "
                            + Self.layerKinds.map { "`\($0)`" }.joined(separator: ", "))
        }
        let settingsPath = "\(path).\(kind)"
        let given = value.flatMap { isNull($0) ? nil : $0 }
        var fields: [String: (key: Node, value: Node)] = [:]
        var shorthand: Node? = nil
        if let given {
            if case .mapping = given {
                fields = try mapping(given, settingsPath, of: "`\(kind)`", allowed: Self.settings[kind]!)
            } else {
                shorthand = given
            }
        }
        let context = LayerSettings(parser: self, kind: kind, node: given ?? kindNode, path: settingsPath,
                                    fields: fields, shorthand: shorthand)
        let layerKind = try parseKind(context, depth: depth)
        let key = try fields["key"].map { entry throws(ModelFileError) in try stateDictKey(entry.value, "\(settingsPath).key") }
        return ModelFileLayer(kind: layerKind, key: key, location: location(node, path))
    }

    private func parseKind(_ s: LayerSettings, depth: Int) throws(ModelFileError) -> ModelFileLayer.Kind {
        switch s.kind {
        case "conv":
            try s.refuseShorthand("a conv needs `out` and `kernel`")
            let out = try s.required("out", 1...65536)
            return .conv(out: out, kernel: try s.required("kernel", 1...255),
                         stride: try s.optional("stride", 1...255) ?? 1, padding: try s.optional("padding", 0...255) ?? 0,
                         bias: try s.bool("bias") ?? true, inChannels: try s.optional("in", 1...65536))
        case "batchnorm":
            try s.refuseShorthand("batchnorm takes its size from its input")
            return .batchNorm
        case "relu", "flatten", "global_avgpool":
            try s.refuseShorthand("`\(s.kind)` takes no settings")
            return s.kind == "relu" ? .relu : s.kind == "flatten" ? .flatten : .globalAvgPool
        case "maxpool", "avgpool":
            let kernel = try s.shorthandOrRequired("kernel", 1...255)
            let stride = try s.optional("stride", 1...255) ?? kernel
            return s.kind == "maxpool" ? .maxPool(kernel: kernel, stride: stride) : .avgPool(kernel: kernel, stride: stride)
        case "dropout":
            let value = s.shorthand ?? s.fields["p"]?.value
            guard let value else { return .dropout(probability: 0.5) }
            return .dropout(probability: try s.probability(value, s.shorthand == nil ? "\(s.path).p" : s.path))
        case "linear":
            return .linear(out: try s.outputSize(), inFeatures: try s.optional("in", 1...(1 << 24)))
        case "basic_block":
            return .basicBlock(out: try s.shorthandOrRequired("out", 1...65536), stride: try s.optional("stride", 1...255) ?? 1)
        case "residual":
            guard depth < Self.maximumResidualDepth else {
                throw error(s.node, s.path, "residuals are nested more than \(Self.maximumResidualDepth) deep",
                            "nest fewer residual layers")
            }
            let bodyNode: Node, bodyPath: String
            if let shorthand = s.shorthand {
                (bodyNode, bodyPath) = (shorthand, s.path)
            } else if let layers = s.fields["layers"] {
                (bodyNode, bodyPath) = (layers.value, "\(s.path).layers")
            } else {
                throw error(s.node, s.path, "the residual has no layers",
                            "list them: `residual: [...]`, or `residual: {layers: [...], shortcut: [...]}`")
            }
            let body = try layerList(bodyNode, bodyPath, depth: depth + 1)
            let shortcut = try s.fields["shortcut"].map { entry throws(ModelFileError) in
                try layerList(entry.value, "\(s.path).shortcut", depth: depth + 1)
            } ?? []
            try checkUniqueKeys(body + shortcut, scope: "a residual")
            return .residual(body: body, shortcut: shortcut)
        default:
            preconditionFailure("layer kind \(s.kind) is listed but not parsed")
        }
    }

    /// A state-dict key prefix: dot-separated names of letters, digits and underscores.
    func stateDictKey(_ node: Node, _ path: String) throws(ModelFileError) -> String {
        let key = try text(node, path, example: "key: features.0")
        let valid = key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        }
        guard valid else {
            throw error(node, path, "`\(key)` is not a state_dict key prefix",
                        "write the module path PyTorch names, dot-separated names of letters, digits and `_`, e.g. `features.0` or `layer1.0`")
        }
        return key
    }

    /// The unquoted or quoted text `node`, not empty.
    func text(_ node: Node, _ path: String, example: String) throws(ModelFileError) -> String {
        guard case .scalar(let scalar) = node, !isNull(node), !scalar.string.isEmpty else {
            throw error(node, path, "`\(path.split(separator: ".").last ?? "")` must be a name, got \(describe(node))",
                        "write e.g. `\(example)`")
        }
        return scalar.string
    }
}

/// The settings written for one layer, read with the key path of each in errors.
struct LayerSettings {
    let parser: ModelFileParser
    let kind: String
    /// The settings' node (or the kind's, when none were given), for errors about missing keys.
    let node: Node
    let path: String
    let fields: [String: (key: Node, value: Node)]
    /// The value of the short form (`maxpool: 2`), if used.
    let shorthand: Node?

    private var example: String { ModelFileParser.examples[kind]! }

    func refuseShorthand(_ reason: String) throws(ModelFileError) {
        guard let shorthand else { return }
        throw parser.error(shorthand, path, "\(reason), but it is given \(parser.describe(shorthand))",
                           "write it as `\(example)`")
    }

    func required(_ name: String, _ range: ClosedRange<Int>) throws(ModelFileError) -> Int {
        guard let value = try optional(name, range) else {
            throw parser.error(node, path, "`\(kind)` needs `\(name)`", "write it as `\(example)`")
        }
        return value
    }

    func optional(_ name: String, _ range: ClosedRange<Int>) throws(ModelFileError) -> Int? {
        guard let entry = fields[name] else { return nil }
        return try integer(entry.value, "\(path).\(name)", name: name, range)
    }

    /// The short form's value, or the mapping's `name`.
    func shorthandOrRequired(_ name: String, _ range: ClosedRange<Int>) throws(ModelFileError) -> Int {
        if let shorthand { return try integer(shorthand, path, name: name, range) }
        return try required(name, range)
    }

    func bool(_ name: String) throws(ModelFileError) -> Bool? {
        guard let entry = fields[name] else { return nil }
        if case .scalar(let scalar) = entry.value, scalar.style == .plain || scalar.style == .any {
            switch scalar.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        throw parser.error(entry.value, "\(path).\(name)", "`\(name)` must be true or false, got \(parser.describe(entry.value))",
                           "write `\(name): false` or `\(name): true`")
    }

    /// A whole number in `range` (decimal digits, unquoted).
    func integer(_ node: Node, _ path: String, name: String, _ range: ClosedRange<Int>) throws(ModelFileError) -> Int {
        let example = "\(name): \(max(range.lowerBound, min(range.upperBound, name == "out" ? 16 : 3)))"
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else {
            throw parser.error(node, path, "`\(name)` must be a whole number, got \(parser.describe(node))",
                               "write it unquoted, e.g. `\(example)`")
        }
        let digits = scalar.string
        guard let value = Int(digits) else {
            let isNumber = Double(digits) != nil || (digits.allSatisfy(\.isNumber) && !digits.isEmpty)
            throw parser.error(node, path, isNumber ? "`\(name)` must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(digits)"
                                   : "`\(name)` must be a whole number, got \(parser.describe(node))",
                               "write e.g. `\(example)`")
        }
        guard range.contains(value) else {
            throw parser.error(node, path, "`\(name)` must be from \(range.lowerBound) to \(range.upperBound), got \(value)",
                               "write e.g. `\(example)`")
        }
        return value
    }

    func probability(_ node: Node, _ path: String) throws(ModelFileError) -> Float {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
              let value = Double(scalar.string), value.isFinite else {
            throw parser.error(node, path, "the dropout probability must be a number, got \(parser.describe(node))",
                               "write e.g. `dropout: 0.25`")
        }
        guard value >= 0 && value < 1 else {
            throw parser.error(node, path, "the dropout probability must be at least 0 and below 1, got \(scalar.string)",
                               "write e.g. `dropout: 0.25` (the share of values zeroed in training)")
        }
        return Float(value)
    }

    /// `out` of a linear layer: a number or `classes`.
    func outputSize() throws(ModelFileError) -> ModelFileLayer.OutputSize {
        guard let node = shorthand ?? fields["out"]?.value else {
            throw parser.error(self.node, path, "`linear` needs `out`, its output features",
                               "write `linear: classes` for the data's class count, or `linear: 128`")
        }
        let valuePath = shorthand == nil ? "\(path).out" : path
        if case .scalar(let scalar) = node, scalar.string == "classes" { return .classes }
        if case .scalar(let scalar) = node, Int(scalar.string) == nil, scalar.style == .plain {
            throw parser.error(node, valuePath, "`out` must be a whole number or `classes`, got \(parser.describe(node))",
                               CloseMatches.suggestion(for: scalar.string, in: ["classes"])
                                   + "write `linear: classes` for the data's class count, or a number such as `linear: 128`")
        }
        return .fixed(try integer(node, valuePath, name: "out", 1...(1 << 24)))
    }
}
