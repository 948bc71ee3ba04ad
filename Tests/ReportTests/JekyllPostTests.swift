import Foundation
@testable import Report
import XCTest

/// Jekyll and fastpages posts build as they are: date from the file name, their header keys,
/// pictures beside the post or under the content root copied into the site.
final class JekyllPostTests: XCTestCase {
    func testFastpagesPostBuildsWithDateFromFileNameAndItsHeaderKeys() throws {
        let fixture = try SiteFixture.course()
        try fixture.build()
        let page = try fixture.page("posts/neural-nets-basics.html")
        XCTAssertTrue(page.contains("<time datetime=\"2017-11-05\">2017-11-05</time>"), "date from the file name")
        XCTAssertTrue(page.contains("<p class=\"subtitle\">What a layer does, in one page</p>"))
        XCTAssertTrue(page.contains("<p class=\"lead\">Weights, gradients and the learning rate.</p>"), "description is the summary")
        XCTAssertTrue(page.contains("href=\"../tags/fastpages.html\">fastpages</a>") && page.contains(">jupyter</a>"),
                      "space-separated categories become tags")
        XCTAssertTrue(fixture.exists("tags/fastpages.html") && fixture.exists("tags/jupyter.html"))
        XCTAssertTrue(page.contains("id=\"contents\""), "toc: true")
        XCTAssertFalse(page.contains("neural-nets/"), "permalink is ignored, the page keeps the file's slug")
        let home = try fixture.page("index.html")
        XCTAssertTrue(home.contains("<img src=\"images/card.png\" alt=\"Picture for Neural nets: the basics\""),
                      "image is the list card's picture")
        let tag = try fixture.page("tags/fastpages.html")
        XCTAssertTrue(tag.contains("<img src=\"../images/card.png\""))
        let wrapUp = try fixture.page("posts/wrap-up.html")
        XCTAssertTrue(wrapUp.contains("datetime=\"2017-11-20\""), "a Jekyll date-time keeps its day")
    }

    func testPicturesAndFilesLinkedBesideThePostAreCopied() throws {
        let fixture = try SiteFixture.course()
        try fixture.build()
        let page = try fixture.page("posts/neural-nets-basics.html")
        XCTAssertTrue(page.contains("<img src=\"img/dot.png\" alt=\"a dot\""))
        XCTAssertTrue(page.contains("<img src=\"../images/card.png\" alt=\"card\""), "a root link is made relative")
        XCTAssertTrue(page.contains("href=\"../static/notes.txt\""))
        for (site, content) in [("posts/img/dot.png", "posts/img/dot.png"), ("images/card.png", "images/card.png"),
                                ("static/notes.txt", "static/notes.txt")] {
            XCTAssertEqual(try Data(contentsOf: fixture.output.appendingPathComponent(site)),
                           try Data(contentsOf: fixture.content.appendingPathComponent(content)), site)
        }
        XCTAssertFalse(fixture.exists("static/other.txt"))
    }

    func testHugoStaticFolderServesRootLinks() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRaw("static/img/logo.svg", FixtureWriter.svg(label: "logo"))
        try fixture.writer.writeRaw("posts/2017-01-01-logo.md", "---\ntitle: Logo\n---\n\n![logo](/img/logo.svg)\n")
        try fixture.build()
        XCTAssertTrue(try fixture.page("posts/logo.html").contains("<img src=\"../img/logo.svg\" alt=\"logo\""))
        XCTAssertEqual(try String(contentsOf: fixture.output.appendingPathComponent("img/logo.svg"), encoding: .utf8),
                       FixtureWriter.svg(label: "logo"))
    }

    func testMissingPictureFailsTheLinkCheckWithFileAndLine() throws {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writeRaw("posts/2017-01-02-pictures.md", "---\ntitle: Pictures\n---\n\nIntro.\n\nSee ![chart](img/missing.png).\n")
        guard case let .brokenLinks(links)? = fixture.buildError() else { return XCTFail("expected a broken link") }
        let file = fixture.content.appendingPathComponent("posts/2017-01-02-pictures.md").path
        XCTAssertEqual(links.map(\.source), [file + ":7"])
        XCTAssertEqual(links.map(\.target), ["img/missing.png"])
        let message = "\(ReportError.brokenLinks(links))"
        XCTAssertTrue(message.contains("\(file):7 (posts/pictures.html): broken link `img/missing.png`"), message)
        XCTAssertTrue(message.contains(fixture.content.appendingPathComponent("posts/img/missing.png").path), message)
    }

    func testLinksLeavingTheContentFolderAreRefused() throws {
        let fixture = try SiteFixture.standard()
        let outside = fixture.root.appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: outside)
        try FileManager.default.createDirectory(at: fixture.content.appendingPathComponent("posts/img"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: fixture.content.appendingPathComponent("posts/img/link.txt"),
                                                   withDestinationURL: outside)
        try fixture.writer.writeRaw("posts/2017-01-02-leak.md", "---\ntitle: Leak\n---\n\n[a](img/link.txt)\n")
        guard case let .pathEscapes(file, path)? = fixture.buildError() else { return XCTFail("expected a refusal") }
        XCTAssertTrue(file.contains("posts/leak.html"), file)
        XCTAssertTrue(path.hasSuffix("secret.txt"), path)
        XCTAssertFalse(fixture.exists("posts/img/link.txt"))

        try fixture.writer.writeRaw("posts/2017-01-02-leak.md", "---\ntitle: Leak\n---\n\n[a](../../../secret.txt)\n")
        guard case let .brokenLinks(links)? = fixture.buildError() else { return XCTFail("expected a broken link") }
        XCTAssertEqual(links.first?.reason, "leaves the site folder")

        try fixture.writer.writeRaw("posts/2017-01-02-leak.md", "---\ntitle: Leak\nimage: ../../secret.txt\n---\n\nx\n")
        guard case let .pathEscapes(imageFile, _)? = fixture.buildError() else { return XCTFail("expected a refusal") }
        XCTAssertTrue(imageFile.hasSuffix("2017-01-02-leak.md:3"), imageFile)
    }

    func testMissingImageNamesTheLineAndWhereItLooked() throws {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writeRaw("posts/2017-01-02-card.md", "---\ntitle: Card\nimage: images/none.png\n---\n\nx\n")
        let error = fixture.buildError()
        let message = error.map { "\($0)" } ?? ""
        XCTAssertTrue(message.contains("2017-01-02-card.md:3"), message)
        XCTAssertTrue(message.contains("posts/images/none.png") && message.contains("Content/images/none.png"), message)
    }

    func testFrontMatterVariants() throws {
        func parse(_ header: String, file: String = "/c/posts/2017-11-05-a.md") throws -> FrontMatter {
            try FrontMatter.parse("---\n\(header)\n---\nbody\n", file: file)
        }
        XCTAssertEqual(try parse("title: A").date, "2017-11-05")
        XCTAssertEqual(try parse("title: A\ndate: 2018-01-02").date, "2018-01-02", "the header wins over the name")
        XCTAssertEqual(try parse("title: A\ndate: 2018-01-02T10:30:00Z").date, "2018-01-02")
        XCTAssertEqual(try parse("title: A\ndate: 2018-01-02 10:30:00 -0500").date, "2018-01-02")
        XCTAssertThrowsError(try parse("title: A\ndate: 2018-01-02 later"))
        XCTAssertThrowsError(try parse("title: A", file: "/c/posts/notes.md")) { error in
            XCTAssertEqual(error as? ReportError, .missingField(file: "/c/posts/notes.md", line: 2, field: "date"))
        }
        XCTAssertEqual(try parse("title: A\ntags: [x, y]\ncategories: [y, Z]").tags, ["x", "y", "Z"], "merged without repeats")
        XCTAssertEqual(try parse("title: A\ncategories: one two").tags, ["one", "two"])
        XCTAssertEqual(try parse("title: A\ncategory: solo").tags, ["solo"])
        XCTAssertEqual(try parse("title: A\ntoc: false").toc, false)
        XCTAssertNil(try parse("title: A").toc)
        XCTAssertThrowsError(try parse("title: A\ntoc: maybe"))
        XCTAssertEqual(try parse("title: A\nsummary: S\ndescription: D").summary, "S")
        // Keys the report does not use are never an error, whatever their shape.
        let header = "title: A\nlayout: post\ncomments: true\npermalink: /x/\nhide: false\nbadges: true\nbranch: master\n"
            + "nb_path: a.ipynb\nsticky_rank: 1\nauthor: {name: Ada}\nextra: [1, 2]"
        XCTAssertEqual(try parse(header).title, "A")
    }

    func testTableOfContentsFollowsTheTocKey() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRaw("posts/2017-01-01-one.md", "---\ntitle: One\ntoc: true\n---\n\n## Only heading\n\nText.\n")
        try fixture.writer.writeRaw("posts/2017-01-02-two.md", "---\ntitle: Two\ntoc: false\n---\n\n## A\n\n## B\n")
        try fixture.writer.writeRaw("posts/2017-01-03-three.md", "---\ntitle: Three\n---\n\n## A\n")
        try fixture.build()
        XCTAssertTrue(try fixture.page("posts/one.html").contains("id=\"contents\""))
        XCTAssertFalse(try fixture.page("posts/two.html").contains("id=\"contents\""))
        XCTAssertFalse(try fixture.page("posts/three.html").contains("id=\"contents\""), "one heading and no toc key: no contents")
    }
}
