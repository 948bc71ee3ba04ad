import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `report serve`: a small HTTP/1.1 server on 127.0.0.1 for the built site, rebuilt when content changes.
///
/// GET/HEAD only, keep-alive, one thread per connection up to `maxConnections` (more get 503),
/// request heads over 8 KiB refused, idle connections closed after `idleSeconds`. Pages come from
/// an in-memory `SiteSnapshot` of the last good build, swapped whole after each rebuild, so a
/// request never sees a half-written page; paths are checked by `RequestPath`. Content, templates
/// and run folders are polled once a second on a watcher thread. A running run's page gets
/// `/_live/live.js`, which follows `/_live/<slug>` (`LiveRunStream`, at most `maxLiveStreams`).
/// `run` blocks until `stop()` is called from another thread, then returns once every
/// connection and the watcher have ended.
///
/// `@unchecked Sendable`: the mutable members (`snapshot`, the counters, `stopRequested`) are
/// only touched with `state` locked; `lastStamp` only by the thread inside `run` before the
/// watcher starts and then by the watcher alone; the rest are constants.
public final class DevServer: @unchecked Sendable {
    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml",
        "xml": "application/xml; charset=utf-8", "csv": "text/csv; charset=utf-8",
        "json": "application/json", "jsonl": "application/x-ndjson; charset=utf-8",
        "png": "image/png", "txt": "text/plain; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "pdf": "application/pdf",
    ]
    /// Connections served at once (live streams included); one more is answered 503 and closed.
    public static let maxConnections = 128
    /// Live-run streams at once; one more is answered 503.
    public static let maxLiveStreams = 32
    /// A connection with no complete request for this long is closed.
    static let idleSeconds = 5.0
    /// Site path prefix of the live endpoints (no built page starts with `_`).
    static let livePrefix = "_live/"

    let options: BuildOptions
    let port: UInt16
    private var lastStamp: [String: FileStamp] = [:]
    private let state = NSCondition()
    private var stopRequested = false
    private var snapshot = SiteSnapshot(files: [:])
    private var buildError: String?
    private var connections = 0
    private var liveStreams = 0
    private var threads = 0

    /// Port 0 picks a free port; `run` passes the one it got to `onListening`.
    public init(options: BuildOptions, port: UInt16) {
        self.options = options
        self.port = port
    }

    /// Makes `run` return within a fraction of a second (after a rebuild in progress).
    public func stop() {
        locked { stopRequested = true }
    }

    private func locked<T>(_ body: () -> T) -> T {
        state.lock()
        defer { state.unlock() }
        return body()
    }

    private var isStopped: Bool { locked { stopRequested } }
    /// Connections being served now, live streams included.
    var activeConnections: Int { locked { connections } }
    /// Live-run streams open now.
    var activeLiveStreams: Int { locked { liveStreams } }
    /// The snapshot requests are answered from now.
    var currentSnapshot: SiteSnapshot { locked { snapshot } }

    /// Builds, then serves until `stop()`; `log` receives one line per rebuild, refused or failed
    /// request and live stream (from several threads, one call at a time), `onListening` the bound port.
    public func run(log: @escaping @Sendable (String) -> Void, onListening: (UInt16) -> Void = { _ in }) throws {
        let logLock = NSLock()
        let log: @Sendable (String) -> Void = { line in logLock.withLock { log(line) } }
        rebuild(log: log)
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard server >= 0 else { throw ReportError.io(path: "127.0.0.1:\(port)", problem: "cannot open a socket") }
        defer { close(server) }
        var yes: Int32 = 1
        setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(server, 256) == 0 else {
            throw ReportError.io(path: "127.0.0.1:\(port)", problem: "cannot listen (port in use?); pass --port N")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(server, $0, &length) }
        }
        let boundPort = UInt16(bigEndian: address.sin_port)
        log("Serving \(options.outputDirectory.path) at http://127.0.0.1:\(boundPort)/index.html (Ctrl-C to stop)")
        onListening(boundPort)
        startThread { self.watch(log: log) }
        while !isStopped {
            guard SocketIO.waitReadable(server, milliseconds: 200) else { continue }
            let client = accept(server, nil, nil)
            guard client >= 0 else { continue }
            // Close-on-exec, so a process the host starts (a browser in the tests) holds no connection open.
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let admitted = locked { () -> Bool in
                guard connections < Self.maxConnections else { return false }
                connections += 1
                return true
            }
            guard admitted else {
                SocketIO.setTimeouts(client, seconds: 1)
                _ = SocketIO.sendAll(client, Self.head("503 Service Unavailable", type: Self.contentTypes["txt"]!,
                                                       length: 18, keepAlive: false) + Data("too many clients\r\n".utf8))
                close(client)
                log("refused a connection: \(Self.maxConnections) already open")
                continue
            }
            startThread {
                self.serve(client, log: log)
                self.locked { self.connections -= 1 }
            }
        }
        // Every thread checks `isStopped` at least every 250 ms; wait for the last one.
        state.lock()
        while threads > 0 { state.wait() }
        state.unlock()
    }

    /// Runs `body` on a new thread that `run` waits for before returning.
    private func startThread(_ body: @escaping @Sendable () -> Void) {
        locked { threads += 1 }
        let thread = Thread {
            body()
            self.state.lock()
            self.threads -= 1
            self.state.broadcast()
            self.state.unlock()
        }
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// Polls the watched folders once a second and rebuilds when something changed.
    private func watch(log: @Sendable (String) -> Void) {
        var last = Date()
        while !isStopped {
            usleep(100_000)
            guard Date().timeIntervalSince(last) >= 1 else { continue }
            last = Date()
            if contentChanged() { rebuild(log: log) }
        }
    }

    /// Builds the site and swaps in its snapshot; after a failure the last good build stays served.
    private func rebuild(log: (String) -> Void) {
        _ = contentChanged()
        do {
            let report = try SiteBuilder(options: options).build()
            let fresh = try SiteSnapshot.load(pages: report.pages, output: options.outputDirectory, options: options)
            locked {
                snapshot = fresh
                buildError = nil
            }
            let live = fresh.liveFolders.isEmpty ? "" : " (\(fresh.liveFolders.count) running, followed live)"
            log("Built \(report.pages.count) files" + live + report.warnings.map { "\nwarning: \($0)" }.joined())
        } catch {
            locked { buildError = "\(error)" }
            log("error: \(error)")
        }
    }

    /// True when any file under the content, templates or runs folders changed since the last call.
    func contentChanged() -> Bool {
        var stamps: [String: FileStamp] = [:]
        for root in [options.contentDirectory, options.templatesDirectory] + options.runDirectories {
            guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let path = root.path + "/" + relative
                var status = stat()
                guard stat(path, &status) == 0 else { continue }
                stamps[path] = FileStamp(seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec),
                                         size: Int(status.st_size))
            }
        }
        defer { lastStamp = stamps }
        return stamps != lastStamp
    }

    /// Answers requests on one connection until it closes, idles out, or the server stops.
    private func serve(_ client: Int32, log: @Sendable (String) -> Void) {
        defer { close(client) }
        SocketIO.setTimeouts(client, seconds: 5)
        var buffer: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 16384)
        var idleSince = Date()
        while !isStopped {
            if let end = Self.headEnd(buffer) {
                let headBytes = buffer[..<end]
                buffer.removeFirst(end + 4)
                guard let head = HTTPRequestHead(headBytes) else {
                    _ = SocketIO.sendAll(client, Self.plain("400 Bad Request", "not an HTTP/1.x request line\n"))
                    log("? ? 400")
                    return
                }
                if case .site(let path) = RequestPath(target: head.target), path.hasPrefix(Self.livePrefix),
                   path != Self.livePrefix + "live.js" {
                    streamLive(String(path.dropFirst(Self.livePrefix.count)), head: head, client: client, log: log)
                    return
                }
                let response = respond(method: head.method, target: head.target)
                if !response.status.hasPrefix("200") { log("\(head.method) \(head.target.prefix(200)) \(response.status)") }
                var bytes = Self.head(response.status, type: response.type, length: response.body.count,
                                      keepAlive: head.keepAlive, extra: response.status.hasPrefix("405") ? "Allow: GET, HEAD\r\n" : "")
                if head.method != "HEAD" { bytes.append(response.body) }
                guard SocketIO.sendAll(client, bytes), head.keepAlive else { return }
                idleSince = Date()
                continue
            }
            if buffer.count > HTTPRequestHead.maxBytes {
                _ = SocketIO.sendAll(client, Self.plain("431 Request Header Fields Too Large", "the request head is over 8 KiB\n"))
                log("? ? 431")
                return
            }
            if Date().timeIntervalSince(idleSince) > Self.idleSeconds { return }
            guard SocketIO.waitReadable(client, milliseconds: 200) else { continue }
            let count = scratch.withUnsafeMutableBytes { recv(client, $0.baseAddress!, $0.count, 0) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { return }
            buffer += scratch[..<count]
        }
    }

    /// Index of the blank line ending the request head in `buffer`, if it arrived.
    private static func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// `/_live/<slug>`: the run's server-sent events until it ends; 404 for a run that is not running.
    private func streamLive(_ slug: String, head: HTTPRequestHead, client: Int32, log: @Sendable (String) -> Void) {
        guard head.method == "GET" || head.method == "HEAD" else {
            _ = SocketIO.sendAll(client, Self.plain("405 Method Not Allowed", "GET only\n"))
            return
        }
        guard let folder = currentSnapshot.liveFolders[slug] else {
            _ = SocketIO.sendAll(client, Self.plain("404 Not Found", "no running run `\(slug)` on this site\n"))
            log("GET /_live/\(slug.prefix(100)) 404")
            return
        }
        let admitted = locked { () -> Bool in
            guard liveStreams < Self.maxLiveStreams else { return false }
            liveStreams += 1
            return true
        }
        guard admitted else {
            _ = SocketIO.sendAll(client, Self.plain("503 Service Unavailable", "too many live streams\n"))
            log("GET /_live/\(slug) 503 (\(Self.maxLiveStreams) streams open)")
            return
        }
        defer { locked { liveStreams -= 1 } }
        let headers = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        guard SocketIO.sendAll(client, Data(headers.utf8)), head.method == "GET" else { return }
        log("live: following \(slug)")
        var stream = LiveRunStream(folder: folder, socket: client) { [weak self] in self?.isStopped ?? true }
        stream.run()
        log("live: stream of \(slug) ended")
    }

    /// Status line, content type and body for a request, from the current snapshot.
    func respond(method: String, target: String) -> (status: String, type: String, body: Data) {
        guard method == "GET" || method == "HEAD" else { return ("405 Method Not Allowed", Self.contentTypes["txt"]!, Data("GET only\n".utf8)) }
        let path: String
        switch RequestPath(target: target) {
        case .refused(let reason): return ("403 Forbidden", Self.contentTypes["txt"]!, Data("refused: \(reason)\n".utf8))
        case .site(let site): path = site
        }
        let (site, error) = locked { (snapshot, buildError) }
        if site.files.isEmpty, let error {
            return ("503 Service Unavailable", Self.contentTypes["txt"]!, Data("the site did not build:\n\(error)\n".utf8))
        }
        if path == Self.livePrefix + "live.js", let script = site.liveScript {
            return ("200 OK", Self.contentTypes["js"]!, script)
        }
        guard let body = site.files[path] else {
            return ("404 Not Found", Self.contentTypes["html"]!, site.files["404.html"] ?? Data("not found\n".utf8))
        }
        let type = path.lastIndex(of: ".").map { Self.contentTypes[path[path.index(after: $0)...].lowercased()] } ?? nil
        return ("200 OK", type ?? "application/octet-stream", body)
    }

    private static func head(_ status: String, type: String, length: Int, keepAlive: Bool, extra: String = "") -> Data {
        Data(("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(length)\r\nCache-Control: no-cache\r\n"
              + "X-Content-Type-Options: nosniff\r\n\(extra)Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n").utf8)
    }

    private static func plain(_ status: String, _ text: String) -> Data {
        head(status, type: contentTypes["txt"]!, length: text.utf8.count, keepAlive: false) + Data(text.utf8)
    }
}

/// Modification time and size of a watched file.
struct FileStamp: Equatable {
    var seconds: Int
    var nanoseconds: Int
    var size: Int
}
