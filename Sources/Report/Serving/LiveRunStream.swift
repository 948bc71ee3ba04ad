import ArtifactSchema
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows a running run's folder and sends what it writes as server-sent events (`/_live/<slug>`).
///
/// Events, in this order on connect and then as the files grow: `header` (metrics.csv's header
/// line), `rows` (one `data:` line per new whole row; a partly written last line waits for its
/// newline), `reset` (metrics.csv was replaced or shrank: the rows start over) and `status` (the
/// run.json `status`, sent after the rows written before it). The stream ends after a status
/// other than `running`, when the client goes away, or when the server stops; a comment line
/// every `heartbeatSeconds` finds clients that vanished without closing.
struct LiveRunStream {
    /// How often the folder is looked at, in milliseconds.
    static let tickMilliseconds: Int32 = 250
    static let heartbeatSeconds = 10.0
    /// At most this many bytes of metrics.csv are read per look, so a huge file streams in parts.
    static let chunkLimit = 1 << 20

    let folder: URL
    let socket: Int32
    let isStopped: () -> Bool

    private var offset = 0
    private var inode: UInt64 = 0
    private var status: String?

    init(folder: URL, socket: Int32, isStopped: @escaping () -> Bool) {
        self.folder = folder
        self.socket = socket
        self.isStopped = isStopped
    }

    /// Streams until the run ends, the client leaves or the server stops.
    mutating func run() {
        guard SocketIO.sendAll(socket, Data("retry: 3000\n\n".utf8)) else { return }
        var lastSend = Date()
        while !isStopped() {
            var events = newRows()
            let current = readStatus()
            if let current, current != status {
                events += Self.event("status", lines: [current])
                status = current
            }
            if events.isEmpty, Date().timeIntervalSince(lastSend) >= Self.heartbeatSeconds { events = ": still here\n\n" }
            if !events.isEmpty {
                guard SocketIO.sendAll(socket, Data(events.utf8)) else { return }
                lastSend = Date()
            }
            if let status, status != RunStatus.running.rawValue { return }
            if clientLeft() { return }
        }
    }

    /// Waits one tick for the client; true when it closed its side (it sends nothing after the request).
    private func clientLeft() -> Bool {
        guard SocketIO.waitReadable(socket, milliseconds: Self.tickMilliseconds) else { return false }
        var scratch = [UInt8](repeating: 0, count: 512)
        let count = scratch.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR)
    }

    private func readStatus() -> String? {
        guard let data = try? Data(contentsOf: folder.appendingEntry(RunFiles.manifest)) else { return nil }
        return SiteSnapshot.idAndStatus(data)?.1
    }

    /// The events for the whole lines metrics.csv gained since the last call.
    private mutating func newRows() -> String {
        let descriptor = open(folder.appendingEntry(RunFiles.metrics).path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return "" }
        var events = ""
        let size = Int(info.st_size)
        if UInt64(info.st_ino) != inode || size < offset {
            if offset > 0 { events += Self.event("reset", lines: [""]) }
            inode = UInt64(info.st_ino)
            offset = 0
        }
        let wanted = min(size - offset, Self.chunkLimit)
        guard wanted > 0 else { return events }
        var chunk = [UInt8](repeating: 0, count: wanted)
        let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, wanted, off_t(offset)) }
        guard count > 0, let lastNewline = chunk[..<count].lastIndex(of: 10) else { return events }
        var lines = chunk[...lastNewline].split(separator: 10).map { line in
            String(decoding: line.filter { $0 != 13 }, as: UTF8.self)
        }
        if offset == 0, !lines.isEmpty { events += Self.event("header", lines: [lines.removeFirst()]) }
        offset += lastNewline + 1
        if !lines.isEmpty { events += Self.event("rows", lines: lines) }
        return events
    }

    /// One event: its name and a `data:` line per line (none of which holds a line break).
    static func event(_ name: String, lines: [String]) -> String {
        "event: \(name)\n" + lines.map { "data: \($0)\n" }.joined() + "\n"
    }
}
