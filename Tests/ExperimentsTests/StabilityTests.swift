import ArtifactSchema
import CurveAnalysis
import Foundation
import NeuralNet
import TensorCore
import XCTest
@testable import Experiments

/// `--stability K`: re-runs from initial weights nudged by one ulp, and the spread in run.json.
final class StabilityTests: XCTestCase {
    private func stabilityJob(out: String, reruns: Int, ulps: Int) -> RangeTestJob {
        var job = TestRuns.job(out: out, iterations: 40)
        job.stability = StabilitySettings(reruns: reruns, ulps: ulps)
        return job
    }

    private func manifest(_ run: RangeTestRun) throws -> RunManifest {
        try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
    }

    func testNoPerturbationGivesNoSpread() throws {
        let out = try TestRuns.folder(self)
        let run = try RangeTestRunner.run(stabilityJob(out: out, reruns: 2, ulps: 0), data: TestRuns.data)
        let stability = try XCTUnwrap(try manifest(run).stability)
        XCTAssertEqual(stability.reruns, 2)
        XCTAssertEqual(stability.ulps, 0)
        XCTAssertEqual(Set(stability.suggestions.keys), Set(SuggestionMethod.allCases.map(\.rawValue)))
        for method in SuggestionMethod.allCases {
            let spread = try XCTUnwrap(stability.suggestions[method.rawValue])
            // The re-runs start exactly where the run did: every value is the run's own.
            XCTAssertEqual(spread.baseline, run.findings.suggestions[method].lr, method.rawValue)
            XCTAssertEqual(spread.values, [spread.baseline, spread.baseline], method.rawValue)
            if spread.baseline != nil { XCTAssertEqual(spread.ratio, 1, method.rawValue) }
        }
        XCTAssertEqual(stability.flags, [])
        let minimumLoss = try XCTUnwrap(stability.minimumLoss)
        XCTAssertEqual(minimumLoss.values, [minimumLoss.baseline, minimumLoss.baseline])
        XCTAssertEqual(minimumLoss.ratio, 1)
    }

    func testOneUlpMovesEveryWeightByOneRepresentableStepInASeededPattern() throws {
        let model = try Registries.builtIn.makeModel("mlp", configuration: nil, for: TestRuns.data, seed: 0)
        let before = model.parameters.flatMap(\.value.storage)
        WeightPerturbation.pattern(rerun: 1, runSeed: 0, ulps: 1).apply(to: model)
        let first = model.parameters.flatMap(\.value.storage)
        var ups = 0
        for (a, b) in zip(before, first) {
            XCTAssertTrue(b == a.nextUp || b == a.nextDown, "\(a) -> \(b)")
            if b == a.nextUp { ups += 1 }
        }
        // Up and down about equally often.
        XCTAssertEqual(Double(ups) / Double(before.count), 0.5, accuracy: 0.05)
        // Another re-run moves the weights by another pattern; the same re-run by the same one.
        let other = try Registries.builtIn.makeModel("mlp", configuration: nil, for: TestRuns.data, seed: 0)
        WeightPerturbation.pattern(rerun: 2, runSeed: 0, ulps: 1).apply(to: other)
        XCTAssertNotEqual(other.parameters.flatMap(\.value.storage), first)
        let again = try Registries.builtIn.makeModel("mlp", configuration: nil, for: TestRuns.data, seed: 0)
        WeightPerturbation.pattern(rerun: 1, runSeed: 0, ulps: 1).apply(to: again)
        XCTAssertEqual(again.parameters.flatMap(\.value.storage), first)
    }

    /// 64 ulps (a relative change of about 4e-6): on this small mlp one ulp mostly vanishes in
    /// the rounding of the first layer's sums.
    func testSpreadOfAFewUlpsIsRecordedAndIsDeterministic() throws {
        let a = try RangeTestRunner.run(stabilityJob(out: try TestRuns.folder(self), reruns: 3, ulps: 64), data: TestRuns.data)
        let b = try RangeTestRunner.run(stabilityJob(out: try TestRuns.folder(self), reruns: 3, ulps: 64), data: TestRuns.data)
        let stability = try XCTUnwrap(try manifest(a).stability)
        XCTAssertEqual(try manifest(b).stability, stability, "the same seed and K give the same re-runs")
        XCTAssertEqual(stability.reruns, 3)
        XCTAssertEqual(stability.ulps, 64)
        // The run itself is unchanged by its re-runs: the same id and suggestions as without them.
        let plain = try RangeTestRunner.run(TestRuns.job(out: try TestRuns.folder(self), iterations: 40), data: TestRuns.data)
        XCTAssertEqual(plain.findings.suggestions, a.findings.suggestions)
        XCTAssertNotEqual(plain.id, a.id, "stability settings are part of the run id")
        let values = stability.suggestions.values.flatMap { [$0.baseline] + $0.values }.compactMap { $0 }
        XCTAssertFalse(values.isEmpty)
        // The suggestions sit on the ladder's rungs and may not move on this small problem; the
        // lowest loss does: each re-run trained from other weights.
        let minimumLoss = try XCTUnwrap(stability.minimumLoss)
        XCTAssertEqual(minimumLoss.baseline, plain.findings.analysis.minimumLoss)
        XCTAssertGreaterThan(Set(minimumLoss.values.compactMap { $0 }).count, 1, "other patterns, other curves: \(minimumLoss)")
        XCTAssertFalse(minimumLoss.values.contains(minimumLoss.baseline))
        XCTAssertGreaterThan(try XCTUnwrap(minimumLoss.ratio), 1)
        for spread in stability.suggestions.values where spread.baseline != nil {
            XCTAssertEqual(spread.min, ([spread.baseline] + spread.values).compactMap { $0 }.min())
            XCTAssertEqual(spread.max, ([spread.baseline] + spread.values).compactMap { $0 }.max())
        }
    }

    func testBadSettingsNameTheSetting() {
        XCTAssertThrowsError(try StabilitySettings(reruns: 0).validate()) {
            XCTAssertTrue("\($0)".contains("StabilitySettings.reruns"), "\($0)")
        }
        XCTAssertThrowsError(try StabilitySettings(reruns: 2, ulps: -1).validate()) {
            XCTAssertTrue("\($0)".contains("StabilitySettings.ulps"), "\($0)")
        }
    }

    /// Execution choices (where runs go, parallel jobs, the command line with `--reproducible`)
    /// never enter a run id, so regenerated content keeps its citations.
    func testRunIdsDependOnResultsSettingsOnly() throws {
        var job = TestRuns.job(out: "runs")
        job.commandLine = ["train", "lr-find"]
        var moved = job
        moved.outputDirectory = "/tmp/elsewhere"
        moved.commandLine = ["train", "lr-find", "--reproducible", "--quiet", "--jobs", "1", "--out", "/tmp/elsewhere"]
        let settings = TestRuns.data.manifestSettings
        XCTAssertEqual(RangeTestRunner.runInfo(job, dataSettings: settings).runID,
                       RangeTestRunner.runInfo(moved, dataSettings: settings).runID)
        let sweep = SweepJob(base: job, batchSizes: [8, 4], seeds: [0], jobs: 2)
        XCTAssertEqual(sweep.groupID(dataSettings: settings),
                       SweepJob(base: moved, batchSizes: [8, 4], seeds: [0], jobs: 1).groupID(dataSettings: settings))
        var seeded = job
        seeded.seed = 1
        XCTAssertNotEqual(RangeTestRunner.runInfo(job, dataSettings: settings).runID,
                          RangeTestRunner.runInfo(seeded, dataSettings: settings).runID)
    }
}
