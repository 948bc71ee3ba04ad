import Charts
import Foundation
import XCTest
import Training
@testable import Recorders

/// Hooks that change what a recorder writes can fail; their errors reach `fit`'s caller and the
/// run's files say what happened.
final class ArtifactHookErrorTests: XCTestCase {
    private struct HookFailure: Error, CustomStringConvertible {
        var description: String { "the suggestions could not be computed" }
    }

    func testAFailingFinalWriteHookMarksTheRunFailedAndIsRethrown() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind)
        run.recorders.manifest.beforeFinalWrite.append { manifest, _ in
            manifest.extra["note"] = "written before the failure"
            throw HookFailure()
        }
        XCTAssertThrowsError(try run.learner.fit(epochs: 1)) { XCTAssertTrue($0 is HookFailure, "\($0)") }
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.status, .failed)
        XCTAssertFalse(manifest.complete)
        XCTAssertEqual(manifest.error, "the suggestions could not be computed")
        XCTAssertNotNil(manifest.endedAt)
        XCTAssertTrue(run.learner.failure is HookFailure)
    }

    func testTheChartProviderDrawsTheOnlyPlotAndItsErrorsNameTheFile() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind, record: ["svg"])
        let plot = try XCTUnwrap(run.recorders.first(SVGPlotRecorder.self))
        var calls = 0
        plot.chartProvider = { recorder in
            calls += 1
            var chart = recorder.chart()
            chart.title = "decorated \(recorder.batches.count)"
            return chart
        }
        try run.learner.fit(epochs: 2)
        XCTAssertEqual(calls, 3, "after each of the 2 epochs and at the end of the fit")
        var expected = plot.chart()
        expected.title = "decorated 8"
        XCTAssertEqual(try run.text("plot.svg"), try expected.renderSVG())

        let failing = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind, record: ["svg"])
        failing.recorders.first(SVGPlotRecorder.self)?.chartProvider = { _ in throw HookFailure() }
        XCTAssertThrowsError(try failing.learner.fit(epochs: 1)) { error in
            XCTAssertTrue("\(error)".contains("plot.svg"), "\(error)")
            XCTAssertTrue("\(error)".contains("the suggestions could not be computed"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: failing.directory.path(for: "plot.svg")))
        XCTAssertEqual(try failing.manifest().status, .failed, "the manifest runs after the plot and sees the failure")
    }
}
