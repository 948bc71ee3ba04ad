import XCTest
@testable import Charts

final class NumberFormatTests: XCTestCase {
    func testFixedTrimsZerosAndNegativeZero() {
        XCTAssertEqual(NumberFormat.fixed(12.5, decimals: 2), "12.5")
        XCTAssertEqual(NumberFormat.fixed(3.0, decimals: 2), "3")
        XCTAssertEqual(NumberFormat.fixed(-0.25, decimals: 2), "-0.25")
        XCTAssertEqual(NumberFormat.fixed(-0.001, decimals: 2), "0")
        XCTAssertEqual(NumberFormat.fixed(0.6000000000000001, decimals: 1), "0.6")
        XCTAssertEqual(NumberFormat.fixed(0.05, decimals: 2), "0.05")
        XCTAssertEqual(NumberFormat.coordinate(123.456789), "123.46")
    }

    func testCompactSwitchesToScientificOutsideReadableRange() {
        XCTAssertEqual(NumberFormat.compact(0.0014, significantDigits: 2), "0.0014")
        XCTAssertEqual(NumberFormat.compact(0.00014, significantDigits: 2), "1.4e-4")
        XCTAssertEqual(NumberFormat.compact(1e-7), "1e-7")
        XCTAssertEqual(NumberFormat.compact(42.5), "42.5")
        XCTAssertEqual(NumberFormat.compact(123456), "1.235e5")
        XCTAssertEqual(NumberFormat.compact(9.9996, significantDigits: 4), "10")
        XCTAssertEqual(NumberFormat.compact(-0.5), "-0.5")
        XCTAssertEqual(NumberFormat.compact(.nan), "nan")
    }

    func testScientificAlwaysUsesExponent() {
        XCTAssertEqual(NumberFormat.scientific(1), "1e0")
        XCTAssertEqual(NumberFormat.scientific(10), "1e1")
        XCTAssertEqual(NumberFormat.scientific(2e-3), "2e-3")
        XCTAssertEqual(NumberFormat.scientific(0.000999999), "1e-3")
        XCTAssertEqual(NumberFormat.scientific(5e-320, significantDigits: 2), "5e-320")
        XCTAssertEqual(NumberFormat.scientific(1.7976931348623157e308), "1.798e308")
    }
}
