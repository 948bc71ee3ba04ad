import Datasets
import TensorCore
import XCTest

final class DataSplitTests: XCTestCase {
    /// 100 examples whose single input value is their index, labels `i % 4`.
    let indexed = Dataset(name: "indexed", inputs: Tensor(shape: [100, 1], storage: (0..<100).map(Float.init)),
                          targets: Tensor(shape: [100], storage: (0..<100).map { Float($0 % 4) }),
                          classNames: ["a", "b", "c", "d"])

    func testSplitIsDisjointCoversEveryExampleAndKeepsPairsTogether() throws {
        let split = try DataSplit(indexed, validationFraction: 0.1, seed: 7)
        XCTAssertEqual(split.trainCount, 90)
        XCTAssertEqual(split.validCount, 10)
        let train = split.train.inputs.storage.map(Int.init)
        let valid = split.valid.inputs.storage.map(Int.init)
        XCTAssertTrue(Set(train).isDisjoint(with: valid))
        XCTAssertEqual(Set(train).union(valid), Set(0..<100))
        XCTAssertEqual(train, split.trainIndices)
        XCTAssertEqual(valid, split.validIndices)
        for (input, label) in zip(split.train.inputs.storage, split.train.targets.storage) {
            XCTAssertEqual(Float(Int(input) % 4), label)
        }
        XCTAssertNotEqual(train, Array(train).sorted(), "the split is shuffled")
        XCTAssertEqual(split.train.classNames, indexed.classNames)
    }

    func testSameSeedSameSplitOtherSeedOtherSplit() throws {
        let a = try DataSplit(indexed, validationFraction: 0.2, seed: 1)
        let b = try DataSplit(indexed, validationFraction: 0.2, seed: 1)
        let c = try DataSplit(indexed, validationFraction: 0.2, seed: 2)
        XCTAssertEqual(a.train.inputs, b.train.inputs)
        XCTAssertEqual(a.validIndices, b.validIndices)
        XCTAssertNotEqual(Set(a.validIndices), Set(c.validIndices))
    }

    func testLimitsKeepThePrefixOfTheShuffledOrder() throws {
        let full = try DataSplit(indexed, validationFraction: 0.1, seed: 5)
        let limited = try DataSplit(indexed, validationFraction: 0.1, seed: 5, limit: 12, validationLimit: 3)
        XCTAssertEqual(limited.trainIndices, Array(full.trainIndices.prefix(12)))
        XCTAssertEqual(limited.validIndices, Array(full.validIndices.prefix(3)))
        XCTAssertEqual(limited.train.count, 12)
        XCTAssertEqual(try DataSplit(indexed, validationFraction: 0, seed: 0).validCount, 0)
    }

    func testBadSettingsNameTheirParameter() {
        assertThrowsMessage(try DataSplit(indexed, validationFraction: 1, seed: 0), contains: ["`validationFraction`", "0..<1"])
        assertThrowsMessage(try DataSplit(indexed, validationFraction: -0.1, seed: 0), contains: ["`validationFraction`"])
        assertThrowsMessage(try DataSplit(indexed, validationFraction: 0.1, seed: 0, limit: 0), contains: ["`limit`", "positive"])
        assertThrowsMessage(try DataSplit(indexed, validationFraction: 0.1, seed: 0, validationLimit: -1),
                            contains: ["`validationLimit`", "negative"])
        assertThrowsMessage(try DataSplit(indexed, validationFraction: 0.999, seed: 0),
                            contains: ["`validationFraction`", "none for training"])
    }

    func testClassFilterRemapsLabelsInTheGivenOrderAndKeepsNames() throws {
        let filtered = try indexed.filteringClasses([3, 1])
        XCTAssertEqual(filtered.count, 50)
        XCTAssertEqual(filtered.classNames, ["d", "b"])
        for (input, label) in zip(filtered.inputs.storage, filtered.targets.storage) {
            XCTAssertEqual(label, Int(input) % 4 == 3 ? 0 : 1)
            XCTAssertTrue([1, 3].contains(Int(input) % 4))
        }
        XCTAssertEqual(Array(filtered.inputs.storage.prefix(4)), [1, 3, 5, 7], "examples keep their order")
        XCTAssertEqual(filtered.classCounts(), [25, 25])
    }

    func testClassFilterRejectsEmptyDuplicateAndOutOfRangeLists() {
        assertThrowsMessage(try indexed.filteringClasses([]), contains: ["at least one class"])
        assertThrowsMessage(try indexed.filteringClasses([1, 2, 1]), contains: ["class 1 is listed twice"])
        assertThrowsMessage(try indexed.filteringClasses([0, 4]), contains: ["class 4 does not exist", "0..<4"])
        assertThrowsMessage(try indexed.filteringClasses([-1]), contains: ["class -1 does not exist"])
    }
}
