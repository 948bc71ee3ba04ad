import XCTest

/// Every command answers `--help` with a usage text and exit status 0.
final class HelpTests: XCTestCase {
    func testTrainAndReportAnswerHelp() throws {
        for executable in ["train", "report"] {
            let result = try CommandRunner.run(executable, ["--help"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("USAGE: \(executable)"), result.stdout)
        }
    }
}
