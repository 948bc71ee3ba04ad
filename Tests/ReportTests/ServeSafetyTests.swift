import Foundation
@testable import Report
import XCTest

/// `report serve` against hostile request paths (sent raw, never normalized), many clients and
/// clients that vanish, and rebuilds under concurrent reads.
final class ServeSafetyTests: XCTestCase {
    private var site: ServedSite?

    override func tearDown() {
        site?.stop()
        site = nil
    }

    func testRefusesPathsThatLeaveTheSite() throws {
        let fixture = try SiteFixture.standard()
        // A secret beside the output folder, and symlinks inside it pointing out.
        try Data("TOP-SECRET\n".utf8).write(to: fixture.root.appendingPathComponent("secret.txt"))
        let site = try ServedSite(fixture)
        self.site = site
        try FileManager.default.createSymbolicLink(atPath: fixture.output.path + "/leak.txt", withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: fixture.output.path + "/posts/outside", withDestinationPath: fixture.root.path)
        XCTAssertEqual(try site.probe.get("/posts/first%2Dsweep.html").status, 200, "a plain percent-escape still decodes")

        let hostile = [
            "/../secret.txt", "/posts/../../secret.txt", "/posts/../index.html", "/./index.html",
            "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/%2e%2E/secret.txt", "/.%2e/secret.txt", "/..%2fsecret.txt",
            "/%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/%25%32%65%25%32%65/secret.txt",
            "/..\\secret.txt", "/%5c..%5csecret.txt", "/posts\\..\\..\\secret.txt",
            "//etc/passwd", "/%2fetc/passwd", "/%2Fetc%2Fpasswd", "/etc/passwd", "etc/passwd", "secret.txt",
            "http://127.0.0.1/../secret.txt", "C:\\secret.txt", "*",
            "/index.html%00", "/index.html%00.txt", "/%00../secret.txt", "/index%0a.html", "/%ff%fe",
            "/%", "/%2", "/%zz", "/" + String(repeating: "a/", count: 3000), "/" + String(repeating: "%2e", count: 600),
            "/.lrlab-site", "/posts/.hidden", "/leak.txt", "/posts/outside/secret.txt", "/posts/outside/site/index.html",
        ]
        for path in hostile {
            let response = try site.probe.get(path)
            XCTAssertTrue([403, 404].contains(response.status), "\(path.prefix(80)) answered \(response.status)")
            XCTAssertFalse(response.body.contains("TOP-SECRET"), "\(path.prefix(80)) leaked the file outside the site")
            XCTAssertFalse(response.body.contains("root:x:0"), "\(path.prefix(80)) leaked /etc/passwd")
        }
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "/..\\secret.txt", "//etc/passwd",
                     "/index.html%00", "/" + String(repeating: "a", count: 2000)] {
            XCTAssertEqual(try site.probe.get(path).status, 403, "\(path.prefix(80)) is refused before any lookup")
        }
        XCTAssertEqual(try site.probe.get("/leak.txt").status, 404, "a symlink planted in the output folder is not followed")
    }

    func testRequestPathDecodesOnceAndRefusesTheRest() {
        XCTAssertEqual(RequestPath(target: "/"), .site("index.html"))
        XCTAssertEqual(RequestPath(target: "/posts/"), .site("posts/index.html"))
        XCTAssertEqual(RequestPath(target: "/a%20b.html?x=1#top"), .site("a b.html"))
        for target in ["/%2e%2e/x", "/%252e/x", "/a%00", "/a\\b", "//a", "a", "/.git/config", "/%c0%ae%c0%ae/x"] {
            guard case .refused = RequestPath(target: target) else { return XCTFail("\(target) was not refused") }
        }
    }

    func testManyClientsAndVanishingClientsLeakNothing() throws {
        let site = try ServedSite(try ServedSite.fixtureWithRunningRun())
        self.site = site
        let port = site.probe.port
        _ = try site.probe.get("/")
        Thread.sleep(forTimeInterval: 0.3)
        let descriptors = ServedSite.openDescriptors(), threads = ServedSite.threadCount()

        // Keep-alive clients: two requests on each connection, then they vanish without a word.
        var clients: [RawConnection] = []
        for _ in 0..<40 {
            let client = try RawConnection(port: port)
            client.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
            clients.append(client)
        }
        for client in clients {
            client.read { $0.contains("</html>") }
            client.send("GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")
            client.read { $0.components(separatedBy: "HTTP/1.1 200 OK").count == 3 }
            XCTAssertEqual(client.text.components(separatedBy: "HTTP/1.1 200 OK").count, 3, "two answers on one connection")
        }
        // Live streams of the running run, dropped mid-stream.
        var streams: [RawConnection] = []
        for _ in 0..<20 {
            let stream = try RawConnection(port: port)
            stream.send("GET /_live/\(ServedSite.runningID) HTTP/1.1\r\nHost: x\r\n\r\n")
            stream.read { $0.contains("event: status") }
            XCTAssertTrue(stream.text.contains("text/event-stream"))
            streams.append(stream)
        }
        XCTAssertEqual(site.server.activeLiveStreams, 20)
        XCTAssertEqual(site.server.activeConnections, 60)
        clients.removeAll()
        streams.removeAll()
        XCTAssertTrue(waitUntil(3) { site.server.activeConnections == 0 },
                      "\(site.server.activeConnections) connections still open 3 s after their clients left")
        XCTAssertEqual(site.server.activeLiveStreams, 0)
        XCTAssertTrue(waitUntil(2) { ServedSite.openDescriptors() <= descriptors },
                      "descriptors: \(descriptors) before, \(ServedSite.openDescriptors()) after the clients left")
        XCTAssertTrue(waitUntil(2) { ServedSite.threadCount() <= threads },
                      "threads: \(threads) before, \(ServedSite.threadCount()) after the clients left")

        // Past the connection limit the server answers 503 at once instead of queueing forever.
        var idle: [RawConnection] = []
        for _ in 0..<DevServer.maxConnections { idle.append(try RawConnection(port: port)) }
        XCTAssertTrue(waitUntil(3) { site.server.activeConnections == DevServer.maxConnections })
        let extra = try RawConnection(port: port)
        XCTAssertTrue(extra.read { $0.contains("\r\n\r\n") }.hasPrefix("HTTP/1.1 503"), "over the limit: \(extra.text.prefix(40))")
        idle.removeAll()
        XCTAssertTrue(waitUntil(3) { site.server.activeConnections == 0 })
        XCTAssertEqual(try site.probe.get("/").status, 200, "the server still answers after the crowd left")
        site.stop()
        self.site = nil
        XCTAssertTrue(waitUntil(2) { ServedSite.openDescriptors() <= descriptors },
                      "the stopped server left descriptors open: \(descriptors) with it listening, \(ServedSite.openDescriptors()) after")
    }

    /// Pages fetched while rebuilds swap the site are always one whole build's bytes.
    func testRebuildsNeverServeAHalfWrittenPage() throws {
        let fixture = try SiteFixture.standard()
        let post = fixture.content.appendingPathComponent("posts/2026-11-20-first-sweep.md")
        let original = try String(contentsOf: post, encoding: .utf8)
        // A long body, so a page written in parts would be seen in parts.
        let versions = ["Version A", "Version B"].map { title in
            original.replacingOccurrences(of: "title: \"First sweep\"", with: "title: \"\(title)\"")
                + String(repeating: "\nA paragraph of \(title) to make the page long. ", count: 4000)
        }
        var expected: [Data] = []
        for version in versions {
            try Data(version.utf8).write(to: post)
            try SiteBuilder(options: fixture.options()).build()
            expected.append(try Data(contentsOf: fixture.output.appendingPathComponent("posts/first-sweep.html")))
        }
        let site = try ServedSite(fixture)
        self.site = site
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var fetched = 0, titles = Set<String>(), bad: [String] = []
        }
        let tally = Tally()
        let done = DispatchSemaphore(value: 0)
        let stopAt = Date().addingTimeInterval(6)
        let probe = site.probe, wanted = expected.map { String(decoding: $0, as: UTF8.self) }
        for _ in 0..<4 {
            Thread {
                while Date() < stopAt {
                    guard let page = try? probe.get("/posts/first-sweep.html") else { continue }
                    tally.lock.withLock {
                        tally.fetched += 1
                        if let index = wanted.firstIndex(of: page.body) { tally.titles.insert(["A", "B"][index]) }
                        else { tally.bad.append("\(page.status), \(page.body.count) bytes, ends \(page.body.suffix(20))") }
                    }
                }
                done.signal()
            }.start()
        }
        var flips = 0
        while Date() < stopAt.addingTimeInterval(-1) {
            flips += 1
            try Data(versions[flips % 2].utf8).write(to: post)
            Thread.sleep(forTimeInterval: 1.2)
        }
        for _ in 0..<4 { XCTAssertEqual(done.wait(timeout: .now() + 10), .success) }
        XCTAssertTrue(tally.bad.isEmpty, "\(tally.bad.count) of \(tally.fetched) pages were not a whole build: \(tally.bad.prefix(3))")
        XCTAssertEqual(tally.titles, ["A", "B"], "both builds were served during \(flips) edits (\(tally.fetched) fetches)")
    }

    private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }
}
