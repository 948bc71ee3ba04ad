import CurveAnalysis
import Foundation
import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder
import Training

final class SweepTests: XCTestCase {
    private func sweep(out: String, jobs: Int) -> SweepJob {
        SweepJob(base: TestRuns.job(out: out, iterations: 12), batchSizes: [16, 8], seeds: [0, 1], jobs: jobs)
    }

    func testRunsAreIdenticalWhateverTheJobCount() throws {
        let one = try TestRuns.folder(self), two = try TestRuns.folder(self)
        let serial = try SweepRunner.run(sweep(out: one, jobs: 1), data: TestRuns.data)
        let parallel = try SweepRunner.run(sweep(out: two, jobs: 2), data: TestRuns.data)
        XCTAssertEqual(serial.runs.map(\.id), parallel.runs.map(\.id))
        XCTAssertEqual(serial.runs.count, 4)
        for id in serial.runs.map(\.id) {
            XCTAssertEqual(try TestRuns.text("\(one)/\(id)/metrics.csv"), try TestRuns.text("\(two)/\(id)/metrics.csv"), id)
        }
        XCTAssertEqual(try TestRuns.text("\(one)/\(serial.groupID)/group.json"),
                       try TestRuns.text("\(two)/\(parallel.groupID)/group.json"))
    }

    func testGroupJSONListsRunsAndScaling() throws {
        let out = try TestRuns.folder(self)
        let result = try SweepRunner.run(sweep(out: out, jobs: 2), data: TestRuns.data)
        XCTAssertTrue(result.groupID.hasPrefix("sweep-mlp-2bs-2s-"), result.groupID)
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(result.groupDirectory)/group.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["format"] as? String, "lrlab-group")
        XCTAssertEqual(json["kind"] as? String, "lr-find-sweep")
        XCTAssertEqual(json["batchSizes"] as? [Int], [16, 8])
        XCTAssertEqual(json["seeds"] as? [Int], [0, 1])
        XCTAssertEqual(json["runs"] as? [String], result.runs.map(\.id))
        XCTAssertEqual(json["charts"] as? [String: String], ["overlay": "overlay.svg", "scaling": "lr-vs-batch-size.svg"])
        let scaling = try XCTUnwrap(json["scaling"] as? [String: [String: Any]])
        XCTAssertEqual(Set(scaling.keys), Set(SuggestionMethod.allCases.map(\.rawValue)))
        let valley = try XCTUnwrap(scaling["valley"])
        let fit = try XCTUnwrap(result.scaling[.valley]?.fit)
        XCTAssertEqual(try XCTUnwrap(valley["slope"] as? Double), fit.slope, accuracy: 1e-12)
        XCTAssertEqual((valley["points"] as? [[String: Any]])?.count, 2)
        // The slope is the least-squares slope through every run: with 2 seeds per batch size, the
        // line through the mean ln(lr) of each batch size (the mean of its low and high).
        let means = fit.points.map { (log($0.low) + log($0.high)) / 2 }
        XCTAssertEqual(fit.slope, (means[1] - means[0]) / (log(16.0) - log(8.0)), accuracy: 1e-9)
        XCTAssertEqual(valley["source"] as? String, "allPoints")
        XCTAssertEqual((valley["slopeInterval"] as? [String: Any])?["resamples"] as? Int, 2000)
        for chart in ["overlay.svg", "lr-vs-batch-size.svg"] {
            XCTAssertTrue(try TestRuns.text("\(result.groupDirectory)/\(chart)").hasPrefix("<svg"), chart)
        }
        // The legend gives the seed-bootstrap interval the text cites, not the too-small standard error.
        let interval = try XCTUnwrap(fit.slopeInterval)
        let legend = "valley: slope \(ConsoleText.fixed(fit.slope, 2)) [\(ConsoleText.fixed(interval.lower, 2)), "
            + "\(ConsoleText.fixed(interval.upper, 2))]"
        XCTAssertTrue(try TestRuns.text("\(result.groupDirectory)/lr-vs-batch-size.svg").contains(legend), legend)
        for run in result.runs {
            let manifest = try TestRuns.text(run.directory + "/run.json")
            XCTAssertTrue(manifest.contains("\"group\" : \"\(result.groupID)\""), run.id)
        }
    }

    func testRejectsBadLists() {
        let base = TestRuns.job(out: "/nonexistent")
        let cases: [(SweepJob, String)] = [
            (SweepJob(base: base, batchSizes: [], seeds: [0], jobs: 1), "`SweepJob.batchSizes`"),
            (SweepJob(base: base, batchSizes: [16, 0], seeds: [0], jobs: 1), "`SweepJob.batchSizes`"),
            (SweepJob(base: base, batchSizes: [16, 16], seeds: [0], jobs: 1), "`SweepJob.batchSizes`"),
            (SweepJob(base: base, batchSizes: [16], seeds: [], jobs: 1), "`SweepJob.seeds`"),
            (SweepJob(base: base, batchSizes: [16], seeds: [0], jobs: 0), "`SweepJob.jobs`"),
        ]
        for (job, flag) in cases {
            XCTAssertThrowsError(try job.validate()) { XCTAssertTrue("\($0)".contains(flag), "\($0)") }
        }
    }
}
