import Foundation
import LRLabTestSupport
import XCTest

/// A CSV table as a user brings it: `--data table.csv` picks the built-in table source, the mlp
/// sizes itself to the columns, and run.json says what was read.
final class TableCommandTests: XCTestCase {
    /// Two Gaussian blobs in 3 features (the third is noise on another scale), labelled by
    /// name, in a CSV with a quoted header and CRLF lines.
    static func writeBlobs(to url: URL, rows: Int = 400, emptyCellAtRow: Int? = nil) throws {
        var generator = SeededRandom(seed: 11)
        var lines = ["\"x\",\"y\",\"noise, scaled\",kind"]
        for row in 0..<rows {
            let left = row % 2 == 0
            let x = (left ? -2.0 : 2.0) + generator.gaussian()
            let y = (left ? 1.0 : -1.0) + generator.gaussian()
            let noise = 1000 + 300 * generator.gaussian()
            let xText = row == emptyCellAtRow ? "" : String(format: "%.4f", x)
            lines.append("\(xText),\(String(format: "%.4f", y)),\(String(format: "%.2f", noise)),\(left ? "left" : "right")")
        }
        try (lines.joined(separator: "\r\n") + "\r\n").write(to: url, atomically: true, encoding: .utf8)
    }

    private func manifest(in runs: URL) throws -> [String: Any] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        XCTAssertEqual(folders.count, 1, "\(folders)")
        let data = try Data(contentsOf: runs.appendingPathComponent(folders[0]).appendingPathComponent("run.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func metricsRows(in runs: URL) throws -> [[String]] {
        let folder = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let text = try String(contentsOf: runs.appendingPathComponent(folder).appendingPathComponent("metrics.csv"), encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testRangeTestAndFitOnACSVTable() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let table = dir.appendingPathComponent("blobs.csv")
        try Self.writeBlobs(to: table)

        let findRuns = dir.appendingPathComponent("find")
        let find = try CommandRunner.run("train", ["lr-find", "--data", table.path, "--model", "mlp", "--batch-size", "32",
                                                   "--iterations", "40", "--record", "csv", "--out", findRuns.path, "--quiet"])
        XCTAssertEqual(find.status, 0, find.stderr)
        let found = try manifest(in: findRuns)
        XCTAssertEqual(found["status"] as? String, "completed")
        let data = try XCTUnwrap(found["data"] as? [String: Any])
        XCTAssertEqual(data["source"] as? String, "csv")
        XCTAssertEqual(data["name"] as? String, "blobs")
        XCTAssertEqual(data["layout"] as? String, "table")
        XCTAssertEqual(data["classes"] as? [String], ["left", "right"])
        XCTAssertEqual(data["features"] as? [String], ["x", "y", "noise, scaled"])
        XCTAssertEqual(data["labelColumn"] as? String, "kind")
        XCTAssertEqual(data["exampleShape"] as? [Int], [3])
        XCTAssertEqual(data["trainCount"] as? Int, 360)
        XCTAssertEqual(data["validationCount"] as? Int, 40)
        let normalization = try XCTUnwrap(data["normalization"] as? [String: Any])
        XCTAssertEqual(normalization["per"] as? String, "feature")
        let means = try XCTUnwrap(normalization["means"] as? [Double]), stds = try XCTUnwrap(normalization["stds"] as? [Double])
        XCTAssertEqual(means.count, 3)
        XCTAssertEqual(means[2], 1000, accuracy: 60, "the noise column's own mean")
        XCTAssertEqual(stds[2], 300, accuracy: 60, "and its own std")
        XCTAssertEqual(means[0], 0, accuracy: 0.5)
        let model = try XCTUnwrap(found["model"] as? [String: Any])
        XCTAssertEqual(model["name"] as? String, "mlp")
        let points = try metricsRows(in: findRuns)
        XCTAssertGreaterThanOrEqual(points.count - 1, 10, "a range test of at least 10 points")

        let fitRuns = dir.appendingPathComponent("fit")
        let fit = try CommandRunner.run("train", ["fit", "--data", table.path, "--model", "mlp", "--batch-size", "32",
                                                  "--epochs", "3", "--lr", "0.01", "--record", "csv", "--out", fitRuns.path,
                                                  "--quiet"])
        XCTAssertEqual(fit.status, 0, fit.stderr)
        let fitted = try manifest(in: fitRuns)
        XCTAssertEqual(fitted["status"] as? String, "completed")
        let summary = try XCTUnwrap(fitted["summary"] as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(summary["accuracy"] as? Double), 0.9, "two well-separated blobs are learnt")
        let rows = try metricsRows(in: fitRuns)
        XCTAssertEqual(rows.count - 1, 3 * 12, "3 epochs of ceil(360 / 32) = 12 batches")
        let header = rows[0], losses = rows.dropFirst().compactMap { Double($0[header.firstIndex(of: "loss")!]) }
        XCTAssertLessThan(losses.suffix(5).reduce(0, +) / 5, losses.prefix(5).reduce(0, +) / 5, "the loss falls")
    }

    func testEmptyCellsAndImageModelsAreClearErrorsAndFillMissingFills() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let table = dir.appendingPathComponent("holes.csv")
        try Self.writeBlobs(to: table, rows: 120, emptyCellAtRow: 6)
        let runs = dir.appendingPathComponent("runs")

        let refused = try CommandRunner.run("train", ["lr-find", "--data", table.path, "--model", "mlp", "--out", runs.path])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("holes.csv, line 8 (data row 7), column \"x\": the cell is empty"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("(--fill-missing)"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs.path), "nothing ran")

        let cnn = try CommandRunner.run("train", ["lr-find", "--data", table.path, "--model", "cnn", "--fill-missing", "mean",
                                                  "--out", runs.path])
        XCTAssertNotEqual(cnn.status, 0)
        XCTAssertTrue(cnn.stderr.contains("use the mlp model for tables"), cnn.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs.path), "nothing ran")

        let filled = try CommandRunner.run("train", ["lr-find", "--data", table.path, "--model", "mlp", "--fill-missing", "median",
                                                     "--batch-size", "16", "--iterations", "10", "--record", "csv",
                                                     "--out", runs.path, "--quiet"])
        XCTAssertEqual(filled.status, 0, filled.stderr)
        let data = try XCTUnwrap(try manifest(in: runs)["data"] as? [String: Any])
        XCTAssertEqual(data["fillMissing"] as? String, "median")
        XCTAssertEqual(data["filledCells"] as? Int, 1)

        let labelled = try CommandRunner.run("train", ["lr-find", "--data", table.path, "--label-column", "kinds",
                                                       "--out", runs.path])
        XCTAssertNotEqual(labelled.status, 0)
        XCTAssertTrue(labelled.stderr.contains("invalid value 'kinds' for --label-column"), labelled.stderr)
    }
}
