import XCTest
import NeuralNet
import TensorCore

/// Every layer kind of a model file, in each of its written forms, built into LRLab's layers with
/// sizes taken from the data.
final class ModelFileLayerTests: XCTestCase {
    private func forwardShape(_ model: Sequential, _ shape: [Int]) -> [Int] {
        var context = ForwardContext(isTraining: false)
        return model.forward(Tensor(shape: [2] + shape), context: &context).shape
    }

    func testConvolutionsTakeTheirInputChannelsFromTheData() throws {
        let model = try buildModelFile("""
            layers:
              - conv: {out: 4, kernel: 3}
              - conv: {out: 5, kernel: 3, stride: 2, padding: 1, bias: false, in: 4}
              - flatten
              - linear: classes
            """, shape: [3, 9, 9])
        XCTAssertEqual(model.description, "all: Conv2d(3, 4, kernel 3), Conv2d(4, 5, kernel 3, stride 2, padding 1, no bias), "
                       + "Flatten(), Linear(80, 3)")
        XCTAssertEqual(model.groups.map(\.name), ["all"])
        XCTAssertEqual(forwardShape(model, [3, 9, 9]), [2, 3])
    }

    func testNormsPoolsDropoutAndFlatten() throws {
        let model = try buildModelFile("""
            layers:
              - conv: {out: 2, kernel: 1}
              - batchnorm
              - relu
              - maxpool: 2
              - avgpool: {kernel: 2, stride: 1}
              - maxpool: {kernel: 2}
              - dropout
              - dropout: 0.1
              - dropout: {p: 0}
              - flatten
              - batchnorm: {key: norm}
              - linear: {out: classes, in: 2}
            """, shape: [1, 6, 6])
        XCTAssertEqual(model.description, "all: Conv2d(1, 2, kernel 1), BatchNorm2d(2), ReLU(), MaxPool2d(2), AvgPool2d(2, stride 1), "
                       + "MaxPool2d(2), Dropout(p=0.5), Dropout(p=0.1), Dropout(p=0.0), Flatten(), BatchNorm1d(2), Linear(2, 3)")
        XCTAssertEqual(forwardShape(model, [1, 6, 6]), [2, 3])
    }

    func testGlobalAveragePoolingAndLinearSizes() throws {
        let model = try buildModelFile("""
            layers:
              - conv: {out: 6, kernel: 3, padding: 1}
              - global_avgpool
              - linear: 7
              - relu:
              - linear: {out: classes}
            """, shape: [2, 5, 5], classes: 4)
        XCTAssertEqual(model.description, "all: Conv2d(2, 6, kernel 3, padding 1), GlobalAvgPool2d(), Linear(6, 7), ReLU(), Linear(7, 4)")
        XCTAssertEqual(forwardShape(model, [2, 5, 5]), [2, 4])
    }

    func testTablesTakeALinearDirectly() throws {
        let model = try buildModelFile("layers: [linear: 5, relu, linear: classes]", shape: [9], classes: 2)
        XCTAssertEqual(model.description, "all: Linear(9, 5), ReLU(), Linear(5, 2)")
    }

    func testBasicBlocksProjectWhenTheShapeChanges() throws {
        let model = try buildModelFile("""
            layers:
              - basic_block: 2
              - basic_block: {out: 4, stride: 2}
              - basic_block: {out: 4}
              - global_avgpool
              - linear: classes
            """, shape: [2, 8, 8])
        let blocks = model.layers.compactMap { $0 as? ResidualBlock }
        XCTAssertEqual(blocks.map(\.description), ["ResidualBlock(2, 2)", "ResidualBlock(2, 4, stride 2)", "ResidualBlock(4, 4)"])
        XCTAssertEqual(blocks.map { $0.downsample != nil }, [false, true, false])
        XCTAssertEqual(forwardShape(model, [2, 8, 8]), [2, 3])
    }

    func testResidualWrapsLayersWithAnIdentityOrAProjectingShortcut() throws {
        let model = try buildModelFile("""
            layers:
              - conv: {out: 3, kernel: 3, padding: 1}
              - residual:
                  - conv: {out: 3, kernel: 3, padding: 1}
                  - batchnorm
                  - relu
              - residual:
                  layers:
                    - conv: {out: 5, kernel: 3, stride: 2, padding: 1}
                  shortcut:
                    - conv: {out: 5, kernel: 1, stride: 2, bias: false}
                    - batchnorm
              - flatten
              - linear: classes
            """, shape: [1, 6, 6])
        let residuals = model.layers.compactMap { $0 as? Residual }
        XCTAssertEqual(residuals.map(\.description), [
            "Residual(Conv2d(3, 3, kernel 3, padding 1), BatchNorm2d(3), ReLU())",
            "Residual(Conv2d(3, 5, kernel 3, stride 2, padding 1); shortcut Conv2d(3, 5, kernel 1, stride 2, no bias), BatchNorm2d(5))",
        ])
        XCTAssertNil(residuals[0].shortcut)
        XCTAssertEqual(forwardShape(model, [1, 6, 6]), [2, 3])

        // body(x) + x, with the body's layers called one by one.
        var context = ForwardContext(isTraining: false)
        let x = randomTensor([2, 3, 4, 4], seed: 3)
        let y = residuals[0].forward(x, context: &context)
        var h = x
        for layer in residuals[0].body.layers { h = layer.forward(h, context: &context) }
        assertClose(y.storage, zip(h.storage, x.storage).map { $0 + $1 })
    }

    func testNamedGroupsSplitTheLayersForDiscriminativeRates() throws {
        let model = try buildModelFile("""
            groups:
              - name: stem
                layers: [conv: {out: 2, kernel: 3}, relu]
              - name: body
                layers: [flatten, linear: 8, relu]
              - name: head
                layers: [linear: classes]
            """, shape: [1, 5, 5])
        XCTAssertEqual(model.groups.map(\.name), ["stem", "body", "head"])
        XCTAssertEqual(model.groups.map { $0.layers.count }, [2, 3, 1])
        XCTAssertEqual(model.description, "stem: Conv2d(1, 2, kernel 3), ReLU(); body: Flatten(), Linear(18, 8), ReLU(); head: Linear(8, 3)")
        model.groups[0].isFrozen = true
        XCTAssertTrue(model.groups[0].parameters.allSatisfy(\.isFrozen))
        XCTAssertFalse(model.groups[2].isFrozen)
    }

    func testTheSameSeedGivesTheSameWeights() throws {
        let yaml = "layers: [conv: {out: 2, kernel: 3}, flatten, linear: classes]"
        XCTAssertEqual(tensorBits(try buildModelFile(yaml, seed: 4)), tensorBits(try buildModelFile(yaml, seed: 4)))
        XCTAssertNotEqual(tensorBits(try buildModelFile(yaml, seed: 4)), tensorBits(try buildModelFile(yaml, seed: 5)))
    }

    func testTheParsedFileListsItsLayersAndWhereTheyAre() throws {
        let file = try parseModelFile("""
            # a comment
            layers:
              - conv: {out: 4, kernel: 5, key: features.0}
              - linear: classes
            """, name: "m.yml")
        XCTAssertEqual(file.file, "m.yml")
        XCTAssertEqual(file.groups.count, 1)
        let conv = file.groups[0].layers[0]
        XCTAssertEqual(conv.kind, .conv(out: 4, kernel: 5, stride: 1, padding: 0, bias: true, inChannels: nil))
        XCTAssertEqual(conv.key, "features.0")
        XCTAssertEqual(conv.location, ModelFileLocation(file: "m.yml", line: 3, column: 5, keyPath: "layers[0]"))
        XCTAssertEqual(file.groups[0].layers[1].kind, .linear(out: .classes, inFeatures: nil))
    }

    func testTheRegistryBuildsModelFilesByPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-modelfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("Tiny.YML").path
        try "layers: [flatten, linear: classes]".write(toFile: path, atomically: true, encoding: .utf8)
        let registry = ModelRegistry.builtIn
        XCTAssertTrue(try registry.builder(for: path) is ModelFileBuilder)
        XCTAssertFalse(try registry.builder(for: "resnet") is ModelFileBuilder)
        let model = try registry.makeModel(path, for: ModelInput(exampleShape: [2, 3], classes: 4), seed: 0)
        XCTAssertEqual(model.description, "all: Flatten(), Linear(6, 4)")

        XCTAssertThrowsError(try registry.makeModel(path, configuration: "{}", for: ModelInput(exampleShape: [2], classes: 2), seed: 0)) {
            XCTAssertTrue("\($0)".contains("takes no configuration"), "\($0)")
        }
        let missing = folder.appendingPathComponent("missing.yaml").path
        XCTAssertThrowsError(try registry.makeModel(missing, for: ModelInput(exampleShape: [2], classes: 2), seed: 0)) {
            XCTAssertTrue("\($0)".contains("there is no model file at \(missing)"), "\($0)")
        }
    }
}
