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

    /// The flags that error messages put in place of library settings are the ones `--help` lists.
    func testSubcommandHelpListsTheFlagsErrorsName() throws {
        let flags = [
            "lr-find": ["--start-lr", "--end-lr", "--iterations", "--batches-per-step", "--divergence-factor",
                        "--validation-batches", "--lr-mults", "--verify-steps", "--batch-sizes", "--seeds", "--jobs",
                        "--batch-size", "--momentum", "--weight-decay", "--nesterov", "--optimizer", "--model",
                        "--valid-fraction", "--train-limit", "--classes", "--synthetic-count", "--data-option",
                        "--data-source", "--data", "--label-column", "--fill-missing", "--record", "--callbacks", "--out", "--from",
                        "--init-from"],
            "fit": ["--epochs", "--lr", "--batch-size", "--from", "--init-from", "--save"],
            "fine-tune": ["--freeze-epochs", "--lr-mult", "--from", "--init-from"],
        ]
        for (command, expected) in flags {
            let result = try CommandRunner.run("train", [command, "--help"])
            XCTAssertEqual(result.status, 0, result.stderr)
            for flag in expected {
                XCTAssertTrue(result.stdout.contains(flag + " ") || result.stdout.contains(flag + ","), "\(command) --help lacks \(flag)")
            }
        }
    }
}
