import ArtifactSchema
import Foundation
import XCTest
@testable import Experiments

/// `RunComparison` as `scripts/reproduce-content --check` uses it: two runs made from the same
/// settings agree, and each kind of change is reported where it is.
final class RunComparisonTests: XCTestCase {
    /// The same range test written into two folders: one run folder each.
    private func twoCopies() throws -> (expected: String, actual: String, id: String) {
        let expected = try TestRuns.folder(self), actual = try TestRuns.folder(self)
        let a = try RangeTestRunner.run(TestRuns.job(out: expected), data: TestRuns.data)
        let b = try RangeTestRunner.run(TestRuns.job(out: actual), data: TestRuns.data)
        XCTAssertEqual(a.id, b.id)
        return (expected, actual, a.id)
    }

    private func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = change(text)
        XCTAssertNotEqual(changed, text, "the edit changes \(path)")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testTheSameSettingsGiveIdenticalRunsApartFromTimesAndMachine() throws {
        let (expected, actual, id) = try twoCopies()
        // What differs between machines and moments is not compared.
        try edit(actual + "/\(id)/run.json") {
            $0.replacingOccurrences(of: "\"startedAt\" : \"", with: "\"startedAt\" : \"1999")
                .replacingOccurrences(of: "\"seconds\" : ", with: "\"seconds\" : 1234")
                .replacingOccurrences(of: "\"blasKernel\" : \"", with: "\"blasKernel\" : \"Other")
        }
        let report = try RunComparison().compare(expected: expected, actual: actual)
        XCTAssertTrue(report.isIdentical, report.description)
        XCTAssertEqual(report.comparedFolders, [id])
        XCTAssertEqual(report.comparedFiles, 3)
    }

    func testAChangedLossIsReportedAtItsBatchWithTheCountOfDifferingRows() throws {
        let (expected, actual, id) = try twoCopies()
        let path = actual + "/\(id)/metrics.csv"
        var rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let loss = try XCTUnwrap(rows[0].firstIndex(of: "loss"))
        let original = rows[4][loss]
        rows[4][loss] = "9.5"
        rows[7][loss] = "8.5"
        try (rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let report = try RunComparison().compare(expected: expected, actual: actual)
        XCTAssertEqual(report.differences.count, 1, report.description)
        let difference = try XCTUnwrap(report.differences.first)
        XCTAssertEqual(difference.run, id)
        XCTAssertEqual(difference.file, "metrics.csv")
        XCTAssertEqual(difference.field, "loss")
        XCTAssertEqual(difference.expected, original)
        XCTAssertEqual(difference.got, "9.5")
        XCTAssertEqual(difference.detail, "first at iteration 3, line 5; 2 of \(rows.count - 1) rows differ")
        XCTAssertTrue(report.description.contains("1 of 1 folders differ"), report.description)
    }

    func testManifestValuesCommandLinesAndMissingFilesAreCompared() throws {
        let (expected, actual, id) = try twoCopies()
        let manifest = actual + "/\(id)/run.json"
        let before = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: manifest)))
        var changed = before
        let steep = try XCTUnwrap(before.suggestions?["steep"]?.lr)
        changed.suggestions?["steep"]?.lr = steep * 2
        changed.commandLine = ["train", "lr-find", "--out", "/elsewhere", "--seed", "1"]
        try changed.jsonText().write(toFile: manifest, atomically: true, encoding: .utf8)
        var original = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: expected + "/\(id)/run.json")))
        original.commandLine = ["train", "lr-find", "--out", "runs", "--seed", "0"]
        try original.jsonText().write(toFile: expected + "/\(id)/run.json", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: actual + "/\(id)/plot.svg")
        try FileManager.default.createDirectory(atPath: expected + "/lrfind-mlp-bs8-s0-000000", withIntermediateDirectories: true)

        let report = try RunComparison().compare(expected: expected, actual: actual)
        let found = Set(report.differences.map { "\($0.run) \($0.file) \($0.field): \($0.expected) -> \($0.got)" })
        XCTAssertEqual(found, [
            "\(id) run.json suggestions.steep.lr: \(JSONValue.number(steep).canonicalText) -> \(JSONValue.number(steep * 2).canonicalText)",
            "\(id) run.json commandLine[5]: \"0\" -> \"1\"",  // --out's value is masked, --seed's is not
            "\(id) plot.svg (file): present -> missing",
            "lrfind-mlp-bs8-s0-000000  (folder): present -> missing",
        ], report.description)
        // An extra member to ignore, and a selection of folders.
        var narrow = RunComparison(folders: [id])
        narrow.ignoredMembers.formUnion(["commandLine", "suggestions"])
        XCTAssertEqual(try narrow.compare(expected: expected, actual: actual).differences.map(\.field), ["(file)"])
        XCTAssertThrowsError(try RunComparison(folders: ["no-such-run"]).compare(expected: expected, actual: actual)) {
            XCTAssertTrue("\($0)".contains("no-such-run"), "\($0)")
        }
        XCTAssertThrowsError(try RunComparison().compare(expected: expected + "/missing", actual: actual)) {
            XCTAssertTrue("\($0)".contains("missing: not a folder of run folders"), "\($0)")
        }
    }

    func testOutputFoldersAreMaskedInNestedCommandLinesToo() {
        let comparison = RunComparison()
        let plan: JSONValue = ["sweep": ["base": ["commandLine": ["train", "lr-find", "--out", "/tmp/a", "--out=/tmp/b", "--seed", "3"]]]]
        XCTAssertEqual(comparison.maskingLocations(plan),
                       ["sweep": ["base": ["commandLine": ["train", "lr-find", "--out", "<out>", "--out=<out>", "--seed", "3"]]]])
    }

    func testChartsAreComparedByteForByte() throws {
        let (expected, actual, id) = try twoCopies()
        try edit(actual + "/\(id)/plot.svg") { $0.replacingOccurrences(of: "<svg", with: "<svg data-x=\"1\"") }
        let report = try RunComparison().compare(expected: expected, actual: actual)
        XCTAssertEqual(report.differences.map(\.field), [RunDifference.wholeFile], report.description)
        XCTAssertEqual(report.differences.first?.file, "plot.svg")
    }
}
