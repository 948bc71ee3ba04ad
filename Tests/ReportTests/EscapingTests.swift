import Foundation
import Report
import XCTest

final class EscapingTests: XCTestCase {
    func testScriptInRunIDTitleTagAndCommandLineIsEscapedEverywhere() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRun(id: "<script>", model: "<script>m</script>")
        try fixture.writer.writePost("2026-01-01-xss.md", title: "<script>alert('title')</script>", date: "2026-01-01",
                                     summary: "a & b < c", tags: ["<script>tag</script>"],
                                     runs: ["<script>"], body: "Raw <script>alert(2)</script> here.\n")
        try fixture.build()
        let site = fixture.output
        let files = FileManager.default.enumerator(atPath: site.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            // The site's own script elements are the only ones allowed: assets loaded by path and
            // the plot data, whose JSON may hold no `<`.
            let text = try fixture.page(file)
                .replacingOccurrences(of: #"<script src="(\.\./)?[a-z/.-]+\.js" defer></script>"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"<script type="application/json" class="plot-data">[^<]*</script>"#, with: "",
                                      options: .regularExpression)
            XCTAssertFalse(text.contains("<script"), "\(file) contains an unescaped <script")
        }
        let post = try fixture.page("posts/xss.html")
        XCTAssertTrue(post.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"))
        XCTAssertTrue(post.contains("a &amp; b &lt; c"))
        XCTAssertTrue(post.contains("raw HTML omitted"), "cmark safe mode drops raw HTML")
        let runPage = try fixture.page("runs/script.html")
        XCTAssertTrue(runPage.contains("Run <code>&lt;script&gt;</code>"))
        XCTAssertTrue(runPage.contains("&lt;script&gt;m&lt;/script&gt;"), "model name in settings escaped")
        XCTAssertTrue(fixture.exists("tags/script-tag-script.html"))
    }

    func testRawHTMLPassesOnlyWhenSiteAllowsIt() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRaw("site.yml", "allowRawHTML: true\n")
        try fixture.writer.writePost("2026-01-01-raw.md", title: "Raw", date: "2026-01-01",
                                     body: "<div class=\"note\">kept</div>\n")
        try fixture.build()
        XCTAssertTrue(try fixture.page("posts/raw.html").contains("<div class=\"note\">kept</div>"))
    }

    func testEscapeFunction() {
        XCTAssertEqual(HTMLEscaping.escape("<a href=\"x\">'&'</a>"),
                       "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HTMLEscaping.escape("plain"), "plain")
    }
}
