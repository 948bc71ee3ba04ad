import Foundation
import XCTest

/// Runs the scripts of Tests/Python with the interpreter of `<package root>/.venv-tests`, which
/// holds the other tools' own readers (`scripts/python-env` makes it; `scripts/test` runs that).
enum TestPython {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The virtual environment's interpreter; fails the test (never skips it) when it is missing.
    static func interpreter(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = packageRoot.appendingPathComponent(".venv-tests/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("\(path) is missing: run scripts/python-env (scripts/test does) to install the test readers",
                    file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return path
    }

    /// Runs `Tests/Python/<script>` with `arguments` and returns its standard output; a failing
    /// run throws with its standard error.
    static func run(_ script: String, _ arguments: [String], file: StaticString = #filePath,
                    line: UInt = #line) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter(file: file, line: line))
        process.arguments = [packageRoot.appendingPathComponent("Tests/Python/" + script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            struct ScriptFailure: Error, CustomStringConvertible { let description: String }
            throw ScriptFailure(description: "\(script) \(arguments.joined(separator: " ")) failed: "
                + String(decoding: stderr, as: UTF8.self))
        }
        return stdout
    }

    /// Runs `script` and decodes its JSON output.
    static func json<T: Decodable>(_ type: T.Type, _ script: String, _ arguments: [String],
                                   file: StaticString = #filePath, line: UInt = #line) throws -> T {
        try JSONDecoder().decode(T.self, from: run(script, arguments, file: file, line: line))
    }
}
