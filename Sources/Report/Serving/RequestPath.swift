import Foundation

/// The site path a request target names, or why it is refused; never touches the file system.
///
/// The target is decoded exactly once. Refused (403): targets that do not start with `/`, are
/// longer than `maxLength`, have a bad or double percent-encoding (a `%` left after decoding),
/// decode to a NUL or other control byte, a backslash or invalid UTF-8, or have an empty, `.`,
/// `..` or dot-file component (`//etc/passwd` has an empty one). A trailing `/` names its
/// `index.html`. What is left is looked up in the served snapshot, so a symlink in the output
/// folder is never followed.
enum RequestPath: Equatable, Sendable {
    case site(String)
    case refused(String)

    /// Longest target accepted, in bytes.
    static let maxLength = 1024

    init(target: String) {
        self = Self.resolve(target)
    }

    private static func resolve(_ target: String) -> RequestPath {
        let raw = Array(target.utf8)
        guard raw.count <= maxLength else { return .refused("the path is longer than \(maxLength) bytes") }
        guard raw.first == UInt8(ascii: "/") else { return .refused("the path must start with `/`") }
        let end = raw.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? raw.count
        var decoded: [UInt8] = []
        decoded.reserveCapacity(end)
        var index = 0
        while index < end {
            let byte = raw[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < end, let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else {
                    return .refused("the path has a malformed `%` escape")
                }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        for byte in decoded {
            if byte < 0x20 || byte == 0x7f { return .refused("the path holds a control character") }
            if byte == UInt8(ascii: "\\") { return .refused("the path holds a backslash") }
            if byte == UInt8(ascii: "%") { return .refused("the path is encoded twice") }
        }
        guard let path = String(validating: decoded, as: UTF8.self) else { return .refused("the path is not UTF-8") }
        var components = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if components.last == "" { components[components.count - 1] = "index.html" }
        for component in components {
            if component.isEmpty { return .refused("the path has an empty component (`//`)") }
            if component.hasPrefix(".") { return .refused("`.`, `..` and hidden files are not served") }
        }
        return .site(components.joined(separator: "/"))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
