import Datasets
import TensorCore
import XCTest

final class NormalizationTests: XCTestCase {
    func testStatisticsAreMeanAndPopulationStd() {
        let data = Dataset(name: "d", inputs: Tensor(shape: [2, 2], storage: [1, 2, 3, 4]),
                           targets: Tensor(shape: [2], storage: [0, 1]))
        let stats = Normalization.computed(from: data)
        XCTAssertEqual(stats.mean, 2.5, accuracy: 1e-6)
        XCTAssertEqual(stats.std, Float(1.25).squareRoot(), accuracy: 1e-6)
        let applied = stats.applied(to: data)
        XCTAssertEqual(applied.inputs.storage[0], (1 - 2.5) / Float(1.25).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(applied.targets, data.targets)
        XCTAssertEqual(data.inputs.storage, [1, 2, 3, 4], "the source is left alone")
        let constant = Dataset(name: "c", inputs: Tensor(shape: [3, 1], repeating: 5), targets: Tensor(shape: [3]))
        XCTAssertEqual(Normalization.computed(from: constant), Normalization(mean: 5, std: 1))
    }

    func testBundleStandardisesTrainWithItsOwnStatsAndValidWithTheSame() throws {
        let data = try SyntheticData.patterns(count: 300, seed: 4)
        let bundle = try DataBundle(dataset: data, validationFraction: 0.2, seed: 9)
        let trainStats = Normalization.computed(from: bundle.train)
        XCTAssertEqual(trainStats.mean, 0, accuracy: 1e-4)
        XCTAssertEqual(trainStats.std, 1, accuracy: 1e-4)
        // The validation set went through the training transform, not its own.
        let rawValid = try DataSplit(data, validationFraction: 0.2, seed: 9).valid
        XCTAssertEqual(bundle.valid.inputs, bundle.normalization.applied(to: rawValid).inputs)
        XCTAssertNotEqual(Normalization.computed(from: rawValid), bundle.normalization)
        let unscaled = try DataBundle(dataset: data, validationFraction: 0.2, seed: 9, normalize: false)
        XCTAssertEqual(unscaled.normalization, .identity)
        XCTAssertEqual(unscaled.valid.inputs, rawValid.inputs)
        assertThrowsMessage(try bundle.trainLoader(batchSize: 0), contains: ["`batchSize`", "at least 1"])
    }
}
