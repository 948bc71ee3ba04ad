/// The fields of one serialized protocol-buffer message, read in order without a schema.
///
/// Supports the wire types proto3 messages use (varint, 64-bit, length-delimited, 32-bit);
/// the deprecated group wire types and malformed input throw `ProtobufFields.Malformed`.
/// Nested messages are read as sub-ranges of the same bytes, without copying.
struct ProtobufFields {
    /// One field's value as stored on the wire.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(Range<Int>)
        case fixed32(UInt32)
    }

    struct Field {
        let number: Int
        let value: Value
    }

    /// Why the bytes are not a valid message.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    let bytes: [UInt8]
    let range: Range<Int>

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.range = range ?? bytes.indices
    }

    /// The message stored in a length-delimited field's range.
    func message(_ range: Range<Int>) -> ProtobufFields { ProtobufFields(bytes, range: range) }

    /// The UTF-8 text in `range` (invalid sequences replaced).
    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Calls `body` with each field in order.
    func forEach(_ body: (Field) throws -> Void) throws {
        var cursor = Cursor(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        while cursor.position < cursor.end { try body(try cursor.readField()) }
    }

    /// A reading position in the message.
    private struct Cursor {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        mutating func readField() throws -> Field {
            let key = try readVarint()
            let number = Int(truncatingIfNeeded: key >> 3)
            guard number > 0 else { throw Malformed(description: "field number 0 at byte \(position)") }
            switch key & 7 {
            case 0: return Field(number: number, value: .varint(try readVarint()))
            case 1: return Field(number: number, value: .fixed64(try readFixed(8)))
            case 2:
                let length = try readVarint()
                guard length <= UInt64(end - position) else {
                    throw Malformed(description: "field \(number) claims \(length) bytes, only \(end - position) remain")
                }
                let start = position
                position += Int(length)
                return Field(number: number, value: .lengthDelimited(start..<position))
            case 5: return Field(number: number, value: .fixed32(UInt32(truncatingIfNeeded: try readFixed(4))))
            default:
                throw Malformed(description: "field \(number) has unsupported wire type \(key & 7)")
            }
        }

        private mutating func readVarint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < end {
                let byte = bytes[position]
                position += 1
                guard shift < 64 else { throw Malformed(description: "a varint longer than 10 bytes") }
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw Malformed(description: "a varint runs past the end of the message")
        }

        private mutating func readFixed(_ size: Int) throws -> UInt64 {
            guard end - position >= size else { throw Malformed(description: "a \(size)-byte value runs past the end") }
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[position + index]) }
            position += size
            return value
        }
    }
}

extension ProtobufFields {
    /// The values of a repeated `float` field: packed (length-delimited) or one per field.
    func floats(_ value: Value) -> [Float] {
        switch value {
        case .fixed32(let bits): return [Float(bitPattern: bits)]
        case .lengthDelimited(let range):
            return stride(from: range.lowerBound, to: range.upperBound - 3, by: 4).map { Float(bitPattern: uint32(at: $0)) }
        default: return []
        }
    }

    /// The values of a repeated `double` field: packed (length-delimited) or one per field.
    func doubles(_ value: Value) -> [Double] {
        switch value {
        case .fixed64(let bits): return [Double(bitPattern: bits)]
        case .lengthDelimited(let range):
            return stride(from: range.lowerBound, to: range.upperBound - 7, by: 8).map { Double(bitPattern: uint64(at: $0)) }
        default: return []
        }
    }

    /// The little-endian `UInt32` at `offset`.
    func uint32(at offset: Int) -> UInt32 {
        (0..<4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }

    /// The little-endian `UInt64` at `offset`.
    func uint64(at offset: Int) -> UInt64 {
        (0..<8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[offset + $1]) }
    }
}
