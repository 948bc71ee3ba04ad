import ArtifactSchema
import Foundation
import XCTest
@testable import Recorders

final class RunIDTests: XCTestCase {
    func testStableHashMatchesPublishedFNV1aValues() {
        XCTAssertEqual(StableHash.of("").hex, "cbf29ce484222325")
        XCTAssertEqual(StableHash.of("a").hex, "af63dc4c8601ec8c")
        XCTAssertEqual(StableHash.of("foobar").hex, "85944171f73967e8")
    }

    func testIdHasTheDocumentedFormat() throws {
        let info = RunInfo(kind: .lrFind, model: "CNN_small v2", batchSize: 64, seed: 0,
                           optimizer: ["kind": "sgd", "momentum": 0.9])
        let id = info.runID
        let pattern = try NSRegularExpression(pattern: "^lrfind-cnn-small-v2-bs64-s0-[0-9a-f]{6}$")
        XCTAssertNotNil(pattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)), id)
        XCTAssertTrue(RunID.isValid(id))
        XCTAssertEqual(RunID.make(kind: .fineTune, model: "--", batchSize: 8, seed: 3, canonicalSettings: "{}"),
                       "finetune-model-bs8-s3-" + String(StableHash.of("{}").hex.prefix(6)))
    }

    func testSameSettingsGiveTheSameIdAndAnyChangeAnother() {
        var info = RunInfo(kind: .fit, model: "mlp", commandLine: ["train", "fit"], batchSize: 32, seed: 1,
                           optimizer: ["kind": "sgd", "momentum": 0.9], schedule: ["kind": "one-cycle", "maxLR": 0.01])
        let id = info.runID
        info.commandLine = ["train", "fit", "--seed", "1"]
        XCTAssertEqual(info.runID, id, "the command line is not a setting")
        info.schedule = ["kind": "one-cycle", "maxLR": 0.02]
        XCTAssertNotEqual(info.runID, id)
        XCTAssertEqual(info.canonicalSettingsJSON, info.canonicalSettingsJSON)
        XCTAssertFalse(info.canonicalSettingsJSON.contains(" "))
    }

    func testCollisionsGetASuffixOrFailOrReuse() throws {
        let out = try TinyRun.temporaryFolder() + "/runs/nested"
        let first = try RunDirectory.create(in: out, id: "fit-mlp-bs4-s0-abc123")
        let second = try RunDirectory.create(in: out, id: "fit-mlp-bs4-s0-abc123")
        XCTAssertEqual(first.id, "fit-mlp-bs4-s0-abc123")
        XCTAssertEqual(second.id, "fit-mlp-bs4-s0-abc123-2")
        XCTAssertEqual(try RunDirectory.create(in: out, id: first.id, collision: .reuse).path, first.path)
        XCTAssertThrowsError(try RunDirectory.create(in: out, id: first.id, collision: .fail)) { error in
            XCTAssertTrue(String(describing: error).contains("already exists"))
        }
        XCTAssertThrowsError(try RunDirectory.create(in: out, id: "Bad ID"))
    }

    func testCanonicalSettingsAreSortedCompactAndPinned() {
        let value: JSONValue = .object(["b": 1, "a": [0.5, "x/y", true, .null], "c": .number(Double.nan)])
        XCTAssertEqual(value.canonicalText, "{\"a\":[0.5,\"x/y\",true,null],\"b\":1,\"c\":\"nan\"}")
        let info = RunInfo(kind: .lrFind, model: "cnn", batchSize: 64, seed: 0, optimizer: ["kind": "sgd", "momentum": 0.9],
                           schedule: ["kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100])
        XCTAssertEqual(info.canonicalSettingsJSON,
                       "{\"batchSize\":64,\"blasThreads\":1,\"kind\":\"lr-find\",\"model\":\"cnn\","
                       + "\"optimizer\":{\"kind\":\"sgd\",\"momentum\":0.9},\"schedule\":{\"endLR\":10,"
                       + "\"iterations\":100,\"kind\":\"exponential-sweep\",\"startLR\":1e-07},\"seed\":\"0\",\"settings\":{}}")
        XCTAssertEqual(info.runID, "lrfind-cnn-bs64-s0-" + String(StableHash.of(info.canonicalSettingsJSON).hex.prefix(6)))
    }
}
