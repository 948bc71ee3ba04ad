import TensorCore

/// Reads the values `CheckpointWriter` wrote, failing (never crashing) on malformed input.
struct CheckpointReader {
    /// What was wrong with the bytes, in plain words.
    struct Failure: Error {
        let message: String
    }

    private let bytes: [UInt8]
    private(set) var offset: Int

    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ what: @autoclosure () -> String) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw Failure(message: "the file ends inside \(what())") }
        var value: T = 0
        for index in 0..<size { value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }

    mutating func readCount(_ what: @autoclosure () -> String, elementSize: Int) throws -> Int {
        let count = Int(try read(UInt32.self, what()))
        guard count * elementSize <= remaining else {
            throw Failure(message: "\(what()) claims \(count) entries, more than the file holds")
        }
        return count
    }

    mutating func readString(_ what: @autoclosure () -> String) throws -> String {
        let count = try readCount(what(), elementSize: 1)
        defer { offset += count }
        guard let string = String(validating: bytes[offset..<(offset + count)], as: UTF8.self) else {
            throw Failure(message: "\(what()) is not valid UTF-8")
        }
        return string
    }

    mutating func readFloats(_ what: @autoclosure () -> String) throws -> [Float] {
        let count = try readCount(what(), elementSize: 4)
        return try (0..<count).map { _ in Float(bitPattern: try read(UInt32.self, what())) }
    }

    mutating func readTensor(_ what: @autoclosure () -> String) throws -> Tensor {
        let rank = Int(try read(UInt32.self, "the rank of \(what())"))
        guard rank <= 16 else { throw Failure(message: "\(what()) has rank \(rank)") }
        var shape: [Int] = []
        var count = 1
        for _ in 0..<rank {
            let dimension = try read(UInt64.self, "the shape of \(what())")
            // Checked alone too: after a 0 the product stays 0 whatever the dimension.
            guard let size = Int(exactly: dimension) else {
                throw Failure(message: "\(what()) has a dimension of \(dimension), more than any tensor holds")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= remaining / 4 else {
                throw Failure(message: "\(what()) claims more values than the file holds")
            }
            shape.append(size)
            count = product
        }
        guard count * 4 <= remaining else { throw Failure(message: "\(what()) claims more values than the file holds") }
        let storage = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count * 4)])
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                #else
                for index in 0..<count { buffer[index] = Float(bitPattern: source.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self).littleEndian) }
                #endif
            }
            initialized = count
        }
        offset += count * 4
        return Tensor(shape: shape, storage: storage)
    }
}
