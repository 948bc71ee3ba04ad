/// A 64-bit hash of bytes, eight at a time, for telling data sets apart in run manifests (not
/// cryptographic: it detects change, it does not resist forgery).
///
/// Each 8-byte little-endian word is mixed in by multiply, rotate and multiply (the round of
/// the xxHash family, written here from its description); the tail is padded with zeros after its
/// length. The result depends only on the bytes fed in, in order.
struct ContentHasher {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var length: UInt64 = 0

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        var lane = word &* Self.prime2
        lane = (lane << 31) | (lane >> 33)
        lane = lane &* Self.prime1
        state ^= lane
        state = ((state << 27) | (state >> 37)) &* Self.prime1 &+ 0x85EB_CA77_C2B2_AE63
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        let words = bytes.count / 8
        for w in 0..<words { mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))) }
        let tail = bytes.count - words * 8
        if tail > 0 {
            var last: UInt64 = 0
            for k in 0..<tail { last |= UInt64(bytes[words * 8 + k]) << (8 * UInt64(k)) }
            mix(last ^ (UInt64(tail) << 56))
        }
    }

    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }
    mutating func update(_ value: Int) { mix(UInt64(bitPattern: Int64(value))) }
    mutating func update(_ text: String) {
        update(text.utf8.count)
        update(Array(text.utf8))
    }

    /// The hash as 16 lower-case hexadecimal digits.
    func finalized() -> String {
        var h = state ^ length
        h ^= h >> 33
        h = h &* Self.prime2
        h ^= h >> 29
        h = h &* Self.prime1
        h ^= h >> 32
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
