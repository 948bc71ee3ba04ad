import Foundation
import XCTest

/// Runs LRLab's built executables the way a user would, and captures what they print.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The folder that holds the built products (`.build/debug` or `.build/release`).
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The package root (the folder with Package.swift), for content and templates.
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }

    /// Runs `executable` with `arguments` in `directory` and waits for it; `environment` adds
    /// to (or replaces) variables of this process's environment.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:],
                    file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        // A built product by name, or any other program by absolute path.
        let url = executable.hasPrefix("/") ? URL(fileURLWithPath: executable) : productsDirectory.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            // A failure, not a skip: the test target depends on the products, so they are built.
            struct NotBuilt: Error, CustomStringConvertible { let description: String }
            throw NotBuilt(description: "\(url.path) is not built: run `swift build --build-tests` first")
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // Decoded images of the tests' image folders are cached in a folder of this test process, not the user's.
        let testEnvironment = ["LRLAB_CACHE_DIR": imageCacheFolder].merging(environment) { _, given in given }
        process.environment = ProcessInfo.processInfo.environment.merging(testEnvironment) { _, given in given }
        // Output goes to files, so a chatty command can never block on a full pipe.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// The cache folder the executables get as `LRLAB_CACHE_DIR` (one per test process).
    static let imageCacheFolder = FileManager.default.temporaryDirectory
        .appendingPathComponent("lrlab-e2e-cache-\(ProcessInfo.processInfo.processIdentifier)").path

    /// A fresh temporary folder removed at the end of the test.
    ///
    /// With `LRLAB_KEEP_TEST_FOLDERS=1` in the environment the folder stays, for a look at what a
    /// failing test left (a test cluster's logs are in its `cluster/` folder).
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lrlab-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["LRLAB_KEEP_TEST_FOLDERS"] != "1" {
            test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        }
        return url
    }
}
