import Foundation
import XCTest

/// Runs Pillow (from the test environment `.venv-tests`) on jobs of `Tests/Python/pillow_images.py`.
enum PillowReference {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let python = packageRoot + "/.venv-tests/bin/python3"
    static let script = packageRoot + "/Tests/Python/pillow_images.py"

    /// Runs `jobs` (dictionaries of the script's job format) and returns the size each wrote.
    static func run(_ jobs: [[String: Any]], in files: TestFiles,
                    file: StaticString = #filePath, line: UInt = #line) throws -> [(width: Int, height: Int)] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            XCTFail("\(python) is missing: run scripts/python-env (scripts/test does) to make the test environment with Pillow",
                    file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        let jobsPath = files.path("pillow-jobs-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: jobs).write(to: URL(fileURLWithPath: jobsPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, jobsPath]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("Pillow failed: \(String(decoding: complaint, as: UTF8.self))", file: file, line: line)
            throw CocoaError(.executableLoad)
        }
        return String(decoding: printed, as: UTF8.self).split(separator: "\n").map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Int]
            return (object["width"]!, object["height"]!)
        }
    }
}
