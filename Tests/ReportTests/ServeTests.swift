import Foundation
import Report
import XCTest

/// `report serve` on a free loopback port: pages, content types, 404, refused `..`, rebuild on change.
final class ServeTests: XCTestCase {
    private var fixture: SiteFixture!
    private var server: DevServer!
    private var serverThread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the server on a background thread and returns a client for the port it bound.
    private func startServer() throws -> HTTPProbe {
        fixture = try SiteFixture.standard()
        server = DevServer(options: fixture.options(), port: 0)
        let listening = DispatchSemaphore(value: 0)
        let bound = BoundPort()
        let server = self.server!, finished = self.finished
        let thread = Thread {
            do {
                try server.run(log: { _ in }, onListening: { bound.port = $0; listening.signal() })
            } catch {
                listening.signal()
            }
            finished.signal()
        }
        thread.start()
        serverThread = thread
        guard listening.wait(timeout: .now() + 30) == .success, bound.port != 0 else {
            throw ProbeError("the server did not start listening within 30 s")
        }
        return HTTPProbe(port: bound.port)
    }

    override func tearDown() {
        if let server {
            server.stop()
            XCTAssertEqual(finished.wait(timeout: .now() + 5), .success, "the server did not stop within 5 s")
        }
        server = nil
        fixture = nil
    }

    func testServesPagesWithContentTypesAndRefusesBadPaths() throws {
        let probe = try startServer()
        let home = try probe.get("/")
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertTrue(home.body.contains("First sweep"), "the home page lists the posts")

        let post = try probe.get("/posts/first-sweep.html")
        XCTAssertEqual(post.status, 200)
        XCTAssertTrue(post.body.contains("<h1>First sweep</h1>"))
        XCTAssertEqual(try probe.get("/style.css").headers["content-type"], "text/css; charset=utf-8")
        XCTAssertEqual(try probe.get("/runs/lrfind-cnn-bs64-s0-3fa2c1/plot.svg").headers["content-type"], "image/svg+xml")
        XCTAssertEqual(try probe.request("HEAD", "/feed.xml").body, "", "HEAD sends no body")

        let missing = try probe.get("/posts/no-such-post.html")
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.body.contains("Page not found"), "unknown paths get the site's 404 page")

        // site.yml sits next to the output folder's parent content: `..` must never reach it.
        for path in ["/../Content/site.yml", "/posts/../../Content/site.yml", "/%2e%2e/Content/site.yml"] {
            let refused = try probe.get(path)
            XCTAssertEqual(refused.status, 403, path)
            XCTAssertFalse(refused.body.contains("Range tests explained"), "\(path) leaked a file outside the site")
        }
        XCTAssertEqual(try probe.request("POST", "/").status, 405)
    }

    func testRebuildsWhenAPostChanges() throws {
        let probe = try startServer()
        XCTAssertFalse(try probe.get("/posts/first-sweep.html").body.contains("Renamed sweep"))
        let file = fixture.content.appendingPathComponent("posts/2026-11-20-first-sweep.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "title: \"First sweep\"", with: "title: \"Renamed sweep\"").utf8).write(to: file)
        let deadline = Date().addingTimeInterval(8)
        var seen = false
        while !seen, Date() < deadline {
            seen = try probe.get("/posts/first-sweep.html").body.contains("<h1>Renamed sweep</h1>")
            if !seen { Thread.sleep(forTimeInterval: 0.2) }
        }
        XCTAssertTrue(seen, "the post page did not show the new title within 8 s of the edit")
    }
}

/// The port the server thread reports; the semaphore it signals orders the write before the read.
private final class BoundPort: @unchecked Sendable {
    var port: UInt16 = 0
}
