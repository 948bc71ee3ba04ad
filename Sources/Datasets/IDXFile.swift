/// An IDX file (the format of MNIST and Fashion-MNIST): the sizes of its dimensions and its
/// unsigned-byte values in row-major order.
///
/// The header is two zero bytes, a data-type byte (0x08 for unsigned byte, the only type
/// supported), a dimension-count byte, then each dimension's size as a big-endian `UInt32`.
public struct IDXFile: Equatable, Sendable {
    /// The magic number of a file of unsigned-byte images (3 dimensions: count, rows, columns).
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// The magic number of a file of unsigned-byte labels (1 dimension: count).
    public static let labelsMagic: UInt32 = 0x0000_0801
    /// The data-type byte of unsigned bytes.
    public static let unsignedByteType: UInt8 = 0x08

    /// The size of each dimension, outermost (the example count) first.
    public var dimensions: [Int]
    /// The values, `dimensions.reduce(1, *)` of them.
    public var values: [UInt8]

    /// A file of `values` with the given dimensions.
    public init(dimensions: [Int], values: [UInt8]) {
        precondition(!dimensions.isEmpty && dimensions.count < 256, "IDX files have 1 to 255 dimensions")
        precondition(dimensions.allSatisfy { $0 >= 0 && $0 <= Int(UInt32.max) }, "IDX dimension out of range")
        precondition(values.count == dimensions.reduce(1, *),
                     "dimensions \(dimensions) need \(dimensions.reduce(1, *)) values, got \(values.count)")
        self.dimensions = dimensions
        self.values = values
    }

    /// The magic number of this file's header.
    public var magic: UInt32 { UInt32(IDXFile.unsignedByteType) << 8 | UInt32(dimensions.count) }

    /// Reads the IDX file at `path`, raw or gzip'd (recognised by content, not by name).
    ///
    /// - Parameters:
    ///   - expectedMagic: `imagesMagic`, `labelsMagic` or nil to accept any unsigned-byte file.
    ///   - hint: how to get a good file, appended to every error.
    public static func read(path: String, expectedMagic: UInt32? = nil,
                            hint: String = IDXError.defaultHint) throws -> IDXFile {
        return try parse(FileBytes.read(path: path, hint: hint), path: path, expectedMagic: expectedMagic, hint: hint)
    }

    /// Decodes an IDX file from its uncompressed bytes; `path` only names the file in errors.
    public static func parse(_ bytes: consuming [UInt8], path: String, expectedMagic: UInt32? = nil,
                             hint: String = IDXError.defaultHint) throws -> IDXFile {
        func failure(_ problem: IDXError.Problem) -> IDXError {
            IDXError(path: path, problem: problem, hint: hint)
        }
        guard bytes.count >= 4 else { throw failure(.headerTooShort(needed: 4, actual: bytes.count)) }
        let magic = bigEndianWord(bytes, at: 0)
        if let expected = expectedMagic, magic != expected {
            throw failure(.badMagic(found: magic, expected: expected))
        }
        guard bytes[0] == 0, bytes[1] == 0, bytes[3] > 0 else {
            throw failure(.badMagic(found: magic, expected: expectedMagic))
        }
        guard bytes[2] == unsignedByteType else { throw failure(.unsupportedDataType(bytes[2])) }

        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw failure(.headerTooShort(needed: headerSize, actual: bytes.count))
        }
        let dimensions = (0..<rank).map { Int(bigEndianWord(bytes, at: 4 + 4 * $0)) }
        let actualBytes = bytes.count - headerSize
        // A product past Int.max (dimensions such as 0x6D000808 x 0x086D6D6D x ...) is more than any file holds.
        var expectedBytes = 1
        for size in dimensions {
            let (product, overflow) = expectedBytes.multipliedReportingOverflow(by: size)
            guard !overflow else { throw failure(.truncatedPayload(expectedBytes: Int.max, actualBytes: actualBytes)) }
            expectedBytes = product
        }
        if actualBytes < expectedBytes {
            throw failure(.truncatedPayload(expectedBytes: expectedBytes, actualBytes: actualBytes))
        }
        if actualBytes > expectedBytes { throw failure(.trailingBytes(count: actualBytes - expectedBytes)) }
        bytes.removeFirst(headerSize)  // in place when the caller gave up `bytes`: no second copy
        return IDXFile(dimensions: dimensions, values: bytes)
    }

    /// The file's bytes: header then values, uncompressed.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, IDXFile.unsignedByteType, UInt8(dimensions.count)]
        bytes.reserveCapacity(4 + 4 * dimensions.count + values.count)
        for size in dimensions {
            let word = UInt32(size)
            bytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
        }
        bytes += values
        return bytes
    }

    private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
