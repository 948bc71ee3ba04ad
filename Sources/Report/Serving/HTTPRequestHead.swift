import Foundation

/// The request line and headers of one HTTP/1.x request, as the server needs them.
struct HTTPRequestHead: Sendable {
    /// Longest request head read; a longer one is answered 431 and the connection closed.
    static let maxBytes = 8192

    var method: String
    var target: String
    /// Whether the client wants the connection kept open after the response.
    var keepAlive: Bool
    /// The request announces a body (which the server never reads): the connection must close after the answer.
    var hasBody: Bool

    /// Parses the bytes before the blank line; nil when the request line is not `METHOD TARGET HTTP/1.x`.
    init?(_ bytes: ArraySlice<UInt8>) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard parts.count == 3, !parts[0].isEmpty, parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { return nil }
        method = String(parts[0])
        target = String(parts[1])
        var connection = ""
        hasBody = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "connection": connection = value
            case "content-length": hasBody = hasBody || value != "0"
            case "transfer-encoding": hasBody = true
            default: break
            }
        }
        keepAlive = !hasBody && (parts[2] == "HTTP/1.1" ? connection != "close" : connection == "keep-alive")
    }
}
