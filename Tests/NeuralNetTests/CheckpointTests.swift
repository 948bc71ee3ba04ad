import Foundation
import XCTest
@testable import NeuralNet
import TensorCore

final class CheckpointTests: XCTestCase {
    private var folder: URL!
    private let hint = "`Checkpoint.save`"

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A trained model with its SGD optimizer saved to `name`; returns the file path.
    private func savedCheckpoint(_ name: String = "model.ckpt") throws -> (path: String, model: Sequential, sgd: SGD) {
        let model = makeOptimTestModel()
        let sgd = SGD(model: model, learningRate: 0.05, momentum: 0.9, weightDecay: 0.01)
        runOptimTestSteps(sgd, model: model, from: 0, count: 3)
        let path = folder.appendingPathComponent(name).path
        try Checkpoint.save(model: model, optimizer: sgd, randomGenerator: RandomGenerator(seed: 42),
                            metadata: ["model": "test-affine", "classes": "0,1,2", "groups": "body,head"], to: path)
        return (path, model, sgd)
    }

    /// Asserts that loading and restoring `path` into a fresh test model fails with a message
    /// naming the file and containing `fragments`.
    private func assertFails(_ path: String, mentioning fragments: [String], hint: Bool = true,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Checkpoint.load(from: path).restore(into: makeOptimTestModel()),
                             file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(error is CheckpointError, "\(type(of: error))", file: file, line: line)
            for fragment in [path] + fragments + (hint ? [self.hint] : []) {
                XCTAssertTrue(message.contains(fragment), "`\(fragment)` missing from: \(message)", file: file, line: line)
            }
        }
    }

    func testCRC32MatchesTheStandardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)[...]), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([][...]), 0)
    }

    func testRoundTripRestoresModelOptimizerAndMetadataBitForBit() throws {
        let (path, model, sgd) = try savedCheckpoint()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(Array(bytes.prefix(8)), Array("LRLABCKP".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["model.ckpt"],
                       "no temporary file is left behind")

        let checkpoint = try Checkpoint.load(from: path)
        XCTAssertEqual(checkpoint.metadata["model"], "test-affine")
        XCTAssertEqual(checkpoint.metadata["classes"], "0,1,2")
        XCTAssertEqual(try checkpoint.randomGenerator, RandomGenerator(seed: 42))
        XCTAssertEqual(checkpoint.groupNames, ["body", "head"])
        XCTAssertEqual(checkpoint.tensors.map(\.name), model.namedTensors.map(\.name))

        let restored = makeOptimTestModel(seed: 77)
        let restoredSGD = SGD(model: restored, learningRate: 1)
        try checkpoint.restore(into: restored, optimizer: restoredSGD)
        XCTAssertEqual(optimTestBits(restored), optimTestBits(model))
        XCTAssertEqual(restoredSGD.saveState(), sgd.saveState())

        // Both continue identically, and saving the same state again gives the same bytes.
        runOptimTestSteps(sgd, model: model, from: 3, count: 2)
        runOptimTestSteps(restoredSGD, model: restored, from: 3, count: 2)
        XCTAssertEqual(optimTestBits(restored), optimTestBits(model))
        let again = folder.appendingPathComponent("again.ckpt").path
        try Checkpoint.save(model: restored, optimizer: restoredSGD, randomGenerator: RandomGenerator(seed: 42),
                            metadata: ["model": "test-affine", "classes": "0,1,2", "groups": "body,head"], to: again)
        let third = folder.appendingPathComponent("third.ckpt").path
        try Checkpoint.save(model: model, optimizer: sgd, randomGenerator: RandomGenerator(seed: 42),
                            metadata: ["groups": "body,head", "classes": "0,1,2", "model": "test-affine"], to: third)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: again)), try Data(contentsOf: URL(fileURLWithPath: third)))
    }

    func testAdamStateAndModelWithoutOptimizerRoundTrip() throws {
        let model = makeOptimTestModel()
        let adam = Adam(model: model, weightDecay: 0.01, decoupledWeightDecay: true)
        runOptimTestSteps(adam, model: model, from: 0, count: 2)
        let path = folder.appendingPathComponent("adam.ckpt").path
        try Checkpoint.save(model: model, optimizer: adam, to: path)
        let restoredAdam = Adam(model: makeOptimTestModel(), decoupledWeightDecay: true)
        try Checkpoint.load(from: path).restore(into: makeOptimTestModel(seed: 3), optimizer: restoredAdam)
        XCTAssertEqual(restoredAdam.saveState(), adam.saveState())
        XCTAssertNil(try Checkpoint.load(from: path).randomGenerator)

        XCTAssertThrowsError(try Checkpoint.load(from: path).restore(into: makeOptimTestModel(),
                                                                     optimizer: SGD(model: model, learningRate: 1))) {
            let message = "\($0)"
            XCTAssertTrue(message.contains(path) && message.contains("`adamw`") && message.contains("`sgd`"), message)
        }
        let modelOnly = folder.appendingPathComponent("weights.ckpt").path
        try Checkpoint.save(model: model, to: modelOnly)
        XCTAssertNil(try Checkpoint.load(from: modelOnly).optimizerState)
        XCTAssertThrowsError(try Checkpoint.load(from: modelOnly).restore(into: model, optimizer: adam)) {
            XCTAssertTrue("\($0)".contains("holds no optimizer state"), "\($0)")
        }
    }

    func testWrongMagicAndVersion() throws {
        let path = folder.appendingPathComponent("notes.txt").path
        try Data("hello, this is not a checkpoint at all".utf8).write(to: URL(fileURLWithPath: path))
        assertFails(path, mentioning: ["not an LRLab checkpoint"])

        let (saved, _, _) = try savedCheckpoint()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: saved)))
        bytes[8] = 9
        try Data(bytes).write(to: URL(fileURLWithPath: saved))
        assertFails(saved, mentioning: ["format version 9", "reads version 1"])
    }

    func testTruncatedFilesSayHowManyBytesAreMissing() throws {
        let (path, _, _) = try savedCheckpoint()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for length in [12, 23, 24, 100, bytes.count / 2, bytes.count - 1] {
            let cut = folder.appendingPathComponent("cut-\(length).ckpt").path
            try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: cut))
            let expected = length < 24 ? 24 : bytes.count
            assertFails(cut, mentioning: ["truncated", "expected \(expected) bytes, found \(length)"])
        }
    }

    func testFlippedBytesAreReportedAsCorrupt() throws {
        let (path, _, _) = try savedCheckpoint()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for position in [24, 60, bytes.count / 2, bytes.count - 1] {
            var flipped = bytes
            flipped[position] ^= 0x10
            let bad = folder.appendingPathComponent("flip-\(position).ckpt").path
            try Data(flipped).write(to: URL(fileURLWithPath: bad))
            assertFails(bad, mentioning: ["is corrupt", "CRC-32"])
        }
        let longer = folder.appendingPathComponent("longer.ckpt").path
        try Data(bytes + [0]).write(to: URL(fileURLWithPath: longer))
        assertFails(longer, mentioning: ["is corrupt", "1 unexpected bytes"])
    }

    func testWellChecksummedButMalformedPayloadIsReportedNotTrusted() throws {
        // No metadata, then a tensor list claiming a million entries in a 9-byte payload.
        let payload: [UInt8] = [0, 0, 0, 0, 0x40, 0x42, 0x0F, 0x00, 0]
        var file = Array("LRLABCKP".utf8) + [1, 0, 0, 0] + [9, 0, 0, 0, 0, 0, 0, 0]
        withUnsafeBytes(of: CRC32.checksum(payload[...]).littleEndian) { file += $0 }
        let path = folder.appendingPathComponent("crafted.ckpt").path
        try Data(file + payload).write(to: URL(fileURLWithPath: path))
        assertFails(path, mentioning: ["is corrupt", "the tensor list claims 1000000 entries"])
    }

    /// Found by the checkpoint fuzz target (Fuzz/Corpus/checkpoint/regression-huge-dimension-after-zero):
    /// a zero dimension keeps the product of the shape at 0, and a dimension past `Int.max` after it
    /// trapped in the conversion to `Int`.
    func testDimensionPastIntMaxAfterAZeroIsReportedNotATrap() throws {
        var payload: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, UInt8(ascii: "w"), 2, 0, 0, 0]
        payload += [0, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8) + [0]
        var file = Array("LRLABCKP".utf8) + [1, 0, 0, 0]
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { file += $0 }
        withUnsafeBytes(of: CRC32.checksum(payload[...]).littleEndian) { file += $0 }
        let path = folder.appendingPathComponent("huge-dimension.ckpt").path
        try Data(file + payload).write(to: URL(fileURLWithPath: path))
        assertFails(path, mentioning: ["is corrupt", "has a dimension of 18446744073709551615"])
    }

    func testMissingFile() {
        let path = folder.appendingPathComponent("absent.ckpt").path
        assertFails(path, mentioning: ["cannot read", "no such file"], hint: false)
    }

    func testModelMismatchNamesTensorsAndShapes() throws {
        let (path, _, _) = try savedCheckpoint()
        let checkpoint = try Checkpoint.load(from: path)
        let wideHead = makeOptimTestModel(headOutputs: 4)
        let before = optimTestBits(wideHead)
        XCTAssertThrowsError(try checkpoint.restore(into: wideHead)) { error in
            let message = "\(error)"
            for fragment in [path, "`head.0.weight`", "[3, 6]", "[4, 6]", "onlyGroups"] {
                XCTAssertTrue(message.contains(fragment), "`\(fragment)` missing from: \(message)")
            }
        }
        XCTAssertEqual(optimTestBits(wideHead), before, "a failed restore changes nothing")

        var rng = RandomGenerator(seed: 5)
        let shallow = Sequential(groups: [LayerGroup(name: "body", layers: [Linear(4, 5, rng: &rng)]),
                                          LayerGroup(name: "head", layers: [Linear(6, 3, rng: &rng)]),
                                          LayerGroup(name: "extra", layers: [Linear(3, 3, rng: &rng)])])
        XCTAssertThrowsError(try checkpoint.restore(into: shallow)) { error in
            let message = "\(error)"
            for fragment in [path, "unknown tensors `body.1.weight`", "missing tensors `extra.0.weight`"] {
                XCTAssertTrue(message.contains(fragment), "`\(fragment)` missing from: \(message)")
            }
        }
    }

    func testRestoringOnlyTheBodyUnderANewHead() throws {
        let (path, model, _) = try savedCheckpoint()
        let fineTuned = makeOptimTestModel(seed: 8, headOutputs: 4)
        let headBefore = fineTuned.groups[1].parameters.map(\.value)
        try Checkpoint.load(from: path).restore(into: fineTuned, onlyGroups: ["body"])
        let bits = optimTestBits(fineTuned), saved = optimTestBits(model)
        for name in bits.keys where name.hasPrefix("body.") { XCTAssertEqual(bits[name], saved[name], name) }
        XCTAssertEqual(fineTuned.groups[1].parameters.map(\.value), headBefore)

        XCTAssertThrowsError(try Checkpoint.load(from: path).restore(into: fineTuned, onlyGroups: ["neck"])) {
            let message = "\($0)"
            XCTAssertTrue(message.contains("`neck`") && message.contains("`body`, `head`") && message.contains(path),
                          message)
        }
    }
}
