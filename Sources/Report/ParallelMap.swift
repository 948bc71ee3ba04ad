import Foundation

/// Runs independent pieces of a build on every core while keeping results in input order.
enum ParallelMap {
    /// `body(0..<count)` spread over the cores; results come back in index order, so output is deterministic.
    ///
    /// When several calls throw, the error of the lowest index is rethrown (the one a sequential loop would hit).
    /// Indices are handed out in contiguous chunks, a few per core; with `oneByOne` each index is its own
    /// chunk, for a few large items of uneven size (put the largest first).
    static func map<T: Sendable>(_ count: Int, oneByOne: Bool = false, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        guard count > 1 else { return try (0..<count).map(body) }
        let slots = ResultSlots<T>(count: count)
        defer { slots.release() }
        // Chunks keep scheduling overhead low; a few per core balance uneven work.
        let chunks = oneByOne ? count : min(count, ProcessInfo.processInfo.activeProcessorCount * 16)
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * count / chunks, end = (chunk + 1) * count / chunks
                for index in start..<end {
                    slots.store(Result { try body(index) }, at: index)
                }
            }
        }
        return try slots.buffer.map { try $0!.get() }
    }

    /// `map` for work that cannot fail.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        // The throwing overload never throws when `body` does not.
        try! map(count, { (index: Int) throws -> T in body(index) })
    }
}

/// One result slot per index, written by many threads at once.
///
/// `@unchecked Sendable` is safe: every index is written by exactly one chunk of
/// `concurrentPerform`, no two chunks share an index, and the slots are read only after
/// `concurrentPerform` returned (which orders all writes before the reads).
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Result<T, Error>?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    func store(_ result: Result<T, Error>, at index: Int) { buffer[index] = result }

    func release() {
        buffer.deinitialize()
        buffer.deallocate()
    }
}
