import ArtifactSchema
import CurveAnalysis
import Foundation
import LRFinder
import Recorders
import XCTest
@testable import Experiments

/// A range test's files each have one writer, and the run's status comes from how the test's
/// cancellation says it ended.
final class RangeTestArtifactTests: XCTestCase {
    func testPlotIsTheRangeTestChartWithItsMarkersWrittenByTheSVGRecorder() throws {
        let out = try TestRuns.folder(self)
        let run = try RangeTestRunner.run(TestRuns.job(out: out), data: TestRuns.data)
        let expected = RangeTestPlot.chart(points: run.points, findings: run.findings,
                                           title: "LR range test: mlp, batch size 16, seed 0")
        XCTAssertEqual(try TestRuns.text(run.directory + "/plot.svg"), try expected.renderSVG())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: run.directory).sorted(),
                       ["metrics.csv", "plot.svg", "run.json"], "no temporary files or second copies")
    }

    func testOwnStopIsCompletedAndItsOutcomeIsStopped() throws {
        let out = try TestRuns.folder(self)
        let run = try RangeTestRunner.run(TestRuns.job(out: out), data: TestRuns.data)
        XCTAssertTrue(run.outcome.endedByOwnRules, "\(run.outcome)")
        XCTAssertEqual(run.status, .completed)
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
        XCTAssertEqual(manifest.status, .completed)
        XCTAssertNil(manifest.error)
    }
}
