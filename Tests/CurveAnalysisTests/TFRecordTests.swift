import Foundation
import XCTest
@testable import CurveAnalysis

/// The TFRecord framing, and reading it back: whole records, a cut tail, damaged checksums and
/// absurd lengths.
final class TFRecordTests: XCTestCase {
    func testFramingIsLengthChecksumDataChecksumLittleEndian() {
        let data: [UInt8] = Array("abc".utf8)
        let record = TFRecord.framed(data)
        XCTAssertEqual(record.count, 12 + 3 + 4)
        XCTAssertEqual(Array(record[0..<8]), [3, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(record[8..<12]), Self.littleEndian(CRC32C.maskedChecksum([3, 0, 0, 0, 0, 0, 0, 0])))
        XCTAssertEqual(Array(record[12..<15]), data)
        XCTAssertEqual(Array(record[15..<19]), Self.littleEndian(CRC32C.maskedChecksum(data)))
    }

    func testRecordsReadBackInOrder() throws {
        let records: [[UInt8]] = [[], Array("brain.Event:2".utf8), [UInt8](repeating: 7, count: 300)]
        let path = try write(records.flatMap(TFRecord.framed))
        let reader = try TFRecordReader(path: path)
        var read: [[UInt8]] = []
        while let record = try reader.next() { read.append(record) }
        XCTAssertEqual(read, records)
        XCTAssertFalse(reader.endsInPartialRecord)
        XCTAssertEqual(reader.recordCount, 3)
    }

    /// A file cut anywhere (an interrupted writer) yields exactly the records before the cut.
    func testFileCutAnywhereYieldsTheWholeRecordsBeforeTheCut() throws {
        let records: [[UInt8]] = [Array("first".utf8), Array("second record".utf8), Array("third".utf8)]
        let bytes = records.flatMap(TFRecord.framed)
        var boundaries = [0]
        for record in records { boundaries.append(boundaries.last! + record.count + 16) }
        for cut in 0...bytes.count {
            let reader = try TFRecordReader(path: try write(Array(bytes[0..<cut])))
            var read: [[UInt8]] = []
            while let record = try reader.next() { read.append(record) }
            let whole = boundaries.lastIndex { $0 <= cut }!
            XCTAssertEqual(read, Array(records[0..<whole]), "cut at \(cut)")
            XCTAssertEqual(reader.endsInPartialRecord, !boundaries.contains(cut), "cut at \(cut)")
        }
    }

    func testDamagedDataNamesTheRecord() throws {
        var bytes = [Array("one".utf8), Array("two".utf8)].flatMap(TFRecord.framed)
        bytes[19 + 12 + 1] ^= 0x01
        let path = try write(bytes)
        let reader = try TFRecordReader(path: path)
        XCTAssertEqual(try reader.next(), Array("one".utf8))
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertEqual("\(error)", "\(path): record 2: the data's checksum does not match; the file is damaged (the record starts at byte 19)")
        }
    }

    func testDamagedLengthOfTheFirstRecordSaysItIsNoEventFile() throws {
        let path = try write(Array("iteration,lr,loss\n0,0.1,2\n".utf8))
        XCTAssertThrowsError(try TFRecordReader(path: path).next()) { error in
            XCTAssertEqual("\(error)", "\(path): record 1: the length's checksum does not match; "
                + "the file is not a TFRecord (TensorBoard event) file, or is damaged")
        }
    }

    /// A length with a valid checksum but beyond the limit is refused before anything is allocated.
    func testAbsurdLengthIsRefused() throws {
        let length = Self.littleEndian(UInt64(1) << 60)
        let path = try write(length + Self.littleEndian(CRC32C.maskedChecksum(length)) + [1, 2, 3])
        XCTAssertThrowsError(try TFRecordReader(path: path).next()) { error in
            XCTAssertEqual("\(error)", "\(path): record 1: claims 1152921504606846976 bytes, more than the "
                + "268435456-byte limit; the file is damaged or not a TensorBoard event file")
        }
        let small = try TFRecordReader(path: try write(TFRecord.framed([UInt8](repeating: 1, count: 100))),
                                       maximumRecordLength: 99)
        XCTAssertThrowsError(try small.next())
    }

    func testMissingFileIsNamed() {
        XCTAssertThrowsError(try TFRecordReader(path: "/nonexistent/events.out.tfevents.1")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/events.out.tfevents.1: cannot open the file "
                + "(No such file or directory); check the path")
        }
    }

    private func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "tfrecord-tests-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
