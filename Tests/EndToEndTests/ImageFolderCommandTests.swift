import Foundation
import XCTest

/// Bring-your-own images as a newcomer meets them: Fashion-MNIST exported as a folder of PNGs,
/// then a range test on that folder, picked by `--data` from what it holds.
final class ImageFolderCommandTests: XCTestCase {
    func testARangeTestOnAnExportedImageFolderRecordsWhatItRead() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let folder = dir.appendingPathComponent("fashion-png")
        let export = try CommandRunner.run("train", ["data", "export", "--format", "png", "--limit-per-class", "40",
                                                     "--classes", "0,1,7", "--out", folder.path])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
                       ["Sneaker", "T-shirt_top", "Trouser"])

        let runs = dir.appendingPathComponent("runs")
        let find = try CommandRunner.run("train", ["lr-find", "--data", folder.path, "--model", "cnn", "--batch-size", "16",
                                                   "--iterations", "12", "--valid-fraction", "0.25", "--out", runs.path,
                                                   "--quiet"])
        XCTAssertEqual(find.status, 0, find.stderr)
        let run = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: runs.appendingPathComponent(run).appendingPathComponent("run.json"))) as? [String: Any])
        let data = try XCTUnwrap(manifest["data"] as? [String: Any])
        XCTAssertEqual(data["source"] as? String, "image-folder")
        XCTAssertEqual(data["layout"] as? String, "class-folders")
        XCTAssertEqual(data["fileCount"] as? Int, 120)
        XCTAssertEqual(data["trainCount"] as? Int, 90)
        XCTAssertEqual(data["validationCount"] as? Int, 30)
        XCTAssertEqual(data["classes"] as? [String], ["Sneaker", "T-shirt_top", "Trouser"])
        XCTAssertEqual(data["exampleShape"] as? [Int], [1, 28, 28])
        XCTAssertEqual((data["contentHash"] as? String)?.isEmpty, false)
        let normalization = try XCTUnwrap(data["normalization"] as? [String: Double])
        XCTAssertGreaterThan(try XCTUnwrap(normalization["std"]), 0)

        // A damaged file is named, and nothing trains.
        try Data("not a png".utf8).write(to: folder.appendingPathComponent("Trouser/broken.png"))
        let bad = try CommandRunner.run("train", ["lr-find", "--data", folder.path, "--out", runs.path, "--quiet"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("Trouser/broken.png"), bad.stderr)
        let skipped = try CommandRunner.run("train", ["lr-find", "--data", folder.path, "--skip-bad-files", "--iterations", "8",
                                                      "--out", dir.appendingPathComponent("skipped").path, "--quiet"])
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
    }
}
