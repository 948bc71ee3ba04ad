import CurveAnalysis
import Foundation
import XCTest

/// The whole pipeline: `train` writes runs, `report build` turns them into a site with a page per
/// run and per sweep that shows what the artifacts hold.
final class RunsToSiteTests: XCTestCase {
    private func json(_ url: URL) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], url.path)
    }

    /// Runs `report build` over `runs` with no posts; the built site.
    private func buildSite(runs: URL, in dir: URL) throws -> SitePages {
        let site = dir.appendingPathComponent("site")
        let content = dir.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("posts"), withIntermediateDirectories: true)
        let build = try CommandRunner.run("report", ["build", "--content", content.path,
                                                     "--templates", CommandRunner.packageRoot.appendingPathComponent("Templates").path,
                                                     "--runs", runs.path, "--output", site.path])
        XCTAssertEqual(build.status, 0, build.stderr)
        return SitePages(root: site)
    }

    func testSweepArtifactsBecomeRunAndGroupPages() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let runs = dir.appendingPathComponent("runs")
        let sweep = try CommandRunner.run("train", ["lr-find", "--dataset", "synthetic", "--synthetic-count", "512",
                                                    "--batch-sizes", "32,8", "--seeds", "0,1", "--iterations", "25",
                                                    "--jobs", "2", "--quiet", "--out", runs.path])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
        let runIDs = folders.filter { $0.hasPrefix("lrfind-") }
        XCTAssertEqual(runIDs.count, 4, "\(folders)")
        let groupID = try XCTUnwrap(folders.first { $0.hasPrefix("sweep-") })
        XCTAssertEqual(folders.count, 5, "four runs and their group: \(folders)")
        let group = try json(runs.appendingPathComponent(groupID).appendingPathComponent("group.json"))
        XCTAssertEqual((group["runs"] as? [String])?.sorted(), runIDs, "group.json lists the sweep's runs")
        let manifests = try Dictionary(uniqueKeysWithValues: runIDs.map {
            ($0, try json(runs.appendingPathComponent($0).appendingPathComponent("run.json")))
        })

        let site = try buildSite(runs: runs, in: dir)

        // Each run page shows the run's status and every suggestion as run.json has it, in the
        // format `train` prints.
        for id in runIDs {
            let manifest = try XCTUnwrap(manifests[id])
            let page = try site.text("runs/\(id).html")
            XCTAssertTrue(page.contains("<h1>Run <code>\(id)</code></h1>"), "\(id): heading")
            let status = try XCTUnwrap(manifest["status"] as? String)
            XCTAssertTrue(page.contains(">\(status)</span>"), "\(id): status \(status)")
            XCTAssertTrue(page.contains("<a href=\"../groups/\(groupID).html\">\(groupID)</a>"), "\(id): links its sweep")
            let stored = try XCTUnwrap(manifest["suggestions"] as? [String: [String: Any]], "\(id): suggestions")
            let rows = try XCTUnwrap(SitePages.rows(after: "<table class=\"suggestions\">", in: page), "\(id): suggestion table")
            XCTAssertEqual(rows.map { $0[0] }.sorted(), stored.keys.sorted(), "\(id): one row per suggestion")
            for row in rows {
                let suggestion = try XCTUnwrap(stored[row[0]])
                if let lr = suggestion["lr"] as? Double {
                    XCTAssertEqual(row[1], LRFormat.string(lr), "\(id) \(row[0]): lr \(lr)")
                    XCTAssertEqual(row[2], (suggestion["loss"] as? Double).map(LRFormat.loss) ?? "–", "\(id) \(row[0]): loss")
                } else {
                    XCTAssertEqual(row[1], "none: \(suggestion["reason"] as? String ?? "not computed")", "\(id) \(row[0])")
                }
            }
        }

        // The group page lists every run with its batch size and seed, and the medians of each fit.
        let groupPage = try site.text("groups/\(groupID).html")
        XCTAssertTrue(groupPage.contains("<h1>Sweep <code>\(groupID)</code></h1>"))
        let members = try XCTUnwrap(SitePages.rows(after: "id=\"members\"", in: groupPage), "member table")
        XCTAssertEqual(members.map { $0[0] }.sorted(), runIDs, "every run is a member row")
        for member in members {
            let manifest = try XCTUnwrap(manifests[member[0]])
            XCTAssertEqual(member[1], (manifest["batchSize"] as? Int).map(String.init), "\(member[0]): batch size")
            XCTAssertEqual(member[2], (manifest["seed"] as? Int).map(String.init), "\(member[0]): seed")
            XCTAssertEqual(member[3], manifest["status"] as? String, "\(member[0]): status")
        }
        for id in runIDs {
            XCTAssertTrue(groupPage.contains("<a href=\"../runs/\(id).html\">\(id)</a>"), "the group page links \(id)")
        }
        let scaling = try XCTUnwrap(group["scaling"] as? [String: [String: Any]])
        XCTAssertEqual(scaling.keys.sorted(), ["minimum", "slide", "steep", "valley"])
        for (method, fit) in scaling {
            let points = try XCTUnwrap(fit["points"] as? [[String: Any]], "\(method) was fitted over two batch sizes")
            let rows = try XCTUnwrap(SitePages.rows(after: "id=\"scaling-\(method)\"", in: groupPage), "scaling of \(method)")
            XCTAssertEqual(rows.map { $0[0] }, points.map { "\($0["batchSize"] as? Int ?? -1)" }, "\(method): batch sizes")
            XCTAssertEqual(rows.map { $0[1] }, points.map { LRFormat.string($0["median"] as? Double ?? .nan) },
                           "\(method): medians")
        }

        // The list of all runs links every run and the sweep, and no link of any page is broken.
        let runList = try site.text("runs.html")
        for id in runIDs { XCTAssertTrue(runList.contains("<a href=\"runs/\(id).html\">\(id)</a>"), "runs.html lists \(id)") }
        XCTAssertTrue(runList.contains("<a href=\"groups/\(groupID).html\">\(groupID)</a>"), "runs.html lists the sweep")
        let pages = try site.htmlPages()
        XCTAssertEqual(Set(pages).intersection(runIDs.map { "runs/\($0).html" } + ["groups/\(groupID).html"]).count, 5)
        XCTAssertEqual(try site.brokenLinks(), [], "links that resolve to no file of the site")

        // The recorded plots carry their data-to-pixel mapping, so the pages inline them with their points.
        for id in runIDs {
            let html = try site.text("runs/\(id).html")
            XCTAssertTrue(html.contains("<figure class=\"plot plot-interactive\">") && html.contains("data-x-domain=\""),
                          "\(id): the plot is not inlined for the plot script")
            XCTAssertTrue(html.contains("\"points\":{\"x\":\"lr\""), "\(id): no recorded points for the tooltip")
        }
        XCTAssertTrue(try site.text("groups/\(groupID).html").contains("<figure class=\"plot plot-interactive\">"),
                      "the sweep's charts are inlined")
    }

    /// A sweep over one batch size has no slope to fit; its group page says why instead of failing.
    func testSweepOverOneBatchSizeStillGetsAGroupPage() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let runs = dir.appendingPathComponent("runs")
        let sweep = try CommandRunner.run("train", ["lr-find", "--dataset", "synthetic", "--synthetic-count", "256",
                                                    "--batch-sizes", "16", "--seeds", "0,1", "--iterations", "20",
                                                    "--quiet", "--out", runs.path])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
        let group = try XCTUnwrap(folders.first { $0.hasPrefix("sweep-") })
        let runIDs = folders.filter { $0.hasPrefix("lrfind-") }
        XCTAssertEqual(runIDs.count, 2, "\(folders)")
        let site = try buildSite(runs: runs, in: dir)
        let page = try site.text("groups/\(group).html")
        XCTAssertTrue(page.contains("No slope was fitted"), page)
        XCTAssertEqual(try XCTUnwrap(SitePages.rows(after: "id=\"members\"", in: page)).map { $0[0] }.sorted(), runIDs)
        XCTAssertEqual(try site.brokenLinks(), [])
    }
}
