/// FNV-1a, 64-bit: a small hash that is the same on every platform and in every process
/// (unlike `Hasher`), used to fingerprint run settings.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Mixes `bytes` into the hash.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    /// The hash of `text`'s UTF-8 bytes.
    public static func of(_ text: String) -> StableHash {
        var hash = StableHash()
        hash.combine(text.utf8)
        return hash
    }

    /// The value as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
