import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document parsed with Foundation's XMLParser, flattened to its elements in order.
struct ParsedSVG {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        /// Names of the enclosing elements, outermost first.
        var ancestors: [String]
        /// `class` attributes of the enclosing elements, outermost first.
        var ancestorClasses: [String]

        func number(_ attribute: String) -> Double? {
            attributes[attribute].flatMap(Double.init)
        }

        func hasClass(_ name: String) -> Bool {
            (attributes["class"] ?? "").split(separator: " ").contains { $0 == name }
        }
    }

    var elements: [Element] = []

    /// Parses `svg`, or throws an error saying why the XML is not well formed.
    init(_ svg: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        // On Linux, parse() can return true after errors such as a missing end tag; the error is
        // still reported to the delegate and in parserError.
        let succeeded = parser.parse()
        guard succeeded, parser.parserError == nil, delegate.errorCount == 0 else {
            throw NSError(domain: "ParsedSVG", code: 1, userInfo: [
                NSLocalizedDescriptionKey: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown") "
                    + "at line \(parser.lineNumber)",
            ])
        }
        elements = delegate.elements
    }

    func all(_ name: String) -> [Element] {
        elements.filter { $0.name == name }
    }

    func all(_ name: String, class className: String) -> [Element] {
        elements.filter { $0.name == name && $0.hasClass(className) }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var stack: [Int] = []
        var errorCount = 0

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            errorCount += 1
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let ancestors = stack.map { elements[$0].name }
            let classes = stack.map { elements[$0].attributes["class"] ?? "" }
            elements.append(Element(name: elementName, attributes: attributes, text: "", ancestors: ancestors,
                                    ancestorClasses: classes))
            stack.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?) {
            if !stack.isEmpty { stack.removeLast() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = stack.last { elements[last].text += string }
        }
    }
}
