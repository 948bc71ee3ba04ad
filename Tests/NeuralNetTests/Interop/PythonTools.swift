import Foundation
import XCTest

/// Runs the Python helpers of `Tests/Python` with the test environment's interpreter, which has
/// numpy and safetensors (made by `scripts/python-env`).
enum PythonTools {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Python/<name>`.
    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Python").appendingPathComponent(name).path
    }

    /// The interpreter of `.venv-tests`; a missing one is an error naming `scripts/python-env` (the
    /// test fails, it does not skip).
    static func interpreter() throws -> String {
        let path = packageRoot.appendingPathComponent(".venv-tests/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: run scripts/python-env (scripts/test runs it) to make "
                          + "the Python environment with numpy and safetensors")
        }
        return path
    }

    /// The standard output of `python3 arguments...`; an error with its standard error when it
    /// exits with a failure.
    static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter())
        process.arguments = arguments
        // One BLAS thread: the machine's cores are shared, and numpy's sums then run in one order.
        process.environment = ProcessInfo.processInfo.environment.merging(["OPENBLAS_NUM_THREADS": "1"]) { _, new in new }
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-python-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 \(arguments.joined(separator: " ")) exited with status "
                          + "\(process.terminationStatus): \(stderr)")
        }
        return stdout
    }

    /// The JSON object `python3 arguments...` prints.
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let data = try run(arguments)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "python3 \(arguments.joined(separator: " ")) printed no JSON object: "
                          + String(decoding: data.prefix(300), as: UTF8.self))
        }
        return object
    }
}
