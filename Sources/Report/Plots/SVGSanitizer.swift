/// A chart SVG made safe to inline into a page: only drawing elements and presentation
/// attributes are kept, so a plot file can carry no script, link, style sheet or external
/// reference into the site.
///
/// Kept: `svg g path rect circle ellipse line polyline polygon text tspan title desc` with
/// geometry, paint, font and `data-*` attributes (values mentioning `url(` or a script scheme
/// are dropped). Everything else (`style`, `script`, `foreignObject`, `a`, `image`, `use`,
/// comments, processing instructions) is left out with its content. The text is re-escaped.
struct SVGSanitizer {
    static let elements: Set<String> = ["svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
                                        "text", "tspan", "title", "desc"]
    static let attributes: Set<String> = [
        "xmlns", "class", "role", "width", "height", "viewBox", "preserveAspectRatio", "x", "y", "x1", "y1", "x2", "y2",
        "cx", "cy", "r", "rx", "ry", "d", "points", "transform", "dx", "dy", "fill", "fill-opacity", "fill-rule",
        "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-dashoffset", "stroke-linejoin",
        "stroke-linecap", "stroke-miterlimit", "opacity", "color", "paint-order", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "dominant-baseline", "vector-effect", "shape-rendering",
        "clip-rule", "visibility", "aria-label", "aria-hidden",
    ]

    /// What inlining found: the safe markup, the plot's geometry and its series names.
    struct Result: Sendable {
        var markup: String
        var geometry: PlotGeometry?
        /// `data-name` of each `lrc-series` group, in document order.
        var seriesNames: [String]
    }

    /// The sanitized SVG, or nil when `svg` is not a well-formed `<svg>` document.
    static func sanitize(_ svg: String) -> Result? {
        var parser = SVGSanitizer(Array(svg.utf8))
        return parser.run()
    }

    private let bytes: [UInt8]
    private var position = 0
    private var output = ""
    /// Open elements; `kept` is false for a dropped element (and everything inside it).
    private var stack: [(name: String, kept: Bool)] = []
    private var frame: [String: String]?
    private var description = ""
    private var seriesNames: [String] = []
    private var sawRoot = false

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        output.reserveCapacity(bytes.count)
    }

    private var keeping: Bool { stack.last?.kept ?? true }

    private mutating func run() -> Result? {
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "<") {
                guard markup() else { return nil }
            } else {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
                text(String(decoding: bytes[start..<position], as: UTF8.self))
            }
        }
        guard sawRoot, stack.isEmpty else { return nil }
        let geometry = frame.flatMap { PlotGeometry.read(frame: $0, description: description) }
        return Result(markup: output, geometry: geometry, seriesNames: seriesNames)
    }

    /// One `<…>` construct at `position`; false when it is malformed.
    private mutating func markup() -> Bool {
        if starts("<!--") { return skip(past: "-->") }
        if starts("<?") { return skip(past: "?>") }
        if starts("<![CDATA[") {
            let start = position + 9
            guard skip(past: "]]>") else { return false }
            text(String(decoding: bytes[start..<(position - 3)], as: UTF8.self), decoded: true)
            return true
        }
        if starts("<!") { return skip(past: ">") }
        if starts("</") {
            position += 2
            let name = self.name()
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: ">"), let open = stack.popLast(), open.name == name else {
                return false
            }
            position += 1
            if open.kept { output += "</\(name)>" }
            return true
        }
        position += 1
        let name = self.name()
        guard !name.isEmpty else { return false }
        var attributes: [(String, String)] = []
        while true {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { return false }
            if bytes[position] == UInt8(ascii: ">") || starts("/>") { break }
            let attribute = self.name()
            guard !attribute.isEmpty else { return false }
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { return false }
            position += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                return false
            }
            let quote = bytes[position]
            let start = position + 1
            position = start
            while position < bytes.count, bytes[position] != quote { position += 1 }
            guard position < bytes.count else { return false }
            attributes.append((attribute, Self.decodeEntities(String(decoding: bytes[start..<position], as: UTF8.self))))
            position += 1
        }
        let selfClosing = bytes[position] == UInt8(ascii: "/")
        position += selfClosing ? 2 : 1
        if stack.isEmpty {
            guard !sawRoot, name == "svg" else { return false }
            sawRoot = true
        }
        let kept = keeping && Self.elements.contains(name)
        if kept { open(name, attributes, selfClosing: selfClosing) }
        if !selfClosing { stack.append((name, kept)) }
        return true
    }

    /// Writes a kept start tag with its allowed attributes, noting the frame and the series.
    private mutating func open(_ name: String, _ attributes: [(String, String)], selfClosing: Bool) {
        var tag = "<" + name
        let classes = attributes.first { $0.0 == "class" }?.1.split(separator: " ") ?? []
        if name == "rect", classes.contains("lrc-frame") {
            frame = Dictionary(attributes, uniquingKeysWith: { first, _ in first })
        }
        if name == "g", classes.contains("lrc-series") {
            seriesNames.append(attributes.first { $0.0 == "data-name" }?.1 ?? "")
        }
        for (attribute, value) in attributes where Self.allows(attribute, value) {
            tag += " \(attribute)=\"\(HTMLEscaping.escape(value))\""
        }
        output += tag + (selfClosing ? "/>" : ">")
    }

    private mutating func text(_ raw: String, decoded: Bool = false) {
        let value = decoded ? raw : Self.decodeEntities(raw)
        if stack.last?.name == "desc", keeping { description += value }
        guard keeping, !stack.isEmpty else { return }
        output += HTMLEscaping.escape(value)
    }

    private static func allows(_ attribute: String, _ value: String) -> Bool {
        guard attributes.contains(attribute) || (attribute.hasPrefix("data-") && attribute.count > 5
            && attribute.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else { return false }
        // Only a value with a parenthesis or colon can hold a reference or a script scheme.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ":") }) else { return true }
        return !containsIgnoringCase(value, "url(") && !containsIgnoringCase(value, "javascript:")
            && !containsIgnoringCase(value, "expression(")
    }

    /// Whether `text` holds the ASCII `needle` in any letter case, comparing bytes.
    static func containsIgnoringCase(_ text: String, _ needle: StaticString) -> Bool {
        let wanted = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        let bytes = Array(text.utf8)
        guard bytes.count >= wanted.count else { return false }
        for start in 0...(bytes.count - wanted.count) {
            var matches = true
            for offset in 0..<wanted.count {
                let byte = bytes[start + offset]
                let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
                if lower != wanted[offset] { matches = false; break }
            }
            if matches { return true }
        }
        return false
    }

    private mutating func name() -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            let isName = ((byte | 0x20) >= 97 && (byte | 0x20) <= 122) || (byte >= 48 && byte <= 57)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
            guard isName else { break }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func starts(_ text: StaticString) -> Bool { matches(text, at: position) }

    /// Whether the bytes at `offset` spell `text`.
    private func matches(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let start = text.utf8Start
        for index in 0..<count where bytes[offset + index] != start[index] { return false }
        return true
    }

    private mutating func skip(past end: StaticString) -> Bool {
        let count = end.utf8CodeUnitCount
        while position + count <= bytes.count {
            if matches(end, at: position) {
                position += count
                return true
            }
            position += 1
        }
        return false
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    /// XML's five entities and numeric references decoded; anything else is left as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let entity = after[..<semicolon]
            var decoded: String?
            switch entity {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if entity.hasPrefix("#") {
                    decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
            }
            if let decoded {
                result += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }
}
