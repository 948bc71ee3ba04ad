import XCTest
import NeuralNet
import TensorCore

/// The model files shipped in Examples/models build, and the ones that restate a built-in model
/// are that model: same layers, groups, parameter count and, with the same seed, weights.
final class ModelFileExampleTests: XCTestCase {
    private func example(_ name: String) throws -> ModelFile {
        try ModelFileBuilder.load(packageRoot.appendingPathComponent("Examples/models/\(name)").path)
    }

    private func parameterCount(_ model: Sequential) -> Int { model.parameters.reduce(0) { $0 + $1.value.count } }

    func testTheResNetFileIsTheBuiltInResNet() throws {
        for (shape, classes, seed) in [([3, 32, 32], 10, UInt64(0)), ([1, 28, 28], 4, 7)] {
            let input = ModelInput(exampleShape: shape, classes: classes)
            let fromFile = try example("resnet.yaml").makeModel(for: input, seed: seed)
            let builtIn = try ResNetModel().make(inputShape: shape, classes: classes, seed: seed)
            XCTAssertEqual(fromFile.description, builtIn.description)
            XCTAssertEqual(fromFile.groups.map(\.name), ["body", "head"])
            XCTAssertEqual(parameterCount(fromFile), parameterCount(builtIn))
            XCTAssertEqual(fromFile.namedTensors.map(\.name), builtIn.namedTensors.map(\.name))
            XCTAssertEqual(fromFile.namedTensors.map(\.parameter.value.shape), builtIn.namedTensors.map(\.parameter.value.shape))
            XCTAssertEqual(tensorBits(fromFile), tensorBits(builtIn), "the same seed draws the same initial weights")
            // The same network computes the same outputs.
            var a = ForwardContext(isTraining: true), b = ForwardContext(isTraining: true)
            let x = randomTensor([2] + shape, seed: 5)
            XCTAssertEqual(fromFile.forward(x, context: &a).storage, builtIn.forward(x, context: &b).storage)
        }
        XCTAssertEqual(parameterCount(try example("resnet.yaml").makeModel(for: ModelInput(exampleShape: [3, 32, 32], classes: 10),
                                                                          seed: 0)), 175_258)
    }

    func testTheMLPFileIsTheBuiltInMLP() throws {
        let input = ModelInput(exampleShape: [1, 28, 28], classes: 10)
        let fromFile = try example("mlp.yaml").makeModel(for: input, seed: 3)
        let builtIn = try MLPModel().make(inputShape: [1, 28, 28], classes: 10, seed: 3)
        XCTAssertEqual(fromFile.description, builtIn.description)
        XCTAssertEqual(tensorBits(fromFile), tensorBits(builtIn))
        XCTAssertEqual(StateDict.export(fromFile).keys.sorted(), ["1.bias", "1.weight", "3.bias", "3.weight"])
    }

    func testEveryExampleBuildsForFashionMNISTAndColourImages() throws {
        let folder = packageRoot.appendingPathComponent("Examples/models")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(names, ["cnn.yaml", "mlp.yaml", "resnet.yaml"])
        for name in names {
            for shape in [[1, 28, 28], [3, 32, 32]] {
                let model = try example(name).makeModel(for: ModelInput(exampleShape: shape, classes: 5), seed: 0)
                var context = ForwardContext(isTraining: false)
                XCTAssertEqual(model.forward(Tensor(shape: [2] + shape), context: &context).shape, [2, 5], name)
                XCTAssertEqual(model.groups.map(\.name), ["body", "head"], name)
            }
        }
        let cnn = try example("cnn.yaml").makeModel(for: ModelInput(exampleShape: [1, 28, 28], classes: 10), seed: 0)
        XCTAssertEqual(cnn.description, "body: Conv2d(1, 16, kernel 3, padding 1), BatchNorm2d(16), ReLU(), MaxPool2d(2), "
                       + "Conv2d(16, 32, kernel 3, padding 1), ReLU(), MaxPool2d(2), Flatten(), Dropout(p=0.25); head: Linear(1568, 10)")
    }
}
