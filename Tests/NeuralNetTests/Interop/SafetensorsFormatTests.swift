import Foundation
import XCTest
@testable import NeuralNet
import TensorCore

/// The safetensors codec on its own: round trips, the reference's byte vectors, 16-bit rounding.
final class SafetensorsFormatTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testRoundTripKeepsEveryDtypeShapeValueAndTheMetadata() throws {
        let tensors: [String: StoredTensor] = [
            "weight": StoredTensor(randomTensor([3, 4, 2], seed: 1)),
            "half": StoredTensor(shape: [3], floats: [0.5, -65504, 0x1p-24], dtype: .f16),
            "brain": StoredTensor(shape: [2], floats: [1.5, -0x1p100], dtype: .bf16),
            "double": StoredTensor(shape: [2], floats: [.pi, -1e30], dtype: .f64),
            "count": StoredTensor(shape: [], int64: [7]),
            "none": StoredTensor(shape: [0, 5], floats: []),
        ]
        let path = folder.appendingPathComponent("model.safetensors").path
        try Safetensors.write(tensors, metadata: ["model": "mlp", "classes": "10"], to: path)
        let file = try Safetensors.read(path)
        XCTAssertEqual(file.tensors, tensors)
        XCTAssertEqual(file.metadata, ["model": "mlp", "classes": "10"])
        XCTAssertEqual(file.path, path)
        XCTAssertEqual(file.names, ["count", "double", "none", "weight", "brain", "half"],
                       "data laid out by dtype (I64, F64, F32, BF16, F16), then by name")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["model.safetensors"],
                       "no temporary file is left behind")
    }

    func testHeaderIsPaddedWithSpacesToAMultipleOfEight() throws {
        for length in 1...9 {
            let bytes = Safetensors.encode([String(repeating: "x", count: length): StoredTensor(shape: [1], floats: [1])])
            let n = Int(bytes[0]) | Int(bytes[1]) << 8
            XCTAssertEqual(n % 8, 0, "name length \(length)")
            let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
            XCTAssertTrue(header.hasPrefix("{\"x"), header)
            XCTAssertEqual(header.trimmingCharacters(in: .whitespaces).last, "}", header)
            XCTAssertEqual(bytes.count, 8 + n + 4)
        }
    }

    /// Byte vectors from the reference implementation's own tests.
    func testWritesTheReferenceImplementationsByteVectors() throws {
        XCTAssertEqual(Safetensors.encode([:]), [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        XCTAssertEqual(Safetensors.encode([:], metadata: ["framework": "pt"]),
                       [40, 0, 0, 0, 0, 0, 0, 0] + Array("{\"__metadata__\":{\"framework\":\"pt\"}}     ".utf8))
        let attention = StoredTensor(shape: [1, 2, 3], floats: [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(Safetensors.encode(["attn.0": attention]),
                       [64, 0, 0, 0, 0, 0, 0, 0]
                       + Array("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}".utf8)
                       + [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64])
        let decoded = try Safetensors.decode(Safetensors.encode(["attn.0": attention]), path: "vector")
        XCTAssertEqual(decoded.tensors["attn.0"], attention)
    }

    func testReadsHeadersWithEscapesWhitespaceAndAnyOrder() throws {
        let header = """
        { "b\\u00e9\\"\\n" : {"shape": [2], "data_offsets": [4, 12], "dtype": "F32", "extra": [1, {"x": null}]},
          "__metadata__": {"k\\/": "v\\ud83d\\ude00"},
          "a": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]} }
        """
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8)
        for value: Float in [1, 2, 3] { bytes += withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        let file = try Safetensors.decode(bytes, path: "hand-written")
        XCTAssertEqual(file.tensors["bé\"\n"], StoredTensor(shape: [2], floats: [2, 3]))
        XCTAssertEqual(file.tensors["a"], StoredTensor(shape: [], floats: [1]))
        XCTAssertEqual(file.metadata, ["k/": "v😀"])
        XCTAssertEqual(file.names, ["a", "bé\"\n"])
    }

    func testEveryHalfPrecisionValueSurvivesARoundTrip() {
        for bits in 0...UInt16.max {
            let value = HalfPrecision.float(fromHalf: bits)
            if value.isNaN {
                XCTAssertTrue(HalfPrecision.float(fromHalf: HalfPrecision.half(from: value)).isNaN)
            } else {
                XCTAssertEqual(HalfPrecision.half(from: value), bits, "half bits \(String(bits, radix: 16))")
            }
        }
        XCTAssertEqual(HalfPrecision.float(fromHalf: 0x3C00), 1)
        XCTAssertEqual(HalfPrecision.float(fromHalf: 0x0001), 0x1p-24)
        XCTAssertEqual(HalfPrecision.float(fromHalf: 0xFBFF), -65504)
    }

    func testSixteenBitRoundingIsToNearestEven() {
        XCTAssertEqual(HalfPrecision.half(from: 1 + 0x1p-11), 0x3C00, "a tie rounds to the even 1")
        XCTAssertEqual(HalfPrecision.half(from: 1 + 3 * 0x1p-11), 0x3C02, "a tie rounds up to even")
        XCTAssertEqual(HalfPrecision.half(from: 1 + 0x1p-11 + 0x1p-20), 0x3C01, "above the tie rounds up")
        XCTAssertEqual(HalfPrecision.half(from: 65519), 0x7BFF)
        XCTAssertEqual(HalfPrecision.half(from: 65520), 0x7C00, "the tie at the top rounds to infinity")
        XCTAssertEqual(HalfPrecision.half(from: 0x1p-25), 0x0000, "half the smallest subnormal ties to zero")
        XCTAssertEqual(HalfPrecision.half(from: 0x1.8p-25), 0x0001)
        XCTAssertEqual(HalfPrecision.half(from: -0.0), 0x8000)

        XCTAssertEqual(HalfPrecision.bfloat(from: 1 + 0x1p-8), 0x3F80, "a tie rounds to the even 1")
        XCTAssertEqual(HalfPrecision.bfloat(from: 1 + 3 * 0x1p-8), 0x3F82)
        XCTAssertEqual(HalfPrecision.bfloat(from: .greatestFiniteMagnitude), 0x7F80, "rounds up to infinity")
        XCTAssertEqual(HalfPrecision.bfloat(from: -2), 0xC000)
        XCTAssertTrue(HalfPrecision.float(fromBFloat: HalfPrecision.bfloat(from: .nan)).isNaN)
        XCTAssertEqual(HalfPrecision.float(fromBFloat: 0x3F80), 1)
    }

    func testUnwritableFolderIsNamedInTheError() {
        let path = folder.appendingPathComponent("no/such/folder/model.safetensors").path
        XCTAssertThrowsError(try Safetensors.write([:], to: path)) { error in
            XCTAssertEqual((error as? SafetensorsError)?.kind, .unwritable)
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
