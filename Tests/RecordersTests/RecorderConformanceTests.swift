import ArtifactSchema
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LRLabTestSupport
import Training
import XCTest
@testable import Recorders

/// Every built-in recorder through success, a cancellation at each level and a failure, with
/// its files finished and their content matching what reached the recorder.
final class RecorderConformanceTests: XCTestCase {
    private static func directory(_ folder: String) -> RunDirectory {
        RunDirectory(existing: folder, id: "conformance")
    }

    /// The CSV rows of `text` (header first), each split into cells; every row as wide as the header.
    private static func table(_ text: String, file: String) throws -> [[String]] {
        guard text.hasSuffix("\n") else { throw ConformanceProblem("\(file) does not end with a newline") }
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let width = rows.first?.count else { throw ConformanceProblem("\(file) is empty") }
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw ConformanceProblem("row \(bad) has \(rows[bad].count) cells, the header \(width)")
        }
        return rows
    }

    func testCSVRecorderConforms() {
        var conformance = CallbackConformance(files: ["metrics.csv", "epochs.csv"]) { folder in
            CSVRecorder(directory: Self.directory(folder))
        }
        conformance.checkFile = { name, text, run in
            let rows = try Self.table(text, file: name)
            if name == "metrics.csv" {
                guard rows[0] == ["iteration", "epoch", "lr", "momentum", "loss", "smooth_loss", "lr_body", "lr_head"] else {
                    throw ConformanceProblem("header \(rows[0])")
                }
                // One row per training loss that reached the recorder, in order, none twice.
                let expected = run.trainingLossIterations.map(String.init)
                guard rows.dropFirst().map({ $0[0] }) == expected else {
                    throw ConformanceProblem("rows for iterations \(rows.dropFirst().map { $0[0] }), losses seen at \(expected)")
                }
                // The recorder does not run during validation: no validation batch event reached it.
                if let batch = run.seen.first(where: { !$0.isTraining && $0.event.isBatchEvent }) {
                    throw ConformanceProblem("\(batch.event.rawValue) of a validation batch reached it")
                }
            } else {
                let epochs = run.events.filter { $0 == .afterEpoch }.count
                guard rows[0].joined(separator: ",") == CSVRecorder.epochsHeader, rows.count - 1 == epochs else {
                    throw ConformanceProblem("\(rows.count - 1) epoch rows for \(epochs) after_epoch events")
                }
            }
        }
        XCTAssertEqual(conformance.problems(), [])
    }

    func testJSONEventRecorderConforms() {
        var conformance = CallbackConformance(files: ["events.jsonl"]) { folder in
            JSONEventRecorder(directory: Self.directory(folder))
        }
        conformance.checkFile = { _, text, run in
            let names = try text.split(separator: "\n").map { line -> String in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                guard let name = object?["event"] as? String, object?["iteration"] is Int else {
                    throw ConformanceProblem("not an event object: \(line)")
                }
                return name
            }
            guard names == run.events.map(\.rawValue) else {
                throw ConformanceProblem("the lines name \(names.count) events, \(run.events.count) reached the recorder")
            }
        }
        XCTAssertEqual(conformance.problems(), [])
    }

    func testSVGPlotRecorderConforms() {
        for style in [SVGPlotRecorder.Style.lossAgainstIteration, .lossAgainstLR] {
            var conformance = CallbackConformance(files: ["plot.svg"]) { folder in
                SVGPlotRecorder(directory: Self.directory(folder), style: style)
            }
            conformance.checkFile = { _, text, run in
                let parser = XMLParser(data: Data(text.utf8))
                let root = RootElement()
                parser.delegate = root
                guard parser.parse(), root.errors == 0, root.name == "svg" else {
                    throw ConformanceProblem("not a well-formed SVG document (root \(root.name ?? "none"))")
                }
                let plot = try XCTUnwrap(run.callback as? SVGPlotRecorder)
                guard text == (try plot.chart().renderSVG()) else {
                    throw ConformanceProblem("the file is not the chart of every point collected")
                }
            }
            XCTAssertEqual(conformance.problems(), [], "\(style)")
        }
    }

    func testManifestRecorderConformsAndRecordsHowTheFitEnded() {
        var conformance = CallbackConformance(files: ["run.json"]) { folder in
            ManifestRecorder(directory: Self.directory(folder),
                             info: RunInfo(kind: .fit, model: "blobs-mlp", batchSize: 8, seed: 3))
        }
        conformance.checkFile = { _, text, run in
            let manifest = try RunManifest.decode(from: Data(text.utf8))
            let expected = Self.expectedStatus(run.scenario)
            guard manifest.status == expected, manifest.complete == expected.isComplete, manifest.endedAt != nil else {
                throw ConformanceProblem("status \(manifest.status) (complete \(manifest.complete)), expected \(expected)")
            }
            switch run.scenario {
            case .failure where manifest.error != PlantedFailure().description,
                 .cancellation(Cancellation.fit(.failed, reason: "conformance check: failed")) where manifest.error != "conformance check: failed":
                throw ConformanceProblem("error \(manifest.error ?? "none")")
            default:
                if expected != .failed, let error = manifest.error { throw ConformanceProblem("error \(error) on a run that did not fail") }
            }
            let batches = (run.trainingLossIterations.last ?? -1) + 1
            guard manifest.summary.iterations == batches else {
                throw ConformanceProblem("summary.iterations \(manifest.summary.iterations), the last loss seen was batch \(batches)")
            }
        }
        XCTAssertEqual(conformance.problems(in: CallbackScenario.standard + CallbackScenario.fitOutcomes), [])
    }

    /// The status a run gets, written out rather than computed by the code under test.
    private static func expectedStatus(_ scenario: CallbackScenario) -> RunStatus {
        switch scenario {
        case .success: return .completed
        case .failure: return .failed
        case .cancellation(let c) where c.level != .fit: return .completed
        case .cancellation(let c):
            let table: [Cancellation.Outcome: RunStatus] = [
                .stopped: .completed, .diverged: .diverged, .interrupted: .interrupted, .failed: .failed,
                .cancelled: .cancelled,
            ]
            return table[c.outcome]!
        }
    }

    /// The checker itself finds what it is there to find.
    func testTheCheckerReportsUnfinishedFilesAndSwallowedEnds() {
        /// Leaves a temporary file, never writes its declared file, and throws in afterFit.
        final class Sloppy: Callback {
            let folder: String
            init(folder: String) { self.folder = folder }
            func beforeFit(_ learner: Learner) throws {
                XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/.out.txt.tmp-1", contents: Data("x".utf8)))
            }
            func afterFit(_ learner: Learner) throws { throw ConformanceProblem("could not finish out.txt") }
        }
        let problems = CallbackConformance(files: ["out.txt"]) { Sloppy(folder: $0) }.problems(in: [.success, .failure])
        XCTAssertEqual(problems.count, 4 * 3, problems.joined(separator: "\n"))
        XCTAssertTrue(problems.contains { $0.contains("out.txt does not exist") })
        XCTAssertTrue(problems.contains { $0.contains("a temporary file was left behind: .out.txt.tmp-1") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("success") && $0.contains("the fit threw: could not finish") })
        XCTAssertTrue(problems.contains { $0.hasPrefix("failure") && $0.contains("after the planted failure the callback threw") })
    }
}

/// The root element's name and the parse errors of an XML document.
private final class RootElement: NSObject, XMLParserDelegate {
    var name: String?
    var errors = 0
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if self.name == nil { self.name = name }
    }
    func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { errors += 1 }
}
