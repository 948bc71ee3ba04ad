import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocking socket calls with the retries and limits the server needs.
enum SocketIO {
    /// Sends every byte; false when the peer is gone or a send timed out (`SO_SNDTIMEO`).
    static func sendAll(_ socket: Int32, _ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            guard var pointer = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let count = send(socket, pointer, left, Int32(MSG_NOSIGNAL))
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return false }
                pointer += count
                left -= count
            }
            return true
        }
    }

    /// Waits up to `milliseconds` for `socket` to be readable (or closed by the peer).
    static func waitReadable(_ socket: Int32, milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, milliseconds) > 0
    }

    /// Sets the send and receive timeouts of `socket`.
    static func setTimeouts(_ socket: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }
}
