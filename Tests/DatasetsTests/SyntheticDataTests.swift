import Datasets
import TensorCore
import XCTest

final class SyntheticDataTests: XCTestCase {
    /// The accuracy on `test` of assigning each example to the nearest class mean of `train`.
    private func nearestMeanAccuracy(train: Dataset, test: Dataset) -> Double {
        let width = train.inputs.count / train.count
        let classes = train.classNames.count
        var means = [Double](repeating: 0, count: classes * width)
        let counts = train.classCounts()
        for i in 0..<train.count {
            let label = Int(train.targets.storage[i])
            for j in 0..<width { means[label * width + j] += Double(train.inputs.storage[i * width + j]) / Double(counts[label]) }
        }
        var correct = 0
        for i in 0..<test.count {
            let distances = (0..<classes).map { c in
                (0..<width).reduce(0.0) { sum, j in
                    let d = Double(test.inputs.storage[i * width + j]) - means[c * width + j]
                    return sum + d * d
                }
            }
            if distances.firstIndex(of: distances.min()!)! == Int(test.targets.storage[i]) { correct += 1 }
        }
        return Double(correct) / Double(test.count)
    }

    func testBlobsAreSeededBalancedAndSeparable() throws {
        let a = try SyntheticData.blobs(count: 600, classes: 4, features: 5, spread: 0.7, seed: 2)
        XCTAssertEqual(a.inputs.shape, [600, 5])
        XCTAssertEqual(a.classCounts(), [150, 150, 150, 150])
        XCTAssertEqual(a.inputs, try SyntheticData.blobs(count: 600, classes: 4, features: 5, spread: 0.7, seed: 2).inputs)
        XCTAssertNotEqual(a.inputs, try SyntheticData.blobs(count: 600, classes: 4, features: 5, spread: 0.7, seed: 3).inputs)
        let split = try DataSplit(a, validationFraction: 0.5, seed: 0)
        XCTAssertGreaterThan(nearestMeanAccuracy(train: split.train, test: split.valid), 0.95)
        assertThrowsMessage(try SyntheticData.blobs(count: 10, classes: 0, features: 2), contains: ["classes", "at least 1"])
    }

    func testLinearRegressionTargetsFollowTheReturnedWeights() throws {
        let (data, weights, bias) = try SyntheticData.linearRegression(count: 2000, features: 3, noise: 0.1, seed: 8)
        XCTAssertEqual(data.inputs.shape, [2000, 3])
        XCTAssertEqual(data.targets.shape, [2000, 1])
        var squaredResidual = 0.0
        for i in 0..<data.count {
            var prediction = Double(bias)
            for j in 0..<3 { prediction += Double(weights[j]) * Double(data.inputs.storage[i * 3 + j]) }
            let r = Double(data.targets.storage[i]) - prediction
            squaredResidual += r * r
        }
        XCTAssertEqual((squaredResidual / 2000).squareRoot(), 0.1, accuracy: 0.01, "residuals are the noise only")
        let again = try SyntheticData.linearRegression(count: 2000, features: 3, noise: 0.1, seed: 8)
        XCTAssertEqual(again.dataset.targets, data.targets)
        XCTAssertEqual(again.weights, weights)
    }

    func testPatternsAreImageShapedDeterministicAndLearnable() throws {
        let data = try SyntheticData.patterns(count: 400, classes: 10, seed: 1)
        XCTAssertEqual(data.inputs.shape, [400, 1, 28, 28])
        XCTAssertEqual(data.classCounts(), [Int](repeating: 40, count: 10))
        XCTAssertEqual(data.classNames.count, 10)
        XCTAssertGreaterThanOrEqual(data.inputs.storage.min()!, 0)
        XCTAssertLessThanOrEqual(data.inputs.storage.max()!, 1)
        XCTAssertEqual(data.inputs, try SyntheticData.patterns(count: 400, classes: 10, seed: 1).inputs)
        XCTAssertNotEqual(data.inputs, try SyntheticData.patterns(count: 400, classes: 10, seed: 2).inputs)
        let split = try DataSplit(data, validationFraction: 0.5, seed: 0)
        XCTAssertGreaterThan(nearestMeanAccuracy(train: split.train, test: split.valid), 0.8)
        let three = try SyntheticData.patterns(count: 9, classes: 3)
        XCTAssertEqual(three.classNames, ["horizontal bar", "vertical bar", "diagonal"])
        assertThrowsMessage(try SyntheticData.patterns(count: 10, classes: 11), contains: ["classes", "1...10"])
    }
}
