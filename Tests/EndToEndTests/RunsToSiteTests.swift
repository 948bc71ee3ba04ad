import Foundation
import XCTest

/// The whole pipeline: `train` writes runs, `report build` turns them into a site with a page per run.
final class RunsToSiteTests: XCTestCase {
    func testSweepArtifactsBecomeRunAndGroupPages() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let runs = dir.appendingPathComponent("runs")
        let sweep = try CommandRunner.run("train", ["lr-find", "--dataset", "synthetic", "--synthetic-count", "512",
                                                    "--batch-sizes", "32,8", "--seeds", "0,1", "--iterations", "25",
                                                    "--jobs", "2", "--quiet", "--out", runs.path])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
        XCTAssertEqual(folders.filter { $0.hasPrefix("lrfind-") }.count, 4, "\(folders)")
        let group = try XCTUnwrap(folders.first { $0.hasPrefix("sweep-") })

        let site = dir.appendingPathComponent("site")
        let content = dir.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("posts"), withIntermediateDirectories: true)
        let build = try CommandRunner.run("report", ["build", "--content", content.path,
                                                     "--templates", CommandRunner.packageRoot.appendingPathComponent("Templates").path,
                                                     "--runs", runs.path, "--output", site.path])
        XCTAssertEqual(build.status, 0, build.stderr)
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("<html"), index)
        for run in folders.filter({ $0.hasPrefix("lrfind-") }) {
            let page = site.appendingPathComponent("runs/\(run).html")
            XCTAssertTrue(FileManager.default.fileExists(atPath: page.path), "no page for \(run)")
            // The recorded plot carries its data-to-pixel mapping, so the run page inlines it with its points.
            let html = try String(contentsOf: page, encoding: .utf8)
            XCTAssertTrue(html.contains("<figure class=\"plot plot-interactive\">") && html.contains("data-x-domain=\""),
                          "\(run): the plot is not inlined for the plot script")
            XCTAssertTrue(html.contains("\"points\":{\"x\":\"lr\""), "\(run): no recorded points for the tooltip")
        }
        let groupPage = try String(contentsOf: site.appendingPathComponent("groups/\(group).html"), encoding: .utf8)
        XCTAssertTrue(groupPage.contains("scaling"), "the group page compares the fitted exponent with the scaling rules")
        XCTAssertTrue(groupPage.contains("<figure class=\"plot plot-interactive\">"), "the sweep's charts are inlined")
    }

    /// A sweep over one batch size has no slope to fit; its group page says why instead of failing.
    func testSweepOverOneBatchSizeStillGetsAGroupPage() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let runs = dir.appendingPathComponent("runs")
        let sweep = try CommandRunner.run("train", ["lr-find", "--dataset", "synthetic", "--synthetic-count", "256",
                                                    "--batch-sizes", "16", "--seeds", "0,1", "--iterations", "20",
                                                    "--quiet", "--out", runs.path])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let group = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: runs.path).first { $0.hasPrefix("sweep-") })
        let content = dir.appendingPathComponent("content/posts")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let site = dir.appendingPathComponent("site")
        let build = try CommandRunner.run("report", ["build", "--content", content.deletingLastPathComponent().path,
                                                     "--templates", CommandRunner.packageRoot.appendingPathComponent("Templates").path,
                                                     "--runs", runs.path, "--output", site.path])
        XCTAssertEqual(build.status, 0, build.stderr)
        let page = try String(contentsOf: site.appendingPathComponent("groups/\(group).html"), encoding: .utf8)
        XCTAssertTrue(page.contains("No slope was fitted"), page)
    }
}
