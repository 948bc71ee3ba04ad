import ArtifactSchema
import Foundation
import XCTest

final class GroupManifestCodingTests: XCTestCase {
    static func fullManifest() -> GroupManifest {
        let points = [SeedSpread(batchSize: 32, count: 3, median: 0.0008, low: 0.0007, high: 0.0009,
                                 lowerQuartile: 0.00075, upperQuartile: 0.00085),
                      SeedSpread(batchSize: 64, count: 3, median: 0.0014, low: 0.0012, high: 0.0016,
                                 lowerQuartile: 0.0013, upperQuartile: 0.0015)]
        var manifest = GroupManifest(
            id: "sweep-cnn-2bs-3s-81ac0e", model: "cnn", batchSizes: [64, 32], seeds: [0, 1, UInt64.max], runs: ["a", "b"],
            scaling: ["valley": .fitted(ScalingFit(slope: 0.81, slopeStdErr: 0.08, intercept: -9.9, source: .medians,
                                                   points: points)),
                      "slide": .unavailable(reason: "a scaling fit needs at least 2 batch sizes")])
        manifest.extra = ["note": "kept"]
        return manifest
    }

    func testFullManifestRoundTrips() throws {
        let manifest = Self.fullManifest()
        let text = try manifest.jsonText()
        XCTAssertEqual(try GroupManifest.decode(from: Data(text.utf8)), manifest)
        XCTAssertTrue(text.contains("\"kind\" : \"lr-find-sweep\""), text)
        XCTAssertTrue(text.contains("\"overlay\" : \"overlay.svg\"") && text.contains("\"scaling\" : \"lr-vs-batch-size.svg\""))
        XCTAssertTrue(text.contains("\"slide\" : {\n      \"reason\" : \"a scaling fit needs at least 2 batch sizes\"\n    }"), text)
        XCTAssertTrue(text.contains("18446744073709551615"), "seeds are UInt64, written exactly")
        XCTAssertTrue(text.contains("\"note\" : \"kept\""), "extra members are written back")
    }

    func testMinimalAndPartialFilesDecode() throws {
        XCTAssertEqual(try GroupManifest.decode(from: Data(#"{"format": "lrlab-group", "id": "g"}"#.utf8)), GroupManifest(id: "g"))
        let partial = #"{"format": "lrlab-group", "id": "g", "runs": ["a"], "charts": {"overlay": "o.svg"}, "future": 1}"#
        let manifest = try GroupManifest.decode(from: Data(partial.utf8))
        XCTAssertEqual(manifest.runs, ["a"])
        XCTAssertEqual(manifest.charts, GroupManifest.Charts(overlay: "o.svg"))
        XCTAssertEqual(manifest.extra, ["future": 1])
        XCTAssertNil(manifest.seeds)
    }

    func testNewerFormatVersionAndOtherFormatsAreRefused() throws {
        var manifest = Self.fullManifest()
        manifest.formatVersion = 2
        XCTAssertThrowsError(try GroupManifest.decode(from: Data(try manifest.jsonText().utf8))) { error in
            XCTAssertEqual(error as? ArtifactFormatError, .newerVersion(found: 2, format: .group))
            XCTAssertTrue("\(error)".contains("group.json is lrlab-group version 2, written by a newer LRLab"), "\(error)")
        }
        XCTAssertThrowsError(try GroupManifest.decode(from: Data(#"{"format": "lrlab-run", "id": "r"}"#.utf8))) {
            XCTAssertEqual("\($0)", "format is `lrlab-run`, expected `lrlab-group`")
        }
    }
}
