@testable import Datasets
import XCTest

/// The one-call libdeflate path against zlib's streaming inflate.
final class FileBytesTests: XCTestCase {
    func testOneCallInflateMatchesZlibAndLeavesOddStreamsToZlib() throws {
        let files = try TestFiles(self)
        let payload = TinyFashion.images(count: 40).encoded()
        let gz = try files.contents(files.writeGzip("a.gz", payload))
        XCTAssertEqual(FileBytes.gunzipInOneCall(gz), payload)
        XCTAssertEqual(try FileBytes.gunzipStreaming(gz, path: "a.gz", hint: ""), payload)
        XCTAssertEqual(try FileBytes.gunzip(gz, path: "a.gz", hint: ""), payload)

        // Two members, trailing garbage, a damaged byte or a cut stream: not for the fast path.
        let second = try files.contents(files.writeGzip("b.gz", [1, 2, 3]))
        XCTAssertNil(FileBytes.gunzipInOneCall(gz + second))
        XCTAssertEqual(try FileBytes.gunzip(gz + second, path: "ab.gz", hint: ""), payload + [1, 2, 3])
        XCTAssertNil(FileBytes.gunzipInOneCall(gz + [0, 0, 0, 0, 0]))
        var damaged = gz
        damaged[gz.count / 2] ^= 0x5A
        XCTAssertNil(FileBytes.gunzipInOneCall(damaged))
        XCTAssertNil(FileBytes.gunzipInOneCall(Array(gz.dropLast(9))))
        assertThrowsMessage(try FileBytes.gunzip(Array(gz.dropLast(9)), path: "cut.gz", hint: "h"), contains: ["cut.gz", "gzip"])
    }

    func testFashionMNISTImagesStayBytes() throws {
        let files = try TestFiles(self)
        try TinyFashion.install(in: files, trainCount: 12)
        let train = try FashionMNIST.load(directory: files.directory)
        XCTAssertTrue(train.storesBytes)
        if case .bytes(let pixels, _) = train.store.values {
            XCTAssertEqual(pixels, TinyFashion.images(count: 12).values)
        } else {
            XCTFail("Fashion-MNIST pixels should be held as bytes")
        }
    }
}
