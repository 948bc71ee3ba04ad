import ArtifactSchema
import Foundation
import XCTest

/// The run page's stability table (`partials/stability`) for a run.json with `stability`.
final class StabilityTableTests: XCTestCase {
    func testRunPageShowsEachSuggestionsSpreadAndTheFlagsThatChange() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRun(id: "lrfind-cnn-bs8-s0-abcdef", batchSize: 8)
        try fixture.writer.writeRun(id: "lrfind-cnn-bs8-s1-abcdef", batchSize: 8, seed: 1)
        let path = fixture.content.appendingPathComponent("runs/lrfind-cnn-bs8-s0-abcdef/run.json")
        var manifest = try RunManifest.decode(from: Data(contentsOf: path))
        manifest.stability = RunManifest.Stability(
            reruns: 2, ulps: 1,
            suggestions: ["steep": .init(baseline: 0.019, values: [1.58, nil]),
                          "valley": .init(baseline: 0.002, values: [0.002, 0.002])],
            minimumLoss: .init(baseline: 2.0395, values: [2.0395, 2.0401]),
            flags: [.init(flag: "never-diverged", baseline: false, reruns: 1)])
        try Data(try manifest.jsonText().utf8).write(to: path)
        try fixture.build()

        let page = try fixture.page("runs/lrfind-cnn-bs8-s0-abcdef.html")
        XCTAssertTrue(page.contains("Stability under one-ulp changes"), page)
        XCTAssertTrue(page.contains("repeated 2 times"))
        XCTAssertTrue(page.contains("moved by 1 unit in the last place"))
        let section = try XCTUnwrap(page.components(separatedBy: "Stability under one-ulp changes").last)
        let rows = section.components(separatedBy: "<tr>").filter { $0.contains("<th scope=\"row\">") }
        let steep = try XCTUnwrap(rows.first { $0.contains(">steep<") })
        XCTAssertTrue(steep.contains(">1.6, none<"), steep)
        XCTAssertTrue(steep.contains(">83.16<"), "max/min of 1.58 and 0.019: \(steep)")
        let valley = try XCTUnwrap(rows.first { $0.contains(">valley<") })
        XCTAssertTrue(valley.contains(">1<"), "no spread: \(valley)")
        XCTAssertNotNil(rows.first { $0.contains(">lowest loss<") })
        XCTAssertTrue(page.contains("<strong>never-diverged</strong>: not in this run, in 1 of 2 re-runs"))
        // A run without re-runs has no table.
        XCTAssertFalse(try fixture.page("runs/lrfind-cnn-bs8-s1-abcdef.html").contains("Stability under"))
    }
}
