import ArtifactSchema
import Foundation
@testable import Report
import XCTest

/// The run page's data and environment tables, read from run.json as written (members the
/// report does not model included).
final class RunDetailsTests: XCTestCase {
    static let runID = "lrfind-resnet-bs8-s0-be11a0"

    /// Rewrites `id`'s run.json through a JSON object, as another LRLab version or data source might write it.
    static func editRunJSON(_ fixture: SiteFixture, _ id: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = fixture.content.appendingPathComponent("runs/\(id)/run.json")
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
    }

    static func siteWithImageFolderRun() throws -> SiteFixture {
        let fixture = try SiteFixture.standard()
        try fixture.writer.writeRun(id: runID, model: "resnet", batchSize: 8)
        try editRunJSON(fixture, runID) { run in
            run["data"] = [
                "name": "pets", "source": "image-folder", "layout": "class-folders", "path": "/data/pets",
                "fileCount": 1203, "classes": ["cat", "dog", "<script>x</script>"], "trainCount": 962, "validationCount": 240,
                "exampleShape": [3, 32, 32], "resizeMethod": "squish",
                "normalization": ["mean": 0.286, "std": 0.353],
                "skippedFiles": ["/data/pets/cat/broken.png: truncated PNG"], "contentHash": "sha256:9f2c",
                // A newer source's members the report has never heard of.
                "csvFillCounts": ["age": 3, "weight": 1], "standardizedColumns": 4,
            ] as [String: Any]
            run["environment"] = [
                "blasLibrary": "OpenBLAS 0.3.21", "blasKernel": "Haswell",
                "blasConfig": "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64", "blasThreads": 1,
                "cpuModel": "AMD EPYC 7B13 & <friends>", "cpuFeatures": ["avx", "avx2", "fma"], "reproducible": true,
                "lrlabVersion": "0.2.0", "lrlabCommit": "fa3bbf9", "operatingSystem": "Debian GNU/Linux 12 (bookworm)",
                "numaNodes": 2,
            ] as [String: Any]
        }
        return fixture
    }

    /// The rows of the `<details class="settings CLASS">` table as (header, cell) pairs.
    static func rows(_ page: String, table: String) throws -> [(String, String)] {
        let start = try XCTUnwrap(page.range(of: "<details class=\"settings \(table)\""), "no \(table) table")
        let end = try XCTUnwrap(page.range(of: "</details>", range: start.upperBound..<page.endIndex))
        let html = String(page[start.upperBound..<end.lowerBound])
        let regex = try NSRegularExpression(pattern: #"<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>"#)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            (String(html[Range($0.range(at: 1), in: html)!]), String(html[Range($0.range(at: 2), in: html)!]))
        }
    }

    func testDataTableShowsKnownMembersReadablyAndUnknownOnesGenerically() throws {
        let fixture = try Self.siteWithImageFolderRun()
        try fixture.build()
        let rows = Dictionary(try Self.rows(try fixture.page("runs/\(Self.runID).html"), table: "run-data"), uniquingKeysWith: { $1 })
        XCTAssertEqual(rows["data set"], "pets")
        XCTAssertEqual(rows["source"], "image-folder")
        XCTAssertEqual(rows["classes"], "3: cat, dog, &lt;script&gt;x&lt;/script&gt;", "escaped")
        XCTAssertEqual(rows["training examples"], "962")
        XCTAssertEqual(rows["validation examples"], "240")
        XCTAssertEqual(rows["example shape"], "3 × 32 × 32 (3 channels, 32 × 32 pixels)")
        XCTAssertEqual(rows["resize method"], "squish")
        XCTAssertEqual(rows["normalization"], "mean 0.286, std 0.353, from the training split")
        XCTAssertEqual(rows["skipped bad files"], "1: /data/pets/cat/broken.png: truncated PNG")
        XCTAssertEqual(rows["content hash"], "sha256:9f2c")
        XCTAssertEqual(rows["csv fill counts"], "age 3, weight 1", "unknown members still show")
        XCTAssertEqual(rows["standardized columns"], "4")
    }

    func testEnvironmentTableIsEscapedAndOldRunsWithoutItStillRender() throws {
        let fixture = try Self.siteWithImageFolderRun()
        try fixture.build()
        let rows = try Self.rows(try fixture.page("runs/\(Self.runID).html"), table: "run-environment")
        XCTAssertEqual(rows.map(\.0), ["BLAS library", "BLAS kernel", "BLAS build", "BLAS threads", "CPU", "CPU features",
                                       "reproducible mode", "LRLab version", "LRLab commit", "operating system", "numa nodes"])
        let values = Dictionary(rows, uniquingKeysWith: { $1 })
        XCTAssertEqual(values["BLAS kernel"], "Haswell")
        XCTAssertEqual(values["CPU"], "AMD EPYC 7B13 &amp; &lt;friends&gt;")
        XCTAssertEqual(values["CPU features"], "avx avx2 fma")
        XCTAssertEqual(values["reproducible mode"], "on: BLAS kernel pinned, bit-identical across machines that support it")
        XCTAssertEqual(values["numa nodes"], "2")

        // The standard fixture's runs have no environment (and a data member without extras).
        let old = try fixture.page("runs/lrfind-cnn-bs64-s0-3fa2c1.html")
        XCTAssertFalse(old.contains("run-environment"))
        let data = Dictionary(try Self.rows(old, table: "run-data"), uniquingKeysWith: { $1 })
        XCTAssertEqual(data, ["data set": "fashion-mnist", "training examples": "54000", "validation examples": "6000"])
    }

    /// Statistics per channel (which run.json may hold soon) read from the JSON directly.
    func testPerChannelNormalization() {
        let json: JSONValue = ["data": ["name": "pets", "normalization": ["mean": [0.49, 0.48, 0.45], "std": [0.25, 0.24, 0.26]]]]
        let rows = Dictionary(RunDetailTables.dataRows(json).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        XCTAssertEqual(rows["normalization"], "mean [0.49, 0.48, 0.45], std [0.25, 0.24, 0.26] per channel, from the training split")
    }

    func testWordsOfAKey() {
        XCTAssertEqual(RunDetailTables.words("trainCount"), "train count")
        XCTAssertEqual(RunDetailTables.words("csvFillCount"), "csv fill count")
        XCTAssertEqual(RunDetailTables.words("BLASThreads"), "BLAS threads")
        XCTAssertEqual(RunDetailTables.words("fill_missing"), "fill missing")
    }
}
