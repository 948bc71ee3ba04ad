import CCMark
import Foundation

/// A heading found in a post, for the table of contents.
public struct Heading: Equatable, Sendable {
    public var level: Int
    public var text: String
    /// The unique anchor id given to the heading element.
    public var id: String
}

/// Markdown to HTML through cmark, with anchor ids on headings and fenced code in shell, Swift,
/// Python and YAML highlighted.
struct MarkdownRenderer {
    /// Passes raw HTML through (cmark's unsafe mode); otherwise cmark drops it.
    var allowRawHTML: Bool

    /// Renders `markdown`; heading ids avoid `reservedIDs` and each other. `headingText` maps a
    /// heading's text before it is slugged and listed (to put formulas back in place of tokens).
    func render(_ markdown: String, reservedIDs: Set<String> = [],
                headingText: ((String) -> String)? = nil) -> (html: String, headings: [Heading]) {
        let options = CMARK_OPT_VALIDATE_UTF8 | (allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE)
        let document: OpaquePointer? = markdown.withCString { pointer in
            cmark_parse_document(pointer, strlen(pointer), options)
        }
        guard let document else { return ("", []) }
        defer { cmark_node_free(document) }
        var allocator = SlugAllocator(reserved: reservedIDs)
        var headings: [Heading] = []
        collectHeadings(document, into: &headings, allocator: &allocator, text: headingText)
        if markdown.containsBytes("```") || markdown.containsBytes("~~~") { Self.highlightCode(in: document) }
        guard let rendered = cmark_render_html(document, options) else { return ("", headings) }
        defer { free(rendered) }
        return (Self.addAnchors(to: String(cString: rendered), headings: headings), headings)
    }

    /// Renders a span of inline Markdown (a table cell) without the paragraph around it.
    func renderInline(_ text: String) -> String {
        var html = render(text).html
        if html.hasPrefix("<p>") { html.removeFirst(3) }
        while html.hasSuffix("\n") { html.removeLast() }
        if html.hasSuffix("</p>") { html.removeLast(4) }
        return html
    }

    private func collectHeadings(_ node: OpaquePointer, into headings: inout [Heading],
                                 allocator: inout SlugAllocator, text transform: ((String) -> String)?) {
        var child = cmark_node_first_child(node)
        while let current = child {
            if cmark_node_get_type(current) == CMARK_NODE_HEADING {
                let plain = Self.plainText(of: current)
                let text = transform?(plain) ?? plain
                headings.append(Heading(level: Int(cmark_node_get_heading_level(current)), text: text,
                                        id: allocator.allocate(text)))
            } else {
                collectHeadings(current, into: &headings, allocator: &allocator, text: transform)
            }
            child = cmark_node_next(current)
        }
    }

    /// Replaces each fenced block in a known language with its highlighted HTML (a custom block,
    /// which cmark writes out as given in safe mode too).
    static func highlightCode(in document: OpaquePointer) {
        var blocks: [(OpaquePointer, CodeHighlighter.Language)] = []
        func collect(_ node: OpaquePointer) {
            var child = cmark_node_first_child(node)
            while let current = child {
                if cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK {
                    if let info = cmark_node_get_fence_info(current),
                       let language = CodeHighlighter.Language(info: String(cString: info)) {
                        blocks.append((current, language))
                    }
                } else {
                    collect(current)
                }
                child = cmark_node_next(current)
            }
        }
        collect(document)
        for (block, language) in blocks {
            let code = cmark_node_get_literal(block).map { String(cString: $0) } ?? ""
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(custom, CodeHighlighter.html(code, language: language))
            cmark_node_insert_before(block, custom)
            cmark_node_free(block)
        }
    }

    /// Concatenated text and code literals below `node`.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(current) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                text += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    /// Gives the n-th `<hL>` tag of the HTML the n-th heading's id (cmark emits headings in order).
    static func addAnchors(to html: String, headings: [Heading]) -> String {
        guard !headings.isEmpty else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + headings.count * 24)
        var rest = html[...]
        for heading in headings {
            let tag = "<h\(heading.level)>"
            guard let range = rest.firstByteRange(of: tag) else { break }
            result += rest[..<range.lowerBound]
            result += "<h\(heading.level) id=\"\(HTMLEscaping.escape(heading.id))\">"
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
