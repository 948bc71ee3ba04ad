import Foundation
import XCTest
@testable import NeuralNet

/// Broken and hostile files give an error naming the file, the tensor at fault and the problem,
/// and never make the reader allocate what the file merely claims.
final class SafetensorsHostileFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-st-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A file of `header` (its true length unless `claimedLength` is given) then `dataBytes` bytes.
    private func file(_ header: String, dataBytes: Int = 0, claimedLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        return withUnsafeBytes(of: (claimedLength ?? UInt64(headerBytes.count)).littleEndian, Array.init)
            + headerBytes + [UInt8](repeating: 0x3F, count: dataBytes)
    }

    /// Asserts that reading `bytes` from a file fails with `kind` and a message holding the
    /// file's path, the tensor's name when given, and every fragment.
    private func assertRefused(_ bytes: [UInt8], kind: SafetensorsError.Kind = .malformed, tensor: String? = nil,
                               _ fragments: String..., file: StaticString = #filePath, line: UInt = #line) throws {
        let path = folder.appendingPathComponent("bad.safetensors").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Safetensors.read(path), file: file, line: line) { error in
            guard let error = error as? SafetensorsError else {
                return XCTFail("unexpected error type \(type(of: error)): \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertEqual(error.tensor, tensor, "\(error)", file: file, line: line)
            let message = "\(error)"
            for fragment in [path] + (tensor.map { ["`\($0)`"] } ?? []) + fragments {
                XCTAssertTrue(message.contains(fragment), "`\(fragment)` missing from: \(message)", file: file, line: line)
            }
        }
    }

    private let good = #"{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#

    func testAWellFormedFileReadsSoTheCasesBelowDifferOnlyInTheirFlaw() throws {
        let path = folder.appendingPathComponent("good.safetensors").path
        try Data(file(good, dataBytes: 24)).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try Safetensors.read(path).tensors["w"]?.shape, [2, 3])
    }

    func testMissingAndEmptyFiles() throws {
        let missing = folder.appendingPathComponent("absent.safetensors").path
        XCTAssertThrowsError(try Safetensors.read(missing)) { error in
            XCTAssertEqual((error as? SafetensorsError)?.kind, .unreadable)
            XCTAssertTrue("\(error)".contains(missing) && "\(error)".contains("no such file"), "\(error)")
        }
        try assertRefused([], "0 bytes, fewer than the 8")
        try assertRefused([1, 0, 0], "3 bytes")
    }

    func testTruncatedFiles() throws {
        let whole = file(good, dataBytes: 24)
        try assertRefused(Array(whole.prefix(20)), "header length is 57 bytes but only 12 bytes follow", "truncated")
        try assertRefused(Array(whole.dropLast(5)), tensor: "w", "reach past the end of the data, which has 19 bytes",
                          "truncated")
    }

    func testHugeHeaderLengthsAreRefusedBeforeReading() throws {
        try assertRefused(file(good, dataBytes: 24, claimedLength: UInt64.max), "18446744073709551615 bytes",
                          "more than the 100000000")
        try assertRefused(file(good, dataBytes: 24, claimedLength: 100_000_001), "more than the 100000000")
        try assertRefused(file(good, dataBytes: 24, claimedLength: 90_000_000), "only 81 bytes follow")
    }

    func testOffsetsPastTheEndOverlappingOrLeavingGaps() throws {
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}"#, dataBytes: 16),
                          tensor: "w", "[16, 24] reach past the end")
        try assertRefused(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                               + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, dataBytes: 12),
                          tensor: "b", "[4, 12] overlap those of `a` [0, 8]")
        try assertRefused(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                               + #""b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          tensor: "b", "overlap those of `a`")
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8),
                          tensor: "w", "bytes 0..<4 of the data, before this tensor, belong to no tensor")
        try assertRefused(file(good, dataBytes: 30), "the last 6 bytes of the data belong to no tensor")
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, dataBytes: 8),
                          tensor: "w", "[8, 4] end before they begin")
    }

    func testShapeAndLengthMustAgree() throws {
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[2,4],"data_offsets":[0,24]}}"#, dataBytes: 24),
                          tensor: "w", "shape [2, 4] of F32 needs 32 bytes, but its data_offsets [0, 24] span 24")
        try assertRefused(file(#"{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,12]}}"#, dataBytes: 12),
                          tensor: "w", "needs 24 bytes")
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}"#,
                               dataBytes: 8),
                          tensor: "w", "more elements than any file can hold")
    }

    func testWrongDtypes() throws {
        try assertRefused(file(#"{"w":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          kind: .unsupportedDType, tensor: "w", "dtype is I32", "LRLab reads F64, F32, F16, BF16, I64")
        try assertRefused(file(#"{"w":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          tensor: "w", "dtype `F33` is not a safetensors dtype")
        try assertRefused(file(#"{"w":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          tensor: "w", "needs `dtype` as a string")
    }

    func testMalformedEntries() throws {
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          tensor: "w", "shape holds -2, not a size")
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          tensor: "w", "shape holds 2.0")
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, dataBytes: 8),
                          tensor: "w", "`data_offsets` as [begin, end]")
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[2]}}"#, dataBytes: 8), tensor: "w", "data_offsets")
        try assertRefused(file(#"{"w":[1,2]}"#), tensor: "w", "its header entry is an array")
        try assertRefused(file(#"{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
                          tensor: "w", "the key `dtype` twice")
    }

    func testDuplicateNamesAndBadMetadata() throws {
        try assertRefused(file(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                               + #""w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8),
                          tensor: "w", "names the tensor twice")
        try assertRefused(file(#"{"__metadata__":{"a":1}}"#), "`__metadata__` key `a` holds a number, not a string")
        try assertRefused(file(#"{"__metadata__":{"a":"1","a":"2"}}"#), "the key `a` twice")
        try assertRefused(file(#"{"__metadata__":{},"__metadata__":{}}"#), "two `__metadata__` objects")
        try assertRefused(file(#"{"__metadata__":["a"]}"#), "`__metadata__` is an array")
    }

    func testHeadersThatAreNotJSONObjects() throws {
        try assertRefused(file(#"{"w":{"dtype":"F32",}}"#), "not valid JSON at byte 28", "expected a quoted key")
        try assertRefused(file(#"{"w":1} x"#), "unexpected text after")
        try assertRefused(file("[1,2]   "), "the header is an array, not a JSON object")
        try assertRefused(file(#"{"w":"\x"}"#), "unknown escape")
        try assertRefused(file("{\"w\u{1}\":1}"), "control character")
        try assertRefused(file(#"{"a":"\ud800"}"#), "surrogate")
        try assertRefused(file(String(repeating: "[", count: 100_000)), "nested more than 16 levels")
        try assertRefused(file("{\"a\":") , "ends where a value should start")
        var invalidUTF8 = file(#"{"ab":1}"#)
        invalidUTF8[10] = 0xFF
        try assertRefused(invalidUTF8, "not valid UTF-8")
    }
}
