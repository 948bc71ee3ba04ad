import Foundation
import LRLabTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client over a raw socket, so tests can send paths (like `..`) a URL library would clean.
struct HTTPProbe {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    let port: UInt16

    func get(_ path: String) throws -> Response {
        try request("GET", path)
    }

    /// Sends one request and reads the whole response; gives up after `timeout` seconds.
    func request(_ method: String, _ path: String, timeout: Int = 5) throws -> Response {
        guard let client = LoopbackClient.open(port: port, timeout: timeout) else {
            throw ProbeError("cannot connect to 127.0.0.1:\(port)")
        }
        defer { close(client) }
        let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(client, $0.baseAddress!, $0.count, 0) }) == request.count else {
            throw ProbeError("cannot send the request")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress!, $0.count, 0) }
            if count < 0 { throw ProbeError("no complete response within \(timeout) s") }
            if count == 0 { break }
            received += buffer[..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ProbeError("malformed response: \(text.prefix(200))") }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ProbeError("bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}

struct ProbeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
