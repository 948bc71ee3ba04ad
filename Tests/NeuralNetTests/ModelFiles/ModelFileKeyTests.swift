import XCTest
import NeuralNet
import TensorCore

/// A model file's `key:`s name its tensors as PyTorch's `state_dict()` does, for export and
/// `--init-from`; layers without one are numbered as an `nn.Sequential` numbers its modules.
final class ModelFileKeyTests: XCTestCase {
    private func keys(_ model: Sequential) -> [String] { StateDict.entries(of: model).map(\.key) }

    func testLayersWithoutKeysAreNumberedOverAllGroups() throws {
        let model = try buildModelFile("""
            groups:
              - {name: body, layers: [conv: {out: 2, kernel: 3}, batchnorm, relu, flatten]}
              - {name: head, layers: [linear: classes]}
            """, shape: [1, 4, 4])
        XCTAssertEqual(keys(model), ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                     "1.num_batches_tracked", "4.weight", "4.bias"])
    }

    func testWrittenKeysNameTheTensors() throws {
        let model = try buildModelFile("""
            groups:
              - name: body
                layers:
                  - conv: {out: 2, kernel: 3, bias: false, key: stem.conv}
                  - batchnorm: {key: stem.norm}
                  - relu
                  - basic_block: {out: 3, stride: 2, key: layer1.0}
                  - global_avgpool
              - name: head
                layers:
                  - linear: {out: classes, key: fc}
            """, shape: [1, 6, 6])
        XCTAssertEqual(keys(model), [
            "stem.conv.weight",
            "stem.norm.weight", "stem.norm.bias", "stem.norm.running_mean", "stem.norm.running_var", "stem.norm.num_batches_tracked",
            "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.bn1.running_mean",
            "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked", "layer1.0.conv2.weight", "layer1.0.bn2.weight",
            "layer1.0.bn2.bias", "layer1.0.bn2.running_mean", "layer1.0.bn2.running_var", "layer1.0.bn2.num_batches_tracked",
            "layer1.0.downsample.0.weight", "layer1.0.downsample.1.weight", "layer1.0.downsample.1.bias",
            "layer1.0.downsample.1.running_mean", "layer1.0.downsample.1.running_var", "layer1.0.downsample.1.num_batches_tracked",
            "fc.weight", "fc.bias",
        ])
        let exported = StateDict.export(model)
        XCTAssertEqual(exported["fc.weight"]?.shape, [3, 3])
        XCTAssertEqual(exported["layer1.0.downsample.0.weight"]?.shape, [3, 2, 1, 1])
        XCTAssertEqual(exported["stem.norm.num_batches_tracked"]?.shape, [])
    }

    func testResidualLayersNameTheirBranches() throws {
        let model = try buildModelFile("""
            layers:
              - residual:
                  - conv: {out: 2, kernel: 3, padding: 1}
                  - relu
                  - conv: {out: 2, kernel: 1, key: project}
              - residual:
                  key: block
                  layers: [conv: {out: 3, kernel: 1}]
                  shortcut: [conv: {out: 3, kernel: 1, bias: false, key: proj}]
              - flatten
              - linear: classes
            """, shape: [2, 3, 3])
        XCTAssertEqual(keys(model), ["0.body.0.weight", "0.body.0.bias", "0.project.weight", "0.project.bias",
                                     "block.body.0.weight", "block.body.0.bias", "block.proj.weight", "3.weight", "3.bias"])
        // Checkpoints name the branches by position, whatever the keys.
        XCTAssertEqual(model.namedTensors.map(\.name).prefix(5),
                       ["all.0.body.0.weight", "all.0.body.0.bias", "all.0.body.2.weight", "all.0.body.2.bias", "all.1.body.0.weight"])
    }

    func testTheBuiltInResNetExportsTorchvisionBlockNames() throws {
        let model = try ResNetModel(configuration: .init(stemWidth: 2, widths: [2, 3], blocksPerStage: [1, 1]))
            .make(inputShape: [1, 6, 6], classes: 2, seed: 0)
        let exported = StateDict.export(model)
        XCTAssertEqual(exported.count, StateDict.entries(of: model).count, "every tensor has its own key")
        XCTAssertEqual(exported["3.conv1.weight"]?.shape, [2, 2, 3, 3])
        XCTAssertEqual(exported["4.downsample.0.weight"]?.shape, [3, 2, 1, 1])
        XCTAssertEqual(exported["4.bn2.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(exported["6.weight"]?.shape, [2, 3])
    }

    func testWeightsLoadByKeyAndMismatchesListEveryProblem() throws {
        let yaml = """
            groups:
              - {name: body, layers: [conv: {out: 2, kernel: 3, key: features.0}, relu, flatten]}
              - {name: head, layers: [linear: {out: classes, key: classifier}]}
            """
        let source = try buildModelFile(yaml, shape: [1, 5, 5], classes: 3, seed: 1)
        let target = try buildModelFile(yaml, shape: [1, 5, 5], classes: 3, seed: 2)
        XCTAssertNotEqual(tensorBits(source), tensorBits(target))
        try StateDict.load(StateDict.export(source), into: target)
        XCTAssertEqual(tensorBits(source), tensorBits(target))

        // Other classes: the body loads alone, the head's tensors are left out.
        let otherClasses = try buildModelFile(yaml, shape: [1, 5, 5], classes: 4, seed: 2)
        let freshHead = otherClasses.groups[1].parameters.map { $0.value.storage }
        try StateDict.load(StateDict.export(source), into: otherClasses, onlyGroups: ["body"])
        XCTAssertEqual(otherClasses.groups[0].parameters.map { $0.value.storage }, source.groups[0].parameters.map { $0.value.storage })
        XCTAssertEqual(otherClasses.groups[1].parameters.map { $0.value.storage }, freshHead)

        var tensors = StateDict.export(source)
        tensors["features.0.bias"] = nil
        tensors["features.1.weight"] = StoredTensor(Tensor(shape: [2]))
        tensors["classifier.weight"] = StoredTensor(Tensor(shape: [3, 9]))
        XCTAssertThrowsError(try StateDict.load(tensors, into: target, source: "w.safetensors")) { error in
            let error = error as! StateDictError
            XCTAssertEqual(error.missing.map(\.key), ["features.0.bias"])
            XCTAssertEqual(error.unexpected.map(\.key), ["features.1.weight"])
            XCTAssertEqual(error.wrongShapes.map { "\($0.key) \($0.saved) \($0.model)" }, ["classifier.weight [3, 9] [3, 18]"])
        }
    }
}
