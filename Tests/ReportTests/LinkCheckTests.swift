import Foundation
@testable import Report
import XCTest

final class LinkCheckTests: XCTestCase {
    func testPlantedBrokenLinkAndAnchorFailTheBuildNamingPageAndLink() throws {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writePost("2026-12-01-broken.md", title: "Broken", date: "2026-12-01", body: """
            See [missing](../runs/no-such-run.html) and [anchor](#nowhere) and [ok](https://example.org/x).
            """)
        guard case let .brokenLinks(links)? = fixture.buildError() else { return XCTFail("expected broken links") }
        XCTAssertEqual(links.map(\.page), ["posts/broken.html", "posts/broken.html"])
        XCTAssertEqual(links.map(\.target), ["../runs/no-such-run.html", "#nowhere"])
        XCTAssertFalse(fixture.exists("index.html"), "nothing is written when links are broken")
        let post = fixture.content.appendingPathComponent("posts/2026-12-01-broken.md").path
        XCTAssertEqual(links.map(\.source), [post + ":5", post + ":5"], "the Markdown line that wrote each link")
        XCTAssertTrue("\(ReportError.brokenLinks(links))".contains("\(post):5 (posts/broken.html): broken link `#nowhere`"))
    }

    func testEveryLinkOfTheStandardSiteIsRelativeAndResolves() throws {
        let fixture = try SiteFixture.standard()
        try fixture.build(baseURL: "https://example.org/lr/")
        for page in ["index.html", "posts/first-sweep.html", "runs/lrfind-cnn-bs64-s0-3fa2c1.html", "tags/cnn.html"] {
            let html = try fixture.page(page)
            for link in LinkChecker.attributeValues(in: html, names: ["href", "src"]) {
                XCTAssertTrue(LinkChecker.isInternal(link), "\(page) has absolute link \(link)")
                XCTAssertFalse(link.hasPrefix("/"), "\(page) has root-absolute link \(link)")
                let (path, _) = LinkChecker.split(link)
                if path.isEmpty { continue }
                let target = fixture.output.appendingPathComponent(page).deletingLastPathComponent()
                    .appendingPathComponent(path).standardizedFileURL
                XCTAssertTrue(FileManager.default.fileExists(atPath: target.path), "\(page): \(link) does not resolve")
            }
        }
        XCTAssertTrue(try fixture.page("posts/first-sweep.html").contains("href=\"../style.css\""))
        XCTAssertTrue(try fixture.page("feed.xml").contains("href=\"https://example.org/lr/posts/first-sweep.html\""))
    }

    func testResolveHandlesDotsAndRefusesLeavingTheSite() {
        XCTAssertEqual(LinkChecker.resolve("../runs/a.html", from: "posts/x.html"), "runs/a.html")
        XCTAssertEqual(LinkChecker.resolve("./b.html", from: "posts/x.html"), "posts/b.html")
        XCTAssertEqual(LinkChecker.resolve("runs/", from: "index.html"), "runs/")
        XCTAssertNil(LinkChecker.resolve("../../etc/passwd", from: "posts/x.html"))
        XCTAssertNil(LinkChecker.resolve("/etc/passwd", from: "index.html"))
        XCTAssertFalse(LinkChecker.isInternal("mailto:a@b.c"))
        XCTAssertTrue(LinkChecker.isInternal("a/b:c.html"))
        XCTAssertEqual(LinkChecker.resolve("a//b/../c/", from: "posts/deep/x.html"), "posts/deep/a/c/")
        XCTAssertEqual(LinkChecker.resolve("..", from: "posts/x.html"), "")
        XCTAssertTrue(LinkChecker.split("runs/a%20b.html?x=1#sec%C3%A9") == ("runs/a b.html", "secé"))
        XCTAssertTrue(LinkChecker.split("#top") == ("", "top"))
        XCTAssertTrue(LinkChecker.split("a.html") == ("a.html", nil))
    }

    func testCheckerFindsMissingFileAndMissingID() {
        let files: [String: Data] = [
            "index.html": Data("<a href=\"posts/a.html#two\">a</a> <img src=\"gone.svg\"> <a href=\"#top\">t</a> <p id=\"top\"></p>".utf8),
            "posts/a.html": Data("<h2 id=\"one\">x</h2>".utf8),
        ]
        XCTAssertEqual(LinkChecker.check(files).map(\.target), ["posts/a.html#two", "gone.svg"])
    }
}
