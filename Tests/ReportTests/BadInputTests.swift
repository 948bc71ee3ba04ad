import Foundation
@testable import Report
import XCTest

/// Each kind of bad input fails the build with an error naming the file, line and fix.
final class BadInputTests: XCTestCase {
    func testMalformedYAMLNamesFileAndLine() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRaw("posts/bad.md", "---\ntitle: Fine\ndate: 2026-01-01\ntags: [a, b\n---\nbody\n")
        guard case let .frontMatter(file, line, _)? = fixture.buildError() else { return XCTFail("expected front matter error") }
        XCTAssertTrue(file.hasSuffix("posts/bad.md"))
        XCTAssertTrue((4...6).contains(line), "line \(line) should point at the unclosed list")
    }

    func testMissingTitleAndBadDate() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRaw("posts/a.md", "---\ndate: 2026-01-01\n---\nbody\n")
        XCTAssertEqual(fixture.buildError(), .missingField(file: fixture.content.path + "/posts/a.md", line: 2, field: "title"))
        try fixture.writer.writeRaw("posts/a.md", "---\ntitle: A\nsummary: s\ndate: 2026-02-30\n---\nbody\n")
        XCTAssertEqual(fixture.buildError(), .badDate(file: fixture.content.path + "/posts/a.md", line: 4, value: "2026-02-30"))
        try fixture.writer.writeRaw("posts/a.md", "no front matter\n")
        XCTAssertTrue("\(fixture.buildError()!)".contains("must start with a `---` line"))
    }

    func testUnknownRunListsCloseMatches() throws {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writePost("2026-12-01-typo.md", title: "Typo", date: "2026-12-01",
                                     body: "Intro.\n\n{{< run lrfind-cnn-bs64-s0-3fa2c2 >}}\n")
        let error = fixture.buildError()
        guard case let .unknownRun(file, line, id, matches)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertTrue(file.hasSuffix("2026-12-01-typo.md"))
        XCTAssertEqual(line, 7)
        XCTAssertEqual(id, "lrfind-cnn-bs64-s0-3fa2c2")
        XCTAssertEqual(matches.first, "lrfind-cnn-bs64-s0-3fa2c1")
        XCTAssertTrue("\(error!)".contains("Did you mean `lrfind-cnn-bs64-s0-3fa2c1`"))
    }

    func testCorruptOrMissingRunArtifactsNameTheFile() throws {
        let fixture = try SiteFixture.standard()
        let run = fixture.content.appendingPathComponent("runs/lrfind-mlp-bs16-s0-0a0b0c")
        try FileManager.default.removeItem(at: run.appendingPathComponent("plot.svg"))
        guard case let .runArtifact(file, _)? = fixture.buildError() else { return XCTFail("expected artifact error") }
        XCTAssertTrue(file.hasSuffix("lrfind-mlp-bs16-s0-0a0b0c/plot.svg"))

        try Data(FixtureWriter.svg(label: "x").utf8).write(to: run.appendingPathComponent("plot.svg"))
        try Data("iteration,epoch,lr,momentum,loss,smooth_loss\n0,0,1e-7,0.9,2.3,2.3\n1,0,oops,0.9,2.2,2.2\n".utf8)
            .write(to: run.appendingPathComponent("metrics.csv"))
        guard case let .runArtifact(csv, problem)? = fixture.buildError() else { return XCTFail("expected artifact error") }
        XCTAssertTrue(csv.hasSuffix("metrics.csv:3"))
        XCTAssertTrue(problem.contains("`oops`"))

        try Data("{\"format\": \"lrlab-run\"".utf8).write(to: run.appendingPathComponent("run.json"))
        guard case let .runArtifact(json, _)? = fixture.buildError() else { return XCTFail("expected artifact error") }
        XCTAssertTrue(json.hasSuffix("run.json"))
    }

    func testDuplicateSlugNamesBothFiles() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writePost("2026-01-01-intro.md", title: "A", date: "2026-01-01", body: "a\n")
        try fixture.writer.writePost("2026-02-01-intro.md", title: "B", date: "2026-02-01", body: "b\n")
        guard case let .duplicateSlug(slug, first, second)? = fixture.buildError() else { return XCTFail("expected duplicate") }
        XCTAssertEqual(slug, "intro")
        XCTAssertTrue(first.hasSuffix("2026-01-01-intro.md") && second.hasSuffix("2026-02-01-intro.md"))
    }

    func testPathsLeavingTheContentFolderAreRefused() throws {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writePost("2026-12-01-escape.md", title: "Escape", date: "2026-12-01",
                                     runs: ["../../etc"], body: "x\n")
        guard case .pathEscapes? = fixture.buildError() else { return XCTFail("expected path escape") }
        try FileManager.default.removeItem(at: fixture.content.appendingPathComponent("posts/2026-12-01-escape.md"))

        let outside = fixture.root.appendingPathComponent("outside.md")
        try Data("---\ntitle: Outside\ndate: 2026-01-01\n---\nx\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: fixture.content.appendingPathComponent("posts/link.md"),
                                                   withDestinationURL: outside)
        guard case let .pathEscapes(file, _)? = fixture.buildError() else { return XCTFail("expected symlink escape") }
        XCTAssertTrue(file.hasSuffix("posts/link.md"))
    }

    func testTemplateProblemsNameTheTemplateFile() throws {
        let fixture = try SiteFixture.standard()
        let templates = fixture.root.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: SiteFixture.templates, to: templates)
        try Data("<h1>{{title}}</h1>\n<p>{{#tags}}open\n".utf8).write(to: templates.appendingPathComponent("tag.mustache"))
        func error() -> ReportError? {
            do { try SiteBuilder(options: fixture.options(templates: templates)).build() } catch let e as ReportError { return e } catch {}
            return nil
        }
        guard case let .template(file, line, _)? = error() else { return XCTFail("expected template error") }
        XCTAssertTrue(file.hasSuffix("tag.mustache"))
        XCTAssertNotNil(line)
        try FileManager.default.removeItem(at: templates.appendingPathComponent("tag.mustache"))
        guard case let .template(missing, _, problem)? = error() else { return XCTFail("expected missing template") }
        XCTAssertTrue(missing.hasSuffix("tag.mustache") && problem.contains("missing"))
        try FileManager.default.copyItem(at: SiteFixture.templates.appendingPathComponent("tag.mustache"),
                                         to: templates.appendingPathComponent("tag.mustache"))
        try FileManager.default.removeItem(at: templates.appendingPathComponent("partials/post-card.mustache"))
        guard case let .template(card, _, _)? = error() else { return XCTFail("a card the build renders itself is required") }
        XCTAssertTrue(card.hasSuffix("partials/post-card.mustache"), card)
    }

    func testKeepGoingSkipsBadPostsWithWarnings() throws {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writeRaw("posts/2026-12-01-bad.md", "---\ntitle: Bad\ndate: tomorrow\n---\nx\n")
        XCTAssertNotNil(fixture.buildError())
        let report = try fixture.build(keepGoing: true)
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings[0].contains("2026-12-01-bad.md:3"))
        XCTAssertTrue(fixture.exists("posts/first-sweep.html"))
        XCTAssertFalse(fixture.exists("posts/bad.html"))
    }
}
