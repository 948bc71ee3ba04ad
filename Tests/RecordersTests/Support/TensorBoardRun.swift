import ArtifactSchema
import Foundation
import Datasets
import LRLabTestSupport
import NeuralNet
import TensorCore
import Training
@testable import Recorders

/// A small real classification fit (`TestLearners`' blobs: 4 features, 3 classes, 48 training and
/// 16 validation examples; body and head groups at different learning rates under one-cycle
/// schedules) recorded by the CSV and TensorBoard recorders.
final class TensorBoardRun {
    let directory: RunDirectory
    let info: RunInfo
    let csv: CSVRecorder
    let tensorBoard: TensorBoardRecorder
    let learner: Learner

    static let batchSize = 8
    static let trainingExamples = 48

    init(kind: RunKind = .fit, clock: @escaping () -> Double = { 1_795_000_000.25 }, callbacks: [any Callback] = [],
         schedule: (any Callback)? = nil, validation: Bool = true) throws {
        info = RunInfo(kind: kind, model: "tiny-classifier", commandLine: ["train", "fit"],
                       data: RunManifest.DataDescription(name: "blobs", validationFraction: 0.25),
                       batchSize: Self.batchSize, seed: 11,
                       optimizer: ["kind": "sgd", "momentum": 0.9, "nesterov": false, "weightDecay": 0],
                       schedule: ["kind": "one-cycle", "maxLRs": [0.02, 0.2], "pctStart": 0.25],
                       settings: ["epochs": 3, "stop": ["afterIterations": .null, "divergence": 4]],
                       group: "bs-sweep")
        directory = try RunDirectory.create(in: try TinyRun.temporaryFolder(), id: info.runID)
        csv = CSVRecorder(directory: directory, writesEpochs: kind != .lrFind)
        tensorBoard = TensorBoardRecorder(directory: directory, info: info, clock: clock)
        let data = try TestLearners.blobs(count: Self.trainingExamples + 16, seed: 11, validationFraction: 0.25)
        var rng = RandomGenerator(seed: 11)
        let body = Linear(4, 8, rng: &rng)
        let head = Linear(8, 3, rng: &rng)
        let model = Sequential(groups: [LayerGroup(name: "body", layers: [body, ReLU()]),
                                        LayerGroup(name: "head", layers: [head])])
        let groups = [ParameterGroup(name: "body", parameters: body.parameters, learningRate: 0.02, momentum: 0.9),
                      ParameterGroup(name: "head", parameters: head.parameters, learningRate: 0.2, momentum: 0.9)]
        let scheduler = try schedule ?? ParameterScheduler.oneCycle(maxLearningRates: [0.02, 0.2])
        learner = Learner(model: model, lossFunction: CrossEntropyLoss(), optimizer: SGD(groups: groups),
                          trainLoader: try data.trainLoader(batchSize: Self.batchSize, seed: 5),
                          validLoader: validation ? try data.validLoader(batchSize: Self.batchSize) : nil,
                          callbacks: [csv, tensorBoard, scheduler] + callbacks, seed: 11)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: (directory.path as NSString).deletingLastPathComponent)
    }

    /// The rows of a CSV artifact as dictionaries from column name to cell.
    func csvRows(_ file: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: directory.path(for: file), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    /// The run's `tensorboard/` folder.
    var eventFolder: String { directory.path(for: TensorBoardRecorder.folderName) }

    /// What TensorBoard's `EventAccumulator` reads from `path` (default: the run's event folder).
    func readWithTensorBoard(_ path: String? = nil) throws -> TensorBoardReading {
        try TestPython.json(TensorBoardReading.self, "tensorboard_events.py", ["read", path ?? eventFolder])
    }
}

/// The output of `Tests/Python/tensorboard_events.py read`.
struct TensorBoardReading: Decodable {
    /// A number, or "nan"/"inf"/"-inf" for non-finite ones.
    struct Number: Decodable, Equatable {
        let value: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else {
                switch try container.decode(String.self) {
                case "nan": value = .nan
                case "inf": value = .infinity
                default: value = -.infinity
                }
            }
        }
    }

    struct Scalar: Decodable {
        let step: Int
        let wallTime: Double
        let value: Number

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            step = try container.decode(Int.self)
            wallTime = try container.decode(Double.self)
            value = try container.decode(Number.self)
        }
    }

    struct Text: Decodable {
        let step: Int
        let text: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            step = try container.decode(Int.self)
            text = try container.decode(String.self)
        }
    }

    struct HParams: Decodable {
        struct Experiment: Decodable {
            struct Info: Decodable {
                let name: String
                let type: String
            }
            struct Metric: Decodable {
                struct Name: Decodable { let tag: String }
                let name: Name
                let dataset_type: String?
            }
            let hparam_infos: [Info]
            let metric_infos: [Metric]?
            let time_created_secs: Double?
        }
        struct SessionStart: Decodable {
            let hparams: [String: JSONValue]
            let start_time_secs: Double?
        }
        struct SessionEnd: Decodable {
            let status: String
            let end_time_secs: Double?
        }
        let experiment: Experiment?
        let session_start_info: SessionStart?
        let session_end_info: SessionEnd?
    }

    let file_version: Double?
    let source_writer: String?
    let scalars: [String: [Scalar]]
    let texts: [String: [Text]]
    let plugins: [String: [String]]
    let hparams: HParams
}
