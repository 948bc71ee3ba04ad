import XCTest

/// The documented example of a user-defined callback builds against LRLab's public API and runs.
final class CustomCallbackExampleTests: XCTestCase {
    func testExampleTrainsAndItsCallbackSeesEveryBatch() throws {
        let result = try CommandRunner.run("custom-callback-example", [])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lastLine = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(lastLine.hasPrefix("custom callback saw "), "last line was: \(lastLine)")
        let words = lastLine.split(separator: " ")
        let batches = try XCTUnwrap(words.count == 5 ? Int(words[3]) : nil, "last line was: \(lastLine)")
        XCTAssertEqual(batches, 48, "256 examples in batches of 16 for 3 epochs: 16 training batches an epoch")
    }
}
