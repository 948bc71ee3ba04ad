import Foundation
@testable import Report
import XCTest

/// Which dollars and brackets start math, and how formulas come back as KaTeX targets.
final class MathTests: XCTestCase {
    private func formulas(_ markdown: String) -> [String] {
        MathScanner.substitute(markdown).formulas.map { ($0.display ? "D:" : "I:") + $0.tex }
    }

    func testDelimiters() {
        XCTAssertEqual(formulas("a $x^2$ b"), ["I:x^2"])
        XCTAssertEqual(formulas("a $$\\sum_i x_i$$ b"), ["D:\\sum_i x_i"])
        XCTAssertEqual(formulas("a \\(x\\) and \\[y\\]"), ["I:x", "D:y"])
        XCTAssertEqual(formulas("$$\nw = 1\n$$\n"), ["D:w = 1"])
        XCTAssertEqual(formulas("$a$ and $b$"), ["I:a", "I:b"])
        XCTAssertEqual(formulas("line one $a\nb$ line two"), ["I:a\nb"], "inline math may wrap inside a paragraph")
    }

    func testDollarsThatAreNotMath() {
        XCTAssertEqual(formulas("It costs $5 or $10."), [], "a closing $ must not come before a digit")
        XCTAssertEqual(formulas("Pay $3 for a $ coffee"), [], "a closing $ must not follow a space")
        XCTAssertEqual(formulas("Between $5 and 10$3 there"), [], "a closing $ must not come before a digit")
        XCTAssertEqual(formulas("A $ sign and $ another"), [], "an opening $ must come before a non-space")
        XCTAssertEqual(formulas("Escaped \\$x\\$ stays"), [])
        XCTAssertEqual(formulas("`$x$` in code"), [])
        XCTAssertEqual(formulas("``a `$x$` b`` in code"), [])
        XCTAssertEqual(formulas("```sh\necho $HOME $x$\n```\n"), [])
        XCTAssertEqual(formulas("~~~\n$x$\n~~~\nthen $y$"), ["I:y"])
        XCTAssertEqual(formulas("Text\n\n    indented $x$ code\n\nafter $y$"), ["I:y"], "indented code is left alone")
        XCTAssertEqual(formulas("- item\n\n    continued $x$ in the list"), ["I:x"], "four spaces in a list continue the item")
        XCTAssertEqual(formulas("open $x\n\nnever closed$"), [], "math does not cross a blank line")
        XCTAssertEqual(formulas("\\\\(not math\\\\)"), [], "an escaped backslash does not open math")
        XCTAssertEqual(formulas("$$ $$"), [])
    }

    func testTokensAreReplacedAndTheRestIsUntouched() {
        let text = "A $x<y$ and `$z$`\n\n$$\na & b\n$$\n"
        let result = MathScanner.substitute(text)
        XCTAssertEqual(result.formulas.count, 2)
        XCTAssertFalse(result.markdown.contains("x<y"))
        XCTAssertTrue(result.markdown.contains("`$z$`"))
        let html = "<p>A \(result.token(0)) and <code>$z$</code></p>\n<p>\(result.token(1))</p>\n"
        XCTAssertEqual(result.restore(in: html), """
            <p>A <span class="math math-inline">x&lt;y</span> and <code>$z$</code></p>
            <div class="math math-display">a &amp; b</div>

            """)
        XCTAssertEqual(result.restore(in: "<img alt=\"\(result.token(0))\">"), "<img alt=\"$x&lt;y$\">", "inside an attribute: the escaped source")
        XCTAssertEqual(result.plainText("Why \(result.token(0))?"), "Why x<y?")
        let unchanged = "No math here, $5 only."
        XCTAssertEqual(MathScanner.substitute(unchanged).markdown, unchanged)
        XCTAssertTrue(MathScanner.substitute("a $x$ LRLABMATH b").prefix.hasPrefix("LRLABMATHX"), "tokens never clash with the text")
    }

    func testPostPagesWithAndWithoutMath() throws {
        let fixture = try SiteFixture.standard()
        try fixture.build()
        XCTAssertFalse(fixture.exists("assets/katex/katex.min.js"), "no math, no KaTeX in the site")
        XCTAssertFalse(try fixture.page("posts/first-sweep.html").contains("katex"))
        try fixture.writer.writePost("2026-12-01-math.md", title: "Math", date: "2026-12-01", body: """
            ## Why $\\eta$ matters

            The step is $\\eta g$.

            | symbol | meaning |
            | --- | --- |
            | $\\beta$ | momentum |

            $$
            \\theta_{t+1} = \\theta_t - \\eta g_t
            $$
            """)
        try fixture.build()
        let page = try fixture.page("posts/math.html")
        XCTAssertTrue(page.contains("<link rel=\"stylesheet\" href=\"../assets/katex/katex.min.css\">"))
        XCTAssertTrue(page.contains("<script src=\"../assets/katex/katex.min.js\" defer></script>\n<script src=\"../assets/math.js\" defer></script>"))
        XCTAssertTrue(page.contains("<h2 id=\"why-eta-matters\">Why <span class=\"math math-inline\">\\eta</span> matters</h2>"), page)
        XCTAssertTrue(page.contains("<td><span class=\"math math-inline\">\\beta</span></td>"), "math in a table cell")
        XCTAssertTrue(page.contains("<div class=\"math math-display\">\\theta_{t+1} = \\theta_t - \\eta g_t</div>"))
        XCTAssertFalse(page.contains("LRLABMATH"))
        for file in ["assets/katex/katex.min.js", "assets/katex/katex.min.css", "assets/katex/fonts/KaTeX_Main-Regular.woff2"] {
            XCTAssertTrue(fixture.exists(file), file)
        }
        XCTAssertFalse(try fixture.page("posts/first-sweep.html").contains("katex"), "other pages still load no KaTeX")
    }

    func testMissingKaTeXIsAClearError() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writePost("2026-12-01-math.md", title: "Math", date: "2026-12-01", body: "$x$\n")
        var options = fixture.options()
        options.katexDirectory = fixture.root.appendingPathComponent("no-katex")
        XCTAssertThrowsError(try SiteBuilder(options: options).build()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("libjs-katex") && message.contains("2026-12-01-math.md"), message)
        }
    }
}
