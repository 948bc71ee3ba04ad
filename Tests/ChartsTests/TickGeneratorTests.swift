import XCTest
@testable import Charts

final class TickGeneratorTests: XCTestCase {
    func testUnitDomainGetsFifthTicks() {
        let ticks = TickGenerator.linearTicks(domain: 0...1, count: 6)
        XCTAssertEqual(ticks.major, [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(ticks.labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    func testNiceStepsAreOneTwoFiveTimesPowersOfTen() {
        XCTAssertEqual(TickGenerator.linearTicks(domain: 0...100, count: 6).major, [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(TickGenerator.linearTicks(domain: 0...7, count: 8).major, [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(TickGenerator.linearTicks(domain: -0.03...0.02, count: 6).labels,
                       ["-0.03", "-0.02", "-0.01", "0", "0.01", "0.02"])
        XCTAssertEqual(TickGenerator.linearTicks(domain: 0...2500, count: 4).major, [0, 1000, 2000])
        XCTAssertEqual(TickGenerator.linearTicks(domain: 1.1...1.9, count: 3).labels, ["1.2", "1.4", "1.6", "1.8"],
                       "a narrow explicit domain still gets at least two ticks")
    }

    func testNiceDomainWidensToStepMultiples() {
        XCTAssertEqual(TickGenerator.niceDomain(lower: 0.37, upper: 2.91, count: 6), 0...3)
        XCTAssertEqual(TickGenerator.niceDomain(lower: 0, upper: 99, count: 6), 0...100)
    }

    func testLRRangeDomainGetsEveryDecade() {
        let ticks = TickGenerator.logTicks(domain: 1e-7...10, maxLabels: 12)
        XCTAssertEqual(ticks.major.count, 9)
        for (value, exponent) in zip(ticks.major, -7...1) {
            XCTAssertEqual(value, pow(10, Double(exponent)), accuracy: 1e-12 * value)
        }
        XCTAssertEqual(ticks.labels, ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1"])
        XCTAssertEqual(ticks.minor.count, 8 * 8, "2...9 in each of the 8 full decades")
        XCTAssertEqual(ticks.minor.first!, 2e-7, accuracy: 1e-20)
    }

    func testLogLabelsArePlainWhenAllAreReadable() {
        let ticks = TickGenerator.logTicks(domain: 0.01...100, maxLabels: 10)
        XCTAssertEqual(ticks.labels, ["0.01", "0.1", "1", "10", "100"])
    }

    func testManyDecadesLabelEveryOtherAndKeepTheRestAsMinor() {
        let ticks = TickGenerator.logTicks(domain: 1e-10...1e10, maxLabels: 8)
        XCTAssertEqual(ticks.major.count, 7)
        XCTAssertEqual(ticks.labels.first, "1e-10")
        XCTAssertEqual(ticks.labels[1], "1e-7")
        XCTAssertTrue(ticks.minor.contains { abs($0 - 1e-9) < 1e-20 })
    }

    func testNarrowLogDomainAlsoLabelsTwoAndFive() {
        let ticks = TickGenerator.logTicks(domain: 4...64, maxLabels: 8)
        XCTAssertEqual(ticks.major, [5, 10, 20, 50])
        XCTAssertEqual(ticks.labels, ["5", "10", "20", "50"])
        XCTAssertFalse(ticks.minor.contains(20))
    }

    func testLogDomainWithinADecadeFallsBackToLinearTicks() {
        let ticks = TickGenerator.logTicks(domain: 2.1...3.9, maxLabels: 8)
        XCTAssertGreaterThanOrEqual(ticks.major.count, 2)
        XCTAssertTrue(ticks.major.allSatisfy { (2.1...3.9).contains($0) })
    }

    func testExplicitTicksKeepOnlyPlaceableValuesInsideTheDomain() {
        let ticks = TickGenerator.explicitTicks([0, 4, 8, 16, 32, 64, 128], domain: 3...70, scale: .log10)
        XCTAssertEqual(ticks.major, [4, 8, 16, 32, 64])
        XCTAssertEqual(ticks.labels, ["4", "8", "16", "32", "64"])
    }
}
