import ArtifactSchema
import Foundation
@testable import Report
import XCTest

/// Runs that died without finishing (killed: run.json still `running`, no plot.svg, a torn last
/// metrics line) render as unfinished instead of stopping the build.
final class UnfinishedRunTests: XCTestCase {
    static let killedID = "lrfind-cnn-bs16-s2-dead01"
    static let sweepID = "sweep-cnn-killed-0c0c0c"
    static let finishedID = "lrfind-cnn-bs32-s0-aaaa01"

    /// The folder a killed range test leaves: run.json as written at the start (status running,
    /// no end), `rows` whole metrics rows, then a row cut off mid-number with no newline, a torn
    /// events line, and no plot.svg (the plot recorder writes it after an epoch or at the end).
    static func writeKilledRun(_ fixture: SiteFixture, id: String = killedID, group: String? = sweepID, rows: Int = 7,
                               status: RunStatus = .running) throws -> URL {
        let folder = fixture.content.appendingPathComponent("runs/\(id)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var manifest = RunManifest(
            id: id, kind: .lrFind, lrlabVersion: "0.1.0", commandLine: ["train", "lr-find", "--batch-size", "16"],
            startedAt: "2026-11-30T21:00:00Z", model: .init(name: "cnn", parameterCount: 20490),
            data: .init(name: "fashion-mnist", trainCount: 54000, validationCount: 6000), batchSize: 16, seed: 2,
            blasThreads: 1, optimizer: ["kind": "sgd", "momentum": 0.9],
            schedule: ["kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100], group: group)
        manifest.status = status
        manifest.complete = false
        try Data(try manifest.jsonText().utf8).write(to: folder.appendingPathComponent(RunFiles.manifest))
        var csv = MetricsColumns.standard.joined(separator: ",") + "\n"
        for iteration in 0..<rows {
            let lr = 1e-7 * pow(10, Double(iteration) * 0.16)
            csv += "\(iteration),0,\(lr),0.9,\(2.3 - 0.05 * Double(iteration)),\(2.3 - 0.04 * Double(iteration))\n"
        }
        csv += "\(rows),0,2.51188643150958e-06,0.9,1.9"
        try Data(csv.utf8).write(to: folder.appendingPathComponent(RunFiles.metrics))
        try Data("{\"event\":\"batchEnd\",\"iteration\":0}\n{\"event\":\"batchEnd\",\"itera".utf8)
            .write(to: folder.appendingPathComponent(RunFiles.events))
        return folder
    }

    /// The standard site plus a sweep of one finished and one killed run, and a post citing both.
    static func siteWithKilledRun() throws -> SiteFixture {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writeRun(id: finishedID, batchSize: 32, group: sweepID, chartPlot: true)
        _ = try writeKilledRun(fixture)
        try fixture.writer.writeGroup(id: sweepID, runs: [finishedID, killedID])
        try fixture.writer.writePost("2026-12-01-killed.md", title: "A run that died", date: "2026-12-01",
                                     runs: [killedID], body: """
            The kernel killed this one.

            {{< run \(killedID) >}}

            {{< group \(sweepID) >}}
            """)
        return fixture
    }

    func testKilledRunRendersAsUnfinishedWithAPlotFromItsMetrics() throws {
        let fixture = try Self.siteWithKilledRun()
        try fixture.build()

        let plot = try fixture.page("runs/\(Self.killedID)/plot.svg")
        XCTAssertTrue(plot.hasPrefix("<svg"), "plot.svg drawn by the report")
        XCTAssertTrue(plot.contains("lrc-frame"), "drawn with Charts, so the page's plot script can read it")
        XCTAssertTrue(plot.contains("smoothed loss"))
        XCTAssertTrue(plot.contains("Unfinished run"))

        let copied = try fixture.page("runs/\(Self.killedID)/metrics.csv")
        XCTAssertTrue(copied.hasSuffix("\n"), "the torn last line is cut off the copy")
        XCTAssertEqual(copied.split(separator: "\n").count, 1 + 7)

        let page = try fixture.page("runs/\(Self.killedID).html")
        XCTAssertTrue(page.contains("<span class=\"status status-unfinished\">unfinished</span>"), "badge")
        XCTAssertTrue(page.contains("<strong>Unfinished run</strong>"), "notice")
        XCTAssertTrue(page.contains("the 7 batches in metrics.csv"), "says how much was recorded")
        XCTAssertTrue(page.contains("cut short"), "says a torn line was left out")
        XCTAssertTrue(page.contains("drawn by the report from metrics.csv"))
        // The interactive plot carries the 7 recorded rows, not the torn eighth.
        let data = try XCTUnwrap(page.range(of: #"<script type="application/json" class="plot-data">[^<]*</script>"#,
                                            options: .regularExpression).map { String(page[$0]) })
        XCTAssertTrue(data.contains("\"iteration\":[0,1,2,3,4,5,6]"), data)

        let runs = try fixture.page("runs.html")
        XCTAssertEqual(runs.components(separatedBy: "status-unfinished").count - 1, 1, "only the killed run is marked")
        XCTAssertTrue(runs.contains(#"<a href="runs/\#(Self.killedID).html">\#(Self.killedID)</a></td><td class="nowrap">lr-find</td><td>running <span class="status status-unfinished">unfinished</span>"#))

        let group = try fixture.page("groups/\(Self.sweepID).html")
        XCTAssertTrue(group.contains("1 of 2 member runs did not finish (\(Self.killedID))"))
        XCTAssertTrue(group.contains("<td>running <span class=\"status status-unfinished\">unfinished</span></td>"))
        XCTAssertEqual(group.components(separatedBy: "<td>completed</td>").count - 1, 1, "the finished member is not marked")

        let post = try fixture.page("posts/killed.html")
        XCTAssertTrue(post.contains("<strong>Unfinished runs</strong>: this post cites runs that stopped"))
        XCTAssertTrue(post.contains(#"<li><a href="../runs/\#(Self.killedID).html">\#(Self.killedID)</a> (running)</li>"#))
        XCTAssertTrue(post.contains("<strong>Unfinished run</strong>"), "the embedded card carries the notice too")

        let finished = try fixture.page("runs/\(Self.finishedID).html")
        XCTAssertFalse(finished.contains("nfinished"), "a finished run has no notice")
    }

    func testInterruptedRunWithItsOwnPlotKeepsThePlot() throws {
        let fixture = try SiteFixture.standard()
        let folder = try Self.writeKilledRun(fixture, group: nil, status: .interrupted)
        let recorded = FixtureWriter.svg(label: "recorded after epoch 1")
        try Data(recorded.utf8).write(to: folder.appendingPathComponent(RunFiles.plot))
        try fixture.build()
        XCTAssertEqual(try fixture.page("runs/\(Self.killedID)/plot.svg"), recorded)
        let page = try fixture.page("runs/\(Self.killedID).html")
        XCTAssertTrue(page.contains("the run was interrupted before it finished"))
        XCTAssertFalse(page.contains("drawn by the report"))
    }

    func testRunKilledBeforeItsFirstBatchHasNoPlotAndNoBrokenLink() throws {
        let fixture = try SiteFixture.standard()
        _ = try Self.writeKilledRun(fixture, group: nil, rows: 0)
        try fixture.writer.writePost("2026-12-01-early.md", title: "Early", date: "2026-12-01", runs: [Self.killedID],
                                     body: "{{< run \(Self.killedID) >}}\n")
        try fixture.build()
        let page = try fixture.page("runs/\(Self.killedID).html")
        XCTAssertTrue(page.contains("no batch was recorded, so there is no plot"))
        XCTAssertFalse(page.contains("plot.svg\""), "no image of a plot that does not exist")
        XCTAssertFalse(fixture.exists("runs/\(Self.killedID)/plot.svg"))
    }

    func testKilledRunWithNeitherMetricsNorPlotNamesTheRunFolder() throws {
        let fixture = try SiteFixture.standard()
        let folder = try Self.writeKilledRun(fixture, group: nil)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(RunFiles.metrics))
        guard case let .runArtifact(file, problem)? = fixture.buildError() else { return XCTFail("expected an artifact error") }
        XCTAssertEqual(file, folder.path)
        XCTAssertTrue(problem.contains("neither metrics.csv nor plot.svg"), problem)
    }

    func testTornLastLineOfAFinishedRunIsStillAnError() throws {
        let fixture = try SiteFixture.standard()
        let metrics = fixture.content.appendingPathComponent("runs/lrfind-mlp-bs16-s0-0a0b0c/metrics.csv")
        var text = try String(contentsOf: metrics, encoding: .utf8)
        text += "20,0,0.1,0.9"
        try Data(text.utf8).write(to: metrics)
        guard case let .runArtifact(file, problem)? = fixture.buildError() else { return XCTFail("expected an artifact error") }
        XCTAssertTrue(file.hasSuffix("metrics.csv:22"), file)
        XCTAssertTrue(problem.contains("4 fields"), problem)
    }

    /// In Chromium: the drawn plot reads the recorded points on hover like a recorded one, and
    /// the badge and notice are styled as warnings.
    func testKilledRunPageInTheBrowser() throws {
        let chromium = try HeadlessChromium.find()
        let fixture = try Self.siteWithKilledRun()
        try fixture.build()
        let facts = try BrowserProbe(chromium: chromium, fixture: fixture).run("runs/\(Self.killedID).html",
                                                                                  check: CourseBrowserTests.hoverHelpers + """
            hover(data.points.lr[3]);
            out.push('TIP ' + rows());
            const badge = doc.querySelector('.status-unfinished');
            out.push('BADGE ' + badge.textContent + ' ' + (win.getComputedStyle(badge).color === win.getComputedStyle(doc.querySelector('.notice-unfinished')).borderTopColor));
            out.push('NOTICE_BORDER ' + win.getComputedStyle(doc.querySelector('.notice-unfinished')).borderLeftWidth);
            """)
        // Row 3 of the killed run: lr 1e-7·10^0.48, smoothed loss 2.3 − 0.04·3.
        XCTAssertEqual(facts.value("TIP"), "learning rate: 3e-7 | iteration: 3 | smoothed loss: 2.18")
        XCTAssertEqual(facts.value("BADGE"), "unfinished true")
        XCTAssertEqual(facts.value("NOTICE_BORDER"), "4px")
    }
}
