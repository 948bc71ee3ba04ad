import ArtifactSchema
import Foundation
import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder

/// Planning, sharding and resuming sweeps: the plan names the runs a sweep writes, shards split
/// them, and a re-run skips what is completed and redoes the rest in place.
final class SweepResumeTests: XCTestCase {
    private func sweep(out: String) -> SweepJob {
        var base = TestRuns.job(out: out, iterations: 12)
        base.data = TestRuns.request
        return SweepJob(base: base, batchSizes: [16, 8], seeds: [0, 1], jobs: 2)
    }

    private func executor(threads: Int = 2) -> LocalThreadExecutor {
        LocalThreadExecutor(threads: threads, data: TestRuns.data)
    }

    private func folders(_ out: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    }

    func testPlanNamesTheRunsTheSweepWritesAndReadsBackFromItsFolder() throws {
        let out = try TestRuns.folder(self)
        let plan = SweepPlan(sweep: sweep(out: out), data: TestRuns.data)
        XCTAssertEqual(plan.runs.map(\.position), [0, 1, 2, 3])
        XCTAssertEqual(plan.runs.map(\.batchSize), [16, 16, 8, 8])
        XCTAssertEqual(plan.runs.map(\.seed), [0, 1, 0, 1])
        let result = try SweepRunner.run(plan, executor: executor())
        XCTAssertEqual(result.runs.map(\.id), plan.runs.map(\.id), "the plan's ids are the ids the runs get")
        XCTAssertEqual(result.groupID, plan.groupID)

        // Moved elsewhere, the plan finds its runs next to its group folder.
        let moved = try TestRuns.folder(self) + "/elsewhere"
        try FileManager.default.copyItem(atPath: out, toPath: moved)
        let read = try SweepPlan.read(from: moved + "/" + plan.groupID)
        XCTAssertEqual(read.runs, plan.runs)
        XCTAssertEqual(read.runsFolder, moved)
        XCTAssertEqual(try SweepPlan.read(from: moved + "/" + plan.groupID + "/sweep.json").runsFolder, moved)
        XCTAssertTrue(read.runStates().allSatisfy { $0.member != nil })
    }

    func testPlanReadingNamesTheFileAndTheFix() throws {
        let out = try TestRuns.folder(self)
        let plan = SweepPlan(sweep: sweep(out: out), data: TestRuns.data)
        XCTAssertThrowsError(try SweepPlan.read(from: plan.groupFolder)) {
            XCTAssertTrue("\($0)".contains("sweep.json") && "\($0)".contains("group folder"), "\($0)")
        }
        try plan.write()
        let renamed = out + "/renamed"
        try FileManager.default.moveItem(atPath: plan.groupFolder, toPath: renamed)
        XCTAssertThrowsError(try SweepPlan.read(from: renamed)) {
            XCTAssertTrue("\($0)".contains("rename the folder back to \(plan.groupID)"), "\($0)")
        }
        try "{\"format\": \"lrlab-run\"}".write(toFile: renamed + "/sweep.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SweepPlan.read(from: renamed)) {
            XCTAssertTrue("\($0)".contains(renamed + "/sweep.json"), "\($0)")
        }
    }

    func testWriteUnlessPresentKeepsTheFirstPlan() throws {
        let out = try TestRuns.folder(self)
        var plan = SweepPlan(sweep: sweep(out: out), data: TestRuns.data)
        try plan.writeUnlessPresent()
        let first = try TestRuns.text(plan.path)
        plan.sweep.jobs = 7
        try plan.writeUnlessPresent()
        XCTAssertEqual(try TestRuns.text(plan.path), first)
        XCTAssertEqual(try folders(plan.groupFolder), ["sweep.json"], "no staging file left behind")
        try plan.write()
        XCTAssertNotEqual(try TestRuns.text(plan.path), first)
    }

    func testRerunSkipsCompletedRunsAndNeverWritesASecondCopy() throws {
        let out = try TestRuns.folder(self)
        let first = try SweepRunner.run(sweep(out: out), data: TestRuns.data)
        XCTAssertEqual(first.runs.count, 4)
        let before = try folders(out)
        let manifests = try first.runs.map { try TestRuns.text($0.directory + "/run.json") }
        let group = try TestRuns.text(first.groupDirectory + "/group.json")

        var status: SweepShareStatus?
        let again = try SweepRunner.run(sweep(out: out), data: TestRuns.data, starting: { status = $0 })
        XCTAssertEqual(status?.completed, 4)
        XCTAssertEqual(status?.resumeLine?.contains("4 of 4 runs already completed with the same settings, skipped"), true,
                       status?.resumeLine ?? "no line")
        XCTAssertTrue(again.runs.isEmpty)
        XCTAssertEqual(again.alreadyCompleted, 4)
        XCTAssertEqual(try folders(out), before, "no -2 folders")
        XCTAssertEqual(try first.runs.map { try TestRuns.text($0.directory + "/run.json") }, manifests, "completed runs untouched")
        XCTAssertEqual(try TestRuns.text(first.groupDirectory + "/group.json"), group)
        XCTAssertTrue(RangeTestSummary.sweep(again).contains("4 already completed, 0 run now"))
    }

    func testInterruptedAndFailedRunsAreRedoneInTheirOwnFolders() throws {
        let out = try TestRuns.folder(self)
        let first = try SweepRunner.run(sweep(out: out), data: TestRuns.data)
        let metrics = try first.runs.map { try TestRuns.text($0.directory + "/metrics.csv") }
        // Run 1 was interrupted (and left a stray file), run 2 failed, run 3 never started.
        try setStatus("interrupted", in: first.runs[1].directory)
        try "left over".write(toFile: first.runs[1].directory + "/stale.txt", atomically: true, encoding: .utf8)
        try setStatus("failed", in: first.runs[2].directory)
        try FileManager.default.removeItem(atPath: first.runs[3].directory)
        let before = try folders(out).filter { $0 != URL(fileURLWithPath: first.runs[3].directory).lastPathComponent }

        let plan = SweepPlan(sweep: sweep(out: out), data: TestRuns.data)
        XCTAssertEqual(plan.runStates().map(\.summary), ["completed", "interrupted", "failed: boom", "missing (not started)"])
        let again = try SweepRunner.run(plan, executor: executor())
        XCTAssertEqual(again.runs.map(\.id), Array(first.runs.map(\.id).dropFirst()))
        XCTAssertEqual(again.alreadyCompleted, 1)
        XCTAssertEqual(try folders(out), (before + [URL(fileURLWithPath: first.runs[3].directory).lastPathComponent]).sorted())
        XCTAssertFalse(FileManager.default.fileExists(atPath: first.runs[1].directory + "/stale.txt"),
                       "a redone run starts from an empty folder")
        XCTAssertEqual(try first.runs.map { try TestRuns.text($0.directory + "/metrics.csv") }, metrics,
                       "the redone runs record the same curves")
        XCTAssertTrue(plan.runStates().allSatisfy { $0.member?.status == .completed })
    }

    func testAFolderWithAnotherRunsSettingsIsNeverOverwritten() throws {
        let out = try TestRuns.folder(self)
        let plan = SweepPlan(sweep: sweep(out: out), data: TestRuns.data)
        var other = TestRuns.job(out: out, batchSize: 32, iterations: 12)
        other.data = TestRuns.request
        let foreign = try RangeTestRunner.run(other, data: TestRuns.data)
        try FileManager.default.moveItem(atPath: foreign.directory, toPath: plan.folder(of: plan.runs[0]))
        XCTAssertThrowsError(try SweepRunner.run(plan, executor: executor())) { error in
            XCTAssertTrue(error is SweepResumeError, "\(error)")
            XCTAssertTrue("\(error)".contains("batch size 32") && "\(error)".contains("move the folder"), "\(error)")
        }
        XCTAssertEqual(try folders(out).filter { $0.hasPrefix("lrfind-") }.count, 1, "nothing ran")
    }

    func testShardsRunDisjointRunsAndCollectGivesTheLocalSweepsGroup() throws {
        let local = try TestRuns.folder(self), sharded = try TestRuns.folder(self)
        let whole = try SweepRunner.run(sweep(out: local), data: TestRuns.data)
        let plan = SweepPlan(sweep: sweep(out: sharded), data: TestRuns.data)
        var ran: [String] = []
        for index in [1, 0, 2] {
            let result = try SweepRunner.run(plan, shard: try SweepShard(index: index, count: 3), executor: executor(threads: 1))
            XCTAssertNil(result.collection)
            XCTAssertFalse(FileManager.default.fileExists(atPath: plan.groupFolder + "/group.json"), "a shard writes no group")
            ran += result.runs.map(\.id)
        }
        XCTAssertEqual(ran.sorted(), plan.runs.map(\.id).sorted(), "each run in exactly one shard")
        let collection = try SweepCollector.collect(groupFolder: plan.groupFolder)
        XCTAssertTrue(collection.incomplete.isEmpty)
        for file in ["group.json", "overlay.svg", "lr-vs-batch-size.svg"] {
            XCTAssertEqual(try TestRuns.text(plan.groupFolder + "/" + file), try TestRuns.text(whole.groupDirectory + "/" + file), file)
        }
    }

    /// Rewrites the `status` of the run.json in `folder`, as an interrupted or failed run leaves it.
    private func setStatus(_ status: String, in folder: String) throws {
        let path = folder + "/run.json"
        var manifest = try RunManifest.decode(from: try Data(contentsOf: URL(fileURLWithPath: path)))
        manifest.finish(RunStatus(rawValue: status)!, endedAt: "2026-01-01T00:00:00Z", error: status == "failed" ? "boom" : nil)
        try manifest.jsonText().write(toFile: path, atomically: true, encoding: .utf8)
    }
}
