import Foundation
import LRLabTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `report serve` started as a user would (port 0), loaded with wrk over 32 connections while
/// edits make it rebuild: no socket error, no non-2xx answer, and every page fetched meanwhile is
/// one whole build. Needs Debian's `wrk` (scripts/install-system-packages installs it).
final class ServeLoadTests: XCTestCase {
    static let wrk = "/usr/bin/wrk"
    /// Paths wrk cycles through: pages, the stylesheet, a run's plot and the feed.
    static let paths = ["/index.html", "/posts/reading-the-range-test.html", "/runs.html", "/style.css", "/feed.xml",
                        "/archive.html"]

    func testLoadDuringRebuildsGivesNoErrorsAndOnlyWholePages() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.wrk) else {
            return XCTFail("wrk is missing: run scripts/install-system-packages (or apt-get install wrk)")
        }
        let root = CommandRunner.packageRoot
        let scratch = try CommandRunner.temporaryDirectory(self)
        let content = scratch.appendingPathComponent("Content")
        try FileManager.default.copyItem(at: root.appendingPathComponent("Content"), to: content)
        let post = content.appendingPathComponent("posts/reading-the-range-test.md")
        let original = try String(contentsOf: post, encoding: .utf8)
        let versions = ["A", "B"].map { original + "\n\nLoad-test marker \($0): " + String(repeating: "text \($0) ", count: 3000) + "\n" }
        let templates = root.appendingPathComponent("Templates").path

        // The two pages the post can be, from plain `report build`s.
        var expected: [String] = []
        for (index, version) in versions.enumerated() {
            try Data(version.utf8).write(to: post)
            let output = scratch.appendingPathComponent("build-\(index)")
            let built = try CommandRunner.run("report", ["build", "--content", content.path, "--templates", templates,
                                                         "--output", output.path])
            XCTAssertEqual(built.status, 0, built.stderr)
            expected.append(try String(contentsOf: output.appendingPathComponent("posts/reading-the-range-test.html"), encoding: .utf8))
        }
        XCTAssertTrue(expected.allSatisfy { $0.hasSuffix("</html>\n") })

        let server = try ServeProcess(arguments: ["serve", "--content", content.path, "--templates", templates,
                                                  "--output", scratch.appendingPathComponent("site").path, "--port", "0"],
                                      scratch: scratch)
        defer { server.stop() }
        let port = try server.waitForPort()

        // Pages fetched while the site rebuilds, checked against both builds.
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var fetched = 0, seen = Set<Int>(), bad: [String] = []
        }
        let tally = Tally()
        let checking = DispatchSemaphore(value: 0)
        final class Flag: @unchecked Sendable { let lock = NSLock(); var on = true }
        let running = Flag()
        let pages = expected
        Thread {
            while running.lock.withLock({ running.on }) {
                let page = RawGet.fetch(port: port, path: "/posts/reading-the-range-test.html")
                tally.lock.withLock {
                    tally.fetched += 1
                    if let index = pages.firstIndex(of: page) { tally.seen.insert(index) }
                    else { tally.bad.append("\(page.count) bytes, ending \(page.suffix(30).debugDescription)") }
                }
            }
            checking.signal()
        }.start()

        let script = scratch.appendingPathComponent("load.lua")
        try Data(Self.luaScript.utf8).write(to: script)
        let load = Process()
        load.executableURL = URL(fileURLWithPath: Self.wrk)
        // 5 ms between a connection's requests bounds the load (about 5,000 requests/s), so the rebuilds get CPU too.
        load.arguments = ["-t2", "-c32", "-d6s", "--timeout", "5s", "-s", script.path, "http://127.0.0.1:\(port)/"]
        load.environment = ["LRLAB_WRK_DELAY_MS": "5"]
        let wrkOutput = scratch.appendingPathComponent("wrk.out")
        XCTAssertTrue(FileManager.default.createFile(atPath: wrkOutput.path, contents: nil))
        load.standardOutput = try FileHandle(forWritingTo: wrkOutput)
        load.standardError = load.standardOutput
        let rebuildsBefore = server.output().components(separatedBy: "Built ").count
        try load.run()
        var edits = 0
        while load.isRunning {
            Thread.sleep(forTimeInterval: 1.2)
            edits += 1
            try Data(versions[edits % 2].utf8).write(to: post)
        }
        load.waitUntilExit()
        running.lock.withLock { running.on = false }
        XCTAssertEqual(checking.wait(timeout: .now() + 10), .success)
        // The last edits' rebuilds may still be running when the load ends (a starved machine makes
        // them slow): wait for them a little before counting.
        var rebuilds = server.output().components(separatedBy: "Built ").count - rebuildsBefore
        let waitUntil = Date(timeIntervalSinceNow: 10)
        while rebuilds < 2 && Date() < waitUntil {
            Thread.sleep(forTimeInterval: 0.2)
            rebuilds = server.output().components(separatedBy: "Built ").count - rebuildsBefore
        }

        let report = try String(contentsOf: wrkOutput, encoding: .utf8)
        print(report)
        guard let line = report.split(separator: "\n").first(where: { $0.hasPrefix("{\"requests\"") }),
              let numbers = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double] else {
            return XCTFail("wrk printed no summary: \(report)")
        }
        let requests = numbers["requests"] ?? 0
        print("serve load: \(Int(requests)) requests in \(numbers["seconds"]!) s (\(Int(requests / numbers["seconds"]!)) requests/s) "
              + "over 32 connections, \(rebuilds) rebuilds, \(tally.fetched) checked pages")
        XCTAssertGreaterThanOrEqual(requests, 10_000, "wrk made fewer requests than the bounded load asks for")
        for name in ["connect", "read", "write", "timeout"] {
            XCTAssertEqual(numbers[name], 0, "wrk saw \(numbers[name] ?? -1) \(name) errors")
        }
        XCTAssertEqual(numbers["status"], 0, "wrk saw non-2xx answers")
        XCTAssertGreaterThanOrEqual(rebuilds, 2, "the edits made the server rebuild during the load: \(server.output().suffix(500))")
        XCTAssertTrue(tally.bad.isEmpty, "\(tally.bad.count) of \(tally.fetched) pages were not one whole build: \(tally.bad.prefix(3))")
        XCTAssertEqual(tally.seen, [0, 1], "pages of both builds were served (\(tally.fetched) fetched)")
    }

    /// wrk script: cycles through `paths`, waits `LRLAB_WRK_DELAY_MS` between a connection's
    /// requests, and prints one JSON line with the totals and error counts.
    static var luaScript: String {
        let list = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
        local paths = {\(list)}
        local sent = 0
        local pause = tonumber(os.getenv("LRLAB_WRK_DELAY_MS") or "0")
        request = function()
          sent = sent + 1
          return wrk.format("GET", paths[(sent % #paths) + 1])
        end
        delay = function() return pause end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('{"requests":%d,"seconds":%.3f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p99ms":%.2f}\\n',
            summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(99) / 1000))
        end
        """
    }
}

/// `report serve` as a child process whose output goes to a file the test reads as it grows.
final class ServeProcess {
    let process = Process()
    let outputURL: URL

    init(arguments: [String], scratch: URL) throws {
        outputURL = scratch.appendingPathComponent("serve.out")
        XCTAssertTrue(FileManager.default.createFile(atPath: outputURL.path, contents: nil))
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("report")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    func output() -> String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

    /// The port from the "Serving … at http://127.0.0.1:PORT/" line, within 120 s (the first build).
    func waitForPort() throws -> UInt16 {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            let text = output()
            if let range = text.range(of: "http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = UInt16(digits), text[range.upperBound...].dropFirst(digits.count).hasPrefix("/") { return port }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        struct NotServing: Error, CustomStringConvertible { var description: String }
        throw NotServing(description: "report serve did not start serving: \(output().suffix(1000))")
    }

    /// Ends the server (SIGTERM) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// One `GET` over a raw socket (`Connection: close`), returning the body; "" on any failure.
enum RawGet {
    static func fetch(port: UInt16, path: String) -> String {
        guard let client = LoopbackClient.open(port: port) else { return "" }
        defer { close(client) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(client, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress!, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200"), let split = text.range(of: "\r\n\r\n") else { return "status: " + text.prefix(40) }
        return String(text[split.upperBound...])
    }
}
