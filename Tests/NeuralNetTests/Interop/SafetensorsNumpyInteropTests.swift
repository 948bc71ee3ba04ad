import Foundation
import XCTest
@testable import NeuralNet
import TensorCore

/// Files written by the `safetensors` package (from numpy) load in LRLab with identical values, and
/// LRLab's files load in numpy with identical values; the reference writer rewrites LRLab's files
/// byte for byte.
final class SafetensorsNumpyInteropTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-st-numpy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Awkward Float values: signed zeros, infinities, NaN, subnormals, extremes, ties for F16
    /// rounding, values past F16's range and random ones across many magnitudes.
    private func awkwardFloats() -> [Float] {
        var values: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .leastNormalMagnitude / 4, -.leastNormalMagnitude * 0.75,
                               .greatestFiniteMagnitude,
                               -.leastNonzeroMagnitude, 1, -2.5, 65504, 65520, 65519.996, 70000, 6.1e-5, 5.96e-8,
                               2.98e-8, 2.99e-8, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 1 + 0x1p-11 + 0x1p-20]
        var rng = RandomGenerator(seed: 5)
        for _ in 0..<300 {
            let magnitude = Float(pow(2.0, Double(rng.nextFloat(in: -30, 20))))
            values.append(rng.nextFloat(in: -1, 1) * magnitude)
        }
        return values
    }

    func testFileWrittenByNumpyLoadsWithIdenticalValues() throws {
        let file = path("numpy.safetensors")
        let written = try ProbeDescription.run("write", file)
        let loaded = try Safetensors.read(file)

        XCTAssertEqual(loaded.metadata, written.metadata)
        XCTAssertEqual(Set(loaded.tensors.keys), Set(written.tensors.keys))
        XCTAssertTrue(written.tensors.keys.contains("layer.é\"q"), "the fixture has an escaped, non-ASCII name")
        let dtypes = ["float32": SafetensorsDType.f32, "float64": .f64, "float16": .f16, "int64": .i64]
        XCTAssertEqual(Set(written.tensors.values.map(\.dtype)), Set(dtypes.keys), "the fixture covers every dtype")
        for (name, expected) in written.tensors {
            let tensor = try XCTUnwrap(loaded.tensors[name], name)
            XCTAssertEqual(tensor.shape, expected.shape, name)
            XCTAssertEqual(tensor.dtype, dtypes[expected.dtype], name)
            if let float32 = expected.float32Bits {
                // LRLab's Float values are numpy's conversion of the stored values to float32.
                XCTAssertEqual(tensor.memoryBits, float32.map(UInt64.init), name)
            } else {
                XCTAssertEqual(tensor.memoryBits, expected.bits, name)
            }
        }
        XCTAssertEqual(loaded.tensors["2"]?.shape, [], "a numpy scalar is shape []")
        XCTAssertEqual(loaded.tensors["labels"]?.elements, .int64([0, -1, 1 << 62, .min]))
    }

    func testLRLabFileLoadsInNumpyWithIdenticalValues() throws {
        let values = awkwardFloats()
        let tensors: [String: StoredTensor] = [
            "v": StoredTensor(shape: [values.count], floats: values),
            "v.f16": StoredTensor(shape: [values.count], floats: values, dtype: .f16),
            "v.f64": StoredTensor(shape: [2, values.count / 2], floats: values, dtype: .f64),
            "count": StoredTensor(shape: [], int64: [42]),
            "labels": StoredTensor(shape: [2, 2], int64: [0, -7, .max, .min]),
            "empty": StoredTensor(shape: [3, 0, 2], floats: []),
            "name with \"quotes\", é and \u{1}": StoredTensor(shape: [1, 1, 1], floats: [0.5]),
        ]
        let metadata = ["model": "mlp", "classes": "0,1,2,3,4,5,6,7,8,9", "escape": "\"\\\n\u{2}é"]
        let file = path("lrlab.safetensors")
        try Safetensors.write(tensors, metadata: metadata, to: file)
        let seen = try ProbeDescription.run("dump", file)

        XCTAssertEqual(seen.metadata, metadata)
        XCTAssertEqual(Set(seen.tensors.keys), Set(tensors.keys))
        let numpyNames: [SafetensorsDType: String] = [.f32: "float32", .f64: "float64", .f16: "float16", .i64: "int64"]
        for (name, tensor) in tensors {
            let numpy = try XCTUnwrap(seen.tensors[name], name)
            XCTAssertEqual(numpy.shape, tensor.shape, name)
            XCTAssertEqual(numpy.dtype, numpyNames[tensor.dtype], name)
        }
        XCTAssertEqual(seen.tensors["v"]?.bits, values.map { UInt64($0.bitPattern) })
        XCTAssertEqual(seen.tensors["v.f64"]?.bits, values.map { Double($0).bitPattern }, "F64 widens exactly")
        // LRLab rounds to float16 exactly as numpy does, ties, subnormals and overflow included.
        XCTAssertEqual(seen.tensors["v.f16"]?.bits, seen.tensors["v"]?.float16Bits?.map(UInt64.init))
        XCTAssertEqual(seen.tensors["labels"]?.bits, [0, UInt64(bitPattern: -7), UInt64(Int64.max), 1 << 63])
        XCTAssertEqual(seen.tensors["count"]?.bits, [42])
    }

    func testTheReferenceWriterRewritesLRLabFilesByteForByte() throws {
        let values = awkwardFloats()
        // Names and dtypes chosen so that the order (widest dtype first, then by UTF-8 bytes) and the
        // space padding both matter.
        let tensors: [String: StoredTensor] = [
            "b": StoredTensor(shape: [4], floats: Array(values[0..<4])),
            "a": StoredTensor(shape: [3], floats: Array(values[4..<7]), dtype: .f16),
            "10": StoredTensor(shape: [2], floats: [1, 2], dtype: .f64),
            "2": StoredTensor(shape: [], int64: [3]),
            "B": StoredTensor(shape: [1], floats: [7]),
            "é": StoredTensor(shape: [2, 1], floats: [8, 9]),
            "e": StoredTensor(shape: [0], floats: []),
            "1.weight": StoredTensor(shape: [5], floats: Array(values[10..<15])),
        ]
        // The reference writer lists metadata keys in hash-map order, so at most one key here.
        for metadata in [[:], ["format": "pt"]] {
            let original = path("original.safetensors"), rewritten = path("rewritten.safetensors")
            try Safetensors.write(tensors, metadata: metadata, to: original)
            _ = try ProbeDescription.run("resave", original, rewritten)
            let ours = try Data(contentsOf: URL(fileURLWithPath: original))
            let theirs = try Data(contentsOf: URL(fileURLWithPath: rewritten))
            XCTAssertEqual(ours, theirs, "metadata \(metadata): LRLab wrote\n\(String(decoding: ours.prefix(400), as: UTF8.self))"
                           + "\nthe reference writer wrote\n\(String(decoding: theirs.prefix(400), as: UTF8.self))")
        }
    }

    func testBFloat16FromTheReferenceWriterLoadsAndLRLabsLoadsThere() throws {
        let file = path("bf16.safetensors")
        let written = try ProbeDescription.run("write-bf16", file)
        let loaded = try Safetensors.read(file)
        let expected = try XCTUnwrap(written.tensors["w"])
        XCTAssertEqual(loaded.tensors["w"]?.dtype, .bf16)
        XCTAssertEqual(loaded.tensors["w"]?.memoryBits, expected.float32Bits?.map(UInt64.init))

        let ours = path("ours-bf16.safetensors")
        try Safetensors.write(["w": try XCTUnwrap(loaded.tensors["w"])], to: ours)
        let raw = try ProbeDescription.run("dump-raw", ours)
        XCTAssertEqual(raw.tensors["w"]?.dtype, "BF16")
        XCTAssertEqual(raw.tensors["w"]?.bits, expected.bits)
    }
}
