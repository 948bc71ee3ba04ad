import ArtifactSchema
import CurveAnalysis
import Foundation
import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder

/// `SweepCollector` writes a group from the runs on disk exactly as the sweep that ran them.
final class SweepCollectTests: XCTestCase {
    private func sweep(out: String) -> SweepJob {
        var base = TestRuns.job(out: out, iterations: 12)
        base.data = TestRuns.request
        return SweepJob(base: base, batchSizes: [16, 8], seeds: [0, 1], jobs: 2)
    }

    func testRunsReadBackEqualWhatTheRunsComputed() throws {
        let out = try TestRuns.folder(self)
        let result = try SweepRunner.run(sweep(out: out), data: TestRuns.data)
        let members = try XCTUnwrap(result.collection).members
        XCTAssertEqual(members.map(\.id), result.runs.map(\.id))
        for (run, member) in zip(result.runs, members) {
            XCTAssertEqual(member.batchSize, run.batchSize)
            XCTAssertEqual(member.seed, run.seed)
            XCTAssertEqual(member.status, run.status)
            for method in SuggestionMethod.allCases {
                XCTAssertEqual(member.suggestions[method], run.findings.suggestions[method].lr, "\(run.id) \(method)")
            }
            let curve = try XCTUnwrap(member.curve)
            XCTAssertEqual(curve.lrs, run.points.map(\.learningRate), run.id)
            XCTAssertEqual(curve.losses, run.points.map(\.smoothLoss), run.id)
        }
        XCTAssertFalse(members.allSatisfy { $0.suggestions.isEmpty }, "the runs suggest something to fit")
    }

    func testCollectRewritesTheLocalSweepsGroupByteForByte() throws {
        let out = try TestRuns.folder(self)
        let result = try SweepRunner.run(sweep(out: out), data: TestRuns.data)
        let files = ["group.json", "overlay.svg", "lr-vs-batch-size.svg"]
        let written = try files.map { try TestRuns.text(result.groupDirectory + "/" + $0) }
        for file in files { try FileManager.default.removeItem(atPath: result.groupDirectory + "/" + file) }
        let collection = try SweepCollector.collect(groupFolder: result.groupDirectory)
        XCTAssertEqual(try files.map { try TestRuns.text(result.groupDirectory + "/" + $0) }, written)
        XCTAssertEqual(collection.scaling, result.scaling)
        XCTAssertTrue(collection.incomplete.isEmpty)
    }

    func testCollectLeavesOutAndListsRunsNotCompleted() throws {
        let out = try TestRuns.folder(self)
        let result = try SweepRunner.run(sweep(out: out), data: TestRuns.data)
        try FileManager.default.removeItem(atPath: result.runs[0].directory)
        let path = result.runs[3].directory + "/run.json"
        var manifest = try RunManifest.decode(from: try Data(contentsOf: URL(fileURLWithPath: path)))
        manifest.status = .running
        manifest.complete = false
        try manifest.jsonText().write(toFile: path, atomically: true, encoding: .utf8)

        let collection = try SweepCollector.collect(groupFolder: result.groupDirectory)
        XCTAssertEqual(collection.incomplete.map(\.run.position), [0, 3])
        XCTAssertEqual(collection.incomplete.map(\.state.summary), ["missing (not started)", "running (or stopped without a trace)"])
        let group = try GroupManifest.decode(from: try Data(contentsOf: URL(fileURLWithPath: result.groupDirectory + "/group.json")))
        XCTAssertEqual(group.runs, [result.runs[1].id, result.runs[2].id])
        XCTAssertEqual(group.batchSizes, [16, 8])
        // The fit uses exactly the runs listed.
        let fit = try XCTUnwrap(collection.scaling[.valley]?.fit)
        XCTAssertEqual(fit.points.map(\.batchSize).sorted(), [8, 16])
    }

    func testSyntheticSweepOfManyRunsRecoversThePlantedExponent() throws {
        let out = try TestRuns.folder(self)
        let plan = try SyntheticSweep.write(out: out, batchSizes: [8, 16, 32, 64, 128, 256], seeds: [0, 1, 2, 3, 4],
                                            points: 100, exponent: 0.5)
        XCTAssertEqual(plan.runs.count, 30)
        let collection = try SweepCollector.collect(groupFolder: plan.groupFolder)
        XCTAssertEqual(collection.members.count, 30)
        XCTAssertTrue(collection.members.allSatisfy { $0.curve?.count ?? 0 > 50 })
        for method in [SuggestionMethod.valley, .steep] {
            let slope = try XCTUnwrap(collection.scaling[method]?.fit?.slope, "\(method)")
            XCTAssertEqual(slope, 0.5, accuracy: 0.1, "\(method)")
        }
        // The synthetic runs read as the recorders' own files do.
        let first = try RunManifest.decode(from: try Data(contentsOf: URL(fileURLWithPath: plan.folder(of: plan.runs[0]) + "/run.json")))
        XCTAssertEqual(first.status, .completed)
        XCTAssertEqual(first.group, plan.groupID)
        XCTAssertNoThrow(try CurveCSVReader.read(path: plan.folder(of: plan.runs[0]) + "/metrics.csv"))
    }
}
