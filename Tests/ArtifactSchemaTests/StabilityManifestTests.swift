import ArtifactSchema
import Foundation
import XCTest

/// run.json's optional `stability` member: read as written, absent in older files.
final class StabilityManifestTests: XCTestCase {
    func testAStabilitySectionWithMissingSuggestionsAndChangingFlagsIsDecoded() throws {
        let text = """
            {"format": "lrlab-run", "formatVersion": 1, "id": "lrfind-cnn-bs8-s0-abcdef", "kind": "lr-find",
             "stability": {"reruns": 3, "ulps": 1,
               "suggestions": {"steep": {"baseline": 0.019, "values": [1.58, null, 0.02], "min": 0.019, "max": 1.58,
                                         "ratio": 83.15789473684211, "missing": 1}},
               "flags": [{"flag": "never-diverged", "baseline": false, "reruns": 2}]}}
            """
        let manifest = try RunManifest.decode(from: Data(text.utf8))
        let stability = try XCTUnwrap(manifest.stability)
        XCTAssertEqual(stability.reruns, 3)
        XCTAssertEqual(stability.ulps, 1)
        let steep = try XCTUnwrap(stability.suggestions["steep"])
        XCTAssertEqual(steep.values, [1.58, nil, 0.02])
        XCTAssertEqual(steep.ratio, 1.58 / 0.019)
        XCTAssertEqual(steep.missing, 1)
        XCTAssertEqual(stability.flags, [.init(flag: "never-diverged", baseline: false, reruns: 2)])
        XCTAssertTrue(manifest.extra.isEmpty, "stability is a modelled member, not an extra one")
        // Written back the same, nulls included.
        let again = try RunManifest.decode(from: Data(try manifest.jsonText().utf8))
        XCTAssertEqual(again, manifest)
        XCTAssertTrue(try manifest.jsonText().contains("null"))
    }

    func testTheSpreadIsComputedFromTheRunAndItsReruns() {
        let spread = RunManifest.Stability.ValueSpread(baseline: 0.02, values: [0.01, nil, 0.04])
        XCTAssertEqual(spread.min, 0.01)
        XCTAssertEqual(spread.max, 0.04)
        XCTAssertEqual(spread.ratio, 4)
        XCTAssertEqual(spread.missing, 1)
        let same = RunManifest.Stability.ValueSpread(baseline: 0.3, values: [0.3, 0.3])
        XCTAssertEqual(same.ratio, 1)
        let none = RunManifest.Stability.ValueSpread(baseline: nil, values: [nil])
        XCTAssertNil(none.min)
        XCTAssertNil(none.ratio)
        XCTAssertEqual(none.missing, 2)
    }

    func testOlderFilesHaveNoStability() throws {
        let manifest = try RunManifest.decode(from: Data(#"{"format": "lrlab-run", "id": "r"}"#.utf8))
        XCTAssertNil(manifest.stability)
        XCTAssertFalse(try manifest.jsonText().contains("stability"))
    }
}
