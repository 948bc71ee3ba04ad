import ArtifactSchema
import Datasets
import Experiments
import Foundation
import TensorCore
import XCTest

/// The checks of loaded data before any training, and what run.json records of the data's
/// standardisation.
final class TrainingDataCheckTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected an error")
        return ""
    }

    /// Examples of 2 features; `labels` and `values` as given.
    private func bundle(values: [Float], labels: [Float], classes: [String] = ["a", "b"], valid: Double = 0) throws -> DataBundle {
        let dataset = Dataset(name: "t", inputs: Tensor(shape: [labels.count, 2], storage: values),
                              targets: Tensor(shape: [labels.count], storage: labels), classNames: classes)
        return try DataBundle(dataset: dataset, validationFraction: valid, normalize: false)
    }

    func testABatchLargerThanTheTrainingSetIsRefusedWithTheNumbers() throws {
        let data = try Registries.builtIn.dataSources.load(DataRequest(source: "synthetic", options: ["count": "200"], trainLimit: 10))
        let request = DataRequest(source: "synthetic", trainLimit: 10)
        let text = message { try data.checkFits(batchSize: 64, batchSizeSetting: "FitJob.batchSize", request: request) }
        XCTAssertTrue(text.contains("'64' for `FitJob.batchSize`"), text)
        XCTAssertTrue(text.contains("only 10 training examples after `DataRequest.trainLimit` 10"), text)
        XCTAssertTrue(text.contains("at most 10"), text)
        do { try data.checkFits(batchSize: 10, batchSizeSetting: "FitJob.batchSize", request: request) } catch {
            XCTAssertFalse("\(error)".contains("batchSize"), "a batch of all 10 examples fits: \(error)")
        }

        let sweep = SweepJob(base: RangeTestJob(model: "mlp", data: request), batchSizes: [4, 32], seeds: [0], jobs: 1)
        XCTAssertTrue(message { try sweep.checkFits(data) }.contains("'32' for `SweepJob.batchSizes`"))
    }

    func testAClassWithoutTrainingExamplesLabelsOutOfRangeAndNonFiniteInputs() throws {
        let request = DataRequest(validationFraction: 0, classes: [0, 1])
        let empty = try bundle(values: [0, 1, 2, 3], labels: [0, 0], classes: ["a", "b"])
        let text = message { try empty.checkFits(batchSize: 1, batchSizeSetting: "batchSize", request: request) }
        XCTAssertTrue(text.contains("class 1 (b) has no example among the 2 training examples (after `DataRequest.classes` 0,1)"), text)

        let outOfRange = try bundle(values: [0, 1, 2, 3, 4, 5], labels: [0, 1, 5])
        let label = message { try outOfRange.checkFits(batchSize: 1, batchSizeSetting: "batchSize", request: DataRequest(validationFraction: 0)) }
        XCTAssertTrue(label.contains("t: the label of training example "), label)
        XCTAssertTrue(label.contains(" is 5.0, not a class index of 0..<2"), label)

        let nonFinite = try bundle(values: [0, 1, 2, .infinity], labels: [0, 1])
        let input = message { try nonFinite.checkFits(batchSize: 1, batchSizeSetting: "batchSize", request: DataRequest(validationFraction: 0)) }
        XCTAssertTrue(input.contains("has the input value inf; training needs finite inputs"), input)
        let nan = try bundle(values: [.nan, 1, 2, 3], labels: [0, 1])
        XCTAssertTrue(message { try nan.checkFits(batchSize: 1, batchSizeSetting: "batchSize", request: DataRequest(validationFraction: 0)) }
            .contains("has the input value nan"))
    }

    func testAValidationFractionThatHoldsOutNothingIsRefused() throws {
        let data = try bundle(values: (0..<20).map(Float.init), labels: (0..<10).map { Float($0 % 2) }, valid: 0.01)
        XCTAssertEqual(data.valid.count, 0)
        let text = message {
            try data.checkFits(batchSize: 2, batchSizeSetting: "batchSize", request: DataRequest(validationFraction: 0.01))
        }
        XCTAssertTrue(text.contains("'0.01' for `DataRequest.validationFraction`: it holds out no example of the 10"), text)
        XCTAssertNoThrow(try data.checkFits(batchSize: 2, batchSizeSetting: "batchSize", request: DataRequest(validationFraction: 0)))
    }

    func testRunnersCheckBeforeMakingARunFolder() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-check-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let request = DataRequest(source: "synthetic", options: ["count": "100"], trainLimit: 8)
        let job = RangeTestJob(model: "mlp", data: request, batchSize: 16, outputDirectory: out)
        XCTAssertThrowsError(try RangeTestRunner.run(job))
        XCTAssertThrowsError(try FitRunner.run(FitJob(model: "mlp", data: request, batchSize: 16, outputDirectory: out)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no run folder is made")
    }

    func testTheManifestRecordsPerChannelAndPerFeatureStatisticsAndOldFilesStillRead() throws {
        let bytes = (0..<(4 * 3 * 4)).map { UInt8(($0 * 29) % 256) }
        let rgb = Dataset(name: "rgb", bytes: bytes, shape: [4, 3, 2, 2], targets: Tensor(shape: [4], storage: [0, 1, 0, 1]),
                          classNames: ["a", "b"])
        var images = try DataBundle(dataset: rgb, validationFraction: 0, normalize: false)
        images.standardizePerChannel()
        images.provenance = DataProvenance(source: "image-folder")
        let description = images.manifestDescription.normalization
        XCTAssertEqual(description?.per, "channel")
        XCTAssertEqual(description?.means?.count, 3)
        XCTAssertEqual(description?.stds?.map { Float($0) }, images.normalization.stds)
        XCTAssertNil(description?.mean)

        var table = try bundle(values: [1, 10, 2, 30, 3, 50], labels: [0, 1, 0])
        table.standardizePerChannel()
        table.provenance = DataProvenance(source: "csv", features: ["x", "y"], labelColumn: "label", fillMissing: "mean", filledCells: 2)
        let tableDescription = table.manifestDescription
        XCTAssertEqual(tableDescription.normalization?.per, "feature")
        XCTAssertEqual(tableDescription.features, ["x", "y"])
        XCTAssertEqual(tableDescription.filledCells, 2)

        let old = """
            {"format": "lrlab-run", "formatVersion": 1, "id": "r", "status": "completed",
             "data": {"name": "pets", "source": "image-folder", "normalization": {"mean": 0.25, "std": 0.5}}}
            """
        let manifest = try RunManifest.decode(from: Data(old.utf8))
        XCTAssertEqual(manifest.data?.normalization, .init(mean: 0.25, std: 0.5))
        var written = manifest
        written.data?.normalization = description
        let again = try RunManifest.decode(from: Data(try written.jsonText().utf8))
        XCTAssertEqual(again.data?.normalization, description)
    }
}
