/// The site's templates compiled for `CompiledTemplate`, rendering what swift-mustache would.
///
/// A render returns nil whenever it meets something it leaves to swift-mustache (a template or
/// partial that did not compile, a value of a type it does not model); the caller then renders
/// with swift-mustache, so output never depends on which path ran.
struct CompiledTemplateSet: Sendable {
    private let templates: [String: CompiledTemplate]
    /// Every template the library holds, compiled or not (a partial missing from the library
    /// renders as nothing; one that is there but did not compile stops the fast path).
    private let names: Set<String>

    /// Compiles each of `sources` (name to the exact text swift-mustache parsed).
    init(sources: [String: String]) {
        var templates: [String: CompiledTemplate] = [:]
        for (name, text) in sources { templates[name] = CompiledTemplate(text) }
        self.templates = templates
        self.names = Set(sources.keys)
    }

    /// Whether every template compiled (so no render of this set needs swift-mustache for a template).
    var compiledAll: Bool { templates.count == names.count }

    /// Template `name` rendered with `context`, or nil to leave the render to swift-mustache.
    func render(_ name: String, _ context: [String: Any]) -> String? {
        guard let template = templates[name] else { return nil }
        do throws(UnsupportedTemplateFeature) {
            var stack = [TemplateValue.object(context)]
            var output = ""
            output.reserveCapacity(4096)
            try render(template.nodes, stack: &stack, escaping: .library, indentation: "", into: &output)
            return output
        } catch {
            return nil
        }
    }

    /// One template's (or section's) nodes. With an indentation (inside a standalone partial
    /// that had blanks before it), each node's non-empty output that follows a line break of
    /// this render gets the indentation first, as swift-mustache does it: node by node, not line
    /// by line.
    private func render(_ nodes: [CompiledTemplate.Node], stack: inout [TemplateValue], escaping start: CompiledTemplate.Escaping,
                        indentation: String, into output: inout String) throws(UnsupportedTemplateFeature) {
        var escaping = start
        if indentation.isEmpty {
            for node in nodes { try render(node, stack: &stack, escaping: &escaping, indentation: indentation, into: &output) }
            return
        }
        var local = ""
        for node in nodes {
            var piece = ""
            try render(node, stack: &stack, escaping: &escaping, indentation: indentation, into: &piece)
            if !piece.isEmpty, local.last == "\n" { local += indentation }
            local += piece
        }
        output += local
    }

    private func render(_ node: CompiledTemplate.Node, stack: inout [TemplateValue], escaping: inout CompiledTemplate.Escaping,
                        indentation: String, into output: inout String) throws(UnsupportedTemplateFeature) {
        switch node {
        case .text(let text):
            output += text
        case .escaping(let mode):
            escaping = mode
        case .variable(let path, let escaped):
            switch try Self.lookUp(path, in: stack) {
            case nil: break
            case .text(let text)?, .number(let text)?: Self.append(text, escaping: escaped ? escaping : .none, to: &output)
            case .flag(let flag)?: output += flag ? "true" : "false"
            case .list?, .object?: throw UnsupportedTemplateFeature()  // swift-mustache prints the Swift description
            }
        case .section(let path, let children):
            switch try Self.lookUp(path, in: stack) {
            case nil: break
            case .flag(let flag)?:
                if flag { try render(children, stack: &stack, escaping: escaping, indentation: indentation, into: &output) }
            case .list(let items)?:
                for item in items {
                    stack.append(item)
                    try render(children, stack: &stack, escaping: escaping, indentation: indentation, into: &output)
                    stack.removeLast()
                }
            case let value?:
                stack.append(value)
                try render(children, stack: &stack, escaping: escaping, indentation: indentation, into: &output)
                stack.removeLast()
            }
        case .invertedSection(let path, let children):
            switch try Self.lookUp(path, in: stack) {
            case nil:
                try render(children, stack: &stack, escaping: escaping, indentation: indentation, into: &output)
            case .flag(let flag)?:
                if !flag { try render(children, stack: &stack, escaping: escaping, indentation: indentation, into: &output) }
            case .list(let items)?:
                // swift-mustache renders an empty list's inverted section with the list as the current value.
                if items.isEmpty {
                    stack.append(.list(items))
                    try render(children, stack: &stack, escaping: escaping, indentation: indentation, into: &output)
                    stack.removeLast()
                }
            case .text?, .number?, .object?:
                break
            }
        case .partial(let name, let extra):
            guard let template = templates[name] else {
                if names.contains(name) { throw UnsupportedTemplateFeature() }
                return
            }
            // A partial starts over with the library's escaping until its own pragma.
            try render(template.nodes, stack: &stack, escaping: .library, indentation: indentation + (extra ?? ""), into: &output)
        }
    }

    /// The value `path` names: the first name looked up from the innermost value outwards (the
    /// first value that has it wins, even if the rest of the path then fails), the rest below it.
    private static func lookUp(_ path: CompiledTemplate.Path, in stack: [TemplateValue]) throws(UnsupportedTemplateFeature) -> TemplateValue? {
        switch path {
        case .current:
            return stack.last
        case .local(let names):
            return try descend(names[...], from: stack[stack.count - 1])
        case .climbing(let names):
            guard let first = names.first else { return stack.last }
            for value in stack.reversed() {
                if let child = try value.member(first) { return try descend(names.dropFirst(), from: child) }
            }
            return nil
        }
    }

    private static func descend(_ names: ArraySlice<String>, from value: TemplateValue) throws(UnsupportedTemplateFeature) -> TemplateValue? {
        var value = value
        for name in names {
            guard let child = try value.member(name) else { return nil }
            value = child
        }
        return value
    }

    private static func append(_ text: String, escaping: CompiledTemplate.Escaping, to output: inout String) {
        switch escaping {
        case .none:
            output += text
        case .fast:
            output += HTMLEscaping.escape(text)
        case .library:
            HTMLEscaping.appendEscapingCharacters(text, to: &output)
        }
    }
}
