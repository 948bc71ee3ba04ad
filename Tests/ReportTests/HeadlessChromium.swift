import Foundation
import XCTest

/// Debian's `chromium` run headless on `file://` pages, with a bounded run time.
struct HeadlessChromium {
    static let installHint = "chromium is not installed: run `apt-get install -y chromium` (scripts/test does this)"

    let executable: String

    /// The browser, or an `XCTSkip` with the install hint when it is absent.
    static func find() throws -> HeadlessChromium {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        guard let path = candidates.compactMap({ $0 }).first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip(Self.installHint)
        }
        return HeadlessChromium(executable: path)
    }

    /// Runs chromium with `arguments` after the headless flags; returns stdout and stderr.
    func run(_ arguments: [String], timeout: TimeInterval = 30) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(profile.path)", "--allow-file-access-from-files"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while the browser runs so it never blocks on a full pipe.
        final class Drained: @unchecked Sendable { var data = Data() }
        let stdoutBox = Drained(), stderrBox = Drained()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stdoutBox.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            _ = group.wait(timeout: .now() + 5)
            throw ProbeError("chromium did not finish within \(Int(timeout)) s")
        }
        _ = group.wait(timeout: .now() + 5)
        return (String(decoding: stdoutBox.data, as: UTF8.self), String(decoding: stderrBox.data, as: UTF8.self))
    }
}
