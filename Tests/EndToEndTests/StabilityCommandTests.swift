import Foundation
import XCTest

/// `train lr-find --stability K` as a user runs it: the spread lands in run.json, bad values name the flag.
final class StabilityCommandTests: XCTestCase {
    private let arguments = ["lr-find", "--data-source", "synthetic", "--synthetic-count", "256", "--iterations", "20",
                             "--batch-size", "16", "--quiet"]

    func testStabilityWritesTheSpreadIntoRunJSON() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let run = try CommandRunner.run("train", arguments + ["--stability", "2", "--stability-ulps", "8", "--out", dir.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir.path).first)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: dir.appendingPathComponent(id).appendingPathComponent("run.json"))) as? [String: Any])
        let stability = try XCTUnwrap(manifest["stability"] as? [String: Any])
        XCTAssertEqual(stability["reruns"] as? Int, 2)
        XCTAssertEqual(stability["ulps"] as? Int, 8)
        let suggestions = try XCTUnwrap(stability["suggestions"] as? [String: [String: Any]])
        XCTAssertEqual(Set(suggestions.keys), ["minimum", "steep", "valley", "slide"])
        XCTAssertEqual((suggestions["valley"]?["values"] as? [Any])?.count, 2)
    }

    func testABadCountNamesTheFlag() throws {
        let run = try CommandRunner.run("train", arguments + ["--stability", "0", "--out", try CommandRunner.temporaryDirectory(self).path])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("--stability"), run.stderr)
        XCTAssertFalse(run.stderr.contains("StabilitySettings"), run.stderr)
    }
}
