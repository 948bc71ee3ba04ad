import XCTest
@testable import Report

/// Pipe tables in posts become HTML tables with inline Markdown and escaping, never raw pipes.
final class PipeTableTests: XCTestCase {
    private let renderer = MarkdownRenderer(allowRawHTML: false)

    private func render(_ markdown: String) -> String {
        let (text, tables) = PipeTable.substitute(markdown, renderInline: renderer.renderInline)
        return PageRenderer.replacePlaceholders(in: renderer.render(text).html, with: tables)
    }

    func testTableWithAlignmentInlineMarkdownAndEscaping() {
        let html = render("""
            Before.

            | suggestion | lr | note |
            | :--- | ---: | :-: |
            | `valley` | 3.0e-3 | **best** <script> |
            | a \\| b | 1e-2 |

            After.
            """)
        XCTAssertTrue(html.contains("<p>Before.</p>"), html)
        XCTAssertTrue(html.contains("<th style=\"text-align:left\">suggestion</th>"), html)
        XCTAssertTrue(html.contains("<td style=\"text-align:right\">3.0e-3</td>"), html)
        XCTAssertTrue(html.contains("<code>valley</code>"), html)
        XCTAssertTrue(html.contains("<strong>best</strong>"), html)
        XCTAssertFalse(html.contains("<script>"), "raw HTML in a cell is dropped in safe mode: \(html)")
        XCTAssertTrue(html.contains("<td style=\"text-align:left\">a | b</td>"), html)
        XCTAssertTrue(html.contains("<td style=\"text-align:center\"></td>"), "a short row is padded: \(html)")
        XCTAssertTrue(html.contains("<p>After.</p>"), html)
        XCTAssertFalse(html.contains("| ---"), html)
    }

    func testPipesInCodeBlocksAndPlainTextStayAsTheyAre() {
        let html = render("""
            ```
            | not | a table |
            | --- | --- |
            ```

            a | b without a delimiter row
            """)
        XCTAssertFalse(html.contains("<table>"), html)
        XCTAssertTrue(html.contains("| --- | --- |"), html)
        XCTAssertTrue(html.contains("a | b without a delimiter row"), html)
    }
}
