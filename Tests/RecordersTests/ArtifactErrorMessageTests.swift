#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import XCTest
import Training
@testable import Recorders

/// What a user reads when several run files fail at once.
final class ArtifactErrorMessageTests: XCTestCase {
    func testOneFileSaysThePathTheReasonAndTheFix() {
        XCTAssertEqual("\(ArtifactError(path: "runs/a/run.json", operation: "write", code: ENOSPC))",
                       "cannot write 'runs/a/run.json': No space left on device (the disk is full; free space or choose another output folder (`outputDirectory`))")
        XCTAssertEqual("\(ArtifactError(path: "runs/a", operation: "create", detail: "a file is in the way"))",
                       "cannot create 'runs/a': a file is in the way")
    }

    func testAFullDiskNamesEveryFileAndSaysTheCauseOnce() {
        let full = { (name: String) in ArtifactError(path: "runs/a/\(name)", operation: "write", code: ENOSPC) }
        let failure = FitFailure(errors: [full("run.json"), full("metrics.csv"), full("metrics.csv"), full("plot.svg")])
        XCTAssertEqual("\(failure)",
                       "cannot write 'runs/a/run.json', 'runs/a/metrics.csv' and 'runs/a/plot.svg': No space left on device (the disk is full; free space or choose another output folder (`outputDirectory`))")
        XCTAssertEqual(failure.errors.count, 4, "every error is kept")
    }

    func testOtherCausesAndOtherErrorsAreSaidApart() {
        struct Interrupted: Error, CustomStringConvertible { var description: String { "interrupted" } }
        let failure = FitFailure(errors: [
            Interrupted(),
            ArtifactError(path: "runs/a/metrics.csv", operation: "write", code: ENOSPC),
            ArtifactError(path: "runs/a/plot.svg", operation: "write", code: EACCES),
            ArtifactError(path: "runs/a/run.json", operation: "write", code: EACCES),
        ])
        XCTAssertEqual("\(failure)",
                       "interrupted; and then: cannot write 'runs/a/metrics.csv': No space left on device (the disk is full; free space or choose another output folder (`outputDirectory`)); and then: cannot write 'runs/a/plot.svg' and 'runs/a/run.json': Permission denied (no permission; choose a writable output folder (`outputDirectory`))")
    }
}
