import Dispatch
import Foundation

/// Work on independent items spread over every core in contiguous chunks.
enum ParallelChunks {
    /// `body` with the chunks of `0..<count`, a few per core so that uneven items balance; each
    /// index is in exactly one chunk. Runs inline for small counts.
    static func run(_ count: Int, minimumChunk: Int = 16, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let chunks = max(1, min(count / max(minimumChunk, 1), cores * 8))
        if chunks == 1 || cores == 1 {
            body(0..<count)
            return
        }
        // Each chunk touches only its own indices, so sharing `body` between threads is safe although
        // the compiler cannot see it.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                work((chunk * count / chunks)..<((chunk + 1) * count / chunks))
            }
        }
    }

    /// `transform` of every index of `0..<count`, computed in parallel, in index order. Each chunk
    /// gets its own `context` (such as a decoder that must not be shared between threads).
    static func map<Context, T>(_ count: Int, context: () -> Context, _ transform: (inout Context, Int) -> T) -> [T] {
        let slots = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { slots.deallocate() }
        run(count, minimumChunk: 4) { range in
            var local = context()
            for index in range { (slots.baseAddress! + index).initialize(to: transform(&local, index)) }
        }
        let results = Array(slots)
        _ = slots.deinitialize()
        return results
    }
}
