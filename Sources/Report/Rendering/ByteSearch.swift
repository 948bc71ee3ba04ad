import Foundation

extension StringProtocol {
    /// The first range of `needle`'s UTF-8 bytes in this text, found with the C library's
    /// `memchr` and `memcmp`.
    ///
    /// `utf8.firstRange(of:)` runs a generic searcher that is many times slower, and the build
    /// searches every post, page and plot. Falls back to it for text without contiguous UTF-8.
    func firstByteRange(of needle: String) -> Range<Index>? {
        var needle = needle
        let offset: Int?? = needle.withUTF8 { wanted in
            utf8.withContiguousStorageIfAvailable { text -> Int? in
                guard let first = wanted.first else { return 0 }
                guard let base = text.baseAddress, wanted.count <= text.count else { return nil }
                let last = text.count - wanted.count
                var start = 0
                // memchr finds candidates for the first byte; memcmp checks the rest.
                while start <= last, let hit = memchr(base + start, Int32(first), last - start + 1) {
                    let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, wanted.baseAddress!, wanted.count) == 0 { return offset }
                    start = offset + 1
                }
                return nil
            }
        }
        switch offset {
        case .none:
            return utf8.firstRange(of: needle.utf8)
        case .some(.none):
            return nil
        case let .some(.some(start)):
            let lower = utf8.index(startIndex, offsetBy: start)
            return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
        }
    }

    /// Whether the text holds `needle`'s UTF-8 bytes anywhere.
    func containsBytes(_ needle: String) -> Bool { firstByteRange(of: needle) != nil }
}
