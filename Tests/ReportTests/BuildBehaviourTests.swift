import Foundation
@testable import Report
import XCTest

final class BuildBehaviourTests: XCTestCase {
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)! {
            let url = folder.appendingPathComponent(path)
            if !ContentPath.isDirectory(url) { files[path] = try Data(contentsOf: url) }
        }
        return files
    }

    func testTwoBuildsAreByteIdentical() throws {
        let first = try SiteFixture.standard()
        let second = try SiteFixture.standard()
        try first.build()
        try second.build()
        let a = try snapshot(first.output), b = try snapshot(second.output)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for (path, data) in a { XCTAssertEqual(data, b[path], path) }
        try first.build()
        XCTAssertEqual(try snapshot(first.output), a)
    }

    func testCourseSiteWithMathSearchSeriesAndLinkedFilesIsByteIdentical() throws {
        let first = try SiteFixture.course()
        let second = try SiteFixture.course()
        try first.build()
        try second.build()
        let a = try snapshot(first.output), b = try snapshot(second.output)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for (path, data) in a { XCTAssertEqual(data, b[path], path) }
        for path in ["search-index.js", "assets/katex/katex.min.js", "posts/img/dot.png", "series/learning-rates-from-scratch.html"] {
            XCTAssertNotNil(a[path], path)
        }
    }

    func testDraftsOnlyWithFlag() throws {
        let fixture = try SiteFixture.standard()
        try fixture.build()
        XCTAssertFalse(fixture.exists("posts/unfinished.html"))
        XCTAssertFalse(try fixture.page("index.html").contains("Unfinished"))
        try fixture.build(drafts: true)
        XCTAssertTrue(fixture.exists("posts/unfinished.html"))
        XCTAssertTrue(try fixture.page("feed.xml").contains("Unfinished"))
    }

    func testPostWithoutSummaryHasNoEmptyParagraph() throws {
        let fixture = try SiteFixture.standard()
        try fixture.build(drafts: true)
        let post = try fixture.page("posts/unfinished.html")
        XCTAssertTrue(post.contains("Not ready."))
        XCTAssertFalse(post.contains("<p class=\"lead\"></p>"), "the draft has no summary")
        XCTAssertTrue(try fixture.page("posts/first-sweep.html").contains("<p class=\"lead\">Where the loss falls fastest.</p>"))
        let home = try fixture.page("index.html")
        XCTAssertTrue(home.contains("Unfinished"))
        XCTAssertFalse(home.contains("<p></p>"), "list items of posts without a summary have no empty paragraph")
    }

    func testStaleFilesAreRemovedAndEveryRunGetsAPage() throws {
        let fixture = try SiteFixture.standard()
        try fixture.build(drafts: true)
        XCTAssertTrue(fixture.exists("runs/lrfind-mlp-bs16-s0-0a0b0c.html"), "uncited run still has a page")
        XCTAssertTrue(fixture.exists("runs/lrfind-mlp-bs16-s0-0a0b0c/metrics.csv"))
        let report = try fixture.build()
        XCTAssertEqual(report.removed, ["posts/unfinished.html"])
        XCTAssertFalse(fixture.exists("posts/unfinished.html"))
    }

    func testOutputFolderSafety() throws {
        let fixture = try SiteFixture.standard()
        func refused(_ output: URL) -> Bool {
            var options = fixture.options()
            options.outputDirectory = output
            do { try SiteBuilder(options: options).build() } catch ReportError.unsafeOutput { return true } catch {}
            return false
        }
        XCTAssertTrue(refused(fixture.content))
        XCTAssertTrue(refused(fixture.root), "a folder holding the content is refused")
        XCTAssertTrue(refused(URL(fileURLWithPath: "/")))
        let foreign = fixture.root.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        XCTAssertTrue(refused(foreign), "a non-empty folder not made by report build is refused")
        XCTAssertTrue(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("notes.txt").path))
    }

    func testNewPostScaffoldRefusesToOverwrite() throws {
        let fixture = try SiteFixture()
        let url = try PostScaffold.create(title: "My <first> note", date: "2026-11-23", content: fixture.content)
        XCTAssertEqual(url.lastPathComponent, "2026-11-23-my-first-note.md")
        XCTAssertThrowsError(try PostScaffold.create(title: "My <first> note", date: "2026-11-23", content: fixture.content))
        try fixture.build(drafts: true)
        XCTAssertTrue(try fixture.page("posts/my-first-note.html").contains("My &lt;first&gt; note"))
    }
}
