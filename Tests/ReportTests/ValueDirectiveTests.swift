import Foundation
@testable import Report
import XCTest

/// `{{< value ID KEY [FORMAT] >}}`: numbers in a post's text come from the cited run or sweep.
final class ValueDirectiveTests: XCTestCase {
    static let run = "lrfind-cnn-bs64-s0-3fa2c1"
    static let sweep = "sweep-cnn-2bs-81ac0e"

    /// The standard site with verify results in one run and a post stating numbers through directives.
    static func site(body: String) throws -> SiteFixture {
        let fixture = try SiteFixture.standard()
        try RunDetailsTests.editRunJSON(fixture, run) { manifest in
            manifest["verify"] = ["steps": 50, "best": "steep", "results": [
                ["suggestion": "valley", "lr": 0.0014, "validLoss": 0.52, "accuracy": 0.812],
                ["suggestion": "steep", "lr": 0.0031, "validLoss": 0.49, "accuracy": 0.8337],
            ]] as [String: Any]
        }
        try fixture.writer.writePost("2026-12-02-numbers.md", title: "Numbers", date: "2026-12-02", runs: [run], body: body)
        return fixture
    }

    /// The text of the post's notes, tags removed.
    static func notes(_ fixture: SiteFixture) throws -> String {
        let page = try fixture.page("posts/numbers.html")
        let start = try XCTUnwrap(page.range(of: "<div class=\"notes\">"))
        let end = try XCTUnwrap(page.range(of: "</div>\n<section class=\"cited\"", range: start.upperBound..<page.endIndex))
        return String(page[start.upperBound..<end.lowerBound])
    }

    func testValuesAreFormattedByKindWhereverTheyStand() throws {
        let r = Self.run, g = Self.sweep
        let fixture = try Self.site(body: """
            ## Valley at {{< value \(r) suggestions.valley.lr >}}

            The valley is {{< value \(r) suggestions.valley.lr >}}, steep {{< value \(r) suggestions.steep.lr >}} and the loss \
            diverged from {{< value \(r) analysis.divergenceLR >}}; best loss {{< value \(r) summary.bestLoss >}} over \
            {{< value \(r) data.trainCount >}} images; noise {{< value \(r) analysis.noiseLevel >}}.
            Verified accuracy {{< value \(r) verify.results[1].accuracy >}} for {{<value \(r) verify.results[1].suggestion>}}.

            - slope {{< value \(g) scaling.valley.slope >}}, {{< value \(g) scaling.valley.slope fixed3 >}} to three places
            - {{< value \(g) flagged.never-diverged >}} runs never diverged; {{< value \(g) runs.count >}} runs in all
            - minimum loss as a percent: {{< value \(r) analysis.minimumLoss percent >}}; seed {{< value \(r) seed >}}

            | run | valley |
            | --- | --- |
            | bs 64 | {{< value \(r) suggestions.valley.lr >}} |

            Code stays: `{{< value \(r) suggestions.valley.lr >}}` and

            ```
            {{< value \(r) no.such.key >}}
            ```

                {{< value indented-code-is-left-alone x >}}
            """)
        try fixture.build()
        let notes = try Self.notes(fixture)
        XCTAssertTrue(notes.contains(">Valley at 1.4e-3</h2>"), notes)
        XCTAssertTrue(notes.contains("The valley is 1.4e-3, steep 3.1e-3 and the loss diverged from 0.6; best loss 0.61 over 54000 images; noise 4%."), notes)
        XCTAssertTrue(notes.contains("Verified accuracy 83.4% for steep."), notes)
        XCTAssertTrue(notes.contains("<li>slope 0.62, 0.620 to three places</li>"), notes)
        XCTAssertTrue(notes.contains("<li>1 of 2 runs never diverged; 2 runs in all</li>"), notes)
        XCTAssertTrue(notes.contains("minimum loss as a percent: 60%; seed 0"), notes)
        XCTAssertTrue(notes.contains("<td>1.4e-3</td>"), notes)
        XCTAssertTrue(notes.contains("<code>{{&lt; value \(r) suggestions.valley.lr &gt;}}</code>"), "code span untouched: \(notes)")
        XCTAssertTrue(notes.contains("{{&lt; value \(r) no.such.key &gt;}}"), "fenced code untouched: \(notes)")
        XCTAssertTrue(notes.contains("{{&lt; value indented-code-is-left-alone x &gt;}}"), "indented code untouched: \(notes)")
        XCTAssertEqual(notes.components(separatedBy: "{{&lt; value").count - 1, 3, "only the three in code are left")
    }

    func testRegeneratedRunUpdatesThePost() throws {
        let fixture = try Self.site(body: "Steep: {{< value \(Self.run) suggestions.steep.lr >}}.\n")
        try fixture.build()
        XCTAssertTrue(try Self.notes(fixture).contains("Steep: 3.1e-3."))
        try RunDetailsTests.editRunJSON(fixture, Self.run) { manifest in
            var suggestions = manifest["suggestions"] as! [String: Any]
            suggestions["steep"] = ["lr": 1.58, "loss": 1.1]
            manifest["suggestions"] = suggestions
        }
        try fixture.build()
        XCTAssertTrue(try Self.notes(fixture).contains("Steep: 1.6."))
    }

    func testTextValuesAreEscaped() throws {
        let fixture = try Self.site(body: "Data: {{< value \(Self.run) data.name >}} and {{< value \(Self.run) data.path >}}.\n")
        try RunDetailsTests.editRunJSON(fixture, Self.run) { manifest in
            manifest["data"] = ["name": "<b>cats</b> & *dogs*", "path": "$HOME/a_b|c"]
        }
        try fixture.build()
        let notes = try Self.notes(fixture)
        XCTAssertTrue(notes.contains("Data: &lt;b&gt;cats&lt;/b&gt; &amp; *dogs* and $HOME/a_b|c."), notes)
    }

    func testUnknownIDKeyOrFormatFailsWithFileLineAndCloseMatches() throws {
        let file = { (fixture: SiteFixture) in fixture.content.path + "/posts/2026-12-02-numbers.md" }
        // Front matter: 5 lines (---, title, date, runs, ---), so the body's second line is line 7.
        var fixture = try Self.site(body: "Intro.\nThe rate {{< value lrfind-cnn-bs64-s0-3fa2c2 suggestions.steep.lr >}}.\n")
        guard case let .unknownRun(errorFile, line, id, matches)? = fixture.buildError() else { return XCTFail("expected unknownRun") }
        XCTAssertEqual(errorFile, file(fixture))
        XCTAssertEqual(line, 7)
        XCTAssertEqual(id, "lrfind-cnn-bs64-s0-3fa2c2")
        XCTAssertEqual(matches.first, Self.run)

        fixture = try Self.site(body: "Intro.\n\nThe rate {{< value \(Self.run) suggestions.stepp.lr >}}.\n")
        var error = fixture.buildError()
        guard case let .directive(keyFile, keyLine, problem)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(keyFile, file(fixture))
        XCTAssertEqual(keyLine, 8)
        XCTAssertTrue(problem.contains("has no member `stepp`"), problem)
        XCTAssertTrue(problem.contains("did you mean `suggestions.steep.lr`"), problem)

        fixture = try Self.site(body: "{{< value \(Self.run) verify.results[5].accuracy >}}\n")
        error = fixture.buildError()
        XCTAssertTrue("\(error!)".contains("`verify.results` has 2 item(s), no [5]"), "\(error!)")

        fixture = try Self.site(body: "{{< value \(Self.sweep) flagged.never-diverge >}}\n")
        error = fixture.buildError()
        XCTAssertTrue("\(error!)".contains("did you mean `flagged.never-diverged`"), "\(error!)")

        fixture = try Self.site(body: "{{< value \(Self.run) suggestions.valley.lr percents >}}\n")
        error = fixture.buildError()
        XCTAssertTrue("\(error!)".contains("unknown format `percents`"), "\(error!)")

        fixture = try Self.site(body: "{{< value \(Self.run) suggestions.valley >}}\n")
        error = fixture.buildError()
        XCTAssertTrue("\(error!)".contains("is an object; name one of its members: `suggestions.valley.loss`, `suggestions.valley.lr`"),
                      "\(error!)")

        fixture = try Self.site(body: "Text {{< value \(Self.run) suggestions.valley.lr\n")
        error = fixture.buildError()
        XCTAssertTrue("\(error!)".contains(":6: unfinished `{{< value` directive"), "\(error!)")
    }

    func testValueOnlyCitationsCountAsCiting() throws {
        let fixture = try Self.site(body: "Mlp valley: {{< value lrfind-mlp-bs16-s0-0a0b0c suggestions.valley.lr >}}.\n")
        try fixture.build()
        let runPage = try fixture.page("runs/lrfind-mlp-bs16-s0-0a0b0c.html")
        XCTAssertTrue(runPage.contains("<a href=\"../posts/numbers.html\">Numbers</a>"), "listed under Cited by")
    }
}
