import XCTest
@testable import CurveAnalysis

/// Reading curves from metrics.csv and other CSV files, and the errors for bad ones.
final class CurveCSVReaderTests: XCTestCase {
    private let source = "runs/x/metrics.csv"

    private func parse(_ text: String) throws -> RecordedCurve {
        try CurveCSVReader.parse(text, source: source)
    }

    private func assertError(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: line) { error in
            XCTAssertEqual("\(error)", message, file: file, line: line)
        }
    }

    func testMetricsCSVUsesTheSmoothedLossAndKeepsTheRawOne() throws {
        let curve = try parse("""
            iteration,epoch,lr,momentum,loss,smooth_loss
            0,0,1e-07,0.9,2.31,2.31
            1,0,1.2e-07,0.9,2.40,2.35
            """)
        XCTAssertEqual(curve.lrs, [1e-7, 1.2e-7])
        XCTAssertEqual(curve.losses, [2.31, 2.35])
        XCTAssertEqual(curve.rawLosses, [2.31, 2.40])
        XCTAssertNil(curve.validLosses)
    }

    func testPlainLossIsUsedAsGivenAndValidLossIsRead() throws {
        let curve = try parse("lr,loss,valid_loss\n0.001,1.5,1.6\n0.01,1.2,1.3\n")
        XCTAssertEqual(curve.losses, [1.5, 1.2])
        XCTAssertNil(curve.rawLosses)
        XCTAssertEqual(curve.validLosses, [1.6, 1.3])
    }

    func testNonFiniteSpellingsQuotesCRLFAndBlankLines() throws {
        let curve = try parse("\"lr\",note,\"loss\"\r\n0.1,\"a, quoted \"\"note\"\"\",nan\r\n\r\n"
                              + "0.2,\"two\nlines\",NaN\n0.3,x,inf\n\"0.4\",,-inf\n0.5,y,+Infinity")
        XCTAssertEqual(curve.lrs, [0.1, 0.2, 0.3, 0.4, 0.5])
        XCTAssertTrue(curve.losses[0].isNaN && curve.losses[1].isNaN)
        XCTAssertEqual(Array(curve.losses[2...]), [.infinity, -.infinity, .infinity])
    }

    func testNotANumberNamesFileLineAndColumn() {
        assertError("iteration,lr,loss\n0,0.1,2\n1,0.2,abc\n",
                    "runs/x/metrics.csv:3: 'abc' is not a number in column loss")
        assertError("lr,loss\n0.1,2\n\n\n0x1p3,2\n", "runs/x/metrics.csv:5: '0x1p3' is not a number in column lr")
        assertError("lr,loss\n,2\n", "runs/x/metrics.csv:2: an empty field is not a number in column lr")
    }

    func testLineNumbersCountLinesInsideQuotedFields() {
        assertError("lr,note,loss\n0.1,\"multi\nline\",1\n0.2,ok,bad\n",
                    "runs/x/metrics.csv:4: 'bad' is not a number in column loss")
    }

    func testMissingColumnsShowTheHeader() {
        assertError("iteration,learning_rate,loss\n0,0.1,2\n",
                    "runs/x/metrics.csv:1: no `lr` column: the header is iteration,learning_rate,loss")
        assertError("iteration,lr,acc\n0,0.1,2\n",
                    "runs/x/metrics.csv:1: no `loss` or `smooth_loss` column: the header is iteration,lr,acc")
    }

    func testMalformedFilesAreExplained() {
        assertError("", "runs/x/metrics.csv: the file is empty; expected a header with `lr` and `loss` columns")
        assertError("lr,loss\n0.1,2,3\n", "runs/x/metrics.csv:2: the row has 3 fields, the header has 2")
        assertError("lr,loss\n0.1,\"2\n", "runs/x/metrics.csv:2: a quoted field is never closed; add the closing \"")
        assertError("lr,loss\n0.1,\"2\"x\n", "runs/x/metrics.csv:2: text follows a closing quote; quote the whole field")
    }

    func testHeaderOnlyGivesAnEmptyCurve() throws {
        XCTAssertEqual(try parse("lr,loss\n").count, 0)
    }

    func testMissingFileNamesThePath() {
        XCTAssertThrowsError(try CurveCSVReader.read(path: "/nonexistent/metrics.csv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/metrics.csv: cannot read the file"), "\(error)")
        }
    }

    func testFixtureFilesRoundTripTheirFloat32Values() throws {
        let curve = try CurveCSVReader.read(path: FixtureFiles.path("typical.csv"))
        XCTAssertEqual(curve.count, 100)
        XCTAssertEqual(curve.lrs.first, 1e-7)
        XCTAssertEqual(curve.lrs.last, 10)
        XCTAssertNotNil(curve.rawLosses)
    }
}
