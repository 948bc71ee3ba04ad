import Foundation
@testable import Report
import XCTest

/// The served page of a running run in headless Chromium: live.js follows the stream, redraws the
/// plot and fills the table as rows arrive, and stops when the run completes.
final class LiveRunBrowserTests: XCTestCase {
    func testServedPageFollowsTheRunUntilItCompletes() throws {
        let chromium = try HeadlessChromium.find()
        let fixture = try ServedSite.fixtureWithRunningRun()
        let site = try ServedSite(fixture)
        defer { site.stop() }
        let url = "http://127.0.0.1:\(site.probe.port)/runs/\(ServedSite.runningID).html"
        final class Result: @unchecked Sendable { var dom = "", error: Error? }
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        // Virtual time waits while the event stream is open, so the DOM is dumped after the run ends.
        Thread {
            do {
                result.dom = try chromium.run(["--virtual-time-budget=3000", "--dump-dom", url], timeout: 60).stdout
            } catch {
                result.error = error
            }
            done.signal()
        }.start()
        let deadline = Date().addingTimeInterval(30)
        while site.server.activeLiveStreams == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertEqual(site.server.activeLiveStreams, 1, "the page opened its event stream")
        Thread.sleep(forTimeInterval: 0.5)
        try ServedSite.append((8..<20).map(ServedSite.row).joined(), fixture: fixture)
        Thread.sleep(forTimeInterval: 1)
        try ServedSite.setStatus("completed", in: ServedSite.runFolder(fixture))
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        if let error = result.error { throw error }
        let dom = result.dom
        XCTAssertTrue(dom.contains("<section class=\"live-run\" data-state=\"ended\" data-rows=\"20\">"),
                      "the live panel saw all 20 rows and the end: \(dom.range(of: "live-run").map { String(dom[$0.lowerBound...].prefix(200)) } ?? "none")")
        XCTAssertTrue(dom.contains("Latest rows of metrics.csv (20 in all)"))
        XCTAssertTrue(dom.contains("<td class=\"num\">19</td>"), "the table shows the last row")
        XCTAssertTrue(dom.contains("data-live-points=\"20\""), "the plot was redrawn from 20 rows")
        XCTAssertTrue(dom.contains("class=\"status status-completed\">completed<"), "the status badge follows run.json")
        // The smoothed curve's path now has a vertex per row.
        let group = try XCTUnwrap(dom.range(of: "data-name=\"smoothed loss\""))
        let path = try XCTUnwrap(dom[group.upperBound...].range(of: " d=\""))
        let d = dom[path.upperBound...].prefix { $0 != "\"" }
        XCTAssertEqual(d.filter { $0 == "M" || $0 == "L" }.count, 20, "vertices of the redrawn smoothed loss: \(d.prefix(120))")
        // plot.js reads the rewritten JSON for its hover values.
        let json = try XCTUnwrap(dom.range(of: "class=\"plot-data\">"))
        let data = String(dom[json.upperBound...].prefix { $0 != "<" })
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(HTMLEscaping.unescape(data).utf8)) as? [String: Any])
        XCTAssertEqual(((object["points"] as? [String: Any])?["iteration"] as? [Double])?.last, 19)
    }
}
