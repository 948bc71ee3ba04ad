import Foundation
import ArtifactSchema
@testable import Report
import XCTest

/// A running run on `report serve`: its page loads the live script (the built file does not), and
/// `/_live/<run>` streams metrics.csv's whole new rows and status changes as server-sent events.
final class LiveRunServeTests: XCTestCase {
    private var site: ServedSite?

    override func tearDown() {
        site?.stop()
        site = nil
    }

    func testOnlyTheServedPageOfARunningRunLoadsTheLiveScript() throws {
        let fixture = try ServedSite.fixtureWithRunningRun()
        let site = try ServedSite(fixture)
        self.site = site
        let id = ServedSite.runningID
        let page = try site.probe.get("/runs/\(id).html")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.body.contains("<script src=\"/_live/live.js\" data-live-run=\"\(id)\" defer></script>\n</body>"))
        XCTAssertTrue(page.body.contains("plot-interactive"), "the running run's page has its interactive plot")
        let built = try String(contentsOf: fixture.output.appendingPathComponent("runs/\(id).html"), encoding: .utf8)
        XCTAssertFalse(built.contains("_live"), "the built file (opened from disk, offline) loads no live script")
        XCTAssertFalse(try site.probe.get("/runs/lrfind-cnn-bs64-s0-3fa2c1.html").body.contains("_live"), "a finished run is not followed")

        let script = try site.probe.get("/_live/live.js")
        XCTAssertEqual(script.status, 200)
        XCTAssertEqual(script.headers["content-type"], "text/javascript; charset=utf-8")
        XCTAssertTrue(script.body.contains("EventSource"))
        XCTAssertEqual(try site.probe.get("/_live/lrfind-cnn-bs64-s0-3fa2c1").status, 404, "no stream for a finished run")
        XCTAssertEqual(try site.probe.get("/_live/no-such-run").status, 404)
    }

    func testStreamSendsWholeNewRowsThenTheFinalStatusAndEnds() throws {
        let fixture = try ServedSite.fixtureWithRunningRun()
        let site = try ServedSite(fixture)
        self.site = site
        let stream = try RawConnection(port: site.probe.port)
        stream.send("GET /_live/\(ServedSite.runningID) HTTP/1.1\r\nHost: x\r\n\r\n")
        stream.read { $0.contains("event: status\ndata: running\n\n") }
        let opening = stream.text
        XCTAssertTrue(opening.hasPrefix("HTTP/1.1 200 OK\r\n"))
        XCTAssertTrue(opening.contains("Content-Type: text/event-stream\r\n"))
        XCTAssertTrue(opening.contains("event: header\ndata: iteration,epoch,lr,momentum,loss,smooth_loss\n\n"))
        let rows = (0..<8).map { "data: " + ServedSite.row($0) }.joined()
        XCTAssertTrue(opening.contains("event: rows\n" + rows + "\n"), "the 8 recorded rows, one data line each")
        XCTAssertTrue(opening.range(of: "event: rows")!.lowerBound < opening.range(of: "event: status")!.lowerBound)

        // Two whole rows and half of the next: only the whole ones are sent, the rest when it completes.
        let third = ServedSite.row(10)
        try ServedSite.append(ServedSite.row(8) + ServedSite.row(9) + third.prefix(7), fixture: fixture)
        let two = "event: rows\ndata: " + ServedSite.row(8) + "data: " + ServedSite.row(9) + "\n"
        stream.read { $0.contains(two) }
        XCTAssertTrue(stream.text.hasSuffix(two), "rows 8 and 9 arrive alone: \(stream.text.suffix(200))")
        try ServedSite.append(String(third.dropFirst(7)), fixture: fixture)
        let last = "event: rows\ndata: " + third + "\n"
        stream.read { $0.hasSuffix(last) }
        XCTAssertTrue(stream.text.hasSuffix(last), "the completed row follows: \(stream.text.suffix(200))")

        try ServedSite.setStatus("completed", in: ServedSite.runFolder(fixture))
        XCTAssertTrue(stream.closedByServer(), "the stream ends once the run has finished")
        XCTAssertTrue(stream.text.hasSuffix("event: status\ndata: completed\n\n"), "ends with the status: \(stream.text.suffix(100))")
        XCTAssertEqual(stream.text.components(separatedBy: "data: 10,").count, 2, "no row is sent twice")
    }

    func testReplacedMetricsFileStartsTheRowsOver() throws {
        let fixture = try ServedSite.fixtureWithRunningRun()
        let site = try ServedSite(fixture)
        self.site = site
        let stream = try RawConnection(port: site.probe.port)
        stream.send("GET /_live/\(ServedSite.runningID) HTTP/1.1\r\nHost: x\r\n\r\n")
        stream.read { $0.contains("data: running") }
        let header = MetricsColumns.standard.joined(separator: ",") + "\n"
        try Data((header + ServedSite.row(0)).utf8).write(to: ServedSite.runFolder(fixture).appendingPathComponent("metrics.csv"),
                                                          options: .atomic)
        let restart = "event: reset\ndata: \n\nevent: header\ndata: " + header + "\nevent: rows\ndata: " + ServedSite.row(0) + "\n"
        stream.read { $0.hasSuffix(restart) }
        XCTAssertTrue(stream.text.hasSuffix(restart), "a new metrics.csv (a restarted run) streams from its start: \(stream.text.suffix(200))")
    }
}
