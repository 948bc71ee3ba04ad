import Datasets
import TensorCore
import XCTest

/// `TableParser`: CSV as RFC 4180 writes it (and tab-separated files), the label rules, and an
/// error that names the file, line, data row and column for every kind of bad cell.
final class TableParserTests: XCTestCase {
    private func parse(_ text: String, file: String = "t.csv", options: TableParseOptions = TableParseOptions()) throws -> ParsedTable {
        try TableParser.parse(Array(text.utf8), fileName: file, options: options)
    }

    func testReadsFeaturesAndLabelsInFileOrder() throws {
        let table = try parse("x1,x2,label\n1,2,b\n-0.5, 3e2 ,a\n")
        XCTAssertEqual(table.featureNames, ["x1", "x2"])
        XCTAssertEqual(table.labelColumn, "label")
        XCTAssertEqual(table.values, [1, 2, -0.5, 300])
        XCTAssertEqual(table.classNames, ["a", "b"])
        XCTAssertEqual(table.labels, [1, 0])
        XCTAssertEqual(table.lines, [2, 3])
        XCTAssertEqual(table.missingCells, 0)
    }

    func testQuotedFieldsHoldDelimitersQuotesAndLineBreaks() throws {
        let text = "\"x, first\",\"y\",\"kind\"\r\n\"1.5\",2,\"big, \"\"round\"\"\"\r\n3,4,\"two\nlines\"\r\n5,6,plain\r\n"
        let table = try parse(text)
        XCTAssertEqual(table.featureNames, ["x, first", "y"])
        XCTAssertEqual(table.values, [1.5, 2, 3, 4, 5, 6])
        XCTAssertEqual(table.classNames, ["big, \"round\"", "plain", "two\nlines"])
        XCTAssertEqual(table.labels, [0, 2, 1])
        XCTAssertEqual(table.lines, [2, 3, 5], "the row after a field of two lines starts on line 5")
    }

    func testByteOrderMarkCRLFAndBlankLines() throws {
        let text = "\u{FEFF}a,b,c\r\n1,2,x\r\n\r\n3,4,y"
        let table = try parse(text)
        XCTAssertEqual(table.featureNames, ["a", "b"], "the byte order mark is not part of the first name")
        XCTAssertEqual(table.values, [1, 2, 3, 4])
        XCTAssertEqual(table.lines, [2, 4])
    }

    func testTabSeparatedByExtensionOrOption() throws {
        let text = "a\tb\tlabel\n1\t2\tz\n"
        XCTAssertEqual(try parse(text, file: "t.tsv").values, [1, 2])
        XCTAssertEqual(try parse(text, file: "t.txt", options: TableParseOptions(delimiter: UInt8(ascii: "\t"))).values, [1, 2])
        assertThrowsMessage(try parse(text, file: "t.csv"), contains: ["t.csv, line 1", "one column", "name it .tsv"])
    }

    func testWholeNumberLabelsSortNumericallyOthersByText() throws {
        let numbers = try parse("x,y\n0,10\n1,2\n2,-1\n3,2\n")
        XCTAssertEqual(numbers.classNames, ["-1", "2", "10"])
        XCTAssertEqual(numbers.labels, [2, 1, 0, 1])
        let words = try parse("x,y\n0,cat\n1,Dog\n2,10\n")
        XCTAssertEqual(words.classNames, ["10", "Dog", "cat"], "mixed labels sort as text")
    }

    func testTheLabelColumnCanBeNamed() throws {
        let table = try parse("species,length,width\nb,1,2\na,3,4\n", options: TableParseOptions(labelColumn: "species"))
        XCTAssertEqual(table.featureNames, ["length", "width"])
        XCTAssertEqual(table.values, [1, 2, 3, 4])
        XCTAssertEqual(table.labels, [1, 0])
        assertThrowsMessage(try parse("a,b\n1,2\n", options: TableParseOptions(labelColumn: "kind")),
                            contains: ["'kind'", "`DataRequest.options[\"labelColumn\"]`", "t.csv has no such column", "\"a\", \"b\""])
    }

    func testEveryBadCellIsNamedByLineRowAndColumn() {
        let header = "x1,x2,label\n1,2,a\n"
        let cases: [(String, [String])] = [
            (header + "3,abc,b\n", ["t.csv, line 3 (data row 2), column \"x2\"", "'abc' is not a number", "labelColumn"]),
            (header + "3,,b\n", ["line 3 (data row 2), column \"x2\"", "the cell is empty", "`DataRequest.options[\"fillMissing\"]`"]),
            (header + "NA,1,b\n", ["line 3 (data row 2), column \"x1\"", "'NA', a missing value", "fillMissing"]),
            (header + "nan,1,b\n", ["line 3 (data row 2), column \"x1\"", "'nan' is not a finite number"]),
            (header + "1,-Inf,b\n", ["column \"x2\"", "'-Inf' is not a finite number"]),
            (header + "1,1e39,b\n", ["column \"x2\"", "1e39 is outside the range of 32-bit floats"]),
            (header + "1,0x10,b\n", ["column \"x2\"", "'0x10' is not a number"]),
            (header + "1,2\n", ["line 3 (data row 2)", "the row has 2 fields but the header has 3 columns", "double quotes"]),
            (header + "1,2,\n", ["line 3 (data row 2), column \"label\"", "the row has no label"]),
            (header + "1,2,\"open\n", ["t.csv, line 3", "never closed"]),
            (header + "1,2,\"a\"b\n", ["t.csv, line 3", "goes on after its closing quote"]),
            ("1,2,3\n4,5,6\n", ["t.csv, line 1", "holds numbers, not column names", "add a header row"]),
            ("x,x,label\n1,2,a\n", ["line 1, column \"x\"", "columns 1 and 2 have the same name"]),
            ("x,,label\n1,2,a\n", ["line 1", "column 2 of the header has no name"]),
            ("x,label\n", ["t.csv: the file has a header but no data rows"]),
            ("", ["t.csv: the file holds no header and no rows"]),
        ]
        for (text, fragments) in cases {
            assertThrowsMessage(try parse(text), contains: fragments)
        }
    }

    func testMissingCellsAreKeptAsNaNWhenAccepted() throws {
        let table = try parse("a,b,c\n1,,x\n?,2,y\n3,4,x\n", options: TableParseOptions(acceptsMissing: true))
        XCTAssertEqual(table.missingCells, 2)
        XCTAssertTrue(table.values[1].isNaN)
        XCTAssertTrue(table.values[2].isNaN)
        XCTAssertEqual(table.values[4...], [3, 4])
        assertThrowsMessage(try parse("a,b,c\n1,nan,x\n", options: TableParseOptions(acceptsMissing: true)),
                            contains: ["'nan' is not a finite number"])
    }

    func testHostileBytesGiveErrorsNotCrashes() {
        let inputs: [[UInt8]] = [[0xFF, 0xFE, 0x00], [0x22], [0x22, 0x22, 0x22], Array("a,b\n\"".utf8), Array("a,b\r".utf8),
                                 Array("a,b\n1,\r\n".utf8), [0xEF, 0xBB, 0xBF], Array(repeating: 0x2C, count: 1000)]
        for bytes in inputs {
            XCTAssertThrowsError(try TableParser.parse(bytes, fileName: "h.csv"))
        }
    }
}
