import Yams

/// Reads a model file's YAML node tree into a `ModelFile`, naming the line, column and key of
/// every problem.
struct ModelFileParser {
    let file: String

    /// The top-level keys a model file may have.
    static let topLevelKeys = ["layers", "groups"]

    func parse(_ bytes: [UInt8]) throws(ModelFileError) -> ModelFile {
        guard bytes.count <= ModelFile.maximumSize else {
            throw ModelFileError(ModelFileLocation(file: file, line: 1, column: 1, keyPath: ""),
                                 problem: "the file has \(bytes.count) bytes, more than the \(ModelFile.maximumSize) a model file may have",
                                 fix: "a model file lists layers and needs a few hundred bytes; check that this is the right file")
        }
        let text = try decodeUTF8(bytes)
        if let finding = ModelFilePreScan.check(text) {
            throw ModelFileError(ModelFileLocation(file: file, line: finding.line, column: finding.column, keyPath: ""),
                                 problem: finding.problem, fix: finding.fix)
        }
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, text: text)
        } catch {
            throw ModelFileError(ModelFileLocation(file: file, line: 1, column: 1, keyPath: ""),
                                 problem: "the file is not valid YAML (\(error))", fix: "check its syntax")
        }
        guard let root = composed, !isNull(root) else {
            throw ModelFileError(ModelFileLocation(file: file, line: 1, column: 1, keyPath: ""),
                                 problem: "the file is empty",
                                 fix: "list the layers under `layers:` or `groups:` (see docs/model-files.md)")
        }
        let fields = try mapping(root, "", of: "the model file", allowed: Self.topLevelKeys)
        let groups: [ModelFile.Group]
        switch (fields["layers"], fields["groups"]) {
        case (let layers?, nil):
            groups = [ModelFile.Group(name: "all", layers: try layerList(layers.value, "layers"),
                                      location: location(layers.key, "layers"))]
        case (nil, let list?):
            groups = try groupList(list.value, "groups")
        case (_?, let list?):
            throw error(list.key, "groups", "the file has both `layers` and `groups`",
                        "keep one: `layers:` for a single group named `all`, or `groups:` with the layers of each group")
        case (nil, nil):
            throw error(root, "", "the file has neither `layers` nor `groups`",
                        "list the layers under `layers:`, or name layer groups under `groups:` (see docs/model-files.md)")
        }
        try checkUniqueKeys(groups.flatMap(\.layers), scope: "the model")
        return ModelFile(file: file, groups: groups)
    }

    // MARK: Groups and layer lists

    private func groupList(_ node: Node, _ path: String) throws(ModelFileError) -> [ModelFile.Group] {
        let items = try sequence(node, path, of: "`groups`",
                                 example: "groups: [{name: body, layers: [...]}, {name: head, layers: [...]}]")
        var groups: [ModelFile.Group] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            let fields = try mapping(item, itemPath, of: "a layer group", allowed: ["name", "layers"])
            guard let name = fields["name"] else {
                throw error(item, itemPath, "the group has no `name`", "name it, e.g. `name: body` (and `name: head` for the last group)")
            }
            guard let layers = fields["layers"] else {
                throw error(item, itemPath, "the group has no `layers`", "list its layers under `layers:`")
            }
            let groupName = try text(name.value, "\(itemPath).name", example: "name: body")
            if let earlier = groups.first(where: { $0.name == groupName }) {
                throw error(name.value, "\(itemPath).name",
                            "the group name `\(groupName)` is already used by the group at line \(earlier.location.line)",
                            "give each group its own name")
            }
            groups.append(ModelFile.Group(name: groupName, layers: try layerList(layers.value, "\(itemPath).layers"),
                                          location: location(item, itemPath)))
        }
        return groups
    }

    /// The layers of a list, at least one.
    func layerList(_ node: Node, _ path: String, depth: Int = 0) throws(ModelFileError) -> [ModelFileLayer] {
        let items = try sequence(node, path, of: "`\(path.split(separator: ".").last ?? "layers")`",
                                 example: "layers: [{conv: {out: 16, kernel: 3}}, relu, flatten, {linear: classes}]")
        var layers: [ModelFileLayer] = []
        for (index, item) in items.enumerated() {
            layers.append(try layer(item, "\(path)[\(index)]", depth: depth))
        }
        return layers
    }

    /// Fails when two layers of `layers` (a scope: the whole model, or one residual) name the
    /// same state-dict key.
    func checkUniqueKeys(_ layers: [ModelFileLayer], scope: String) throws(ModelFileError) {
        var seen: [String: ModelFileLocation] = [:]
        for layer in layers {
            guard let key = layer.key else { continue }
            if let earlier = seen[key] {
                throw ModelFileError(ModelFileLocation(file: file, line: layer.location.line, column: layer.location.column,
                                                       keyPath: layer.location.keyPath + ".key"),
                                     problem: "the key `\(key)` is already the key of the layer at line \(earlier.line) "
                                         + "(`\(earlier.keyPath)`)",
                                     fix: "give every layer of \(scope) its own key, as PyTorch's state_dict names each module once")
            }
            seen[key] = layer.location
        }
    }

    // MARK: Node helpers

    func location(_ node: Node?, _ path: String) -> ModelFileLocation {
        ModelFileLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, keyPath: path)
    }

    func error(_ node: Node?, _ path: String, _ problem: String, _ fix: String) -> ModelFileError {
        ModelFileError(location(node, path), problem: problem, fix: fix)
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What `node` is, for messages: "a list", "a mapping", "the number 3", "the text 'abc'".
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let shown = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "..." : scalar.string
            return quoted ? "the quoted text \"\(shown)\"" : "`\(shown)`"
        }
    }

    /// The entries of the mapping `node` by key, refusing keys outside `allowed`.
    func mapping(_ node: Node, _ path: String, of what: String,
                 allowed: [String]) throws(ModelFileError) -> [String: (key: Node, value: Node)] {
        guard case .mapping(let entries) = node else {
            throw error(node, path, "\(what) must be a mapping (`key: value` lines), got \(describe(node))",
                        allowed.isEmpty ? "remove it" : "write its settings as keys: " + allowed.joined(separator: ", "))
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, value) in entries {
            guard case .scalar(let scalar) = key else {
                throw error(key, path, "\(what) has a key that is \(describe(key)), not a name",
                            "use plain names as keys: " + allowed.joined(separator: ", "))
            }
            let name = scalar.string
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                let fix = allowed.isEmpty ? "remove it: \(what) takes no settings"
                    : CloseMatches.suggestion(for: name, in: allowed) + "The keys \(what) takes are "
                        + allowed.map { "`\($0)`" }.joined(separator: ", ")
                throw error(key, keyPath, "\(what) has no setting `\(name)`", fix)
            }
            fields[name] = (key, value)
        }
        return fields
    }

    /// The items of the list `node`, at least one.
    func sequence(_ node: Node, _ path: String, of what: String, example: String) throws(ModelFileError) -> [Node] {
        guard case .sequence(let items) = node else {
            throw error(node, path, "\(what) must be a list, got \(describe(node))",
                        "write one item per line starting with `- `, or `[a, b]`; e.g. \(example)")
        }
        guard !items.isEmpty else {
            throw error(node, path, "\(what) is empty", "list at least one item, e.g. \(example)")
        }
        return Array(items)
    }

    // MARK: Syntax errors

    private func syntaxError(_ error: YamlError, text: String) -> ModelFileError {
        func at(_ mark: (line: Int, column: Int), _ problem: String, _ fix: String) -> ModelFileError {
            ModelFileError(ModelFileLocation(file: file, line: mark.line, column: mark.column, keyPath: ""),
                           problem: problem, fix: fix)
        }
        func at(_ mark: Mark, _ problem: String, _ fix: String) -> ModelFileError {
            at((mark.line, mark.column), problem, fix)
        }
        let indentation = "check the indentation (spaces only, the same for items of one list) and that brackets and quotes are closed"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return at(mark, "the file is not valid YAML: \(problem)\(while_)", indentation)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark, "a mapping has the key " + duplicates.map { "`\($0)`" }.joined(separator: ", ")
                      + " more than once", "keep one of them (a layer list item holds one layer; start another with `- `)")
        case .reader(let problem, let offset, _, _):
            let prefix = text.utf8.prefix(offset ?? 0)
            let line = 1 + prefix.filter { $0 == 0x0A }.count
            let column = 1 + (prefix.lastIndex(of: 0x0A).map { prefix.distance(from: $0, to: prefix.endIndex) - 1 } ?? prefix.count)
            return at((line, column), "the file cannot be read as YAML: \(problem)",
                      "save it as plain UTF-8 text")
        default:
            return at((1, 1), "the file is not valid YAML (\(error))", indentation)
        }
    }

    private func decodeUTF8(_ bytes: [UInt8]) throws(ModelFileError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error:
                let prefix = bytes[..<offset]
                let line = 1 + prefix.filter { $0 == 0x0A }.count
                let column = offset - (prefix.lastIndex(of: 0x0A) ?? -1)
                throw ModelFileError(ModelFileLocation(file: file, line: line, column: column, keyPath: ""),
                                     problem: "byte \(offset) is not UTF-8 text", fix: "save the file as UTF-8 text")
            }
        }
    }
}
