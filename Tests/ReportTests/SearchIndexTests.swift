import Foundation
@testable import Report
import XCTest

final class SearchIndexTests: XCTestCase {
    func testWordsAreFoldedDistinctAndSkipTagsAndTokens() {
        XCTAssertEqual(SearchIndex.words(inHTML: "<p>The <em>Valley</em> &amp; the valley: Café LRLABEMBED3 a x2</p>", skipping: "LRLABEMBED"),
                       ["the", "valley", "cafe", "x2"])
        XCTAssertEqual(SearchIndex.distinctWords("Größe, größe; 1e-3"), ["große", "1e"])
    }

    func testIndexFileHoldsEveryPostButExcludedOnes() throws {
        let fixture = try SiteFixture.course()
        try fixture.writer.writeRaw("posts/2017-01-01-hidden.md", "---\ntitle: Hidden\nsearch_exclude: true\n---\nsecret words\n")
        try fixture.writer.writePost("2026-12-02-xss.md", title: "</script><script>alert(1)</script>", date: "2026-12-02",
                                     body: "Text \u{2028} here.\n")
        try fixture.build()
        let script = try fixture.page("search-index.js")
        XCTAssertTrue(script.hasPrefix("/* Search index of the posts, made by `report build`. */\nwindow.LRLAB_SEARCH_INDEX = [\n"))
        XCTAssertFalse(script.contains("</script") || script.contains("<script") || script.contains("\u{2028}"))
        let start = try XCTUnwrap(script.range(of: "= ")).upperBound
        let json = String(script[start...]).trimmingCharacters(in: .whitespacesAndNewlines).dropLast()
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let titles = entries.compactMap { $0["title"] as? String }
        XCTAssertEqual(titles.first, "</script><script>alert(1)</script>", "newest first, text intact")
        XCTAssertFalse(titles.contains("Hidden"), "search_exclude leaves the post out")
        let jekyll = try XCTUnwrap(entries.first { $0["title"] as? String == "Neural nets: the basics" })
        XCTAssertEqual(jekyll["url"] as? String, "posts/neural-nets-basics.html")
        XCTAssertEqual(jekyll["tags"] as? [String], ["fastpages", "jupyter", "Learning rates from scratch"])
        let words = (jekyll["words"] as? String ?? "").split(separator: " ")
        XCTAssertTrue(words.contains("gradient") && words.contains("valley") && words.contains("export"), "text, exercises and code")
        XCTAssertEqual(Set(words).count, words.count, "each word once")
        XCTAssertFalse(words.contains { $0.hasPrefix("lrlab") }, "no placeholder tokens")
        XCTAssertTrue(try fixture.page("search.html").contains("<script src=\"search-index.js\" defer></script>"))
    }
}
