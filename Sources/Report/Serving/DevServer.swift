import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `report serve`: a small HTTP/1.1 server on 127.0.0.1 for the output folder that rebuilds on change.
///
/// One request per connection, GET/HEAD only, requests over 8 KiB refused; content is polled once a second.
/// `run` blocks until `stop()` is called from another thread (or the process ends).
///
/// `@unchecked Sendable`: the one member another thread touches, `stopRequested` (through
/// `stop()`), is behind `lock`; `lastStamp` is read and written only by the thread inside `run`,
/// and the other members are constants.
public final class DevServer: @unchecked Sendable {
    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "svg": "image/svg+xml",
        "xml": "application/xml; charset=utf-8", "csv": "text/csv; charset=utf-8",
        "json": "application/json", "jsonl": "application/x-ndjson; charset=utf-8",
        "png": "image/png", "txt": "text/plain; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "pdf": "application/pdf",
    ]

    let options: BuildOptions
    let port: UInt16
    private var lastStamp: [String: FileStamp] = [:]
    private let lock = NSLock()
    private var stopRequested = false

    /// Port 0 picks a free port; `run` passes the one it got to `onListening`.
    public init(options: BuildOptions, port: UInt16) {
        self.options = options
        self.port = port
    }

    /// Makes `run` return within a fraction of a second.
    public func stop() {
        lock.withLock { stopRequested = true }
    }

    private var isStopped: Bool { lock.withLock { stopRequested } }

    /// Builds, then serves until `stop()`; `log` receives one line per event, `onListening` the bound port.
    public func run(log: (String) -> Void, onListening: (UInt16) -> Void = { _ in }) throws {
        rebuild(log: log)
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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
        guard bound == 0, listen(server, 16) == 0 else {
            throw ReportError.io(path: "127.0.0.1:\(port)", problem: "cannot listen (port in use?); pass --port N")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(server, $0, &length) }
        }
        let boundPort = UInt16(bigEndian: address.sin_port)
        log("Serving \(options.outputDirectory.path) at http://127.0.0.1:\(boundPort)/index.html (Ctrl-C to stop)")
        onListening(boundPort)
        var lastPoll = DispatchTime.now().uptimeNanoseconds
        while !isStopped {
            var poller = pollfd(fd: server, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 200) > 0 {
                let client = accept(server, nil, nil)
                if client >= 0 { handle(client, log: log) }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastPoll >= 1_000_000_000 {
                lastPoll = now
                if contentChanged() { rebuild(log: log) }
            }
        }
    }

    private func rebuild(log: (String) -> Void) {
        _ = contentChanged()
        do {
            let report = try SiteBuilder(options: options).build()
            log("Built \(report.pages.count) files" + report.warnings.map { "\nwarning: \($0)" }.joined())
        } catch {
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

    private func handle(_ client: Int32, log: (String) -> Void) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 8192)
        var received = 0
        while received < buffer.count {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress! + received, $0.count - received, 0) }
            if count <= 0 { break }
            received += count
            if String(decoding: buffer[..<received], as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let request = String(decoding: buffer[..<received], as: UTF8.self)
        let parts = request.split(separator: "\r\n").first?.split(separator: " ") ?? []
        let response = respond(method: parts.first.map(String.init) ?? "", target: parts.count > 1 ? String(parts[1]) : "")
        log("\(parts.first ?? "?") \(parts.count > 1 ? parts[1] : "?") \(response.status)")
        var bytes = Data("HTTP/1.1 \(response.status)\r\nContent-Type: \(response.type)\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n\r\n".utf8)
        if parts.first != "HEAD" { bytes.append(response.body) }
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { break }
                sent += count
            }
        }
    }

    /// Status line, content type and body for a request; only files inside the output folder are served.
    func respond(method: String, target: String) -> (status: String, type: String, body: Data) {
        guard method == "GET" || method == "HEAD" else { return ("405 Method Not Allowed", "text/plain", Data("GET only\n".utf8)) }
        var path = String(target.split(separator: "?").first ?? "/").removingPercentEncoding ?? "/"
        if path.hasSuffix("/") { path += "index.html" }
        let components = path.split(separator: "/")
        guard !components.contains(".."), !path.contains("\\") else {
            return ("403 Forbidden", Self.contentTypes["txt"]!, Data("paths with `..` are refused\n".utf8))
        }
        let file = options.outputDirectory.appendingEntry(components.joined(separator: "/"))
        guard ContentPath.isInside(file, root: options.outputDirectory), !ContentPath.isDirectory(file),
              let body = try? Data(contentsOf: file) else {
            let page = (try? Data(contentsOf: options.outputDirectory.appendingEntry("404.html"))) ?? Data("not found\n".utf8)
            return ("404 Not Found", Self.contentTypes["html"]!, page)
        }
        return ("200 OK", Self.contentTypes[file.pathExtension.lowercased()] ?? "application/octet-stream", body)
    }
}

/// Modification time and size of a watched file.
struct FileStamp: Equatable {
    var seconds: Int
    var nanoseconds: Int
    var size: Int
}
