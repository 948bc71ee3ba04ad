import XCTest
@testable import CurveAnalysis

/// CRC-32C against published vectors (RFC 3720's iSCSI test patterns) and TensorFlow's masking.
final class CRC32CTests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
        XCTAssertEqual(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }), 0x113F_DB5C)
        XCTAssertEqual(CRC32C.checksum([]), 0)
    }

    func testMaskRotatesRightBy15AndAddsTheConstant() {
        // (0xE3069283 >> 15 | 0xE3069283 << 17) = 0x2507C60D; + 0xA282EAD8 = 0xC78AB0E5.
        XCTAssertEqual(CRC32C.masked(0xE306_9283), 0xC78A_B0E5)
        XCTAssertEqual(CRC32C.maskedChecksum(Array("123456789".utf8)), 0xC78A_B0E5)
        XCTAssertEqual(CRC32C.masked(0), 0xA282_EAD8)
        // The addition wraps around 2^32.
        XCTAssertEqual(CRC32C.masked(0xFFFF_FFFF), 0xA282_EAD7)
    }

    /// The eight-bytes-at-a-time path agrees with a bit-by-bit reference at every length and
    /// alignment, so no tail or slice table is off.
    func testSliceBy8MatchesBitwiseReferenceAtEveryLength() {
        var state: UInt32 = 12345
        let bytes: [UInt8] = (0..<100).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        for start in 0..<8 {
            for end in start...bytes.count {
                let slice = Array(bytes[start..<end])
                XCTAssertEqual(CRC32C.checksum(slice), Self.bitwiseCRC32C(slice), "bytes \(start)..<\(end)")
            }
        }
    }

    private static func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 0 ? 0 : 0x82F6_3B78) }
        }
        return ~crc
    }
}
