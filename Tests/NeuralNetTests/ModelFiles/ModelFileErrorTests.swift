import XCTest
import NeuralNet

/// Every mistake a model file can hold is refused with the file, line, column and key where it is,
/// what is wrong and how to fix it.
final class ModelFileErrorTests: XCTestCase {
    /// Asserts that `yaml` (built for `shape` when given) fails at `line` (and `column`) on
    /// `keyPath`, with a message containing each of `phrases`.
    private func assertError(_ yaml: String, shape: [Int]? = nil, classes: Int = 3, line: Int, column: Int? = nil,
                             keyPath: String, _ phrases: String..., file: StaticString = #filePath, line testLine: UInt = #line) {
        guard let error = modelFileError(yaml, shape: shape, classes: classes, file: file, line: testLine) else { return }
        let message = error.description
        XCTAssertEqual(error.location.file, "model.yaml", file: file, line: testLine)
        XCTAssertEqual(error.location.line, line, message, file: file, line: testLine)
        if let column { XCTAssertEqual(error.location.column, column, message, file: file, line: testLine) }
        XCTAssertEqual(error.location.keyPath, keyPath, message, file: file, line: testLine)
        let prefix = "model.yaml:\(line):\(error.location.column):" + (keyPath.isEmpty ? "" : " at `\(keyPath)`:")
        XCTAssertTrue(message.hasPrefix(prefix), "\(message) starts with \(prefix)", file: file, line: testLine)
        XCTAssertFalse(error.fix.isEmpty, "says how to fix it: \(message)", file: file, line: testLine)
        for phrase in phrases {
            XCTAssertTrue(message.contains(phrase), "\(message)\n  should contain: \(phrase)", file: file, line: testLine)
        }
    }

    // MARK: The file itself

    func testSyntaxErrorsNameTheLineYAMLStoppedAt() {
        assertError("layers:\n  - conv: {out: 4, kernel: 3\n  - relu\n", line: 4, keyPath: "", "not valid YAML",
                    "did not find expected ',' or '}'", "flow mapping at line 2, column 11")
        assertError("layers:\n  - relu\n - flatten\n", line: 3, keyPath: "", "not valid YAML", "indentation")
        // Lines indented further continue the item's text, which then names no layer kind.
        assertError("layers:\n  - relu\n   - flatten\n", line: 2, keyPath: "layers[0]", "no layer kind `relu - flatten`")
        assertError("layers:\n\t- relu\n", line: 2, keyPath: "", "not valid YAML")
    }

    func testEmptyBinaryOversizedAndHostileFiles() {
        assertError("", line: 1, keyPath: "", "the file is empty")
        assertError("# only a comment\n", line: 1, keyPath: "", "the file is empty")
        var bytes = Array("layers:\n  - relu\n".utf8)
        bytes.insert(0xFF, at: 12)
        XCTAssertThrowsError(try ModelFile.parse(bytes, fileName: "bin.yaml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("bin.yaml:2:5:"), "\(error)")
            XCTAssertTrue("\(error)".contains("not UTF-8"), "\(error)")
        }
        XCTAssertThrowsError(try ModelFile.parse([UInt8](repeating: 0x20, count: ModelFile.maximumSize + 1), fileName: "big.yaml")) {
            XCTAssertTrue("\($0)".contains("more than the \(ModelFile.maximumSize)"), "\($0)")
        }
        // A billion laughs: aliases are refused before YAML expands them.
        assertError("a: &a [relu, relu]\nb: &b [*a, *a]\nlayers: [*b, *b]\n", line: 1, column: 4, keyPath: "", "an anchor")
        assertError("layers:\n  - *x\n", line: 2, column: 5, keyPath: "", "an alias")
        assertError("layers: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40), line: 1, keyPath: "",
                    "nested more than 32")
        assertError("layers:\n" + String(repeating: " ", count: 220) + "- relu\n", line: 2, keyPath: "", "levels deep")
        // Quoted and commented text is not taken for anchors or brackets.
        XCTAssertNoThrow(try parseModelFile("layers: ['relu'] # &not [an [anchor\n"), "a comment")
        assertError("layers: ['&x']", line: 1, keyPath: "layers[0]", "no layer kind `&x`")
    }

    func testTopLevelKeys() {
        assertError("layer: [relu]", line: 1, column: 1, keyPath: "layer", "no setting `layer`", "did you mean `layers`")
        assertError("layers: [flatten]\ngroups: [{name: a, layers: [relu]}]", line: 2, keyPath: "groups", "both `layers` and `groups`")
        assertError("{}", line: 1, keyPath: "", "neither `layers` nor `groups`")
        assertError("- relu\n- flatten\n", line: 1, keyPath: "", "must be a mapping", "got a list")
        assertError("layers: relu", line: 1, column: 9, keyPath: "layers", "must be a list", "got `relu`")
        assertError("layers: []", line: 1, keyPath: "layers", "is empty")
        assertError("layers: [relu]\nlayers: [flatten]", line: 1, keyPath: "", "`layers` more than once")
    }

    func testGroups() {
        assertError("groups: [{layers: [relu]}]", line: 1, column: 10, keyPath: "groups[0]", "no `name`")
        assertError("groups: [{name: body}]", line: 1, keyPath: "groups[0]", "no `layers`")
        assertError("groups:\n  - {name: body, layers: [relu]}\n  - {name: body, layers: [flatten]}\n", line: 3,
                    keyPath: "groups[1].name", "`body` is already used by the group at line 2")
        assertError("groups:\n  - name: [a]\n    layers: [relu]\n", line: 2, keyPath: "groups[0].name", "must be a name")
        assertError("groups:\n  - name: body\n    layer: [relu]\n", line: 3, keyPath: "groups[0].layer", "did you mean `layers`")
        assertError("groups: {name: body}", line: 1, keyPath: "groups", "must be a list")
    }

    // MARK: Layers

    func testUnknownKindsSuggestCloseMatches() {
        assertError("layers:\n  - relu\n  - conv2d: {out: 4, kernel: 3}\n", line: 3, column: 5, keyPath: "layers[1]",
                    "no layer kind `conv2d`", "did you mean `conv`")
        assertError("layers: [Linear: classes]", line: 1, keyPath: "layers[0]", "no layer kind `Linear`", "did you mean `linear`")
        assertError("layers: [maxpol: 2]", line: 1, keyPath: "layers[0]", "did you mean `maxpool`")
        assertError("layers: [global_avg_pool]", line: 1, keyPath: "layers[0]", "did you mean `global_avgpool`")
        assertError("layers: [softmax]", line: 1, keyPath: "layers[0]", "no layer kind `softmax`", "The kinds are `conv`")
    }

    func testMalformedLayerItems() {
        // Settings written next to the kind instead of under it.
        assertError("layers:\n  - conv:\n    out: 4\n    kernel: 3\n", line: 2, keyPath: "layers[0]",
                    "has `out`, `kernel` next to its kind `conv`", "indent them below `conv:`")
        assertError("layers:\n  - {relu: , flatten: }\n", line: 2, keyPath: "layers[0]", "has 2 keys")
        assertError("layers:\n  - [relu]\n", line: 2, keyPath: "layers[0]", "got a list")
        assertError("layers:\n  -\n  - relu\n", line: 2, keyPath: "layers[0]", "got nothing")
        assertError("layers:\n  - {}\n", line: 2, keyPath: "layers[0]", "got a mapping")
    }

    func testMissingAndUnknownSettings() {
        assertError("layers:\n  - conv: {kernel: 3}\n", line: 2, keyPath: "layers[0].conv", "`conv` needs `out`", "conv: {out: 16")
        assertError("layers:\n  - conv: {out: 3}\n", line: 2, keyPath: "layers[0].conv", "`conv` needs `kernel`")
        assertError("layers:\n  - conv\n", line: 2, keyPath: "layers[0].conv", "`conv` needs `out`")
        assertError("layers:\n  - conv: {out: 3, kernal: 3}\n", line: 2, column: 20, keyPath: "layers[0].conv.kernal",
                    "`conv` has no setting `kernal`", "did you mean `kernel`", "`out`, `kernel`, `stride`")
        assertError("layers:\n  - conv: 16\n", line: 2, keyPath: "layers[0].conv", "needs `out` and `kernel`", "given `16`")
        assertError("layers:\n  - relu: {inplace: true}\n", line: 2, keyPath: "layers[0].relu.inplace", "takes no settings")
        assertError("layers:\n  - relu: 2\n", line: 2, keyPath: "layers[0].relu", "takes no settings")
        assertError("layers:\n  - flatten: {key: f}\n", line: 2, keyPath: "layers[0].flatten.key", "no setting `key`")
        assertError("layers:\n  - maxpool\n", line: 2, keyPath: "layers[0].maxpool", "`maxpool` needs `kernel`")
        assertError("layers:\n  - linear\n", line: 2, keyPath: "layers[0].linear", "`linear` needs `out`", "linear: classes")
        assertError("layers:\n  - basic_block: {stride: 2}\n", line: 2, keyPath: "layers[0].basic_block", "needs `out`")
        assertError("layers:\n  - batchnorm: 4\n", line: 2, keyPath: "layers[0].batchnorm", "takes its size from its input")
        assertError("layers:\n  - residual: {shortcut: [relu]}\n", line: 2, keyPath: "layers[0].residual", "has no layers")
        assertError("layers:\n  - residual: []\n", line: 2, keyPath: "layers[0].residual", "is empty")
    }

    func testWrongTypesAndRanges() {
        assertError("layers:\n  - conv: {out: 4, kernel: 3.5}\n", line: 2, keyPath: "layers[0].conv.kernel", "whole number", "3.5")
        assertError("layers:\n  - conv: {out: \"16\", kernel: 3}\n", line: 2, keyPath: "layers[0].conv.out",
                    "must be a whole number, got the quoted text \"16\"", "unquoted")
        assertError("layers:\n  - conv: {out: sixteen, kernel: 3}\n", line: 2, keyPath: "layers[0].conv.out", "got `sixteen`")
        assertError("layers:\n  - conv: {out: 0, kernel: 3}\n", line: 2, keyPath: "layers[0].conv.out", "from 1 to 65536, got 0")
        assertError("layers:\n  - conv: {out: 4, kernel: 3, padding: -1}\n", line: 2, keyPath: "layers[0].conv.padding", "from 0 to 255")
        assertError("layers:\n  - conv: {out: 99999999999999999999999, kernel: 3}\n", line: 2, keyPath: "layers[0].conv.out",
                    "whole number")
        assertError("layers:\n  - conv: {out: [4], kernel: 3}\n", line: 2, keyPath: "layers[0].conv.out", "got a list")
        assertError("layers:\n  - conv: {out: 4, kernel: 3, bias: maybe}\n", line: 2, keyPath: "layers[0].conv.bias",
                    "true or false", "got `maybe`")
        assertError("layers:\n  - maxpool: {kernel: 2, stride: 0}\n", line: 2, keyPath: "layers[0].maxpool.stride", "from 1 to 255")
        assertError("layers:\n  - dropout: 1\n", line: 2, keyPath: "layers[0].dropout", "at least 0 and below 1, got 1")
        assertError("layers:\n  - dropout: {p: high}\n", line: 2, keyPath: "layers[0].dropout.p", "must be a number")
        assertError("layers:\n  - linear: clases\n", line: 2, keyPath: "layers[0].linear", "whole number or `classes`",
                    "did you mean `classes`")
        assertError("layers:\n  - linear: {out: classes, in: 0}\n", line: 2, keyPath: "layers[0].linear.in", "from 1 to")
    }

    func testKeys() {
        assertError("layers:\n  - linear: {out: classes, key: features..0}\n", line: 2, keyPath: "layers[0].linear.key",
                    "`features..0` is not a state_dict key prefix", "features.0")
        assertError("layers:\n  - linear: {out: classes, key: [a]}\n", line: 2, keyPath: "layers[0].linear.key", "must be a name")
        assertError("""
            groups:
              - name: body
                layers: [flatten, linear: {out: 4, key: fc}]
              - name: head
                layers:
                  - linear: {out: classes, key: fc}
            """, line: 6, keyPath: "groups[1].layers[0].key", "`fc` is already the key of the layer at line 3")
        assertError("layers:\n  - residual:\n      - linear: {out: 4, key: a}\n      - linear: {out: 4, key: a}\n",
                    line: 4, keyPath: "layers[0].residual[1].key", "already the key", "a residual")
        // A written key that is another layer's default number.
        assertError("layers:\n  - linear: {out: 4, key: \"1\"}\n  - linear: classes\n", shape: [4], line: 3,
                    keyPath: "layers[1]", "`1.weight`", "same state_dict key as one of the layer at line 2")
    }

    // MARK: Shapes (against the data)

    func testLinearInputsThatDoNotFit() {
        assertError("layers:\n  - conv: {out: 32, kernel: 3, padding: 1}\n  - linear: classes\n", shape: [1, 8, 8], line: 3,
                    keyPath: "layers[1]", "linear takes features [features] but its input is [32, 8, 8]",
                    "add `flatten` before it (giving 2048 features)")
        assertError("layers:\n  - conv: {out: 32, kernel: 3}\n  - maxpool: 2\n  - flatten\n  - linear: {out: classes, in: 1568}\n",
                    shape: [1, 32, 32], line: 5, keyPath: "layers[3]",
                    "`in` is 1568 but the linear's input has 7200 features ([7200] for data of shape [1, 32, 32])", "set `in: 7200`")
        assertError("layers:\n  - conv: {out: 4, kernel: 3, in: 3}\n  - flatten\n  - linear: classes\n", shape: [1, 8, 8], line: 2,
                    keyPath: "layers[0]", "`in` is 3 but the conv's input [1, 8, 8] has 1 channels", "set `in: 1`")
    }

    func testImageLayersOnFeatures() {
        assertError("layers:\n  - flatten\n  - conv: {out: 4, kernel: 3}\n", shape: [1, 8, 8], line: 3, keyPath: "layers[1]",
                    "conv takes images [channels, height, width] but its input is [64]", "put it before `flatten`")
        assertError("layers:\n  - maxpool: 2\n", shape: [5], line: 2, keyPath: "layers[0]",
                    "maxpool takes images", "the data's examples are [5], not images")
        assertError("layers:\n  - global_avgpool\n  - global_avgpool\n", shape: [2, 4, 4], line: 3, keyPath: "layers[1]",
                    "global_avgpool takes images", "[2]")
        assertError("layers:\n  - basic_block: 4\n", shape: [7], line: 2, keyPath: "layers[0]", "basic_block takes images")
        assertError("layers:\n  - batchnorm\n", shape: [2, 3], line: 2, keyPath: "layers[0]", "batchnorm takes images", "got [2, 3]")
    }

    func testWindowsLargerThanTheirInput() {
        assertError("layers:\n  - maxpool: 2\n  - maxpool: 2\n  - maxpool: 2\n  - flatten\n  - linear: classes\n", shape: [1, 7, 7],
                    line: 4, keyPath: "layers[2]", "the 2x2 window does not fit the maxpool's input [1, 1, 1]")
        assertError("layers:\n  - conv: {out: 2, kernel: 9}\n", shape: [1, 8, 8], line: 2, keyPath: "layers[0]",
                    "a 9x9 kernel with padding 0 does not fit the conv's input [1, 8, 8]")
        assertError("layers:\n  - avgpool: {kernel: 5}\n", shape: [1, 4, 6], line: 2, keyPath: "layers[0]", "avgpool's input [1, 4, 6]")
    }

    func testResidualsWhoseBranchesDisagree() {
        assertError("layers:\n  - residual:\n      - conv: {out: 4, kernel: 3}\n  - flatten\n  - linear: classes\n",
                    shape: [2, 6, 6], line: 2, keyPath: "layers[0]",
                    "turn its input [2, 6, 6] into [4, 4, 4], but the identity shortcut keeps the input's [2, 6, 6]",
                    "shortcut: [conv: {out: 4, kernel: 1, stride: 2}]")
        assertError("""
            layers:
              - residual:
                  layers: [conv: {out: 4, kernel: 3, padding: 1}]
                  shortcut: [conv: {out: 3, kernel: 1}]
            """, shape: [2, 6, 6], line: 2, keyPath: "layers[0]", "the shortcut gives [3, 6, 6]", "give [4, 6, 6]")
        // A mistake inside a residual is named at its own line.
        assertError("layers:\n  - residual:\n      - relu\n      - linear: classes\n", shape: [2, 6, 6], line: 4,
                    keyPath: "layers[0].residual[1]", "linear takes features")
    }

    func testTheModelMustEndInTheClasses() {
        assertError("layers:\n  - flatten\n  - linear: 10\n", shape: [1, 4, 4], classes: 3, line: 3, keyPath: "layers[1]",
                    "ends with the shape [10] but the data has 3 classes", "end with `linear: classes`")
        assertError("layers:\n  - conv: {out: 3, kernel: 1}\n", shape: [1, 4, 4], classes: 3, line: 2, keyPath: "layers[0]",
                    "ends with the shape [3, 4, 4]", "end with `flatten` (or `global_avgpool`) and `linear: classes`")
    }

    func testAbsurdSizesAreRefusedBeforeAllocating() {
        assertError("layers:\n  - flatten\n  - linear: 16777216\n  - linear: 16777216\n", shape: [4], line: 4, keyPath: "layers[2]",
                    "more than \(1 << 28) weights")
        assertError("layers:\n  - conv: {out: 65536, kernel: 1, padding: 255}\n", shape: [1, 512, 512], line: 2, keyPath: "layers[0]",
                    "values per example")
    }
}
