import XCTest
import NeuralNet
import TensorCore

/// Parses `yaml` as the model file `name`.
func parseModelFile(_ yaml: String, name: String = "model.yaml") throws -> ModelFile {
    try ModelFile.parse(Array(yaml.utf8), fileName: name)
}

/// Builds `yaml` for examples of `shape` and `classes` classes.
func buildModelFile(_ yaml: String, shape: [Int] = [1, 8, 8], classes: Int = 3, seed: UInt64 = 1) throws -> Sequential {
    try parseModelFile(yaml).makeModel(for: ModelInput(exampleShape: shape, classes: classes), seed: seed)
}

/// The error parsing (and, with `shape`, building) `yaml` throws; fails when there is none.
func modelFileError(_ yaml: String, shape: [Int]? = nil, classes: Int = 3,
                    file: StaticString = #filePath, line: UInt = #line) -> ModelFileError? {
    do {
        let parsed = try parseModelFile(yaml)
        guard let shape else {
            XCTFail("the file parsed", file: file, line: line)
            return nil
        }
        _ = try parsed.makeModel(for: ModelInput(exampleShape: shape, classes: classes), seed: 0)
        XCTFail("the model was built", file: file, line: line)
    } catch let error as ModelFileError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return nil
}

/// The package root (with Package.swift), for the example model files.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    preconditionFailure("no Package.swift above \(#filePath)")
}()

/// The bit patterns of every tensor of `model`, in order.
func tensorBits(_ model: Sequential) -> [[UInt32]] {
    model.namedTensors.map { $0.parameter.value.storage.map(\.bitPattern) }
}
