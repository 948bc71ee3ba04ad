import Foundation
import XCTest

/// Settings that do not fit the data stop `train` before any training, with a message that
/// names the flag and the numbers, a non-zero exit status and no run folder.
final class SemanticErrorCommandTests: XCTestCase {
    /// Runs `train` and checks that it failed with every fragment in stderr and left no run.
    private func assertRefused(_ arguments: [String], out: URL, mentions fragments: [String],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try CommandRunner.run("train", arguments + ["--out", out.path, "--quiet"])
        XCTAssertNotEqual(result.status, 0, "train \(arguments.joined(separator: " ")) should fail", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "stderr lacks \"\(fragment)\":\n\(result.stderr)", file: file, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "a refused run makes no run folder", file: file, line: line)
    }

    func testBatchSizeAboveTheTrainingSet() throws {
        let out = try CommandRunner.temporaryDirectory(self).appendingPathComponent("runs")
        let synthetic = ["--data-source", "synthetic", "--synthetic-count", "200"]
        try assertRefused(["lr-find"] + synthetic + ["--batch-size", "100000"], out: out,
                          mentions: ["'100000' for --batch-size", "only 180 training examples", "at most 180"])
        try assertRefused(["lr-find"] + synthetic + ["--train-limit", "10", "--batch-size", "64"], out: out,
                          mentions: ["'64' for --batch-size", "only 10 training examples after --train-limit 10"])
        try assertRefused(["fit"] + synthetic + ["--classes", "0,1", "--batch-size", "64"], out: out,
                          mentions: ["'64' for --batch-size", "after --classes 0,1"])
        try assertRefused(["lr-find"] + synthetic + ["--batch-sizes", "8,500", "--seeds", "0"], out: out,
                          mentions: ["'500' for --batch-sizes", "only 180 training examples"])
    }

    func testClassWithoutExamplesEmptyValidationAndNonFiniteCells() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let out = dir.appendingPathComponent("runs")
        try assertRefused(["fit", "--data-source", "synthetic", "--train-limit", "2", "--classes", "0,1,2", "--batch-size", "1"],
                          out: out, mentions: ["has no example among the 2 training examples (after --train-limit 2 and --classes 0,1,2)"])
        try assertRefused(["lr-find", "--data-source", "synthetic", "--synthetic-count", "10", "--valid-fraction", "0.01",
                           "--batch-size", "4"], out: out,
                          mentions: ["'0.01' for --valid-fraction", "holds out no example of the 10"])
        let table = dir.appendingPathComponent("inf.csv")
        try "a,b,label\n1,2,x\n3,inf,y\n".write(to: table, atomically: true, encoding: .utf8)
        try assertRefused(["lr-find", "--data", table.path], out: out,
                          mentions: ["inf.csv, line 3 (data row 2), column \"b\": 'inf' is not a finite number"])
    }

    func testLabelsOutOfRangeInIDXFiles() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let count = 20
        var images: [UInt8] = [0, 0, 8, 3] + [count, 28, 28].flatMap { Self.bigEndian($0) }
        images += (0..<(count * 784)).map { UInt8($0 % 251) }
        var labels: [UInt8] = [0, 0, 8, 1] + Self.bigEndian(count)
        labels += (0..<count).map { UInt8($0 == 13 ? 12 : $0 % 10) }
        try Data(images).write(to: dir.appendingPathComponent("train-images-idx3-ubyte"))
        try Data(labels).write(to: dir.appendingPathComponent("train-labels-idx1-ubyte"))
        try assertRefused(["lr-find", "--data", dir.path, "--batch-size", "4"], out: dir.appendingPathComponent("runs"),
                          mentions: ["train-labels-idx1-ubyte", "label 12 of example 13 is outside 0..<10"])
    }

    func testResumingASweepOnChangedDataListsWhatDiffers() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let table = dir.appendingPathComponent("blobs.csv")
        try TableCommandTests.writeBlobs(to: table, rows: 200)
        let out = dir.appendingPathComponent("runs")
        let sweep = try CommandRunner.run("train", ["lr-find", "--data", table.path, "--batch-sizes", "8,16", "--seeds", "0",
                                                    "--iterations", "8", "--record", "csv", "--jobs", "1", "--out", out.path,
                                                    "--quiet"])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let group = try XCTUnwrap(before.first { $0.hasPrefix("sweep-") })

        // The same data resumes (nothing to run); a changed table is refused, naming what changed.
        let again = try CommandRunner.run("train", ["sweep", "run", out.appendingPathComponent(group).path, "--quiet"])
        XCTAssertEqual(again.status, 0, again.stderr)
        try TableCommandTests.writeBlobs(to: table, rows: 100)
        let changed = try CommandRunner.run("train", ["sweep", "run", out.appendingPathComponent(group).path, "--quiet"])
        XCTAssertNotEqual(changed.status, 0)
        XCTAssertTrue(changed.stderr.contains("sweep.json: the plan was made on other data"), changed.stderr)
        XCTAssertTrue(changed.stderr.contains("trainCount: 180 in the plan, 90 now"), changed.stderr)
        XCTAssertTrue(changed.stderr.contains("contentHash: "), changed.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted(), before, "no new run folder")
    }

    private static func bigEndian(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
