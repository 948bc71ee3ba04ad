import Foundation
import LRLabTestSupport
import NeuralNet
import TensorCore
import XCTest

/// A model file's keys are the names the `safetensors` package sees, both ways: LRLab's export
/// read with `safetensors.numpy`, and a file numpy writes under those names loaded into LRLab.
final class ModelFileSafetensorsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-modelfile-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func exampleModel(_ name: String, shape: [Int], classes: Int, seed: UInt64) throws -> Sequential {
        try ModelFileBuilder.load(packageRoot.appendingPathComponent("Examples/models/\(name)").path)
            .makeModel(for: ModelInput(exampleShape: shape, classes: classes), seed: seed)
    }

    /// What `safetensors.numpy.load_file` reads from `path`: each tensor's dtype, shape and values.
    private func readWithNumpy(_ path: String) throws -> [String: (dtype: String, shape: [Int], values: [Double])] {
        let script = """
            import json, sys
            from safetensors.numpy import load_file
            tensors = load_file(sys.argv[1])
            print(json.dumps({k: {"dtype": v.dtype.name, "shape": list(v.shape),
                                  "values": v.astype("float64").ravel().tolist()} for k, v in tensors.items()}))
            """
        let object = try TestPython.jsonObject(["-c", script, path])
        return try object.mapValues { entry in
            let entry = try XCTUnwrap(entry as? [String: Any])
            return (try XCTUnwrap(entry["dtype"] as? String), try XCTUnwrap(entry["shape"] as? [Int]),
                    try XCTUnwrap(entry["values"] as? [Double]))
        }
    }

    func testExportedNamesShapesAndValuesAreWhatNumpyReads() throws {
        let model = try exampleModel("cnn.yaml", shape: [1, 28, 28], classes: 10, seed: 1)
        // A training batch moves the running statistics and counts it.
        var context = ForwardContext(isTraining: true)
        _ = model.forward(randomTensor([4, 1, 28, 28], seed: 2), context: &context)
        let path = folder.appendingPathComponent("cnn.safetensors").path
        try StateDict.save(model, to: path)

        let read = try readWithNumpy(path)
        XCTAssertEqual(read.keys.sorted(), [
            "classifier.bias", "classifier.weight", "features.0.bias", "features.0.weight", "features.1.bias",
            "features.1.num_batches_tracked", "features.1.running_mean", "features.1.running_var", "features.1.weight",
            "features.4.bias", "features.4.weight",
        ])
        for entry in StateDict.entries(of: model) {
            let tensor = try XCTUnwrap(read[entry.key], entry.key)
            if entry.encoding == .count {
                XCTAssertEqual(tensor.dtype, "int64")
                XCTAssertEqual(tensor.shape, [])
                XCTAssertEqual(tensor.values, [1], "one training batch")
            } else {
                XCTAssertEqual(tensor.dtype, "float32", entry.key)
                XCTAssertEqual(tensor.shape, entry.parameter.value.shape, entry.key)
                XCTAssertEqual(tensor.values.map { Float($0).bitPattern }, entry.parameter.value.storage.map(\.bitPattern), entry.key)
            }
        }
        XCTAssertEqual(read["features.4.weight"]?.shape, [32, 16, 3, 3], "OIHW, as nn.Conv2d")
        XCTAssertEqual(read["classifier.weight"]?.shape, [10, 1568])
        XCTAssertNotEqual(read["features.1.running_mean"]?.values.contains { $0 != 0 }, false, "the running mean moved")
    }

    func testAFileNumpyWritesUnderTheKeysLoadsWithItsValues() throws {
        let model = try exampleModel("resnet.yaml", shape: [3, 32, 32], classes: 4, seed: 0)
        let shapes = Dictionary(uniqueKeysWithValues: StateDict.entries(of: model).map { entry in
            (entry.key, entry.encoding == .count ? [Int]() : entry.parameter.value.shape)
        })
        let spec = String(decoding: try JSONSerialization.data(withJSONObject: shapes), as: UTF8.self)
        let path = folder.appendingPathComponent("numpy.safetensors").path
        let script = """
            import json, sys
            import numpy as np
            from safetensors.numpy import save_file
            rng = np.random.default_rng(3)
            tensors = {k: (np.array(7, np.int64) if k.endswith("num_batches_tracked")
                           else rng.standard_normal(s).astype(np.float32)) for k, s in json.loads(sys.argv[2]).items()}
            save_file(tensors, sys.argv[1])
            print(json.dumps({"keys": sorted(tensors)}))
            """
        let written = try TestPython.jsonObject(["-c", script, path, spec])
        XCTAssertTrue((written["keys"] as? [String])?.contains("layer2.0.downsample.0.weight") == true)
        XCTAssertTrue((written["keys"] as? [String])?.contains("fc.weight") == true)

        try StateDict.load(from: path, into: model)
        let read = try readWithNumpy(path)
        for entry in StateDict.entries(of: model) {
            let values = try XCTUnwrap(read[entry.key], entry.key).values
            XCTAssertEqual(entry.parameter.value.storage, values.map { Float($0) }, entry.key)
        }

        // Named for another model: every missing, unexpected and wrongly shaped tensor is listed.
        let other = try exampleModel("resnet.yaml", shape: [3, 32, 32], classes: 10, seed: 0)
        XCTAssertThrowsError(try StateDict.load(from: path, into: other)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(path), message)
            XCTAssertTrue(message.contains("`fc.weight` is [4, 64] there but [10, 64] in the model"), message)
        }
    }
}
