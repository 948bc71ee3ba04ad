import LRLabTestSupport
import XCTest
@testable import Training

/// What the progress bar and the metrics printer write.
final class ConsoleCallbackTests: XCTestCase {
    func testProgressBarRedrawsInPlaceAtMostTenTimesASecondAndEndsEachEpochWithALine() throws {
        let captured = CapturedOutput()
        let clock = SteppingClock(step: 0.03)
        let bar = ProgressBar(isEnabled: true, output: captured.output, clock: clock.read)
        try TinyProblem.learner(trainBatches: 10, validBatches: 1, callbacks: [bar]).fit(epochs: 2)
        let lines = captured.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3, "one finished line per epoch, then nothing")
        let finals = lines.prefix(2).map { $0.components(separatedBy: "\r\u{1B}[K").last ?? "" }
        XCTAssertTrue(finals[0].hasPrefix("epoch 1/2  train loss "), finals[0])
        XCTAssertTrue(finals[1].contains("valid loss "), finals[1])
        let batchDraws = captured.text.components(separatedBy: "  batch ").count - 1
        XCTAssertLessThan(batchDraws, 20, "draws are throttled")
        XCTAssertGreaterThan(batchDraws, 2)
        XCTAssertTrue(captured.text.contains("batch 10/10"), "the last batch is always drawn")
        XCTAssertTrue(captured.text.contains("eta 0:00"))
    }

    func testProgressBarIsSilentWhenQuietOrDisabled() throws {
        XCTAssertFalse(ProgressBar(quiet: true).isEnabled)
        let captured = CapturedOutput()
        try TinyProblem.learner(callbacks: [ProgressBar(isEnabled: false, output: captured.output)]).fit(epochs: 1)
        XCTAssertEqual(captured.text, "")
    }

    func testMetricsPrinterWritesAHeaderAndOneLinePerEpoch() throws {
        let captured = CapturedOutput()
        let printer = MetricsPrinter(isEnabled: true, output: captured.output, clock: SteppingClock(step: 1.5).read)
        var smoothAtEpochEnd: [Float] = []
        var validAtEpochEnd: [Float] = []
        let probe = EventLog { event, learner in
            if event == .afterEpoch { smoothAtEpochEnd.append(learner.smoothLoss); validAtEpochEnd.append(learner.validation!.loss) }
        }
        try TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [probe, printer]).fit(epochs: 2)
        let lines = captured.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0].split(separator: " ").map(String.init), MetricsPrinter.columns)
        for epoch in 0..<2 {
            let cells = lines[epoch + 1].split(separator: " ").map(String.init)
            XCTAssertEqual(cells.count, 6)
            XCTAssertEqual(cells[0], "\(epoch)")
            XCTAssertEqual(Double(cells[1])!, Double(smoothAtEpochEnd[epoch]), accuracy: 1e-6)
            XCTAssertEqual(Double(cells[2])!, Double(validAtEpochEnd[epoch]), accuracy: 1e-6)
            XCTAssertEqual(cells[3], "-", "regression has no accuracy")
            XCTAssertEqual(cells[5], "0:02", "1.5 s rounds to 2 s")
        }
    }

    func testMetricsPrinterReportsWhyAFitStopped() throws {
        let captured = CapturedOutput()
        let printer = MetricsPrinter(isEnabled: true, output: captured.output)
        try TinyProblem.learner(callbacks: [printer, StopAfter(iterations: 2)]).fit(epochs: 1)
        XCTAssertTrue(captured.text.hasSuffix("stopped: stopped after 2 iterations\n"), captured.text)
        let quiet = CapturedOutput()
        try TinyProblem.learner(callbacks: [MetricsPrinter(isEnabled: false, output: quiet.output)]).fit(epochs: 1)
        XCTAssertEqual(quiet.text, "")
    }

    func testFixedDecimalText() {
        XCTAssertEqual(ConsoleText.fixed(0.123456, 4), "0.1235")
        XCTAssertEqual(ConsoleText.fixed(-2.5, 2), "-2.50")
        XCTAssertEqual(ConsoleText.fixed(3.0, 0), "3")
        XCTAssertEqual(ConsoleText.fixed(Double.nan, 3), "nan")
        XCTAssertEqual(ConsoleText.fixed(-Double.infinity, 3), "-inf")
        XCTAssertEqual(ConsoleText.duration(3725), "1:02:05")
        XCTAssertEqual(ConsoleText.duration(65), "1:05")
    }
}
