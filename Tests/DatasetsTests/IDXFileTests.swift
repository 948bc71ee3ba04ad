import Datasets
import XCTest

final class IDXFileTests: XCTestCase {
    let sample = IDXFile(dimensions: [3, 2, 4], values: (0..<24).map { UInt8($0 * 10) })

    func testRawRoundTripKeepsDimensionsAndValues() throws {
        let files = try TestFiles(self)
        let path = try files.writeRaw("images-idx3-ubyte", sample.encoded())
        XCTAssertEqual(Array(try files.contents(path).prefix(8)), [0, 0, 8, 3, 0, 0, 0, 3])
        let read = try IDXFile.read(path: path, expectedMagic: IDXFile.imagesMagic)
        XCTAssertEqual(read, sample)
        XCTAssertEqual(read.magic, IDXFile.imagesMagic)
    }

    func testGzipIsRecognisedByContentWhateverTheName() throws {
        let files = try TestFiles(self)
        let named = try files.writeGzip("labels.gz", IDXFile(dimensions: [5], values: [1, 2, 3, 4, 5]).encoded())
        let unnamed = try files.writeGzip("labels-without-extension", sample.encoded())
        XCTAssertEqual(Array(try files.contents(unnamed).prefix(2)), [0x1F, 0x8B])
        XCTAssertEqual(try IDXFile.read(path: named, expectedMagic: IDXFile.labelsMagic).values, [1, 2, 3, 4, 5])
        XCTAssertEqual(try IDXFile.read(path: unnamed), sample)
        let misnamed = try files.writeRaw("really-raw.gz", sample.encoded())
        XCTAssertEqual(try IDXFile.read(path: misnamed), sample)
    }

    func testLargeGzipFileGrowsTheBufferAndConcatenatedMembersAreRead() throws {
        let files = try TestFiles(self)
        // Highly compressible: the first guess of the output size (4x the input) is far too small.
        let big = IDXFile(dimensions: [500, 28, 28], values: [UInt8](repeating: 7, count: 500 * 784))
        let path = try files.writeGzip("big.gz", big.encoded())
        XCTAssertEqual(try IDXFile.read(path: path), big)

        let encoded = sample.encoded()
        let first = try files.contents(try files.writeGzip("a.gz", Array(encoded[..<10])))
        let second = try files.contents(try files.writeGzip("b.gz", Array(encoded[10...])))
        let joined = try files.writeRaw("joined.gz", first + second)
        XCTAssertEqual(try IDXFile.read(path: joined), sample)
    }

    func testBadMagicNamesFileExpectedMagicAndHint() throws {
        let files = try TestFiles(self)
        let labels = try files.writeRaw("labels-idx1-ubyte", IDXFile(dimensions: [2], values: [0, 1]).encoded())
        assertThrowsMessage(try IDXFile.read(path: labels, expectedMagic: IDXFile.imagesMagic, hint: "pass --data DIR"),
                            contains: [labels, "bad magic number 0x00000801", "expected 0x00000803", "pass --data DIR"])
        let text = try files.writeRaw("notes.txt", Array("hello, world".utf8))
        assertThrowsMessage(try IDXFile.read(path: text), contains: [text, "bad magic", "not an IDX file"])
        assertThrowsMessage(try IDXFile.read(path: text, expectedMagic: IDXFile.labelsMagic),
                            contains: [text, "0x68656c6c", "expected 0x00000801", "not an IDX file"])
        let gzLabels = try files.writeGzip("labels.gz", IDXFile(dimensions: [2], values: [0, 1]).encoded())
        assertThrowsMessage(try IDXFile.read(path: gzLabels, expectedMagic: IDXFile.imagesMagic),
                            contains: [gzLabels, "0x00000801", "the right kind of IDX file"])
    }

    func testUnsupportedDataTypeAndShortHeader() throws {
        let files = try TestFiles(self)
        let floats = try files.writeRaw("floats", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0])
        assertThrowsMessage(try IDXFile.read(path: floats), contains: [floats, "data type 0x0d", "0x08"])
        let short = try files.writeRaw("short", [0, 0, 8, 3, 0, 0, 0, 2])
        assertThrowsMessage(try IDXFile.read(path: short), contains: [short, "needs 16 bytes", "only 8"])
    }

    func testTruncatedPayloadSaysExpectedAndActualBytes() throws {
        let files = try TestFiles(self)
        let bytes = sample.encoded()
        let raw = try files.writeRaw("cut", Array(bytes.dropLast(5)))
        assertThrowsMessage(try IDXFile.read(path: raw, hint: "reinstall it"),
                            contains: [raw, "truncated", "24 data bytes", "only 19", "reinstall it"])
        let gz = try files.writeGzip("cut.gz", Array(bytes.dropLast(5)))
        assertThrowsMessage(try IDXFile.read(path: gz), contains: [gz, "24 data bytes", "only 19"])
    }

    /// Found by the idx fuzz target (Fuzz/Corpus/idx/regression-dimensions-overflow): dimensions whose
    /// product passes Int.max wrapped to a small count that the payload could match, and then the
    /// initializer's own product trapped.
    func testDimensionsWhoseProductOverflowsAreRefused() throws {
        let files = try TestFiles(self)
        let header: [UInt8] = [0, 0, 8, 4] + [0xFC, 0xFF, 0xFF, 0xFF] + [0xFF, 0xFF, 0xFF, 0x06] + [0, 0, 0, 0] + [0, 0, 0, 0]
        let path = try files.writeRaw("overflow", header)
        assertThrowsMessage(try IDXFile.read(path: path), contains: [path, "truncated", "\(Int.max) data bytes", "only 0"])
    }

    func testTrailingBytesAfterPayloadAreRejected() throws {
        let files = try TestFiles(self)
        let path = try files.writeRaw("long", sample.encoded() + [1, 2, 3])
        assertThrowsMessage(try IDXFile.read(path: path), contains: [path, "3 unexpected bytes"])
    }

    func testCorruptTruncatedAndPaddedGzipStreams() throws {
        let files = try TestFiles(self)
        let values: [UInt8] = (0..<(40 * 784)).map { (i: Int) -> UInt8 in UInt8((i * 31 + i / 97) % 251) }
        let big = IDXFile(dimensions: [40, 28, 28], values: values)
        let good = try files.contents(try files.writeGzip("good.gz", big.encoded()))
        XCTAssertGreaterThan(good.count, 200)

        var damaged = good
        for i in 40..<80 { damaged[i] ^= 0xFF }
        let corrupt = try files.writeRaw("corrupt.gz", damaged)
        assertThrowsMessage(try IDXFile.read(path: corrupt, hint: "get a new copy"),
                            contains: [corrupt, "corrupt gzip stream", "get a new copy"])

        let cut = try files.writeRaw("cut.gz", Array(good.prefix(good.count / 2)))
        assertThrowsMessage(try IDXFile.read(path: cut), contains: [cut, "gzip stream ends early"])

        let padded = try files.writeRaw("padded.gz", good + [0, 0, 0, 0, 0])
        assertThrowsMessage(try IDXFile.read(path: padded), contains: [padded, "5 bytes of garbage", "gzip"])
    }

    func testMissingFileAndDirectoryAreUnreadable() throws {
        let files = try TestFiles(self)
        let missing = files.path("nothing-here")
        assertThrowsMessage(try IDXFile.read(path: missing, hint: "pass --data DIR"),
                            contains: [missing, "no such file", "pass --data DIR"])
        assertThrowsMessage(try IDXFile.read(path: files.directory), contains: [files.directory, "is a directory"])
    }
}
