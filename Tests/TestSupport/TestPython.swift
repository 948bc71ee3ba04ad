import Foundation

/// Runs the scripts of `Tests/Python` (or any Python code) with the interpreter of
/// `<package root>/.venv-tests`, which holds the other tools' own readers: numpy, safetensors,
/// tensorboard, Pillow (`scripts/python-env` makes it; `scripts/test` runs that first).
///
/// A missing interpreter is an error that names `scripts/python-env`, so the test fails; it
/// never skips.
public enum TestPython {
    /// A script that could not run or printed something unexpected.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The package's root folder (the one with Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        preconditionFailure("no Package.swift above \(#filePath)")
    }()

    /// The path of `Tests/Python/<name>`.
    public static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Python").appendingPathComponent(name).path
    }

    /// The virtual environment's `python3`; throws when it is missing.
    public static func interpreter() throws -> String {
        let path = packageRoot.appendingPathComponent(".venv-tests/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: run scripts/python-env (scripts/test runs it) to make "
                          + "the Python environment with the other tools' readers")
        }
        return path
    }

    /// The standard output of `python3 arguments...`; throws with its standard error when it
    /// exits with a failure.
    ///
    /// numpy gets one BLAS thread (the machine's cores are shared, and its sums then run in one
    /// order); standard error goes to a file, so a chatty script cannot block on a full pipe.
    public static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["OPENBLAS_NUM_THREADS": "1"]) { _, new in new }
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-python-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
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

    /// The standard output of `Tests/Python/<script> arguments...`.
    public static func run(script: String, _ arguments: [String]) throws -> Data {
        try run([Self.script(script)] + arguments)
    }

    /// The JSON object `python3 arguments...` prints.
    public static func jsonObject(_ arguments: [String]) throws -> [String: Any] {
        let data = try run(arguments)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "python3 \(arguments.joined(separator: " ")) printed no JSON object: "
                          + String(decoding: data.prefix(300), as: UTF8.self))
        }
        return object
    }

    /// What `Tests/Python/<script> arguments...` prints, decoded from JSON as `type`.
    public static func json<T: Decodable>(_ type: T.Type, _ script: String, _ arguments: [String]) throws -> T {
        try JSONDecoder().decode(T.self, from: run(script: script, arguments))
    }
}
