import ArtifactSchema
import Foundation
import XCTest

final class RunManifestCodingTests: XCTestCase {
    /// A manifest with every member set, as a finished range test with --verify writes it.
    static func fullManifest() -> RunManifest {
        var manifest = RunManifest(
            id: "lrfind-cnn-bs64-s0-3fa2c1", kind: .lrFind, lrlabVersion: "0.1.0",
            commandLine: ["train", "lr-find", "--model", "cnn"], startedAt: "2026-11-23T10:00:00Z",
            model: .init(name: "cnn", parameterCount: 13, groups: [.init(name: "body", layers: ["Linear(2, 3)"], parameterCount: 9),
                                                                  .init(name: "head", layers: ["Linear(3, 1)"], parameterCount: 4)]),
            data: .init(name: "fashion-mnist", path: "/data", trainCount: 54000, validationCount: 6000,
                        validationFraction: 0.1, classes: ["T-shirt/top", "Trouser"]),
            batchSize: 64, seed: 3, blasThreads: 1,
            optimizer: ["kind": "sgd", "momentum": 0.9, "nesterov": false, "weightDecay": 0],
            schedule: ["kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100],
            group: "sweep-cnn-2bs-3s-81ac0e")
        manifest.summary.iterations = 87
        manifest.summary.epochs = 1
        manifest.summary.finalLoss = .nan
        manifest.summary.bestLoss = 0.61
        manifest.summary.validLoss = .infinity
        manifest.summary.accuracy = 0.85
        manifest.summary.errorRate = 0.15
        manifest.summary.seconds = 2.4
        manifest.suggestions = ["valley": .init(lr: 0.0014, loss: 1.5), "slide": .init(reason: "needs 16 points")]
        manifest.analysis = RangeTestAnalysis(fallStartLR: 3e-5, steepestLR: 0.02, minimumLR: 0.08, minimumLoss: 0.6,
                                              divergenceLR: 0.6, noiseLevel: 0.04, flags: [.bumpBeforeDivergence],
                                              unknownFlags: ["from-the-future"])
        manifest.verify = .init(steps: 200, results: [.init(suggestion: "valley", lr: 0.0014, validLoss: 0.52, accuracy: 0.81)],
                                best: "valley")
        manifest.extra = ["sweepNote": ["iterations": 4]]
        manifest.settings = ["batchesPerStep": 10, "divergenceFactor": .null, "lrMults": [0.01, 1]]
        manifest.finish(.failed, endedAt: "2026-11-23T10:00:03Z", error: "simulated")
        return manifest
    }

    /// Equality that treats NaN as equal to NaN (the summary holds one).
    static func assertSame(_ a: RunManifest, _ b: RunManifest, file: StaticString = #filePath, line: UInt = #line) {
        var a = a, b = b
        XCTAssertEqual(a.summary.finalLoss?.isNaN, b.summary.finalLoss?.isNaN, file: file, line: line)
        a.summary.finalLoss = nil
        b.summary.finalLoss = nil
        XCTAssertEqual(a, b, file: file, line: line)
    }

    func testFullManifestRoundTrips() throws {
        let manifest = Self.fullManifest()
        let text = try manifest.jsonText()
        let decoded = try RunManifest.decode(from: Data(text.utf8))
        Self.assertSame(decoded, manifest)
        XCTAssertEqual(try decoded.jsonText(), text, "writing a decoded file gives the same bytes")
        XCTAssertTrue(text.hasPrefix("{\n  \"analysis\" : {\n    \"divergenceLR\" : 0.6,\n"), "sorted keys, pretty-printed")
        XCTAssertTrue(text.hasSuffix("}\n"))
        XCTAssertTrue(text.contains("\"finalLoss\" : \"nan\"") && text.contains("\"validLoss\" : \"inf\""))
        XCTAssertTrue(text.contains("\"flags\" : [\n      \"bump-before-divergence\",\n      \"from-the-future\"\n    ]"), text)
        XCTAssertTrue(text.contains("\"path\" : \"/data\""), "slashes are not escaped")
        XCTAssertTrue(text.contains("\"settings\" : {\n    \"batchesPerStep\" : 10,\n    \"divergenceFactor\" : null,"), text)
    }

    func testMinimalFileDecodesWithWhatAbsenceMeans() throws {
        let manifest = try RunManifest.decode(from: Data(#"{"format": "lrlab-run", "id": "r"}"#.utf8))
        XCTAssertEqual(manifest, RunManifest(id: "r"))
        XCTAssertEqual(manifest.formatVersion, 1, "a file without formatVersion is version 1")
        XCTAssertEqual(manifest.status, .running, "a file that records no end reads as running")
        XCTAssertFalse(manifest.complete)
        XCTAssertNil(manifest.kind)
        XCTAssertNil(manifest.seed)
        XCTAssertNil(manifest.blasThreads)
        XCTAssertEqual(manifest.summary, RunManifest.Summary())
        XCTAssertEqual(manifest.model, RunManifest.Model())
        XCTAssertEqual(manifest.optimizer, [:])
        XCTAssertEqual(manifest.commandLine, [])
    }

    func testPartialFileKeepsWhatItHas() throws {
        let json = """
        {"format": "lrlab-run", "id": "r", "status": "diverged", "kind": "lr-find",
         "model": {"name": "mlp"}, "summary": {"bestLoss": 0.5},
         "analysis": {"minimumLR": 0.08}, "schedule": {"kind": "exponential-sweep", "iterations": 100}}
        """
        let manifest = try RunManifest.decode(from: Data(json.utf8))
        XCTAssertEqual(manifest.status, .diverged)
        XCTAssertTrue(manifest.complete, "without `complete` the flag follows the status")
        XCTAssertEqual(manifest.kind, .lrFind)
        XCTAssertEqual(manifest.model, RunManifest.Model(name: "mlp"))
        XCTAssertEqual(manifest.summary.bestLoss, 0.5)
        XCTAssertEqual(manifest.summary.iterations, 0)
        XCTAssertEqual(manifest.analysis, RangeTestAnalysis(minimumLR: 0.08))
        XCTAssertEqual(manifest.schedule?["iterations"]?.intValue, 100)
        XCTAssertEqual(manifest.schedule?["kind"]?.stringValue, "exponential-sweep")
    }

    func testUnknownMembersAreKeptInExtraAndWrittenBack() throws {
        let json = """
        {"format": "lrlab-run", "id": "r", "status": "completed", "complete": true,
         "tensorboard": {"logdir": "tb/r", "steps": [1, 2]}, "note": "from a newer recorder"}
        """
        var manifest = try RunManifest.decode(from: Data(json.utf8))
        XCTAssertEqual(manifest.extra, ["tensorboard": ["logdir": "tb/r", "steps": [1, 2]], "note": "from a newer recorder"])
        manifest.extra["status"] = "ignored: the modelled member wins"
        let written = try manifest.jsonText()
        XCTAssertTrue(written.contains("\"note\" : \"from a newer recorder\""), written)
        XCTAssertTrue(written.contains("\"logdir\" : \"tb/r\""), written)
        XCTAssertFalse(written.contains("ignored"), written)
        let again = try RunManifest.decode(from: Data(written.utf8))
        XCTAssertEqual(again.extra["tensorboard"], manifest.extra["tensorboard"])
        XCTAssertEqual(again.status, .completed)
    }

    func testNewerFormatVersionIsRefusedWithWhatToDo() throws {
        var manifest = Self.fullManifest()
        manifest.formatVersion = ArtifactFormat.run.version + 1
        let text = try manifest.jsonText()
        XCTAssertThrowsError(try RunManifest.decode(from: Data(text.utf8))) { error in
            XCTAssertEqual(error as? ArtifactFormatError, .newerVersion(found: ArtifactFormat.run.version + 1, format: .run))
            let message = "\(error)"
            XCTAssertTrue(message.contains("run.json is lrlab-run version 2, written by a newer LRLab"), message)
            XCTAssertTrue(message.contains("reads up to version 1") && message.contains("Update LRLab"), message)
        }
        // The version is checked before the members, so a reshaped newer file gets the same advice.
        let reshaped = #"{"format": "lrlab-run", "formatVersion": 2, "id": 7, "summary": []}"#
        XCTAssertThrowsError(try RunManifest.decode(from: Data(reshaped.utf8))) { error in
            XCTAssertEqual(error as? ArtifactFormatError, .newerVersion(found: 2, format: .run))
        }
    }

    func testOtherFormatsAndUnknownValuesAreRefusedByName() throws {
        XCTAssertThrowsError(try RunManifest.decode(from: Data(#"{"format": "lrlab-group", "id": "g"}"#.utf8))) { error in
            XCTAssertEqual("\(error)", "format is `lrlab-group`, expected `lrlab-run`")
        }
        XCTAssertThrowsError(try RunManifest.decode(from: Data(#"{"format": "lrlab-run", "id": "r", "status": "paused"}"#.utf8))) {
            let message = "\($0)"
            XCTAssertTrue(message.hasPrefix("`status` is `paused`, which this LRLab does not know"), message)
            XCTAssertTrue(message.contains("`completed`") && message.contains("update LRLab"), message)
        }
        XCTAssertThrowsError(try RunManifest.decode(from: Data(#"{"format": "lrlab-run", "formatVersion": 0, "id": "r"}"#.utf8)))
        XCTAssertThrowsError(try RunManifest.decode(from: Data(#"{"format": "lrlab-run"}"#.utf8)), "the id is required") {
            guard case DecodingError.keyNotFound(let key, _)? = $0 as? DecodingError else { return XCTFail("\($0)") }
            XCTAssertEqual(key.stringValue, "id")
        }
    }

    func testSeedsAboveInt64MaxRoundTripExactly() throws {
        for seed in [UInt64(Int64.max) + 1, UInt64.max] {
            var manifest = Self.fullManifest()
            manifest.seed = seed
            let text = try manifest.jsonText()
            XCTAssertTrue(text.contains("\"seed\" : \(seed),"), text)
            XCTAssertEqual(try RunManifest.decode(from: Data(text.utf8)).seed, seed)
        }
    }
}
