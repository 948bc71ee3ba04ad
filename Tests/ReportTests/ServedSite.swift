import Foundation
import LRLabTestSupport
@testable import Report
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A `DevServer` over a site fixture on a free loopback port, run on its own thread and stopped by `stop()`.
final class ServedSite {
    let fixture: SiteFixture
    let server: DevServer
    let probe: HTTPProbe
    private let finished = DispatchSemaphore(value: 0)
    private var stopped = false

    /// The id of the run `withRunningRun` adds: written as running, 8 of its 20 rows recorded.
    static let runningID = "lrfind-cnn-bs8-s0-live01"

    init(_ fixture: SiteFixture) throws {
        self.fixture = fixture
        server = DevServer(options: fixture.options(), port: 0)
        let listening = DispatchSemaphore(value: 0)
        final class Bound: @unchecked Sendable { var port: UInt16 = 0 }
        let bound = Bound()
        let server = self.server, finished = self.finished
        Thread {
            do {
                try server.run(log: { _ in }, onListening: { bound.port = $0; listening.signal() })
            } catch {
                listening.signal()
            }
            finished.signal()
        }.start()
        guard listening.wait(timeout: .now() + 30) == .success, bound.port != 0 else {
            throw ProbeError("the server did not start listening within 30 s")
        }
        probe = HTTPProbe(port: bound.port)
    }

    /// Stops the server and fails unless `run` returned (every connection thread ended) within 5 s.
    func stop(file: StaticString = #filePath, line: UInt = #line) {
        guard !stopped else { return }
        stopped = true
        server.stop()
        XCTAssertEqual(finished.wait(timeout: .now() + 5), .success, "the server did not stop within 5 s", file: file, line: line)
    }

    deinit { if !stopped { server.stop(); _ = finished.wait(timeout: .now() + 5) } }

    /// The standard fixture plus `runningID`: a range test still writing (run.json `running`,
    /// the first 8 rows of metrics.csv), with a plot.svg so the build renders it either way.
    static func fixtureWithRunningRun() throws -> SiteFixture {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writeRun(id: runningID, batchSize: 8, chartPlot: true)
        let folder = runFolder(fixture)
        try setStatus("running", in: folder)
        let lines = try String(contentsOf: folder.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(9).joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("metrics.csv"))
        return fixture
    }

    static func runFolder(_ fixture: SiteFixture) -> URL {
        fixture.content.appendingPathComponent("runs/\(runningID)")
    }

    /// Row `iteration` of the running run as the fixture writer records it.
    static func row(_ iteration: Int) -> String {
        let lr = 1e-7 * pow(10, Double(iteration) * 0.4)
        let smooth = 2.3 - 1.5 * Double(min(iteration, 15)) / 15 + (iteration > 15 ? Double(iteration - 15) : 0)
        return "\(iteration),0,\(lr),0.9,\(smooth + 0.12 * sin(Double(iteration * 7))),\(smooth)\n"
    }

    /// Rewrites run.json's `status` atomically (temp file + rename), as the recorders do.
    static func setStatus(_ status: String, in folder: URL) throws {
        let url = folder.appendingPathComponent("run.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        object["status"] = status
        if status == "running" { object.removeValue(forKey: "endedAt") }
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url, options: .atomic)
    }

    /// Appends `text` to the running run's metrics.csv.
    static func append(_ text: String, fixture: SiteFixture) throws {
        let handle = try FileHandle(forWritingTo: runFolder(fixture).appendingPathComponent("metrics.csv"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Threads of this process (`Threads:` in /proc/self/status).
    static func threadCount() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
        return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    /// Open file descriptors of this process.
    static func openDescriptors() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }
}

/// A raw client socket to the server, kept open across reads (keep-alive requests, event streams).
final class RawConnection {
    let socket: Int32
    private(set) var received: [UInt8] = []

    init(port: UInt16, timeout: Int = 5) throws {
        guard let client = LoopbackClient.open(port: port, timeout: timeout) else {
            throw ProbeError("cannot connect to 127.0.0.1:\(port)")
        }
        socket = client
    }

    deinit { close(socket) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `done` holds for what arrived so far, the peer closes, or the timeout; returns all text received.
    @discardableResult
    func read(until done: (String) -> Bool) -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(text) {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[..<count]
        }
        return text
    }

    var text: String { String(decoding: received, as: UTF8.self) }

    /// True when the server closed the connection (recv returns 0 within the timeout).
    func closedByServer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return false }
            received += buffer[..<count]
        }
    }
}
