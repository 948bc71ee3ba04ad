/// A Mustache template parsed into nodes that render typed values, with no dynamic casts.
///
/// It reproduces swift-mustache's output byte for byte, whitespace rules included (which lines
/// count as standalone, the indentation of standalone partials, the trailing blanks it drops at
/// the end of a file), for the part of the language the site's templates use: variables,
/// sections, inverted sections, comments, partials and the content-type pragma. A template
/// with anything else (set delimiters, inheritance blocks, dynamic partials, transforms) does
/// not compile, and the caller keeps rendering it with swift-mustache.
struct CompiledTemplate: Sendable {
    /// How `{{name}}` values are escaped from here on in one template's render.
    enum Escaping: Sendable {
        /// swift-mustache's own HTML escaping (per Character), which a render starts with.
        case library
        /// `HTMLEscaping.escape` (the `FastHTMLContentType` pragma).
        case fast
        /// No escaping (the `TEXT` content type).
        case none
    }

    /// Where a tag's name points: the current value, a path from it, or a path whose first
    /// name is looked up from the innermost value outwards.
    enum Path: Sendable {
        case current
        case local([String])
        case climbing([String])

        init(_ name: String) {
            if name == "." {
                self = .current
            } else {
                let names = name.split(separator: ".").map(String.init)
                self = name.first == "." ? .local(names) : .climbing(names)
            }
        }
    }

    indirect enum Node: Sendable {
        case text(String)
        case variable(Path, escaped: Bool)
        case section(Path, [Node])
        case invertedSection(Path, [Node])
        /// `indentation` is set for a standalone partial tag: its leading blanks.
        case partial(String, indentation: String?)
        case escaping(Escaping)
    }

    let nodes: [Node]

    /// Parses `text`, which swift-mustache already accepted; nil when it uses a feature this
    /// renderer leaves to swift-mustache.
    init?(_ text: String) {
        var parser = TemplateParser(text)
        guard let nodes = try? parser.nodes(closing: nil, startsLine: true) else { return nil }
        self.nodes = nodes
    }
}

/// What `TemplateParser` and `CompiledTemplate.render` meet that they leave to swift-mustache.
struct UnsupportedTemplateFeature: Error {}

/// Reads template text into `CompiledTemplate.Node`s, deciding standalone lines the way
/// swift-mustache's parser does (Character by Character, with its quirks kept).
struct TemplateParser {
    private let characters: [Character]
    private var position = 0

    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameCharacters = nameCharacters.union(["/"])
    private static let configCharacters = nameCharacters.subtracting(["(", ")"])

    init(_ text: String) {
        characters = Array(text)
    }

    private var atEnd: Bool { position == characters.count }
    /// The character at the read position; NUL at the end (never a newline or a tag character).
    private var current: Character { atEnd ? "\0" : characters[position] }

    /// Nodes up to the end of the text (`closing` nil) or up to the section's closing tag.
    ///
    /// `startsLine` says whether the first character begins a line for the standalone rule;
    /// blanks at a line start are held back until it is known whether the line is standalone.
    mutating func nodes(closing section: String?, startsLine: Bool) throws(UnsupportedTemplateFeature) -> [CompiledTemplate.Node] {
        var nodes: [CompiledTemplate.Node] = []
        var newLine = startsLine
        var blanks = ""
        func flushBlanks() {
            if !blanks.isEmpty { nodes.append(.text(blanks)); blanks = "" }
        }
        while !atEnd {
            if newLine { blanks = read { $0 == " " || $0 == "\t" } }
            let text = readTextUntilTag()
            if current.isNewline {
                nodes.append(.text(blanks + text + String(current)))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(blanks + text))
                blanks = ""
                newLine = false
            }
            if atEnd { break }
            var nextStartsLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try readName()
                let standalone = isStandalone(newLine)
                if !standalone { flushBlanks() }
                let children = try self.nodes(closing: name, startsLine: standalone)
                nodes.append(inverted ? .invertedSection(.init(name), children) : .section(.init(name), children))
                nextStartsLine = standalone
            case "/":
                position += 1
                let name = try readName()
                guard let section, name == section else { throw UnsupportedTemplateFeature() }
                if !isStandalone(newLine) { flushBlanks() }
                return nodes
            case "!":
                position += 1
                try skipPast("}}")
                nextStartsLine = isStandalone(newLine)
            case "{", "&":
                let triple = current == "{"
                flushBlanks()
                position += 1
                let name = try readName()
                if triple {
                    guard current == "}" else { throw UnsupportedTemplateFeature() }
                    position += 1
                }
                nodes.append(.variable(.init(name), escaped: false))
            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                guard current != "*" else { throw UnsupportedTemplateFeature() }
                let name = try readTagName(Self.partialNameCharacters)
                if !blanks.isEmpty { nodes.append(.text(blanks)) }
                let standalone = isStandalone(newLine)
                nodes.append(.partial(name, indentation: standalone ? blanks : nil))
                nextStartsLine = standalone
                blanks = ""
            case "%":
                position += 1
                nodes.append(.escaping(try readContentType()))
                nextStartsLine = isStandalone(newLine)
            case "<", "$", "=":
                throw UnsupportedTemplateFeature()
            default:
                flushBlanks()
                nodes.append(.variable(.init(try readName()), escaped: true))
            }
            newLine = nextStartsLine
        }
        guard section == nil else { throw UnsupportedTemplateFeature() }
        return nodes
    }

    private mutating func read(while accept: (Character) -> Bool) -> String {
        let start = position
        while !atEnd, accept(characters[position]) { position += 1 }
        return String(characters[start..<position])
    }

    /// Text up to a line break (left unread) or an opening `{{` (read); a lone `{` is text.
    private mutating func readTextUntilTag() -> String {
        var text = ""
        while !atEnd {
            text += read { $0 != "\n" && $0 != "\r\n" && $0 != "{" }
            if atEnd || current.isNewline { break }
            if position + 1 < characters.count, characters[position + 1] == "{" {
                position += 2
                break
            }
            text.append("{")
            position += 1
        }
        return text
    }

    /// Whether the tag just read stands alone on its line; if so, the rest of the line
    /// (blanks and the line break) is consumed.
    private mutating func isStandalone(_ newLine: Bool) -> Bool {
        guard newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
        guard probe < characters.count, characters[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    private mutating func expect(_ closing: String) throws(UnsupportedTemplateFeature) {
        let wanted = Array(closing)
        guard position + wanted.count <= characters.count,
              Array(characters[position..<position + wanted.count]) == wanted else { throw UnsupportedTemplateFeature() }
        position += wanted.count
    }

    private mutating func skipPast(_ closing: String) throws(UnsupportedTemplateFeature) {
        let wanted = Array(closing)
        while position + wanted.count <= characters.count {
            if Array(characters[position..<position + wanted.count]) == wanted {
                position += wanted.count
                return
            }
            position += 1
        }
        throw UnsupportedTemplateFeature()
    }

    /// A tag's name, blanks around it allowed, and the closing `}}`.
    private mutating func readTagName(_ allowed: Set<Character>) throws(UnsupportedTemplateFeature) -> String {
        _ = read(while: \.isWhitespace)
        let name = read { allowed.contains($0) }
        _ = read(while: \.isWhitespace)
        try expect("}}")
        return name
    }

    /// A variable or section name; one with a transform call in it is left to swift-mustache.
    private mutating func readName() throws(UnsupportedTemplateFeature) -> String {
        let name = try readTagName(Self.nameCharacters)
        guard !name.contains("("), !name.contains(")") else { throw UnsupportedTemplateFeature() }
        return name
    }

    /// `{{%CONTENT_TYPE:NAME}}` for the content types whose escaping this renderer knows.
    private mutating func readContentType() throws(UnsupportedTemplateFeature) -> CompiledTemplate.Escaping {
        _ = read(while: \.isWhitespace)
        let variable = read { Self.configCharacters.contains($0) }
        _ = read(while: \.isWhitespace)
        try expect(":")
        _ = read(while: \.isWhitespace)
        let value = read { Self.configCharacters.contains($0) }
        _ = read(while: \.isWhitespace)
        try expect("}}")
        guard variable == "CONTENT_TYPE" else { throw UnsupportedTemplateFeature() }
        switch value {
        case FastHTMLContentType.name: return .fast
        case "HTML": return .library
        case "TEXT": return .none
        default: throw UnsupportedTemplateFeature()
        }
    }
}
